"""Commands for an office with several desks: kantor ambil/terbitkan, register pindah, cadangkan."""

from __future__ import annotations

import click

from ..kesalahan import DesaError
from ._bersama import KelompokPerintah, pass_app


def _url_wajib(info) -> str:
    from .. import meja

    url = meja.url_kantor(info)
    if url is None:
        raise DesaError(
            "Register kantor ini berupa berkas di satu komputer; perintah ini untuk kantor dengan register "
            "di PostgreSQL (lihat 'desa register pindah --ke URL')."
        )
    return url


@click.command("ambil")
@pass_app
def ambil_cmd(app):
    """Samakan meja ini dengan standar kantor di basis data (kantor.yaml, katalog, templat)."""
    from .. import meja

    info = app.kantor()
    written = meja.ambil_standar(_url_wajib(info), info.folder)
    if written:
        click.echo(f"Diambil dari basis data: {', '.join(written)}.")
    else:
        click.echo("Meja ini sudah sama dengan standar kantor.")


@click.command("terbitkan")
@click.option("--alasan", required=True, help="Mengapa standar kantor berubah (dicatat di riwayat).")
@pass_app
def terbitkan_cmd(app, alasan):
    """Jadikan kantor.yaml, katalog dan templat meja ini standar kantor untuk semua meja."""
    from .. import meja
    from ..isian import alasan_wajib

    info = app.kantor()
    _url_wajib(info)
    app.katalog()  # a catalogue with a fault is never made the office's standard
    marked = meja.terbitkan(info, app.petugas(), app.sekarang(), alasan_wajib(alasan))
    click.echo(
        f"Standar kantor diperbarui ({len(marked) - 1} berkas). Meja lain menyamakan diri dengan 'desa kantor ambil'."
    )


@click.group("register", cls=KelompokPerintah)
def register_cmd():
    """Letak register: pindahkan antara berkas di satu komputer dan PostgreSQL untuk beberapa meja."""


@register_cmd.command("pindah")
@click.option(
    "--ke",
    "tujuan",
    required=True,
    metavar="URL|berkas",
    help="postgresql://... untuk beberapa meja, atau 'berkas' untuk kembali ke berkas di komputer ini.",
)
@pass_app
def pindah_cmd(app, tujuan):
    """Pindahkan register (dan arsip surat) ke PostgreSQL atau kembali ke berkas; diperiksa di kedua sisi."""
    from .. import register_pindah

    info = app.kantor()
    app.katalog()
    if tujuan.strip().lower() == "berkas":
        hasil = register_pindah.ke_berkas(info, _url_wajib(info), app.petugas(), app.sekarang())
    else:
        hasil = register_pindah.ke_pg(info, tujuan.strip(), app.petugas(), app.sekarang())
    click.echo(
        f"Register dipindah ke {hasil['ke']}: {hasil['dokumen']} dokumen, {hasil['surat']} surat arsip; "
        f"diperiksa di kedua sisi, {hasil['peristiwa']} peristiwa utuh. Register lama disimpan di {hasil['lama']}."
    )


@click.command("cadangkan")
@click.option("--ke", "berkas", metavar="BERKAS", help="Berkas cadangan (bawaan: data/cadangan/desa-WAKTU.dump).")
@pass_app
def cadangkan_cmd(app, berkas):
    """Cadangkan register PostgreSQL dengan pg_dump (register berkas dicadangkan otomatis tiap hari)."""
    from pathlib import Path

    from .. import register_pindah

    info = app.kantor()
    url = _url_wajib(info)
    target = Path(berkas) if berkas else None
    made = register_pindah.cadangkan(info, url, target, app.sekarang())
    click.echo(f"Cadangan ditulis: {made}. Pulihkan dengan 'desa pulihkan --dump {made}'.")


def pasang(kantor_cmd) -> None:
    for command in (ambil_cmd, terbitkan_cmd):
        kantor_cmd.add_command(command)
