"""Command under 'Untuk dipajang dan dilaporkan': papan (the queue board for the waiting room)."""

from __future__ import annotations

import click

from ..kesalahan import DesaError
from ._bersama import pass_app

# The board on disk is written again by any change to the register; a quiet office still needs the
# days left and the clock to move, so a server writes it again at most this often on its own.
SEGARKAN_DETIK = 60
# With several desks (PostgreSQL) the other desks' changes do not rewrite this desk's board: a
# screen's request reads the register again sooner (a read-only snapshot, no desk waits for it).
SEGARKAN_DETIK_MEJA = 10


@click.command("papan")
@click.option("--sajikan", is_flag=True, help="Sajikan papan di jaringan kantor untuk layar TV atau komputer lain.")
@click.option(
    "--alamat",
    default="127.0.0.1",
    show_default=True,
    metavar="ALAMAT",
    help="Alamat yang didengar server; 0.0.0.0 agar layar lain di jaringan kantor bisa membuka.",
)
@click.option(
    "--port", type=click.IntRange(0, 65535), default=8080, show_default=True, metavar="PORT", help="Port server."
)
@pass_app
def papan_cmd(app, sajikan, alamat, port):
    """Papan antrean untuk layar di ruang tunggu (papan/index.html di folder kantor).

    Menampilkan antrean menurut urutan datang (inisial pemohon saja), surat yang siap diambil
    hari ini, waktu penyelesaian, biaya dan saluran pengaduan. Sesudah perintah ini dijalankan sekali,
    papan ditulis ulang setiap kali register berubah.
    """
    if not sajikan:
        ctx = click.get_current_context()
        given = [f"--{n}" for n in ("alamat", "port") if ctx.get_parameter_source(n).name != "DEFAULT"]
        if given:
            raise click.UsageError(f"{' dan '.join(given)} hanya berlaku dengan --sajikan.")
    info = app.kantor()
    path = app.tulis_papan(info)
    click.echo(f"Papan ditulis: {path}")
    if not sajikan:
        click.echo("Buka berkas itu di peramban layar ruang tunggu, atau sajikan dengan 'desa papan --sajikan'.")
        return
    _sajikan(app, info, path, alamat, port)


def _sajikan(app, info, path, alamat: str, port: int) -> None:
    import errno
    import os
    import time

    from .. import meja, papan

    umur = SEGARKAN_DETIK_MEJA if meja.url_kantor(info) else SEGARKAN_DETIK

    def segarkan():
        # Only when the page on disk is old (or gone): a screen asking every 30 s takes the lock rarely.
        try:
            fresh = time.time() - os.path.getmtime(path) < umur
        except OSError:
            fresh = False
        if not fresh:
            app.tulis_papan(info)

    try:
        server = papan.buat_server(path, alamat, port, segarkan)
    except OSError as exc:
        if exc.errno in (errno.EADDRINUSE, getattr(errno, "WSAEADDRINUSE", None)):
            raise DesaError(f"Port {port} di {alamat} sudah dipakai program lain; pilih --port yang lain.") from None
        why = exc.strerror or str(exc)
        raise DesaError(
            f"Papan tidak bisa disajikan di {alamat}:{port} ({why}). Pakai --alamat 127.0.0.1 atau 0.0.0.0, "
            "atau --port yang lain."
        ) from None
    host, real_port = server.server_address[:2]
    click.echo(f"Papan disajikan di http://{_tampak(host)}:{real_port}/ (hanya baca). Hentikan dengan Ctrl-C.")
    if host in ("0.0.0.0", "::"):
        click.echo("Di layar lain, buka alamat itu dengan alamat IP komputer ini di jaringan kantor.")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("\nPapan berhenti disajikan.")
    finally:
        server.server_close()


def _tampak(host: str) -> str:
    return "localhost" if host in ("127.0.0.1", "::1") else host
