"""A real, throwaway PostgreSQL server for the tests.

Fixtures (``from pg_uji import pg_server, pg_url`` in a test module or in conftest.py; tests/ is
on sys.path as for ``from conftest import ...``):

- ``pg_server`` (session): a ``ServerPg`` with ``.dsn_admin`` (libpq URL of the ``postgres``
  database, as superuser) and ``.baru(nama_awal="t")``, which creates a new empty database and
  returns its libpq URL.
- ``pg_url`` (function): ``pg_server.baru()``, a fresh empty database per test.

The server is started once per session from the binaries of this machine (pg_config --bindir,
then /usr/lib/postgresql/<highest>/bin, then PATH). ``DESA_UJI_PG=<libpq URL of an admin
database>`` uses an existing server instead. Without PostgreSQL or psycopg the tests are skipped,
unless ``DESA_UJI_PG_WAJIB=1`` (CI), where they fail: there they must never be skipped silently.
"""

from __future__ import annotations

import glob
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import pytest

# Debian/Ubuntu put each major version's server here, outside PATH.
DEBIAN_PG = "/usr/lib/postgresql"
BINARIES = ("initdb", "pg_ctl", "postgres")
SUPERUSER = "postgres"


class PgTidakAda(Exception):
    """No usable PostgreSQL server here; the message says why."""


def _menyerah(pesan: str):
    # CI sets DESA_UJI_PG_WAJIB=1: a skipped PostgreSQL test there would hide a broken setup.
    if os.environ.get("DESA_UJI_PG_WAJIB") == "1":
        pytest.fail(f"{pesan}; DESA_UJI_PG_WAJIB=1: tes PostgreSQL tidak boleh dilewati", pytrace=False)
    pytest.skip(f"{pesan}; tes PostgreSQL dilewati")


def _psycopg():
    try:
        import psycopg
    except ImportError:
        psycopg = None
    if psycopg is None:
        _menyerah("psycopg tidak terpasang: pip install '.[postgres]'")
    return psycopg


def _has_binaries(folder: str | None) -> bool:
    return bool(folder) and all(os.access(os.path.join(folder, b), os.X_OK) for b in BINARIES)


def cari_bindir() -> str:
    """The folder with initdb, pg_ctl and postgres; PgTidakAda when there is none."""
    tried = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        # libpq-dev's pg_config may name a version whose server is not installed: check.
        out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, check=False)
        folder = out.stdout.strip()
        if out.returncode == 0 and _has_binaries(folder):
            return folder
        tried.append(f"pg_config --bindir ({folder or 'gagal'})")
    versions = sorted(
        glob.glob(os.path.join(DEBIAN_PG, "*", "bin")),
        key=lambda p: [int(n) for n in re.findall(r"\d+", Path(p).parent.name)] or [0],
        reverse=True,
    )
    for folder in versions:
        if _has_binaries(folder):
            return folder
    tried.append(f"{DEBIAN_PG}/*/bin")
    found = [shutil.which(b) for b in BINARIES]
    if all(found) and len({os.path.dirname(p) for p in found}) == 1:
        return os.path.dirname(found[0])
    tried.append("PATH")
    raise PgTidakAda(f"initdb/pg_ctl/postgres tidak ditemukan (dicari di: {', '.join(tried)})")


def _free_port() -> int:
    # Racy in theory (the port is free when asked, not promised later), fine for a test machine.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _url(user: str, dbname: str, host: str, port: int) -> str:
    return f"postgresql://{quote(user)}@/{quote(dbname)}?host={quote(host, safe='/')}&port={port}"


def _ganti_dbname(url: str, dbname: str) -> str:
    """The same server and user, another database."""
    return urlunsplit(urlsplit(url)._replace(path="/" + quote(dbname)))


def basis_data_baru(dsn_admin: str, nama_awal: str = "t") -> str:
    """CREATE DATABASE desa_uji_<nama_awal>_<8 hex> on the server of dsn_admin; its libpq URL."""
    if not re.fullmatch(r"[a-z0-9_]{1,40}", nama_awal):
        raise ValueError(f"nama_awal {nama_awal!r}: only a-z, 0-9 and _, at most 40 characters")
    psycopg = _psycopg()
    name = f"desa_uji_{nama_awal}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(dsn_admin, autocommit=True) as conn:  # CREATE DATABASE refuses a transaction
        conn.execute(f'CREATE DATABASE "{name}"')
    return _ganti_dbname(dsn_admin, name)


class ServerPg:
    """A PostgreSQL server the tests may use: ours (root is set) or one named by DESA_UJI_PG."""

    def __init__(self, dsn_admin: str, root: Path | None = None, bindir: str | None = None, user=None):
        self.dsn_admin = dsn_admin
        self.root = root
        self._bindir = bindir
        self._user = user
        self._created: list[str] = []

    def baru(self, nama_awal: str = "t") -> str:
        url = basis_data_baru(self.dsn_admin, nama_awal)
        self._created.append(url)
        return url

    def berhenti(self) -> None:
        if self.root is None:
            # Someone else's server: leave it as found.
            self._drop_created()
            return
        _run(self._user, [f"{self._bindir}/pg_ctl", "-D", str(self.root / "data"), "-m", "immediate", "stop"])
        shutil.rmtree(self.root, ignore_errors=True)

    def _drop_created(self) -> None:
        psycopg = _psycopg()
        from psycopg.conninfo import conninfo_to_dict

        with psycopg.connect(self.dsn_admin, autocommit=True) as conn:
            for url in self._created:
                name = conninfo_to_dict(url)["dbname"]
                conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


def _run(user: pwd.struct_passwd | None, cmd: list[str], cwd: Path | None = None):
    # PG* variables of the developer's shell (PGDATA, PGPORT, ...) must not steer our server.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env["LC_ALL"] = "C"
    as_user = {}
    if user is not None:  # we are root, which PostgreSQL refuses to run as
        env["HOME"] = user.pw_dir
        as_user = {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []}
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False, **as_user)


def _log_tail(log: Path, lines: int = 15) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def server_pg(tmp_root: Path) -> ServerPg:
    """Start a throwaway server with its data, socket and log under tmp_root (an empty folder,
    that the postgres user can reach when run as root). PgTidakAda when it cannot."""
    bindir = cari_bindir()
    user = None
    if os.geteuid() == 0:
        try:
            user = pwd.getpwnam(SUPERUSER)
        except KeyError:
            raise PgTidakAda(
                "tes berjalan sebagai root dan pengguna sistem 'postgres' tidak ada (PostgreSQL menolak root)"
            ) from None
    data, sock, log = tmp_root / "data", tmp_root / "sock", tmp_root / "postgres.log"
    sock.mkdir()
    if user is not None:
        os.chmod(tmp_root, 0o755)
        for path in (tmp_root, sock):
            os.chown(path, user.pw_uid, user.pw_gid)

    init = _run(
        user,
        [f"{bindir}/initdb", "-D", str(data), "-A", "trust", "-U", SUPERUSER, "--no-sync", "-E", "UTF8", "--locale=C"],
        cwd=tmp_root,
    )
    if init.returncode != 0:
        raise PgTidakAda(f"initdb gagal ({bindir}): {(init.stderr or init.stdout).strip()[-800:]}")

    # Durability off: a test database is thrown away, speed is all that counts.
    settings = {
        "fsync": "off",
        "synchronous_commit": "off",
        "full_page_writes": "off",
        "max_connections": "100",
        "unix_socket_directories": f"'{sock}'",
        "listen_addresses": "'127.0.0.1'",
    }
    conf = data / "postgresql.conf"
    with open(conf, "a", encoding="utf-8") as f:
        f.write("\n# desa tests\n" + "".join(f"{k} = {v}\n" for k, v in settings.items()))
    pg_ctl = [f"{bindir}/pg_ctl", "-D", str(data)]
    # A port found free may be taken before the server binds it (parallel runs): try another.
    for _attempt in range(3):
        port = _free_port()
        with open(conf, "a", encoding="utf-8") as f:  # the last value in the file wins
            f.write(f"port = {port}\n")
        start = _run(user, [*pg_ctl, "-l", str(log), "-w", "-t", "60", "start"], cwd=tmp_root)
        if start.returncode == 0:
            break
        detail = _log_tail(log) or (start.stderr or start.stdout).strip()
        _run(user, [*pg_ctl, "-m", "immediate", "stop"], cwd=tmp_root)
        if "Address already in use" not in detail:
            break
    if start.returncode != 0:
        raise PgTidakAda(f"server tidak mau mulai ({bindir}, port {port}):\n{detail}")
    return ServerPg(_url(SUPERUSER, "postgres", str(sock), port), root=tmp_root, bindir=bindir, user=user)


@pytest.fixture(scope="session")
def pg_server():
    """One PostgreSQL server for the whole session (see the module docstring)."""
    psycopg = _psycopg()
    external = os.environ.get("DESA_UJI_PG")
    if external:
        reason = None
        if not external.startswith(("postgresql://", "postgres://")):
            reason = "DESA_UJI_PG harus URL libpq (postgresql://...), bukan bentuk kunci=nilai"
        else:
            try:
                psycopg.connect(external, connect_timeout=10).close()
            except psycopg.Error as e:
                reason = f"DESA_UJI_PG tidak bisa dihubungi ({e})"
        if reason is not None:
            _menyerah(f"PostgreSQL tidak ada di mesin ini: {reason}")
        server = ServerPg(external)
    else:
        # Not under tmp_path_factory: as root that lies in /tmp/pytest-of-root (mode 700), out of
        # the postgres user's reach, and a short path keeps the socket under its 107-byte limit.
        root = Path(tempfile.mkdtemp(prefix="desa-pg-", dir="/tmp" if os.path.isdir("/tmp") else None))
        try:
            server = server_pg(root)
        except PgTidakAda as e:
            shutil.rmtree(root, ignore_errors=True)
            reason = str(e)
        else:
            reason = None
        if reason is not None:  # outside the except: no chained traceback in the report
            _menyerah(f"PostgreSQL tidak ada di mesin ini: {reason}")
    try:
        yield server
    finally:
        server.berhenti()


@pytest.fixture
def pg_url(pg_server) -> str:
    """A fresh, empty database for this test: its libpq URL (no password, unix socket)."""
    return pg_server.baru()
