"""Commands under 'Layanan dan persyaratan': layanan, syarat."""

from __future__ import annotations

import click

from ._bersama import cetak_json, opsi_json, pass_app
from .jenis import TINGKAT_KANTOR


@click.command("layanan")
@click.argument("kata", nargs=-1)
@click.option("--tingkat", type=TINGKAT_KANTOR, help="Hanya layanan tingkat ini.")
@opsi_json
@pass_app
def layanan_cmd(app, kata, tingkat, as_json):
    """Daftar layanan: kode, nama, tingkat, waktu dan biaya.

    KATA menyaring layanan, misalnya 'desa layanan usaha'.
    """
    from ..katalog import saring

    kata = " ".join(kata)
    daftar = saring(app.katalog(), kata)
    if tingkat:
        daftar = [layanan for layanan in daftar if layanan.tingkat == tingkat]
    if as_json:
        cetak_json([layanan.data for layanan in daftar])
        return
    from .. import tampil

    if not daftar:
        click.echo(f"Tidak ada layanan yang cocok dengan '{kata}'. Lihat semua layanan dengan 'desa layanan'.")
        return
    tampil.cetak(tampil.tabel_layanan(daftar))
    click.echo("Lihat persyaratan satu layanan dengan: desa syarat KODE")


@click.command("syarat")
@click.argument("kode", nargs=-1, required=True, metavar="KODE")
@opsi_json
@pass_app
def syarat_cmd(app, kode, as_json):
    """Standar pelayanan satu layanan: persyaratan, prosedur, waktu, biaya.

    KODE boleh kode layanan (izin-keramaian), singkatan (sktm) atau kata dari namanya,
    tanpa tanda kutip (surat keterangan usaha).
    """
    from ..katalog import cari

    layanan = cari(app.katalog(), " ".join(kode), app.tingkat())
    if as_json:
        cetak_json(layanan.data)
        return
    from .. import tampil

    tampil.cetak(tampil.standar_layanan(layanan))
