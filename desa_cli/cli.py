"""The `desa` command: parse, call the core, show the result. No logic of its own lives here.

Heavy libraries (rich, and later docxtpl, holidays) are imported inside the commands that use
them, so that `desa --help` and `desa syarat` start quickly on an old office laptop.
"""

from __future__ import annotations

import json
import os
import sys

import click

from . import __version__, klik_id
from .kesalahan import DesaError

klik_id.pasang()

# Commands under headings in `desa --help`, in the order a clerk meets them.
KELOMPOK = (
    ("Layanan dan persyaratan", ("layanan", "syarat")),
    ("Pengelolaan", ("katalog",)),
)


class Aplikasi:
    """What every command shares: the office in use, the catalogue, the screen."""

    def __init__(self, kantor: str | None):
        self.opsi_kantor = kantor
        self._lokasi = None
        self._lokasi_dicari = False

    @property
    def lokasi(self):
        """The office folder in use, or None when there is none yet."""
        if not self._lokasi_dicari:
            from . import kantor

            self._lokasi = kantor.find(self.opsi_kantor)
            self._lokasi_dicari = True
        return self._lokasi

    def folder_katalog(self) -> list:
        from . import katalog

        folders = [katalog.bundled_folder()]
        if self.lokasi is not None:
            folders.append(self.lokasi.katalog)
        return folders

    def katalog(self, utuh: bool = True):
        """The catalogue in force; with `utuh`, refuse to go on while any file is wrong."""
        from . import katalog

        loaded = katalog.load(self.folder_katalog())
        if utuh and loaded.faults:
            raise katalog.KatalogRusak(loaded.faults)
        return loaded

    def tingkat(self) -> str:
        from . import kantor

        return kantor.read_tingkat(self.lokasi)


def cetak_json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


class KelompokPerintah(click.Group):
    """A group that lists its commands under headings and turns refusals into one clean line."""

    def list_commands(self, ctx):
        order = [name for _, names in KELOMPOK for name in names]
        rest = sorted(name for name in self.commands if name not in order)
        return [name for name in order if name in self.commands] + rest

    def format_commands(self, ctx, formatter):
        placed = set()
        for heading, names in KELOMPOK:
            self._section(ctx, formatter, heading, [n for n in names if n in self.commands])
            placed.update(names)
        self._section(ctx, formatter, "Perintah lain", sorted(n for n in self.commands if n not in placed))

    def _section(self, ctx, formatter, heading, names):
        rows = []
        for name in names:
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=formatter.width - 20)))
        if rows:
            with formatter.section(heading):
                formatter.write_dl(rows)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except DesaError as exc:
            raise click.ClickException(str(exc)) from None


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


pass_app = click.make_pass_decorator(Aplikasi)
opsi_json = click.option("--json", "as_json", is_flag=True, help="Keluaran JSON untuk skrip.")


@cli.command()
@click.argument("kata", required=False)
@click.option("--tingkat", type=click.Choice(["desa", "kelurahan", "kecamatan"]), help="Hanya layanan tingkat ini.")
@opsi_json
@pass_app
def layanan(app, kata, tingkat, as_json):
    """Daftar layanan: kode, nama, tingkat, waktu dan biaya.

    KATA menyaring layanan, misalnya 'desa layanan usaha'.
    """
    from .katalog import saring

    daftar = saring(app.katalog(), kata)
    if tingkat:
        daftar = [layanan for layanan in daftar if layanan.tingkat == tingkat]
    if as_json:
        cetak_json([layanan.data for layanan in daftar])
        return
    from . import tampil

    if not daftar:
        click.echo(f"Tidak ada layanan yang cocok dengan '{kata}'. Lihat semua layanan dengan 'desa layanan'.")
        return
    tampil.cetak(tampil.tabel_layanan(daftar))
    click.echo("Lihat persyaratan satu layanan dengan: desa syarat KODE")


@cli.command()
@click.argument("kode")
@opsi_json
@pass_app
def syarat(app, kode, as_json):
    """Standar pelayanan satu layanan: persyaratan, prosedur, waktu, biaya.

    KODE boleh kode layanan (izin-keramaian), singkatan (sktm) atau kata dari namanya (keramaian).
    """
    from .katalog import cari

    layanan = cari(app.katalog(), kode, app.tingkat())
    if as_json:
        cetak_json(layanan.data)
        return
    from . import tampil

    tampil.cetak(tampil.standar_layanan(layanan))


@cli.group(cls=KelompokPerintah)
def katalog():
    """Periksa katalog layanan bawaan dan milik kantor."""


@katalog.command("periksa")
@opsi_json
@pass_app
def katalog_periksa(app, as_json):
    """Periksa semua berkas katalog dan laporkan semua kesalahan sekaligus."""
    loaded = app.katalog(utuh=False)
    if as_json:
        cetak_json(
            {
                "berkas": loaded.files,
                "layanan": len(loaded.layanan),
                "kesalahan": [
                    {"berkas": str(f.path), "baris": f.line, "bagian": f.field, "alasan": f.reason}
                    for f in loaded.faults
                ],
            }
        )
    else:
        for fault in loaded.faults:
            click.echo(str(fault), err=True)
        folders = " dan ".join(str(f) for f in app.folder_katalog() if f.is_dir())
        if loaded.faults:
            click.echo(f"{len(loaded.faults)} kesalahan dalam {loaded.files} berkas katalog ({folders}).", err=True)
        else:
            click.echo(f"Katalog baik: {loaded.files} berkas, {len(loaded.layanan)} layanan ({folders}).")
    if loaded.faults:
        sys.exit(1)


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
