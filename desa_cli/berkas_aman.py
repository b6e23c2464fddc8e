"""Low-level safe file writing for the register and the office's outputs.

- a file is created only where nothing (not even a symlink) is, readable by its owner only, and
  fsynced before it is renamed into place;
- on Windows a file held open by another program is retried for a few seconds before it is named;
- DESA_UJI_MATI=N cuts the process at the Nth file operation, for the crash tests.
"""

from __future__ import annotations

import os
import stat
import sys
import time
import uuid
from pathlib import Path

from .kesalahan import BerkasDibuka

try:  # several times faster than json on the large files of a busy office
    import orjson

    def dumps(data) -> bytes:
        return orjson.dumps(data)

    loads = orjson.loads
except ImportError:  # pragma: no cover - orjson is a dependency, but do not die without it
    import json

    def dumps(data) -> bytes:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    def loads(data):
        return json.loads(data.decode("utf-8") if isinstance(data, bytes) else data)


# --- fault injection ----------------------------------------------------------------------------
# DESA_UJI_MATI=N makes the process die (os._exit, as sudden as a power cut) at the Nth file
# operation done here, so the test suite can cut a command at every step deterministically. Unset,
# it costs one comparison per file operation.
_MATI = None
_langkah = 0


def langkah_berkas() -> None:
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


def fsync_folder(folder: Path) -> None:
    if os.name == "nt":  # Windows cannot open a folder for fsync; NTFS journals renames itself
        return
    langkah_berkas()
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


def ganti_nama(src: Path, dst: Path) -> None:
    langkah_berkas()
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
    langkah_berkas()
    fd = os.open(path, _flag_baru(), 0o600)
    try:
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        langkah_berkas()
        os.fsync(fd)
    except BaseException as exc:
        if isinstance(exc, OSError) and exc.filename is None:  # os.write names no file; the clerk's message must
            exc.filename = str(path)
        os.close(fd)
        buang(path)
        raise
    os.close(fd)


def buang(path: Path) -> None:
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
        ganti_nama(tmp, path)
    except BaseException:
        buang(tmp)
        raise
    fsync_folder(path.parent)


def salin_folder(folder: Path, files: list, target: Path, tautan: bool = False) -> None:
    """Put `files` (relative to `folder`) into the new folder `target`. A backup gets copies made
    read-only, so that a live file changed in place (Notepad, `>`) never changes the backup; with
    `tautan` (files set aside by a restore, whose live names are about to be replaced) hard links
    are enough, and copies where the disk has none."""
    langkah_berkas()
    target.mkdir(parents=True)
    for relative in files:
        if not (target / relative).parent.is_dir():
            langkah_berkas()
            (target / relative).parent.mkdir(parents=True)
        if tautan:
            try:
                langkah_berkas()
                os.link(folder / relative, target / relative)
                continue
            except OSError:  # FAT32 flash disks and some network shares have no hard links
                pass
        buat_baru(target / relative, (folder / relative).read_bytes())
        if not tautan:
            langkah_berkas()
            os.chmod(target / relative, stat.S_IRUSR)
    for parent in sorted({(target / r).parent for r in files}, reverse=True):
        fsync_folder(parent)


def hapus_folder(path: Path) -> None:
    """Remove a folder, read-only files included (Windows refuses to delete those as they are)."""
    import shutil

    def writable_then_retry(func, name, _exc):
        try:
            os.chmod(name, stat.S_IWRITE | stat.S_IREAD)
            func(name)
        except OSError:
            pass

    langkah_berkas()
    if sys.version_info >= (3, 12):  # `onerror` is deprecated there
        shutil.rmtree(path, onexc=writable_then_retry)
    else:
        shutil.rmtree(path, onerror=writable_then_retry)


_NAMA_PERANGKAT = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}


def jalur_aman(relative: str) -> bool:
    """A relative path of '/'-separated parts that stays inside its folder and that Windows can
    create: no empty part, '.' or '..', no drive or backslash, none of <>:"|?* or control
    characters, no part ending in a dot or space, no device name (CON, NUL.png, com1). Names
    that come from elsewhere (the database, a backup) are checked with it before any is written."""
    if not isinstance(relative, str) or not relative or len(relative) > 240:
        return False
    for part in relative.split("/"):
        if part in ("", ".", "..") or part[-1] in ". " or any(c in '<>:"|?*\\' or ord(c) < 32 for c in part):
            return False
        if part.split(".")[0].lower() in _NAMA_PERANGKAT:
            return False
    return True
