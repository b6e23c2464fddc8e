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
import re
import stat
import sys
import time
import uuid
from pathlib import Path

from .kesalahan import BerkasDibuka, DesaError

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

    def __init__(self, path: Path, why: str, folder: Path | None = None):
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


class CadanganSalah(DesaError):
    """A restore that is refused: not a backup from the listing, or one that does not pass the audit."""


# --- fault injection ----------------------------------------------------------------------------
# DESA_UJI_MATI=N makes the process die (os._exit, as sudden as a power cut) at the Nth file
# operation done here, so the test suite can cut a command at every step deterministically. Unset,
# it costs one comparison per file operation.
_MATI = None
_langkah = 0


def _langkah_berkas() -> None:
    global _MATI, _langkah
    if _MATI is None:
        try:
            _MATI = int(os.environ.get("DESA_UJI_MATI") or 0)
        except ValueError:
            _MATI = 0
    if _MATI:
        _langkah += 1
        if _langkah >= _MATI:
            os._exit(137)


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":  # Windows cannot open a folder for fsync; NTFS journals renames itself
        return
    _langkah_berkas()
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# On Windows a file open in Word or Excel, or held a moment by an antivirus or a backup tool,
# cannot be replaced: PermissionError. Retry for a few seconds before naming the file.
GANTI_COBA = 60
GANTI_JEDA = 0.05


def _bisa_dibuka_program_lain() -> bool:
    """Windows: a PermissionError on replace may be another program holding the file, which
    passes. Elsewhere it is a permission, which waiting does not change."""
    return sys.platform == "win32"


def _replace(src: Path, dst: Path) -> None:
    _langkah_berkas()
    attempt = 0
    while True:
        try:
            os.replace(src, dst)
            return
        except PermissionError as exc:
            if not _bisa_dibuka_program_lain():
                raise
            attempt += 1
            if attempt >= GANTI_COBA:
                raise BerkasDibuka(exc.errno, exc.strerror, str(dst)) from None
            time.sleep(GANTI_JEDA)


def _flag_baru() -> int:
    """Flags that create a file only if nothing (not even a symlink) is at its name. Windows has no
    O_NOFOLLOW, but O_EXCL there (CREATE_NEW) already refuses any existing name, links included."""
    return os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)


def buat_baru(path: Path, data: bytes) -> None:
    """Create `path` as a new file readable by its owner only, write `data` and fsync it.
    Fails (FileExistsError) when anything is already there: a planted symlink is never followed."""
    _langkah_berkas()
    fd = os.open(path, _flag_baru(), 0o600)
    try:
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        _langkah_berkas()
        os.fsync(fd)
    except BaseException as exc:
        if isinstance(exc, OSError) and exc.filename is None:  # os.write names no file; the clerk's message must
            exc.filename = str(path)
        os.close(fd)
        _buang(path)
        raise
    os.close(fd)


def _buang(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


def nama_sementara(path: Path) -> Path:
    """A temporary name beside `path` that nobody can guess in advance."""
    return path.with_name(f".{path.name}.{uuid.uuid4().hex[:12]}.tmp")


def write_private(path: Path, data: bytes) -> None:
    """Write `data` as `path`: always a fresh file readable by its owner only (one written over keeps
    no older, wider mode), created exclusively under a new name, fsynced, then renamed into place."""
    tmp = nama_sementara(path)
    try:
        buat_baru(tmp, data)
    except OSError as exc:  # name the file asked for, not the temporary one
        raise type(exc)(exc.errno, exc.strerror, str(path)) from None
    try:
        _replace(tmp, path)
    except BaseException:
        _buang(tmp)
        raise
    _fsync_dir(path.parent)


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
        if name not in self._data:
            path = self._sumber(name)
            try:
                if path is None:
                    raise FileNotFoundError
                raw = path.read_bytes()
            except FileNotFoundError:
                self._data[name] = {}
            else:
                try:
                    data = _loads(raw) if raw.strip() else None
                except ValueError as exc:
                    raise RegisterRusak(path, f"JSON tidak sah: {exc}", self.folder) from None
                if not isinstance(data, dict):
                    raise RegisterRusak(path, "isinya bukan register", self.folder)
                self._data[name] = data
        return self._data[name]

    def write(self, name: str, data: dict) -> None:
        if self.baca_saja:
            raise RuntimeError("a read-only transaction cannot write")
        self._data[name] = data
        self._dirty.add(name)

    def exists(self, name: str) -> bool:
        path = self._sumber(name)
        return name in self._dirty or (path is not None and path.is_file())

    def ganti_register(self, sumber: Path | None, sisihkan: str) -> None:
        """Make this transaction a restore: at commit the whole register becomes the files of
        `sumber` (a backup folder; None: an empty register) plus what is written meanwhile, and
        the files it replaces are kept in data/<sisihkan>/. All through the one journal."""
        self._ganti = (sumber, sisihkan)
        self._data.clear()
        self._dirty.clear()

    def commit(self) -> None:
        if not self._dirty and self._ganti is None:
            return
        if self.hari_ini is not None and self._ganti is None:
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
                _salin_folder(self.folder, live, staged, tautan=True)
                renames.append([staged.name, aside])  # first: the replaced files are kept before any goes
                hapus = [r.as_posix() for r in live if r.with_suffix("").as_posix() not in names]
            for name in sorted(names):
                final = self.folder / f"{name}.json"
                if not final.parent.is_dir():
                    _langkah_berkas()
                    final.parent.mkdir(parents=True, exist_ok=True)
                tmp = final.parent / f".{final.name}.{tag}.tmp"
                if name in self._data or self._ganti is None:
                    data = _dumps(self._data[name])
                else:  # a backup file restored as it is
                    data = (self._ganti[0] / f"{name}.json").read_bytes()
                buat_baru(tmp, data)
                renames.append([tmp.relative_to(self.folder).as_posix(), final.relative_to(self.folder).as_posix()])
            journal = {"renames": renames}
            if hapus:
                journal["hapus"] = hapus
            buat_baru(journal_tmp, _dumps(journal))
        except OSError:
            # A full disk before the journal exists: the transaction did not happen; leave no
            # half-written temporary files behind to fill the disk further.
            for tmp, _ in renames:
                if not (self.folder / tmp).is_dir():
                    _buang(self.folder / tmp)
            if staged is not None and staged.exists():
                _hapus_folder(staged)
            _buang(journal_tmp)
            raise
        _fsync_dir(self.folder)
        _replace(journal_tmp, self.folder / JOURNAL)  # from here on the transaction has happened
        _fsync_dir(self.folder)
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
            raise RegisterRusak(path, "terpotong" if size else "kosong", folder)


def rusak(folder: Path) -> RegisterRusak | None:
    """The first register file that is damaged (cut short or not a JSON object), or None."""
    try:
        periksa_utuh(folder)
        for relative in berkas_register(folder):
            path = folder / relative
            try:
                data = _loads(path.read_bytes())
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


def _salin_folder(folder: Path, files: list, target: Path, tautan: bool = False) -> None:
    """Put `files` (relative to `folder`) into the new folder `target`. A backup gets copies made
    read-only, so that a live file changed in place (Notepad, `>`) never changes the backup; with
    `tautan` (files set aside by a restore, whose live names are about to be replaced) hard links
    are enough, and copies where the disk has none."""
    _langkah_berkas()
    target.mkdir(parents=True)
    for relative in files:
        if not (target / relative).parent.is_dir():
            _langkah_berkas()
            (target / relative).parent.mkdir(parents=True)
        if tautan:
            try:
                _langkah_berkas()
                os.link(folder / relative, target / relative)
                continue
            except OSError:  # FAT32 flash disks and some network shares have no hard links
                pass
        buat_baru(target / relative, (folder / relative).read_bytes())
        if not tautan:
            _langkah_berkas()
            os.chmod(target / relative, stat.S_IRUSR)
    for parent in sorted({(target / r).parent for r in files}, reverse=True):
        _fsync_dir(parent)


def _hapus_folder(path: Path) -> None:
    """Remove a folder, read-only files included (Windows refuses to delete those as they are)."""
    import shutil

    def writable_then_retry(func, name, _exc):
        try:
            os.chmod(name, stat.S_IWRITE | stat.S_IREAD)
            func(name)
        except OSError:
            pass

    _langkah_berkas()
    if sys.version_info >= (3, 12):  # `onerror` is deprecated there
        shutil.rmtree(path, onexc=writable_then_retry)
    else:
        shutil.rmtree(path, onerror=writable_then_retry)


def cadangan_harian(folder: Path, hari_ini) -> Path | None:
    """Before the day's first change, keep the register as it was in data/cadangan/<day>/.

    Each backup is a copy of its own, made read-only: a file changed in place in the register
    (which desa never does, but Notepad or `>` can) does not reach any backup. The newest
    SIMPAN_CADANGAN days are kept.
    """
    root = folder / CADANGAN
    target = root / hari_ini.isoformat()
    if target.exists():
        return None
    files = berkas_register(folder)
    if not files:  # nothing yet to keep; the empty folder marks the day as done
        _langkah_berkas()
        target.mkdir(parents=True, exist_ok=True)
        return None
    if not root.is_dir():
        _langkah_berkas()
        root.mkdir(parents=True, exist_ok=True)
    tmp = root / f".{hari_ini.isoformat()}.{uuid.uuid4().hex[:8]}.tmp"
    _salin_folder(folder, files, tmp)
    _replace(tmp, target)
    _fsync_dir(root)
    if os.name != "nt":
        os.chmod(root, 0o700)
    days = sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))
    for old in days[:-SIMPAN_CADANGAN]:
        _hapus_folder(old)
    return target


def daftar_cadangan(folder: Path) -> list:
    """The backups that hold a register (a day-one backup is empty), newest first."""
    root = folder / CADANGAN
    if not root.is_dir():
        return []
    days = (p for p in root.iterdir() if p.is_dir() and re.fullmatch(r"\d{4}-\d{2}-\d{2}", p.name))
    return sorted((p for p in days if berkas_register(p)), reverse=True)


def pilih_cadangan(folder: Path, tanggal: str) -> Path:
    """The backup of `tanggal`, only as the listing shows it: a date (not a path), non-empty, and
    passing the audit. Anything else is refused in one line."""
    import datetime as dt

    from . import audit

    text = (tanggal or "").strip()
    try:
        valid = re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) is not None and dt.date.fromisoformat(text) is not None
    except ValueError:
        valid = False
    if not valid:
        raise CadanganSalah(
            f"'{tanggal}' bukan tanggal cadangan. Tulis tanggal dari daftar 'desa pulihkan', misalnya 2026-11-23."
        )
    chosen = {p.name: p for p in daftar_cadangan(folder)}.get(text)
    if chosen is None:
        if (folder / CADANGAN / text).is_dir():
            raise CadanganSalah(
                f"Cadangan {text} kosong (dibuat sebelum register berisi); tidak dipulihkan. "
                "Lihat daftarnya dengan 'desa pulihkan'."
            )
        raise CadanganSalah(f"Tidak ada cadangan {text}. Lihat daftarnya dengan 'desa pulihkan'.")
    hasil = audit.periksa(chosen)
    if not hasil.baik:
        raise CadanganSalah(
            f"Cadangan {text} tidak lolos pemeriksaan: {hasil.semua_kesalahan()[0]} Pilih cadangan lain "
            "('desa pulihkan'); bila tidak ada yang baik dan register rusak: 'desa pulihkan --mulai-baru'."
        )
    return chosen


def nama_sisihkan(folder: Path, sekarang) -> str:
    """A name for the folder that keeps the replaced files: never one already used, even for
    several restores in the same second."""
    while True:
        name = f"rusak-{sekarang.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:6]}"
        if not (folder / name).exists():
            return name


def pulihkan(
    folder: Path,
    tanggal: str | None,
    petugas: str,
    sekarang,
    arsip: Path | None = None,
    kode_wilayah: str | None = None,
) -> Path:
    """Put the backup of `tanggal` in place of the register, or with None start an empty register
    (for a register damaged before it had any backup). One journaled transaction: a kill at any
    instant leaves the register as before or as after. The replaced files are kept in
    data/rusak-<time>-<unique>/; every counter is raised above the highest number ever seen (the
    backup, the live register, earlier set-aside folders, the archive's file names), and the
    restore is recorded as a "pulihkan" event. Returns the set-aside folder."""
    from . import register

    with Transaksi(folder, periksa=False) as tx:  # a pending journal is finished first
        if tanggal is None:
            source = None
            if rusak(folder) is None:
                raise CadanganSalah(
                    "Register tidak rusak; --mulai-baru hanya untuk register rusak yang tidak punya cadangan baik."
                )
            for backup in daftar_cadangan(folder):
                if _lolos_audit(backup):
                    raise CadanganSalah(
                        f"Ada cadangan yang baik ({backup.name}); pulihkan dengan 'desa pulihkan {backup.name}'."
                    )
        else:
            source = pilih_cadangan(folder, tanggal)
        sources = [folder, *sorted(p for p in folder.glob("rusak-*") if p.is_dir())]
        if source is not None:
            sources.append(source)
        seen = register.angka_tertinggi(sources, arsip)
        aside = nama_sisihkan(folder, sekarang)
        tx.ganti_register(source, aside)
        reg = register.Register(tx, petugas, sekarang, kode_wilayah=kode_wilayah)
        nomor = tx.read(register.NOMOR)
        for jenis in register.JENIS_NOMOR:
            counters = nomor.setdefault(jenis, {})
            for year, top in seen.get(jenis, {}).items():
                counters[year] = max(int(counters.get(year) or 0), top)
        tx.write(register.NOMOR, nomor)
        data = {
            "cadangan": source.name if source is not None else None,
            "disisihkan": aside,
            "nomor": {jenis: dict(nomor.get(jenis, {})) for jenis in register.JENIS_NOMOR},
        }
        reg._catat("pulihkan", "-", data)
    return folder / aside


def _lolos_audit(backup: Path) -> bool:
    from . import audit

    return audit.periksa(backup).baik


def _finish(folder: Path, renames: list, hapus: list = ()) -> None:
    for tmp, final in renames:
        if (folder / tmp).exists():
            _replace(folder / tmp, folder / final)
    for relative in hapus:  # register files the restored backup does not have (already set aside)
        if (folder / relative).exists():
            _langkah_berkas()
            (folder / relative).unlink()
    for parent in {(folder / final).parent for _, final in renames}:
        _fsync_dir(parent)
    _langkah_berkas()
    (folder / JOURNAL).unlink()
    _fsync_dir(folder)


def recover(folder: Path) -> None:
    """Finish a transaction cut short after its journal was written; drop one cut short before."""
    journal = folder / JOURNAL
    if journal.exists():
        try:
            content = _loads(journal.read_bytes())
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
                _hapus_folder(leftover)
            else:
                _langkah_berkas()
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
