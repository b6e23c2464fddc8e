"""The error every refused action raises: one line for the clerk, in Indonesian."""

from __future__ import annotations

import errno
import os
import sys


class DesaError(Exception):
    """An action was refused or data was wrong; the message says what, why and what to do."""


class BerkasDibuka(PermissionError):
    """A file could not be replaced because another program (Word, Excel) holds it open, on
    Windows, after the retries ran out. An OSError still, so every clean-up path treats it as one."""


def pipa_tertutup(exc: BaseException) -> bool:
    """True when the reader of our output left (`desa daftar | head`, or `| more` and then q).

    POSIX says BrokenPipeError; Windows says OSError EINVAL on the write, with no file name (an
    EINVAL about a named file, such as a name with ':' in it, is a real error and stays one)."""
    if isinstance(exc, BrokenPipeError):
        return True
    return (
        sys.platform == "win32"
        and isinstance(exc, OSError)
        and exc.errno == errno.EINVAL
        and exc.filename is None
        and exc.filename2 is None
    )


def bukan_utf8(text: str) -> bool:
    """True for text carrying bytes that were not UTF-8 (POSIX hands them over as lone surrogates)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


# errno -> (what went wrong, what to do); "{path}" is the file or folder concerned.
_BERKAS = {
    errno.ENOSPC: ("Disk penuh saat menulis ke {folder}", "Kosongkan ruang disk, lalu ulangi perintah ini"),
    errno.EACCES: (
        "Tidak ada izin untuk {path}",
        "Periksa izinnya, tutup program lain yang membukanya (misalnya Excel), atau pilih tempat lain",
    ),
    errno.EPERM: ("Tidak ada izin untuk {path}", "Periksa izinnya, atau pilih tempat lain"),
    errno.EROFS: ("{path} ada di disk yang hanya dapat dibaca", "Pilih tempat yang dapat ditulisi"),
    errno.ENOENT: ("{path} tidak ada", "Periksa nama dan foldernya, atau buat foldernya dulu"),
    errno.EISDIR: ("{path} adalah folder, bukan berkas", "Tulis nama berkas di dalam folder itu"),
    errno.ENOTDIR: ("Jalur {path} melewati sesuatu yang bukan folder", "Periksa jalurnya"),
    errno.ENAMETOOLONG: ("Nama {path} terlalu panjang", "Pakai nama atau folder yang lebih pendek"),
    errno.EEXIST: ("{path} sudah ada", "Pilih nama lain"),
    errno.EIO: (
        "Kesalahan perangkat saat memakai {path} (disk rusak atau flashdisk tercabut?)",
        "Periksa disknya, lalu ulangi",
    ),
    errno.EBUSY: ("{path} sedang dipakai program lain", "Tutup program itu, lalu ulangi"),
    errno.EMFILE: ("Terlalu banyak berkas terbuka saat memakai {path}", "Tutup program lain, lalu ulangi"),
}
for _name in ("EDQUOT", "ENFILE", "ETXTBSY"):  # not on every platform
    if hasattr(errno, _name):
        _BERKAS[getattr(errno, _name)] = {
            "EDQUOT": ("Kuota disk habis saat menulis ke {folder}", "Kosongkan ruang, lalu ulangi perintah ini"),
            "ENFILE": _BERKAS[errno.EMFILE],
            "ETXTBSY": _BERKAS[errno.EBUSY],
        }[_name]


def pesan_berkas(exc: OSError) -> str:
    """One line for a failed file operation: which file, why, and what to do."""
    path = exc.filename if exc.filename is not None else exc.filename2
    if isinstance(path, bytes):
        path = os.fsdecode(path)
    shown = str(path) if path is not None else "berkas"
    if isinstance(exc, BerkasDibuka):
        return f"Berkas {shown} sedang dibuka program lain (Word/Excel?); tutup dulu berkasnya, lalu ulangi."
    folder = os.path.dirname(os.path.abspath(shown)) if path is not None else "disk ini"
    found = _BERKAS.get(exc.errno)
    if found is None:
        why = exc.strerror or exc.__class__.__name__
        return f"Berkas {shown} tidak dapat dipakai ({why}). Periksa disk dan jalurnya, lalu ulangi."
    what, todo = found
    return f"{what.format(path=shown, folder=folder)}. {todo}."
