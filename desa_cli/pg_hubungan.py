"""The connection to the office's PostgreSQL server: the URL (never a password in it), the driver
(an extra), one connection kept per process, and the driver's errors as one Indonesian line.
"""

from __future__ import annotations

import contextlib

from .kesalahan import DesaError


class BasisDataGagal(DesaError):
    """The database cannot be reached or refused the command: one line, nothing written."""


def alamat_aman(url: str) -> str:
    """The URL as shown to the clerk: never a password, even one typed into it."""
    import re

    return re.sub(r"(://[^:/@?]*):[^@/?]*@", r"\1:***@", url)


def periksa_url(url: str) -> str:
    """A postgresql:// URL without a password in it (a password comes from PGPASSWORD or .pgpass,
    never from kantor.yaml, which travels between offices); else DesaError."""
    from urllib.parse import parse_qs, urlsplit

    text = (url or "").strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("postgresql", "postgres"):
        raise DesaError(
            f"Alamat basis data '{alamat_aman(text)}' salah: tulis seperti postgresql://loket@server-kantor/desa_bacem."
        )
    if parts.password is not None or "password" in parse_qs(parts.query):
        raise DesaError(
            "Kata sandi tidak boleh ditulis di alamat basis data (kantor.yaml dibawa antar kantor). "
            "Simpan di PGPASSWORD atau berkas .pgpass (pgpass.conf di Windows)."
        )
    return text


_SEBAB = (
    (r'password authentication failed for user "([^"]*)"', "kata sandi peran {0} salah"),
    (r"no password supplied|fe_sendauth", "kata sandi belum diberikan"),
    (r'database "([^"]*)" does not exist', "basis data {0} tidak ada di server"),
    (r'role "([^"]*)" does not exist', "peran {0} tidak ada di server"),
    (r"Connection refused|No such file or directory", "server tidak menjawab"),
    (r"could not translate host name|Name or service not known", "nama server tidak dikenal"),
    (r"timeout expired|timed out", "server tidak menjawab dalam batas waktu"),
    (r"server closed the connection|connection is lost|terminating connection", "hubungan terputus"),
)


def _pesan(exc: Exception) -> str:
    """The driver's reason in a few Indonesian words where it is a common one, else its first line."""
    import re

    text = str(exc)
    for pattern, words in _SEBAB:
        found = re.search(pattern, text)
        if found:
            return words.format(*found.groups())
    lines = text.strip().splitlines()
    return lines[0] if lines else exc.__class__.__name__


def gagal(url: str, exc: Exception) -> BasisDataGagal:
    """A driver error as the clerk reads it: what happened and what to check."""
    psycopg = pengandar()

    where = alamat_aman(url)
    if isinstance(exc, psycopg.errors.InsufficientPrivilege):
        return BasisDataGagal(
            f"Peran basis data tidak berhak atas skema desa di {where} ({_pesan(exc)}). "
            "Lihat hak yang diperlukan di README, bagian Beberapa meja loket."
        )
    if isinstance(exc, psycopg.errors.UndefinedTable):
        return BasisDataGagal(
            f"Basis data {where} belum berisi register kantor. Buat dengan 'desa init --basis-data URL FOLDER'."
        )
    if isinstance(exc, psycopg.OperationalError):
        return BasisDataGagal(
            f"Basis data register {where} tidak dapat dihubungi atau terputus ({_pesan(exc)}); tidak ada yang "
            "ditulis. Periksa jaringan, server PostgreSQL, dan kata sandi (PGPASSWORD atau .pgpass)."
        )
    return BasisDataGagal(f"Basis data register {where} menolak perintah ({_pesan(exc)}); tidak ada yang ditulis.")


_OPSI_SESI = (
    "-c idle_in_transaction_session_timeout=60000 -c tcp_keepalives_idle=15 "
    "-c tcp_keepalives_interval=5 -c tcp_keepalives_count=3"
)


def pengandar():
    """The driver, psycopg 3: an extra (`pip install ".[postgres]"`), which a one-laptop office lacks."""
    try:
        import psycopg
    except ImportError:
        raise DesaError(
            "Register kantor ini ada di PostgreSQL, tetapi pengandarnya belum terpasang. "
            'Pasang dengan: pip install "psycopg[binary]" (dari folder sumber desa: pip install ".[postgres]").'
        ) from None
    return psycopg


def hubungkan(url: str, timeout: float = 10):
    """A connection to the office's database (not in autocommit: one command, one transaction)."""
    psycopg = pengandar()
    try:
        conn = psycopg.connect(
            periksa_url(url),
            connect_timeout=max(1, int(timeout)),
            application_name="desa",
            # A desk whose network drops mid-command must not hold the lock for long: the server
            # finds the dead connection and rolls its transaction back.
            keepalives=1,
            keepalives_idle=10,
            keepalives_interval=5,
            keepalives_count=3,
            # The server side too: a desk gone silent mid-command (a laptop off the network) loses
            # its session, and so the lock, within a minute instead of the system's two hours.
            options=_OPSI_SESI,
        )
    except psycopg.Error as exc:
        raise gagal(url, exc) from None
    return conn


@contextlib.contextmanager
def tersambung(url: str):
    """`with tersambung(url) as conn:` a connection of its own for one short job (outside the
    register's transactions): the driver's errors as one line, the connection always closed."""
    psycopg = pengandar()
    conn = hubungkan(url)
    try:
        yield conn
    except psycopg.Error as exc:
        raise gagal(url, exc) from None
    finally:
        conn.close()


# One connection a process, used by its transactions one after another: a command often opens a
# reading transaction and then its writing one, and a connection (with its authentication) costs
# more than either over an office network. A transaction in progress never shares it.
_TERSIMPAN: dict = {}


def _ambil(url: str):
    conn = _TERSIMPAN.pop(url, None)
    if conn is not None and not conn.closed:
        from psycopg.pq import TransactionStatus

        if conn.info.transaction_status == TransactionStatus.IDLE:
            return conn
        conn.close()
    return hubungkan(url)


def _simpan(url: str, conn) -> None:
    while _TERSIMPAN:  # one kept at most: a process serves one office
        _TERSIMPAN.popitem()[1].close()
    _TERSIMPAN[url] = conn
