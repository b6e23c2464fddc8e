"""A cache of the checked catalogue: `desa syarat` need not parse and check every service file
(nor import yaml and the schema) on each run.

One JSON file per set of catalogue folders, in the user's cache folder (platformdirs), not in
the office folder: that one is backed up, copied between computers and may be read-only, and a
cache is no part of the office's records. An entry is used only while its file has the same
path, size and mtime_ns, and only by the same desa version and program files (a changed schema
checks again); a changed, added or removed file is read again and the cache rewritten. Only
files that passed the check are kept: a wrong file is read (and reported) every time. The cache
is written atomically; one that cannot be read, written or decoded is ignored, never an error.
"""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

FORMAT = 1
# A file changed within this many seconds may change again inside the same mtime tick (FAT keeps
# two seconds): it is not cached until it has been left alone for longer.
TENANG_DETIK = 3


def folder_simpanan() -> Path:
    """DESA_CACHE names the folder (tests, a shared computer); else the user's cache folder."""
    named = os.environ.get("DESA_CACHE")
    if named:
        return Path(named)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("desa", appauthor=False))


def cap_program() -> list:
    """The version and every program file's size and mtime: a new schema invalidates the cache."""
    from . import __version__

    here = Path(__file__).resolve().parent
    stamp: list = [__version__, FORMAT]
    for entry in sorted(os.scandir(here), key=lambda e: e.name):
        if entry.name.endswith(".py"):
            info = entry.stat()
            stamp.append([entry.name, info.st_size, info.st_mtime_ns])
    return stamp


def _cap(path: Path) -> list | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return [info.st_size, info.st_mtime_ns]


class Simpanan:
    """The cache for one load of `folders`: `ambil` before reading a file, `taruh` after, `tutup`
    at the end (writes it when anything changed)."""

    def __init__(self, folders: list):
        key = "\n".join(str(Path(f).resolve()) for f in folders)
        self.path = folder_simpanan() / f"katalog-{hashlib.sha256(key.encode()).hexdigest()[:16]}.json"
        self.program = cap_program()
        self.lama = self._baca()
        self.baru: dict = {}

    def _baca(self) -> dict:
        try:
            import orjson

            stored = orjson.loads(self.path.read_bytes())
            if isinstance(stored, dict) and stored.get("program") == self.program:
                files = stored.get("berkas")
                if isinstance(files, dict):
                    return files
        except Exception:  # missing, unreadable or corrupt: read the catalogue files instead
            pass
        return {}

    def ambil(self, path: Path):
        """The cached Layanan of `path`, or None when it must be read."""
        from .katalog import Layanan

        entry = self.lama.get(str(path))
        cap = _cap(path)
        try:
            size, mtime, versi, data = entry
            if [size, mtime] != cap or not isinstance(data, dict) or not isinstance(versi, str):
                return None
            layanan = Layanan(data, path, versi)
            layanan.kode, layanan.tingkat  # noqa: B018 - a damaged entry fails here, not later
        except Exception:
            return None
        self.baru[str(path)] = entry
        return layanan

    def taruh(self, path: Path, layanan) -> None:
        """Remember a file just read; not a wrong one, nor one changed a moment ago."""
        cap = _cap(path)
        if layanan is None or cap is None or time.time_ns() - cap[1] < TENANG_DETIK * 10**9:
            return
        self.baru[str(path)] = [*cap, layanan.versi, layanan.data]

    def tutup(self) -> None:
        if self.baru == self.lama:
            return
        tmp = None
        try:
            import orjson

            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
            tmp.write_bytes(orjson.dumps({"program": self.program, "berkas": self.baru}))
            os.replace(tmp, self.path)
        except Exception:  # a cache that cannot be written only costs time
            if tmp is not None:
                tmp.unlink(missing_ok=True)
