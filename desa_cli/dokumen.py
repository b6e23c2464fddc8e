"""Building .docx documents with python-docx: the office's page, letterhead and tables.

Shared by the letter templates (scripts/buat_templat.py writes Jinja tags into them) and by the
documents `desa` writes directly (the displayed service standard, the maklumat, reports).
Fonts are Arial, which LibreOffice replaces by its metric twin Liberation Sans.
"""

from __future__ import annotations

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

FONT = "Arial"
CENTER = WD_ALIGN_PARAGRAPH.CENTER
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY
LEFT = WD_ALIGN_PARAGRAPH.LEFT


def border(paragraph, val: str, size: int) -> None:
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


def no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)


def widths(table, sizes) -> None:
    """Fix column widths: Word reads the cells', LibreOffice the grid's; set both."""
    table.autofit = False
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), sizes, strict=False):
        col.set(qn("w:w"), str(int(width.twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, sizes, strict=False):
            cell.width = width


def para(container, text="", *, bold=False, underline=False, size=None, align=None, after=0, italic=False):
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


def cell_para(cell, text="", **kwargs):
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
    return para(cell, text, **kwargs)


# Margins in cm (kiri, kanan, atas, bawah) of tata naskah dinas in most regions: "ruang tepi" at
# least 3 cm left, 2 cm right, 2 cm top, 2.5 cm bottom, Arial 11 or 12 (DOMAIN.md, "Letters:
# format"; the "Penentuan Batas/Ruang Tepi" text of the tata naskah dinas guidelines, e.g.
# https://id.scribd.com/document/355710845/Garis-Tepi); a Perbup may differ: kantor.yaml.
MARGIN_SURAT = {"kiri": 3, "kanan": 2, "atas": 2, "bawah": 2.5}
UKURAN_SURAT = 12


def tata(doc, huruf: str = FONT, ukuran: float = 11, margin: dict | None = None) -> None:
    """The body font and the margins (cm) of every section; used when a template is made and again
    when a letter is rendered from kantor.yaml's `huruf`, `ukuran_huruf`, `margin`."""
    style = doc.styles["Normal"]
    style.font.name = huruf
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), huruf)
    style.font.size = Pt(ukuran)
    for section in doc.sections:
        for side, name in (("kiri", "left"), ("kanan", "right"), ("atas", "top"), ("bawah", "bottom")):
            if margin and side in margin:
                setattr(section, f"{name}_margin", Mm(float(margin[side]) * 10))
    muat_lebar(doc)


def _lebar_tabel(tbl) -> tuple:
    """(the grid's columns, their width, the table's indent) in twips."""
    cols = tbl.tblGrid.findall(qn("w:gridCol"))
    indent = tbl.tblPr.find(qn("w:tblInd"))
    extra = int(indent.get(qn("w:w"), "0")) if indent is not None else 0
    return cols, sum(int(c.get(qn("w:w"), "0")) for c in cols), max(extra, 0)


_HALF_MM = 28  # twips


def muat_lebar(doc) -> None:
    """Every body table no wider than the page between the margins: the bundled templates are drawn
    for F4 with the letter's margins (165 mm); on A4 (160 mm) or with an office's wider margins the
    columns shrink in proportion (grid and cells, as `widths` sets them), so no table runs into the
    right margin. Tables already narrow enough are left as drawn."""
    section = doc.sections[-1]
    usable = int(section.page_width.twips - section.left_margin.twips - section.right_margin.twips)
    for tbl in doc.element.body.iter(qn("w:tbl")):
        if tbl.getparent().tag != qn("w:body"):
            continue  # a nested table follows its cell
        cols, total, indent = _lebar_tabel(tbl)
        if total + indent <= usable + _HALF_MM or total <= 0:  # rounding of a drawn width: left
            continue
        scale = (usable - indent) / total  # the indent stays as drawn
        for col in cols:
            col.set(qn("w:w"), str(int(int(col.get(qn("w:w"), "0")) * scale)))
        for tc_w in tbl.iter(qn("w:tcW")):
            if tc_w.get(qn("w:type")) in (None, "dxa"):
                tc_w.set(qn("w:w"), str(int(int(tc_w.get(qn("w:w"), "0")) * scale)))


def _field(paragraph, code: str, size: int) -> None:
    """A Word field (PAGE, NUMPAGES) as begin/instruction/separate/result/end runs."""
    for kind, text in (("begin", None), (None, code), ("separate", None), (None, "1"), ("end", None)):
        run = paragraph.add_run()
        run.font.size = Pt(size)
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == code:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {code} "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)


def nomor_halaman(section, size: int = 8) -> None:
    """'Halaman X dari Y' at the foot of every page (Word's PAGE and NUMPAGES fields)."""
    paragraph = section.footer.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    paragraph.add_run("Halaman ").font.size = Pt(size)
    _field(paragraph, "PAGE", size)
    paragraph.add_run(" dari ").font.size = Pt(size)
    _field(paragraph, "NUMPAGES", size)


def satu_halaman(paragraph=None, table=None) -> None:
    """Keep a paragraph with what follows it (keep-with-next, keep-lines-together), and a table's
    rows whole (cantSplit), so a block is never cut across pages."""
    if paragraph is not None:
        paragraph.paragraph_format.keep_with_next = True
        paragraph.paragraph_format.keep_together = True
    if table is not None:
        for row in table.rows:
            tr_pr = row._tr.get_or_add_trPr()
            tr_pr.append(OxmlElement("w:cantSplit"))


def halaman_baru(doc) -> None:
    """End the section here and start a new one on a new page. The break goes into the last
    paragraph that holds something (trailing empty ones are dropped): an empty paragraph of its
    own could spill onto a page of its own when the page is full, and print a blank page."""
    import copy

    body = doc.element.body
    paragraphs = body.findall(qn("w:p"))
    while paragraphs and not _isi(paragraphs[-1]) and paragraphs[-1].getnext() is body.sectPr:
        body.remove(paragraphs.pop())
    last = paragraphs[-1] if paragraphs else body.add_p()
    sect_pr = copy.deepcopy(body.sectPr)
    for ref in sect_pr.findall(qn("w:headerReference")) + sect_pr.findall(qn("w:footerReference")):
        sect_pr.remove(ref)
    sect_pr.start_type = WD_SECTION.NEW_PAGE
    last.get_or_add_pPr().append(sect_pr)


def _isi(p) -> bool:
    return bool("".join(t.text or "" for t in p.iter(qn("w:t"))).strip()) or p.find(".//" + qn("w:drawing")) is not None


def kepala_kaki(section, kepala: str, kaki: str, size: int = 8) -> None:
    """A section's own header (`kepala`, right) and footer (`kaki` and "Halaman X dari Y")."""
    for part, text in ((section.header, kepala), (section.footer, kaki)):
        part.is_linked_to_previous = False
        paragraph = part.paragraphs[0]
        for run in list(paragraph.runs):
            run._r.getparent().remove(run._r)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if part is section.header else WD_ALIGN_PARAGRAPH.LEFT
        paragraph.paragraph_format.space_after = Pt(8 if part is section.header else 0)
        paragraph.add_run(text).font.size = Pt(size)
    section.header_distance = Mm(8)
    nomor_halaman(section, size)


def document(footer: str = "", kertas: str = "f4", surat: bool = False):
    """A new document on the office's paper; `surat`: a letter's font and margins (tata naskah
    dinas), else the denser ones of the office's own papers."""
    doc = Document()
    style = doc.styles["Normal"]
    style.paragraph_format.space_after = Pt(0)
    style.paragraph_format.line_spacing = 1.15
    section = doc.sections[0]
    # F4 by default, as Indonesian offices print; A4 where kantor.yaml says so.
    section.page_width, section.page_height = (Mm(210), Mm(297)) if kertas == "a4" else (Mm(215), Mm(330))
    if surat:
        tata(doc, FONT, UKURAN_SURAT, MARGIN_SURAT)
    else:
        tata(doc, FONT, 11, {"kiri": 2.5, "kanan": 2, "atas": 1.5, "bawah": 2})
    if footer:
        paragraph = section.footer.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
        paragraph.add_run(footer).font.size = Pt(8)
    return doc


def kop(doc, baris: list, logo=None) -> None:
    """The letterhead: logo | lines of text | an empty column as wide as the logo's, so the text
    is centred on the page; then the thick-thin double rule. `baris` holds (text, size) pairs, or
    a bare string for a template's own paragraph such as `{%p if ... %}`. `logo` is a picture
    path, or a template tag."""
    table = doc.add_table(rows=1, cols=3)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    no_borders(table)
    widths(table, (Mm(26), Mm(113), Mm(26)))  # 165 mm, the F4 page between the margins
    logo_cell, text, _ = table.rows[0].cells
    if isinstance(logo, str):
        cell_para(logo_cell, logo, align=CENTER)
    elif logo is not None:
        logo_cell.paragraphs[0].alignment = CENTER
        logo_cell.paragraphs[0].add_run().add_picture(str(logo), height=Mm(24))
    first = True
    for line in baris:
        if isinstance(line, str):
            text.add_paragraph(line)
            continue
        content, size = line
        if first:
            cell_para(text, content, bold=size >= 12, size=size, align=CENTER)
            first = False
        else:
            para(text, content, bold=size >= 12, size=size, align=CENTER)
    rule = para(doc, "", after=10)
    border(rule, "thickThinSmallGap", 24)


def data_table(doc, rows, bold_first=False) -> None:
    table = doc.add_table(rows=len(rows), cols=3)
    no_borders(table)
    widths(table, (Mm(43), Mm(5), Mm(110)))  # with the indent: 165 mm
    for i, (label, value) in enumerate(rows):
        cells = table.rows[i].cells
        cell_para(cells[0], label)
        cell_para(cells[1], ":")
        cell_para(cells[2], value, bold=bold_first and i == 0)
    # Indent the block a little under the opening sentence, as typed letters do.
    tbl_pr = table._tbl.tblPr
    indent = OxmlElement("w:tblInd")
    indent.set(qn("w:w"), "400")
    indent.set(qn("w:type"), "dxa")
    tbl_pr.append(indent)
    para(doc, "", size=4, after=6)  # a little air before the next paragraph, not a whole blank line
