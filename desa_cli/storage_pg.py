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

import json
from pathlib import Path

from .berkas_aman import dumps
from .kesalahan import DesaError

# The connection's own module; its names are used here and, through this module, by the others.
from .pg_hubungan import (  # noqa: F401
    BasisDataGagal,
    _ambil,
    _simpan,
    alamat_aman,
    gagal,
    hubungkan,
    pengandar,
    periksa_url,
    tersambung,
)
from .storage import LOCK_TIMEOUT, RegisterRusak, Transaksi, berkas_register

SKEMA = "desa"
SIMPAN = "INSERT INTO desa.dokumen (nama, isi) VALUES (%s, %s) ON CONFLICT (nama) DO UPDATE SET isi = EXCLUDED.isi"
# The row of desa.standar that marks a register being moved in from files: until the move has set
# the files aside, the files are the register and no desk may use this copy.
MASUK = "sedang_masuk"


def sedang_masuk(lokasi: str, asal: str) -> str:
    return (
        f"Register sedang dipindah ke {lokasi} dari berkas ({asal}) dan belum selesai; belum dipakai. "
        "Selesaikan dengan menjalankan lagi 'desa register pindah --ke URL' di komputer itu."
    )


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


def buat_skema(url: str) -> None:
    """Create the office's tables (nothing happens to tables that exist)."""
    with tersambung(url) as conn, conn:  # the inner `with` commits the whole schema at once
        # An administrator may have made the schema for the role (README): creating it then would
        # need the right to create schemas in the database, which the role does not need otherwise.
        if conn.execute("SELECT to_regnamespace('desa')").fetchone()[0] is None:
            conn.execute("CREATE SCHEMA desa")
        for statement in DDL:
            conn.execute(statement)
        _lz4(conn)


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

    def __init__(
        self,
        url: str,
        timeout: float = LOCK_TIMEOUT,
        hari_ini=None,
        periksa: bool = True,
        baca_saja=False,
        pindahan=False,
    ):
        super().__init__(Path("."), timeout=timeout, hari_ini=hari_ini, periksa=periksa, baca_saja=baca_saja)
        self.url = url
        self.folder = None  # no folder: anything that still reads one fails loudly
        self._conn = None
        self._arsip: dict = {}  # letters to store at commit: {relative: bytes}
        self.pindahan = pindahan  # the move into this database itself (register_pindah.ke_pg)
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
                # READ COMMITTED whatever the server's default: a desk that waited for the lock
                # must read what the desk before it committed.
                self._conn.isolation_level = psycopg.IsolationLevel.READ_COMMITTED
                self._conn.read_only = False
                self._conn.execute(f"SET LOCAL lock_timeout = '{int(self.timeout * 1000)}ms'")
                found = self._conn.execute("SELECT id FROM desa.kunci WHERE id = 1 FOR UPDATE").fetchone()
                if found is None:
                    raise BasisDataGagal(f"Basis data {self.lokasi} tidak berisi register yang utuh (desa.kunci).")
            # One clock for every desk: the server's, read once the lock is held (events in chain
            # order never go back in time because one desk's clock is behind).
            self.waktu_server, moved, arriving = self._conn.execute(
                "SELECT clock_timestamp(), (SELECT isi FROM desa.standar WHERE nama = 'dipindah'), "
                f"(SELECT isi FROM desa.standar WHERE nama = '{MASUK}')"
            ).fetchone()
            if moved is not None:  # a register moved back to files: what is here is out of date
                raise BasisDataGagal(
                    f"Register di {self.lokasi} sudah dipindah ke berkas ({bytes(moved).decode()}); meja ini tidak "
                    "memakainya lagi. Pakai kantor tempat register itu sekarang."
                )
            if arriving is not None and not self.pindahan:  # a copy whose files are still in use
                raise BasisDataGagal(sedang_masuk(self.lokasi, bytes(arriving).decode()))
        except (psycopg.errors.LockNotAvailable, psycopg.errors.SerializationFailure):
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

    def kosongkan(self) -> None:
        """Inside this transaction: the database emptied (a copy that was never used, redone)."""
        for table in ("dokumen", "arsip", "standar"):
            self._conn.execute(f"DELETE FROM desa.{table}")
        self._data.clear()
        self._dirty.clear()
        self._ada.clear()
        self._arsip.clear()

    def tanpa_batas_diam(self) -> None:
        """For a move or a restore: minutes of audit and copying run inside this transaction while
        it sends nothing; the server must not end it (and free the lock) after the usual minute."""
        self._conn.execute("SET LOCAL idle_in_transaction_session_timeout = 0")

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
                rows.append((name, data if isinstance(data, bytes) else dumps(data)))
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


def salin_register(url: str, target: Path) -> dict:
    """Write the register as it is now (one snapshot) into `target` as register files, the
    set-aside copies of restores in their rusak-*/ folders: what the audit and a move to files
    read, and the office standard's manifest as standar/manifest.json. Returns {name: sha256 hex}
    of the archived letters, computed by the server."""
    psycopg = pengandar()

    from .berkas_aman import buat_baru

    with tersambung(url) as conn:
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
        files = conn.execute(
            "SELECT nama, encode(sha256(isi), 'hex') FROM desa.standar WHERE nama <> 'manifest.json'"
        ).fetchall()
        buat_baru(target / "standar" / "sidik.json", json.dumps(dict(files), sort_keys=True).encode())
        conn.rollback()
    return dict(rows)


def _nama_aman(name: str) -> bool:
    """A document name that stays inside the target folder (the table is untrusted input too)."""
    from .berkas_aman import jalur_aman

    return jalur_aman(name)
