"""The receipt (tanda terima) of an application, on paper: a half page (.docx, A5 landscape: half
an A4 sheet) and plain text for 58 mm and 80 mm receipt printers.

The receipt is not a letter: it takes no number from the letter book and changes nothing in the
register; it can be printed again at any time from what the register holds.

Plain text is ASCII only. Thermal receipt printers (ESC/POS) start in code page 437 or 850 and most
cheap ones know no UTF-8, so a name such as "Ni Luh Putu Aré" or a dash would come out as garbage;
every character outside ASCII is transliterated (é -> e, — -> -, ✓ -> v) and anything left is "?".
Lines wrap at word boundaries and never cut a word; a single word longer than the line (a long
file name) stands alone on its line, longer than the rest, rather than being split.
"""

from __future__ import annotations

import io
import textwrap
import unicodedata

from .kalender import hari_tanggal, tanggal
from .nik import samarkan

PENUTUP = "Simpan tanda terima ini untuk mengambil surat. Tanda terima ini bukan surat keterangan."
LEBAR = {"58": 32, "80": 48}  # characters per line of a 58 mm and an 80 mm printer (Font A, 12x24)
# What NFKD does not take apart: typographic marks the catalogue and clerks use.
_PENGGANTI = {"—": "-", "–": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "...", "•": "*", "✓": "v",
              "✗": "x", "·": "-", "×": "x", "ß": "ss", "æ": "ae", "ø": "o", "đ": "d", "ł": "l"}  # fmt: skip


def isi(record: dict, nama_kantor: str, layanan=None, alamat: str = "") -> dict:
    """What a receipt says, from the register's record and (when still in the catalogue) its service."""
    kurang = [p for p in record["persyaratan"] if not p["ada"]]
    if record.get("tenggat"):
        tenggat = f"{hari_tanggal(record['tenggat'])} ({record['hari_kerja']} hari kerja sejak berkas lengkap)"
    else:
        tenggat = f"dihitung setelah berkas lengkap ({record['hari_kerja']} hari kerja)"
    return {
        "kantor": nama_kantor,
        "alamat": alamat,
        "noreg": record["noreg"],
        "diterima": f"{tanggal(record['diterima'][:10])}, pukul {record['diterima'][11:16]}",
        "layanan": record["layanan_nama"],
        "nama": record["pemohon"]["nama"],
        "nik": samarkan(record["pemohon"]["nik"]),
        "berkas_ada": [p["nama"] for p in record["persyaratan"] if p["ada"]],
        "berkas_kurang": [p["nama"] + ("" if p["wajib"] else " (tidak wajib)") for p in kurang],
        "tenggat": tenggat,
        "biaya": layanan.biaya_teks if layanan is not None else "Tidak dipungut biaya",
        # The first two ways to complain of the catalogue: at the office, then the next one named.
        "pengaduan": list(layanan.data["pengaduan"][:2]) if layanan is not None else [],
        "petugas": record.get("petugas", ""),
    }


def ascii_aman(text: str) -> str:
    """Text a printer without UTF-8 prints as meant: transliterated to ASCII (see the module doc)."""
    out = []
    for char in str(text):
        char = _PENGGANTI.get(char, char)
        if char.isascii():
            out.append(char if char.isprintable() else " ")
            continue
        base = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode("ascii")
        out.append(base if base else "?")
    return "".join(out)


def _bungkus(text: str, lebar: int, indent: str = "", gantung: int = 0) -> list:
    """Lines of at most `lebar` characters, broken between words only; later lines indented under
    the text after `indent`, or by `gantung` spaces."""
    return textwrap.wrap(
        text, lebar, initial_indent=indent, subsequent_indent=" " * (len(indent) or gantung),
        break_long_words=False, break_on_hyphens=False,
    ) or [indent.rstrip()]  # fmt: skip


def _tengah(text: str, lebar: int) -> list:
    return [line.center(lebar).rstrip() for line in _bungkus(text, lebar)]


def teks(data: dict, lebar: int) -> str:
    """The receipt for a receipt printer, `lebar` characters a line, ASCII only."""
    garis = "-" * lebar
    lines = [*_tengah("TANDA TERIMA PERMOHONAN", lebar), *_tengah(data["kantor"], lebar), garis]
    for label, value in (
        ("No. registrasi", data["noreg"]),
        ("Diterima", data["diterima"]),
        ("Nama", data["nama"]),
        ("NIK", data["nik"]),
        ("Layanan", data["layanan"]),
    ):
        lines += _bungkus(f"{label}: {value}", lebar, gantung=2)
    for judul, items in (("Berkas diterima:", data["berkas_ada"]), ("Berkas belum diserahkan:", data["berkas_kurang"])):
        if items:
            lines += [garis, judul]
            for number, item in enumerate(items, 1):
                lines += _bungkus(item, lebar, f"{number}. ")
    lines += [garis, "Surat selesai paling lambat:", *_bungkus(data["tenggat"], lebar), garis]
    lines += _bungkus(f"Biaya: {data['biaya']}", lebar)
    if data["pengaduan"]:
        lines += ["Pengaduan:"]
        for item in data["pengaduan"]:
            lines += _bungkus(item, lebar, "- ")
    lines += [garis, *_bungkus(f"Petugas: {data['petugas']}", lebar)]
    lines += _tengah(PENUTUP, lebar)
    return "\n".join(ascii_aman(line).rstrip() for line in lines) + "\n"


def docx(data: dict) -> bytes:
    """The half page: A5 landscape (half an A4 sheet), signed by the clerk who received the papers."""
    from docx.shared import Mm, Pt

    from . import dokumen

    doc = dokumen.document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(148)
    section.top_margin = section.bottom_margin = Mm(10)
    section.left_margin = section.right_margin = Mm(15)
    doc.styles["Normal"].font.size = Pt(10)
    doc.styles["Normal"].paragraph_format.line_spacing = 1.0
    dokumen.para(doc, "TANDA TERIMA PERMOHONAN", bold=True, size=12, align=dokumen.CENTER)
    kantor = data["kantor"] + (f", {data['alamat']}" if data.get("alamat") else "")
    head = dokumen.para(doc, kantor, align=dokumen.CENTER, after=4)
    dokumen.border(head, "single", 8)
    rows = [("No. registrasi", data["noreg"]), ("Diterima", data["diterima"]), ("Nama pemohon", data["nama"]),
            ("NIK", data["nik"]), ("Layanan", data["layanan"]), ("Selesai paling lambat", data["tenggat"]),
            ("Biaya", data["biaya"])]  # fmt: skip
    _tabel(doc, rows, (Mm(42), Mm(4), Mm(134)), Pt)
    berkas = [("Berkas diterima", data["berkas_ada"]), ("Berkas belum diserahkan", data["berkas_kurang"])]
    for judul, items in berkas:
        if items:
            dokumen.para(doc, judul, bold=True).paragraph_format.space_before = Pt(4)
            for number, item in enumerate(items, 1):
                paragraph = dokumen.para(doc, f"{number}. {item}")
                paragraph.paragraph_format.left_indent = Mm(5)
    if data["pengaduan"]:
        keluhan = dokumen.para(doc, "Pengaduan: " + "; ".join(data["pengaduan"]) + ".", size=9, after=4)
        keluhan.paragraph_format.space_before = Pt(4)
    # Both sign: the applicant for the papers handed in, the clerk for the papers received.
    table = doc.add_table(rows=1, cols=2)
    dokumen.no_borders(table)
    dokumen.widths(table, (Mm(90), Mm(90)))
    penanda = (("Yang menyerahkan,", data["nama"]), ("Petugas penerima,", data["petugas"]))
    for cell, (judul, nama) in zip(table.rows[0].cells, penanda, strict=True):
        dokumen.cell_para(cell, judul, align=dokumen.CENTER)
        dokumen.para(cell, "", after=22)
        dokumen.para(cell, nama, bold=True, align=dokumen.CENTER)
    dokumen.para(doc, PENUTUP, size=8, italic=True, align=dokumen.CENTER).paragraph_format.space_before = Pt(6)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _tabel(doc, rows, sizes, pt) -> None:
    from . import dokumen

    table = doc.add_table(rows=len(rows), cols=3)
    dokumen.no_borders(table)
    dokumen.widths(table, sizes)
    for i, (label, value) in enumerate(rows):
        cells = table.rows[i].cells
        dokumen.cell_para(cells[0], label)
        dokumen.cell_para(cells[1], ":")
        dokumen.cell_para(cells[2], value, bold=i == 0)
    dokumen.para(doc, "", after=2)
