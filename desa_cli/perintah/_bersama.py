"""What the command modules share: the app object, the --json option and output, the prompts,
the fair-queue warning, the output-file checks, and the group class with the error boundary.

Imported by `desa_cli.cli` and by every module of `desa_cli.perintah`; imports none of them.
"""

from __future__ import annotations

import json
import os
import sys

import click

from .. import klik_id
from ..kesalahan import DesaError, bukan_utf8, pesan_berkas, pipa_tertutup

klik_id.pasang()


def papan_aktif(folder) -> bool:
    """Whether the office has a waiting-room board to keep up to date (cheap: one stat)."""
    return os.path.isdir(os.path.join(folder, "papan"))


def peringatan_papan(exc: Exception) -> None:
    """The board was not written: one line on stderr, in words; the command itself succeeded."""
    if isinstance(exc, OSError):
        why = pesan_berkas(exc)
    elif isinstance(exc, DesaError):
        why = str(exc)
    else:
        why = f"{exc.__class__.__name__}: {exc}"
    why = why.replace("\r", " ").replace("\n", " ")
    click.echo(f"Peringatan: papan antrean tidak diperbarui ({why}).", err=True)


KELOMPOK = (
    ("Layanan dan persyaratan", ("layanan", "syarat")),
    ("Permohonan", ("ajukan", "tanda-terima", "lengkapi", "prioritas", "daftar", "lihat", "tolak", "batal")),
    ("Surat", ("cetak", "serahkan", "buku", "surat-masuk", "verifikasi")),
    ("Pengawasan", ("periksa", "riwayat", "ekspor", "pulihkan", "cadangkan", "aduan", "survei")),
    ("Untuk dipajang dan dilaporkan", ("laporan", "gabung", "standar", "maklumat", "papan")),
    ("Pengelolaan", ("init", "kantor", "katalog", "penduduk", "register")),
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
            from .. import kantor

            self._lokasi = kantor.find(self.opsi_kantor)
            self._lokasi_dicari = True
        return self._lokasi

    def folder_katalog(self) -> list:
        from .. import katalog

        folders = [katalog.bundled_folder()]
        if self.lokasi is not None:
            folders.append(self.lokasi.katalog)
        return folders

    def katalog(self, utuh: bool = True, peringatan: bool = True):
        """The catalogue in force; with `utuh`, refuse to go on while any file is wrong; with
        `peringatan`, warn of files not read because of their name (.yml, .yaml.txt)."""
        from .. import katalog

        loaded = katalog.load(self.folder_katalog())
        for path in loaded.salah_nama if peringatan else ():
            click.echo(f"Peringatan: {katalog.pesan_salah_nama(path)}.", err=True)
        if utuh and loaded.faults:
            raise katalog.KatalogRusak(loaded.faults)
        return loaded

    def tingkat(self) -> str:
        from .. import kantor

        return kantor.read_tingkat(self.lokasi)

    def kantor(self):
        """The office in use, or the one-line refusal that names `desa init`."""
        from .. import kantor

        return kantor.muat(self.lokasi)

    @staticmethod
    def petugas() -> str:
        """The clerk's name, kept with every event: checked like any text that goes into the register."""
        import getpass

        from ..isian import PANJANG_NAMA, teks_aman

        name = os.environ.get("DESA_PETUGAS", "")
        if name.strip():
            return teks_aman(name, "Nama petugas (DESA_PETUGAS)", PANJANG_NAMA)
        try:
            name = getpass.getuser()
        except Exception:  # no user name on some Windows set-ups
            return "petugas"
        return teks_aman(name, "Nama pengguna komputer (atur DESA_PETUGAS)", PANJANG_NAMA)

    @staticmethod
    def sekarang():
        """The time of the action; DESA_WAKTU (ISO) fixes it, for tests and training."""
        import datetime as dt

        fixed = os.environ.get("DESA_WAKTU")
        if fixed:
            try:
                return dt.datetime.fromisoformat(fixed)
            except ValueError:
                raise DesaError(f"DESA_WAKTU '{fixed}' bukan waktu ISO (contoh: 2026-11-23T09:00).") from None
        return dt.datetime.now().replace(microsecond=0)

    def register(self, kantor=None, baca_saja: bool = False):
        """`with app.register() as reg:` one locked transaction over the office's register.
        `baca_saja`: the command only reads, and may run on a folder that cannot be written."""
        import contextlib

        from .. import meja
        from ..register import Register

        kantor = kantor or self.kantor()

        @contextlib.contextmanager
        def opened():
            self.sekarang()  # a wrong DESA_WAKTU is refused before the lock is taken
            board_after = False
            with meja.transaksi(kantor, baca_saja=baca_saja) as tx:
                if not baca_saja and meja.url_kantor(kantor):
                    meja.periksa_standar(kantor, tx)  # one standard for every desk of the office
                # The time is read under the lock: a command that waited for it must not write an
                # event dated before the one written while it waited (periksa: time never goes back).
                sekarang = meja.waktu(tx, self.sekarang())  # several desks: the server's clock
                tx.hari_ini = sekarang.date()
                reg = Register(
                    tx, self.petugas(), sekarang, kantor.kalender(), kode_wilayah=kantor.data.get("kode_wilayah")
                )
                yield reg
                if not baca_saja and tx.berubah and papan_aktif(kantor.folder):
                    # The change is committed first, and the board written while the lock is still
                    # held: two clerks' commands cannot leave an older board over a newer one.
                    # On PostgreSQL the commit ends the lock: the board is written after, below.
                    board_after = bool(meja.url_kantor(kantor))
                    if not board_after:
                        tx.commit()
                        self._papan_dari(reg, kantor)
            if board_after:
                self._papan_sesudah(kantor)

        return opened()

    def _papan_sesudah(self, kantor) -> None:
        """The board of a desk on PostgreSQL: read afresh after the commit, under this desk's own
        board lock, so that the last board written holds every change committed before it."""
        from filelock import FileLock

        try:
            with FileLock(str(kantor.folder / "papan" / ".kunci"), timeout=30):
                self.perbarui_papan(kantor)
        except Exception as exc:  # the register is committed: the board must not turn it into a failure
            peringatan_papan(exc)

    def _papan_dari(self, reg, kantor) -> None:
        """Write the waiting room's board from `reg`; a failure is a warning, never a failed command."""
        try:
            from .. import papan, papan_html

            try:
                katalog = self.katalog(utuh=False, peringatan=False)
            except DesaError:
                katalog = None  # the complaint lines fall back to the national channel
            papan.tulis(kantor.folder, papan_html.halaman(papan.kumpulkan(reg, kantor, katalog)))
        except Exception as exc:  # the register is committed: the board must not turn it into a failure
            peringatan_papan(exc)

    def perbarui_papan(self, kantor) -> None:
        """After a change made outside `register()` (a restore): the board again, if the office has one."""
        if not papan_aktif(kantor.folder):
            return
        try:
            self.tulis_papan(kantor)
        except Exception as exc:  # the change is done: the board must not turn it into a failure
            peringatan_papan(exc)

    def tulis_papan(self, kantor):
        """`desa papan`: write the board now (making its folder, which turns the updates on)."""
        from .. import papan, papan_html

        katalog = self.katalog(utuh=False, peringatan=False)
        with self.register(kantor, baca_saja=True) as reg:
            halaman = papan_html.halaman(papan.kumpulkan(reg, kantor, katalog))
            return papan.tulis(kantor.folder, halaman)


def cetak_json(data) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=2)
    if not text.isascii():
        import re
        import unicodedata

        from ..isian import KATEGORI_TERLARANG

        # Control and invisible characters stored by old versions go out as \u escapes, the same JSON.
        def escape(match):
            char = match.group()
            return json.dumps(char)[1:-1] if unicodedata.category(char) in KATEGORI_TERLARANG else char

        text = re.sub(r"[^\x00-\x7f]", escape, text)
    click.echo(text)


class KelompokPerintah(click.Group):
    """A group that turns refusals into one clean line. Given `kelompok` (the top-level `desa`:
    KELOMPOK), it lists its commands under those headings; without, a subgroup such as `desa aduan`
    lists its own commands under one heading, in the order they were defined (the order of the work)."""

    def __init__(self, *args, kelompok: tuple = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.kelompok = kelompok

    def list_commands(self, ctx):
        if not self.kelompok:
            return list(self.commands)
        order = [name for _, names in self.kelompok for name in names]
        rest = sorted(name for name in self.commands if name not in order)
        return [name for name in order if name in self.commands] + rest

    def format_commands(self, ctx, formatter):
        if not self.kelompok:
            super().format_commands(ctx, formatter)  # Click's own "Commands" heading, in Indonesian (klik_id)
            return
        placed = set()
        for heading, names in self.kelompok:
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

    def parse_args(self, ctx, args):
        # Bytes that are not UTF-8 (a terminal in another code page) arrive as lone surrogates and
        # would break the register's JSON; refuse them before anything runs.
        for number, arg in enumerate(args):
            if bukan_utf8(arg):
                if arg.startswith("--") and "=" in arg:
                    name = f"Nilai {arg.split('=', 1)[0]}"
                elif number and args[number - 1].startswith("-"):
                    name = f"Nilai {args[number - 1]}"
                else:
                    name = f"Argumen ke-{number + 1}"
                raise click.ClickException(
                    f"{name} berisi huruf yang tidak terbaca (bukan UTF-8). Ketik ulang nilainya, "
                    "atau atur terminal ke UTF-8."
                )
        return super().parse_args(ctx, args)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except DesaError as exc:
            # One line always: a typed value with a line break in it is shown as \n.
            raise click.ClickException(str(exc).replace("\r", "\\r").replace("\n", "\\n")) from None
        except OSError as exc:  # a full disk, a missing folder, a file in use: name it, in words
            if pipa_tertutup(exc):
                raise  # the reader of our output left: main() says nothing
            raise click.ClickException(pesan_berkas(exc).replace("\r", "\\r").replace("\n", "\\n")) from None


pass_app = click.make_pass_decorator(Aplikasi)
opsi_json = click.option("--json", "as_json", is_flag=True, help="Keluaran JSON untuk skrip.")


def interaktif() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def tanya(label: str, wajib: bool = True, default=None, proses=None):
    """Ask until the answer is acceptable; `proses` raises DesaError for a wrong one."""

    def check(text):
        if not str(text).strip():
            if wajib:
                raise click.UsageError("wajib diisi")
            return None
        if proses is None:
            return text
        try:
            return proses(text)
        except DesaError as exc:
            raise click.UsageError(str(exc)) from None

    return click.prompt(
        label,
        default=default if default is not None else ("" if not wajib else None),
        value_proc=check,
        show_default=default not in (None, ""),
    )


YA = frozenset({"y", "ya", "yes"})
TIDAK = frozenset({"t", "tidak", "n", "no"})


def baca_setuju(text: str) -> bool:
    """True for ya/y, False for tidak/t, in any case and with spaces around; Click's y/n/yes/no
    still work. Anything else is a usage error, so the prompt asks again."""
    word = str(text).strip().lower()
    if word in YA:
        return True
    if word in TIDAK:
        return False
    raise click.UsageError("jawab ya atau tidak (y/t)")


def setuju(label: str, default: bool = False, err: bool = False) -> bool:
    """Every yes/no question of the tool (click.confirm knows only y/n, and "t" for tidak was
    refused). The choice is shown [Y/t] or [y/T]: y for ya, t for tidak, and the capital letter is
    what Enter alone answers, as Click and most command lines mark a default."""
    pilihan = "[Y/t]" if default else "[y/T]"
    return click.prompt(
        f"{label} {pilihan}",
        default="y" if default else "t",
        show_default=False,
        value_proc=baca_setuju,
        err=err,
    )


def antrean_adil(app, info, noreg: str, tindakan: str) -> dict | None:
    """Warn (never refuse) when complete applications that came earlier still wait; ask at a
    terminal whether to go on. Returns the note kept with the event, or exits when put off."""
    from .. import prioritas

    with app.register(info) as reg:
        earlier = reg.lebih_dulu(noreg)
        utama = prioritas.jumlah(reg, earlier)  # how many of them are priority services
    if not earlier:
        return None
    if utama:  # lawful priority (UU 25/2009 Pasal 29) goes first, then the order of arrival
        click.echo(
            f"Peringatan: {len(earlier)} permohonan lengkap harus dilayani lebih dulu, {utama} di antaranya "
            f"layanan prioritas; yang pertama {earlier[0]}. Layani prioritas dulu, lalu menurut urutan datang.",
            err=True,
        )
    else:
        click.echo(
            f"Peringatan: {len(earlier)} permohonan lengkap yang datang lebih dulu masih menunggu; "
            f"yang tertua {earlier[0]}. Layani menurut urutan datang.",
            err=True,
        )
    note = {"antrean": {"menunggu": len(earlier), "tertua": earlier[0], "pilihan": "lanjut"}}
    if utama:
        note["antrean"]["prioritas"] = utama
    if interaktif() and not setuju(f"Tetap {tindakan} {noreg} sekarang?", default=False, err=True):
        note["antrean"]["pilihan"] = "tunda"
        with app.register(info) as reg:
            reg.catat_antrean(noreg, note)
        raise DesaError(f"{noreg} ditunda; layani dulu {earlier[0]}.")
    return note


def periksa_keluaran(*paths, akhiran: tuple = ()) -> None:
    """Refuse an output path that cannot be written before the work that fills it."""
    from .. import keluaran

    for path in paths:
        if path:
            keluaran.periksa(path, akhiran)


def tulis_dokumen(path: str, data: bytes) -> None:
    from .. import keluaran

    keluaran.tulis(keluaran.periksa(path, (".docx",)), data)
    click.echo(f"Ditulis: {path}")


def ingat_standar(app) -> None:
    """After a change to kantor.yaml at a desk of an office with several desks: the other desks
    (and this one) go on only once the change is the office's standard."""
    from .. import meja

    if meja.url_kantor(app.kantor()):
        click.echo(
            "Kantor ini punya beberapa meja: jadikan perubahan ini standar kantor dengan "
            "'desa kantor terbitkan --alasan \"...\"', lalu 'desa kantor ambil' di meja lain.",
            err=True,
        )
