"""Files a command writes for the clerk (exports, reports, documents): checked before the work,
written whole or not at all."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .kesalahan import DesaError, pesan_berkas


def periksa(path, akhiran: tuple = ()) -> Path:
    """Refuse, before any heavy work, an output path that cannot be written; returns it as a Path.

    `akhiran`: the endings allowed (".docx",), checked case-insensitively.
    """
    target = Path(path)
    if akhiran and target.suffix.lower() not in akhiran:
        raise DesaError(f"Nama berkas '{target}' harus berakhiran {' atau '.join(akhiran)}.")
    folder = target.parent
    if target.is_dir():
        raise DesaError(f"{target} adalah folder, bukan berkas. Tulis nama berkas di dalamnya.")
    if not folder.exists():
        raise DesaError(f"Folder {folder} tidak ada, jadi {target} tidak dapat ditulis. Buat foldernya dulu.")
    if not folder.is_dir():
        raise DesaError(f"{folder} bukan folder, jadi {target} tidak dapat ditulis. Periksa jalurnya.")
    try:
        info = target.lstat()
    except FileNotFoundError:
        info = None
    if info is not None and not (stat.S_ISREG(info.st_mode) or stat.S_ISLNK(info.st_mode)):
        raise DesaError(f"{target} bukan berkas biasa. Pilih nama berkas lain.")
    # A read-only file is kept, as Windows would: the clerk (or an administrator) marked it so.
    if info is not None and stat.S_ISREG(info.st_mode):
        if not info.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(target, os.W_OK):
            raise DesaError(f"Berkas {target} hanya dapat dibaca, tidak ditimpa. Pilih nama lain.")
    if not os.access(folder, os.W_OK):
        raise DesaError(f"Tidak ada izin menulis di folder {folder}. Pilih folder lain.")
    return target


def tulis(path, data: bytes) -> None:
    """Write `data` to `path` whole (berkas_aman.write_private: a fresh owner-only file under a new
    name, then a rename), so a full disk or a kill leaves the old file or none, never half of one.
    DesaError names the path on failure."""
    from .berkas_aman import write_private

    target = Path(path)
    try:
        write_private(target, data)
    except OSError as exc:
        # The same kind of error (a file held open by Word stays one), naming the file asked for.
        raise DesaError(pesan_berkas(type(exc)(exc.errno, exc.strerror, str(target)))) from None
