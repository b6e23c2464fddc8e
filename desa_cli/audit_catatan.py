"""Audit of the records kept beside the chain (applications, complaints, survey answers, the
applicant index, catalogue versions) against a replay of the chain's events.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from .audit_bentuk import _ADUAN, _MASUK, _SURVEI, _data, _diff, _files, _number, _read, _table

if TYPE_CHECKING:  # the findings object, defined with the audit itself
    from .audit import Hasil


def replay(events: list) -> dict:
    """Each application as its events make it: the `ajukan` record, then each change in order."""
    state: dict = {}
    for event in events:
        noreg = event.get("noreg")
        if not isinstance(noreg, str):
            continue
        if event.get("aksi") == "ajukan":
            state[noreg] = dict(_data(event))
        elif noreg in state:
            state[noreg].update(_data(event))
    return state


def _permohonan(applications: list, events: list, hasil: Hasil) -> None:
    hasil.diperiksa["permohonan"] = len(applications)
    expected = replay(events)
    seen = set()
    for filename, record in applications:
        noreg = record["noreg"]
        seen.add(noreg)
        if noreg not in expected:
            hasil.salah("permohonan", f"Permohonan {noreg} ({filename}) tidak punya catatan pengajuan.")
            continue
        if record != expected[noreg]:
            keys = _diff(record, expected[noreg])
            hasil.salah("permohonan", f"Permohonan {noreg} ({filename}) berbeda dari riwayatnya pada: {keys}.")
    for noreg in sorted(set(expected) - seen):
        hasil.salah("permohonan", f"Permohonan {noreg} tercatat diajukan, tetapi tidak ada di register.")


def _per_year(data_folder: Path, prefix: str, table: str, hasil: Hasil) -> dict:
    """{year: {number: record}} of the yearly files (aduan, survei); None for a year whose file is bad."""
    found: dict = {}
    for path in _files(data_folder, prefix, month=False):
        data = _read(path, hasil)
        rows = _table(path, data, table, hasil)
        found[path.stem[len(prefix) + 1 :]] = good = {} if data is not None else None
        for key, row in rows.items():
            if re.fullmatch(r"\d{1,9}", key):
                good[int(key)] = row
            else:
                hasil.salah("berkas", f"Berkas {path.name}: kunci '{key}' bukan nomor.")
    return found


def _aduan(data_folder: Path, events: list, hasil: Hasil) -> None:
    expected: dict = {}
    for event in events:
        aksi = event.get("aksi")
        if aksi == "aduan_catat":
            found = _number(_ADUAN, event.get("noreg"))
            if found:
                expected[found] = (event["noreg"], dict(_data(event)))
        elif aksi in ("aduan_tanggapi", "aduan_selesai"):
            found = _number(_ADUAN, event.get("noreg"))
            if found in expected:
                expected[found][1].update(_data(event))
    _compare_yearly(_per_year(data_folder, "aduan", "aduan", hasil), expected, "aduan", "Aduan", hasil)


def _masuk(data_folder: Path, events: list, hasil: Hasil) -> None:
    """The incoming-letter book (surat_masuk.py) against its `masuk_catat` events."""
    expected: dict = {}
    for event in events:
        if event.get("aksi") == "masuk_catat":
            found = _number(_MASUK, event.get("noreg"))
            if found:
                expected[found] = (event["noreg"], _data(event))
    _compare_yearly(_per_year(data_folder, "masuk", "masuk", hasil), expected, "masuk", "Surat masuk", hasil)


def _survei(data_folder: Path, events: list, hasil: Hasil) -> None:
    expected: dict = {}
    for event in events:
        if event.get("aksi") == "survei":
            found = _number(_SURVEI, event.get("noreg"))
            if found:
                expected[found] = (event["noreg"], _data(event))
    _compare_yearly(_per_year(data_folder, "survei", "responden", hasil), expected, "survei", "Jawaban survei", hasil)


def _compare_yearly(stored: dict, expected: dict, check: str, label: str, hasil: Hasil) -> None:
    hasil.diperiksa[check] = sum(len(rows or {}) for rows in stored.values())
    for (year, number), (name, record) in sorted(expected.items()):
        rows = stored.get(year, {})
        if year not in stored:
            count = sum(1 for y, _ in expected if y == year)
            hasil.salah(check, f"Berkas {check}-{year}.json hilang, padahal {count} catatan {check} tercatat.")
            stored[year] = None  # said once per year
        elif rows is None:
            continue  # unreadable: said already
        elif number not in rows:
            hasil.salah(check, f"{label} {name} tercatat, tetapi tidak ada di {check}-{year}.json (dihapus?).")
        elif rows[number] != record:
            hasil.salah(check, f"{label} {name} berbeda dari riwayatnya pada: {_diff(rows[number], record)}.")
    for year, rows in sorted(stored.items()):
        for number in sorted(rows or {}):
            if (year, number) not in expected:
                hasil.salah(check, f"{label} {year} no. {number} di {check}-{year}.json tidak punya catatan peristiwa.")


def _pemohon(data_folder: Path, events: list, hasil: Hasil) -> None:
    from .nik import samarkan

    expected: dict = {}
    for event in events:
        if event.get("aksi") == "ajukan":
            pemohon = _data(event).get("pemohon")
            if isinstance(pemohon, dict) and isinstance(pemohon.get("nik"), str):
                expected[pemohon["nik"]] = {**pemohon, "noreg_terakhir": event.get("noreg")}
    seen = set()
    folder = data_folder / "pemohon"
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else ():
        data = _read(path, hasil)
        for nik, entry in (data or {}).items():
            seen.add(nik)
            shown = samarkan(nik)
            if nik not in expected:
                hasil.salah("pemohon", f"Indeks pemohon {path.name}: NIK {shown} tidak pernah mengajukan.")
            elif path.stem != nik[-2:]:
                hasil.salah("pemohon", f"Indeks pemohon {path.name}: NIK {shown} ada di berkas yang salah.")
            elif entry != expected[nik]:
                diff = _diff(entry, expected[nik]) if isinstance(entry, dict) else "seluruhnya"
                hasil.salah("pemohon", f"Indeks pemohon {path.name}: NIK {shown} berbeda dari pengajuannya: {diff}.")
    for nik in sorted(set(expected) - seen):
        hasil.salah("pemohon", f"Indeks pemohon: NIK {samarkan(nik)} ({expected[nik]['noreg_terakhir']}) tidak ada.")
    hasil.diperiksa["pemohon"] = len(seen)


def _katalog(applications: list, hasil: Hasil) -> None:
    hasil.diperiksa["katalog"] = len(applications)
    for _, record in applications:
        if not record.get("versi_katalog"):
            hasil.salah("katalog", f"Permohonan {record['noreg']}: versi katalog tidak tercatat.")


def _standar(data_folder, events: list, hasil: Hasil) -> None:
    """Several desks (meja.py): the office standard in the database is the one its last `standar`
    event published. The snapshot of a register in PostgreSQL carries it as standar/manifest.json;
    a file register has no such folder."""
    import hashlib

    published = [e for e in events if e.get("aksi") == "standar"]
    path = data_folder / "standar" / "manifest.json"
    if not path.parent.is_dir() or not (published or path.is_file()):
        return  # a file register (moved out of a database, perhaps): no office standard kept there
    hasil.diperiksa["standar"] = len(published)
    if not path.is_file():
        hasil.salah("standar", "Standar kantor yang diterbitkan tidak ada lagi di basis data.")
        return
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    last = published[-1].get("data") if published else None
    if not isinstance(last, dict) or last.get("sidik") != digest:
        hasil.salah(
            "standar",
            "Standar kantor (katalog, templat, kantor.yaml) di basis data bukan yang terakhir diterbitkan "
            "('desa kantor terbitkan'): diubah di luar aplikasi.",
        )
    _berkas_standar(path, hasil)


def _berkas_standar(path, hasil: Hasil) -> None:
    """Each file of the standard is the one its manifest names (standar/sidik.json: the server's
    SHA-256 of each row)."""
    import json

    try:
        manifest = json.loads(path.read_bytes())
        found = json.loads((path.parent / "sidik.json").read_bytes())
    except (OSError, ValueError):
        manifest, found = None, None
    if not isinstance(manifest, dict) or not isinstance(found, dict):
        hasil.salah("standar", "Daftar sidik standar kantor di basis data tidak terbaca.")
        return
    for name, sha in sorted(manifest.items()):
        if name.startswith("(") or found.get(name) == sha:
            continue  # the bundled catalogue's digest has no row of its own
        hasil.salah("standar", f"Berkas standar {name} di basis data tidak sama dengan sidik yang diterbitkan.")
