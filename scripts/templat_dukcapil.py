"""Templates of the village's population letters with their own layout (built by buat_templat.py).

- keterangan-beda-identitas.docx: the two identities side by side, as OpenSID's "Keterangan
  Beda Identitas" (471.1) sets them one under the other (I. Identitas dalam KK, II. Identitas
  dalam [dokumen]); a table of three columns (the data, as in the KTP-el and KK, as in the other
  document) shows the difference at a glance, then the statement that both are one person.
- keterangan-lahir-mati.docx: the mother, the stillbirth, the father, then the reporter, in the
  order of form F-2.01 (Permendagri 109/2019) and OpenSID's "Keterangan Lahir Mati" (S-22).
"""

from __future__ import annotations

import buat_templat as b
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm
from templat_lahir_mati import _pelapor, _strip

from desa_cli.dokumen import data_table, satu_halaman


def _lain(field: str, pemohon: str, saring: str = "") -> str:
    """The other document's value, or the applicant's own where the two agree (left empty)."""
    mine = f"pemohon.{pemohon}" + (f" | {saring}" if saring else "")
    theirs = f"{field}" + (f" | {saring}" if saring else "")
    return f"{{% if {field} %}}{{{{ {theirs} }}}}{{% else %}}{{{{ {mine} }}}}{{% endif %}}"


def keterangan_beda_identitas():
    doc = b._document()
    b._kop(doc)
    b._judul(doc)
    rows = (
        ("Nama", "{{ pemohon.nama }}", _lain("nama_beda", "nama")),
        ("NIK / Nomor", "{{ pemohon.nik }}", "{{ nomor_dokumen_beda }}"),
        ("Tempat Lahir", "{{ pemohon.tempat_lahir }}", _lain("tempat_lahir_beda", "tempat_lahir")),
        ("Tanggal Lahir", "{{ pemohon.tanggal_lahir | tanggal }}",
         _lain("tanggal_lahir_beda", "tanggal_lahir", "tanggal")),
        ("Jenis Kelamin", "{{ pemohon.jenis_kelamin }}", "{% if jenis_kelamin_beda %}{{ jenis_kelamin_beda | kelamin }}"
         "{% else %}{{ pemohon.jenis_kelamin }}{% endif %}"),
        ("Alamat", "{{ pemohon.alamat }}", _lain("alamat_beda", "alamat")),
    )  # fmt: skip
    table = doc.add_table(rows=len(rows) + 1, cols=3)
    table.style = "Table Grid"
    b._widths(table, (Mm(35), Mm(65), Mm(65)))
    b._padding(table, Mm(1.5))
    satu_halaman(table=table)
    heads = ("Data", "Menurut KTP-el dan Kartu Keluarga", "Menurut {{ dokumen_beda }}")
    for cell, head in zip(table.rows[0].cells, heads, strict=True):
        b._cell_para(cell, head, bold=True, size=11, align=WD_ALIGN_PARAGRAPH.CENTER)
    for row, values in zip(table.rows[1:], rows, strict=True):
        for i, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
            b._cell_para(cell, value, size=11, bold=i == 0)
    b._para(doc, "", size=6)
    b._isi(doc)
    b._penutup(doc)
    return doc


def keterangan_lahir_mati():
    doc = b._document()
    b._kop(doc)
    b._judul(doc)
    b._para(doc, "telah lahir dalam keadaan mati seorang bayi dari seorang ibu:", after=4)
    data_table(
        doc,
        [
            ("Nama Ibu", "{{ nama_ibu }}"),
            ("NIK Ibu", "{{ nik_ibu }}"),
            ("Tempat/Tgl. Lahir", "{{ tempat_lahir_ibu }}, {{ tanggal_lahir_ibu | tanggal }}"),
            ("Alamat", "{{ alamat_ibu }}"),
            ("Nama Ayah", _strip("nama_ayah")),
            ("NIK Ayah", _strip("nik_ayah")),
        ],
        bold_first=True,
    )
    b._para(doc, "kejadian:", after=4)
    data_table(
        doc,
        [
            ("Hari/Tanggal", "{{ tanggal_lahir_mati | hari_tanggal }}"),
            ("Bertempat di", "{{ tempat_lahir_mati }}"),
            ("Jenis Kelamin", _strip("jenis_kelamin_bayi", "kelamin")),
            ("Usia Kandungan", "{{ lama_kandungan }} minggu"),
            ("Penolong Kelahiran", "{{ penolong_kelahiran }}"),
            ("Sebab Lahir Mati", _strip("sebab_lahir_mati")),
        ],
    )
    _pelapor(doc, "Hubungan")
    b._isi(doc)
    b._penutup(doc)
    return doc
