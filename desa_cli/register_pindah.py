"""Moving a register between the files of one computer and PostgreSQL (`desa register pindah`), and
the backups of a register in PostgreSQL: pg_dump, the server's own tool, and a restore from one.

A move is checked by the audit on both sides before the old register is retired: the files are
set aside in data/pindah-<time>/ (never deleted), a database is marked as moved so that no desk
writes to it again. Numbers continue: the counters travel in the `nomor` document, and the move
is an event (`pindah_register`) in the chain itself.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from .berkas_aman import ganti_nama
from .kesalahan import DesaError

DIPINDAH = "dipindah"  # the row of desa.standar that retires a database
MASUK = "sedang_masuk"  # the row that marks a copy not yet in use (storage_pg.MASUK)


def _periksa_baik(hasil, sisi: str) -> None:
    if not hasil.baik:
        raise DesaError(
            f"Register {sisi} tidak lolos pemeriksaan: {hasil.semua_kesalahan()[0]} Tidak dipindah; "
            "selesaikan temuan 'desa periksa' dulu."
        )


def _berkas_arsip(folder: Path) -> list:
    """The archived letters of an office folder, relative ("arsip/2026/2026-00001_x.docx")."""
    base = folder / "arsip"
    found = [p for p in base.rglob("*") if p.is_file() and not p.name.startswith(".")] if base.is_dir() else []
    return sorted(p.relative_to(folder).as_posix() for p in found)


def _stempel(sekarang) -> str:
    return sekarang.strftime("%Y%m%d-%H%M%S")


def ke_pg(kantor, url: str, petugas: str, sekarang) -> dict:
    """Move this office's file register, its letters and its standard into the empty database `url`."""
    from . import audit, meja
    from .register import Register
    from .storage import Transaksi, berkas_register
    from .storage_pg import TransaksiPG, alamat_aman, buat_skema, periksa_url

    if meja.url_kantor(kantor):
        if meja.url_kantor(kantor) == url and _tanda_masuk(url, hapus=False):
            return _selesaikan_ke_pg(kantor, url, sekarang)
        raise DesaError(f"Register kantor ini sudah di PostgreSQL ({alamat_aman(meja.url_kantor(kantor))}).")
    periksa_url(url)
    folder = kantor.data_folder
    kode = kantor.data.get("kode_wilayah")
    with Transaksi(folder) as tx:  # the file lock, held to the end: nothing is written meanwhile
        _periksa_baik(audit.periksa(folder, kantor.folder, kode_wilayah=kode), "berkas")
        buat_skema(url)
        names = [r.with_suffix("").as_posix() for r in berkas_register(folder)]
        asides = sorted(p for p in folder.glob("rusak-*") if p.is_dir())
        letters = _berkas_arsip(kantor.folder)
        head = _ujung(Register(tx, petugas, sekarang))
        with TransaksiPG(url, pindahan=True) as pg:
            pg.tanpa_batas_diam()
            event = _sudah_disalin(pg, petugas, sekarang, "postgresql", head)
            if event is None:
                count = "SELECT (SELECT count(*) FROM desa.dokumen) + (SELECT count(*) FROM desa.arsip)"
                arriving = pg.koneksi.execute("SELECT 1 FROM desa.standar WHERE nama = %s", (MASUK,)).fetchone()
                if pg.koneksi.execute(count).fetchone()[0] and arriving is None:
                    where = alamat_aman(url)
                    raise DesaError(f"Basis data {where} sudah berisi register; pindahkan hanya ke basis data kosong.")
                pg.kosongkan()  # a copy of an earlier try, never used: done again from the files as they are
                event = _salin_ke_pg(pg, kantor, folder, (names, asides, letters), petugas, sekarang, head)
        hasil = meja.periksa_basis_data(url, kode, [])
        if not hasil.baik:
            _kosongkan(url)
            _periksa_baik(hasil, "di basis data (dikosongkan lagi)")
        _tulis_basis_data(kantor.folder, url)
        lama = str(_sisihkan_berkas(folder, names, f"pindah-{_stempel(sekarang)}"))
    _tanda_masuk(url, hapus=True)  # from here on the database is the register
    hasil = {"ke": alamat_aman(url), "dokumen": len(names), "surat": len(letters), "lama": lama}
    return {**hasil, "peristiwa": event["urut"]}


def _tanda_masuk(url: str, hapus: bool) -> bool:
    """Whether the database still carries the mark of a move into it; with `hapus`, remove it."""
    from .storage_pg import tersambung

    with tersambung(url) as conn, conn:
        if hapus:
            conn.execute("DELETE FROM desa.standar WHERE nama = %s", (MASUK,))
            return False
        return conn.execute("SELECT 1 FROM desa.standar WHERE nama = %s", (MASUK,)).fetchone() is not None


def _selesaikan_ke_pg(kantor, url: str, sekarang) -> dict:
    """A move into the database cut short after kantor.yaml named it: no command could write the
    files since (kantor.yaml sends them to the database, which refused while marked), so they are
    set aside as the finished move would have, and the mark removed."""
    from .storage import berkas_register
    from .storage_pg import alamat_aman

    folder = kantor.data_folder
    names = [r.with_suffix("").as_posix() for r in berkas_register(folder)]
    lama = str(_sisihkan_berkas(folder, names, f"pindah-{_stempel(sekarang)}")) if names else "(sudah disisihkan)"
    _tanda_masuk(url, hapus=True)
    return {"ke": alamat_aman(url), "dokumen": len(names), "surat": 0, "lama": lama, "peristiwa": 0}


def _ujung(reg) -> str | None:
    """The hash of the last event of the register `reg` reads."""
    head = reg.ujung()
    return head.get("hash") if isinstance(head, dict) else None


def _sudah_disalin(tx, petugas, sekarang, ke: str, ujung_lama: str | None) -> dict | None:
    """The `pindah_register` event of a move cut short after its copy was committed: the register
    in `tx` ends with the move to `ke` of the register whose last event was `ujung_lama`. Then the
    move is finished, not done again (None: no such move)."""
    from .register import Register

    last = Register(tx, petugas, sekarang).peristiwa_terakhir(1)
    if last and last[-1].get("aksi") == "pindah_register":
        data = last[-1].get("data") or {}
        if data.get("ke") == ke and ujung_lama and data.get("ujung_lama") == ujung_lama:
            return last[-1]
    return None


def _salin_ke_pg(pg, kantor, folder, isi: tuple, petugas, sekarang, head) -> dict:
    """Inside the database's transaction `pg`: the register files, the set-aside files of restores,
    the letters and the standard, then the `pindah_register` event."""
    from . import meja
    from .register import Register
    from .storage import berkas_register

    names, asides, letters = isi
    for name in names:
        pg.tulis_mentah(name, (folder / f"{name}.json").read_bytes())
    for aside in asides:  # a restore's set-aside files: the audit's floors still see them
        for relative in berkas_register(aside):
            pg.tulis_mentah(f"{aside.name}/{relative.with_suffix('').as_posix()}", (aside / relative).read_bytes())
    for relative in letters:
        pg.arsip_simpan(relative, (kantor.folder / relative).read_bytes())
    reg = Register(pg, petugas, meja.waktu(pg, sekarang), kode_wilayah=kantor.data.get("kode_wilayah"))
    meja.terbitkan_dalam(reg, kantor, "pindah ke basis data")
    when = sekarang.isoformat(timespec="seconds")
    pg.koneksi.execute(
        "INSERT INTO desa.standar (nama, isi) VALUES (%s, %s)", (MASUK, f"{when} oleh {petugas}".encode())
    )
    return reg.catat_peristiwa("pindah_register", "-", {"dari": "berkas", "ke": "postgresql", "ujung_lama": head})


def _kosongkan(url: str) -> None:
    from .storage_pg import tersambung

    with tersambung(url) as conn, conn:
        conn.execute("TRUNCATE desa.dokumen, desa.arsip, desa.standar")


def _sisihkan_berkas(folder: Path, names: list, aside: str) -> Path:
    """Retire the file register: its files moved (never deleted) to data/<aside>/."""
    target = folder / aside
    for name in names:
        destination = target / f"{name}.json"
        destination.parent.mkdir(parents=True, exist_ok=True)
        ganti_nama(folder / f"{name}.json", destination)
    return target


def _tulis_basis_data(folder: Path, url: str | None) -> None:
    """kantor.yaml with its basis_data line set to `url` (None: removed), replaced atomically."""
    path = folder / "kantor.yaml"
    text = re.sub(r"(?m)^basis_data:.*\n?", "", path.read_bytes().decode("utf-8-sig"))
    if url:
        text = text.rstrip("\n") + f"\nbasis_data: {url}\n"
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(text.encode("utf-8"))
    ganti_nama(tmp, path)


def ke_berkas(kantor, url: str, petugas: str, sekarang) -> dict:
    """Move the office's register from the database back to files on this computer."""
    from . import audit, meja
    from .register import Register
    from .storage import Transaksi, berkas_register
    from .storage_pg import TransaksiPG, alamat_aman, pengandar, salin_register

    if os.environ.get("DESA_BASIS_DATA"):
        raise DesaError("DESA_BASIS_DATA masih diatur; hapus dulu agar meja ini memakai register berkas sesudahnya.")
    folder = kantor.data_folder
    kode = kantor.data.get("kode_wilayah")
    if berkas_register(folder):
        return _selesaikan_ke_berkas(kantor, url, petugas, sekarang)
    with TransaksiPG(url) as pg, tempfile.TemporaryDirectory(prefix="desa-pindah-") as tmp:  # the desks' lock
        pg.tanpa_batas_diam()
        pg_head = _ujung(Register(pg, petugas, sekarang))
        sidik = salin_register(url, Path(tmp))
        _periksa_baik(audit.periksa(Path(tmp), sidik, kode_wilayah=kode), "di basis data")
        letters = _ambil_arsip(pg, kantor.folder, sidik)
        names = [r.with_suffix("").as_posix() for r in berkas_register(Path(tmp))]
        with Transaksi(folder) as tx:
            for relative in sorted(Path(tmp).rglob("*.json")):
                name = relative.relative_to(tmp).with_suffix("").as_posix()
                if not name.startswith("standar/"):  # the desks' standard stays with the database
                    tx.tulis_mentah(name, relative.read_bytes())
            reg = Register(tx, petugas, meja.waktu(pg, sekarang), kode_wilayah=kode)
            moved = {"dari": "postgresql", "ke": "berkas", "ujung_lama": pg_head}
            event = reg.catat_peristiwa("pindah_register", "-", moved)
        hasil = audit.periksa(folder, kantor.folder, kode_wilayah=kode)
        if not hasil.baik:
            _sisihkan_berkas(folder, names, f"pindah-gagal-{_stempel(sekarang)}")
            _periksa_baik(hasil, "berkas hasil pindahan (disisihkan lagi)")
        try:
            _tandai_dipindah(pg.koneksi, petugas, sekarang)
        except pengandar().Error:
            raise DesaError(
                f"Register sudah ditulis ke berkas di {folder}, tetapi hubungan ke basis data terputus sebelum "
                "basis data ditandai dipindah. Jalankan 'desa register pindah --ke berkas' lagi untuk menyelesaikannya."
            ) from None
    _tulis_basis_data(kantor.folder, None)
    lama = f"{alamat_aman(url)} (ditandai dipindah)"
    return {"ke": "berkas", "dokumen": len(names), "surat": letters, "peristiwa": event["urut"], "lama": lama}


def _tandai_dipindah(conn, petugas: str, sekarang) -> None:
    """Retire the database: no desk uses it after this commit (storage_pg refuses it)."""
    when = sekarang.isoformat(timespec="seconds")
    conn.execute("INSERT INTO desa.standar (nama, isi) VALUES (%s, %s)", (DIPINDAH, f"{when} oleh {petugas}".encode()))
    conn.commit()  # no document changed: the transaction would not commit by itself


def _selesaikan_ke_berkas(kantor, url: str, petugas: str, sekarang) -> dict:
    """data/ already holds a register: a move back to files cut short after the files were written
    is finished (the database retired, kantor.yaml changed) if the database has not changed since
    it was copied; anything else is refused, nothing overwritten."""
    from .berkas_aman import loads
    from .register import Register
    from .storage import LOCK_TIMEOUT, Transaksi
    from .storage_pg import alamat_aman, tersambung

    folder = kantor.data_folder
    with Transaksi(folder, baca_saja=True) as tx:
        event = _sudah_disalin(tx, petugas, sekarang, "berkas", _ujung_lama(Register(tx, petugas, sekarang)))
    if event is None:
        raise DesaError(f"Folder {folder} sudah berisi register berkas; tidak ditimpa.")
    with tersambung(url) as conn:
        retired = conn.execute("SELECT 1 FROM desa.standar WHERE nama = %s", (DIPINDAH,)).fetchone()
        if retired is None:
            conn.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT * 1000}ms'")
            conn.execute("SELECT id FROM desa.kunci WHERE id = 1 FOR UPDATE")
            row = conn.execute("SELECT isi FROM desa.dokumen WHERE nama = 'nomor'").fetchone()
            head = (loads(bytes(row[0])).get("rantai") or {}).get("hash") if row else None
            if head != event["data"]["ujung_lama"]:
                raise DesaError(
                    "Pemindahan ke berkas terputus, dan register di basis data berubah sesudah disalin. Pindahkan "
                    f"register berkas di {folder} ke folder lain, lalu ulangi 'desa register pindah --ke berkas'."
                )
            _tandai_dipindah(conn, petugas, sekarang)
    _tulis_basis_data(kantor.folder, None)
    lama = f"{alamat_aman(url)} (ditandai dipindah)"
    return {"ke": "berkas", "dokumen": 0, "surat": 0, "peristiwa": event["urut"], "lama": lama}


def _ujung_lama(reg) -> str | None:
    """The `ujung_lama` of the register's last event, when it is a move: what _sudah_disalin compares."""
    last = reg.peristiwa_terakhir(1)
    return (last[-1].get("data") or {}).get("ujung_lama") if last else None


def _ambil_arsip(pg, folder: Path, sidik: dict) -> int:
    """Every letter of the database written into this office's arsip/ where it is not yet; a local
    copy that differs from the database's stops the move (the copy there is the one on record)."""
    import hashlib

    for relative, sha in sorted(sidik.items()):
        path = folder / relative
        if not _relatif_aman(relative):
            raise DesaError(f"Nama surat arsip '{relative}' di basis data tidak sah; tidak dipindah.")
        if path.is_file():
            if hashlib.sha256(path.read_bytes()).hexdigest() != sha:
                raise DesaError(f"Salinan {relative} di meja ini berbeda dengan arsip di basis data; tidak dipindah.")
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        from .berkas_aman import write_private

        write_private(path, pg.arsip_baca(relative))
    return len(sidik)


def _relatif_aman(relative: str) -> bool:
    from .berkas_aman import jalur_aman

    return relative.startswith("arsip/") and jalur_aman(relative)


# --- backups by pg_dump ----------------------------------------------------------------------


def cari_alat(nama: str) -> str:
    """pg_dump or pg_restore: on PATH, in Debian's versioned folders, or where the Windows installer
    puts them (C:\\Program Files\\PostgreSQL\\<versi>\\bin)."""
    import glob

    found = shutil.which(nama)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{nama}"))
    for root in (os.environ.get("ProgramFiles"), os.environ.get("ProgramW6432")):
        if root:
            candidates += sorted(glob.glob(os.path.join(root, "PostgreSQL", "*", "bin", f"{nama}.exe")))
    if candidates:
        return candidates[-1]
    raise DesaError(
        f"{nama} tidak ditemukan. Pasang alat klien PostgreSQL (Windows: pemasang PostgreSQL, pilih Command Line "
        "Tools; Debian/Ubuntu: apt install postgresql-client), lalu ulangi."
    )


def _jalankan(args: list, what: str):
    try:
        done = subprocess.run(args, capture_output=True, timeout=3600, check=False)
    except OSError as exc:
        raise DesaError(f"{what} tidak dapat dijalankan: {exc}.") from None
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines() or ["tanpa pesan"]
        raise DesaError(f"{what} gagal: {lines[0]}")
    return done


def cadangkan(kantor, url: str, target: Path | None, sekarang) -> Path:
    """`pg_dump --format=custom --schema=desa` of the office's database, to `target` (default
    data/cadangan/desa-<time>.dump), written under a temporary name and renamed when complete."""
    from .storage_pg import periksa_url

    target = target or kantor.data_folder / "cadangan" / f"desa-{_stempel(sekarang)}.dump"
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        dump = [cari_alat("pg_dump"), "--format=custom", "--schema=desa", "--no-owner", "--file", str(tmp)]
        _jalankan([*dump, periksa_url(url)], "pg_dump")
        ganti_nama(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()
    return target


def _baca_dump(berkas: Path, target: Path) -> int:
    """The documents of a pg_dump of the office's database, written into `target` as register
    files (pg_restore prints the table's COPY data; nothing touches the server)."""
    from .berkas_aman import buat_baru
    from .storage_pg import _nama_aman

    done = _jalankan(
        [cari_alat("pg_restore"), "--data-only", "--schema=desa", "--table=dokumen", "--file=-", str(berkas)],
        "pg_restore",
    )
    count = 0
    inside = False
    for line in done.stdout.split(b"\n"):
        if line.startswith(b"COPY desa.dokumen "):
            inside = True
        elif inside and line == b"\\.":
            inside = False
        elif inside:
            try:
                nama, isi = line.split(b"\t")
                name = _salin_teks(nama).decode("utf-8")
                raw = _salin_teks(isi)
                data = bytes.fromhex(raw[2:].decode("ascii")) if raw.startswith(b"\\x") else None
            except (ValueError, UnicodeDecodeError):
                data = name = None
            if data is None or not _nama_aman(name):
                raise DesaError(f"Berkas {berkas} bukan cadangan register desa yang utuh.")
            path = target / f"{name}.json"
            path.parent.mkdir(parents=True, exist_ok=True)
            buat_baru(path, data)
            count += 1
    if not count:
        raise DesaError(f"Berkas {berkas} tidak berisi register desa (tabel desa.dokumen kosong atau tidak ada).")
    return count


_ESCAPE = {b"\\": b"\\", b"t": b"\t", b"n": b"\n", b"r": b"\r", b"b": b"\b", b"f": b"\f", b"v": b"\v"}


def _salin_teks(field: bytes) -> bytes:
    """A field of COPY's text format unescaped (a backslash and one letter; names and hex need no more)."""
    return re.sub(rb"\\(.)", lambda m: _ESCAPE.get(m.group(1), m.group(1)), field)


def pulihkan_dump(kantor, url: str, berkas: Path, petugas: str, sekarang) -> str:
    """Put a pg_dump backup in place of the register in the database, as `desa pulihkan` does for
    files: the backup must pass the audit; one transaction under the desks' lock; the replaced
    documents kept aside; every counter raised above every number ever seen (the live register,
    earlier set-aside documents, the archive's letter names): numbers never go back."""
    import uuid

    from . import audit, cadangan, meja
    from .register import Register
    from .storage_pg import TransaksiPG, salin_register

    kode = kantor.data.get("kode_wilayah")
    with tempfile.TemporaryDirectory(prefix="desa-pulihkan-") as tmp:
        backup, live, arsip = Path(tmp) / "cadangan", Path(tmp) / "sekarang", Path(tmp) / "arsip"
        _baca_dump(berkas, backup)
        hasil = audit.periksa(backup, kode_wilayah=kode)
        if not hasil.baik:
            raise cadangan.CadanganSalah(
                f"Cadangan {berkas} tidak lolos pemeriksaan: {hasil.semua_kesalahan()[0]} Tidak dipulihkan."
            )
        with TransaksiPG(url) as tx:
            tx.tanpa_batas_diam()
            for relative in salin_register(url, live):  # the letters' names only: their noregs are taken
                if relative.startswith("arsip/") and _relatif_aman(relative):
                    (arsip / relative[len("arsip/") :]).parent.mkdir(parents=True, exist_ok=True)
                    (arsip / relative[len("arsip/") :]).touch()
            aside = f"rusak-{_stempel(sekarang)}-{uuid.uuid4().hex[:6]}"
            sources = [live, *sorted(p for p in live.glob("rusak-*") if p.is_dir()), backup]
            reg = Register(tx, petugas, meja.waktu(tx, sekarang), kode_wilayah=kode)
            cadangan.ganti_dari(tx, backup, sources, arsip, aside, reg, label=berkas.name)
            meja.catat_standar_berlaku(reg, "standar yang berlaku, sesudah pemulihan")
    return aside
