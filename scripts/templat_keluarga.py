"""The SKTM with the members of the household (built by buat_templat.py).

An SKTM is about a family's means: village SKTMs list the household as the KK does (name, NIK,
relation in the family, sex, date of birth, occupation), e.g. OpenSID's "Keterangan Kurang
Mampu" (S-11), which prints the family members from the KK under the applicant. The table grows
with the list; its heading row repeats on a next page and no row is cut.
"""

from __future__ import annotations

import buat_templat as b
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm

from desa_cli.dokumen import satu_halaman

CENTER = WD_ALIGN_PARAGRAPH.CENTER


def tabel_daftar(doc, daftar: str, kolom: list) -> None:
    """A bordered table of the list field `daftar`: `kolom` is (heading, cell template, width mm),
    the first column the row number."""
    table = doc.add_table(rows=3, cols=len(kolom) + 1)
    table.style = "Table Grid"
    b._widths(table, [Mm(8)] + [Mm(w) for _, _, w in kolom])
    b._padding(table, Mm(1))
    satu_halaman(table=table)
    table.rows[0]._tr.get_or_add_trPr().append(b._element("w:tblHeader"))
    for cell, head in zip(table.rows[0].cells, ["No."] + [h for h, _, _ in kolom], strict=True):
        b._cell_para(cell, head, bold=True, size=10, align=CENTER)
    b._cell_para(table.rows[1].cells[0], f"{{%tr for orang in {daftar} %}}")
    values = ["{{ loop.index }}"] + [v for _, v, _ in kolom]
    for cell, value in zip(table.rows[2].cells, values, strict=True):
        b._cell_para(cell, value, size=10)
    row = doc.add_table(rows=1, cols=1)
    b._cell_para(row.rows[0].cells[0], "{%tr endfor %}")
    table._tbl.append(row._tbl.tr_lst[0])  # the endfor row must sit in the same table
    row._tbl.getparent().remove(row._tbl)


def keterangan_tidak_mampu():
    doc = b._document()
    b._kop(doc)
    b._judul(doc)
    b._pemohon(doc, kk=True)  # required by the catalogue (pemohon_wajib)
    b._isi(doc, "isi[:1]")
    doc.add_paragraph("{%p if anggota_keluarga %}")
    b._para(doc, "Adapun anggota keluarganya sebagai berikut:", after=4)
    tabel_daftar(
        doc,
        "anggota_keluarga",
        [
            ("Nama", "{{ orang.nama }}", 36),
            ("NIK", "{% if orang.nik %}{{ orang.nik }}{% else %}-{% endif %}", 34),
            ("Hubungan", "{{ orang.shdk }}", 22),
            ("L/P", "{{ orang.jenis_kelamin }}", 9),
            ("Tgl. Lahir", "{% if orang.tanggal_lahir %}{{ orang.tanggal_lahir | tanggal }}{% endif %}", 30),
            ("Pekerjaan", "{% if orang.pekerjaan %}{{ orang.pekerjaan }}{% endif %}", 23),
        ],
    )
    b._para(doc, "", size=6)
    doc.add_paragraph("{%p endif %}")
    b._isi(doc, "isi[1:]")
    b._penutup(doc)
    return doc
