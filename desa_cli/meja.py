"""Several desks, one register: which storage an office uses, and the one standard every desk applies.

Fairness means one standard for the whole office: every desk must take applications against the
same catalogue and print them from the same templates. The database holds the office's standard
(kantor.yaml, katalog/, templates_surat/, the logo, and which bundled catalogue) as files in
`desa.standar`, with a manifest of their SHA-256. Desks get them from there (`desa init
--basis-data` for a new desk, `desa kantor ambil` after a change): the database is the one place
every desk already reaches and trusts, whereas a shared folder is what SMB makes unreliable. A
desk whose files differ from the manifest is refused before it writes, naming the files; `desa
kantor terbitkan` makes one desk's files the standard (recorded as a chain event).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

from .berkas_aman import ganti_nama
from .kesalahan import DesaError

MANIFEST = "manifest.json"
BAWAAN = "(katalog dan templat bawaan)"
_POLA_BASIS_DATA = re.compile(r"(?m)^basis_data:.*$")
# The places a standard's file may be written to (the logo: a file name in the office folder).
_POLA_STANDAR = re.compile(r"katalog/[^/\\:]+\.yaml|templates_surat/[^/\\:]+\.docx|[^/\\:.][^/\\:]*\.(?i:png|jpe?g)")


def url_kantor(kantor) -> str | None:
    """The office's PostgreSQL URL: DESA_BASIS_DATA, else kantor.yaml's basis_data; None: files."""
    return os.environ.get("DESA_BASIS_DATA") or kantor.data.get("basis_data") or None


def sumber_url(kantor) -> str:
    return "DESA_BASIS_DATA" if os.environ.get("DESA_BASIS_DATA") else "kantor.yaml (basis_data)"


def transaksi(kantor, baca_saja: bool = False):
    """The register transaction of this office: files in data/, or its PostgreSQL database."""
    url = url_kantor(kantor)
    if url is None:
        from .storage import Transaksi

        return Transaksi(kantor.data_folder, baca_saja=baca_saja)
    from .storage_pg import TransaksiPG

    return TransaksiPG(url, baca_saja=baca_saja)


def waktu(tx, sekarang):
    """The time of a command: on PostgreSQL the server's clock, read under the lock (one clock for
    every desk), unless DESA_WAKTU fixes it; else this computer's."""
    server = getattr(tx, "waktu_server", None)
    if server is None or os.environ.get("DESA_WAKTU"):
        return sekarang
    return server.astimezone().replace(tzinfo=None, microsecond=0)


# --- the office standard ---------------------------------------------------------------------


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def berkas_standar(folder: Path, data: dict) -> dict:
    """The files of the office standard at this desk: {name: bytes}. kantor.yaml is taken without
    its basis_data line (each desk may reach the server by its own address)."""
    files = {"kantor.yaml": _tanpa_basis_data((folder / "kantor.yaml").read_bytes())}
    for name, path in _katalog_templat(folder):
        if path.is_file():
            files[name] = path.read_bytes()
    logo = data.get("logo")
    if logo and (folder / logo).is_file():
        files[logo] = (folder / logo).read_bytes()
    return files


def _katalog_templat(folder: Path):
    """(name in the standard, path) of the office's own catalogue files and templates."""
    for sub, pattern in (("katalog", "*.yaml"), ("templates_surat", "*.docx")):
        base = folder / sub
        for path in sorted(base.glob(pattern)) if base.is_dir() else ():
            yield f"{sub}/{path.name}", path


def _tanpa_basis_data(raw: bytes) -> bytes:
    text = raw.decode("utf-8-sig", "replace").replace("\r\n", "\n")
    return _POLA_BASIS_DATA.sub("", text).rstrip("\n").encode("utf-8") + b"\n"


def sidik_bawaan() -> str:
    """One digest of the bundled catalogue and templates: desks on different versions of desa
    apply different standards. Kept in the user's cache (katalog_simpan's folder) by the files'
    names, sizes and times, so that a command hashes them only once per installation."""
    import time

    from .katalog import bundled_folder, bundled_templates
    from .katalog_simpan import TENANG_DETIK, folder_simpanan

    bases = ((bundled_folder(), "*.yaml"), (bundled_templates(), "*.docx"))
    files = [p for base, glob in bases for p in sorted(base.glob(glob))]
    stats = [(p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in files]
    key = _sha(repr([str(Path(__file__).resolve().parent), *stats]).encode())
    cache = folder_simpanan() / "sidik-bawaan.json"
    try:
        stored = json.loads(cache.read_bytes())
        if stored["kunci"] == key:
            return stored["sidik"]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    settled = all(time.time_ns() - mtime > TENANG_DETIK * 1e9 for _, _, mtime in stats)
    if settled:  # a file changed just now may change again within its mtime's tick
        try:
            from .berkas_aman import write_private

            cache.parent.mkdir(parents=True, exist_ok=True)
            write_private(cache, json.dumps({"kunci": key, "sidik": digest.hexdigest()}).encode())
        except OSError:
            pass  # a cache that cannot be written only costs the hashing next time
    return digest.hexdigest()


def manifest(files: dict) -> dict:
    return {**{name: _sha(raw) for name, raw in files.items()}, BAWAAN: sidik_bawaan()}


def beda(lokal: dict, kantor: dict) -> list:
    """The names whose content differs between two manifests, each with how: 'berbeda',
    'tidak ada di meja ini', 'hanya di meja ini'."""
    found = []
    for name in sorted(set(lokal) | set(kantor)):
        if name not in lokal:
            found.append(f"{name} (tidak ada di meja ini)")
        elif name not in kantor:
            found.append(f"{name} (hanya di meja ini)")
        elif lokal[name] != kantor[name]:
            found.append(f"{name} (berbeda)")
    return found


def manifest_kantor(conn) -> dict | None:
    row = conn.execute("SELECT isi FROM desa.standar WHERE nama = %s", (MANIFEST,)).fetchone()
    return None if row is None else json.loads(bytes(row[0]))


def periksa_standar(kantor, tx) -> None:
    """Refuse a writing command at a desk whose standard differs from the office's."""
    stored = manifest_kantor(tx.koneksi)
    if stored is None:
        raise DesaError(
            "Standar kantor (katalog, templat, kantor.yaml) belum tercatat di basis data. "
            "Catat dari meja yang benar dengan 'desa kantor terbitkan'."
        )
    differ = beda(manifest(berkas_standar(kantor.folder, kantor.data)), stored)
    if differ:
        more = f" dan {len(differ) - 5} lainnya" if len(differ) > 5 else ""
        raise DesaError(
            "Meja ini memakai standar yang berbeda dengan kantor, jadi tidak menerima atau mencetak permohonan "
            f"(satu standar untuk semua pemohon): {'; '.join(differ[:5])}{more}. Samakan dengan 'desa kantor ambil', "
            "atau bila berkas meja ini yang benar, jadikan standar dengan 'desa kantor terbitkan'."
        )


def simpan_standar(tx, files: dict) -> dict:
    """Record `files` as the office standard in the database (inside transaction `tx`)."""
    cur = tx.koneksi.cursor()
    cur.execute("DELETE FROM desa.standar")
    marked = manifest(files)
    rows = [(name, raw) for name, raw in files.items()]
    rows.append((MANIFEST, json.dumps(marked, sort_keys=True).encode()))
    cur.executemany("INSERT INTO desa.standar (nama, isi) VALUES (%s, %s)", rows)
    return marked


def ambil_standar(url: str, folder: Path) -> list:
    """Write the office standard from the database into `folder` (kantor.yaml with this desk's
    basis_data, katalog/, templates_surat/, the logo), replacing what differs, and removing
    catalogue files and templates the office does not have. Returns the names written."""
    from .storage_pg import tersambung

    with tersambung(url) as conn:
        rows = {name: bytes(isi) for name, isi in conn.execute("SELECT nama, isi FROM desa.standar").fetchall()}
    marked = json.loads(rows.pop(MANIFEST, b"null"))
    if not marked:
        raise DesaError(
            "Basis data belum berisi standar kantor; terbitkan dulu dari meja pertama ('desa kantor terbitkan')."
        )
    if marked.get(BAWAAN) != sidik_bawaan():
        raise DesaError(
            "Katalog dan templat bawaan aplikasi desa di meja ini berbeda dengan kantor: pasang versi desa yang "
            "sama di semua meja (lihat 'desa --version' di meja lain)."
        )
    rows = {name: raw for name, raw in rows.items() if _nama_standar(name) and name in marked}
    differ = sorted(name for name, raw in rows.items() if _sha(raw) != marked[name])
    if differ or any(name not in rows for name in marked if name != BAWAAN):
        raise DesaError(
            "Standar kantor di basis data tidak sama dengan sidik yang diterbitkan "
            f"({', '.join(differ) or 'ada berkas yang hilang'}): tidak diambil. Terbitkan ulang dari meja yang benar."
        )
    return _tulis_standar(folder, rows, url)


def _tulis_standar(folder: Path, rows: dict, url: str) -> list:
    """The standard's files written (those that differ), then the office's own catalogue files and
    templates that the standard does not have removed: a failure midway leaves no file missing."""
    written = []
    for name, raw in sorted(rows.items()):
        if name == "kantor.yaml":  # this desk's own address, never one the table brings along
            raw = _tanpa_basis_data(raw).rstrip(b"\n") + f"\nbasis_data: {url}\n".encode()
        target = folder / name
        if target.is_file() and target.read_bytes() == raw:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".tmp")
        tmp.write_bytes(raw)
        ganti_nama(tmp, target)
        written.append(name)
    for name, path in list(_katalog_templat(folder)):
        if name not in rows:
            path.unlink()
            written.append(f"{name} (dihapus)")
    return written


def _nama_standar(name: str) -> bool:
    """Only the standard's own places, whatever the table holds (it is input like any file)."""
    from .berkas_aman import jalur_aman

    return name == "kantor.yaml" or (bool(_POLA_STANDAR.fullmatch(name)) and jalur_aman(name))


def kantor_ada(url: str) -> bool:
    """Whether the database already holds an office (a desk joining it) or is new."""
    from .storage_pg import MASUK, alamat_aman, sedang_masuk, tersambung

    with tersambung(url) as conn:
        row = conn.execute("SELECT to_regclass('desa.standar') IS NOT NULL").fetchone()
        if not row[0]:
            return False
        arriving = conn.execute("SELECT isi FROM desa.standar WHERE nama = %s", (MASUK,)).fetchone()
        if arriving is not None:
            raise DesaError(sedang_masuk(alamat_aman(url), bytes(arriving[0]).decode()))
        return conn.execute("SELECT count(*) FROM desa.standar").fetchone()[0] > 0


def status(url: str) -> dict:
    """For `desa kantor`: whether the database answers, and how long that took."""
    import time

    start = time.perf_counter()
    try:
        from .storage_pg import hubungkan

        conn = hubungkan(url, timeout=5)
    except DesaError as exc:
        return {"terhubung": False, "pesan": str(exc)}
    try:
        conn.execute("SELECT 1")
        version = conn.info.parameter_status("server_version")
    except Exception as exc:  # the connection broke at once: shown, never a traceback
        return {"terhubung": False, "pesan": str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__}
    finally:
        conn.close()
    return {"terhubung": True, "server": version, "ms": round((time.perf_counter() - start) * 1000)}


def periksa(kantor, kode_wilayah: str | None, saksi: list):
    """`desa periksa` on either storage: a register in PostgreSQL is written out, as one snapshot,
    to a private temporary folder of register files, and audited by the very same checks."""
    from . import audit

    url = url_kantor(kantor)
    if url is None:
        return audit.periksa(kantor.data_folder, kantor.folder, kode_wilayah=kode_wilayah, saksi=saksi)
    return periksa_basis_data(url, kode_wilayah, saksi)


def periksa_basis_data(url: str, kode_wilayah: str | None, saksi: list):
    """The audit of the register in the database `url`, on one snapshot of it."""
    import tempfile

    from . import audit
    from .storage_pg import salin_register

    with tempfile.TemporaryDirectory(prefix="desa-periksa-") as tmp:
        sidik = salin_register(url, Path(tmp))
        return audit.periksa(Path(tmp), sidik, kode_wilayah=kode_wilayah, saksi=saksi)


def nomor_mentah(kantor) -> bytes | None:
    """The bytes of the register's `nomor` document (counters, chain head), read without the lock."""
    url = url_kantor(kantor)
    if url is None:
        try:
            return (kantor.data_folder / "nomor.json").read_bytes()
        except OSError:
            return None
    from .storage_pg import TransaksiPG

    with TransaksiPG(url, baca_saja=True) as tx:
        return tx.mentah("nomor")


def letak(kantor) -> dict:
    """Where the register lives, for `desa kantor`; for a database, whether it answers."""
    url = url_kantor(kantor)
    if url is None:
        return {"jenis": "berkas", "tempat": str(kantor.data_folder)}
    from .storage_pg import alamat_aman

    return {"jenis": "postgresql", "tempat": alamat_aman(url), "dipilih_dari": sumber_url(kantor), **status(url)}


def ringkasan_kantor(kantor, tempat: dict) -> dict | None:
    """What the register holds (ringkasan.py), from either storage; None when it cannot be reached."""
    from .ringkasan import ringkasan, ringkasan_register

    if tempat["jenis"] == "berkas":
        return ringkasan_register(kantor.data_folder)
    if not tempat.get("terhubung"):
        return None
    from .storage_pg import TransaksiPG

    try:
        with TransaksiPG(url_kantor(kantor), baca_saja=True) as tx:
            return ringkasan(tx.daftar("permohonan-"), tx.mentah("nomor"))
    except DesaError as exc:  # `desa kantor` shows the office even so, and says why
        tempat.update(terhubung=False, pesan=str(exc))
        return None


def gabung(url: str, folder: Path):
    """A new desk joins the office in the database: its folders, and the office standard from there."""
    from . import kantor as kantor_mod

    folder.mkdir(parents=True, exist_ok=True)
    for name in kantor_mod.FOLDER_KANTOR:
        (folder / name).mkdir(exist_ok=True)
    for name in kantor_mod.FOLDER_PRIBADI:
        kantor_mod.jadikan_pribadi(folder / name)
    try:
        ambil_standar(url, folder)
        return kantor_mod.muat(kantor_mod.LokasiKantor(folder.resolve(), "desa init"))
    except BaseException:
        (folder / kantor_mod.KANTOR_YAML).unlink(missing_ok=True)  # no half-made desk
        raise


def terbitkan(kantor, petugas: str, sekarang, alasan: str) -> dict:
    """Make this desk's files the office standard: recorded in the database, and as a chain event
    (`standar`, with the manifest's digest), in one transaction. Returns the manifest."""
    from .register import Register
    from .storage_pg import TransaksiPG

    with TransaksiPG(url_kantor(kantor)) as tx:
        reg = Register(tx, petugas, waktu(tx, sekarang), kode_wilayah=kantor.data.get("kode_wilayah"))
        return terbitkan_dalam(reg, kantor, alasan)


def catat_standar_berlaku(reg, alasan: str) -> None:
    """A `standar` event for the standard in force, unchanged: after a restore has put back a chain
    whose last publication is older than the standard the desks apply now."""
    row = reg.tx.koneksi.execute("SELECT isi FROM desa.standar WHERE nama = %s", (MANIFEST,)).fetchone()
    if row is not None:
        raw = bytes(row[0])
        reg.catat_peristiwa("standar", "-", {"sidik": _sha(raw), "berkas": len(json.loads(raw)) - 1, "alasan": alasan})


def terbitkan_dalam(reg, kantor, alasan: str) -> dict:
    """Inside the register transaction of `reg`: record the standard and its `standar` event."""
    files = berkas_standar(kantor.folder, kantor.data)
    marked = simpan_standar(reg.tx, files)
    digest = _sha(json.dumps(marked, sort_keys=True).encode())
    reg.catat_peristiwa("standar", "-", {"sidik": digest, "berkas": len(files), "alasan": alasan})
    return marked
