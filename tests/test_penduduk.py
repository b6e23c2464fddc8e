"""`desa penduduk impor`: OpenSID's workbook and the SIAK export, as .xlsx, .xls and .csv, messy
as real files are; all or nothing; re-import keeps who left; private; in the chain; audited."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import penduduk_contoh as contoh
import pytest
from conftest import buat_kantor, pakai_kantor, register_isi, snapshot
from hypothesis import given, settings
from hypothesis import strategies as st

from desa_cli import penduduk_baca

ORANG = contoh.penduduk(60)


def harapan(people=ORANG) -> list:
    return [contoh.tanpa_kode(o) for o in people]


def opensid_xlsx(path: Path, people=ORANG, judul="DATA PENDUDUK DESA BACEM", rows=None) -> Path:
    contoh.tulis_xlsx(path, contoh.OPENSID_KOLOM, rows or [contoh.baris_opensid(o) for o in people], judul=judul)
    return path


def siak_xlsx(path: Path, people=ORANG) -> Path:
    rows = []
    for orang in people:
        row = contoh.baris_siak(orang)
        row[contoh.SIAK_KOLOM.index("Alamat")] = f"DSN {orang['dusun'].upper()}"
        rows.append(row)
    contoh.tulis_xlsx(path, contoh.SIAK_KOLOM, rows, lembar="Sheet1")
    return path


@pytest.fixture
def kantor(tmp_path, monkeypatch):
    folder = buat_kantor(tmp_path / "kantor")
    pakai_kantor(monkeypatch, folder)
    return folder


def penduduk_json(run, *args):
    result = run("penduduk", *args, "--json")
    assert result.exit_code == 0, result.output + result.stderr
    return json.loads(result.stdout)


# --- the two formats ------------------------------------------------------------------------------


def test_opensid_workbook_with_a_title_row_is_read_whole(tmp_path):
    bacaan = penduduk_baca.baca(opensid_xlsx(tmp_path / "opensid.xlsx"))
    assert bacaan.format == "opensid"
    assert bacaan.ditolak == [] and bacaan.baris == len(ORANG)
    assert bacaan.penduduk == harapan()


def test_siak_export_names_in_capitals_dusun_from_the_address(tmp_path):
    bacaan = penduduk_baca.baca(siak_xlsx(tmp_path / "siak.xlsx"))
    assert bacaan.format == "siak" and bacaan.ditolak == []
    first, expected = bacaan.penduduk[0], ORANG[0]
    assert first["nama"] == expected["nama"].upper() and first["tempat_lahir"] == "BLITAR"
    assert first["dusun"] == expected["dusun"].upper() and first["alamat"] == f"DSN {expected['dusun'].upper()}"
    for key in ("nik", "no_kk", "tanggal_lahir", "jenis_kelamin", "agama", "status_perkawinan", "pekerjaan",
                "pendidikan", "hubungan", "kk_level", "rt", "rw", "status_dasar"):  # fmt: skip
        assert [o[key] for o in bacaan.penduduk] == [o[key] for o in ORANG], key
    assert {o["kewarganegaraan"] for o in bacaan.penduduk} == {"WNI"}
    assert {o["desa"] for o in bacaan.penduduk} == {"BACEM"}
    children = [o for o in bacaan.penduduk if o["kk_level"] == 4]
    assert children and all(o["nik_ayah"] and o["nik_ibu"] for o in children)


@pytest.mark.parametrize("delimiter, encoding", [(";", "utf-8-sig"), (",", "utf-8"), ("\t", "cp1252")])
def test_csv_as_excel_saves_it(tmp_path, delimiter, encoding):
    path = tmp_path / "penduduk.csv"
    contoh.tulis_csv(path, contoh.OPENSID_KOLOM, [contoh.baris_opensid(o) for o in ORANG], delimiter, encoding)
    bacaan = penduduk_baca.baca(path)
    assert bacaan.ditolak == [] and bacaan.penduduk == harapan()


def test_siak_as_csv(tmp_path):
    path = tmp_path / "siak.csv"
    contoh.tulis_csv(path, contoh.SIAK_KOLOM, [contoh.baris_siak(o) for o in ORANG], ",")
    bacaan = penduduk_baca.baca(path)
    assert bacaan.format == "siak" and bacaan.ditolak == []
    assert [o["tanggal_lahir"] for o in bacaan.penduduk] == [o["tanggal_lahir"] for o in ORANG]


def _soffice():
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(not _soffice() and not os.environ.get("DESA_UJI_TERPASANG"), reason="LibreOffice not installed")
@pytest.mark.parametrize("maker", [opensid_xlsx, siak_xlsx])
def test_xls_made_by_libreoffice(tmp_path, maker):
    """.xls (Excel 97-2003, what SIAK gives): written by LibreOffice from the .xlsx, read back the same."""
    source = maker(tmp_path / "sumber.xlsx")
    done = subprocess.run(
        [_soffice(), "--headless", f"-env:UserInstallation=file://{tmp_path / 'lo'}", "--convert-to", "xls",
         "--outdir", str(tmp_path / "xls"), str(source)],
        capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    xls = tmp_path / "xls" / "sumber.xls"
    assert xls.is_file(), done.stderr
    from_xls, from_xlsx = penduduk_baca.baca(xls), penduduk_baca.baca(source)
    assert from_xls.ditolak == [] and from_xls.format == from_xlsx.format
    assert from_xls.penduduk == from_xlsx.penduduk


# --- messy values ---------------------------------------------------------------------------------


def _row(orang, **cells):
    row = contoh.baris_opensid(orang)
    for name, value in cells.items():
        row[contoh.OPENSID_KOLOM.index(name)] = value
    return row


def test_messy_rows_each_refused_with_its_row_number_and_reason(tmp_path):
    """Title row (1), blank (2), header (3): data starts at row 4 as Excel numbers it."""
    a, b, c, d, e, f, g, h = ORANG[:8]
    rows = [
        _row(a, tanggallahir=(dt.date.fromisoformat(a["tanggal_lahir"]) - dt.date(1899, 12, 30)).days),  # 4: serial
        _row(b, tanggallahir=dt.date.fromisoformat(b["tanggal_lahir"]).strftime("%d-%m-%Y")),  # 5: DD-MM-YYYY
        _row(c, tanggallahir=c["tanggal_lahir"], nik=int(c["nik"])),  # 6: YYYY-MM-DD, NIK a number
        _row(d, nik="3.50506E+15"),  # 7: the digits are gone
        [""] * 43,  # 8: blank
        _row(e, nik=a["nik"]),  # 9: the NIK of row 4 again
        _row(f, tanggallahir="31-02-1990"),  # 10: no such day
        _row(g, agama_id=9),  # 11: no such code
        _row(h, nama="Sri \u202eharem"),  # 12: a bidi override that reorders what the clerk reads
        _row(ORANG[8], sex="PEREMPUAN" if ORANG[8]["jenis_kelamin"] == "P" else "LAKI-LAKI", agama_id="ISLAM"),
        _row(ORANG[9], nik=float(ORANG[9]["nik"])),  # 14: a float that still holds every digit
        _row(ORANG[10], nik=9601014708900001.0),  # 15: a Papua NIK as a float: the last digit is not sure
    ]
    bacaan = penduduk_baca.baca(opensid_xlsx(tmp_path / "kacau.xlsx", judul="DATA PENDUDUK", rows=rows))
    refused = dict(bacaan.ditolak)
    assert sorted(refused) == [7, 9, 10, 11, 12, 15]
    assert "3.50506E+15" in refused[7] and "Teks" in refused[7]
    assert "baris 4" in refused[9]
    assert "31-02-1990" in refused[10] and "Tanggal lahir" in refused[10]
    assert "Agama '9' tidak dikenal" in refused[11]
    assert "U+202E" in refused[12]
    assert "tidak pasti" in refused[15]
    assert bacaan.kosong == 1 and bacaan.baris == 11
    assert [o["nik"] for o in bacaan.penduduk] == [o["nik"] for o in (a, b, c, ORANG[8], ORANG[9])]
    assert [o["tanggal_lahir"] for o in bacaan.penduduk[:3]] == [o["tanggal_lahir"] for o in (a, b, c)]
    assert bacaan.penduduk[3]["jenis_kelamin"] == ORANG[8]["jenis_kelamin"] and bacaan.penduduk[3]["agama"] == "Islam"


DATES = st.dates(min_value=dt.date(1901, 3, 1), max_value=dt.date(2026, 12, 1))


@settings(max_examples=200, deadline=None)
@given(DATES, st.sampled_from(["date", "datetime", "serial", "serial_teks", "dmy", "dmy_slash", "ymd", "ymd_jam"]))
def test_every_way_a_date_is_written_reads_as_that_day(day, way):
    value = {
        "date": day,
        "datetime": dt.datetime.combine(day, dt.time()),
        "serial": float((day - dt.date(1899, 12, 30)).days),
        "serial_teks": str((day - dt.date(1899, 12, 30)).days),
        "dmy": day.strftime("%d-%m-%Y"),
        "dmy_slash": f"{day.day}/{day.month}/{day.year}",
        "ymd": day.isoformat(),
        "ymd_jam": f"{day.isoformat()} 00:00:00",
    }[way]
    assert penduduk_baca.tanggal(value, "Tanggal lahir") == day.isoformat()


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=1100000000000000, max_value=9007199254740991))
def test_a_nik_as_text_as_an_int_or_as_an_exact_float_is_the_same_digits(number):
    text = str(number)
    assert penduduk_baca.nomor_16(text, "NIK") == text
    assert penduduk_baca.nomor_16(number, "NIK") == text
    assert penduduk_baca.nomor_16(float(number), "NIK") == text
    assert penduduk_baca.nomor_16(f"'{text}", "NIK") == text


def test_opensids_end_mark_ends_the_data(tmp_path):
    rows = [contoh.baris_opensid(o) for o in ORANG[:5]]
    rows.append(["", "###"] + [""] * 41)
    rows.append(["Catatan: data per 1 November", "", "", "", "bukan penduduk"] + [""] * 38)
    bacaan = penduduk_baca.baca(opensid_xlsx(tmp_path / "akhir.xlsx", rows=rows))
    assert bacaan.ditolak == [] and len(bacaan.penduduk) == 5


def test_leading_zeros_lost_to_a_number_are_restored_then_checked():
    assert penduduk_baca.nomor_16(12345, "No. KK") == "0000000000012345"
    with pytest.raises(penduduk_baca.BarisSalah):
        penduduk_baca.penduduk_dari_baris({"nik": 12345, "nama": "Budi"})


# --- the command: all or nothing ------------------------------------------------------------------


def test_import_then_look_up_by_nik_name_and_family(run, kantor, tmp_path):
    result = run("penduduk", "impor", str(opensid_xlsx(tmp_path / "opensid.xlsx")))
    assert result.exit_code == 0, result.output + result.stderr
    assert "Data penduduk diimpor" in result.output and f"{len(ORANG)} penduduk" in result.output
    head = ORANG[0]
    seen = penduduk_json(run, "lihat", head["nik"])
    assert {k: seen[k] for k in contoh.tanpa_kode(head)} == contoh.tanpa_kode(head)
    family = [o["nik"] for o in ORANG if o["no_kk"] == head["no_kk"]]
    assert [o["nik"] for o in seen["keluarga"]] == family
    assert [o["nik"] for o in penduduk_json(run, "keluarga", head["no_kk"])["anggota"]] == family
    found = penduduk_json(run, "cari", head["nama"].split()[0].lower())
    assert head["nik"] in [o["nik"] for o in found["penduduk"]]
    assert all(head["nama"].split()[0].lower() in o["nama"].lower() for o in found["penduduk"])
    assert penduduk_json(run, "cari", head["nik"][:10])["jumlah"] >= 1
    shown = run("penduduk", "lihat", head["nik"])
    assert head["nama"] in shown.output and "Kepala Keluarga" in shown.output
    assert run("penduduk", "lihat", "3505060000000000").exit_code == 1
    summary = penduduk_json(run)
    assert summary["penduduk"] == len(ORANG) and summary["berkas"] == "opensid.xlsx"


def test_one_refused_row_and_nothing_is_imported(run, kantor, tmp_path):
    rows = [contoh.baris_opensid(o) for o in ORANG]
    rows[5][contoh.OPENSID_KOLOM.index("nik")] = "3.50506E+15"
    path = opensid_xlsx(tmp_path / "salah.xlsx", rows=rows)
    result = run("penduduk", "impor", str(path))
    assert result.exit_code == 1
    assert "Ditolak: baris 9:" in result.stderr  # title, blank, header, then data from row 4
    assert "Impor dibatalkan: 1 dari 60 baris" in result.stderr and "--lewati-salah" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (kantor / "data" / "penduduk").exists()
    tried = run("penduduk", "impor", str(path), "--coba")
    assert tried.exit_code == 0 and "59 bisa diimpor, 1 ditolak" in tried.output
    assert not (kantor / "data" / "penduduk").exists()
    as_json = run("penduduk", "impor", str(path), "--json")
    assert as_json.exit_code == 1 and json.loads(as_json.stdout)["ditolak_baris"][0]["baris"] == 9
    skipped = run("penduduk", "impor", str(path), "--lewati-salah")
    assert skipped.exit_code == 0, skipped.stderr
    assert "Dilewati: baris 9:" in skipped.stderr
    assert penduduk_json(run)["penduduk"] == 59 and penduduk_json(run)["ditolak"] == 1


@pytest.mark.parametrize(
    "name, content, words",
    [
        ("kosong.xlsx", b"", "tidak dapat dibaca"),
        ("rusak.xlsx", b"PK\x03\x04 bukan zip", "tidak dapat dibaca"),
        ("lain.csv", b"nama;umur\nBudi;40\n", "bukan data penduduk"),
        ("data.txt", b"nik,nama\n", "bukan .xlsx, .xls atau .csv"),
    ],
)
def test_a_file_that_is_not_population_data_is_one_line(run, kantor, tmp_path, name, content, words):
    path = tmp_path / name
    path.write_bytes(content)
    result = run("penduduk", "impor", str(path))
    assert result.exit_code == 1 and words in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert run("penduduk", "impor", str(tmp_path / "tidak-ada.xlsx")).exit_code == 1


def test_a_workbook_that_unpacks_to_gigabytes_is_refused_before_it_is_read(run, kantor, tmp_path):
    import zipfile

    path = tmp_path / "bom.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as packed:
        packed.writestr("xl/worksheets/sheet1.xml", b"0" * (600 * 1024 * 1024))
    assert path.stat().st_size < 2 * 1024 * 1024
    result = run("penduduk", "impor", str(path))
    assert result.exit_code == 1 and "terlalu besar bila dibuka (600 MB)" in result.stderr


def test_reimport_replaces_and_keeps_who_is_gone_as_moved_or_dead(run, kantor, tmp_path):
    first = opensid_xlsx(tmp_path / "lama.xlsx")
    assert run("penduduk", "impor", str(first)).exit_code == 0
    gone, changed = ORANG[3], dict(ORANG[4], pekerjaan="Wiraswasta", _kode={"pekerjaan": 88, "pendidikan": 3})
    newcomer = dict(ORANG[0], nik=contoh.nik(dt.date(2026, 11, 1), False, 9001), nama="Bayi Baru", kk_level=4)
    people = [o for o in ORANG if o is not gone and o is not ORANG[4]] + [changed, newcomer]
    second = opensid_xlsx(tmp_path / "baru.xlsx", people)
    result = run("penduduk", "impor", str(second), "--json")
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert (summary["baru"], summary["diperbarui"], summary["tidak_ada"]) == (1, len(ORANG) - 1, 1)
    assert summary["penduduk"] == len(ORANG) + 1
    kept = penduduk_json(run, "lihat", gone["nik"])
    assert kept["status_dasar"] == "Pindah/Mati" and kept["tidak_ada_sejak"] == "2026-11-20"
    assert kept["nama"] == gone["nama"]
    assert penduduk_json(run, "lihat", changed["nik"])["pekerjaan"] != ORANG[4]["pekerjaan"]
    assert penduduk_json(run, "lihat", newcomer["nik"])["nama"] == "Bayi Baru"
    _, events, _ = register_isi(kantor / "data")
    imports = [e for e in events if e["aksi"] == "impor_penduduk"]
    assert [e["data"]["berkas"] for e in imports] == ["lama.xlsx", "baru.xlsx"]
    assert imports[-1]["data"]["sha256"] == hashlib.sha256(second.read_bytes()).hexdigest()
    assert imports[-1]["data"]["baris"] == len(people)
    assert run("periksa").exit_code == 0


def test_periksa_finds_a_resident_changed_by_hand(run, kantor, tmp_path):
    assert run("penduduk", "impor", str(opensid_xlsx(tmp_path / "p.xlsx"))).exit_code == 0
    assert run("periksa").exit_code == 0
    shard = kantor / "data" / "penduduk" / f"{ORANG[0]['nik'][-2:]}.json"
    data = json.loads(shard.read_bytes())
    data[ORANG[0]["nik"]]["nama"] = "Orang Lain"
    shard.write_bytes(json.dumps(data).encode())
    audit = run("periksa")
    assert audit.exit_code == 1 and "Data penduduk berbeda" in audit.output + audit.stderr
    shard.unlink()
    audit = run("periksa")
    assert audit.exit_code == 1 and f"{shard.name} dari impor" in audit.output + audit.stderr


def test_data_without_an_import_in_the_chain_is_a_finding(run, kantor):
    (kantor / "data" / "penduduk").mkdir(parents=True)
    (kantor / "data" / "penduduk" / "01.json").write_text("{}")
    audit = run("periksa")
    assert audit.exit_code == 1 and "tidak mencatat impornya" in audit.output + audit.stderr


# --- private --------------------------------------------------------------------------------------


@pytest.mark.skipif(os.name == "nt", reason="POSIX modes")
def test_population_files_are_the_owners_only(run, kantor, tmp_path):
    assert run("penduduk", "impor", str(opensid_xlsx(tmp_path / "p.xlsx"))).exit_code == 0
    folder = kantor / "data" / "penduduk"
    assert folder.stat().st_mode & 0o777 == 0o700
    assert {p.stat().st_mode & 0o777 for p in folder.iterdir()} == {0o600}


def test_the_penduduk_folder_is_made_private_on_windows_too(run, kantor, tmp_path, monkeypatch):
    from desa_cli import kantor as kantor_mod

    made = []
    monkeypatch.setattr(kantor_mod, "jadikan_pribadi", lambda folder: made.append(folder) or None)
    assert run("penduduk", "impor", str(opensid_xlsx(tmp_path / "p.xlsx"))).exit_code == 0
    assert made == [kantor / "data" / "penduduk"]


def test_import_refused_where_other_accounts_can_read(run, kantor, tmp_path, monkeypatch):
    from desa_cli import kantor as kantor_mod

    monkeypatch.setattr(kantor_mod, "status_pribadi", lambda folder: {"pribadi": False, "terbuka": {"data": ["Users"]}})
    before = snapshot(kantor / "data")
    result = run("penduduk", "impor", str(opensid_xlsx(tmp_path / "p.xlsx")))
    assert result.exit_code == 1 and "desa kantor --pribadikan" in result.stderr
    assert snapshot(kantor / "data") == before


def test_ekspor_never_carries_the_population(run, kantor, tmp_path):
    assert run("penduduk", "impor", str(opensid_xlsx(tmp_path / "p.xlsx"))).exit_code == 0
    orang = ORANG[1]
    taken = run("ajukan", "domisili", "--nik", orang["nik"], "--isi", "keperluan=Melamar kerja", "--ada", "semua")
    assert taken.exit_code == 0, taken.stderr
    out = tmp_path / "ekspor.jsonl"
    exported = run("ekspor", "--tahun", "2026", "--format", "jsonl", "--nik-lengkap", "--keluar", str(out))
    assert exported.exit_code == 0, exported.stderr
    text = out.read_text(encoding="utf-8-sig")
    others = [o for o in ORANG if o["nik"] != orang["nik"]]
    assert orang["nama"] in text
    assert not any(o["nama"] in text or o["nik"] in text for o in others if o["nama"] != orang["nama"])
    assert orang["no_kk"] not in text


def test_an_import_cut_at_any_file_operation_leaves_the_old_data_or_the_new(run, tmp_path):
    """DESA_UJI_MATI=N ends the process at its Nth file operation, as a power cut would. Cut
    points double until the import runs to its end, then a few between the last two: after each
    cut the next command sees the data as before (the first import) or as after (the second),
    and `periksa` is clean."""
    import random
    import sys

    template = buat_kantor(tmp_path / "template")
    first, second = opensid_xlsx(tmp_path / "a.xlsx", ORANG[:40]), opensid_xlsx(tmp_path / "b.xlsx", ORANG[20:])
    env = {**os.environ, "DESA_KANTOR": str(template), "DESA_PETUGAS": "uji", "DESA_WAKTU": "2026-11-20T09:00:00",
           "PYTHONPATH": str(Path(__file__).resolve().parents[1])}  # fmt: skip
    cmd = [sys.executable, "-m", "desa_cli", "penduduk", "impor"]
    assert subprocess.run([*cmd, str(first)], env=env, capture_output=True, check=False).returncode == 0

    def niks(kantor):
        found = {}
        for path in (kantor / "data" / "penduduk").glob("[0-9][0-9].json"):
            found.update(json.loads(path.read_bytes()))
        return {nik for nik, o in found.items() if o["status_dasar"] == "Hidup"}

    before, after = {o["nik"] for o in ORANG[:40]}, {o["nik"] for o in ORANG[20:]}
    points, n, done = [], 1, None
    while done is None and n < 100_000:
        points.append(n)
        n *= 2
        done = _cut_import(template, tmp_path, cmd, second, env, points[-1], before, after, niks)
    assert done is not None, "the import never ran to its end"
    points += random.Random(4).sample(range(points[-2] + 1, points[-1]), min(6, points[-1] - points[-2] - 1))
    for point in points[-6:]:
        _cut_import(template, tmp_path, cmd, second, env, point, before, after, niks)
    assert len(points) >= 6


def _cut_import(template, tmp_path, cmd, berkas, env, point, before, after, niks):
    """One import cut at file operation `point`; True when it ran to its end, else None."""
    kantor = tmp_path / f"k{point}"
    shutil.copytree(template, kantor, symlinks=True)
    cut_env = {**env, "DESA_KANTOR": str(kantor), "DESA_UJI_MATI": str(point)}
    proc = subprocess.run([*cmd, str(berkas)], env=cut_env, capture_output=True, text=True, check=False)
    assert proc.returncode in (0, 137), proc.stderr
    next_env = {**env, "DESA_KANTOR": str(kantor), "DESA_WAKTU": "2026-11-20T10:00:00"}
    audit = subprocess.run([*cmd[:3], "periksa"], env=next_env, capture_output=True, text=True, check=False)
    assert audit.returncode == 0, (point, audit.stdout + audit.stderr)
    state = niks(kantor)
    assert state in (before, after), point
    if proc.returncode == 0:
        assert state == after
    shutil.rmtree(kantor)
    return True if proc.returncode == 0 else None
