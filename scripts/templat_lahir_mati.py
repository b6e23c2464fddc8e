"""Templates of the village's death and birth letters (built by buat_templat.py).

The person the letter is about stands in the data block, as the Disdukcapil form behind each
letter orders it (F-2.01, formulir pelaporan pencatatan sipil, Permendagri 109/2019; the
village's surat keterangan kematian is its F-2.29):

- keterangan-kematian.docx: the deceased (name, NIK, sex, place and date of birth with age,
  religion, address), then the death (day and date, time, place, cause), then the reporter (the
  applicant) and his relation to the deceased.
- keterangan-kelahiran.docx: the child (name, sex, place, day and date, time, child number,
  weight and length), then the mother and the father with their NIKs, then the reporter.

String literals in tags are in single quotes: docxtpl straightens the quotes Word curls.
"""

from __future__ import annotations

import buat_templat as b

from desa_cli.dokumen import data_table


def _strip(name: str, saring: str = "", akhir: str = "") -> str:
    """The value (through a filter, with a unit after it), or "-" when left empty."""
    value = f"{name} | {saring}" if saring else name
    return f"{{% if {name} %}}{{{{ {value} }}}}{akhir}{{% else %}}-{{% endif %}}"


def _pelapor(doc, hubungan: str) -> None:
    """The applicant, who reports the event, and his relation to the person it is about."""
    b._para(doc, "Dilaporkan oleh:", after=4)
    data_table(
        doc,
        [
            ("Nama", "{{ pemohon.nama }}"),
            ("NIK", "{{ pemohon.nik }}"),
            ("Alamat", "{{ pemohon.alamat }}"),
            (hubungan, "{{ hubungan_pelapor }}"),
        ],
    )


def keterangan_kematian():
    doc = b._document()
    b._kop(doc)
    b._judul(doc)
    data_table(
        doc,
        [
            ("Nama", "{{ nama_almarhum }}"),
            ("NIK", "{{ nik_almarhum }}"),
            ("Jenis Kelamin", "{{ jenis_kelamin_almarhum | kelamin }}"),
            ("Tempat/Tgl. Lahir", "{{ tempat_lahir_almarhum }}, {{ tanggal_lahir_almarhum | tanggal }}"
             " ({{ tanggal_lahir_almarhum | umur(tanggal_kematian) }} tahun)"),
            ("Agama", _strip("agama_almarhum")),
            ("Alamat", "{{ alamat_almarhum }}"),
        ],
        bold_first=True,
    )  # fmt: skip
    b._para(doc, "telah meninggal dunia pada:", after=4)
    data_table(
        doc,
        [
            ("Hari/Tanggal", "{{ tanggal_kematian | hari_tanggal }}"),
            ("Pukul", _strip("jam_kematian", akhir=" WIB")),
            ("Bertempat di", "{{ tempat_kematian }}"),
            ("Sebab kematian", "{{ sebab_kematian }}"),
        ],
    )
    _pelapor(doc, "Hubungan keluarga")
    b._isi(doc)
    b._penutup(doc)
    return doc


def keterangan_kelahiran():
    doc = b._document()
    b._kop(doc)
    b._judul(doc)
    data_table(
        doc,
        [
            ("Nama", "{{ nama_anak }}"),
            ("Jenis Kelamin", "{{ jenis_kelamin_anak | kelamin }}"),
            ("Tempat Kelahiran", "{{ tempat_kelahiran }}"),
            ("Hari/Tanggal", "{{ tanggal_kelahiran | hari_tanggal }}"),
            ("Pukul", "{{ jam_kelahiran }} WIB"),
            ("Anak ke-", "{{ anak_ke }}"),
            ("Berat/Panjang", _strip("berat_lahir", akhir=" gram") + " / " + _strip("panjang_lahir", akhir=" cm")),
            ("Penolong kelahiran", "{{ penolong_kelahiran }}"),
        ],
        bold_first=True,
    )
    b._para(doc, "dari seorang ibu dan ayah:", after=4)
    data_table(
        doc,
        [
            ("Nama Ibu", "{{ nama_ibu }}"),
            ("NIK Ibu", "{{ nik_ibu }}"),
            ("Nama Ayah", "{{ nama_ayah }}"),
            ("NIK Ayah", _strip("nik_ayah")),
        ],
    )
    _pelapor(doc, "Hubungan keluarga")
    b._isi(doc)
    b._penutup(doc)
    return doc
