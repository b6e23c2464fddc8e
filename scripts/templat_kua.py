"""Templates of the KUA forms a village prepares beside N1 (built by buat_templat.py), each laid
out as its model in the Keputusan Dirjen Bimas Islam 473/2020 (sources in the catalogue files):

- permohonan-kehendak-nikah.docx: model N2, the candidate's application to the Kepala KUA: the
  candidates, day/date/time and place of the akad, the maskawin, the papers enclosed; signed by the
  applicant, with the KUA's receipt on the left.
- persetujuan-calon-pengantin.docx: model N4, A. the groom and B. the bride, items 1-8 each, signed
  by both.
- izin-orang-tua.docx: model N5, A. the father and B. the mother, the child, the other candidate;
  signed by both parents.
- keterangan-kematian-pasangan.docx: model N6, the office lines as N1, A. the deceased, the death,
  B. the surviving spouse; signed by the kepala desa/lurah (the usual signature block).

The office's number from the letter book is printed under each title. The applicant is the groom
or the bride: the groom's block holds the applicant when the applicant is a man, else the other
candidate (`*_pasangan` fields). String literals in tags are in single quotes.
"""

from __future__ import annotations

import buat_templat as b
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt
from templat_pindah_nikah import _atau_strip

from desa_cli.dokumen import cell_para, no_borders, para, satu_halaman, widths

CENTER = WD_ALIGN_PARAGRAPH.CENTER
RIGHT = WD_ALIGN_PARAGRAPH.RIGHT
LABELS = (
    "Nama lengkap dan alias",
    "Bin/Binti",
    "Nomor Induk Kependudukan",
    "Tempat dan tanggal lahir",
    "Kewarganegaraan",
    "Agama",
    "Pekerjaan",
    "Alamat",
)
PEMOHON = tuple(
    f"{{{{ {v} }}}}"
    for v in (
        "pemohon.nama",
        "bin_binti",
        "pemohon.nik",
        "pemohon.tempat_tanggal_lahir",
        "pemohon.kewarganegaraan",
        "pemohon.agama",
        "pemohon.pekerjaan",
        "pemohon.alamat",
    )
)
LAKI = "{% if pemohon.jenis_kelamin == 'Laki-laki' %}"


def _orang(who: str, bin_binti: str, nik_wajib: bool = True) -> tuple:
    """Items 1-8 of a person typed in `*_<who>` fields; no citizenship typed is WNI."""
    warga = f"kewarganegaraan_{who}"
    return (
        f"{{{{ nama_{who} }}}}",
        f"{{{{ {bin_binti} }}}}",
        f"{{{{ nik_{who} }}}}" if nik_wajib else _atau_strip(f"nik_{who}"),
        f"{{{{ tempat_lahir_{who} }}}}, {{{{ tanggal_lahir_{who} | tanggal }}}}",
        f"{{% if {warga} %}}{{{{ {warga} }}}}{{% else %}}WNI{{% endif %}}",
        f"{{{{ agama_{who} }}}}",
        f"{{{{ pekerjaan_{who} }}}}",
        f"{{{{ alamat_{who} }}}}",
    )


PASANGAN = _orang("pasangan", "bin_binti_pasangan")


def _pilih(laki: str, perempuan: str) -> str:
    """The first value when the applicant is a man, else the second."""
    return f"{LAKI}{laki}{{% else %}}{perempuan}{{% endif %}}"


SUAMI = tuple(_pilih(a, p) for a, p in zip(PEMOHON, PASANGAN, strict=True))
ISTRI = tuple(_pilih(p, a) for a, p in zip(PEMOHON, PASANGAN, strict=True))


def _baris_n1(doc, rows) -> None:
    """Numbered items as the models lay them: number, label, colon, value (bold when asked); at
    11 pt (accepted beside 12) with a value column wide enough for an address on one line, so N5's
    four persons and both signatures stay on one page."""
    table = doc.add_table(rows=len(rows), cols=4)
    no_borders(table)
    widths(table, (Mm(8), Mm(58), Mm(4), Mm(95)))
    for cells, (nomor, label, value, *bold) in zip((r.cells for r in table.rows), rows, strict=True):
        for cell, text in zip(cells, (nomor, label, ":", value), strict=True):
            line = cell_para(cell, text, size=11, bold=bool(bold) and text == value)
            line.paragraph_format.line_spacing = Pt(12)  # 11 pt set solid, not at 1.15


def _identitas(doc, values: tuple, bin_label: str = "Bin/Binti") -> None:
    labels = (LABELS[0], bin_label, *LABELS[2:])
    _baris_n1(doc, [(f"{i}.", label, value) for i, (label, value) in enumerate(zip(labels, values, strict=True), 1)])


def _model(doc, lampiran: str, model: str, kantor: bool = False) -> None:
    """The model's head: the office lines on the left (N6, as N1), and on the right where the form
    is annexed and the "Model Nx" mark."""
    table = doc.add_table(rows=3, cols=4)
    no_borders(table)
    widths(table, (Mm(50), Mm(4), Mm(48), Mm(63)))
    if kantor:
        rows = (
            ("KANTOR {{ wilayah.Sebutan | upper }}", "{{ wilayah.nama | upper }}"),
            ("KECAMATAN", "{{ wilayah.kecamatan | upper }}"),
            ("KABUPATEN/KOTA", "{{ wilayah.kabupaten | upper }}"),
        )
        for row, (label, value) in zip(table.rows, rows, strict=True):
            cell_para(row.cells[0], label)
            cell_para(row.cells[1], ":")
            cell_para(row.cells[2], value)
    right = table.cell(0, 3).merge(table.cell(2, 3))
    cell_para(right, f"Lampiran {lampiran} Keputusan Dirjen Bimas Islam", size=8)
    para(right, "Nomor 473 Tahun 2020 tentang Petunjuk", size=8)
    para(right, "Teknis Pelaksanaan Pencatatan Pernikahan", size=8)
    para(right, f"Model {model}", bold=True, align=RIGHT)
    para(doc, "", size=4)


def _judul(doc) -> None:
    para(doc, "{{ surat.judul | upper }}", bold=True, underline=True, align=CENTER)
    para(doc, "Nomor: {{ surat.nomor }}", align=CENTER, after=6)


def _dua_kolom(doc) -> tuple:
    """Two borderless columns in one row that never splits; its two cells."""
    table = doc.add_table(rows=1, cols=2)
    no_borders(table)
    widths(table, (Mm(82), Mm(83)))
    satu_halaman(table=table)
    return table.rows[0].cells


def _penutup_pihak(doc, kiri: tuple, kanan: tuple, tempat_di_kanan: bool = True) -> None:
    """The form's closing, then the signatures side by side in one row that never splits, kept on
    the closing's page: each side is its lines above the signature, then the name below it."""
    closing = para(doc, "{{ surat.penutup }}", align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=6)
    closing.paragraph_format.first_line_indent = Mm(10)
    satu_halaman(paragraph=closing)
    tempat = "{{ kantor.tempat }}, {{ surat.tanggal }}" if tempat_di_kanan else ""
    for cell, (lines, name), first in zip(_dua_kolom(doc), (kiri, kanan), ("", tempat), strict=True):
        cell_para(cell, first, align=CENTER)
        for line in lines:
            para(cell, line, align=CENTER)
        for _ in range(3):  # room for the signature
            para(cell, "", align=CENTER)
        para(cell, name, bold=True, align=CENTER)


def _pihak_a_b(lampiran: str, model: str, a: tuple, b_: tuple):
    """The head, the title and number, then the two who sign: A and B, each a heading, the items
    and the label of item 2 (bin/binti)."""
    doc = b._document()
    _model(doc, lampiran, model)
    _judul(doc)
    para(doc, "Yang bertanda tangan di bawah ini:", after=4)
    for heading, values, bin_label in (a, b_):
        para(doc, heading, bold=True, after=2)
        _identitas(doc, values, bin_label)
    return doc


def persetujuan_calon_pengantin():
    doc = _pihak_a_b("VIII", "N4", ("A. Calon Suami:", SUAMI, "Bin/Binti"), ("B. Calon Istri:", ISTRI, "Bin/Binti"))
    para(doc, "", size=6)
    statement = (
        "Menyatakan dengan sesungguhnya bahwa atas dasar sukarela, dengan kesadaran sendiri, tanpa ada "
        "paksaan dari siapa pun juga, setuju untuk melangsungkan pernikahan."
    )
    para(doc, statement, align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=6)
    suami = _pilih("{{ pemohon.nama }}", "{{ nama_pasangan }}")
    istri = _pilih("{{ nama_pasangan }}", "{{ pemohon.nama }}")
    _penutup_pihak(doc, (("Calon Suami",), f"({suami})"), (("Calon Istri",), f"({istri})"))
    return doc


def izin_orang_tua():
    ayah = ("A. Ayah/wali/pengampu:", _orang("ayah", "bin_ayah"), "Bin")
    doc = _pihak_a_b("IX", "N5", ayah, ("B. Ibu/wali/pengampu:", _orang("ibu", "binti_ibu"), "Binti"))
    para(doc, "adalah ayah dan ibu kandung dari:", after=2)
    _identitas(doc, PEMOHON)
    para(doc, "memberikan izin kepada anak kami untuk melakukan pernikahan dengan:", after=2)
    _identitas(doc, PASANGAN)
    para(doc, "", size=4)
    kiri = (("Ayah/wali/pengampu",), "{{ nama_ayah }}")
    _penutup_pihak(doc, kiri, (("Ibu/wali/pengampu",), "{{ nama_ibu }}"))
    return doc


BERKAS_N2 = (
    "Surat Pengantar Nikah dari Desa/Kelurahan (N1)",
    "Persetujuan Calon Pengantin (N4)",
    "Fotokopi KTP-el/Suket",
    "Fotokopi Akta Kelahiran",
    "Fotokopi Kartu Keluarga (KK)",
    "Fotokopi Ijazah Terakhir",
    "Pas foto ukuran 2x3 dan 4x6 sebanyak 4 lembar berlatar belakang warna biru",
    "Fotokopi KTP-el Ayah dan Ibu calon pengantin",
    "Surat Izin Orang Tua (N5) bila umur kurang dari 21 tahun *)",
    "Surat Keterangan Kematian Suami/Istri (N6) bila duda/janda mati *)",
    "Akta Cerai bila duda/janda hidup *)",
)


def permohonan_kehendak_nikah():
    doc = b._document()
    _model(doc, "VI", "N2")
    kua = "{% if kua_kecamatan %}{{ kua_kecamatan }}{% else %}{{ wilayah.kecamatan }}{% endif %}"
    table = doc.add_table(rows=2, cols=4)
    no_borders(table)
    widths(table, (Mm(20), Mm(4), Mm(69), Mm(72)))
    cell_para(table.cell(0, 0), "Nomor")
    cell_para(table.cell(0, 1), ":")
    cell_para(table.cell(0, 2), "{{ surat.nomor }}")
    cell_para(table.cell(0, 3), "{{ kantor.tempat }}, {{ surat.tanggal }}", align=RIGHT)
    cell_para(table.cell(1, 0), "Perihal")
    cell_para(table.cell(1, 1), ":")
    cell_para(table.cell(1, 2), "{{ surat.judul | title }}", bold=True)
    para(doc, "", after=6)
    for line in ("Kepada Yth.", f"Kepala KUA Kecamatan {kua}", f"di {kua}"):
        para(doc, line).paragraph_format.left_indent = Mm(90)
    para(doc, "", after=6)
    para(doc, "Dengan hormat, kami mengajukan permohonan kehendak nikah untuk atas nama:", after=4)
    waktu = "{{ tanggal_akad | hari_tanggal }} / pukul {{ jam_akad }} WIB"
    _baris_n1(
        doc,
        [
            ("", "Calon Suami", _pilih("{{ pemohon.nama }}", "{{ nama_pasangan }}"), True),
            ("", "Calon Istri", _pilih("{{ nama_pasangan }}", "{{ pemohon.nama }}"), True),
            ("", "Hari/tanggal/jam", waktu),
            ("", "Tempat akad nikah", "{{ tempat_akad }}"),
            ("", "Maskawin", "{{ maskawin }}"),
        ],
    )
    para(doc, "", size=6)
    para(doc, "Bersama ini kami sampaikan surat-surat yang diperlukan untuk diperiksa sebagai berikut:", after=2)
    for i, item in enumerate(BERKAS_N2, 1):
        para(doc, f"{i}. {item}", size=11).paragraph_format.left_indent = Mm(10)
    para(doc, "", size=6)
    kua_menerima = ("Diterima tanggal ..................", "Yang menerima,", "Kepala KUA/PPN LN,")
    kiri = (kua_menerima, "(..................................)")
    _penutup_pihak(doc, kiri, (("Wassalam,", "Pemohon,"), "{{ pemohon.nama }}"), tempat_di_kanan=False)
    para(doc, "*) Coret bila tidak disertakan", size=9)
    return doc


def keterangan_kematian_pasangan():
    doc = b._document()
    _model(doc, "X", "N6", kantor=True)
    _judul(doc)
    opening = "Yang bertanda tangan di bawah ini, {{ ttd.menerangkan }}, menjelaskan dengan sesungguhnya bahwa:"
    para(doc, opening, after=4)
    para(doc, "A.", bold=True, after=2)
    _identitas(doc, _orang("almarhum", "bin_binti_almarhum", nik_wajib=False))
    death = "Telah meninggal dunia pada tanggal {{ tanggal_kematian | tanggal }} di {{ tempat_kematian }}."
    para(doc, death, after=4)
    para(doc, _pilih("Yang bersangkutan adalah istri dari:", "Yang bersangkutan adalah suami dari:"), after=2)
    para(doc, "B.", bold=True, after=2)
    _identitas(doc, PEMOHON)
    para(doc, "", size=6)
    b._penutup(doc)
    return doc
