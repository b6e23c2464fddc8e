"""The `desa` command: the group, its error boundary and the wiring. No logic of its own lives here.

The commands live in `desa_cli.perintah`, one module per heading of `desa --help`. Heavy libraries
(rich, docxtpl, holidays) are imported inside the commands that use them, so that `desa --help` and
`desa syarat` start quickly on an old office laptop.
"""

from __future__ import annotations

import codecs
import os
import sys

import click

from . import __version__
from .kesalahan import pipa_tertutup
from .perintah import (
    aduan,
    akuntabilitas,
    buku_lain,
    layanan,
    meja,
    papan,
    penduduk,
    pengawasan,
    pengelolaan,
    permohonan,
    surat,
    survei,
)
from .perintah._bersama import KELOMPOK, Aplikasi, KelompokPerintah


@click.group("desa", cls=KelompokPerintah, kelompok=KELOMPOK, context_settings={"help_option_names": ["-h", "--help"]})
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
    permohonan.prioritas_cmd,
    permohonan.daftar_cmd,
    permohonan.lihat_cmd,
    permohonan.tanda_terima_cmd,
    permohonan.tolak_cmd,
    permohonan.batal_cmd,
    surat.cetak_cmd,
    surat.serahkan_cmd,
    surat.buku_cmd,
    buku_lain.surat_masuk_cmd,
    surat.verifikasi_cmd,
    pengawasan.periksa_cmd,
    pengawasan.riwayat_cmd,
    pengawasan.ekspor_cmd,
    pengawasan.pulihkan_cmd,
    meja.cadangkan_cmd,
    aduan.aduan_cmd,
    survei.survei_cmd,
    akuntabilitas.laporan_cmd,
    akuntabilitas.gabung_cmd,
    akuntabilitas.standar_cmd,
    akuntabilitas.maklumat_cmd,
    papan.papan_cmd,
    pengelolaan.init_cmd,
    pengelolaan.kantor_cmd,
    pengelolaan.katalog_cmd,
    meja.register_cmd,
    penduduk.penduduk_cmd,
):
    cli.add_command(command)


# What stands in for a character the screen or a redirected file cannot hold (a Windows code page
# such as cp1252 or cp437): the marks of `desa periksa` and `desa lihat` stay told apart.
PENGGANTI = {"✓": "v", "✗": "x", "•": "*", "—": "-", "–": "-", "…": "...", "‘": "'", "’": "'", "“": '"', "”": '"'}


def ganti_tak_tertulis(exc: UnicodeError):
    """Codec error handler: an ASCII stand-in for each character the encoding lacks (accents
    dropped, else '?'), so output never stops half-way on a console or file that is not UTF-8."""
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    import unicodedata

    parts = []
    for char in exc.object[exc.start : exc.end]:
        stand_in = PENGGANTI.get(char)
        if stand_in is None:
            stand_in = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode("ascii") or "?"
        parts.append(stand_in)
    return "".join(parts), exc.end


codecs.register_error("desa-ganti", ganti_tak_tertulis)


def siapkan_layar(stream) -> None:
    """Let `stream` (sys.stdout or sys.stderr) write any text: characters its encoding lacks are
    replaced instead of raising UnicodeEncodeError. A stream that already copes (surrogateescape)
    or cannot be reconfigured (none at all under pythonw) is left as it is."""
    if stream is None or getattr(stream, "errors", None) not in ("strict", "backslashreplace"):
        return
    try:
        stream.reconfigure(errors="desa-ganti")
    except (AttributeError, ValueError, OSError):
        pass


def diamkan_stdout() -> None:
    """The reader left: what is still buffered for stdout goes nowhere, quietly."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (AttributeError, ValueError, OSError):
        pass


def main() -> None:
    """Entry point: Click's own errors as Click shows them, anything unexpected in one line."""
    siapkan_layar(sys.stdout)
    siapkan_layar(sys.stderr)
    try:
        try:
            # No %VAR%, ~ or glob expansion on Windows: free text such as --alasan "100% ~ *" stays as typed.
            cli(prog_name="desa", windows_expand_args=False)
        finally:
            if sys.stdout is not None:
                sys.stdout.flush()  # a pipe closed at the last write is caught here, not at exit
    except OSError as exc:
        if not pipa_tertutup(exc):
            _tak_terduga(exc)
        # `desa layanan | head`, `desa daftar | more` then q: the reader left; say nothing more.
        diamkan_stdout()
        sys.exit(0)
    except Exception as exc:  # the last guard before a traceback reaches a clerk
        _tak_terduga(exc)


def _tak_terduga(exc: Exception) -> None:
    if os.environ.get("DESA_DEBUG"):
        raise exc
    click.echo(f"Kesalahan tak terduga: {exc.__class__.__name__}: {exc}", err=True)
    click.echo("Jalankan lagi dengan DESA_DEBUG=1 untuk rinciannya, lalu laporkan ke pengelola.", err=True)
    sys.exit(1)
