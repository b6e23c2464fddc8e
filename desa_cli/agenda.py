"""The outgoing-letter book as the administrasi desa books print it: `desa buku --xlsx / --docx`.

Columns of the Buku Agenda, Lampiran Permendagri 47/2016 tentang Administrasi Pemerintahan Desa,
A. Administrasi Umum, A.7 Buku Agenda: 1 nomor urut, 2 tanggal penerimaan/pengiriman surat,
surat masuk (3-6: nomor, tanggal, pengirim, isi singkat), surat keluar (7-10: nomor, tanggal,
ditujukan kepada, isi singkat), 11 keterangan (copy of the lampiran:
https://adoc.pub/administrasi-pemerintahan-desa-tanggal-kesepakatan-peraturan.html). The register
holds outgoing letters only, so this is the surat keluar half: the book's own nomor urut, the date
sent (the letter's date: it is handed over, not posted), its number and date, to whom (the
applicant), what (the service), and remarks (the noreg; "dibatalkan" for a cancelled number).
"""

from __future__ import annotations

import io

from .kalender import tanggal
from .nik import samarkan

KOLOM = (
    ("urut", "No. urut", 9),
    ("tanggal_kirim", "Tanggal pengiriman surat", 16),
    ("nomor", "Nomor surat", 28),
    ("tanggal", "Tanggal surat", 16),
    ("kepada", "Ditujukan kepada", 30),
    ("isi", "Isi singkat (perihal)", 34),
    ("keterangan", "Keterangan", 22),
)


def baris(entries: list) -> list:
    """One row a letter, in the book's order, with the columns of KOLOM."""
    rows = []
    for entry in entries:
        batal = entry.get("status") == "batal"
        if entry.get("asal") == "luar":  # made outside desa (desa buku catat)
            rows.append(
                {
                    "urut": entry["urut"],
                    "tanggal_kirim": tanggal(entry["tanggal"]),
                    "nomor": entry["nomor"],
                    "tanggal": tanggal(entry["tanggal"]),
                    "kepada": entry["tujuan"],
                    "isi": entry["perihal"],
                    "keterangan": "Dibuat di luar aplikasi" + ("; nomor dibatalkan" if batal else ""),
                }
            )
            continue
        rows.append(
            {
                "urut": entry["urut"],
                "tanggal_kirim": tanggal(entry["tanggal"]),
                "nomor": entry["nomor"],
                "tanggal": tanggal(entry["tanggal"]),
                "kepada": f"{entry['nama']} (NIK {samarkan(entry['nik'])})",
                "isi": entry.get("layanan_nama") or entry["layanan"],
                "keterangan": f"No. reg {entry.get('noreg', '-')}" + ("; nomor dibatalkan" if batal else ""),
            }
        )
    return rows


def judul(nama_kantor: str, tahun: int) -> str:
    return f"BUKU AGENDA SURAT KELUAR {nama_kantor.upper()} TAHUN {tahun}"


def ke_xlsx(entries: list, nama_kantor: str, tahun: int) -> bytes:
    """A spreadsheet: the title, the numbered header of the book, one row a letter (text kept text)."""
    return xlsx(baris(entries), KOLOM, judul(nama_kantor, tahun), f"Agenda {tahun}")


def xlsx(rows: list, kolom: tuple, title: str, sheet_title: str) -> bytes:
    """A book as a spreadsheet: `title`, the header of `kolom` and its column numbers, one row each."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from .ekspor import sel_xlsx

    book = Workbook()
    sheet = book.active
    sheet.title = sheet_title
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=12)
    sheet.append([label for _, label, _ in kolom])
    sheet.append(list(range(1, len(kolom) + 1)))  # the column numbers the printed books carry
    for row in (2, 3):
        for cell in sheet[row]:
            cell.font = Font(bold=row == 2)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row in rows:
        sheet.append([row[key] for key, _, _ in kolom])
        for cell in sheet[sheet.max_row]:
            sel_xlsx(cell)  # a name typed at the counter is untrusted: text, never a formula
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    for column, (_, _, width) in enumerate(kolom, 1):
        sheet.column_dimensions[sheet.cell(row=2, column=column).column_letter].width = width
    sheet.freeze_panes = "A4"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def ke_docx(entries: list, nama_kantor: str, tahun: int, kertas: str = "f4") -> bytes:
    """The book on landscape paper: a bordered table, the header repeated on every page."""
    from docx.enum.section import WD_ORIENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Emu, Mm, Pt

    from . import dokumen

    doc = dokumen.document(kertas=kertas)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Mm(15)
    doc.styles["Normal"].font.size = Pt(9)
    dokumen.para(doc, judul(nama_kantor, tahun), bold=True, size=12, align=dokumen.CENTER, after=8)
    rows = baris(entries)
    table = doc.add_table(rows=2 + len(rows), cols=len(KOLOM))
    table.style = "Table Grid"
    usable = section.page_width - section.left_margin - section.right_margin
    total = sum(width for _, _, width in KOLOM)
    dokumen.widths(table, [Emu(int(usable * width / total)) for _, _, width in KOLOM])
    for i, (_, label, _) in enumerate(KOLOM):
        dokumen.cell_para(table.rows[0].cells[i], label.upper(), bold=True, align=dokumen.CENTER)
        dokumen.cell_para(table.rows[1].cells[i], str(i + 1), align=dokumen.CENTER)
    for head in table.rows[:2]:  # the header again on every page
        marker = OxmlElement("w:tblHeader")
        marker.set(qn("w:val"), "true")
        head._tr.get_or_add_trPr().append(marker)
    for r, row in enumerate(rows, 2):
        for i, (key, _, _) in enumerate(KOLOM):
            dokumen.cell_para(table.rows[r].cells[i], str(row[key]))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
