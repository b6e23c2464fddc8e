"""The audit behind `desa periksa`: proof that nothing in the register was changed quietly.

Checks, each naming what is wrong where:
1. the event chain is whole: numbers 1..N without a gap, each hash over its content and its
   predecessor's hash, and the chain head in nomor.json is the last event (a removed last event);
2. every application is what its events say (replaying them gives the stored record), and every
   application has its `ajukan` event and the other way round;
3. each year's letter numbers run 1..N with no gap and no duplicate, and agree with the applications;
4. every printed letter still has its stored SHA-256;
5. every application records the catalogue version it was taken under.
It reads the register files directly, so it also works on a backup copy.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from .register import GENESIS, hash_peristiwa

_INTERNAL = ("_bulan",)


@dataclass
class Hasil:
    """The audit's findings: per check, how much was looked at and what was wrong."""

    diperiksa: dict = field(default_factory=dict)
    kesalahan: dict = field(default_factory=dict)

    def salah(self, check: str, text: str) -> None:
        self.kesalahan.setdefault(check, []).append(text)

    @property
    def baik(self) -> bool:
        return not any(self.kesalahan.values())

    def semua_kesalahan(self) -> list:
        return [text for texts in self.kesalahan.values() for text in texts]


CHECKS = {
    "rantai": "Rantai catatan peristiwa utuh",
    "permohonan": "Setiap permohonan sesuai riwayatnya",
    "nomor": "Nomor surat tiap tahun urut, tanpa loncat dan tanpa ganda",
    "arsip": "Setiap surat di arsip sama dengan sidik SHA-256-nya",
    "katalog": "Setiap permohonan mencatat versi katalognya",
}


def _read(path: Path, hasil: Hasil) -> dict:
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError) as exc:
        hasil.salah("rantai", f"berkas {path.name} tidak terbaca ({exc})")
        return {}
    return data if isinstance(data, dict) else {}


def _rows(data_folder: Path, prefix: str, table: str, hasil: Hasil) -> list:
    rows = []
    for path in sorted(data_folder.glob(f"{prefix}-*.json")):
        if re.fullmatch(rf"{prefix}-\d{{4}}(-\d{{2}})?", path.stem):
            rows.extend((path.name, doc) for doc in _read(path, hasil).get(table, {}).values())
    return rows


def periksa(data_folder: Path, folder_kantor: Path | None = None) -> Hasil:
    """Audit the register in `data_folder` (and the letters under `folder_kantor`, when given)."""
    hasil = Hasil()
    nomor = _read(data_folder / "nomor.json", hasil) if (data_folder / "nomor.json").exists() else {}
    events = sorted((doc for _, doc in _rows(data_folder, "peristiwa", "peristiwa", hasil)), key=lambda e: e["urut"])
    applications = _rows(data_folder, "permohonan", "permohonan", hasil)
    _rantai(events, nomor, hasil)
    _permohonan(applications, events, hasil)
    books = {path.stem[6:]: _read(path, hasil).get("surat", {}) for path in sorted(data_folder.glob("surat-*.json"))}
    _nomor_surat(books, nomor, applications, hasil, _dilewati(events))
    if folder_kantor is not None:
        _arsip(books, folder_kantor, hasil)
    hasil.diperiksa["katalog"] = len(applications)
    for _, record in applications:
        if not record.get("versi_katalog"):
            hasil.salah("katalog", f"Permohonan {record.get('noreg')}: versi katalog tidak tercatat.")
    return hasil


def _rantai(events: list, nomor: dict, hasil: Hasil) -> None:
    hasil.diperiksa["rantai"] = len(events)
    before = GENESIS
    expected = 1
    for event in events:
        where = f"Peristiwa no. {event.get('urut')} ({event.get('aksi')} {event.get('noreg')}, {event.get('waktu')})"
        if event.get("urut") != expected:
            hasil.salah("rantai", f"{where}: sebelum ini ada peristiwa yang hilang (no. {expected}).")
            expected = event.get("urut", expected)
        if event.get("sebelum") != before:
            hasil.salah("rantai", f"{where}: tidak menyambung ke peristiwa sebelumnya.")
        if event.get("hash") != hash_peristiwa(event):
            hasil.salah("rantai", f"{where}: isinya diubah setelah dicatat.")
        before = event.get("hash")
        expected += 1
    head = nomor.get("rantai")
    last = events[-1] if events else None
    if head and (last is None or head.get("urut") != last.get("urut") or head.get("hash") != last.get("hash")):
        hasil.salah("rantai", f"Peristiwa terakhir (no. {head.get('urut')}) hilang dari catatan.")
    if last is not None and not head:
        hasil.salah("rantai", "Ujung rantai di nomor.json hilang.")


def replay(events: list) -> dict:
    """Each application as its events make it: the `ajukan` record, then each change in order."""
    state: dict = {}
    for event in events:
        noreg = event.get("noreg")
        if event.get("aksi") == "ajukan":
            state[noreg] = dict(event.get("data") or {})
        elif noreg in state:
            state[noreg].update(event.get("data") or {})
    return state


def _permohonan(applications: list, events: list, hasil: Hasil) -> None:
    hasil.diperiksa["permohonan"] = len(applications)
    expected = replay(events)
    seen = set()
    for filename, record in applications:
        noreg = record.get("noreg")
        seen.add(noreg)
        if noreg not in expected:
            hasil.salah("permohonan", f"Permohonan {noreg} ({filename}) tidak punya catatan pengajuan.")
            continue
        stored = {k: v for k, v in record.items() if k not in _INTERNAL}
        if stored != expected[noreg]:
            keys = sorted(k for k in set(stored) | set(expected[noreg]) if stored.get(k) != expected[noreg].get(k))
            hasil.salah(
                "permohonan", f"Permohonan {noreg} ({filename}) berbeda dari riwayatnya pada: {', '.join(keys)}."
            )
    for noreg in sorted(set(expected) - seen):
        hasil.salah("permohonan", f"Permohonan {noreg} tercatat diajukan, tetapi tidak ada di register.")


def _dilewati(events: list) -> dict:
    """Letter numbers a restore passed over: above what the chain had issued, up to its floor."""
    issued: dict = {}
    skipped: dict = {}
    for event in events:
        surat = (event.get("data") or {}).get("surat") if isinstance(event.get("data"), dict) else None
        if isinstance(surat, dict) and isinstance(surat.get("urut"), int):
            year = str(surat.get("tanggal", ""))[:4]
            issued[year] = max(issued.get(year, 0), surat["urut"])
        if event.get("aksi") == "pulihkan" and event.get("noreg") == "-":
            for year, floor in ((event["data"].get("nomor") or {}).get("surat") or {}).items():
                skipped.setdefault(year, set()).update(range(issued.get(year, 0) + 1, int(floor) + 1))
                issued[year] = max(issued.get(year, 0), int(floor))
    return skipped


def _nomor_surat(books: dict, nomor: dict, applications: list, hasil: Hasil, dilewati=None) -> None:
    printed = {}
    for _, record in applications:
        surat = record.get("surat")
        if surat:
            printed[(surat["tanggal"][:4], surat["urut"])] = (record["noreg"], surat["nomor"])
    total = 0
    for year, entries in sorted(books.items()):
        numbers = sorted(int(k) for k in entries)
        total += len(numbers)
        counter = nomor.get("surat", {}).get(year, 0)
        skipped = (dilewati or {}).get(year, set())
        missing = sorted(set(range(1, max([counter, *numbers] or [0]) + 1)) - set(numbers) - skipped)
        if missing:
            hasil.salah("nomor", f"Buku surat {year}: nomor urut {', '.join(map(str, missing))} tidak ada.")
        texts: dict = {}
        for key, entry in entries.items():
            texts.setdefault(entry.get("nomor"), []).append(key)
            owner = printed.get((year, int(key)))
            if owner is None or owner != (entry.get("noreg"), entry.get("nomor")):
                hasil.salah(
                    "nomor", f"Buku surat {year} no. {key} ({entry.get('nomor')}) tidak sesuai dengan permohonannya."
                )
        for text, keys in texts.items():
            if len(keys) > 1:
                hasil.salah("nomor", f"Buku surat {year}: nomor {text} dipakai {len(keys)} kali.")
    hasil.diperiksa["nomor"] = total


def _arsip(books: dict, folder_kantor: Path, hasil: Hasil) -> None:
    from .surat import sha256_berkas

    count = 0
    for entries in books.values():
        for entry in entries.values():
            count += 1
            path = folder_kantor / entry["berkas"]
            if not path.is_file():
                hasil.salah("arsip", f"Surat {entry['nomor']} ({entry['noreg']}): berkas {entry['berkas']} hilang.")
            elif sha256_berkas(path) != entry["sha256"]:
                hasil.salah(
                    "arsip",
                    f"Surat {entry['nomor']} ({entry['noreg']}): berkas {entry['berkas']} berubah sejak dicetak.",
                )
    hasil.diperiksa["arsip"] = count
