"""Build the bundled letter templates in templates_surat/ (run by hand after changing this file).

    python scripts/buat_templat.py

The .docx files it writes are committed: offices copy and edit them in Word or LibreOffice.
Every template has the same frame (letterhead, title and number, signatory, applicant block,
closing, signature, verification); a service's own template adds its part in the middle.
Fonts are Arial, which LibreOffice replaces by its metric twin Liberation Sans, so the PDF keeps
the layout of the .docx. Jinja tags only; no string literals, which Word would curl.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

OUT = Path(__file__).resolve().parent.parent / "templates_surat"
FONT = "Arial"


def _border(paragraph, val: str, size: int) -> None:
    """A rule under the paragraph: thickThinSmallGap gives the letterhead's thick-thin double line."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), val)
    bottom.set(qn("w:sz"), str(size))
    bottom.set(qn("w:space"), "1")
    bottom.set(qn("w:color"), "000000")
    borders.append(bottom)
    ppr.append(borders)


def _no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)


def _widths(table, widths) -> None:
    """Fix column widths: Word reads the cells', LibreOffice the grid's; set both."""
    table.autofit = False
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths):
        col.set(qn("w:w"), str(int(width.twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width


def _para(container, text="", *, bold=False, underline=False, size=None, align=None, after=0, italic=False):
    paragraph = container.add_paragraph()
    paragraph.paragraph_format.space_after = Pt(after)
    paragraph.paragraph_format.space_before = Pt(0)
    if align is not None:
        paragraph.alignment = align
    if text:
        run = paragraph.add_run(text)
        run.bold, run.underline, run.italic = bold, underline, italic
        if size:
            run.font.size = Pt(size)
    return paragraph


def _cell_para(cell, text="", **kwargs):
    """The cell's first (empty) paragraph for the first text, new ones after."""
    if len(cell.paragraphs) == 1 and not cell.paragraphs[0].text:
        paragraph = cell.paragraphs[0]
        paragraph.paragraph_format.space_after = Pt(kwargs.pop("after", 0))
        if "align" in kwargs:
            paragraph.alignment = kwargs.pop("align")
        run = paragraph.add_run(text)
        run.bold = kwargs.get("bold", False)
        run.underline = kwargs.get("underline", False)
        if kwargs.get("size"):
            run.font.size = Pt(kwargs["size"])
        return paragraph
    return _para(cell, text, **kwargs)


def _document():
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    style.font.size = Pt(11)
    style.paragraph_format.space_after = Pt(0)
    style.paragraph_format.line_spacing = 1.15
    section = doc.sections[0]
    # F4 by default, as Indonesian offices print; `kertas: a4` in kantor.yaml switches at render time.
    section.page_width, section.page_height = Mm(215), Mm(330)
    section.top_margin, section.bottom_margin = Mm(15), Mm(20)
    section.left_margin, section.right_margin = Mm(25), Mm(20)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.LEFT
    run = footer.add_run("Kode verifikasi {{ surat.kode_verifikasi }} · {{ surat.nomor }} · {{ kantor.nama }}")
    run.font.size = Pt(8)
    return doc


def _kop(doc) -> None:
    # Logo | text | an empty column as wide as the logo's, so the text is centred on the page.
    table = doc.add_table(rows=1, cols=3)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _no_borders(table)
    _widths(table, (Mm(28), Mm(114), Mm(28)))
    logo, text, _ = table.rows[0].cells
    _cell_para(logo, "{% if logo %}{{ logo }}{% endif %}", align=WD_ALIGN_PARAGRAPH.CENTER)
    center = WD_ALIGN_PARAGRAPH.CENTER
    _cell_para(text, "{{ kop.pemerintah }}", bold=True, size=13, align=center)
    text.add_paragraph("{%p if kop.kecamatan %}")
    _para(text, "{{ kop.kecamatan }}", bold=True, size=13, align=center)
    text.add_paragraph("{%p endif %}")
    _para(text, "{{ kop.kantor }}", bold=True, size=16, align=center)
    _para(text, "{{ kop.alamat }}", size=9, align=center)
    text.add_paragraph("{%p if kop.kontak %}")
    _para(text, "{{ kop.kontak }}", size=9, align=center)
    text.add_paragraph("{%p endif %}")
    rule = _para(doc, "", after=10)
    _border(rule, "thickThinSmallGap", 24)


def _judul(doc) -> None:
    center = WD_ALIGN_PARAGRAPH.CENTER
    _para(doc, "{{ surat.judul }}", bold=True, underline=True, size=12, align=center)
    _para(doc, "Nomor: {{ surat.nomor }}", align=center, after=14)
    _para(doc, "Yang bertanda tangan di bawah ini, {{ ttd.menerangkan }}, menerangkan bahwa:", after=6)


def _pemohon(doc) -> None:
    rows = [
        ("Nama", "{{ pemohon.nama }}"),
        ("NIK", "{{ pemohon.nik }}"),
        ("Tempat/Tgl. Lahir", "{{ pemohon.tempat_tanggal_lahir }}"),
        ("Jenis Kelamin", "{{ pemohon.jenis_kelamin }}"),
        ("Agama", "{{ pemohon.agama }}"),
        ("Status Perkawinan", "{{ pemohon.status_perkawinan }}"),
        ("Pekerjaan", "{{ pemohon.pekerjaan }}"),
        ("Kewarganegaraan", "{{ pemohon.kewarganegaraan }}"),
        ("Alamat", "{{ pemohon.alamat }}"),
    ]
    _data_table(doc, rows, bold_first=True)


def _data_table(doc, rows, bold_first=False) -> None:
    table = doc.add_table(rows=len(rows), cols=3)
    _no_borders(table)
    _widths(table, (Mm(45), Mm(5), Mm(115)))
    for i, (label, value) in enumerate(rows):
        cells = table.rows[i].cells
        _cell_para(cells[0], label)
        _cell_para(cells[1], ":")
        _cell_para(cells[2], value, bold=bold_first and i == 0)
    # Indent the block a little under the opening sentence, as typed letters do.
    tbl_pr = table._tbl.tblPr
    indent = OxmlElement("w:tblInd")
    indent.set(qn("w:w"), "400")
    indent.set(qn("w:type"), "dxa")
    tbl_pr.append(indent)
    _para(doc, "", after=6)


def _isi(doc, bagian: str = "isi") -> None:
    """The catalogue's body, a paragraph a line; a service's own block may stand after its first
    paragraph (`isi[:1]`, then `isi[1:]`)."""
    doc.add_paragraph("{%p for paragraf in " + bagian + " %}")
    body = _para(doc, "{{ paragraf }}", align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=6)
    body.paragraph_format.first_line_indent = Mm(10)
    doc.add_paragraph("{%p endfor %}")


def _penutup(doc) -> None:
    closing = _para(doc, "{{ surat.penutup }}", align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=18)
    closing.paragraph_format.first_line_indent = Mm(10)
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    _widths(table, (Mm(80), Mm(90)))
    qr, sign = table.rows[0].cells
    _cell_para(qr, "{{ qr }}", align=WD_ALIGN_PARAGRAPH.LEFT)
    _para(qr, "Kode verifikasi:", size=8)
    _para(qr, "{{ surat.kode_verifikasi }}", bold=True, size=9)
    center = WD_ALIGN_PARAGRAPH.CENTER
    _cell_para(sign, "{{ kantor.tempat }}, {{ surat.tanggal }}", align=center)
    _para(sign, "{{ ttd.baris_atas }}", bold=True, align=center)
    sign.add_paragraph("{%p if ttd.baris_bawah %}")
    _para(sign, "{{ ttd.baris_bawah }}", bold=True, align=center)
    sign.add_paragraph("{%p endif %}")
    for _ in range(4):  # room for the signature and the stamp
        _para(sign, "", align=center)
    _para(sign, "{{ ttd.nama }}", bold=True, underline=True, align=center)
    sign.add_paragraph("{%p if ttd.nip %}")
    _para(sign, "NIP. {{ ttd.nip }}", align=center)
    sign.add_paragraph("{%p endif %}")


def surat_umum() -> Document:
    doc = _document()
    _kop(doc)
    _judul(doc)
    _pemohon(doc)
    _isi(doc)
    _penutup(doc)
    return doc


def izin_keramaian() -> Document:
    """The village's letter for an event: the event's details in their own block."""
    doc = _document()
    _kop(doc)
    _judul(doc)
    _pemohon(doc)
    _isi(doc, "isi[:1]")
    _data_table(
        doc,
        [
            ("Acara", "{{ nama_acara }}"),
            ("Hari/Tanggal", "{{ tanggal_acara | hari_tanggal }}"),
            ("Waktu", "Pukul {{ jam_mulai }} s.d. {{ jam_selesai }} WIB"),
            ("Tempat", "{{ tempat_acara }}"),
            ("Jumlah undangan", "± {{ jumlah_undangan }} orang"),
            ("Hiburan", "{% if hiburan %}{{ hiburan }}{% else %}Tidak ada{% endif %}"),
        ],
    )
    _isi(doc, "isi[1:]")
    _penutup(doc)
    return doc


def ahli_waris() -> Document:
    """The heirs' letter: the deceased, then a table of heirs that grows with the list."""
    doc = _document()
    _kop(doc)
    _judul(doc)
    _pemohon(doc)
    _isi(doc, "isi[:1]")
    table = doc.add_table(rows=3, cols=5)
    table.style = "Table Grid"
    heads = ("No.", "Nama", "NIK", "Tanggal Lahir", "Hubungan")
    widths = (Mm(12), Mm(50), Mm(42), Mm(34), Mm(32))
    _widths(table, widths)
    for cell, head in zip(table.rows[0].cells, heads):
        _cell_para(cell, head, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _cell_para(table.rows[1].cells[0], "{%tr for orang in ahli_waris %}")
    values = (
        "{{ loop.index }}",
        "{{ orang.nama }}",
        "{{ orang.nik }}",
        "{% if orang.tanggal_lahir %}{{ orang.tanggal_lahir | tanggal }}{% endif %}",
        "{{ orang.hubungan }}",
    )
    for cell, value in zip(table.rows[2].cells, values):
        _cell_para(cell, value)
    row = doc.add_table(rows=1, cols=1)
    _cell_para(row.rows[0].cells[0], "{%tr endfor %}")
    # The endfor row must sit in the same table: move it there.
    table._tbl.append(row._tbl.tr_lst[0])
    row._tbl.getparent().remove(row._tbl)
    _para(doc, "", after=8)
    _isi(doc, "isi[1:]")
    _penutup(doc)
    return doc


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for name, build in (
        ("surat.docx", surat_umum),
        ("izin-keramaian.docx", izin_keramaian),
        ("keterangan-ahli-waris.docx", ahli_waris),
    ):
        doc = build()
        doc.core_properties.author = "desa"
        doc.core_properties.title = name
        doc.save(OUT / name)
        print(OUT / name)


if __name__ == "__main__":
    main()
