"""The audit behind `desa periksa`: every stored fact that matters checked against the event chain.

The chain is the record: each event carries the hash of the one before. Everything else stored
(applications, the letter book, the counters, complaints, survey answers, the applicant index)
is what the chain says it should be, and is checked against a replay of it:
1. the chain is whole: numbers 1..N, each hash over its content and its predecessor's hash, the
   head in nomor.json is the last event, and the daily backups' heads are still in it;
2. every application is what its events say, and each `ajukan` has its application;
3. the letter book is what the `cetak`/`cetak_ulang`/`batal` events say; numbers run 1..N, none
   issued twice (numbers a recorded restore skipped are not missing);
4. the counters in nomor.json are the highest numbers issued (or a restore's floors): lower means a
   number would be issued again, higher means the event that issued it is gone;
5. complaints, survey answers and the applicant index are what their events say;
6. time never goes back in the chain, and no letter is dated before its application came in;
7. every event belongs to this office (its kode_wilayah);
8. every printed letter still has its SHA-256; every application records its catalogue version;
9. with witnesses (an earlier export, report or witness file), the chain still holds the history
   they saw.
A malformed file or record is a finding, never a crash. It reads the register files directly, so it
also works on a backup copy.

What it cannot do: the chain has no key, so an insider who edits a file and recomputes every hash
after it (and the counters, the head and the backups) leaves a register that checks clean. Only a
witness kept outside the office (the kecamatan's copy of an export, a printed report) shows that.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from .kesalahan import DesaError
from .register import GENESIS, hash_peristiwa

try:
    import orjson as _orjson
except ImportError:  # pragma: no cover - a dependency; without it the audit is only slower
    _orjson = None

TOLERANSI_JAM = 300  # seconds: a clock corrected by time sync may step back a little; that is no finding
TITIK_SAKSI = 1000  # a witness file keeps every 1000th event's hash, to say where a change lies
_WAKTU = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?")
_TANGGAL = re.compile(r"\d{4}-\d{2}-\d{2}")
_NOREG = re.compile(r"(\d{4})-(\d{1,6})")
_ADUAN = re.compile(r"ADU-(\d{4})-(\d{1,6})")
_SURVEI = re.compile(r"SKM-(\d{4})-(\d{1,6})")
# "Rantai 35.05.06.2006: 1.234 peristiwa, ujung 3f9a2c1b5d7e9f01" on reports, exports, documents.
_UJUNG = re.compile(r"Rantai(?: ([0-9][0-9.]*[0-9]))?: ([0-9][0-9.]*) peristiwa, ujung ([0-9a-f]{8,64})")
GAGAL = "pemeriksaan terhenti"  # the backstop's words: the fuzz test proves they never appear


@dataclass
class Hasil:
    """The audit's findings: per check, how much was looked at and what was wrong."""

    diperiksa: dict = field(default_factory=dict)
    kesalahan: dict = field(default_factory=dict)
    ujung: dict | None = None  # the last event: {"urut", "hash"}
    titik: list = field(default_factory=list)  # (urut, hash) of every TITIK_SAKSI-th event and the last

    def salah(self, check: str, text: str) -> None:
        self.kesalahan.setdefault(check, []).append(text)

    @property
    def baik(self) -> bool:
        return not any(self.kesalahan.values())

    def semua_kesalahan(self) -> list:
        return [text for texts in self.kesalahan.values() for text in texts]


CHECKS = {
    "berkas": "Setiap berkas register berbentuk benar",
    "rantai": "Rantai catatan peristiwa utuh",
    "permohonan": "Setiap permohonan sesuai riwayatnya",
    "nomor": "Nomor surat tiap tahun urut, tanpa loncat dan tanpa ganda",
    "buku": "Buku surat keluar sesuai riwayatnya",
    "penghitung": "Penghitung nomor di nomor.json sesuai riwayat (tidak ada nomor yang akan terpakai ulang)",
    "aduan": "Setiap aduan sesuai riwayatnya",
    "survei": "Setiap jawaban survei sesuai riwayatnya",
    "pemohon": "Indeks pemohon sesuai pengajuan terakhir tiap NIK",
    "waktu": "Waktu peristiwa tidak mundur; tidak ada surat bertanggal sebelum permohonannya",
    "wilayah": "Semua peristiwa milik kantor ini (kode wilayah)",
    "arsip": "Setiap surat di arsip sama dengan sidik SHA-256-nya",
    "katalog": "Setiap permohonan mencatat versi katalognya",
    "saksi": "Riwayat sama dengan yang dicatat saksi (cadangan harian, berkas --saksi)",
}


# --- reading, shape by shape ---------------------------------------------------------------


def _loads(raw: bytes):
    from .storage import _loads as loads  # orjson when present: the big files parse several times faster

    return loads(raw)


def _read(path: Path, hasil: Hasil, check: str = "berkas") -> dict | None:
    """A register file's content, or None (with a finding) when it is not a JSON object."""
    try:
        data = _loads(path.read_bytes())
    except (OSError, ValueError) as exc:
        hasil.salah(check, f"Berkas {path.name} tidak terbaca ({exc}).")
        return None
    if not isinstance(data, dict):
        hasil.salah(check, f"Berkas {path.name} bukan register (isinya {_jenis(data)}).")
        return None
    return data


def _jenis(value) -> str:
    return {dict: "objek", list: "daftar", str: "teks", int: "angka", float: "angka", bool: "benar/salah"}.get(
        type(value), "kosong"
    )


def _table(path: Path, data: dict | None, table: str, hasil: Hasil) -> dict:
    """The `table` of a TinyDB-like file: {key: record}, records that are not objects reported."""
    if data is None:
        return {}
    rows = data.get(table, {})
    if not isinstance(rows, dict):
        hasil.salah("berkas", f"Berkas {path.name}: bagian '{table}' bukan tabel (isinya {_jenis(rows)}).")
        return {}
    good = {}
    for key, row in rows.items():
        if isinstance(row, dict):
            good[key] = row
        else:
            hasil.salah("berkas", f"Berkas {path.name}: catatan {key} bukan catatan (isinya {_jenis(row)}).")
    return good


def _files(folder: Path, prefix: str, month: bool) -> list:
    pattern = rf"{prefix}-\d{{4}}-\d{{2}}" if month else rf"{prefix}-\d{{4}}"
    return [p for p in sorted(folder.glob(f"{prefix}-*.json")) if re.fullmatch(pattern, p.stem)]


def _int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def _peristiwa(folder: Path, hasil: Hasil) -> list:
    """Every event with a usable number, in chain order; the unusable ones are findings."""
    events = []
    for path in _files(folder, "peristiwa", month=True):
        for key, event in _table(path, _read(path, hasil), "peristiwa", hasil).items():
            urut = event.get("urut")
            if not _int(urut) or urut < 1:
                shown = "tidak ada" if urut is None else repr(urut)
                hasil.salah("berkas", f"Berkas {path.name}: peristiwa {key} tanpa nomor urut yang sah ({shown}).")
                continue
            for name, kind in (("aksi", str), ("noreg", str), ("waktu", str), ("data", dict)):
                if not isinstance(event.get(name), kind):
                    hasil.salah("berkas", f"Berkas {path.name}: peristiwa no. {urut} tanpa '{name}' yang sah.")
            events.append(event)
    events.sort(key=lambda e: e["urut"])
    return events


def _data(event: dict) -> dict:
    data = event.get("data")
    return data if isinstance(data, dict) else {}


def _where(event: dict) -> str:
    return f"Peristiwa no. {event.get('urut')} ({event.get('aksi')} {event.get('noreg')}, {event.get('waktu')})"


def _diff(stored: dict, expected: dict) -> str:
    return ", ".join(sorted(str(k) for k in set(stored) | set(expected) if stored.get(k) != expected.get(k)))


# --- the audit -------------------------------------------------------------------------------


def periksa(
    data_folder: Path, folder_kantor: Path | None = None, kode_wilayah: str | None = None, saksi: list | None = None
) -> Hasil:
    """Audit the register in `data_folder` (and the letters under `folder_kantor`, when given).

    `kode_wilayah`: the office's code, which every event that carries one must have. `saksi`:
    witnessed chain heads, (label, urut, hash or hash prefix), as `baca_saksi` gives them."""
    import gc

    # Hundreds of thousands of small objects that live until the end: the cyclic collector would
    # walk them again and again (a third of the time at 50,000 applications) and can free none.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _periksa(data_folder, folder_kantor, kode_wilayah, saksi)
    finally:
        if enabled:
            gc.enable()


def _periksa(data_folder, folder_kantor, kode_wilayah, saksi) -> Hasil:
    from .storage import berkas_register

    hasil = Hasil()
    hasil.diperiksa["berkas"] = len(berkas_register(data_folder))
    nomor = {}
    if (data_folder / "nomor.json").exists():
        nomor = _read(data_folder / "nomor.json", hasil) or {}
    events = _peristiwa(data_folder, hasil)
    applications = []
    for path in _files(data_folder, "permohonan", month=True):
        for record in _table(path, _read(path, hasil), "permohonan", hasil).values():
            if isinstance(record.get("noreg"), str):
                applications.append((path.name, record))
            else:
                hasil.salah("berkas", f"Berkas {path.name}: permohonan tanpa nomor registrasi.")
    steps = (
        (_rantai, (events, nomor)),
        (_permohonan, (applications, events)),
        (_surat, (data_folder, folder_kantor, events, applications, nomor)),
        (_aduan, (data_folder, events)),
        (_survei, (data_folder, events)),
        (_pemohon, (data_folder, events)),
        (_waktu, (events,)),
        (_wilayah, (events, kode_wilayah)),
        (_katalog, (applications,)),
        (_saksi, (data_folder, events, saksi or [])),
    )
    for step, args in steps:
        try:
            step(*args, hasil)
        except Exception as exc:  # a shape no check foresaw: still a finding, never a crash
            name = step.__name__.strip("_")
            hasil.salah(name, f"{GAGAL}: berkas tidak berbentuk register ({exc.__class__.__name__}: {exc}).")
    if events:
        hasil.ujung = {"urut": events[-1]["urut"], "hash": _text(events[-1].get("hash"))}
        hasil.titik = [(e["urut"], _text(e.get("hash"))) for e in events if e["urut"] % TITIK_SAKSI == 0]
        if not hasil.titik or hasil.titik[-1][0] != events[-1]["urut"]:
            hasil.titik.append((hasil.ujung["urut"], hasil.ujung["hash"]))
    return hasil


def _rantai(events: list, nomor: dict, hasil: Hasil) -> None:
    hasil.diperiksa["rantai"] = len(events)
    before = GENESIS
    expected = 1
    for event in events:
        where = _where(event)
        if event["urut"] < expected:
            hasil.salah("rantai", f"{where}: nomor urut {event['urut']} tercatat lebih dari sekali.")
        elif event["urut"] != expected:
            hasil.salah("rantai", f"{where}: sebelum ini ada peristiwa yang hilang (no. {expected}).")
        if event.get("sebelum") != before:
            hasil.salah("rantai", f"{where}: tidak menyambung ke peristiwa sebelumnya.")
        if not _hash_cocok(event):
            hasil.salah("rantai", f"{where}: isinya diubah setelah dicatat.")
        before = event.get("hash")
        expected = event["urut"] + 1
    head = nomor.get("rantai")
    last = events[-1] if events else None
    if head is not None and not isinstance(head, dict):
        hasil.salah("berkas", "Berkas nomor.json: ujung rantai bukan catatan.")
        head = {}
    if head and (last is None or head.get("urut") != last.get("urut") or head.get("hash") != last.get("hash")):
        hasil.salah("rantai", f"Peristiwa terakhir (no. {head.get('urut')}) hilang dari catatan.")
    if last is not None and not head:
        hasil.salah("rantai", "Ujung rantai di nomor.json hilang.")


def _hash_cocok(event: dict) -> bool:
    """Whether the event's stored hash is over its content. orjson's sorted, compact output is the
    same bytes as hash_peristiwa's json.dumps for what `desa` writes, and several times faster; a
    match proves the content (no other bytes give that hash), a mismatch is decided by the real one."""
    stored = event.get("hash")
    if _orjson is not None:
        body = {k: v for k, v in event.items() if k != "hash"}
        try:
            if hashlib.sha256(_orjson.dumps(body, option=_orjson.OPT_SORT_KEYS)).hexdigest() == stored:
                return True
        except (TypeError, ValueError):  # beyond orjson (a huge integer): the slow path decides
            pass
    try:
        return stored == hash_peristiwa(event)
    except (TypeError, ValueError):  # text that is no UTF-8 (a lone surrogate): not what `desa` wrote
        return False


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


def _number(pattern: re.Pattern, text) -> tuple | None:
    match = pattern.fullmatch(text) if isinstance(text, str) else None
    return (match.group(1), int(match.group(2))) if match else None


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
        if aksi in ("cetak", "cetak_ulang"):
            _cetak(event, state.get(noreg, {}), issued, letter_of, numbers, hasil)
        elif aksi == "batal" and noreg in letter_of and letter_of[noreg] in issued:
            issued[letter_of[noreg]]["status"] = "batal"
        if noreg in state and aksi != "ajukan":
            state[noreg].update(data)
    books = _buku(data_folder, issued, numbers, applications, hasil)
    _penghitung(nomor, numbers, hasil)
    if folder_kantor is not None:
        _arsip([entry for entries in books.values() for entry in entries.values()], folder_kantor, hasil)


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
            if expected is None:
                hasil.salah("buku", f"{label} tidak punya peristiwa cetak.")
            elif entry != expected:
                hasil.salah("buku", f"{label} berbeda dari riwayatnya pada: {_diff(entry, expected)}.")
            if printed.get((year, urut)) != (entry.get("noreg"), entry.get("nomor")):
                hasil.salah("nomor", f"{label} tidak sesuai dengan permohonannya.")
        for text, keys in texts.items():
            if len(keys) > 1:
                hasil.salah("nomor", f"Buku surat {year}: nomor {text} dipakai {len(keys)} kali.")
    hasil.diperiksa["nomor"] = total
    hasil.diperiksa["buku"] = len(issued)
    return books


_JENIS_NOMOR = {"noreg": "nomor registrasi", "surat": "nomor surat", "aduan": "nomor aduan"}


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


def _waktu(events: list, hasil: Hasil) -> None:
    before = None
    for event in events:
        waktu = _text(event.get("waktu"))
        if not _WAKTU.fullmatch(waktu):
            hasil.salah("berkas", f"{_where(event)}: waktu bukan tanggal dan jam.")
            continue
        if before is not None and waktu < before[1] and _mundur(before[1], waktu) > TOLERANSI_JAM:
            hasil.salah(
                "waktu",
                f"{_where(event)} tercatat lebih awal daripada peristiwa no. {before[0]} ({before[1]}): "
                "jam komputer dimundurkan?",
            )
        before = (event["urut"], waktu)
    hasil.diperiksa["waktu"] = len(events)


def _mundur(earlier: str, later: str) -> float:
    import datetime as dt

    try:
        return (dt.datetime.fromisoformat(earlier) - dt.datetime.fromisoformat(later)).total_seconds()
    except ValueError:  # shaped like a time but no real one (month 13): back as far as it looks
        return float("inf")


def _wilayah(events: list, kode_wilayah: str | None, hasil: Hasil) -> None:
    """Events carry the office's code from the version that wrote it on: older events have none."""
    foreign: dict = {}
    without = []
    started = False
    for event in events:
        kode = event.get("wilayah")
        if kode is None:
            # Events of the restore and export kind may be written by code that has no office at hand.
            if started and event.get("noreg") != "-":
                without.append(event["urut"])
            continue
        started = True
        if kode_wilayah is None:
            kode_wilayah = kode  # a backup audited alone: one office throughout
        if kode != kode_wilayah:
            foreign.setdefault(str(kode), []).append(event["urut"])
    for kode, urut in sorted(foreign.items()):
        hasil.salah(
            "wilayah",
            f"{len(urut)} peristiwa (no. {urut[0]} sampai {urut[-1]}) milik kode wilayah {kode}, bukan kantor ini "
            f"({kode_wilayah}): register kantor lain disalin ke sini?",
        )
    if without:
        hasil.salah(
            "wilayah",
            f"{len(without)} peristiwa (no. {without[0]} sampai {without[-1]}) tanpa kode wilayah, padahal peristiwa "
            "sebelumnya mencatatnya.",
        )
    hasil.diperiksa["wilayah"] = len(events)


def _katalog(applications: list, hasil: Hasil) -> None:
    hasil.diperiksa["katalog"] = len(applications)
    for _, record in applications:
        if not record.get("versi_katalog"):
            hasil.salah("katalog", f"Permohonan {record['noreg']}: versi katalog tidak tercatat.")


# --- witnesses ---------------------------------------------------------------------------------


def _restores(events: list, data_folder: Path) -> list:
    """(urut, day) of each recorded restore, and the days of set-aside folders of older restores."""
    found = [(e["urut"], _text(e.get("waktu"))[:10]) for e in events if e.get("aksi") == "pulihkan"]
    for aside in data_folder.glob("rusak-*"):
        digits = re.match(r"rusak-(\d{4})(\d{2})(\d{2})", aside.name)
        if digits:
            found.append((0, "-".join(digits.groups())))
    return found


def _saksi(data_folder: Path, events: list, saksi: list, hasil: Hasil) -> None:
    """The daily backups' chain heads and the given witnesses' heads must still be in the chain."""
    by_urut = {e["urut"]: _text(e.get("hash")) for e in events}
    last = events[-1]["urut"] if events else 0
    restores = _restores(events, data_folder)
    count = 0
    for nomor_path in sorted((data_folder / "cadangan").glob("*/nomor.json")):
        day = nomor_path.parent.name
        if not _TANGGAL.fullmatch(day):
            continue
        try:
            head = _loads(nomor_path.read_bytes()).get("rantai")
            urut, hash_ = head["urut"], head["hash"]
        except Exception:  # a damaged backup is the restore's concern, not a witness
            continue
        if not _int(urut) or not isinstance(hash_, str):
            continue
        count += 1
        # A restore replaces the history after the backup it took: backups up to that day saw the old one.
        if by_urut.get(urut) == hash_ or any(p <= urut + 1 and day <= when for p, when in restores):
            continue
        if urut > last:
            hasil.salah(
                "saksi",
                f"Cadangan {day} mencatat {urut} peristiwa, register hanya {last}: peristiwa sesudah no. {last} "
                "dihapus.",
            )
        else:
            hasil.salah("saksi", f"Riwayat hingga peristiwa no. {urut} berbeda dari cadangan {day}: ada yang diubah.")
    by_label: dict = {}
    for label, urut, hash_ in saksi:
        by_label.setdefault(label, []).append((urut, hash_))
    for label, heads in by_label.items():
        count += len(heads)
        good = [u for u, h in heads if u <= last and by_urut.get(u, "").startswith(h)]
        bad = sorted(u for u, h in heads if not (u <= last and by_urut.get(u, "").startswith(h)))
        if not bad:
            continue
        first = bad[0]
        known = [u for u in good if u < first]
        if first > last:
            text = f"Saksi {label} mencatat {first} peristiwa, register hanya {last}: peristiwa sesudahnya dihapus."
        elif known:
            text = (f"Riwayat di antara peristiwa no. {max(known) + 1} dan no. {first} berbeda dari saksi {label}: "
                    "ada yang diubah sesudah saksi itu dibuat.")  # fmt: skip
        else:
            text = f"Riwayat hingga peristiwa no. {first} diubah: berbeda dari saksi {label}."
        if any(p and p <= first for p, _ in restores):
            text += " (Register pernah dipulihkan dari cadangan; riwayat sesudah cadangan itu memang diganti.)"
        hasil.salah("saksi", text)
    hasil.diperiksa["saksi"] = count


def teks_ujung(ujung: dict | None, kode_wilayah: str | None = None, penuh: bool = False) -> str:
    """The chain head as printed and exported: 'Rantai 35.05.06.2006: 1.234 peristiwa, ujung 3f9a…'.

    Printed documents carry 16 hex digits (64 bits: no one finds a forged chain that matches them),
    exports the whole hash."""
    if not ujung or not _int(ujung.get("urut")) or not isinstance(ujung.get("hash"), str):
        return ""
    count = f"{ujung['urut']:,}".replace(",", ".")
    where = f" {kode_wilayah}" if kode_wilayah else ""
    return f"Rantai{where}: {count} peristiwa, ujung {ujung['hash'] if penuh else ujung['hash'][:16]}"


def rantai_kantor(data_folder: Path, kode_wilayah: str | None) -> str:
    """The chain head text read straight from nomor.json, without the register's lock: for documents
    that do not otherwise touch the register. Empty when there is no readable register."""
    try:
        head = _loads((data_folder / "nomor.json").read_bytes()).get("rantai")
    except (OSError, ValueError, AttributeError):
        return ""
    return teks_ujung(head if isinstance(head, dict) else None, kode_wilayah)


def baca_ujung(text: str) -> list:
    """Every chain head written by `teks_ujung` in a text: (kode_wilayah or None, count, hash)."""
    return [(m.group(1), int(m.group(2).replace(".", "")), m.group(3)) for m in _UJUNG.finditer(text)]


def baca_saksi(path: Path, kode_wilayah: str | None) -> list:
    """The chain heads of this office in a witness: an export (CSV, JSON Lines), a report (CSV, XLSX),
    a printed document (.docx) or a file of `desa periksa --saksi-tulis`. (label, urut, hash)."""
    import zipfile

    try:
        raw = path.read_bytes()
        if raw[:2] == b"PK":  # .docx and .xlsx: the text lies in the XML parts
            with zipfile.ZipFile(path) as book:
                text = "\n".join(
                    book.read(name).decode("utf-8", "replace") for name in book.namelist() if name.endswith(".xml")
                )
        else:
            text = raw.decode("utf-8-sig", "replace")
    except (OSError, zipfile.BadZipFile) as exc:
        raise DesaError(f"Berkas saksi {path} tidak terbaca ({exc}).") from None
    heads = sorted({(n, h) for kode, n, h in baca_ujung(text) if kode is None or kode == kode_wilayah})
    if not heads:
        raise DesaError(
            f"Berkas saksi {path} tidak memuat ujung rantai kantor ini ({kode_wilayah}). Pakai berkas 'desa ekspor', "
            "laporan, atau 'desa periksa --saksi-tulis' dari kantor ini."
        )
    return [(path.name, n, h) for n, h in heads]


def tulis_saksi(hasil: Hasil, kantor_nama: str, kode_wilayah: str | None, waktu: str) -> bytes:
    """A witness file: the chain head and every TITIK_SAKSI-th event's hash, one line each."""
    lines = [f"Saksi rantai catatan peristiwa {kantor_nama}, dibuat {waktu}."]
    lines += [teks_ujung({"urut": u, "hash": h}, kode_wilayah, penuh=True) for u, h in hasil.titik]
    lines.append("Simpan di luar kantor. Periksa kelak dengan: desa periksa --saksi BERKAS")
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")
