"""The daily backups of the register and restoring one (`desa pulihkan`).

Before the day's first change the register is copied, read-only, to data/cadangan/<day>/; a restore
puts a backup that passes the audit (or, for a register damaged before its first backup, an empty
register) in place of the register in one journaled transaction, keeping the replaced files aside.
"""

from __future__ import annotations

import os
import re
import uuid
from pathlib import Path

from .berkas_aman import fsync_folder, ganti_nama, hapus_folder, langkah_berkas, salin_folder
from .kesalahan import DesaError
from .storage import Transaksi, berkas_register, rusak

CADANGAN = "cadangan"
SIMPAN_CADANGAN = 30


class CadanganSalah(DesaError):
    """A restore that is refused: not a backup from the listing, or one that does not pass the audit."""


def cadangan_harian(folder: Path, hari_ini) -> Path | None:
    """Before the day's first change, keep the register as it was in data/cadangan/<day>/.

    Each backup is a copy of its own, made read-only: a file changed in place in the register
    (which desa never does, but Notepad or `>` can) does not reach any backup. The newest
    SIMPAN_CADANGAN days are kept.
    """
    root = folder / CADANGAN
    target = root / hari_ini.isoformat()
    if target.exists():
        return None
    files = berkas_register(folder)
    if not files:  # nothing yet to keep; the empty folder marks the day as done
        langkah_berkas()
        target.mkdir(parents=True, exist_ok=True)
        return None
    if not root.is_dir():
        langkah_berkas()
        root.mkdir(parents=True, exist_ok=True)
    tmp = root / f".{hari_ini.isoformat()}.{uuid.uuid4().hex[:8]}.tmp"
    salin_folder(folder, files, tmp)
    ganti_nama(tmp, target)
    fsync_folder(root)
    if os.name != "nt":
        os.chmod(root, 0o700)
    days = sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))
    for old in days[:-SIMPAN_CADANGAN]:
        hapus_folder(old)
    return target


def daftar_cadangan(folder: Path) -> list:
    """The backups that hold a register (a day-one backup is empty), newest first."""
    root = folder / CADANGAN
    if not root.is_dir():
        return []
    days = (p for p in root.iterdir() if p.is_dir() and re.fullmatch(r"\d{4}-\d{2}-\d{2}", p.name))
    return sorted((p for p in days if berkas_register(p)), reverse=True)


def pilih_cadangan(folder: Path, tanggal: str) -> Path:
    """The backup of `tanggal`, only as the listing shows it: a date (not a path), non-empty, and
    passing the audit. Anything else is refused in one line."""
    import datetime as dt

    from . import audit

    text = (tanggal or "").strip()
    try:
        valid = re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) is not None and dt.date.fromisoformat(text) is not None
    except ValueError:
        valid = False
    if not valid:
        raise CadanganSalah(
            f"'{tanggal}' bukan tanggal cadangan. Tulis tanggal dari daftar 'desa pulihkan', misalnya 2026-11-23."
        )
    chosen = {p.name: p for p in daftar_cadangan(folder)}.get(text)
    if chosen is None:
        if (folder / CADANGAN / text).is_dir():
            raise CadanganSalah(
                f"Cadangan {text} kosong (dibuat sebelum register berisi); tidak dipulihkan. "
                "Lihat daftarnya dengan 'desa pulihkan'."
            )
        raise CadanganSalah(f"Tidak ada cadangan {text}. Lihat daftarnya dengan 'desa pulihkan'.")
    hasil = audit.periksa(chosen)
    if not hasil.baik:
        raise CadanganSalah(
            f"Cadangan {text} tidak lolos pemeriksaan: {hasil.semua_kesalahan()[0]} Pilih cadangan lain "
            "('desa pulihkan'); bila tidak ada yang baik dan register rusak: 'desa pulihkan --mulai-baru'."
        )
    return chosen


def nama_sisihkan(folder: Path, sekarang) -> str:
    """A name for the folder that keeps the replaced files: never one already used, even for
    several restores in the same second."""
    while True:
        name = f"rusak-{sekarang.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:6]}"
        if not (folder / name).exists():
            return name


def pulihkan(
    folder: Path,
    tanggal: str | None,
    petugas: str,
    sekarang,
    arsip: Path | None = None,
    kode_wilayah: str | None = None,
) -> Path:
    """Put the backup of `tanggal` in place of the register, or with None start an empty register
    (for a register damaged before it had any backup). One journaled transaction: a kill at any
    instant leaves the register as before or as after. The replaced files are kept in
    data/rusak-<time>-<unique>/; every counter is raised above the highest number ever seen (the
    backup, the live register, earlier set-aside folders, the archive's file names), and the
    restore is recorded as a "pulihkan" event. Returns the set-aside folder."""
    from . import register

    with Transaksi(folder, periksa=False) as tx:  # a pending journal is finished first
        if tanggal is None:
            source = None
            if rusak(folder) is None:
                raise CadanganSalah(
                    "Register tidak rusak; --mulai-baru hanya untuk register rusak yang tidak punya cadangan baik."
                )
            for backup in daftar_cadangan(folder):
                if _lolos_audit(backup):
                    raise CadanganSalah(
                        f"Ada cadangan yang baik ({backup.name}); pulihkan dengan 'desa pulihkan {backup.name}'."
                    )
        else:
            source = pilih_cadangan(folder, tanggal)
        sources = [folder, *sorted(p for p in folder.glob("rusak-*") if p.is_dir())]
        if source is not None:
            sources.append(source)
        aside = nama_sisihkan(folder, sekarang)
        reg = register.Register(tx, petugas, sekarang, kode_wilayah=kode_wilayah)
        ganti_dari(tx, source, sources, arsip, aside, reg)
    return folder / aside


def ganti_dari(tx, source, sources: list, arsip, aside: str, reg, label: str | None = None) -> None:
    """Inside `tx`: the register becomes the backup `source` (None: an empty register), the replaced
    documents kept under `aside`, every counter raised above the highest number that `sources`
    and the letter names under `arsip` show, and the restore recorded as a "pulihkan" event."""
    from . import penomoran, register

    seen = penomoran.angka_tertinggi(sources, arsip)
    tx.ganti_register(source, aside)
    nomor = tx.read(register.NOMOR)
    for jenis in penomoran.JENIS_NOMOR:
        counters = nomor.setdefault(jenis, {})
        for year, top in seen.get(jenis, {}).items():
            counters[year] = max(int(counters.get(year) or 0), top)
    floors = _lantai_kode(nomor, penomoran.kode_tertinggi(sources))
    tx.write(register.NOMOR, nomor)
    data = {
        "cadangan": label or (source.name if source is not None else None),
        "disisihkan": aside,
        "nomor": {jenis: dict(nomor.get(jenis, {})) for jenis in penomoran.JENIS_NOMOR},
    }
    if floors:  # offices numbering per classification code (nomor_surat.py)
        data["nomor"]["surat_kode"] = floors
    reg.catat_peristiwa("pulihkan", "-", data)


def _lantai_kode(nomor: dict, seen: dict) -> dict:
    """Raise each per-classification counter to the highest number seen; the counters as raised."""
    counters = nomor.setdefault("surat_kode", {}) if seen or nomor.get("surat_kode") else {}
    for year, codes in seen.items():
        stored = counters.setdefault(year, {})
        for kode, top in codes.items():
            stored[kode] = max(int(stored.get(kode) or 0), top)
    return {year: dict(codes) for year, codes in counters.items() if isinstance(codes, dict)}


def _lolos_audit(backup: Path) -> bool:
    from . import audit

    return audit.periksa(backup).baik
