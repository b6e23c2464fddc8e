"""Templates of the village's letters about property and parties (built by buat_templat.py).

- keterangan-jual-beli.docx: the seller (the applicant), the buyer, the goods and the price with
  its words, as OpenSID's "Keterangan Jual Beli" (S-05) orders them; signed by the head.
- keterangan-kepemilikan-tanah.docx: the owner, then the land (kind, location, area, the four
  boundaries, origin, proof and its number), as OpenSID's "Keterangan Kepemilikan Tanah" (S-49).
- pernyataan-penguasaan-tanah.docx: the sporadik statement (Surat Pernyataan Penguasaan Fisik
  Bidang Tanah, PMNA/KBPN 3/1997 Pasal 76; OpenSID S-40): the applicant states, two witnesses sign,
  the head "Mengetahui/Membenarkan" under the village's register number.
- surat-kuasa.docx: who gives and who receives the power and for what (OpenSID S-47), both sign
  (the giver on a meterai), the head "Mengetahui".
- keterangan-penghasilan-orang-tua.docx: the student (the applicant) and the school, then the
  father and the mother each with occupation and income, and the total (OpenSID S-42).
"""

from __future__ import annotations

import buat_templat as b
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm
from templat_lahir_mati import _strip

from desa_cli.dokumen import data_table, satu_halaman

CENTER = WD_ALIGN_PARAGRAPH.CENTER
_BATAS = [
    ("Sebelah Utara", "{{ batas_utara }}"),
    ("Sebelah Timur", "{{ batas_timur }}"),
    ("Sebelah Selatan", "{{ batas_selatan }}"),
    ("Sebelah Barat", "{{ batas_barat }}"),
]


def _rupiah(field: str) -> str:
    return f"{{{{ {field} | rupiah }}}} ({{{{ {field} | terbilang }}}} rupiah)"


def _pemohon_singkat(doc, intro: str | None = "Yang bertanda tangan di bawah ini:") -> None:
    """The applicant in five rows (the full nine of the plain letter leave no room for a second
    party and the signature on one page)."""
    if intro:
        b._para(doc, intro, after=4)
    data_table(
        doc,
        [
            ("Nama", "{{ pemohon.nama }}"),
            ("NIK", "{{ pemohon.nik }}"),
            ("Tempat/Tgl. Lahir", "{{ pemohon.tempat_tanggal_lahir }}"),
            ("Pekerjaan", "{{ pemohon.pekerjaan }}"),
            ("Alamat", "{{ pemohon.alamat }}"),
        ],
        bold_first=True,
    )


def _judul_pernyataan(doc) -> None:
    b._para(doc, "{{ surat.judul }}", bold=True, underline=True, size=12, align=CENTER)
    b._para(doc, "Nomor Register: {{ surat.nomor }}", align=CENTER, after=10)


def _ttd_pihak(doc, kolom: list) -> None:
    """The parties' signatures side by side in one row that never splits, each with its heading,
    room to sign (a meterai where `meterai`) and the name."""
    table = doc.add_table(rows=1, cols=len(kolom))
    b._no_borders(table)
    b._widths(table, [Mm(165 // len(kolom))] * len(kolom))
    satu_halaman(table=table)
    for cell, (heading, name, meterai) in zip(table.rows[0].cells, kolom, strict=True):
        b._cell_para(cell, heading, align=CENTER, size=11)
        # A no-break space keeps the empty line at 8 pt, so the names stand level.
        b._para(cell, "Meterai Rp10.000" if meterai else "\u00a0", align=CENTER, size=8, italic=True)
        for _ in range(2):
            b._para(cell, "", align=CENTER)
        b._para(cell, name, bold=True, underline=True, align=CENTER, size=11)


def _mengetahui(doc, kata: str = "Mengetahui,") -> None:
    """The head's acknowledgement under the parties' signatures: the verification code on the
    left, the office and the head's name on the right, in one row that never splits."""
    table = doc.add_table(rows=1, cols=2)
    b._no_borders(table)
    b._widths(table, (Mm(75), Mm(90)))
    satu_halaman(table=table)
    qr, sign = table.rows[0].cells
    b._cell_para(qr, "{{ qr }}")
    b._para(qr, "Kode verifikasi:", size=8)
    b._para(qr, "{{ surat.kode_verifikasi }}", bold=True, size=9)
    b._cell_para(sign, kata, align=CENTER)
    b._para(sign, "{{ ttd.baris_atas }}", bold=True, align=CENTER)
    sign.add_paragraph("{%p if ttd.baris_bawah %}")
    b._para(sign, "{{ ttd.baris_bawah }}", bold=True, align=CENTER)
    sign.add_paragraph("{%p endif %}")
    for _ in range(3):
        b._para(sign, "", align=CENTER)
    b._para(sign, "{{ ttd.nama }}", bold=True, underline=True, align=CENTER)
    sign.add_paragraph("{%p if ttd.nip %}")
    b._para(sign, "NIP. {{ ttd.nip }}", align=CENTER)
    sign.add_paragraph("{%p endif %}")


def _penutup_pihak(doc, kolom: list, kata: str = "Mengetahui,") -> None:
    closing = b._para(doc, "{{ surat.penutup }}", align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=6)
    closing.paragraph_format.first_line_indent = Mm(10)
    satu_halaman(paragraph=closing)
    place = b._para(doc, "{{ kantor.tempat }}, {{ surat.tanggal }}", align=WD_ALIGN_PARAGRAPH.RIGHT, after=4)
    satu_halaman(paragraph=place)
    _ttd_pihak(doc, kolom)
    _mengetahui(doc, kata)


def keterangan_jual_beli():
    doc = b._document()
    b._kop(doc)
    b._judul(doc)
    _pemohon_singkat(doc, None)
    b._para(doc, "selaku penjual, telah menjual kepada:", after=4)
    data_table(
        doc,
        [
            ("Nama", "{{ nama_pembeli }}"),
            ("NIK", "{{ nik_pembeli }}"),
            ("Alamat", "{{ alamat_pembeli }}"),
        ],
        bold_first=True,
    )
    b._para(doc, "selaku pembeli, barang berupa:", after=4)
    data_table(
        doc,
        [
            ("Jenis barang", "{{ jenis_barang }}"),
            ("Rincian", "{{ rincian_barang }}"),
            ("Harga", _rupiah("harga")),
            ("Tanggal jual beli", "{{ tanggal_jual_beli | hari_tanggal }}"),
        ],
    )
    b._isi(doc)
    b._penutup(doc)
    return doc


def keterangan_kepemilikan_tanah():
    doc = b._document()
    b._kop(doc)
    b._judul(doc)
    _pemohon_singkat(doc, None)
    b._isi(doc, "isi[:1]")
    data_table(
        doc,
        [
            ("Jenis tanah", "{{ jenis_tanah }}"),
            ("Letak", "{{ letak_tanah }}"),
            ("Luas", "{{ luas_tanah }} m²"),
            *_BATAS,
            ("Asal tanah", "{{ asal_tanah }}"),
            ("Bukti", "{{ bukti_kepemilikan }} Nomor {{ nomor_bukti }}"),
            ("NOP PBB", _strip("nop_pbb")),
        ],
    )
    b._isi(doc, "isi[1:]")
    b._penutup(doc)
    return doc


def pernyataan_penguasaan_tanah():
    doc = b._document()
    _judul_pernyataan(doc)
    _pemohon_singkat(doc)
    b._para(doc, "dengan ini menyatakan dengan itikad baik telah menguasai secara fisik sebidang tanah:", after=4)
    data_table(
        doc,
        [
            ("Letak", "{{ letak_tanah }}, {{ wilayah.lengkap }}, Kecamatan {{ wilayah.kecamatan }}"),
            ("NIB", _strip("nib")),
            ("Luas", "{{ luas_tanah }} m²"),
            ("Status tanah", "{{ status_tanah }}"),
            ("Dipergunakan untuk", "{{ penggunaan_tanah }}"),
            *_BATAS,
            ("Diperoleh dari", "{{ diperoleh_dari }}, sejak tahun {{ tahun_perolehan }}, "
             "dengan jalan {{ cara_perolehan | lower }}"),
        ],
    )  # fmt: skip
    b._isi(doc)
    b._para(doc, "Saksi-saksi:", after=2)
    data_table(
        doc,
        [
            ("1. Nama", "{{ nama_saksi_1 }}, NIK {{ nik_saksi_1 }}"),
            ("    Alamat", "{{ alamat_saksi_1 }}"),
            ("2. Nama", "{{ nama_saksi_2 }}, NIK {{ nik_saksi_2 }}"),
            ("    Alamat", "{{ alamat_saksi_2 }}"),
        ],
    )
    kolom = [
        ("Saksi I", "{{ nama_saksi_1 }}", False),
        ("Saksi II", "{{ nama_saksi_2 }}", False),
        ("Yang membuat pernyataan", "{{ pemohon.nama }}", True),
    ]
    _penutup_pihak(doc, kolom, "Mengetahui/Membenarkan,")
    return doc


def surat_kuasa():
    doc = b._document()
    b._kop(doc)
    _judul_pernyataan(doc)
    _pemohon_singkat(doc)
    b._para(doc, "selanjutnya disebut PEMBERI KUASA, dengan ini memberi kuasa kepada:", after=4)
    data_table(
        doc,
        [
            ("Nama", "{{ nama_penerima_kuasa }}"),
            ("NIK", "{{ nik_penerima_kuasa }}"),
            ("Pekerjaan", _strip("pekerjaan_penerima_kuasa")),
            ("Alamat", "{{ alamat_penerima_kuasa }}"),
        ],
        bold_first=True,
    )
    b._para(doc, "selanjutnya disebut PENERIMA KUASA.", after=6)
    b._isi(doc)
    kolom = [
        ("Penerima Kuasa", "{{ nama_penerima_kuasa }}", False),
        ("Pemberi Kuasa", "{{ pemohon.nama }}", True),
    ]
    _penutup_pihak(doc, kolom)
    return doc


def keterangan_penghasilan_orang_tua():
    doc = b._document()
    b._kop(doc)
    b._judul(doc)
    _pemohon_singkat(doc, None)
    b._para(doc, "adalah pelajar/mahasiswa:", after=4)
    data_table(
        doc,
        [
            ("Sekolah/Perguruan Tinggi", "{{ nama_sekolah }}"),
            ("Kelas/Semester", "{{ kelas_semester }}"),
            ("NIS/NIM", "{{ nomor_induk }}"),
        ],
    )
    b._para(doc, "anak dari:", after=4)
    rows = []
    for siapa, kata in (("ayah", "Ayah"), ("ibu", "Ibu")):
        rows += [
            (kata, f"{{{{ nama_{siapa} }}}}{{% if nik_{siapa} %}}, NIK {{{{ nik_{siapa} }}}}{{% endif %}}"),
            ("Pekerjaan", f"{{{{ pekerjaan_{siapa} }}}}"),
            ("Penghasilan/bulan", _rupiah(f"penghasilan_{siapa}")),
        ]
    data_table(doc, rows)
    b._isi(doc)
    b._penutup(doc)
    return doc
