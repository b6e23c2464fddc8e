"""Durable, locked storage for the register: every command is one all-or-nothing transaction.

TinyDB's stock JSONStorage rewrites its file in place, so a power cut mid-write can leave half
a file, and two processes writing at once corrupt it. Here instead:

- one `filelock.FileLock` on `data/.lock`, held for the whole command;
- each file is read once, and TinyDB works on that copy in memory;
- at commit every changed file is written to a temporary file beside it and fsynced; a journal
  listing the renames is written (itself atomically), then the renames are done and the journal
  removed. A crash before the journal exists leaves the old files; after it, the next command
  finishes the renames. Either way several files change together or not at all;
- files are UTF-8 always and created readable by their owner only (they hold NIKs).
"""

from __future__ import annotations

import errno
import os
import uuid
from pathlib import Path

from .berkas_aman import (
    buang,
    buat_baru,
    dumps,
    fsync_folder,
    ganti_nama,
    hapus_folder,
    langkah_berkas,
    loads,
    salin_folder,
)
from .kesalahan import DesaError

JOURNAL = "transaksi.jurnal"
LOCK = ".lock"
LOCK_TIMEOUT = 60


class RegisterRusak(DesaError):
    """A register file does not parse: it is never overwritten, the clerk must restore it."""

    def __init__(self, path: Path, why: str, folder: Path | None = None):
        from .cadangan import daftar_cadangan

        self.path = path
        if folder is not None and not daftar_cadangan(folder):
            # No backup yet (a register damaged on its first day): still a way out, never a dead end.
            todo = (
                "belum ada cadangan; simpan berkas rusak dan mulai register baru (nomor tetap berlanjut) "
                "dengan 'desa pulihkan --mulai-baru'."
            )
        else:
            todo = "pulihkan dari cadangan dengan 'desa pulihkan'."
        super().__init__(f"Berkas register {path} rusak ({why}). Berkas tidak diubah; {todo}")


class RegisterSibuk(DesaError):
    pass


_TIDAK_BISA_DITULIS = (errno.EACCES, errno.EPERM, errno.EROFS)


class Transaksi:
    """One command's view of the register folder: `with Transaksi(folder) as tx: ...`.

    With `baca_saja` (commands that only read) a folder that cannot be written (a backup on a USB
    stick or a CD) is read without the lock, and nothing is written: not even a pending journal
    is finished (the command is refused instead)."""

    def __init__(
        self, folder: Path, timeout: float = LOCK_TIMEOUT, hari_ini=None, periksa: bool = True, baca_saja=False
    ):
        self.folder = folder
        self.timeout = timeout
        self.hari_ini = hari_ini  # the day of this command, for the daily backup
        self.periksa = periksa
        self.baca_saja = baca_saja
        self.tanpa_kunci = False  # set when a read-only folder is read without the lock
        self._data: dict = {}
        self._dirty: set = set()
        self._lock = None
        self._ganti = None  # a restore: (source folder or None, set-aside folder name)

    def __enter__(self) -> Transaksi:
        from filelock import FileLock, Timeout

        if not (self.baca_saja and self.folder.is_dir()):
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                return self._tanpa_kunci(exc)
        try:
            _coba_tulis(self.folder / LOCK)
            self._lock = FileLock(str(self.folder / LOCK), timeout=self.timeout)
            self._lock.acquire()
        except Timeout:
            raise RegisterSibuk(
                f"Register sedang dipakai proses lain lebih dari {self.timeout:.0f} detik. Coba lagi sebentar."
            ) from None
        except OSError as exc:
            return self._tanpa_kunci(exc)
        try:
            recover(self.folder)
            if self.periksa:
                periksa_utuh(self.folder)
        except BaseException:
            self._lock.release()
            raise
        return self

    def _tanpa_kunci(self, exc: OSError) -> Transaksi:
        """The folder cannot be written: a command that only reads goes on without the lock."""
        if getattr(exc, "errno", None) not in _TIDAK_BISA_DITULIS:
            raise exc
        if not self.baca_saja:
            raise DesaError(
                f"Folder register {self.folder} tidak bisa ditulis ({exc.strerror}); perintah ini mengubah register. "
                "Jalankan di folder kantor yang bisa ditulis."
            ) from None
        self._lock = None
        self.tanpa_kunci = True
        if (self.folder / JOURNAL).exists():
            raise DesaError(
                f"Register di {self.folder} punya perubahan yang belum selesai ditulis dan folder ini tidak bisa "
                "ditulis. Salin folder kantor ke disk yang bisa ditulis, lalu jalankan perintah ini lagi."
            )
        if self.periksa and self.folder.is_dir():
            periksa_utuh(self.folder)
        return self

    def __exit__(self, kind, value, tb) -> None:
        try:
            if kind is None:
                self.commit()
        finally:
            if self._lock is not None:
                self._lock.release()

    def _sumber(self, name: str) -> Path | None:
        """Where data/<name>.json is read from: the register, or during a restore the backup."""
        if self._ganti is None:
            return self.folder / f"{name}.json"
        source = self._ganti[0]
        return None if source is None else source / f"{name}.json"

    def read(self, name: str) -> dict:
        """The content of data/<name>.json ({} when it does not exist yet), kept for this transaction."""
        if isinstance(self._data.get(name), bytes):  # written as bytes (tulis_mentah) in this transaction
            self._data[name] = loads(self._data[name])
        if name not in self._data:
            raw = self._mentah(name)
            if raw is None:
                self._data[name] = {}
            else:
                try:
                    data = loads(raw) if raw.strip() else None
                except ValueError as exc:
                    raise self._rusak(name, f"JSON tidak sah: {exc}") from None
                if not isinstance(data, dict):
                    raise self._rusak(name, "isinya bukan register")
                self._data[name] = data
        return self._data[name]

    def mentah(self, name: str) -> bytes | None:
        """The stored bytes of document `name` as they are (None: there is none), not kept."""
        return self._mentah(name)

    def _mentah(self, name: str) -> bytes | None:
        """The stored bytes of document `name`, None when there is none."""
        path = self._sumber(name)
        try:
            return None if path is None else path.read_bytes()
        except FileNotFoundError:
            return None

    def _rusak(self, name: str, why: str) -> RegisterRusak:
        return RegisterRusak(self._sumber(name), why, self.folder)

    def write(self, name: str, data: dict) -> None:
        if self.baca_saja:
            raise RuntimeError("a read-only transaction cannot write")
        self._data[name] = data
        self._dirty.add(name)

    def tulis_mentah(self, name: str, raw: bytes) -> None:
        """Write data/<name>.json as these bytes (already `dumps` of a dict): a large file (a shard
        of the population data) is serialised at once and its objects freed, not kept till commit."""
        if self.baca_saja:
            raise RuntimeError("a read-only transaction cannot write")
        self._data[name] = raw
        self._dirty.add(name)

    def exists(self, name: str) -> bool:
        path = self._sumber(name)
        return name in self._dirty or (path is not None and path.is_file())

    def daftar(self, awalan: str) -> list:
        """The names of the register's documents that start with `awalan` ("permohonan-" gives
        "permohonan-2026-11", ...), those written in this transaction included, sorted."""
        names = {p.stem for p in self.folder.glob(f"{awalan}*.json")}
        names.update(n for n in self._dirty if n.startswith(awalan) and "/" not in n[len(awalan) :])
        return sorted(names)

    def arsip_noreg(self, tahun: int) -> set:
        """The noregs that have a letter in the archive of `tahun` (arsip/<tahun>/ beside data/)."""
        from .penomoran import noreg_arsip

        return set(noreg_arsip(self.folder.parent / "arsip", tahun))

    arsip_bersama = False  # the letters live in arsip/ only; the storage keeps none of its own

    def arsip_simpan(self, relative: str, data: bytes) -> None:
        """An archived letter also kept in the register's storage: here the file is the archive."""

    def arsip_baca(self, relative: str) -> bytes | None:
        """An archived letter's bytes from the register's storage; None: not there (the file is)."""
        return None

    @property
    def lokasi(self) -> str:
        """Where the register lives, for messages."""
        return str(self.folder)

    def ganti_register(self, sumber: Path | None, sisihkan: str) -> None:
        """Make this transaction a restore: at commit the whole register becomes the files of
        `sumber` (a backup folder; None: an empty register) plus what is written meanwhile, and
        the files it replaces are kept in data/<sisihkan>/. All through the one journal."""
        self._ganti = (sumber, sisihkan)
        self._data.clear()
        self._dirty.clear()

    @property
    def berubah(self) -> bool:
        """Whether this transaction has changes not yet committed."""
        return bool(self._dirty) or self._ganti is not None

    def commit(self) -> None:
        if not self._dirty and self._ganti is None:
            return
        if self.hari_ini is not None and self._ganti is None:
            from .cadangan import cadangan_harian

            cadangan_harian(self.folder, self.hari_ini)
        tag = uuid.uuid4().hex[:8]
        renames: list = []
        hapus: list = []
        names = set(self._dirty)
        journal_tmp = self.folder / f".{JOURNAL}.{tag}.tmp"
        staged = None
        try:
            if self._ganti is not None:
                source, aside = self._ganti
                backup_names = {r.with_suffix("").as_posix() for r in berkas_register(source)} if source else set()
                names |= backup_names
                live = berkas_register(self.folder)
                staged = self.folder / f".{aside}.{tag}.tmp"
                salin_folder(self.folder, live, staged, tautan=True)
                renames.append([staged.name, aside])  # first: the replaced files are kept before any goes
                hapus = [r.as_posix() for r in live if r.with_suffix("").as_posix() not in names]
            for name in sorted(names):
                final = self.folder / f"{name}.json"
                if not final.parent.is_dir():
                    langkah_berkas()
                    final.parent.mkdir(parents=True, exist_ok=True)
                tmp = final.parent / f".{final.name}.{tag}.tmp"
                if isinstance(self._data.get(name), bytes):
                    data = self._data[name]
                elif name in self._data or self._ganti is None:
                    data = dumps(self._data[name])
                else:  # a backup file restored as it is
                    data = (self._ganti[0] / f"{name}.json").read_bytes()
                buat_baru(tmp, data)
                renames.append([tmp.relative_to(self.folder).as_posix(), final.relative_to(self.folder).as_posix()])
            journal = {"renames": renames}
            if hapus:
                journal["hapus"] = hapus
            buat_baru(journal_tmp, dumps(journal))
        except OSError:
            # A full disk before the journal exists: the transaction did not happen; leave no
            # half-written temporary files behind to fill the disk further.
            for tmp, _ in renames:
                if not (self.folder / tmp).is_dir():
                    buang(self.folder / tmp)
            if staged is not None and staged.exists():
                hapus_folder(staged)
            buang(journal_tmp)
            raise
        fsync_folder(self.folder)
        ganti_nama(journal_tmp, self.folder / JOURNAL)  # from here on the transaction has happened
        fsync_folder(self.folder)
        if hapus:
            _finish(self.folder, renames, hapus)
        else:
            _finish(self.folder, renames)
        self._dirty.clear()
        self._ganti = None

    def tinydb(self, name: str):
        """A TinyDB over data/<name>.json inside this transaction."""
        from tinydb import TinyDB

        return TinyDB(storage=_TransaksiStorage, transaksi=self, name=name)


def berkas_register(folder: Path) -> list:
    """The register's own files (not caches, backups or temporary files), relative to `folder`."""
    files = [p for sub in ("", "pemohon/", "penduduk/") for p in folder.glob(f"{sub}*.json")]
    return sorted(p.relative_to(folder) for p in files)


def periksa_utuh(folder: Path) -> None:
    """Refuse to go on over a register file cut short: a cheap look at every file's last byte, so
    that no command writes over a damaged register, even one it would not have read."""
    for relative in berkas_register(folder):
        path = folder / relative
        with open(path, "rb") as handle:
            handle.seek(0, os.SEEK_END)
            size = handle.tell()
            handle.seek(max(0, size - 64))
            tail = handle.read().rstrip()
        if not tail.endswith(b"}"):
            raise RegisterRusak(path, "terpotong" if size else "kosong", folder)


def rusak(folder: Path) -> RegisterRusak | None:
    """The first register file that is damaged (cut short or not a JSON object), or None."""
    try:
        periksa_utuh(folder)
        for relative in berkas_register(folder):
            path = folder / relative
            try:
                data = loads(path.read_bytes())
            except ValueError as exc:
                raise RegisterRusak(path, f"JSON tidak sah: {exc}", folder) from None
            if not isinstance(data, dict):
                raise RegisterRusak(path, "isinya bukan register", folder)
    except RegisterRusak as exc:
        return exc
    return None


def _coba_tulis(path: Path) -> None:
    """Create (or open) the lock file: raises OSError(EACCES/EROFS) when the folder is read-only,
    before filelock would keep retrying until its timeout."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
    os.close(fd)


def _finish(folder: Path, renames: list, hapus: list = ()) -> None:
    for tmp, final in renames:
        if (folder / tmp).exists():
            ganti_nama(folder / tmp, folder / final)
    for relative in hapus:  # register files the restored backup does not have (already set aside)
        if (folder / relative).exists():
            langkah_berkas()
            (folder / relative).unlink()
    for parent in {(folder / final).parent for _, final in renames}:
        fsync_folder(parent)
    langkah_berkas()
    (folder / JOURNAL).unlink()
    fsync_folder(folder)


def recover(folder: Path) -> None:
    """Finish a transaction cut short after its journal was written; drop one cut short before."""
    journal = folder / JOURNAL
    if journal.exists():
        try:
            content = loads(journal.read_bytes())
            renames, hapus = content["renames"], content.get("hapus", [])
        except (ValueError, KeyError, TypeError, AttributeError):
            renames = None  # cannot happen with an atomic journal; never guess
        if renames is not None:
            _finish(folder, renames, hapus)
        else:
            raise RegisterRusak(journal, "jurnal transaksi tidak terbaca")
    for leftover in folder.rglob(".*.tmp"):
        try:
            if leftover.is_dir() and not leftover.is_symlink():  # a backup or a set-aside cut short
                hapus_folder(leftover)
            else:
                langkah_berkas()
                leftover.unlink()
        except OSError:
            pass


def _make_storage_class():
    from tinydb.storages import Storage

    class TransaksiStorage(Storage):
        def __init__(self, transaksi: Transaksi, name: str):
            self.transaksi = transaksi
            self.name = name

        def read(self):
            data = self.transaksi.read(self.name)
            return data or None  # TinyDB takes None for a new, empty database

        def write(self, data):
            self.transaksi.write(self.name, data)

    return TransaksiStorage


class _LazyStorage:
    """Defers importing TinyDB until a register is really opened."""

    _cls = None

    def __call__(self, *args, **kwargs):
        if _LazyStorage._cls is None:
            _LazyStorage._cls = _make_storage_class()
        return _LazyStorage._cls(*args, **kwargs)


_TransaksiStorage = _LazyStorage()
