"""Audit of the letter book, the letter numbers, the counters in nomor.json and the archived
letters against the chain's `cetak`/`cetak_ulang`/`batal` and numbering events; letters made outside
desa (`buku_catat`, `buku_batal`: no application, no archived file) and, in offices numbering per
classification code (nomor_surat.py), each code's sequence and counter.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from . import buku_surat, nomor_surat
from .audit_bentuk import (
    _ADUAN,
    _MASUK,
    _NOREG,
    _TANGGAL,
    _data,
    _diff,
    _files,
    _int,
    _number,
    _read,
    _table,
    _text,
    _where,
)

if TYPE_CHECKING:  # the findings object, defined with the audit itself
    from .audit import Hasil


class _Nomor:
    """The numbers the chain issued, per kind and year, and the ranges a recorded restore skipped."""

    def __init__(self):
        self.top: dict = {}  # (kind, year) -> highest number issued by an event
        self.floor: dict = {}  # (kind, year) -> highest floor of a `pulihkan` event
        self.skipped: dict = {}  # (kind, year) -> [(low, high)] numbers a restore jumped over

    def issue(self, kind: str, year: str, number: int) -> None:
        key = (kind, year)
        self.top[key] = max(self.top.get(key, 0), number)

    def restore(self, data: dict) -> None:
        floors = data.get("nomor")
        for kind, years in floors.items() if isinstance(floors, dict) else ():
            for year, floor in years.items() if isinstance(years, dict) else ():
                if not _int(floor):
                    continue
                key = (kind, str(year))
                high = max(self.top.get(key, 0), self.floor.get(key, 0))
                if floor > high:
                    self.skipped.setdefault(key, []).append((high + 1, floor))
                self.floor[key] = max(self.floor.get(key, 0), floor)

    def expected(self, kind: str, year: str) -> int:
        return max(self.top.get((kind, year), 0), self.floor.get((kind, year), 0))

    def is_skipped(self, kind: str, year: str, number: int) -> bool:
        return any(low <= number <= high for low, high in self.skipped.get((kind, year), ()))


_BUKU = ("urut", "nomor", "tanggal", "noreg", "layanan", "layanan_nama", "nama", "nik", "kode_verifikasi", "berkas",
         "sha256", "status")  # fmt: skip


def _surat(data_folder, folder_kantor, events, applications, nomor, hasil) -> None:
    """The letter book, the letter numbers and the counters against the chain."""
    numbers = _Nomor()
    state: dict = {}
    issued: dict = {}  # (year, urut) -> the book entry the events make
    letter_of: dict = {}  # noreg -> (year, urut) of its current letter
    for event in events:
        aksi, noreg, data = event.get("aksi"), event.get("noreg"), _data(event)
        if not isinstance(noreg, str):
            continue
        if aksi == "pulihkan":
            numbers.restore(data)
            continue
        if aksi == "ajukan":
            state[noreg] = dict(data)
            found = _number(_NOREG, noreg)
            if found:
                numbers.issue("noreg", *found)
        elif aksi == "aduan_catat":
            found = _number(_ADUAN, noreg)
            if found:
                numbers.issue("aduan", *found)
        elif aksi == "masuk_catat":
            found = _number(_MASUK, noreg)
            if found:
                numbers.issue("masuk", *found)
        elif aksi in ("buku_catat", "buku_batal"):
            _luar(event, issued, numbers, hasil)
            continue
        if aksi in ("cetak", "cetak_ulang"):
            _cetak(event, state.get(noreg, {}), issued, letter_of, numbers, hasil)
        elif aksi == "batal" and noreg in letter_of and letter_of[noreg] in issued:
            issued[letter_of[noreg]]["status"] = "batal"
        if noreg in state and aksi != "ajukan":
            state[noreg].update(data)
    books = _buku(data_folder, issued, numbers, applications, hasil)
    _penghitung(nomor, numbers, hasil)
    _per_kode(books, nomor, events, hasil)
    if folder_kantor is not None:
        printed = [e for entries in books.values() for e in entries.values() if e.get("asal") != buku_surat.ASAL_LUAR]
        _arsip(printed, folder_kantor, hasil)


def _luar(event, issued, numbers, hasil) -> None:
    """A letter made outside `desa` numbered in the book (buku_catat), or its number cancelled."""
    data = _data(event)
    if event.get("aksi") == "buku_batal":
        key = (str(data.get("tahun")), data.get("urut"))
        if key in issued and issued[key].get("asal") == buku_surat.ASAL_LUAR:
            issued[key].update(status="batal", alasan_batal=data.get("alasan"))
        else:
            hasil.salah("buku", f"{_where(event)}: membatalkan nomor yang tidak tercatat dibuat di luar aplikasi.")
        return
    if not _int(data.get("urut")) or not _TANGGAL.match(_text(data.get("tanggal"))):
        hasil.salah("berkas", f"{_where(event)}: data surat tanpa nomor urut atau tanggal yang sah.")
        return
    key = (data["tanggal"][:4], data["urut"])
    if key in issued:
        hasil.salah(
            "nomor",
            f"Nomor surat {data.get('nomor')} (tahun {key[0]} no. {key[1]}) dikeluarkan dua kali "
            f"(peristiwa no. {event['urut']}).",
        )
    issued[key] = dict(data)
    numbers.issue("surat", *key)


def _cetak(event, record, issued, letter_of, numbers, hasil) -> None:
    noreg, surat = event["noreg"], _data(event).get("surat")
    if not isinstance(surat, dict) or not _int(surat.get("urut")) or not _TANGGAL.match(_text(surat.get("tanggal"))):
        hasil.salah("berkas", f"{_where(event)}: data surat tanpa nomor urut atau tanggal yang sah.")
        return
    year, urut = surat["tanggal"][:4], surat["urut"]
    key = (year, urut)
    before = issued.get(key)
    if before is not None and before["noreg"] != noreg:
        hasil.salah(
            "nomor",
            f"Nomor surat {surat.get('nomor')} (tahun {year} no. {urut}) dikeluarkan dua kali: untuk "
            f"{before['noreg']} dan untuk {noreg} (peristiwa no. {event['urut']}).",
        )
    pemohon = record.get("pemohon") if isinstance(record.get("pemohon"), dict) else {}
    issued[key] = {
        "urut": urut, "nomor": surat.get("nomor"), "tanggal": surat["tanggal"], "noreg": noreg,
        "layanan": record.get("layanan"), "layanan_nama": record.get("layanan_nama"), "nama": pemohon.get("nama"),
        "nik": pemohon.get("nik"), "kode_verifikasi": surat.get("kode_verifikasi"), "berkas": surat.get("berkas"),
        "sha256": surat.get("sha256"), "status": "terbit",
    }  # fmt: skip
    issued[key].update(nomor_surat.salin(surat))
    if buku_surat.penandatangan(surat) is not None:
        issued[key]["penandatangan"] = buku_surat.penandatangan(surat)
    letter_of[noreg] = key
    numbers.issue("surat", year, urut)
    diterima = _text(record.get("diterima"))
    if _TANGGAL.match(diterima) and surat["tanggal"][:10] < diterima[:10]:
        hasil.salah(
            "waktu",
            f"Surat {surat.get('nomor')} ({noreg}) bertanggal {surat['tanggal'][:10]}, sebelum permohonannya "
            f"diterima ({diterima[:10]}): jam komputer dimundurkan?",
        )


def _buku(data_folder, issued, numbers, applications, hasil) -> dict:
    printed = {}  # the applications' own view of their letters
    for _, record in applications:
        surat = record.get("surat")
        if isinstance(surat, dict) and _int(surat.get("urut")) and _TANGGAL.match(_text(surat.get("tanggal"))):
            printed[(surat["tanggal"][:4], surat["urut"])] = (record["noreg"], surat.get("nomor"))
        elif surat:
            hasil.salah("berkas", f"Permohonan {record['noreg']}: data surat tanpa nomor urut atau tanggal yang sah.")
    books = {}
    for path in _files(data_folder, "surat", month=False):
        entries = _table(path, _read(path, hasil), "surat", hasil)
        books[path.stem[6:]] = good = {}
        for key, entry in entries.items():
            if not re.fullmatch(r"\d{1,9}", key):
                hasil.salah("berkas", f"Berkas {path.name}: kunci '{key}' bukan nomor urut surat.")
            else:
                good[int(key)] = entry
    years = sorted(set(books) | {year for year, _ in issued})
    total = 0
    for year in years:
        entries = books.get(year)
        chain = sorted(urut for y, urut in issued if y == year)
        if entries is None:
            hasil.salah(
                "buku", f"Buku surat {year} (surat-{year}.json) hilang, padahal {len(chain)} surat tercatat dicetak."
            )
            continue
        total += len(entries)
        top = max([*chain, *entries, 0])
        missing = [n for n in range(1, top + 1) if n not in entries and not numbers.is_skipped("surat", year, n)]
        if missing:
            hasil.salah("nomor", f"Buku surat {year}: nomor urut {', '.join(map(str, missing))} tidak ada.")
        texts: dict = {}
        for urut, entry in sorted(entries.items()):
            texts.setdefault(str(entry.get("nomor")), []).append(urut)
            expected = issued.get((year, urut))
            label = f"Buku surat {year} no. {urut} ({entry.get('nomor')})"
            if expected is not None and "penandatangan" not in entry:  # a book older than the signatory copy
                expected = {k: v for k, v in expected.items() if k != "penandatangan"}
            if expected is None:
                hasil.salah("buku", f"{label} tidak punya peristiwa cetak atau catat.")
            elif entry != expected:
                hasil.salah("buku", f"{label} berbeda dari riwayatnya pada: {_diff(entry, expected)}.")
            luar = expected is not None and expected.get("asal") == buku_surat.ASAL_LUAR
            if not luar and printed.get((year, urut)) != (entry.get("noreg"), entry.get("nomor")):
                hasil.salah("nomor", f"{label} tidak sesuai dengan permohonannya.")
        for text, keys in texts.items():
            if len(keys) > 1:
                hasil.salah("nomor", f"Buku surat {year}: nomor {text} dipakai {len(keys)} kali.")
    hasil.diperiksa["nomor"] = total
    hasil.diperiksa["buku"] = len(issued)
    return books


_JENIS_NOMOR = {
    "noreg": "nomor registrasi", "surat": "nomor surat", "aduan": "nomor aduan", "masuk": "nomor agenda surat masuk"
}  # fmt: skip


def _penghitung(nomor: dict, numbers: _Nomor, hasil: Hasil) -> None:
    count = 0
    for kind, label in _JENIS_NOMOR.items():
        counters = nomor.get(kind, {})
        if not isinstance(counters, dict):
            hasil.salah("berkas", f"Berkas nomor.json: penghitung {label} bukan tabel.")
            counters = {}
        keys = {year for k, year in (*numbers.top, *numbers.floor) if k == kind} | set(counters)
        for year in sorted(keys):
            count += 1
            stored, expected = counters.get(year, 0), numbers.expected(kind, year)
            if not _int(stored):
                hasil.salah("berkas", f"Berkas nomor.json: penghitung {label} {year} bukan angka ({stored!r}).")
            elif stored < expected:
                hasil.salah(
                    "penghitung",
                    f"Penghitung {label} {year} di nomor.json = {stored}, padahal nomor {expected} sudah dikeluarkan: "
                    "nomor berikutnya akan terpakai dua kali. Pulihkan register dari cadangan.",
                )
            elif stored > expected:
                hasil.salah(
                    "penghitung",
                    f"Penghitung {label} {year} di nomor.json = {stored}, tetapi riwayat hanya mengeluarkan sampai "
                    f"nomor {expected}: peristiwa yang mengeluarkan nomor sesudahnya hilang.",
                )
    hasil.diperiksa["penghitung"] = count


def _arsip(entries: list, folder_kantor: Path, hasil: Hasil) -> None:
    import os
    from concurrent.futures import ThreadPoolExecutor

    from .surat import sha256_berkas

    wanted = []
    for entry in entries:
        name = f"Surat {entry.get('nomor')} ({entry.get('noreg')})"
        berkas = entry.get("berkas")
        if not isinstance(berkas, str) or not berkas:
            hasil.salah("berkas", f"{name}: nama berkas arsip tidak tercatat.")
        elif os.path.isabs(berkas) or ".." in re.split(r"[\\/]", berkas):  # never read outside the office
            hasil.salah("arsip", f"{name}: berkas {berkas} di luar folder kantor.")
        else:
            wanted.append((name, berkas, entry.get("sha256")))

    def digests(part: list) -> list:
        found = []
        for _, berkas, _ in part:
            if isinstance(folder_kantor, dict):  # the register in PostgreSQL: the server's digests
                found.append(folder_kantor.get(berkas))
                continue
            try:
                found.append(sha256_berkas(os.path.join(folder_kantor, berkas)))
            except (OSError, ValueError):
                found.append(None)
        return found

    # Reading and hashing release the interpreter: a few threads keep the disk busy on 50,000 letters.
    parts = [wanted[i::4] for i in range(4)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(digests, parts))
    for part, found_part in zip(parts, results, strict=False):
        for (name, berkas, sha), found in zip(part, found_part, strict=False):
            if found is None:
                hasil.salah("arsip", f"{name}: berkas {berkas} hilang.")
            elif found != sha:
                hasil.salah("arsip", f"{name}: berkas {berkas} berubah sejak dicetak.")
    hasil.diperiksa["arsip"] = len(entries)


def _per_kode(books: dict, nomor: dict, events: list, hasil: Hasil) -> None:
    """Offices numbering per classification code: each year one rule, each code's numbers 1..N with
    none twice (those a recorded restore skipped are not missing), and the counters at the top."""
    seen: dict = {}  # (year, kode) -> [urut_kode, ...] of the books
    for year, entries in sorted(books.items()):
        if len({"urut_kode" in entry for entry in entries.values()}) > 1:
            hasil.salah("nomor", f"Buku surat {year}: sebagian surat bernomor per klasifikasi, sebagian tidak.")
        for urut, entry in sorted(entries.items()):
            if "urut_kode" not in entry:
                continue
            kode, number = _text(entry.get("kode")), entry.get("urut_kode")
            if not _int(number) or entry.get("nomor_kode") != f"{year}/{kode}/{number}":
                hasil.salah("nomor", f"Buku surat {year} no. {urut}: nomor per klasifikasi tidak sah.")
                continue
            seen.setdefault((year, kode), []).append(number)
    high, skipped = _kode_riwayat(events)
    counters = nomor.get("surat_kode") if isinstance(nomor.get("surat_kode"), dict) else {}
    stored_keys = {(y, k) for y, codes in counters.items() if isinstance(codes, dict) for k in codes}
    for year, kode in sorted(set(seen) | set(high) | stored_keys):
        numbers, label = seen.get((year, kode), []), f"Buku surat {year} kode {kode}"
        twice = sorted({n for n in numbers if numbers.count(n) > 1})
        if twice:
            hasil.salah("nomor", f"{label}: nomor {', '.join(map(str, twice))} dipakai dua kali.")
        gaps = skipped.get((year, kode), [])
        top = max([*numbers, 0])
        missing = [n for n in range(1, top + 1) if n not in numbers and not any(a <= n <= b for a, b in gaps)]
        if missing:
            hasil.salah("nomor", f"{label}: nomor urut {', '.join(map(str, missing))} tidak ada.")
        codes = counters.get(year) if isinstance(counters.get(year), dict) else {}
        stored, expected = codes.get(kode, 0), high.get((year, kode), 0)
        if stored != expected:
            hasil.salah(
                "penghitung",
                f"Penghitung nomor surat {year} kode {kode} di nomor.json = {stored!r}, padahal menurut riwayat "
                f"{expected}: nomor akan terpakai dua kali, atau peristiwa yang mengeluarkannya hilang.",
            )


def _kode_riwayat(events: list) -> tuple:
    """({(year, kode): highest number issued or restore floor}, {(year, kode): [(low, high)] skipped})
    of the per-classification numbers, in chain order."""
    high: dict = {}
    skipped: dict = {}
    for event in events:
        aksi, data = event.get("aksi"), _data(event)
        if aksi in ("cetak", "cetak_ulang", "buku_catat"):
            surat = data.get("surat") if aksi != "buku_catat" else data
            found = _NOMOR_KODE.fullmatch(_text(surat.get("nomor_kode"))) if isinstance(surat, dict) else None
            if found:
                key = (found.group(1), found.group(2))
                high[key] = max(high.get(key, 0), int(found.group(3)))
        elif aksi == "pulihkan":
            given = (data.get("nomor") or {}).get("surat_kode") if isinstance(data.get("nomor"), dict) else None
            for year, codes in given.items() if isinstance(given, dict) else ():
                for kode, floor in codes.items() if isinstance(codes, dict) else ():
                    key = (str(year), kode)
                    if _int(floor) and floor > high.get(key, 0):
                        skipped.setdefault(key, []).append((high.get(key, 0) + 1, floor))
                        high[key] = floor
    return high, skipped


_NOMOR_KODE = re.compile(r"(\d{4})/([^/]+)/(\d{1,9})")
