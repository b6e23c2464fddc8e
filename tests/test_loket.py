"""Papers of the counter: the printed receipt, the letter book at 80 columns and as the
administrasi desa book (xlsx, landscape docx), and the history told in sentences."""

import io
import json
import re
import shutil
import subprocess

import pytest
import yaml
from conftest import SITI, ajukan_siti, siap_ajukan
from docx import Document
from openpyxl import load_workbook
from rich.console import Console

from desa_cli import agenda, katalog, peristiwa, tampil, tanda_terima

pytestmark = pytest.mark.dua_register


@pytest.fixture
def office(kantor, monkeypatch, tmp_path):
    return siap_ajukan(monkeypatch, kantor, tmp_path)


def _ajukan_sebagian(run, tmp_path, nama="Siti Aminah"):
    (tmp_path / "sebagian.yaml").write_text(yaml.safe_dump({**SITI, "nama": nama}), encoding="utf-8")
    result = run("ajukan", "domisili", "--data", str(tmp_path / "sebagian.yaml"), "--ada", "ktp_el", "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)["noreg"]


# --- the receipt -------------------------------------------------------------------------------


@pytest.mark.parametrize("ukuran, lebar", [("58", 32), ("80", 48)])
def test_receipt_text_fits_the_printer_and_cuts_no_word(run, office, tmp_path, ukuran, lebar):
    noreg = _ajukan_sebagian(run, tmp_path, nama="Ni Luh Putu Ayu Lestari Aré")
    result = run("tanda-terima", noreg, "--teks", ukuran)
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert text.isascii()
    lines = text.splitlines()
    assert all(len(line) <= lebar for line in lines), [line for line in lines if len(line) > lebar]
    flat = " ".join(text.split())
    for expected in (noreg, "350501******0001", "Tidak dipungut biaya", "Surat Keterangan Domisili"):
        assert expected in flat
    assert "3505014708900001" not in text
    assert "Ni Luh Putu Ayu Lestari Are" in flat  # transliterated, not dropped
    # Papers received and missing, the deadline not yet known, where to complain (the catalogue's first).
    assert "Berkas diterima: 1. KTP-el pemohon" in flat
    assert "Berkas belum diserahkan: 1. Surat pengantar RT/RW" in flat and "2. Kartu Keluarga" in flat
    assert "dihitung setelah berkas lengkap" in flat
    assert "Langsung kepada Kepala Desa atau Sekretaris Desa" in flat
    # Every word of the wide form is a whole word of the narrow one.
    layanan = katalog.load([katalog.bundled_folder()]).layanan["keterangan-domisili"]
    wide = tanda_terima.teks(tanda_terima.isi(_record(office, noreg), "Desa Bacem", layanan), 1000)

    def words(t):
        return [w for w in t.split() if set(w) != {"-"}]

    assert words(text) == words(wide)


def _record(office, noreg):
    from conftest import register_isi

    return next(r for r in register_isi(office / "data")[0] if r["noreg"] == noreg)


def test_receipt_takes_no_letter_number_and_writes_a_file(run, office, tmp_path):
    noreg = ajukan_siti(run, tmp_path)
    out = tmp_path / "struk.txt"
    result = run("tanda-terima", noreg, "--teks", "58", "--keluar", str(out))
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes().decode("ascii").startswith("    TANDA TERIMA PERMOHONAN")
    assert "Senin, 23 November 2026" in " ".join(out.read_text("ascii").split())
    doc = tmp_path / "tanda.docx"
    assert run("tanda-terima", noreg, "--docx", str(doc)).exit_code == 0
    body = "\n".join(p.text for p in Document(str(doc)).paragraphs)
    cells = " ".join(c.text for t in Document(str(doc)).tables for row in t.rows for c in row.cells)
    assert "TANDA TERIMA PERMOHONAN" in body and noreg in cells and "Tidak dipungut biaya" in cells
    section = Document(str(doc)).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 148)  # half an A4 sheet
    # Not a letter: the book stays empty, the application stays as it was.
    assert json.loads(run("buku", "--json").stdout) == []
    assert _record(office, noreg)["status"] == "lengkap"


def test_receipt_needs_an_output(run, office, tmp_path):
    noreg = ajukan_siti(run, tmp_path)
    result = run("tanda-terima", noreg)
    assert result.exit_code == 2 and "--teks" in result.stderr
    assert run("tanda-terima", noreg, "--pdf", "--teks", "80").exit_code == 2


def test_ascii_transliteration():
    assert tanda_terima.ascii_aman("Aré — ✓ Ñoño “x”") == 'Are - v Nono "x"'
    assert tanda_terima.ascii_aman("名") == "?"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_receipt_pdf_is_one_half_page(run, office, tmp_path):
    noreg = _ajukan_sebagian(run, tmp_path)
    doc = tmp_path / "tanda.docx"
    result = run("tanda-terima", noreg, "--docx", str(doc), "--pdf")
    assert result.exit_code == 0, result.stderr
    pdf = doc.with_suffix(".pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    assert re.search(r"Pages:\s+1\n", info)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    for expected in (noreg, "350501******0001", "Kartu Keluarga", "Petugas penerima", "Tidak dipungut biaya"):
        assert expected in text


# --- the book on the screen --------------------------------------------------------------------

NAMA = ["Siti Aminah", "Muhammad Abdurrahman Wahid", "Budi", "Ni Luh Putu Ayu Lestari"]
KODE = ["keterangan-domisili", "izin-keramaian", "keterangan-ahli-waris", "sktm"]


def _entries(n=8):
    return [
        {"urut": i, "nomor": f"470/{i:03d}/35.05.06.2006/2026", "noreg": f"2026-{i:05d}", "tanggal": "2026-11-20",
         "layanan": KODE[i % 4], "layanan_nama": "Surat Keterangan", "nama": NAMA[i % 4],
         "nik": f"35050147089{i:05d}", "status": "batal" if i == 3 else "terbit"}
        for i in range(1, n + 1)
    ]  # fmt: skip


@pytest.mark.parametrize("width", [80, 120])
def test_buku_readable_at_80_and_120_columns(width):
    out = Console(width=width, color_system=None, file=io.StringIO())
    out.print(tampil.buku(_entries(), 2026))
    text = out.file.getvalue()
    assert all(len(line) <= width for line in text.splitlines())
    assert "…" not in text
    for entry in _entries():
        for whole in (entry["nomor"], entry["noreg"], entry["nama"], entry["nik"][:6] + "******" + entry["nik"][12:]):
            assert whole in text, (whole, text)
    assert "3505014708900001" not in text
    assert "keterangan-" in text and "domisili" in text and "batal" in text


def test_buku_command_at_80_columns(run, office, tmp_path, monkeypatch):
    noreg = ajukan_siti(run, tmp_path)
    assert run("cetak", noreg).exit_code == 0
    monkeypatch.setenv("COLUMNS", "80")
    text = run("buku").stdout
    assert "…" not in text and noreg in text and "Siti Aminah" in text and "350501******0001" in text
    assert max(len(line) for line in text.splitlines()) <= 80


# --- the book as the administrasi desa book ----------------------------------------------------


def test_buku_xlsx_and_docx_have_the_agenda_columns(run, office, tmp_path):
    first = ajukan_siti(run, tmp_path)
    second = ajukan_siti(run, tmp_path)
    assert run("cetak", first).exit_code == 0
    assert run("cetak", second).exit_code == 0
    assert run("batal", second, "--alasan", "salah isi").exit_code == 0
    xlsx, docx = tmp_path / "agenda.xlsx", tmp_path / "agenda.docx"
    result = run("buku", "--xlsx", str(xlsx), "--docx", str(docx))
    assert result.exit_code == 0, result.stderr
    sheet = load_workbook(xlsx).active
    assert sheet["A1"].value == "BUKU AGENDA SURAT KELUAR DESA BACEM TAHUN 2026"
    assert [c.value for c in sheet[2]] == [label for _, label, _ in agenda.KOLOM]
    assert [c.value for c in sheet[3]] == list(range(1, 8))
    row = [c.value for c in sheet[4]]
    assert row[0] == 1 and row[1] == "20 November 2026" and row[2].startswith("470/001/")
    assert row[4] == "Siti Aminah (NIK 350501******0001)" and row[5] == "Surat Keterangan Domisili"
    assert row[6] == f"No. reg {first}"
    assert sheet["G5"].value == f"No. reg {second}; nomor dibatalkan"
    document = Document(str(docx))
    section = document.sections[0]
    assert section.page_width > section.page_height  # landscape
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == [label.upper() for _, label, _ in agenda.KOLOM]
    assert table.rows[2].cells[2].text.startswith("470/001/") and len(table.rows) == 4
    # Wrong endings are refused before anything is read.
    assert run("buku", "--xlsx", str(tmp_path / "a.csv")).exit_code == 1


def test_agenda_xlsx_keeps_a_formula_as_text():
    entry = {**_entries(1)[0], "nama": '=HYPERLINK("http://x")'}
    sheet = load_workbook(io.BytesIO(agenda.ke_xlsx([entry], "Desa Bacem", 2026))).active
    assert sheet["E4"].data_type == "s" and sheet["E4"].value.startswith("=HYPERLINK")


# --- the history in sentences ------------------------------------------------------------------

ANTREAN = {"antrean": {"menunggu": 3, "tertua": "2026-00001", "pilihan": "lanjut"}}
PERISTIWA = [
    ("ajukan", {"layanan": "domisili", "layanan_nama": "Surat Keterangan Domisili", "status": "belum_lengkap"}, None,
     "permohonan Surat Keterangan Domisili diterima, status belum lengkap"),
    ("lengkapi", {"persyaratan": [{"kode": "kk", "ada": True}], "status": "lengkap", "lengkap_pada": "2026-11-20",
                  "tenggat": "2026-11-23"}, ANTREAN,
     "berkas ditambah, status lengkap, selesai paling lambat 23-11-2026; dilayani mendahului 3 permohonan lengkap "
     "yang menunggu (yang tertua 2026-00001)"),
    ("cetak", {"surat": {"nomor": "470/001/2026", "tanggal": "2026-11-20", "urut": 1}, "status": "selesai"}, ANTREAN,
     "surat 470/001/2026 tanggal 20-11-2026 dicetak; dilayani mendahului 3 permohonan"),
    ("cetak_ulang", {"surat": {"nomor": "470/001/2026", "tanggal": "2026-11-20"}}, None, "dicetak ulang (nomor tetap)"),
    ("serahkan", {"status": "diambil", "diambil": "2026-11-21T10:00:00"}, None, "surat diserahkan kepada pemohon"),
    ("tolak", {"status": "ditolak", "alasan": "KK palsu"}, None, "status ditolak; alasan: KK palsu"),
    ("batal", {"status": "batal", "alasan": "salah isi"}, None, "status batal; alasan: salah isi"),
    ("peringatan_antrean", {}, {"antrean": {"menunggu": 2, "tertua": "2026-00004", "pilihan": "tunda"}},
     "ditunda karena 2 permohonan lengkap yang datang lebih dulu masih menunggu (yang tertua 2026-00004)"),
    ("ekspor_nik", {"berkas": "nik.csv", "jumlah": 4, "periode": "2026-11"}, None, "NIK lengkap: 4 permohonan"),
    ("pulihkan", {"cadangan": "2026-11-19", "disisihkan": "rusak-1", "nomor": {"surat": {"2026": 3}}}, None,
     "dari cadangan 2026-11-19; berkas lama di rusak-1"),
    ("aduan_catat", {"nomor": "ADU-2026-0001", "pelapor": "Pak Darmo", "status": "baru", "tanggapan": [],
                     "batas_tanggapan": "2026-11-25", "batas_selesai": "2026-12-10"}, None,
     "aduan diterima dari Pak Darmo; tanggapan paling lambat 25-11-2026"),
    ("aduan_tanggapi", {"tanggapan": [{"waktu": "x", "petugas": "Sari", "isi": "Sedang diperiksa"}],
                        "status": "ditanggapi"}, None, "aduan ditanggapi: Sedang diperiksa"),
    ("aduan_selesai", {"status": "selesai", "selesai_pada": "2026-11-26T10:00:00"}, None, "aduan selesai"),
    ("survei", {"no": 1, "layanan": "domisili", "jawaban": [4, 3, 4]}, None, "survei kepuasan untuk layanan domisili"),
    ("aksi_baru", {"a": {"b": [1, 2]}, "c": None}, {"lain": {"x": 1}}, "a: b: 1; 2, c: -; lain: x: 1"),
]  # fmt: skip


@pytest.mark.parametrize("aksi, data, catatan, expected", PERISTIWA, ids=[p[0] for p in PERISTIWA])
def test_every_event_is_a_sentence(aksi, data, catatan, expected):
    event = {"urut": 1, "waktu": "2026-11-20T09:00:00", "petugas": "Sari", "aksi": aksi, "noreg": "2026-00001",
             "data": data, **({"catatan": catatan} if catatan else {})}  # fmt: skip
    sentence = peristiwa.ringkas_peristiwa(event)
    assert expected in sentence
    for repr_mark in ("{", "}", "'", "[", "]"):
        assert repr_mark not in sentence, sentence
    out = Console(width=200, color_system=None, file=io.StringIO())
    out.print(tampil.riwayat([event]))
    assert "{" not in out.file.getvalue() and "'" not in out.file.getvalue()


def test_riwayat_command_tells_the_queue_note(run, office, tmp_path):
    first = ajukan_siti(run, tmp_path)
    second = ajukan_siti(run, tmp_path)
    assert run("cetak", second).exit_code == 0
    text = " ".join(run("riwayat", second).stdout.split())
    assert f"dilayani mendahului 1 permohonan lengkap yang menunggu (yang tertua {first})" in text
    assert "{" not in text and "'antrean'" not in text
