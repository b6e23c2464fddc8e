"""What `desa periksa` proves (issue 9): every stored fact checked against the event chain,
malformed files as findings, and outside witnesses that catch an insider who recomputes the hashes."""

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import SITI, buat_kantor, jalur_json, salinan_diubah
from test_audit import tiga_permohonan

from desa_cli import audit
from desa_cli.register import GENESIS, hash_peristiwa
from desa_cli.saksi import baca_saksi, baca_ujung

NOMOR_SURAT = "470/001/35.05.06.2006/2026"
JAWABAN = ["--persyaratan", "3", "--prosedur", "3", "--waktu", "2", "--biaya", "4", "--produk", "3",
           "--kompetensi", "3", "--perilaku", "3", "--pengaduan", "2", "--sarana", "3"]  # fmt: skip


def isi_kantor(run, monkeypatch, tmp_path, kantor) -> Path:
    """Three applications (one printed, one completed later, one withdrawn), a complaint closed,
    a survey answer: 9 events."""
    tiga_permohonan(run, monkeypatch, tmp_path, kantor)
    assert run("aduan", "catat", "--nama", "Pak Darmo", "--isi", "Antrean lama").exit_code == 0
    assert run("aduan", "selesai", "ADU-2026-0001", "--isi", "Loket kedua dibuka",
               "--alasan", "Diselesaikan langsung di loket").exit_code == 0  # fmt: skip
    assert run("survei", "isi", "--layanan", "domisili", *JAWABAN).exit_code == 0
    return kantor


@pytest.fixture
def office(kantor, monkeypatch, tmp_path, run):
    return isi_kantor(run, monkeypatch, tmp_path, kantor)


def edit(path: Path, change) -> None:
    data = json.loads(path.read_bytes())
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")


def events_of(data: Path) -> list:
    found = []
    for path in sorted(data.glob("peristiwa-*.json")):
        found.extend(json.loads(path.read_bytes())["peristiwa"].values())
    return sorted(found, key=lambda e: e["urut"])


def rechain(data: Path) -> None:
    """What an insider with file access can do: recompute every hash and the head after an edit."""
    before = GENESIS
    files = {p: json.loads(p.read_bytes()) for p in data.glob("peristiwa-*.json")}
    everything = sorted(
        ((e["urut"], p, k) for p, d in files.items() for k, e in d["peristiwa"].items()), key=lambda t: t[0]
    )
    for _, path, key in everything:
        event = files[path]["peristiwa"][key]
        event["sebelum"] = before
        event["hash"] = hash_peristiwa(event)
        before = event["hash"]
    for path, content in files.items():
        path.write_text(json.dumps(content), encoding="utf-8")
    last = files[everything[-1][1]]["peristiwa"][everything[-1][2]]
    edit(data / "nomor.json", lambda n: n.update(rantai={**n["rantai"], "urut": last["urut"], "hash": last["hash"]}))


def periksa(run, *args):
    result = run("periksa", *args)
    assert "Kesalahan tak terduga" not in result.output + result.stderr
    return result


def assert_found(result, fault: str) -> None:
    assert result.exit_code == 1, result.output
    assert fault in result.output, result.output
    assert "Register dan arsip utuh" not in result.output


def test_clean_register_passes_and_shows_the_chain_head(run, office):
    result = periksa(run)
    assert result.exit_code == 0, result.output
    assert "Register dan arsip utuh." in result.output
    head = events_of(office / "data")[-1]
    assert f"Rantai 35.05.06.2006: 9 peristiwa, ujung {head['hash'][:16]}" in result.output
    assert all(e.get("wilayah") == "35.05.06.2006" for e in events_of(office / "data"))


# --- "It misses today": each passed as "Register dan arsip utuh" on the old code ---------------


def book(change):
    return lambda d: edit(d / "surat-2026.json", lambda b: change(b["surat"]["1"]))


MISSES = [
    ("the letter book deleted",
     lambda d: (d / "surat-2026.json").unlink(),
     "Buku surat 2026 (surat-2026.json) hilang, padahal 1 surat tercatat dicetak."),
    ("a name in the book", book(lambda e: e.update(nama="Orang Lain")), "berbeda dari riwayatnya pada: nama."),
    ("a NIK in the book", book(lambda e: e.update(nik="3505010101900002")), "berbeda dari riwayatnya pada: nik."),
    ("a code in the book", book(lambda e: e.update(kode_verifikasi="AAAAA-BBBBB")),
     "berbeda dari riwayatnya pada: kode_verifikasi."),
    ("a genuine letter marked cancelled", book(lambda e: e.update(status="batal")),
     "berbeda dari riwayatnya pada: status."),
    ("a lowered letter counter",
     lambda d: edit(d / "nomor.json", lambda n: n["surat"].update({"2026": 0})),
     "Penghitung nomor surat 2026 di nomor.json = 0, padahal nomor 1 sudah dikeluarkan"),
    ("a complaint deleted",
     lambda d: edit(d / "aduan-2026.json", lambda a: a["aduan"].pop("1")),
     "Aduan ADU-2026-0001 tercatat, tetapi tidak ada di aduan-2026.json (dihapus?)."),
    ("a complaint reopened",
     lambda d: edit(d / "aduan-2026.json", lambda a: a["aduan"]["1"].update(status="baru", selesai_pada=None)),
     "Aduan ADU-2026-0001 berbeda dari riwayatnya pada: selesai_pada, status."),
    ("survey answers raised to 4",
     lambda d: edit(d / "survei-2026.json", lambda s: s["responden"]["1"]["jawaban"].update(waktu=4, pengaduan=4)),
     "Jawaban survei SKM-2026-00001 berbeda dari riwayatnya pada: jawaban."),
    ("the survey file deleted",
     lambda d: (d / "survei-2026.json").unlink(),
     "Berkas survei-2026.json hilang, padahal 1 catatan survei tercatat."),
    ("the applicant index edited",
     lambda d: edit(d / "pemohon" / "01.json", lambda p: p["3505014708900001"].update(alamat="Jl. Lain")),
     "Indeks pemohon 01.json: NIK 350501******0001 berbeda dari pengajuannya: alamat."),
]  # fmt: skip


@pytest.mark.parametrize("what,tamper,fault", MISSES, ids=[m[0] for m in MISSES])
def test_what_the_old_audit_missed_is_caught(run, office, what, tamper, fault):
    tamper(office / "data")
    assert_found(periksa(run), fault)


def test_a_letter_changed_with_its_sha256_in_the_book(run, office):
    entry = json.loads((office / "data" / "surat-2026.json").read_bytes())["surat"]["1"]
    letter = office / entry["berkas"]
    letter.write_bytes(letter.read_bytes() + b"\0")
    from desa_cli.surat import sha256_berkas

    edit(office / "data" / "surat-2026.json", lambda b: b["surat"]["1"].update(sha256=sha256_berkas(letter)))
    assert_found(periksa(run), f"Buku surat 2026 no. 1 ({NOMOR_SURAT}) berbeda dari riwayatnya pada: sha256.")


def test_a_lowered_letter_counter_is_found_and_never_reissues_a_number(run, office):
    edit(office / "data" / "nomor.json", lambda n: n["surat"].update({"2026": 0}))
    assert_found(periksa(run), "Penghitung nomor surat 2026 di nomor.json = 0, padahal nomor 1 sudah dikeluarkan")
    book_before = json.loads((office / "data" / "surat-2026.json").read_bytes())["surat"]["1"]
    printed = run("cetak", "2026-00002", "--json")
    assert printed.exit_code == 0, printed.stderr
    assert json.loads(printed.stdout)["nomor"].split("/")[1] == "002"  # entry no. 1 is never taken again
    assert json.loads((office / "data" / "surat-2026.json").read_bytes())["surat"]["1"] == book_before


def test_the_last_event_dropped_with_the_chain_head(run, office, tmp_path, monkeypatch):
    """An application taken last, then removed with its event, its index entry and the chain head:
    the counter still shows the number was issued."""
    data = tmp_path / "isian.yaml"
    data.write_text(yaml.safe_dump({**SITI, "nik": "3505014708900023"}), encoding="utf-8")
    assert run("ajukan", "domisili", "--data", str(data), "--ada", "semua").exit_code == 0
    d = office / "data"
    dropped = events_of(d)[-1]
    assert dropped["aksi"] == "ajukan" and dropped["noreg"] == "2026-00004"
    edit(d / "peristiwa-2026-11.json", lambda x: x["peristiwa"].pop(str(dropped["urut"])))
    edit(d / "permohonan-2026-11.json", lambda x: x["permohonan"].pop("4"))
    edit(d / "nomor.json", lambda n: n["terbuka"].pop("2026-00004", None))
    (d / "pemohon" / "23.json").unlink()
    head = events_of(d)[-1]
    edit(d / "nomor.json", lambda n: n.update(rantai={**n["rantai"], "urut": head["urut"], "hash": head["hash"]}))
    assert_found(
        periksa(run),
        "Penghitung nomor registrasi 2026 di nomor.json = 4, tetapi riwayat hanya mengeluarkan sampai nomor 3",
    )


def test_the_last_event_dropped_everywhere_is_caught_by_the_daily_backup(run, office, monkeypatch):
    """Events of one day, a change the next day (the backup keeps the first day's head), then the first
    day's last event removed with everything it touched and the counters put back."""
    monkeypatch.setenv("DESA_WAKTU", "2026-11-24T08:00:00")
    assert run("serahkan", "2026-00001").exit_code == 0
    d = office / "data"
    assert (d / "cadangan" / "2026-11-24" / "nomor.json").is_file()
    for path in sorted(d.glob("peristiwa-*.json")):  # drop the survey answer (event 9), shift the next down
        edit(path, lambda x: x["peristiwa"].pop("9", None))
    (d / "survei-2026.json").unlink()
    edit(d / "peristiwa-2026-11.json", lambda x: x["peristiwa"]["10"].update(urut=9))
    rechain(d)
    result = periksa(run)
    assert_found(result, "Riwayat hingga peristiwa no. 9 berbeda dari cadangan 2026-11-24: ada yang diubah.")


def test_another_offices_register_copied_in(run, office, tmp_path, monkeypatch):
    other = buat_kantor(tmp_path / "kantor-sidorejo", desa="Sidorejo", kode_wilayah="35.05.06.2012")
    isi_kantor(run, monkeypatch, tmp_path, other)
    for folder in ("data", "arsip"):
        shutil.rmtree(office / folder)
        shutil.copytree(other / folder, office / folder)
    monkeypatch.setenv("DESA_KANTOR", str(office))
    result = periksa(run)
    assert_found(result, "9 peristiwa (no. 1 sampai 9) milik kode wilayah 35.05.06.2012, bukan kantor ini")


def test_a_letter_dated_before_its_application_and_lihat_shows_the_later_events(run, kantor, monkeypatch, tmp_path):
    monkeypatch.setenv("DESA_KANTOR", str(kantor))
    monkeypatch.setenv("DESA_WAKTU", "2026-11-23T09:00:00")
    data = tmp_path / "isian.yaml"
    data.write_text(yaml.safe_dump(SITI), encoding="utf-8")
    assert run("ajukan", "domisili", "--data", str(data), "--ada", "semua").exit_code == 0
    monkeypatch.setenv("DESA_WAKTU", "2026-10-05T10:00:00")  # the clock set back
    assert run("cetak", "2026-00001").exit_code == 0
    result = periksa(run)
    assert_found(result, "bertanggal 2026-10-05, sebelum permohonannya diterima (2026-11-23)")
    assert "tercatat lebih awal daripada peristiwa no. 1 (2026-11-23T09:00:00): jam komputer dimundurkan?" in (
        result.output
    )
    shown = json.loads(run("lihat", "2026-00001", "--json").stdout)
    assert [e["aksi"] for e in shown["riwayat"]] == ["ajukan", "cetak"]
    assert [e["aksi"] for e in json.loads(run("riwayat", "2026-00001", "--json").stdout)] == ["ajukan", "cetak"]
    assert [e["aksi"] for e in json.loads(run("riwayat", "--jumlah", "1", "--json").stdout)] == ["cetak"]


# --- malformed files are findings ---------------------------------------------------------------


def events_file(change):
    return lambda d: edit(d / "peristiwa-2026-11.json", lambda x: change(x["peristiwa"]))


MALFORMED = [
    ("an event without urut", events_file(lambda p: p["3"].pop("urut")),
     "Berkas peristiwa-2026-11.json: peristiwa 3 tanpa nomor urut yang sah (tidak ada)."),
    ("urut as a string", events_file(lambda p: p["3"].update(urut="3")),
     "Berkas peristiwa-2026-11.json: peristiwa 3 tanpa nomor urut yang sah ('3')."),
    ("an event that is a list", events_file(lambda p: p.update({"3": [1, 2]})),
     "Berkas peristiwa-2026-11.json: catatan 3 bukan catatan (isinya daftar)."),
    ("a non-numeric book key",
     lambda d: edit(d / "surat-2026.json", lambda b: b["surat"].update(satu=b["surat"].pop("1"))),
     "Berkas surat-2026.json: kunci 'satu' bukan nomor urut surat."),
    ("a letter without tanggal",
     lambda d: edit(d / "permohonan-2026-11.json", lambda x: x["permohonan"]["1"]["surat"].pop("tanggal")),
     "Permohonan 2026-00001: data surat tanpa nomor urut atau tanggal yang sah."),
    ("the event table a list", lambda d: edit(d / "peristiwa-2026-11.json", lambda x: x.update(peristiwa=[])),
     "Berkas peristiwa-2026-11.json: bagian 'peristiwa' bukan tabel (isinya daftar)."),
    ("a counter as text", lambda d: edit(d / "nomor.json", lambda n: n["noreg"].update({"2026": "3"})),
     "Berkas nomor.json: penghitung nomor registrasi 2026 bukan angka ('3')."),
]  # fmt: skip


@pytest.mark.parametrize("what,tamper,fault", MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_files_are_findings_not_crashes(run, office, what, tamper, fault):
    tamper(office / "data")
    result = periksa(run)
    assert_found(result, fault)
    assert audit.GAGAL not in result.output


# --- restores, old registers ---------------------------------------------------------------------


def append_event(data: Path, aksi: str, noreg: str, payload: dict, wilayah=None) -> None:
    last = events_of(data)[-1]
    event = {"urut": last["urut"] + 1, "waktu": "2026-11-23T09:00:00", "petugas": "Sari", "aksi": aksi,
             "noreg": noreg, "data": payload, "sebelum": last["hash"]}  # fmt: skip
    if wilayah:
        event["wilayah"] = wilayah
    event["hash"] = hash_peristiwa(event)
    edit(data / "peristiwa-2026-11.json", lambda x: x["peristiwa"].update({str(event["urut"]): event}))
    edit(data / "nomor.json", lambda n: n.update(rantai={**n["rantai"], "urut": event["urut"], "hash": event["hash"]}))


def test_a_recorded_restore_raises_the_counters_and_skips_numbers(run, office):
    d = office / "data"
    floors = {"noreg": {"2026": 10}, "surat": {"2026": 5}, "aduan": {"2026": 3}}
    append_event(d, "pulihkan", "-", {"cadangan": None, "disisihkan": "rusak-x", "nomor": floors})
    result = periksa(run)  # counters not raised yet: lower than the floors
    assert_found(result, "Penghitung nomor surat 2026 di nomor.json = 1, padahal nomor 5 sudah dikeluarkan")
    edit(d / "nomor.json", lambda n: n.update(noreg={"2026": 10}, surat={"2026": 5}, aduan={"2026": 3}))
    assert periksa(run).exit_code == 0
    assert run("cetak", "2026-00002").exit_code == 0  # letter no. 6; 2..5 skipped by the restore
    assert "/006/" in json.loads((d / "surat-2026.json").read_bytes())["surat"]["6"]["nomor"]
    result = periksa(run)
    assert result.exit_code == 0, result.output


def test_an_old_register_without_wilayah_still_audits_clean(run, office):
    d = office / "data"
    for path in d.glob("peristiwa-*.json"):
        edit(path, lambda x: [e.pop("wilayah") for e in x["peristiwa"].values()])
    rechain(d)
    assert periksa(run).exit_code == 0
    assert run("serahkan", "2026-00001").exit_code == 0  # the new version writes the field from here on
    assert events_of(d)[-1]["wilayah"] == "35.05.06.2006"
    assert periksa(run).exit_code == 0


def test_an_event_without_wilayah_after_events_with_it(run, office):
    append_event(office / "data", "peringatan_antrean", "2026-00002", {})
    assert_found(periksa(run), "1 peristiwa (no. 10 sampai 10) tanpa kode wilayah")


# --- outside witnesses ---------------------------------------------------------------------------


def forge_history(data: Path) -> None:
    """Application 3's withdrawal reason changed in its event (no. 6) and its record, every hash recomputed."""
    edit(data / "peristiwa-2026-11.json", lambda x: x["peristiwa"]["6"]["data"].update(alasan="Lain"))
    edit(data / "permohonan-2026-11.json", lambda x: x["permohonan"]["3"].update(alasan="Lain"))
    rechain(data)


def test_an_export_is_a_witness_an_insider_cannot_forge(run, office, tmp_path):
    export = tmp_path / "november.csv"
    assert run("ekspor", "--bulan", "2026-11", "--keluar", str(export)).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(export.read_bytes().decode("utf-8-sig"))))
    head = events_of(office / "data")[-1]
    assert {r["rantai"] for r in rows} == {f"Rantai 35.05.06.2006: 9 peristiwa, ujung {head['hash']}"}
    clean = periksa(run, "--saksi", str(export))
    assert clean.exit_code == 0 and "✓ Riwayat sama dengan yang dicatat saksi" in clean.output
    forge_history(office / "data")
    assert periksa(run).exit_code == 0  # the honest limit: a recomputed chain checks clean on its own
    result = periksa(run, "--saksi", str(export))
    assert_found(result, "Riwayat hingga peristiwa no. 9 diubah: berbeda dari saksi november.csv.")


def test_a_jsonl_export_witnesses_a_dropped_last_event(run, office, tmp_path):
    export = tmp_path / "november.jsonl"
    assert run("ekspor", "--tahun", "2026", "--format", "jsonl", "--keluar", str(export)).exit_code == 0
    d = office / "data"
    edit(d / "peristiwa-2026-11.json", lambda x: x["peristiwa"].pop("9"))
    (d / "survei-2026.json").unlink()
    rechain(d)
    assert_found(periksa(run, "--saksi", str(export)), "mencatat 9 peristiwa, register hanya 8")


def test_a_witness_file_names_where_history_changed(run, office, tmp_path, monkeypatch):
    monkeypatch.setattr(audit, "TITIK_SAKSI", 2)
    saksi = tmp_path / "saksi.txt"
    written = periksa(run, "--saksi-tulis", str(saksi))
    assert written.exit_code == 0 and f"Saksi ditulis: {saksi}" in written.output
    text = saksi.read_text(encoding="utf-8")
    assert [n for _, n, _ in baca_ujung(text)] == [2, 4, 6, 8, 9]
    forge_history(office / "data")
    result = periksa(run, "--saksi", str(saksi))
    assert_found(result, "Riwayat di antara peristiwa no. 5 dan no. 6 berbeda dari saksi saksi.txt")


def test_a_witness_of_another_office_is_refused(run, office, tmp_path):
    other = tmp_path / "lain.csv"
    other.write_text("kode_wilayah,rantai\n35.05.06.2012,Rantai 35.05.06.2012: 3 peristiwa, ujung 0123abcd\n")
    result = run("periksa", "--saksi", str(other))
    assert result.exit_code == 1 and "tidak memuat ujung rantai kantor ini (35.05.06.2006)" in result.stderr


def test_reports_and_documents_carry_the_head_and_gabung_keeps_each_villages(run, office, tmp_path, monkeypatch):
    head = events_of(office / "data")[-1]["hash"]
    short = f"Rantai 35.05.06.2006: 9 peristiwa, ujung {head[:16]}"
    shown = run("laporan", "--csv", str(tmp_path / "l.csv"))
    assert short in shown.output
    assert [r["rantai"] for r in json.loads(run("laporan", "--json").stdout)][-1] == short
    rows = list(csv.DictReader(io.StringIO((tmp_path / "l.csv").read_bytes().decode("utf-8-sig"))))
    assert rows[-1]["rantai"] == short
    assert run("survei", "hasil", "--docx", str(tmp_path / "skm.docx")).exit_code == 0
    assert run("standar", "domisili", "--docx", str(tmp_path / "standar.docx")).exit_code == 0
    for witness in ("l.csv", "skm.docx", "standar.docx"):
        assert baca_saksi(tmp_path / witness, "35.05.06.2006") == [(witness, 9, head[:16])]
    assert periksa(run, "--saksi", str(tmp_path / "skm.docx")).exit_code == 0
    bacem = tmp_path / "bacem.csv"
    assert run("ekspor", "--bulan", "2026-11", "--keluar", str(bacem)).exit_code == 0
    kecamatan = buat_kantor(tmp_path / "ponggok", tingkat="kecamatan", kode_wilayah="35.05.06", desa=None)
    monkeypatch.setenv("DESA_KANTOR", str(kecamatan))
    out = tmp_path / "gabung.csv"
    assert run("gabung", str(bacem), "--csv", str(out)).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    assert {r["kantor"]: r["rantai"] for r in rows if r["kantor"] != "Jumlah"} == {
        "Desa Bacem": f"Rantai 35.05.06.2006: 9 peristiwa, ujung {head}"
    }
    monkeypatch.setenv("DESA_KANTOR", str(office))
    assert periksa(run, "--saksi", str(out)).exit_code == 0  # the kecamatan's copy is a witness too


def test_periksa_help_is_honest_about_the_insider(run):
    text = " ".join(run("periksa", "--help").output.split())
    assert "tidak ada yang diubah diam-diam" not in text
    assert "orang dalam" in text and "--saksi" in text


# --- the audit never crashes ---------------------------------------------------------------------


_BUILT: dict = {}


def _built(run, monkeypatch, tmp_path_factory) -> Path:
    if "kantor" not in _BUILT:
        folder = buat_kantor(tmp_path_factory.mktemp("fuzz") / "kantor")
        isi_kantor(run, monkeypatch, tmp_path_factory.mktemp("isian"), folder)
        _BUILT["kantor"] = folder
    return _BUILT["kantor"]


def test_mangled_register_json_never_crashes_the_audit(run, monkeypatch, tmp_path_factory):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    source = _built(run, monkeypatch, tmp_path_factory)
    files = sorted(p.relative_to(source) for p in (source / "data").rglob("*.json") if "cadangan" not in p.parts)
    targets = [(f, p) for f in files for p in jalur_json(json.loads((source / f).read_bytes()))]
    values = st.one_of(
        st.none(), st.booleans(), st.integers(-3, 2**62), st.floats(allow_nan=False), st.text(max_size=20),
        st.just([]), st.just({}), st.just([1, "a"]), st.just("2026-13-99"), st.just("../../x"),
    )  # fmt: skip
    work = tmp_path_factory.mktemp("kerja")

    @settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.lists(st.tuples(st.sampled_from(targets), st.sampled_from(["ganti", "hapus", "kunci"]), values),
                    min_size=1, max_size=3))  # fmt: skip
    def check(mutations):
        copy = salinan_diubah(source, work, mutations)
        hasil = audit.periksa(copy / "data", copy, kode_wilayah="35.05.06.2006")
        assert not any(audit.GAGAL in text for text in hasil.semua_kesalahan()), hasil.kesalahan

    check()


def test_a_clock_corrected_by_a_minute_is_no_finding(run, office, monkeypatch):
    monkeypatch.setenv("DESA_WAKTU", "2026-11-23T08:59:00")  # time sync stepped the clock back
    assert run("serahkan", "2026-00001").exit_code == 0
    assert periksa(run).exit_code == 0
    monkeypatch.setenv("DESA_WAKTU", "2026-11-23T07:00:00")
    assert run("aduan", "catat", "--nama", "X", "--isi", "Y").exit_code == 0
    assert_found(periksa(run), "tercatat lebih awal daripada peristiwa no. 10 (2026-11-23T08:59:00)")


def test_an_archive_path_outside_the_office_is_a_finding_and_not_read(run, office):
    edit(office / "data" / "surat-2026.json", lambda b: b["surat"]["1"].update(berkas="../../../dev/zero"))
    assert_found(periksa(run), f"Surat {NOMOR_SURAT} (2026-00001): berkas ../../../dev/zero di luar folder kantor.")
