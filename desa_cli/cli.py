"""The `desa` command: the group, its error boundary and the wiring. No logic of its own lives here.

The commands live in `desa_cli.perintah`, one module per heading of `desa --help`. Heavy libraries
(rich, docxtpl, holidays) are imported inside the commands that use them, so that `desa --help` and
`desa syarat` start quickly on an old office laptop.
"""

from __future__ import annotations

import os
import sys

import click

from . import __version__
from .perintah import aduan, akuntabilitas, layanan, pengawasan, pengelolaan, permohonan, surat, survei
from .perintah._bersama import Aplikasi, KelompokPerintah


@click.group("desa", cls=KelompokPerintah, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--kantor",
    metavar="FOLDER",
    help="Folder kantor yang dipakai (bawaan: DESA_KANTOR, lalu kantor.yaml terdekat, lalu folder pengguna).",
)
@click.version_option(__version__, "--version", "-V", prog_name="desa")
@click.pass_context
def cli(ctx, kantor):
    """Layanan surat di loket kantor desa, kelurahan dan kecamatan.

    Persyaratan, antrean dan batas waktu yang sama untuk setiap warga.
    """
    ctx.obj = Aplikasi(kantor)


for command in (
    layanan.layanan_cmd,
    layanan.syarat_cmd,
    permohonan.ajukan_cmd,
    permohonan.lengkapi_cmd,
    permohonan.daftar_cmd,
    permohonan.lihat_cmd,
    permohonan.tolak_cmd,
    permohonan.batal_cmd,
    surat.cetak_cmd,
    surat.serahkan_cmd,
    surat.buku_cmd,
    surat.verifikasi_cmd,
    pengawasan.periksa_cmd,
    pengawasan.riwayat_cmd,
    pengawasan.ekspor_cmd,
    pengawasan.pulihkan_cmd,
    aduan.aduan_cmd,
    survei.survei_cmd,
    akuntabilitas.laporan_cmd,
    akuntabilitas.gabung_cmd,
    akuntabilitas.standar_cmd,
    akuntabilitas.maklumat_cmd,
    pengelolaan.init_cmd,
    pengelolaan.kantor_cmd,
    pengelolaan.katalog_cmd,
):
    cli.add_command(command)


def main() -> None:
    """Entry point: Click's own errors as Click shows them, anything unexpected in one line."""
    try:
        cli(prog_name="desa")
    except BrokenPipeError:
        # `desa layanan | head`: the reader left; say nothing more.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
    except Exception as exc:  # the last guard before a traceback reaches a clerk
        if os.environ.get("DESA_DEBUG"):
            raise
        click.echo(f"Kesalahan tak terduga: {exc.__class__.__name__}: {exc}", err=True)
        click.echo("Jalankan lagi dengan DESA_DEBUG=1 untuk rinciannya, lalu laporkan ke pengelola.", err=True)
        sys.exit(1)
