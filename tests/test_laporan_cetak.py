"""Reports people print: the spreadsheet of `desa laporan` and `desa gabung` on one landscape
page wide with its heading and total, the kecamatan's title, numbers written the Indonesian way."""

import datetime as dt
import json

import pytest
from conftest import buat_kantor
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook
from test_laporan import build

from desa_cli import laporan
from desa_cli.angka import angka


@pytest.fixture
def report(run, monkeypatch, tmp_path, kantor):
    build(run, monkeypatch, tmp_path, kantor)
    return kantor


def tabel(sheet, first: str) -> tuple:
    """(the header row's number, its labels) of the table whose first column is headed `first`."""
    top = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(row=r, column=1).value == first)
    return top, [c.value for c in sheet[top]]


def kecamatan_gabung(run, tmp_path, monkeypatch, *args):
    bacem = tmp_path / "bacem.csv"
    assert run("ekspor", "--bulan", "2026-11", "--keluar", str(bacem)).exit_code == 0
    office = tmp_path / "ponggok"
    if not office.exists():
        buat_kantor(office, tingkat="kecamatan", kode_wilayah="35.05.06", desa=None)
    monkeypatch.setenv("DESA_KANTOR", str(office))
    return run("gabung", str(bacem), *args)


def test_gabung_at_a_kecamatan_is_titled_with_it_and_says_jumlah_once(run, report, tmp_path, monkeypatch):
    xlsx = tmp_path / "g.xlsx"
    result = kecamatan_gabung(run, tmp_path, monkeypatch, "--xlsx", str(xlsx))
    assert result.exit_code == 0, result.output
    assert "Laporan pelayanan desa/kelurahan di Kecamatan Ponggok, November 2026" in result.output
    assert "Desa Bacem" not in result.output.splitlines()[0]
    total = next(line for line in result.output.splitlines() if "Jumlah" in line)
    assert total.count("Jumlah") == 1
    assert sum(line.count("Jumlah") for line in result.output.splitlines()) == 1
    sheet = load_workbook(xlsx).active
    assert sheet["A1"].value.startswith("Laporan pelayanan desa/kelurahan di Kecamatan Ponggok")
    assert sheet["A2"].value == "Kantor: Kecamatan Ponggok, Kabupaten Blitar"
    cells = [c.value for row in sheet.iter_rows() for c in row]
    assert cells.count("Jumlah") == 1 and "jumlah" not in cells
    monkeypatch.setenv("DESA_KANTOR", str(report))
    rows = json.loads(kecamatan_gabung(run, tmp_path, monkeypatch, "--json").stdout)
    assert rows[-1]["kantor"] == "Jumlah"  # scripts keep the total's key


@pytest.mark.parametrize("command", ["laporan", "gabung"])
def test_xlsx_prints_one_landscape_page_wide_with_heading_and_total(run, report, tmp_path, monkeypatch, command):
    xlsx = tmp_path / "l.xlsx"
    if command == "laporan":
        assert run("laporan", "--bulan", "2026-11", "--xlsx", str(xlsx)).exit_code == 0
        office, first = "Desa Bacem, Kecamatan Ponggok, Kabupaten Blitar", "Kode layanan"
    else:
        assert kecamatan_gabung(run, tmp_path, monkeypatch, "--xlsx", str(xlsx)).exit_code == 0
        office, first = "Kecamatan Ponggok, Kabupaten Blitar", "Kantor"
    sheet = load_workbook(xlsx).active
    setup = sheet.page_setup
    assert setup.orientation == "landscape" and setup.fitToWidth == 1 and setup.fitToHeight == 0
    assert int(setup.paperSize) == 14  # F4 (Folio 216 x 330 mm), the office's paper by default
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    heading = [sheet.cell(row=r, column=1).value for r in range(1, 4)]
    assert f"Kantor: {office}" in heading and "Periode: November 2026" in heading
    assert sheet.oddHeader.left.text == office and sheet.oddHeader.right.text == "November 2026"
    top, header = tabel(sheet, first)
    assert sheet.print_title_rows.replace("$", "") == f"{top}:{top}"  # the header on every page
    names = [sheet.cell(row=r, column=header.index("Layanan") + 1).value for r in range(top + 1, sheet.max_row)]
    longest = max(len(n) for n in names if n)
    assert longest == len("Surat Keterangan Tidak Mampu (SKTM)")
    letter = sheet.cell(row=top, column=header.index("Layanan") + 1).column_letter
    assert sheet.column_dimensions[letter].width >= longest
    assert sheet.cell(row=top + 1, column=header.index("Layanan") + 1).alignment.wrap_text
    total = next(row for row in sheet.iter_rows(min_row=top) if row[0].value == "Jumlah")
    assert total[header.index("Diterima")].value == 6 and total[0].font.bold
    median = total[header.index("Median hk")]
    assert median.value == 2.0 and median.number_format == "[$-421]#,##0.0"  # a number, shown 2,0
    assert total[header.index("Diterima")].number_format == "[$-421]#,##0"
    below = [sheet.cell(row=r, column=1).value for r in range(total[0].row + 1, sheet.max_row + 1)]
    assert any(str(line).count("Rantai 35.05.06.2006") == 1 for line in below)  # the chain head, under it
    assert "rantai" not in header and "Rantai catatan" not in header


def test_period_in_words():
    rows = [{"diterima": "2026-10-30"}, {"diterima": "2026-11-02"}]
    assert laporan.periode_baris(rows) == "Oktober 2026 s.d. November 2026"
    assert laporan.periode_baris(rows[1:]) == "November 2026" and laporan.periode_baris([]) == ""


def test_numbers_the_indonesian_way():
    assert angka(87.5, 2) == "87,50" and angka(3500) == "3.500" and angka(1234567.25, 2) == "1.234.567,25"
    assert angka(None) == "-" and angka(0.5, 0) == "0"


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False), st.integers(min_value=0, max_value=4))
def test_indonesian_numbers_are_python_numbers_with_the_separators_swapped(value, digits):
    python = f"{value:,.{digits}f}"
    assert angka(value, digits) == python.replace(",", " ").replace(".", ",").replace(" ", ".")


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_whole_numbers_have_a_dot_between_thousands(value):
    assert angka(value).replace(".", "") == str(value)
    assert all(len(group) == 3 for group in angka(abs(value)).split(".")[1:])


def test_period_of_the_gabung_rows_from_their_dates():
    day = dt.date(2026, 1, 31)
    assert laporan.periode_baris([{"diterima": day.isoformat()}]) == "Januari 2026"
