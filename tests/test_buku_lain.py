"""The counter's other books (issue 15): letters made outside desa numbered in the same book
(`desa buku catat`), numbering per classification code (`nomor_surat: per_klasifikasi`), and the
buku agenda surat masuk (`desa surat-masuk`)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ajukan_siti, jalur_json, pakai_kantor, register_isi, salinan_diubah, siap_ajukan, snapshot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent


def _runner():
    from click.testing import CliRunner

    try:  # Click before 8.2 mixes stderr into output unless told not to
        return CliRunner(mix_stderr=False)
    except TypeError:
        return CliRunner()


def per_klasifikasi(kantor: Path) -> Path:
    with open(kantor / "kantor.yaml", "a", encoding="utf-8") as handle:
        handle.write("nomor_surat: per_klasifikasi\n")
    return kantor


def catat(run, kode="005", perihal="Undangan musyawarah desa", tujuan="Ketua BPD", *extra):
    result = run("buku", "catat", "--klasifikasi", kode, "--perihal", perihal, "--tujuan", tujuan, *extra, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def cetak(run, tmp_path) -> dict:
    result = run("cetak", ajukan_siti(run, tmp_path), "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def periksa_bersih(run):
    result = run("periksa")
    assert result.exit_code == 0, result.output
    assert "Register dan arsip utuh." in result.stdout


def buku(run, *args) -> list:
    result = run("buku", *args, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def one_line(result, code=1):
    assert result.exit_code == code, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Kesalahan: "), result.stderr
    assert "Traceback" not in result.output
    return lines[0]


# --- letters made outside desa, in the yearly sequence ---------------------------------------------


def test_hand_made_letters_share_the_yearly_sequence_with_printed_ones(run, kantor, tmp_path, monkeypatch):
    siap_ajukan(monkeypatch, kantor, tmp_path)
    first = catat(run)
    printed = cetak(run, tmp_path)
    second = catat(run, "470", "Surat dinas", "Camat Ponggok")
    assert first["nomor"] == "005/001/35.05.06.2006/2026"
    assert printed["nomor"].split("/")[1] == "002"
    assert second["nomor"] == "470/003/35.05.06.2006/2026"
    entries = buku(run)
    assert [e["urut"] for e in entries] == [1, 2, 3]
    assert entries[0]["asal"] == "luar" and entries[0]["tujuan"] == "Ketua BPD" and "noreg" not in entries[0]
    shown = run("buku")
    assert "Undangan musyawarah desa" in shown.stdout and "Ketua BPD" in shown.stdout
    text = run("buku", "catat", "--klasifikasi", "005", "--perihal", "Rapat", "--tujuan", "RT 01")
    assert text.exit_code == 0 and "Nomor surat: 005/004/35.05.06.2006/2026" in text.stdout
    periksa_bersih(run)


def test_the_book_export_carries_hand_made_letters(run, kantor, tmp_path, monkeypatch):
    from openpyxl import load_workbook

    pakai_kantor(monkeypatch, kantor)
    catat(run)
    out = tmp_path / "agenda.xlsx"
    assert run("buku", "--xlsx", str(out)).exit_code == 0
    sheet = load_workbook(out).active
    row = [cell.value for cell in sheet[4]]
    assert row[:6] == [1, "20 November 2026", "005/001/35.05.06.2006/2026", "20 November 2026", "Ketua BPD",
                       "Undangan musyawarah desa"]  # fmt: skip
    assert row[6] == "Dibuat di luar aplikasi"
    assert run("buku", "--docx", str(tmp_path / "agenda.docx")).exit_code == 0


def test_a_hand_made_number_cancelled_keeps_its_place(run, kantor, monkeypatch):
    pakai_kantor(monkeypatch, kantor)
    catat(run)
    catat(run)
    result = run("buku", "batal", "1", "--alasan", "Acara ditunda")
    assert result.exit_code == 0, result.stderr
    entries = buku(run)
    assert [e["status"] for e in entries] == ["batal", "terbit"]
    assert catat(run)["urut"] == 3  # never reused
    periksa_bersih(run)
    assert "sudah dibatalkan" in one_line(run("buku", "batal", "1", "--alasan", "lagi"))
    assert "tidak ada di buku" in one_line(run("buku", "batal", "9", "--alasan", "x"))


def test_a_printed_letter_is_not_cancelled_from_the_book(run, kantor, tmp_path, monkeypatch):
    siap_ajukan(monkeypatch, kantor, tmp_path)
    cetak(run, tmp_path)
    assert "desa batal 2026-00001" in one_line(run("buku", "batal", "1", "--alasan", "x"))


@pytest.mark.parametrize(
    "args, words",
    [
        (("--klasifikasi", "abc"), "Kode klasifikasi 'abc' tidak sah"),
        (("--klasifikasi", "005", "--tanggal", "2026-11-21"), "tidak boleh sesudah hari ini"),
        (("--klasifikasi", "005", "--tanggal", "2025-12-31"), "di luar tahun 2026"),
        (("--klasifikasi", "005", "--tanggal", "kemarin"), "bukan tanggal"),
        (("--klasifikasi", "005", "--perihal", " "), "wajib diisi"),
        (("--klasifikasi", "005", "--tujuan", "a\x07b"), "Tujuan"),
    ],
)
def test_invalid_hand_made_letters_are_refused_in_one_line_and_take_no_number(run, kantor, monkeypatch, args, words):
    pakai_kantor(monkeypatch, kantor)
    catat(run)
    before = snapshot(kantor / "data")
    base = {"--perihal": "Undangan", "--tujuan": "BPD"}
    given_args = list(args)
    for key, value in base.items():
        if key not in given_args:
            given_args += [key, value]
    assert words in one_line(run("buku", "catat", *given_args))
    assert snapshot(kantor / "data") == before


def test_a_date_before_the_last_letter_is_refused(run, kantor, monkeypatch):
    pakai_kantor(monkeypatch, kantor)
    catat(run)
    assert "sebelum surat terakhir" in one_line(run("buku", "catat", "--klasifikasi", "005", "--perihal", "P",
                                                    "--tujuan", "T", "--tanggal", "2026-11-19"))  # fmt: skip
    assert catat(run, "005", "P", "T", "--tanggal", "2026-11-20")["urut"] == 2


def test_periksa_finds_a_hand_made_book_entry_and_a_changed_one(run, kantor, monkeypatch):
    pakai_kantor(monkeypatch, kantor)
    catat(run)
    path = kantor / "data" / "surat-2026.json"
    book = json.loads(path.read_bytes())
    book["surat"]["1"]["tujuan"] = "Orang lain"
    book["surat"]["2"] = {**book["surat"]["1"], "urut": 2, "nomor": "005/002/35.05.06.2006/2026"}
    path.write_text(json.dumps(book), encoding="utf-8")
    result = run("periksa")
    assert result.exit_code == 1
    assert "Buku surat 2026 no. 1 (005/001/35.05.06.2006/2026) berbeda dari riwayatnya pada: tujuan." in result.stdout
    assert "Buku surat 2026 no. 2 (005/002/35.05.06.2006/2026) tidak punya peristiwa cetak atau catat." in (
        result.stdout
    )


# --- numbering per classification code -----------------------------------------------------------


def test_per_classification_sequences_are_independent_and_gapless(run, kantor, tmp_path, monkeypatch):
    siap_ajukan(monkeypatch, per_klasifikasi(kantor), tmp_path)
    numbers = [catat(run, kode)["nomor"] for kode in ("005", "470", "005")]
    printed = cetak(run, tmp_path)  # keterangan-domisili: classification 470 in the catalogue
    numbers += [printed["nomor"], catat(run, "470")["nomor"], catat(run, "005")["nomor"]]
    assert [n.split("/", 2)[:2] for n in numbers] == [["005", "001"], ["470", "001"], ["005", "002"],
                                                       ["470", "002"], ["470", "003"], ["005", "003"]]  # fmt: skip
    entries = buku(run)
    assert [e["urut"] for e in entries] == [1, 2, 3, 4, 5, 6]  # the book's own row numbers: one sequence
    assert entries[3]["nomor_kode"] == "2026/470/2" and entries[3]["noreg"] == "2026-00001"
    periksa_bersih(run)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kodes=st.lists(st.sampled_from(["005", "470", "474.1"]), min_size=1, max_size=6))
def test_any_order_of_codes_numbers_each_code_1_to_n(tmp_path_factory, monkeypatch, kodes):
    from conftest import buat_kantor

    from desa_cli.cli import cli

    office = per_klasifikasi(buat_kantor(tmp_path_factory.mktemp("k") / "kantor"))
    pakai_kantor(monkeypatch, office)
    runner = _runner()
    got: dict = {}
    for kode in kodes:
        result = runner.invoke(cli, ["buku", "catat", "--klasifikasi", kode, "--perihal", "P", "--tujuan", "T",
                                     "--json"])  # fmt: skip
        assert result.exit_code == 0, result.output
        got.setdefault(kode, []).append(json.loads(result.stdout)["urut_kode"])
    assert all(numbers == list(range(1, len(numbers) + 1)) for numbers in got.values())
    assert runner.invoke(cli, ["periksa"]).exit_code == 0


def test_switching_the_setting_mid_year_is_refused(run, kantor, monkeypatch):
    pakai_kantor(monkeypatch, kantor)
    catat(run)
    per_klasifikasi(kantor)
    before = snapshot(kantor / "data")
    line = one_line(run("buku", "catat", "--klasifikasi", "005", "--perihal", "P", "--tujuan", "T"))
    assert "sudah bernomor tahunan" in line and "tahun 2027" in line
    assert snapshot(kantor / "data") == before
    monkeypatch.setenv("DESA_WAKTU", "2027-01-04T09:00:00")  # a new year starts the new way
    assert catat(run, "005")["nomor"] == "005/001/35.05.06.2006/2027"
    assert catat(run, "470")["nomor"] == "470/001/35.05.06.2006/2027"
    periksa_bersih(run)


def test_per_classification_needs_the_code_in_the_format(run, kantor, monkeypatch):
    text = (kantor / "kantor.yaml").read_text(encoding="utf-8").replace("{kode}/", "")
    (kantor / "kantor.yaml").write_text(text, encoding="utf-8")
    pakai_kantor(monkeypatch, per_klasifikasi(kantor))
    assert "perlu {kode} di format_nomor" in one_line(
        run("buku", "catat", "--klasifikasi", "005", "--perihal", "P", "--tujuan", "T")
    )


def test_per_classification_refuses_a_catalogue_code_that_is_no_code(run, kantor, tmp_path, monkeypatch):
    from conftest import copy_bundled

    service = copy_bundled("keterangan-domisili", kantor / "katalog")
    text = service.read_text(encoding="utf-8").replace('kode_klasifikasi: "470"', 'kode_klasifikasi: "47/0"')
    service.write_text(text, encoding="utf-8")
    siap_ajukan(monkeypatch, per_klasifikasi(kantor), tmp_path)
    noreg = ajukan_siti(run, tmp_path)
    before = snapshot(kantor / "data")
    assert "Kode klasifikasi '47/0' tidak sah" in one_line(run("cetak", noreg))
    assert snapshot(kantor / "data") == before


def test_periksa_finds_a_gap_and_a_lowered_counter_per_code(run, kantor, monkeypatch):
    pakai_kantor(monkeypatch, per_klasifikasi(kantor))
    catat(run, "005")
    catat(run, "005")
    nomor_path = kantor / "data" / "nomor.json"
    nomor = json.loads(nomor_path.read_bytes())
    nomor["surat_kode"]["2026"]["005"] = 1
    nomor_path.write_text(json.dumps(nomor), encoding="utf-8")
    result = run("periksa")
    assert result.exit_code == 1
    assert "Penghitung nomor surat 2026 kode 005 di nomor.json = 1, padahal menurut riwayat 2" in result.stdout
    # The lowered counter never hands out 2 again: the book's number is passed over.
    assert catat(run, "005")["urut_kode"] == 3


def test_after_a_restore_no_per_code_number_is_issued_again(run, kantor, monkeypatch):
    pakai_kantor(monkeypatch, per_klasifikasi(kantor), waktu="2026-11-19T10:00:00")
    catat(run, "005")
    catat(run, "005")
    monkeypatch.setenv("DESA_WAKTU", "2026-11-20T10:00:00")  # the day's first change keeps a backup
    assert catat(run, "005")["urut_kode"] == 3
    result = run("pulihkan", "2026-11-20")
    assert result.exit_code == 0, result.output
    assert [e["urut_kode"] for e in buku(run)] == [1, 2]
    _, events, nomor = register_isi(kantor / "data")
    assert nomor["surat_kode"]["2026"]["005"] == 3
    assert events[-1]["data"]["nomor"]["surat_kode"] == {"2026": {"005": 3}}
    again = catat(run, "005")
    assert again["urut_kode"] == 4 and again["nomor"] == "005/004/35.05.06.2006/2026"
    periksa_bersih(run)


def test_several_clerks_at_once_never_share_a_number(kantor, tmp_path):
    per_klasifikasi(kantor)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DESA_KANTOR": str(kantor), "DESA_PETUGAS": "Sari",
           "DESA_WAKTU": "2026-11-20T10:00:00"}  # fmt: skip
    kodes = ["005", "470", "005", "005", "470", "005"]
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "desa_cli",
                "buku",
                "catat",
                "--klasifikasi",
                kode,
                "--perihal",
                f"P{i}",
                "--tujuan",
                "T",
                "--json",
            ],  # fmt: skip
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=tmp_path,
        )
        for i, kode in enumerate(kodes)
    ]
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err.decode()
        results.append(json.loads(out))
    assert sorted(r["urut"] for r in results) == list(range(1, 7))
    assert sorted(r["nomor_kode"] for r in results) == sorted(
        [f"2026/005/{n}" for n in range(1, 5)] + [f"2026/470/{n}" for n in range(1, 3)]
    )
    command = [sys.executable, "-m", "desa_cli", "periksa"]
    check = subprocess.run(command, env=env, capture_output=True, cwd=tmp_path, check=False)
    assert check.returncode == 0, check.stdout.decode()


# --- buku agenda surat masuk ------------------------------------------------------------------------


def masuk(run, *extra, **changes):
    values = {"--tanggal-terima": "2026-11-20", "--nomor": "005/123/35.05.06/2026", "--tanggal-surat": "2026-11-18",
              "--pengirim": "Kecamatan Ponggok", "--perihal": "Undangan rapat koordinasi", **changes}  # fmt: skip
    args = [part for key, value in values.items() if value is not None for part in (key, value)]
    return run("surat-masuk", "catat", *args, *extra)


def test_surat_masuk_catat_and_daftar(run, kantor, monkeypatch):
    pakai_kantor(monkeypatch, kantor)
    first = masuk(run, "--json", **{"--disposisi": "Sekretaris desa: hadiri"})
    assert first.exit_code == 0, first.stderr
    record = json.loads(first.stdout)
    assert record["nomor"] == "SM-2026-0001" and record["disposisi"] == "Sekretaris desa: hadiri"
    second = masuk(run, **{"--tanggal-terima": None, "--pengirim": "Dinas PMD"})
    assert second.exit_code == 0 and "Surat masuk SM-2026-0002 tercatat." in second.stdout
    listed = json.loads(run("surat-masuk", "daftar", "--json").stdout)
    assert [r["urut"] for r in listed] == [1, 2] and listed[1]["tanggal_terima"] == "2026-11-20"
    shown = run("surat-masuk", "daftar")
    assert "Kecamatan Ponggok" in shown.stdout and "Dinas PMD" in shown.stdout
    assert "masih kosong" in run("surat-masuk", "daftar", "--tahun", "2025").stdout
    periksa_bersih(run)
    riwayat = run("riwayat")
    assert "masuk_catat" in riwayat.stdout and "SM-2026-0001" in riwayat.stdout


def test_surat_masuk_xlsx_has_the_agenda_columns(run, kantor, monkeypatch, tmp_path):
    from openpyxl import load_workbook

    pakai_kantor(monkeypatch, kantor)
    assert masuk(run, **{"--disposisi": "Kasi Pemerintahan"}).exit_code == 0
    out = tmp_path / "masuk.xlsx"
    result = run("surat-masuk", "daftar", "--xlsx", str(out))
    assert result.exit_code == 0, result.stderr
    sheet = load_workbook(out).active
    assert sheet["A1"].value == "BUKU AGENDA SURAT MASUK DESA BACEM TAHUN 2026"
    assert [c.value for c in sheet[2]] == ["No. urut", "Tanggal penerimaan surat", "Nomor surat", "Tanggal surat",
                                           "Pengirim", "Isi singkat (perihal)", "Keterangan (disposisi)"]  # fmt: skip
    row = [c.value for c in sheet[4]]
    assert row == [1, "20 November 2026", "005/123/35.05.06/2026", "18 November 2026", "Kecamatan Ponggok",
                   "Undangan rapat koordinasi", "Kasi Pemerintahan"]  # fmt: skip


@pytest.mark.parametrize(
    "changes, words",
    [
        ({"--tanggal-terima": "2026-11-21"}, "sesudah hari ini"),
        ({"--tanggal-surat": "2026-11-21"}, "sesudah tanggal terimanya"),
        ({"--tanggal-surat": "18 Nov"}, "bukan tanggal"),
        ({"--pengirim": "  "}, "--pengirim wajib diisi"),
        ({"--perihal": "x" * 600}, "terlalu panjang"),
    ],
)
def test_invalid_surat_masuk_is_refused_in_one_line(run, kantor, monkeypatch, changes, words):
    pakai_kantor(monkeypatch, kantor)
    assert masuk(run).exit_code == 0
    before = snapshot(kantor / "data")
    assert words in one_line(masuk(run, **changes))
    assert snapshot(kantor / "data") == before


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pengirim=st.text(max_size=40), perihal=st.text(max_size=40))
def test_any_typed_text_is_stored_as_one_line_or_refused_in_one(tmp_path_factory, monkeypatch, pengirim, perihal):
    from conftest import buat_kantor

    from desa_cli.cli import cli

    office = buat_kantor(tmp_path_factory.mktemp("k") / "kantor")
    pakai_kantor(monkeypatch, office)
    args = ["surat-masuk", "catat", "--nomor", "1/2026", "--tanggal-surat", "2026-11-19", "--pengirim", pengirim,
            "--perihal", perihal, "--json"]  # fmt: skip
    result = _runner().invoke(cli, args)
    assert "Traceback" not in result.output
    if result.exit_code == 0:
        record = json.loads(result.stdout)
        assert record["pengirim"] == " ".join(pengirim.split()) and record["pengirim"]
        assert _runner().invoke(cli, ["periksa"]).exit_code == 0
    else:
        assert result.exit_code == 1
        assert len(result.stderr.strip().splitlines()) == 1


def test_periksa_finds_a_changed_and_a_hand_made_surat_masuk(run, kantor, monkeypatch):
    pakai_kantor(monkeypatch, kantor)
    assert masuk(run).exit_code == 0
    path = kantor / "data" / "masuk-2026.json"
    book = json.loads(path.read_bytes())
    book["masuk"]["1"]["disposisi"] = "Kepala desa"
    book["masuk"]["2"] = {**book["masuk"]["1"], "nomor": "SM-2026-0002", "urut": 2}
    path.write_text(json.dumps(book), encoding="utf-8")
    result = run("periksa")
    assert result.exit_code == 1
    assert "Surat masuk SM-2026-0001 berbeda dari riwayatnya pada: disposisi." in result.stdout
    assert "Surat masuk 2026 no. 2 di masuk-2026.json tidak punya catatan peristiwa." in result.stdout


def test_a_malformed_surat_masuk_book_is_a_finding(run, kantor, monkeypatch):
    pakai_kantor(monkeypatch, kantor)
    assert masuk(run).exit_code == 0
    (kantor / "data" / "masuk-2026.json").write_text('{"masuk": {"1": 5, "x": {}}}', encoding="utf-8")
    result = run("periksa")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "masuk-2026.json" in result.stdout


def test_after_a_restore_no_agenda_number_is_issued_again(run, kantor, monkeypatch):
    pakai_kantor(monkeypatch, kantor, waktu="2026-11-19T10:00:00")
    assert masuk(run, **{"--tanggal-terima": "2026-11-19"}).exit_code == 0
    monkeypatch.setenv("DESA_WAKTU", "2026-11-20T10:00:00")
    assert "SM-2026-0002" in masuk(run).stdout
    assert run("pulihkan", "2026-11-20").exit_code == 0
    assert [r["nomor"] for r in json.loads(run("surat-masuk", "daftar", "--json").stdout)] == ["SM-2026-0001"]
    assert "SM-2026-0003" in masuk(run).stdout
    periksa_bersih(run)


# --- mangled books are findings, never crashes ------------------------------------------------------


def test_mangled_other_books_never_crash_the_audit(run, kantor, tmp_path, tmp_path_factory, monkeypatch):

    from desa_cli import audit

    pakai_kantor(monkeypatch, per_klasifikasi(kantor), waktu="2026-11-19T10:00:00")
    catat(run, "005")
    assert masuk(run, **{"--tanggal-terima": "2026-11-19"}).exit_code == 0
    siap_ajukan(monkeypatch, kantor, tmp_path, waktu="2026-11-20T10:00:00")
    cetak(run, tmp_path)
    catat(run, "470")
    assert run("buku", "batal", "1", "--alasan", "ditunda").exit_code == 0
    assert run("pulihkan", "2026-11-20").exit_code == 0
    catat(run, "005")
    periksa_bersih(run)
    names = ("surat-2026.json", "masuk-2026.json", "nomor.json")
    files = [Path("data") / n for n in names] + sorted(
        p.relative_to(kantor) for p in (kantor / "data").glob("peristiwa-*.json")
    )
    targets = [(f, p) for f in files for p in jalur_json(json.loads((kantor / f).read_bytes()))]
    values = st.one_of(st.none(), st.booleans(), st.integers(-3, 2**40), st.text(max_size=12), st.just([]),
                       st.just({}), st.just("2026/005/x"), st.just("2026-13-99"))  # fmt: skip
    work = tmp_path_factory.mktemp("kerja")

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.lists(st.tuples(st.sampled_from(targets), st.sampled_from(["ganti", "hapus", "kunci"]), values),
                    min_size=1, max_size=3))  # fmt: skip
    def check(mutations):
        copy = salinan_diubah(kantor, work, mutations)
        hasil = audit.periksa(copy / "data", copy, kode_wilayah="35.05.06.2006")
        assert not any(audit.GAGAL in text for text in hasil.semua_kesalahan()), hasil.kesalahan

    check()
