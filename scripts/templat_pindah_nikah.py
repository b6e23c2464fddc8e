"""Templates of two letters with a form behind them (built by buat_templat.py):

- keterangan-pindah.docx: the village's pengantar to Disdukcapil for the SKPWNI (Permendagri
  108/2019, form F-1.03): the destination split as the form asks, the kind, classification and
  reason of the move, and the people who move as a table (NIK, name, SHDK), or only the applicant.
- pengantar-nikah.docx: form model N1 (Lampiran V, Keputusan Dirjen Bimas Islam 473/2020): the
  "Model N1" mark top right, the office lines, "PENGANTAR NIKAH", items 1 to 12 in the model's
  order, then the father's and the mother's identity (sources in katalog/pengantar-nikah.yaml).

String literals in tags are in single quotes: docxtpl straightens the quotes Word curls.
"""

from __future__ import annotations

import buat_templat as b
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm

from desa_cli.dokumen import cell_para, data_table, no_borders, para, satu_halaman, widths

CENTER = WD_ALIGN_PARAGRAPH.CENTER


def _atau_strip(name: str, saring: str = "") -> str:
    """The value, or "-" when the field was left empty."""
    value = f"{name} | {saring}" if saring else name
    return f"{{% if {name} %}}{{{{ {value} }}}}{{% else %}}-{{% endif %}}"


def _tabel_pindah(doc) -> None:
    """Those who move: the applicant first, then each member typed in `pengikut`; the heading row
    repeats on a next page and no row is cut across pages."""
    table = doc.add_table(rows=5, cols=4)
    table.style = "Table Grid"
    widths(table, (Mm(12), Mm(46), Mm(67), Mm(40)))
    satu_halaman(table=table)
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for cell, head in zip(table.rows[0].cells, ("No.", "NIK", "Nama", "SHDK"), strict=True):
        cell_para(cell, head, bold=True, size=11, align=CENTER)
    applicant = ("1", "{{ pemohon.nik }}", "{{ pemohon.nama }}", "{{ shdk_pemohon }}")
    member = ("{{ loop.index + 1 }}", "{{ orang.nik }}", "{{ orang.nama }}", "{{ orang.shdk }}")
    for cell, value in zip(table.rows[1].cells, applicant, strict=True):
        cell_para(cell, value, size=11)
    cell_para(table.rows[2].cells[0], "{%tr for orang in pengikut %}")
    for cell, value in zip(table.rows[3].cells, member, strict=True):
        cell_para(cell, value, size=11)
    cell_para(table.rows[4].cells[0], "{%tr endfor %}")


def _data_pindah(doc, rows) -> None:
    """The move's data aligned with the applicant's block above: a row of two items (label, colon,
    value twice), or of one item whose value takes the whole width."""
    table = doc.add_table(rows=len(rows), cols=6)
    no_borders(table)
    widths(table, (Mm(43), Mm(5), Mm(45), Mm(30), Mm(4), Mm(38)))
    indent = OxmlElement("w:tblInd")
    indent.set(qn("w:w"), "400")
    indent.set(qn("w:type"), "dxa")
    table._tbl.tblPr.append(indent)
    for row, items in zip(table.rows, rows, strict=True):
        cells = row.cells
        if len(items) == 2:
            cells[2].merge(cells[5])
            items = (*items, "", "")
        label, value, label2, value2 = items
        for cell, text in zip(cells, (label, ":", value, label2, ":" if label2 else "", value2), strict=False):
            cell_para(cell, text)
    para(doc, "", size=6)


def keterangan_pindah():
    doc = b._document()
    b._kop(doc)
    b._judul(doc)
    # The applicant; those who move (with NIK and SHDK) are listed below.
    data_table(
        doc,
        [
            ("Nama", "{{ pemohon.nama }}"),
            ("NIK", "{{ pemohon.nik }}"),
            ("Tempat/Tgl. Lahir", "{{ pemohon.tempat_tanggal_lahir }}"),
            ("Alamat asal", "{{ pemohon.alamat }}"),
        ],
        bold_first=True,
    )
    b._isi(doc, "isi[:1]")
    # The destination as F-1.03 splits it, then the move; two items a row keep the letter on one page.
    _data_pindah(
        doc,
        (
            ("Alamat tujuan", "{{ alamat_tujuan }}"),
            ("RT/RW", "{{ rt_rw_tujuan }}", "Kode Pos", _atau_strip("kode_pos_tujuan")),
            ("Desa/Kelurahan", "{{ desa_tujuan }}", "Kecamatan", "{{ kecamatan_tujuan }}"),
            ("Kabupaten/Kota", "{{ kabupaten_tujuan }}", "Provinsi", "{{ provinsi_tujuan }}"),
            ("Tanggal pindah", "{{ tanggal_pindah | tanggal }}", "Alasan", "{{ alasan_pindah }}"),
            ("Klasifikasi pindah", "{{ klasifikasi_pindah }}"),
            ("Jenis kepindahan", "{{ jenis_kepindahan }}"),
        ),
    )
    # Those who move: a table (the applicant first) when family members go too, else one line.
    doc.add_paragraph("{%p if pengikut %}")
    _tabel_pindah(doc)
    para(doc, "", size=6)
    doc.add_paragraph("{%p else %}")
    para(doc, "Yang pindah: pemohon sendiri (1 orang).", after=6)
    doc.add_paragraph("{%p endif %}")
    b._isi(doc, "isi[1:]")
    b._penutup(doc)
    return doc


LEBAR_N1 = (Mm(10), Mm(70), Mm(4), Mm(81))


def _baris_n1(doc, rows) -> None:
    """Numbered items as the model lays them: number, label, colon, value; a row given as one
    string is a docxtpl row tag ({%tr if ... %})."""
    table = doc.add_table(rows=len(rows), cols=4)
    no_borders(table)
    widths(table, LEBAR_N1)
    for i, row in enumerate(rows):
        cells = table.rows[i].cells
        if isinstance(row, str):
            cell_para(cells[0], row)
            continue
        nomor, label, value, *bold = row
        # 11 pt (accepted beside 12, DOMAIN.md) keeps the form's 26 rows and its signature on one page.
        cell_para(cells[0], nomor, size=11)
        cell_para(cells[1], label, size=11)
        cell_para(cells[2], ":", size=11)
        cell_para(cells[3], value or "", bold=bool(bold), size=11)


def _orang_tua(doc, who: str) -> None:
    _baris_n1(
        doc,
        [
            ("", "Nama lengkap dan alias", f"{{{{ nama_{who} }}}}", True),
            ("", "Nomor Induk Kependudukan (NIK)", _atau_strip(f"nik_{who}")),
            (
                "",
                "Tempat dan tanggal lahir",
                f"{{% if tempat_lahir_{who} %}}{{{{ tempat_lahir_{who} }}}}{{% endif %}}"
                f"{{% if tempat_lahir_{who} and tanggal_lahir_{who} %}}, {{% endif %}}"
                f"{{% if tanggal_lahir_{who} %}}{{{{ tanggal_lahir_{who} | tanggal }}}}{{% endif %}}"
                f"{{% if not (tempat_lahir_{who} or tanggal_lahir_{who}) %}}-{{% endif %}}",
            ),
            ("", "Kewarganegaraan", _atau_strip(f"kewarganegaraan_{who}")),
            ("", "Agama", _atau_strip(f"agama_{who}")),
            ("", "Pekerjaan", _atau_strip(f"pekerjaan_{who}")),
            ("", "Alamat", _atau_strip(f"alamat_{who}")),
        ],
    )


def _kepala_n1(doc) -> None:
    """The model's head: the office in three lines on the left; on the right, where the form is
    annexed and the "Model N1" mark."""
    table = doc.add_table(rows=3, cols=4)
    no_borders(table)
    widths(table, (Mm(52), Mm(4), Mm(44), Mm(65)))
    for row, (label, value) in zip(
        table.rows,
        (
            ("KANTOR {{ wilayah.Sebutan | upper }}", "{{ wilayah.nama | upper }}"),
            ("KECAMATAN", "{{ wilayah.kecamatan | upper }}"),
            ("KABUPATEN/KOTA", "{{ wilayah.kabupaten | upper }}"),  # "KOTA BLITAR": the form's label is both
        ),
        strict=True,
    ):
        cell_para(row.cells[0], label)
        cell_para(row.cells[1], ":")
        cell_para(row.cells[2], value)
    right = table.cell(0, 3).merge(table.cell(2, 3))
    lines = (
        "Lampiran V Keputusan Dirjen Bimas Islam",
        "Nomor 473 Tahun 2020 tentang Petunjuk",
        "Teknis Pelaksanaan Pencatatan Pernikahan",
    )
    cell_para(right, lines[0], size=8)
    for line in lines[1:]:
        para(right, line, size=8)
    para(right, "Model N1", bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT)


LAKI = "['Jejaka', 'Duda', 'Beristri']"
PEREMPUAN = "['Perawan', 'Janda']"
PERNAH = "['Duda', 'Janda', 'Beristri']"


def pengantar_nikah():
    doc = b._document()
    _kepala_n1(doc)
    para(doc, "", size=6)
    para(doc, "{{ surat.judul }}", bold=True, underline=True, align=CENTER)
    para(doc, "Nomor: {{ surat.nomor }}", align=CENTER, after=8)
    opening = "Yang bertanda tangan di bawah ini, {{ ttd.menerangkan }}, menjelaskan dengan sesungguhnya bahwa:"
    para(doc, opening, after=4)
    istri_ke = "{% if istri_ke %} ke-{{ istri_ke }}{% endif %}"
    _baris_n1(
        doc,
        [
            ("1.", "Nama", "{{ pemohon.nama }}", True),
            ("2.", "Nomor Induk Kependudukan (NIK)", "{{ pemohon.nik }}"),
            ("3.", "Jenis Kelamin", "{{ pemohon.jenis_kelamin }}"),
            ("4.", "Tempat dan Tanggal Lahir", "{{ pemohon.tempat_tanggal_lahir }}"),
            ("5.", "Kewarganegaraan", "{{ pemohon.kewarganegaraan }}"),
            ("6.", "Agama", "{{ pemohon.agama }}"),
            ("7.", "Pekerjaan", "{{ pemohon.pekerjaan }}"),
            ("8.", "Pendidikan Terakhir", _atau_strip("pendidikan_terakhir")),
            ("9.", "Bin/Binti", "{{ bin_binti }}"),
            ("10.", "Alamat", "{{ pemohon.alamat }}"),
            ("11.", "Status Perkawinan", None),
            (
                "",
                "a. Laki-laki: Jejaka, Duda, Beristri ke-",
                f"{{% if status_nikah in {LAKI} %}}{{{{ status_nikah }}}}{istri_ke}{{% else %}}-{{% endif %}}",
            ),
            (
                "",
                "b. Perempuan: Perawan, Janda",
                f"{{% if status_nikah in {PEREMPUAN} %}}{{{{ status_nikah }}}}{{% else %}}-{{% endif %}}",
            ),
            # The previous spouse only for a duda, janda or a man who has a wife.
            f"{{%tr if status_nikah in {PERNAH} %}}",
            ("12.", "Nama Istri/Suami Terdahulu", _atau_strip("pasangan_terdahulu")),
            "{%tr endif %}",
        ],
    )
    para(doc, "adalah benar anak dari pernikahan seorang pria:", after=2)
    _orang_tua(doc, "ayah")
    para(doc, "dengan seorang wanita:", after=2)
    _orang_tua(doc, "ibu")
    para(doc, "", size=6)
    b._isi(doc)
    b._penutup(doc)
    return doc
