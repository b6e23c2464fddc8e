"""The `desa aduan` group (under 'Pengawasan'): catat, tanggapi, selesai, daftar."""

from __future__ import annotations

import click

from ._bersama import KelompokPerintah, cetak_json, opsi_json, pass_app
from .jenis import NOREG

KELAS_ADUAN = {
    "informasi": "permintaan informasi atau aduan sederhana",
    "tanpa_pemeriksaan": "aduan yang tidak perlu pemeriksaan lapangan",
    "pemeriksaan_lapangan": "aduan yang perlu pemeriksaan lapangan",
}


@click.group("aduan", cls=KelompokPerintah)
def aduan_cmd():
    """Pengaduan, saran dan masukan: catat, tanggapi, selesaikan tepat waktu."""


@aduan_cmd.command("catat")
@click.option("--nama", required=True, help="Nama pelapor (boleh 'Tanpa nama').")
@click.option("--kontak", help="Telepon atau alamat untuk jawaban.")
@click.option("--layanan", "layanan_kode", help="Layanan yang diadukan.")
@click.option("--noreg", type=NOREG, help="Nomor registrasi permohonan yang diadukan.")
@click.option("--isi", required=True, help="Isi aduan.")
@click.option("--kelas", type=click.Choice(list(KELAS_ADUAN)), default="informasi", show_default=True,
              help="Menentukan batas waktu penyelesaian.")  # fmt: skip
@opsi_json
@pass_app
def aduan_catat_cmd(app, nama, kontak, layanan_kode, noreg, isi, kelas, as_json):
    """Catat aduan baru, dengan nomor dan batas waktunya."""
    from .. import aduan as buku_aduan  # the core (this module holds the commands)

    info = app.kantor()
    kode = None
    if layanan_kode:
        from ..katalog import cari

        kode = cari(app.katalog(), layanan_kode, info.tingkat).kode
    data = {"pelapor": nama, "kontak": kontak or "", "layanan": kode, "noreg": noreg, "isi": isi, "kelas": kelas}
    with app.register(info) as reg:
        if noreg:
            data["noreg"] = reg.ambil(noreg)["noreg"]
        record = buku_aduan.catat(reg, data, info.data["batas_pengaduan"])
    if as_json:
        cetak_json(record)
        return
    from ..kalender import hari_tanggal

    click.echo(f"Aduan {record['nomor']} tercatat ({KELAS_ADUAN[kelas]}).")
    click.echo(f"  Tanggapan awal paling lambat {hari_tanggal(record['batas_tanggapan'])}.")
    click.echo(f"  Selesai paling lambat {hari_tanggal(record['batas_selesai'])}.")


@aduan_cmd.command("tanggapi")
@click.argument("nomor")
@click.option("--isi", required=True, help="Isi tanggapan.")
@opsi_json
@pass_app
def aduan_tanggapi_cmd(app, nomor, isi, as_json):
    """Catat tanggapan atas aduan."""
    from .. import aduan as buku_aduan  # the core (this module holds the commands)

    with app.register() as reg:
        record = buku_aduan.ubah(reg, nomor, "aduan_tanggapi", isi)
    cetak_json(record) if as_json else click.echo(f"Aduan {record['nomor']}: tanggapan dicatat.")


@aduan_cmd.command("selesai")
@click.argument("nomor")
@click.option("--isi", help="Penyelesaian yang disampaikan kepada pelapor.")
@click.option("--alasan", help="Alasan menutup aduan yang belum ditanggapi (misalnya pelapor tidak dapat dihubungi).")
@opsi_json
@pass_app
def aduan_selesai_cmd(app, nomor, isi, alasan, as_json):
    """Tandai aduan selesai (sesudah 'desa aduan tanggapi', atau dengan --alasan)."""
    from .. import aduan as buku_aduan  # the core (this module holds the commands)

    with app.register() as reg:
        record = buku_aduan.ubah(reg, nomor, "aduan_selesai", isi, alasan)
    cetak_json(record) if as_json else click.echo(f"Aduan {record['nomor']} selesai.")


@aduan_cmd.command("daftar")
@click.option("--semua", is_flag=True, help="Termasuk yang sudah selesai.")
@opsi_json
@pass_app
def aduan_daftar_cmd(app, semua, as_json):
    """Daftar aduan; yang lewat batas waktu ditandai."""
    from .. import aduan as buku_aduan  # the core (this module holds the commands)

    info = app.kantor()
    with app.register(info) as reg:
        records = buku_aduan.daftar(reg)
        today = reg.sekarang.date()
    if not semua:
        records = [r for r in records if r["status"] != "selesai"]
    for record in records:
        record["terlambat"] = buku_aduan.terlambat(record, today)
    if as_json:
        cetak_json(records)
        return
    if not records:
        click.echo("Tidak ada aduan yang terbuka." if not semua else "Belum ada aduan.")
        return
    from .. import tampil

    tampil.cetak(tampil.aduan(records))
