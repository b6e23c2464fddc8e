"""Build the bundled letter templates in templates_surat/ (run by hand after changing this file).

    python scripts/buat_templat.py

The .docx files it writes are committed: offices copy and edit them in Word or LibreOffice.
Every template has the same frame (letterhead, title and number, signatory, applicant block,
closing, signature, verification); a service's own template adds its part in the middle.
Fonts are Arial, which LibreOffice replaces by its metric twin Liberation Sans, so the PDF keeps
the layout of the .docx. Jinja tags only; no string literals, which Word would curl.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement as _element
from docx.oxml.ns import qn as _qn
from docx.shared import Mm
from docx.shared import Pt as _pt

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from desa_cli.dokumen import cell_para as _cell_para
from desa_cli.dokumen import data_table as _data_table
from desa_cli.dokumen import document, kop, nomor_halaman, satu_halaman
from desa_cli.dokumen import no_borders as _no_borders
from desa_cli.dokumen import para as _para
from desa_cli.dokumen import widths as _widths

OUT = Path(__file__).resolve().parent.parent / "templates_surat"
FOOTER = "Kode verifikasi {{ surat.kode_verifikasi }} · {{ surat.nomor }} · {{ kantor.nama }}"


def _document():
    """Arial 12 and the margins of tata naskah dinas; the verification line and "Halaman X dari Y"
    at the foot of every page. The kop stands in the body, so only on the first page."""
    doc = document(FOOTER, surat=True)
    nomor_halaman(doc.sections[0])
    return doc


def _kop(doc) -> None:
    kop(
        doc,
        [
            ("{{ kop.pemerintah }}", 13),
            "{%p if kop.kecamatan %}",
            ("{{ kop.kecamatan }}", 13),
            "{%p endif %}",
            ("{{ kop.kantor }}", 16),
            ("{{ kop.alamat }}", 9),
            "{%p if kop.kontak %}",
            ("{{ kop.kontak }}", 9),
            "{%p endif %}",
        ],
        logo="{% if logo %}{{ logo }}{% endif %}",
    )


def _tujuan(doc) -> None:
    """A pengantar or rekomendasi names whom it goes to (the catalogue's `surat.tujuan`) in the
    letter's head, before the title, as the regional tata naskah dinas lay out a surat pengantar
    (number, the official it is addressed to, then the title)."""
    doc.add_paragraph("{%p if surat.tujuan %}")
    first = _para(doc, "Kepada Yth.", after=0)
    first.paragraph_format.left_indent = Mm(90)
    doc.add_paragraph("{%p for baris in surat.tujuan %}")
    line = _para(doc, "{{ baris }}", after=0)
    line.paragraph_format.left_indent = Mm(90)
    doc.add_paragraph("{%p endfor %}")
    _para(doc, "", after=6)
    doc.add_paragraph("{%p endif %}")


def _judul(doc) -> None:
    _tujuan(doc)
    center = WD_ALIGN_PARAGRAPH.CENTER
    _para(doc, "{{ surat.judul }}", bold=True, underline=True, size=12, align=center)
    _para(doc, "Nomor: {{ surat.nomor }}", align=center, after=14)
    _para(doc, "Yang bertanda tangan di bawah ini, {{ ttd.menerangkan }}, menerangkan bahwa:", after=6)


def _pemohon(doc, kk: bool = False) -> None:
    """The applicant's data block; `kk` adds the family card's number (a letter about the family)."""
    rows = [
        ("Nama", "{{ pemohon.nama }}"),
        ("NIK", "{{ pemohon.nik }}"),
        *([("No. KK", "{{ pemohon.no_kk }}")] if kk else []),
        ("Tempat/Tgl. Lahir", "{{ pemohon.tempat_tanggal_lahir }}"),
        ("Jenis Kelamin", "{{ pemohon.jenis_kelamin }}"),
        ("Agama", "{{ pemohon.agama }}"),
        ("Status Perkawinan", "{{ pemohon.status_perkawinan }}"),
        ("Pekerjaan", "{{ pemohon.pekerjaan }}"),
        ("Kewarganegaraan", "{{ pemohon.kewarganegaraan }}"),
        ("Alamat", "{{ pemohon.alamat }}"),
    ]
    _data_table(doc, rows, bold_first=True)


def _isi(doc, bagian: str = "isi") -> None:
    """The catalogue's body, a paragraph a line; a service's own block may stand after its first
    paragraph (`isi[:1]`, then `isi[1:]`)."""
    doc.add_paragraph("{%p for paragraf in " + bagian + " %}")
    body = _para(doc, "{{ paragraf }}", align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=6)
    body.paragraph_format.first_line_indent = Mm(10)
    doc.add_paragraph("{%p endfor %}")


def _penutup(doc) -> None:
    """The closing sentence, then place, date and the signature block in one table row that never
    splits (cantSplit), kept on the closing's page (keep-with-next): the block is never alone."""
    closing = _para(doc, "{{ surat.penutup }}", align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=18)
    closing.paragraph_format.first_line_indent = Mm(10)
    satu_halaman(paragraph=closing)
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    _widths(table, (Mm(75), Mm(90)))
    satu_halaman(table=table)
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
    sign.add_paragraph("{%p if ttd.baris_ub %}")  # u.b.: two levels below the head
    _para(sign, "{{ ttd.baris_ub }}", bold=True, align=center)
    sign.add_paragraph("{%p endif %}")
    for _ in range(4):  # room for the signature and the stamp
        _para(sign, "", align=center)
    _para(sign, "{{ ttd.nama }}", bold=True, underline=True, align=center)
    # A civil servant (Lurah, Camat): pangkat/golongan under the name, then the NIP.
    sign.add_paragraph("{%p if ttd.pangkat %}")
    _para(sign, "{{ ttd.pangkat }}", align=center)
    sign.add_paragraph("{%p endif %}")
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
            (
                "Waktu",
                "Pukul {{ jam_mulai }} s.d. {{ jam_selesai }} WIB"
                "{{ tanggal_acara | hari_selesai(jam_mulai, jam_selesai) }}",
            ),
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
    # 165 mm, the F4 page between the margins (on A4 the columns shrink to 160 mm when the letter is
    # rendered: dokumen.muat_lebar). At 11 pt (accepted beside 12) with 1 mm cell padding a NIK
    # (34.5 mm) and the longest date, "30 September 2026" (34.1 mm), fit on one line down to 150 mm.
    widths = (Mm(10), Mm(44), Mm(40), Mm(40), Mm(31))
    _widths(table, widths)
    _padding(table, Mm(1))
    # No heir's row is cut across pages; the heading row is repeated on the next page.
    satu_halaman(table=table)
    table.rows[0]._tr.get_or_add_trPr().append(_element("w:tblHeader"))
    for cell, head in zip(table.rows[0].cells, heads, strict=False):
        _cell_para(cell, head, bold=True, size=11, align=WD_ALIGN_PARAGRAPH.CENTER)
    _cell_para(table.rows[1].cells[0], "{%tr for orang in ahli_waris %}")
    values = (
        "{{ loop.index }}",
        "{{ orang.nama }}",
        "{{ orang.nik }}",
        "{% if orang.tanggal_lahir %}{{ orang.tanggal_lahir | tanggal }}{% endif %}",
        "{{ orang.hubungan }}",
    )
    for cell, value in zip(table.rows[2].cells, values, strict=False):
        _cell_para(cell, value, size=11)
    row = doc.add_table(rows=1, cols=1)
    _cell_para(row.rows[0].cells[0], "{%tr endfor %}")
    # The endfor row must sit in the same table: move it there.
    table._tbl.append(row._tbl.tr_lst[0])
    row._tbl.getparent().remove(row._tbl)
    _para(doc, "", size=6)
    _isi(doc, "isi[1:]")
    _penutup(doc)
    _saksi_dan_camat(doc)
    return doc


def _padding(table, size) -> None:
    """The table's left and right cell padding (Word's default is 1.9 mm)."""
    margins = _element("w:tblCellMar")
    for side in ("left", "right"):
        element = _element(f"w:{side}")
        element.set(_qn("w:w"), str(int(size.twips)))
        element.set(_qn("w:type"), "dxa")
        margins.append(element)
    table._tbl.tblPr.append(margins)


def _saksi_dan_camat(doc) -> None:
    """Below the signature, side by side in one row that never splits: the heirs' two witnesses,
    each with a place to sign (PMNA/Ka BPN 3/1997 Pasal 111 ayat (1) huruf c angka 4: two
    witnesses; keterangan-ahli-waris.yaml), and the Camat's endorsement, its number and date left
    for the kecamatan to fill (the catalogue: the letter is usually endorsed by the Camat)."""
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    _widths(table, (Mm(85), Mm(80)))
    satu_halaman(table=table)
    saksi, camat = table.rows[0].cells
    # Compact, so that a usual letter (a few heirs) keeps all of it on one page: each witness signs
    # on the dotted line beside the name, with room above it.
    first = _cell_para(saksi, "Saksi-saksi:", size=11)
    first.paragraph_format.space_before = _pt(6)
    for n in ("1", "2"):
        line = _para(saksi, n + ". {{ nama_saksi_" + n + " }}\t(.........................)", bold=True, size=11)
        line.paragraph_format.space_before = _pt(16)
        line.paragraph_format.tab_stops.add_tab_stop(Mm(83), WD_TAB_ALIGNMENT.RIGHT)
        detail = _para(saksi, "NIK {{ nik_saksi_" + n + " }}, {{ alamat_saksi_" + n + " }}", size=9)
        detail.paragraph_format.left_indent = Mm(4)
    center = WD_ALIGN_PARAGRAPH.CENTER
    first = _cell_para(camat, "Mengetahui,", align=center, size=11)
    first.paragraph_format.space_before = _pt(6)
    _para(camat, "Nomor: ..............................", align=center, size=11)
    _para(camat, "Tanggal: ..............................", align=center, size=11)
    _para(camat, "CAMAT {{ wilayah.kecamatan | upper }}", bold=True, align=center, size=11)
    for _ in range(2):  # room for the signature and the stamp
        _para(camat, "", align=center, size=11)
    _para(camat, "(........................................)", align=center, size=11)
    _para(camat, "NIP. ........................................", align=center, size=11)


def main() -> None:
    from templat_dukcapil import keterangan_beda_identitas, keterangan_lahir_mati
    from templat_harta import (
        keterangan_jual_beli,
        keterangan_kepemilikan_tanah,
        keterangan_penghasilan_orang_tua,
        pernyataan_penguasaan_tanah,
        surat_kuasa,
    )
    from templat_keluarga import keterangan_tidak_mampu
    from templat_kua import (
        izin_orang_tua,
        keterangan_kematian_pasangan,
        permohonan_kehendak_nikah,
        persetujuan_calon_pengantin,
    )
    from templat_lahir_mati import keterangan_kelahiran, keterangan_kematian
    from templat_pindah_nikah import keterangan_pindah, pengantar_nikah

    OUT.mkdir(exist_ok=True)
    for name, build in (
        ("surat.docx", surat_umum),
        ("izin-keramaian.docx", izin_keramaian),
        ("keterangan-ahli-waris.docx", ahli_waris),
        ("keterangan-pindah.docx", keterangan_pindah),
        ("pengantar-nikah.docx", pengantar_nikah),
        ("keterangan-kematian.docx", keterangan_kematian),
        ("keterangan-kelahiran.docx", keterangan_kelahiran),
        ("permohonan-kehendak-nikah.docx", permohonan_kehendak_nikah),
        ("persetujuan-calon-pengantin.docx", persetujuan_calon_pengantin),
        ("izin-orang-tua.docx", izin_orang_tua),
        ("keterangan-kematian-pasangan.docx", keterangan_kematian_pasangan),
        ("keterangan-beda-identitas.docx", keterangan_beda_identitas),
        ("keterangan-lahir-mati.docx", keterangan_lahir_mati),
        ("keterangan-jual-beli.docx", keterangan_jual_beli),
        ("keterangan-kepemilikan-tanah.docx", keterangan_kepemilikan_tanah),
        ("pernyataan-penguasaan-tanah.docx", pernyataan_penguasaan_tanah),
        ("surat-kuasa.docx", surat_kuasa),
        ("keterangan-penghasilan-orang-tua.docx", keterangan_penghasilan_orang_tua),
        ("keterangan-tidak-mampu.docx", keterangan_tidak_mampu),
    ):
        doc = build()
        doc.core_properties.author = "desa"
        doc.core_properties.title = name
        doc.save(OUT / name)
        print(OUT / name)


if __name__ == "__main__":
    main()
