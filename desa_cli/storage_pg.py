"""The register in PostgreSQL, for an office whose several desks share one queue and one letter book.

Register files on a shared network folder are not safe (file locks over SMB are unreliable; one
damaged copy is every desk's damage), so an office that outgrows one laptop keeps its register in
a database server. It keeps every guarantee of the files by keeping their shape:

- every register file of the file storage (data/<name>.json) is one row of `desa.dokumen`, holding
  the same bytes; the register, the audit and the reports work on both unchanged;
- one command is one database transaction. A writing command first locks the one row of
  `desa.kunci` (SELECT ... FOR UPDATE), so desks take turns as processes on one laptop take turns
  at data/.lock; a desk killed mid-command leaves nothing, because the server rolls back a
  transaction whose connection is gone;
- counters stay inside the `nomor` document, written in the same transaction as the application
  or letter they number: gapless and never reused. (PostgreSQL sequences skip numbers on rollback,
  so they are not used for letter numbers.)
- archived letters are rows of `desa.arsip`, written in the printing transaction, so every desk
  reaches every letter (cetak ulang, verifikasi, periksa of the SHA-256); each desk also keeps a
  working copy in its own arsip/ folder to open and print;
- a command that only reads runs in one REPEATABLE READ, READ ONLY snapshot, without the lock.

The role needs rights on its own schema only (README: "Beberapa meja loket").

Beyond one office (design notes, for later). A kabupaten with hundreds of villages on one server
would put each office in a schema of its own (`desa_<kode_wilayah>`, the name taken from the URL
or kantor.yaml instead of the constant SKEMA), one role per office with rights on that schema
only, so that no village reads another's residents; the lock row and the chain stay per office,
so offices never wait for each other. The documents would then be worth splitting further (one
row per application instead of one per month) and `desa periksa` would read them in a stream
rather than from a snapshot folder. A distributed PostgreSQL such as Citus would shard by office
(the schema, or an office column as distribution key): every command touches one office only, so
each transaction stays on one node and keeps its guarantees; what changes is that a report across
offices (the kabupaten's `gabung`) becomes a distributed query, and the lock row must live with
its office's shard.
"""

from __future__ import annotations

from pathlib import Path

from .kesalahan import DesaError
from .storage import LOCK_TIMEOUT, RegisterRusak, Transaksi, berkas_register

SKEMA = "desa"
SIMPAN = "INSERT INTO desa.dokumen (nama, isi) VALUES (%s, %s) ON CONFLICT (nama) DO UPDATE SET isi = EXCLUDED.isi"
# A set-aside copy made by a restore is named "<rusak-...>/<name>", as its folder is in the files.
MILIK_REGISTER = "nama NOT LIKE 'rusak-%%'"

DDL = (
    "CREATE TABLE IF NOT EXISTS desa.kunci (id integer PRIMARY KEY)",
    "INSERT INTO desa.kunci (id) VALUES (1) ON CONFLICT DO NOTHING",
    # Names in the "C" collation: `LIKE 'permohonan-%'` then uses the primary key's index whatever
    # the database's locale (in most locales a plain text index cannot serve a prefix search).
    'CREATE TABLE IF NOT EXISTS desa.dokumen (nama text COLLATE "C" PRIMARY KEY, isi bytea NOT NULL)',
    'CREATE TABLE IF NOT EXISTS desa.arsip (nama text COLLATE "C" PRIMARY KEY, isi bytea NOT NULL)',
    # A .docx is already compressed: storing it as it is spares the server a futile try.
    "ALTER TABLE desa.arsip ALTER COLUMN isi SET STORAGE EXTERNAL",
    # The office's standard that every desk applies: kantor.yaml, katalog/, templates_surat/.
    "CREATE TABLE IF NOT EXISTS desa.standar (nama text PRIMARY KEY, isi bytea NOT NULL)",
)


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


def buat_skema(url: str) -> None:
    """Create the office's tables (nothing happens to tables that exist)."""
    psycopg = pengandar()

    conn = hubungkan(url)
    try:
        with conn:
            # An administrator may have made the schema for the role (README): creating it then would
            # need the right to create schemas in the database, which the role does not need otherwise.
            if conn.execute("SELECT to_regnamespace('desa')").fetchone()[0] is None:
                conn.execute("CREATE SCHEMA desa")
            for statement in DDL:
                conn.execute(statement)
            _lz4(conn)
    except psycopg.Error as exc:
        raise gagal(url, exc) from None
    finally:
        conn.close()


def _lz4(conn) -> None:
    """Month documents of a busy office are a megabyte of JSON, read and written whole by every
    command: lz4 (PostgreSQL 14+, when the server was built with it) costs the server a fraction
    of the default pglz's time. Where it is not there, pglz stays."""
    psycopg = pengandar()
    try:
        with conn.transaction():
            conn.execute("ALTER TABLE desa.dokumen ALTER COLUMN isi SET COMPRESSION lz4")
    except psycopg.Error:
        pass


class TransaksiPG(Transaksi):
    """One command's view of the register in PostgreSQL: `with TransaksiPG(url) as tx: ...`,
    the same interface as the file `Transaksi`."""

    def __init__(self, url: str, timeout: float = LOCK_TIMEOUT, hari_ini=None, periksa: bool = True, baca_saja=False):
        super().__init__(Path("."), timeout=timeout, hari_ini=hari_ini, periksa=periksa, baca_saja=baca_saja)
        self.url = url
        self.folder = None  # no folder: anything that still reads one fails loudly
        self._conn = None
        self._arsip: dict = {}  # letters to store at commit: {relative: bytes}
        self.waktu_server = None  # the server's clock at the start (writers: once the lock is held)
        self._ada: dict = {}  # which documents exist, as this transaction found them

    @property
    def lokasi(self) -> str:
        return alamat_aman(self.url)

    @property
    def koneksi(self):
        """The connection of this transaction, for the office's other tables (meja.py)."""
        return self._conn

    def __enter__(self) -> TransaksiPG:
        psycopg = pengandar()

        self._conn = _ambil(self.url)
        try:
            if self.baca_saja:
                self._conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
                self._conn.read_only = True
                self._conn.execute("SELECT 1 FROM desa.kunci")
            else:
                self._conn.isolation_level = None  # the server's default (READ COMMITTED)
                self._conn.read_only = None
                self._conn.execute(f"SET LOCAL lock_timeout = '{int(self.timeout * 1000)}ms'")
                found = self._conn.execute("SELECT id FROM desa.kunci WHERE id = 1 FOR UPDATE").fetchone()
                if found is None:
                    raise BasisDataGagal(f"Basis data {self.lokasi} tidak berisi register yang utuh (desa.kunci).")
            # One clock for every desk: the server's, read once the lock is held (events in chain
            # order never go back in time because one desk's clock is behind).
            self.waktu_server, moved = self._conn.execute(
                "SELECT clock_timestamp(), (SELECT isi FROM desa.standar WHERE nama = 'dipindah')"
            ).fetchone()
            if moved is not None:  # a register moved back to files: what is here is out of date
                raise BasisDataGagal(
                    f"Register di {self.lokasi} sudah dipindah ke berkas ({bytes(moved).decode()}); meja ini tidak "
                    "memakainya lagi. Pakai kantor tempat register itu sekarang."
                )
        except psycopg.errors.LockNotAvailable:
            self._tutup()
            from .storage import RegisterSibuk

            raise RegisterSibuk(
                f"Register sedang dipakai meja lain lebih dari {self.timeout:.0f} detik. Coba lagi sebentar."
            ) from None
        except psycopg.Error as exc:
            self._tutup()
            raise gagal(self.url, exc) from None
        except BaseException:
            self._tutup()
            raise
        return self

    def __exit__(self, kind, value, tb) -> None:
        psycopg = pengandar()

        try:
            if kind is None:
                self.commit()
                self._selesai()
        except psycopg.Error as exc:
            raise gagal(self.url, exc) from None
        finally:
            self._tutup()
        if kind is not None and isinstance(value, psycopg.Error):
            raise gagal(self.url, value) from None

    def _tutup(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()  # an open transaction is rolled back: nothing half done
            except Exception:
                pass
            self._conn = None

    def _selesai(self) -> None:
        """After a transaction that ended well: the connection kept for this process's next one."""
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.rollback()  # a reader's snapshot ends; after a commit nothing is open
            except Exception:
                conn.close()
                return
            _simpan(self.url, conn)

    def _mentah(self, name: str) -> bytes | None:
        if self._ganti is not None:  # a restore: the backup's files are the register now
            source = self._ganti[0]
            path = None if source is None else source / f"{name}.json"
            return path.read_bytes() if path is not None and path.is_file() else None
        row = self._conn.execute("SELECT isi FROM desa.dokumen WHERE nama = %s", (name,)).fetchone()
        self._ada[name] = row is not None
        return None if row is None else bytes(row[0])

    def _rusak(self, name: str, why: str) -> RegisterRusak:
        error = RegisterRusak.__new__(RegisterRusak)
        error.path = Path(f"{name}.json")
        DesaError.__init__(
            error,
            f"Dokumen register {name} di basis data {self.lokasi} rusak ({why}). Tidak diubah; "
            "pulihkan dengan 'desa pulihkan --dump BERKAS' dari cadangan pg_dump.",
        )
        return error

    def ganti_register(self, sumber, sisihkan: str) -> None:
        super().ganti_register(sumber, sisihkan)
        self._ada.clear()

    def exists(self, name: str) -> bool:
        if name in self._dirty:
            return True
        if self._ganti is not None:
            return self._mentah(name) is not None
        if name not in self._ada:  # asked before it is read: a megabyte not fetched twice
            found = self._conn.execute("SELECT 1 FROM desa.dokumen WHERE nama = %s", (name,)).fetchone()
            self._ada[name] = found is not None
        return self._ada[name]

    def daftar(self, awalan: str) -> list:
        pattern = awalan.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        rows = self._conn.execute("SELECT nama FROM desa.dokumen WHERE nama LIKE %s", (pattern,)).fetchall()
        names = {r[0] for r in rows if "/" not in r[0][len(awalan) :]}
        names.update(n for n in self._dirty if n.startswith(awalan) and "/" not in n[len(awalan) :])
        return sorted(names)

    def arsip_noreg(self, tahun: int) -> set:
        from .penomoran import _NOREG_BERKAS

        prefix = f"arsip/{tahun}/"
        rows = self._conn.execute("SELECT nama FROM desa.arsip WHERE nama LIKE %s", (prefix + "%",)).fetchall()
        found = {m.group(1) for m in (_NOREG_BERKAS.match(r[0][len(prefix) :]) for r in rows) if m}
        found.update(m.group(1) for m in (_NOREG_BERKAS.match(Path(n).name) for n in self._arsip) if m)
        return found

    arsip_bersama = True  # every desk's letters are in desa.arsip; arsip/ holds working copies

    def arsip_simpan(self, relative: str, data: bytes) -> None:
        if self.baca_saja:
            raise RuntimeError("a read-only transaction cannot write")
        self._arsip[relative] = data

    def arsip_baca(self, relative: str) -> bytes | None:
        if relative in self._arsip:
            return self._arsip[relative]
        row = self._conn.execute("SELECT isi FROM desa.arsip WHERE nama = %s", (relative,)).fetchone()
        return None if row is None else bytes(row[0])

    @property
    def berubah(self) -> bool:
        return super().berubah or bool(self._arsip)

    def commit(self) -> None:
        if self._conn is None or not self.berubah:
            return
        with self._conn.cursor() as cur:
            if self._ganti is not None:
                self._ganti_semua(cur)
            rows = []
            for name in sorted(self._dirty):
                data = self._data[name]
                rows.append((name, data if isinstance(data, bytes) else _dumps(data)))
            if rows:
                cur.executemany(SIMPAN, rows)
            if self._arsip:
                # ON CONFLICT DO NOTHING would hide a clash: an archived letter is never replaced.
                cur.executemany("INSERT INTO desa.arsip (nama, isi) VALUES (%s, %s)", list(self._arsip.items()))
        psycopg = pengandar()
        try:
            self._conn.commit()
        except psycopg.OperationalError:
            # The server may have committed before the connection broke: say so, never "nothing".
            raise BasisDataGagal(
                f"Hubungan ke basis data {self.lokasi} terputus saat menyimpan: perubahan ini mungkin sudah "
                "tersimpan, mungkin belum. Lihat dengan 'desa daftar' atau 'desa riwayat' sebelum mengulang."
            ) from None
        self._dirty.clear()
        self._arsip.clear()
        self._ganti = None

    def _ganti_semua(self, cur) -> None:
        """A restore: every register document set aside under <sisihkan>/, then the backup's
        documents in their place (those written since are upserted after)."""
        source, aside = self._ganti
        keep = "INSERT INTO desa.dokumen (nama, isi) SELECT %s || '/' || nama, isi FROM desa.dokumen WHERE "
        cur.execute(keep + MILIK_REGISTER, (aside,))
        cur.execute(f"DELETE FROM desa.dokumen WHERE {MILIK_REGISTER}")
        if source is not None:
            restored = [r.with_suffix("").as_posix() for r in berkas_register(source)]
            cur.executemany(
                SIMPAN, [(n, (source / f"{n}.json").read_bytes()) for n in restored if n not in self._dirty]
            )


def _dumps(data) -> bytes:
    from .berkas_aman import dumps

    return dumps(data)


def salin_register(url: str, target: Path) -> dict:
    """Write the register as it is now (one snapshot) into `target` as register files, the
    set-aside copies of restores in their rusak-*/ folders: what the audit and a move to files
    read, and the office standard's manifest as standar/manifest.json. Returns {name: sha256 hex}
    of the archived letters, computed by the server."""
    psycopg = pengandar()

    from .berkas_aman import buat_baru

    conn = hubungkan(url)
    try:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        with conn.cursor(name="salin") as cur:  # a server-side cursor: one document in memory at a time
            cur.itersize = 20
            cur.execute("SELECT nama, isi FROM desa.dokumen ORDER BY nama")
            for name, isi in cur:
                path = target / f"{name}.json"
                if not _nama_aman(name):
                    continue
                path.parent.mkdir(parents=True, exist_ok=True)
                buat_baru(path, bytes(isi))
        rows = conn.execute("SELECT nama, encode(sha256(isi), 'hex') FROM desa.arsip").fetchall()
        manifest = conn.execute("SELECT isi FROM desa.standar WHERE nama = 'manifest.json'").fetchone()
        (target / "standar").mkdir(exist_ok=True)  # the office standard, checked against its event
        if manifest is not None:
            buat_baru(target / "standar" / "manifest.json", bytes(manifest[0]))
        conn.rollback()
    except psycopg.Error as exc:
        raise gagal(url, exc) from None
    finally:
        conn.close()
    return dict(rows)


def _nama_aman(name: str) -> bool:
    """A document name that stays inside the target folder (the table is untrusted input too)."""
    from .berkas_aman import jalur_aman

    return jalur_aman(name)
