"""Screen output in tampil.py only; one wording of a requirement; choices and statuses from the
core's own constants; each command group's help lists its own commands."""

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document
from rich.console import Console

from desa_cli import katalog, laporan, register, tampil

PERINTAH = Path(tampil.__file__).parent / "perintah"


def rendered(renderable) -> str:
    out = Console(width=200, color_system=None, file=io.StringIO())
    out.print(renderable)
    return out.file.getvalue()


def test_no_command_module_builds_a_table():
    for path in sorted(PERINTAH.glob("*.py")):
        source = path.read_text("utf-8")
        assert "Table(" not in source and "rich.table" not in source, path.name


def test_buku_table():
    entries = [
        {"urut": 1, "nomor": "470/001/2026", "tanggal": "2026-11-20", "layanan": "domisili", "nama": "Siti",
         "nik": "3505014708900001", "status": "terbit"},
        {"urut": 2, "nomor": "470/002/2026", "tanggal": "2026-11-21", "layanan": "skck", "nama": "Budi\x1b",
         "nik": "3505014708900002", "status": "batal"},
    ]  # fmt: skip
    table = tampil.buku(entries, 2026).untuk(200)
    assert table.title == "Buku surat keluar 2026"
    assert table.rows[1].style == "dim strike" and table.rows[0].style == ""
    text = rendered(table)
    assert "350501******0001" in text and "3505014708900001" not in text
    assert "20-11-2026" in text and "Budi\\x1b" in text and "\x1b" not in text


def test_riwayat_table():
    events = [
        {"urut": 7, "waktu": "2026-11-20T09:05:33", "petugas": "Sari", "aksi": "batal", "noreg": "2026-00002",
         "data": {"status": "batal", "alasan": "salah isi"}},
    ]  # fmt: skip
    text = rendered(tampil.riwayat(events))
    assert "Keterangan" in text and "2026-11-20 09:05" in text and "status batal; alasan: salah isi" in text


def _baris(layanan, kantor="", terlambat=0, rantai=""):
    row = dict.fromkeys((key for key, _ in laporan.KOLOM), 0)
    row.update(layanan=layanan, kantor=kantor, terlambat=terlambat, rantai=rantai, persen_tepat=50.0,
               median_hari_kerja=None)  # fmt: skip
    return row


def test_laporan_table_per_office_with_chain_heads():
    rows = [_baris("domisili", "Bacem", 1, "ujung a"), _baris("jumlah", "Bacem", rantai="ujung a"),
            _baris("sktm", "Sumber", rantai="ujung b")]  # fmt: skip
    table = tampil.laporan(rows, "Laporan Ponggok", per_kantor=True)
    assert [c.header for c in table.columns][:2] == ["Kantor", "Layanan"]
    assert table.caption.splitlines()[1:] == ["Bacem: ujung a", "Sumber: ujung b"]
    assert [r.style for r in table.rows] == ["red", "bold", ""]
    text = rendered(table)
    assert "Jumlah" in text and "50.0" in text and " - " in text
    assert [c.header for c in tampil.laporan(rows[:1], "x").columns][0] == "Layanan"


def test_aduan_table_marks_late_ones():
    record = {"nomor": "ADU-2026-0001", "diterima": "2026-11-20T09:00:00", "pelapor": "Pak Darmo", "isi": "Lama",
              "status": "baru", "batas_tanggapan": "2026-11-25", "batas_selesai": "2026-11-27"}  # fmt: skip
    table = tampil.aduan([{**record, "terlambat": ["tanggapan"]}, {**record, "terlambat": []}])
    assert [r.style for r in table.rows] == ["bold red", ""]
    text = rendered(table)
    assert "25-11-2026" in text and "tanggapan" in text and "Selesai s.d." in text


def test_hasil_survei_table():
    result = {"periode": "2026-11", "unsur": [{"label": "Persyaratan", "nrr": 3.25, "konversi": 81.25}]}
    table = tampil.hasil_survei(result, "Desa Bacem")
    assert table.title == "Indeks Kepuasan Masyarakat Desa Bacem, 2026-11"
    assert "Persyaratan" in rendered(table) and "3.250" in rendered(table) and "81.25" in rendered(table)


def test_requirement_text_is_one_wording():
    item = {"nama": "Pas foto", "jumlah": 4, "bentuk": "asli", "keterangan": "latar merah", "wajib": False}
    assert katalog.teks_persyaratan(item) == "Pas foto (4 lembar, asli); latar merah"
    assert katalog.teks_persyaratan({"nama": "KTP-el"}) == "KTP-el"
    screen = tampil._berkas(item)
    assert screen.plain == "(tidak wajib) Pas foto (4 lembar, asli); latar merah"
    # the name in plain type, what follows it dimmed
    dim = [screen.plain[s.start : s.end] for s in screen.spans if s.style == "dim"]
    assert dim == [" (4 lembar, asli); latar merah"]


def test_screen_and_printed_standard_word_requirements_alike(run, kantor, monkeypatch, tmp_path):
    monkeypatch.setenv("DESA_KANTOR", str(kantor))
    monkeypatch.setenv("DESA_WAKTU", "2026-11-23T09:00:00")
    monkeypatch.setenv("COLUMNS", "400")
    out = tmp_path / "standar.docx"
    assert run("standar", "--semua", "--docx", str(out)).exit_code == 0
    printed = [p.text for p in Document(str(out)).paragraphs]
    services = [s for s in katalog.load([katalog.bundled_folder()]).semua() if s.tingkat != "kecamatan"]
    optional = 0
    for service in services:
        screen = run("syarat", service.kode).stdout
        lines = [line for line in screen.splitlines() if re.match(r" *\d+\. ", line)]
        for item in service.data["persyaratan"]:
            wording = katalog.teks_persyaratan(item)
            if item["wajib"]:
                # After the number, the code `--ada` takes, then the wording.
                assert any(line.endswith(f" {wording}") and line.split()[1] == item["kode"] for line in lines), wording
                assert any(p.endswith(f") {wording}") or p == wording for p in printed), wording
            else:
                optional += 1
                assert any(
                    line.endswith(f" (tidak wajib) {wording}") and line.split()[1] == item["kode"] for line in lines
                ), wording
                assert any(p.endswith(f"{wording} [tidak wajib]") for p in printed), wording
    assert optional  # the bundled catalogue has optional requirements with sheets, form and a note


def _python(code: str) -> None:
    result = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_init_tingkat_choices_come_from_the_one_list_of_levels():
    # A level added in katalog.py (the one list, kantor.py uses it too) reaches `desa init --tingkat`
    # without writing the list again.
    _python(
        "from desa_cli import katalog\n"
        "katalog.TINGKAT = (*katalog.TINGKAT, 'kota')\n"
        "from desa_cli.perintah.pengelolaan import init_cmd\n"
        "[param] = [p for p in init_cmd.params if p.name == 'tingkat']\n"
        "assert list(param.type.choices) == ['desa', 'kelurahan', 'kecamatan', 'kota'], param.type.choices\n"
    )


def test_report_statuses_are_the_registers():
    assert laporan.STATUS == tuple(register.LABEL_STATUS)
    # A status added to the register is accepted in an export row without a second list to update.
    _python(
        "from desa_cli import register\n"
        "register.LABEL_STATUS['diarsipkan'] = 'diarsipkan'\n"
        "from desa_cli import laporan\n"
        "assert laporan.STATUS[-1] == 'diarsipkan', laporan.STATUS\n"
    )


@pytest.mark.parametrize(
    "group, commands",
    [("aduan", ["catat", "tanggapi", "selesai", "daftar"]), ("survei", ["isi", "hasil"]), ("katalog", ["periksa"])],
)
def test_group_help_lists_its_own_commands(run, group, commands):
    result = run(group, "--help")
    assert result.exit_code == 0
    text = result.stdout
    for heading, _ in tampil_headings():
        assert f"{heading}:" not in text, heading  # the top level's headings stay there
    assert "Perintah lain:" not in text
    section = text.split("\nPerintah:\n", 1)[1]
    listed = [line.split()[0] for line in section.splitlines() if line.startswith("  ") and line.split()]
    assert listed == commands  # in the order of the work, not alphabetical


def test_top_level_help_keeps_its_headings(run):
    text = run("--help").stdout
    for heading, _ in tampil_headings():
        assert f"\n{heading}:\n" in text
    assert "\nPerintah:\n" not in text


def tampil_headings():
    from desa_cli.perintah._bersama import KELOMPOK

    return KELOMPOK
