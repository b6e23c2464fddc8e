"""The counter's other books (under 'Surat'): `desa buku catat` and `desa buku batal` for letters
made outside desa, and the `desa surat-masuk` group (catat, daftar)."""

from __future__ import annotations

import click

from ._bersama import KelompokPerintah, cetak_json, opsi_json, pass_app
from .surat import buku_cmd


@buku_cmd.command("catat")
@click.option("--klasifikasi", "kode", required=True, help="Kode klasifikasi surat, misalnya 005 atau 474.1.")
@click.option("--perihal", required=True, help="Perihal (isi singkat) surat.")
@click.option("--tujuan", required=True, help="Kepada siapa surat ditujukan.")
@click.option("--tanggal", help="Tanggal surat, YYYY-MM-DD (bawaan: hari ini).")
@opsi_json
@pass_app
def buku_catat_cmd(app, kode, perihal, tujuan, tanggal, as_json):
    """Beri nomor surat yang dibuat di luar aplikasi (undangan, surat dinas) dari urutan yang sama."""
    from .. import buku_surat
    from ..surat_masuk import tanggal_iso

    hari = tanggal_iso(tanggal, "--tanggal") if tanggal else None
    info = app.kantor()
    with app.register(info) as reg:
        entry = buku_surat.catat_luar(reg, info.data, kode, perihal, tujuan, hari)
    if as_json:
        cetak_json(entry)
        return
    from ..kalender import tanggal as tulis_tanggal
    from ..tampil import terlihat

    click.echo(f"Nomor surat: {entry['nomor']}")
    click.echo(terlihat(f"  {tulis_tanggal(entry['tanggal'])}, kepada {entry['tujuan']}: {entry['perihal']}"))
    click.echo(f"  Tercatat di buku surat keluar {entry['tanggal'][:4]} no. urut {entry['urut']}.")


@buku_cmd.command("batal")
@click.argument("urut", type=click.IntRange(min=1))
@click.option("--tahun", type=int, help="Tahun buku (bawaan: tahun ini).")
@click.option("--alasan", required=True, help="Mengapa nomor ini dibatalkan.")
@opsi_json
@pass_app
def buku_batal_cmd(app, urut, tahun, alasan, as_json):
    """Batalkan nomor surat buatan luar (nomor urut URUT); nomornya tetap di buku, bertanda batal."""
    from .. import buku_surat

    with app.register() as reg:
        entry = buku_surat.batal_luar(reg, tahun or reg.sekarang.year, urut, alasan)
    if as_json:
        cetak_json(entry)
    else:
        click.echo(f"Nomor surat {entry['nomor']} dibatalkan; nomornya tetap tercatat di buku.")


@click.group("surat-masuk", cls=KelompokPerintah)
def surat_masuk_cmd():
    """Buku agenda surat masuk: catat surat yang diterima kantor, dan daftarnya."""


@surat_masuk_cmd.command("catat")
@click.option("--tanggal-terima", help="Tanggal surat diterima, YYYY-MM-DD (bawaan: hari ini).")
@click.option("--nomor", required=True, help="Nomor surat yang diterima.")
@click.option("--tanggal-surat", required=True, help="Tanggal surat itu, YYYY-MM-DD.")
@click.option("--pengirim", required=True, help="Pengirim surat.")
@click.option("--perihal", required=True, help="Perihal (isi singkat) surat.")
@click.option("--disposisi", help="Disposisi: kepada siapa surat diteruskan, dan untuk apa.")
@opsi_json
@pass_app
def surat_masuk_catat_cmd(app, tanggal_terima, nomor, tanggal_surat, pengirim, perihal, disposisi, as_json):
    """Catat surat masuk, dengan nomor agenda tahun ini."""
    from .. import surat_masuk

    data = {
        "tanggal_surat": surat_masuk.tanggal_iso(tanggal_surat, "--tanggal-surat"),
        "nomor_surat": nomor,
        "pengirim": pengirim,
        "perihal": perihal,
        "disposisi": disposisi,
    }
    terima = surat_masuk.tanggal_iso(tanggal_terima, "--tanggal-terima") if tanggal_terima else None
    with app.register() as reg:
        data["tanggal_terima"] = terima or reg.sekarang.date()
        record = surat_masuk.catat(reg, data)
    if as_json:
        cetak_json(record)
        return
    from ..tampil import terlihat

    click.echo(f"Surat masuk {record['nomor']} tercatat.")
    click.echo(terlihat(f"  {record['nomor_surat']} dari {record['pengirim']}: {record['perihal']}"))


@surat_masuk_cmd.command("daftar")
@click.option("--tahun", type=int, help="Tahun agenda (bawaan: tahun ini).")
@click.option("--xlsx", "xlsx_path", metavar="BERKAS", help="Tulis buku agenda surat masuk ke BERKAS.xlsx.")
@opsi_json
@pass_app
def surat_masuk_daftar_cmd(app, tahun, xlsx_path, as_json):
    """Buku agenda surat masuk setahun: tanggal terima, nomor, tanggal, pengirim, perihal, disposisi."""
    from .. import surat_masuk
    from ._bersama import periksa_keluaran

    periksa_keluaran(xlsx_path, akhiran=(".xlsx",))
    info = app.kantor() if xlsx_path else None
    with app.register(info, baca_saja=True) as reg:
        tahun = tahun or reg.sekarang.year
        entries = surat_masuk.daftar(reg.tx, tahun)
    if xlsx_path:
        from .. import keluaran

        keluaran.tulis(xlsx_path, surat_masuk.ke_xlsx(entries, info.nama, tahun))
        click.echo(f"Ditulis: {xlsx_path}")
    elif as_json:
        cetak_json(entries)
    elif not entries:
        click.echo(f"Buku agenda surat masuk {tahun} masih kosong.")
    else:
        from .. import tampil, tampil_masuk

        tampil.cetak(tampil_masuk.surat_masuk(entries, tahun))
