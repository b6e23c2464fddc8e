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

import os
import time
import uuid
from pathlib import Path

from .kesalahan import DesaError

try:  # several times faster than json on the large files of a busy office
    import orjson

    def _dumps(data) -> bytes:
        return orjson.dumps(data)

    _loads = orjson.loads
except ImportError:  # pragma: no cover - orjson is a dependency, but do not die without it
    import json

    def _dumps(data) -> bytes:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    def _loads(data):
        return json.loads(data.decode("utf-8") if isinstance(data, bytes) else data)


JOURNAL = "transaksi.jurnal"
LOCK = ".lock"
LOCK_TIMEOUT = 60
CADANGAN = "cadangan"
SIMPAN_CADANGAN = 30


class RegisterRusak(DesaError):
    """A register file does not parse: it is never overwritten, the clerk must restore it."""

    def __init__(self, path: Path, why: str):
        self.path = path
        super().__init__(
            f"Berkas register {path} rusak ({why}). Berkas tidak diubah; pulihkan dari cadangan dengan 'desa pulihkan'."
        )


class RegisterSibuk(DesaError):
    pass


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":  # Windows cannot open a folder for fsync; NTFS journals renames itself
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _replace(src: Path, dst: Path) -> None:
    # On Windows a reader (an antivirus, a backup tool) can hold the target for a moment.
    for attempt in range(20):
        try:
            os.replace(src, dst)
            return
        except PermissionError:
            if attempt == 19:
                raise
            time.sleep(0.05)


def write_private(path: Path, data: bytes) -> None:
    """Write `data` to a new file readable by its owner only, and fsync it."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o600)
    try:
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
    except OSError as exc:
        if exc.filename is None:  # os.write names no file; the message to the clerk must
            exc.filename = str(path)
        raise
    finally:
        os.close(fd)


class Transaksi:
    """One command's view of the register folder: `with Transaksi(folder) as tx: ...`."""

    def __init__(self, folder: Path, timeout: float = LOCK_TIMEOUT, hari_ini=None, periksa: bool = True):
        self.folder = folder
        self.timeout = timeout
        self.hari_ini = hari_ini  # the day of this command, for the daily backup
        self.periksa = periksa
        self._data: dict = {}
        self._dirty: set = set()
        self._lock = None

    def __enter__(self) -> Transaksi:
        from filelock import FileLock, Timeout

        self.folder.mkdir(parents=True, exist_ok=True)
        self._lock = FileLock(str(self.folder / LOCK), timeout=self.timeout)
        try:
            self._lock.acquire()
        except Timeout:
            raise RegisterSibuk(
                f"Register sedang dipakai proses lain lebih dari {self.timeout:.0f} detik. Coba lagi sebentar."
            ) from None
        try:
            recover(self.folder)
            if self.periksa:
                periksa_utuh(self.folder)
        except BaseException:
            self._lock.release()
            raise
        return self

    def __exit__(self, kind, value, tb) -> None:
        try:
            if kind is None:
                self.commit()
        finally:
            self._lock.release()

    def read(self, name: str) -> dict:
        """The content of data/<name>.json ({} when it does not exist yet), kept for this transaction."""
        if name not in self._data:
            path = self.folder / f"{name}.json"
            try:
                raw = path.read_bytes()
            except FileNotFoundError:
                self._data[name] = {}
            else:
                try:
                    data = _loads(raw) if raw.strip() else None
                except ValueError as exc:
                    raise RegisterRusak(path, f"JSON tidak sah: {exc}") from None
                if not isinstance(data, dict):
                    raise RegisterRusak(path, "isinya bukan register")
                self._data[name] = data
        return self._data[name]

    def write(self, name: str, data: dict) -> None:
        self._data[name] = data
        self._dirty.add(name)

    def exists(self, name: str) -> bool:
        return name in self._dirty or (self.folder / f"{name}.json").is_file()

    def commit(self) -> None:
        if not self._dirty:
            return
        if self.hari_ini is not None:
            cadangan_harian(self.folder, self.hari_ini)
        tag = uuid.uuid4().hex[:8]
        renames = []
        journal_tmp = self.folder / f".{JOURNAL}.{tag}.tmp"
        try:
            for name in sorted(self._dirty):
                final = self.folder / f"{name}.json"
                final.parent.mkdir(parents=True, exist_ok=True)
                tmp = final.parent / f".{final.name}.{tag}.tmp"
                renames.append([tmp.relative_to(self.folder).as_posix(), final.relative_to(self.folder).as_posix()])
                write_private(tmp, _dumps(self._data[name]))
            write_private(journal_tmp, _dumps({"renames": renames}))
        except OSError:
            # A full disk before the journal exists: the transaction did not happen; leave no
            # half-written temporary files behind to fill the disk further.
            for tmp, _ in renames:
                _hapus(self.folder / tmp)
            _hapus(journal_tmp)
            raise
        _fsync_dir(self.folder)
        _replace(journal_tmp, self.folder / JOURNAL)  # from here on the transaction has happened
        _fsync_dir(self.folder)
        _finish(self.folder, renames)
        self._dirty.clear()

    def tinydb(self, name: str):
        """A TinyDB over data/<name>.json inside this transaction."""
        from tinydb import TinyDB

        return TinyDB(storage=_TransaksiStorage, transaksi=self, name=name)


def berkas_register(folder: Path) -> list:
    """The register's own files (not caches, backups or temporary files), relative to `folder`."""
    files = [p for p in folder.glob("*.json")] + [p for p in folder.glob("pemohon/*.json")]
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
            raise RegisterRusak(path, "terpotong" if size else "kosong")


def cadangan_harian(folder: Path, hari_ini) -> Path | None:
    """Before the day's first change, keep the register as it was in data/cadangan/<day>/.

    Files are hard-linked where the disk allows: a register file is never changed in place, only
    replaced, so a link keeps the old content at no cost. The newest SIMPAN_CADANGAN days are kept.
    """
    import shutil

    root = folder / CADANGAN
    target = root / hari_ini.isoformat()
    if target.exists():
        return None
    files = berkas_register(folder)
    if not files:  # nothing yet to keep; the empty folder marks the day as done
        target.mkdir(parents=True, exist_ok=True)
        return None
    tmp = root / f".{hari_ini.isoformat()}.{uuid.uuid4().hex[:8]}.tmp"
    for relative in files:
        (tmp / relative).parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(folder / relative, tmp / relative)
        except OSError:  # FAT32 flash disks and some network shares have no hard links
            shutil.copy2(folder / relative, tmp / relative)
    _replace(tmp, target)
    if os.name != "nt":
        os.chmod(root, 0o700)
    days = sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))
    for old in days[:-SIMPAN_CADANGAN]:
        shutil.rmtree(old, ignore_errors=True)
    return target


def daftar_cadangan(folder: Path) -> list:
    root = folder / CADANGAN
    if not root.is_dir():
        return []
    days = (p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))
    return sorted((p for p in days if berkas_register(p)), reverse=True)


def pulihkan(folder: Path, cadangan: Path, stamp: str) -> Path:
    """Put a backup in place of the register. The files it replaces are moved to
    data/rusak-<stamp>/, never deleted. Call under the register's lock."""
    import shutil

    aside = folder / f"rusak-{stamp}"
    for relative in berkas_register(folder):
        (aside / relative).parent.mkdir(parents=True, exist_ok=True)
        os.replace(folder / relative, aside / relative)
    for relative in berkas_register(cadangan):
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        tmp = (folder / relative).with_name(f".{relative.name}.pulih.tmp")
        shutil.copyfile(cadangan / relative, tmp)
        if os.name != "nt":
            os.chmod(tmp, 0o600)
        os.replace(tmp, folder / relative)
    _fsync_dir(folder)
    return aside


def _hapus(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


def _finish(folder: Path, renames: list) -> None:
    for tmp, final in renames:
        if (folder / tmp).exists():
            _replace(folder / tmp, folder / final)
    for parent in {(folder / final).parent for _, final in renames}:
        _fsync_dir(parent)
    (folder / JOURNAL).unlink()
    _fsync_dir(folder)


def recover(folder: Path) -> None:
    """Finish a transaction cut short after its journal was written; drop one cut short before."""
    journal = folder / JOURNAL
    if journal.exists():
        try:
            renames = _loads(journal.read_bytes())["renames"]
        except (ValueError, KeyError, TypeError):
            renames = None  # cannot happen with an atomic journal; never guess
        if renames is not None:
            _finish(folder, renames)
        else:
            raise RegisterRusak(journal, "jurnal transaksi tidak terbaca")
    import shutil

    for leftover in folder.rglob(".*.tmp"):
        try:
            if leftover.is_dir():  # a backup cut short
                shutil.rmtree(leftover)
            else:
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
