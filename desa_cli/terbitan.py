"""Documents the office displays or files: the service standard, the maklumat, the survey report.

What the Ombudsman's compliance assessment looks for, printable in one command each.
"""

from __future__ import annotations

import io

from . import dokumen
from .kalender import tanggal
from .katalog import teks_persyaratan
from .surat import kop as kop_teks

MAKLUMAT = (
    "Dengan ini kami menyatakan sanggup menyelenggarakan pelayanan sesuai standar pelayanan yang telah "
    "ditetapkan, dan apabila tidak menepati janji ini, kami siap menerima sanksi sesuai peraturan "
    "perundang-undangan yang berlaku."
)


def _baru(kantor, footer: str = ""):
    doc = dokumen.document(footer, kantor.data["kertas"])
    lines = kop_teks(kantor)
    baris = [(lines["pemerintah"], 13)]
    if lines["kecamatan"]:
        baris.append((lines["kecamatan"], 13))
    baris += [(lines["kantor"], 16), (lines["alamat"], 9)]
    if lines["kontak"]:
        baris.append((lines["kontak"], 9))
    dokumen.kop(doc, [b for b in baris if b[0]], kantor.logo)
    return doc


def _simpan(doc) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _judul(doc, text: str, sub: str = "") -> None:
    dokumen.para(doc, text.upper(), bold=True, underline=True, size=12, align=dokumen.CENTER, after=2 if sub else 12)
    if sub:
        dokumen.para(doc, sub, align=dokumen.CENTER, after=12)


def _tanda_tangan(doc, kantor, hari, size=None) -> None:
    head = kantor.data["penandatangan"]["kepala"]
    tempat = kantor.data["kecamatan"] if kantor.tingkat == "kecamatan" else kantor.data["desa"]
    table = doc.add_table(rows=1, cols=2)
    dokumen.no_borders(table)
    dokumen.widths(table, (dokumen.Mm(75), dokumen.Mm(90)))
    sign = table.rows[0].cells[1]
    dokumen.cell_para(sign, f"{tempat}, {tanggal(hari)}", align=dokumen.CENTER, size=size)
    dokumen.para(sign, f"{head['jabatan']} {tempat}".upper(), bold=True, align=dokumen.CENTER, size=size)
    for _ in range(4):
        dokumen.para(sign, "", align=dokumen.CENTER, size=size)
    dokumen.para(sign, head["nama"], bold=True, underline=True, align=dokumen.CENTER, size=size)
    if head.get("nip"):
        dokumen.para(sign, f"NIP. {head['nip']}", align=dokumen.CENTER, size=size)


def _bagian(doc, nomor: int, judul: str, isi: list, numbered: bool = True) -> None:
    dokumen.para(doc, f"{nomor}. {judul}", bold=True, after=2)
    for i, item in enumerate(isi, 1):
        prefix = f"{i}) " if numbered and len(isi) > 1 else ""
        line = dokumen.para(doc, f"{prefix}{item}", after=1)
        line.paragraph_format.left_indent = dokumen.Mm(6)
    dokumen.para(doc, "", after=4)


def _persyaratan(item: dict) -> str:
    return teks_persyaratan(item) + ("" if item.get("wajib", True) else " [tidak wajib]")


def _kaki(text: str, rantai: str) -> str:
    # The register's chain head on a displayed document: one more outside witness of the register.
    return f"{text}. {rantai}" if rantai else text


def _isi_standar(doc, layanan) -> None:
    data = layanan.data
    _judul(doc, "Standar Pelayanan", data["nama"])
    _bagian(doc, 1, "Persyaratan", [_persyaratan(p) for p in data["persyaratan"]])
    _bagian(doc, 2, "Sistem, mekanisme dan prosedur", data["prosedur"])
    _bagian(doc, 3, "Jangka waktu pelayanan", [layanan.waktu_teks], numbered=False)
    _bagian(doc, 4, "Biaya/tarif", [layanan.biaya_teks], numbered=False)
    _bagian(doc, 5, "Produk pelayanan", [data["produk"]], numbered=False)
    _bagian(doc, 6, "Penanganan pengaduan, saran dan masukan", data["pengaduan"])
    _bagian(doc, 7, "Dasar hukum", data["dasar_hukum"])


def standar(kantor, daftar: list, hari, rantai: str = "") -> bytes:
    """The public part of the service standard (PermenPAN-RB 15/2014): each service from a new
    page, in a section of its own whose header names the office and the service on every page,
    so a page taken off the board still says whose standard it is."""
    doc = _baru(kantor)
    for index, layanan in enumerate(daftar):
        if index:
            dokumen.halaman_baru(doc)
        _isi_standar(doc, layanan)
    kaki = _kaki(f"Standar pelayanan {kantor.nama}, {tanggal(hari)}", rantai)
    for section, layanan in zip(doc.sections, daftar, strict=True):
        dokumen.kepala_kaki(section, f"{kantor.nama}: standar pelayanan {layanan.data['nama']}", kaki)
    return _simpan(doc)


# The maklumat is a poster on the service room's wall, read from a few steps away: the title
# largest, the pledge large enough to fill the page (smaller as an office's own text grows longer),
# the signature block larger than a letter's.
UKURAN_MAKLUMAT = {"judul": 36, "tanda_tangan": 14}


def ukuran_isi_maklumat(teks: str) -> int:
    """The pledge's font size (points) for its length: about 220 characters fill an F4 page at 24."""
    for limit, size in ((300, 24), (500, 20), (800, 16), (1200, 13)):
        if len(teks) <= limit:
            return size
    return 12


def maklumat(kantor, teks: str, hari) -> bytes:
    """The service declaration, signed by the head of the office."""
    doc = _baru(kantor)
    size = ukuran_isi_maklumat(teks)
    title = dokumen.para(doc, "MAKLUMAT PELAYANAN", bold=True, size=UKURAN_MAKLUMAT["judul"], align=dokumen.CENTER)
    title.paragraph_format.space_before = dokumen.Pt(48)
    title.paragraph_format.space_after = dokumen.Pt(8)
    dokumen.para(doc, kantor.nama.upper(), bold=True, size=18, align=dokumen.CENTER, after=56)
    body = dokumen.para(doc, teks.upper(), bold=True, size=size, align=dokumen.CENTER, after=80)
    body.paragraph_format.line_spacing = 1.5
    _tanda_tangan(doc, kantor, hari, size=UKURAN_MAKLUMAT["tanda_tangan"])
    return _simpan(doc)


def laporan_survei(kantor, hasil: dict, hari, rantai: str = "") -> bytes:
    """The survey's report: per element and overall, with the grade; the 0.111 figure beside it when
    its grade differs. (Why the weight is exactly 1/9: desa_cli/survei.py, not a footnote here.)"""
    from .angka import angka
    from .survei import catatan_survei

    doc = _baru(kantor, _kaki(f"Laporan survei kepuasan masyarakat {kantor.nama}, {hasil['periode']}", rantai))
    _judul(doc, "Laporan Survei Kepuasan Masyarakat", f"Periode {hasil['periode']}")
    dokumen.para(doc, f"Jumlah responden: {hasil['responden']} orang.", after=6)
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    dokumen.widths(table, (dokumen.Mm(12), dokumen.Mm(98), dokumen.Mm(25), dokumen.Mm(35)))
    for cell, head in zip(table.rows[0].cells, ("No.", "Unsur pelayanan", "NRR", "Nilai (25-100)"), strict=False):
        dokumen.cell_para(cell, head, bold=True, align=dokumen.CENTER)
    for number, row in enumerate(hasil["unsur"], 1):
        cells = table.add_row().cells
        figures = (angka(row["nrr"], 3), angka(row["konversi"], 2))  # Indonesian style: 87,50
        for cell, value in zip(cells, (str(number), row["label"], *figures), strict=False):
            dokumen.cell_para(cell, value, align=dokumen.LEFT if value == row["label"] else dokumen.CENTER)
    dokumen.para(doc, "", after=6)
    dokumen.data_table(
        doc,
        [
            ("Nilai IKM", f"{angka(hasil['ikm'], 3)} (skala 1-4)"),
            ("Nilai konversi", angka(hasil["ikm_konversi"], 2)),
            ("Mutu pelayanan", f"{hasil['mutu']} ({hasil['kinerja']})"),
        ],
    )
    for line in catatan_survei(hasil, angka):
        dokumen.para(doc, line, after=2)
    dokumen.para(doc, "", after=12)
    _tanda_tangan(doc, kantor, hari)
    return _simpan(doc)
