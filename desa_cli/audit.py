"""The audit behind `desa periksa`: every stored fact that matters checked against the event chain.

The chain is the record: each event carries the hash of the one before. Everything else stored
(applications, the letter book, the counters, complaints, survey answers, the applicant index)
is what the chain says it should be, and is checked against a replay of it:
1. the chain is whole: numbers 1..N, each hash over its content and its predecessor's hash, the
   head in nomor.json is the last event, and the daily backups' heads are still in it;
2. every application is what its events say, and each `ajukan` has its application; every
   priority mark was set at `ajukan` or by its own `prioritas` event, with a reason, while open;
3. the letter book is what the `cetak`/`cetak_ulang`/`batal` events (and, for letters made outside
   desa, `buku_catat`/`buku_batal`) say; numbers run 1..N, none issued twice (numbers a recorded
   restore skipped are not missing); numbered per classification code, each code's run too;
4. the counters in nomor.json are the highest numbers issued (or a restore's floors): lower means a
   number would be issued again, higher means the event that issued it is gone;
5. complaints, survey answers, incoming letters and the applicant index are what their events say; the population
   data is what its last import stored;
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

from dataclasses import dataclass, field
from pathlib import Path

from .audit_bentuk import _files, _peristiwa, _read, _table, _text
from .audit_catatan import _aduan, _katalog, _masuk, _pemohon, _permohonan, _standar, _survei
from .audit_penduduk import _penduduk
from .audit_prioritas import _prioritas
from .audit_rantai import _rantai, _waktu, _wilayah
from .audit_surat import _surat
from .saksi import _saksi

TITIK_SAKSI = 1000  # a witness file keeps every 1000th event's hash, to say where a change lies
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
    "prioritas": "Setiap tanda prioritas dipasang saat pengajuan atau dengan peristiwanya sendiri, beralasan",
    "nomor": "Nomor surat tiap tahun urut, tanpa loncat dan tanpa ganda",
    "buku": "Buku surat keluar sesuai riwayatnya",
    "penghitung": "Penghitung nomor di nomor.json sesuai riwayat (tidak ada nomor yang akan terpakai ulang)",
    "aduan": "Setiap aduan sesuai riwayatnya",
    "survei": "Setiap jawaban survei sesuai riwayatnya",
    "masuk": "Buku agenda surat masuk sesuai riwayatnya",
    "pemohon": "Indeks pemohon sesuai pengajuan terakhir tiap NIK",
    "penduduk": "Data penduduk sama dengan yang disimpan impor terakhir",
    "waktu": "Waktu peristiwa tidak mundur; tidak ada surat bertanggal sebelum permohonannya",
    "wilayah": "Semua peristiwa milik kantor ini (kode wilayah)",
    "arsip": "Setiap surat di arsip sama dengan sidik SHA-256-nya",
    "katalog": "Setiap permohonan mencatat versi katalognya",
    "standar": "Standar kantor di basis data sama dengan yang terakhir diterbitkan (beberapa meja)",
    "saksi": "Riwayat sama dengan yang dicatat saksi (cadangan harian, berkas --saksi)",
}


def periksa(
    data_folder: Path, folder_kantor: Path | None = None, kode_wilayah: str | None = None, saksi: list | None = None
) -> Hasil:
    """Audit the register in `data_folder` (and the letters under `folder_kantor`, when given; or,
    for a register in PostgreSQL, `folder_kantor` is {letter file: SHA-256 computed by the server}).

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
        (_prioritas, (applications, events)),
        (_surat, (data_folder, folder_kantor, events, applications, nomor)),
        (_aduan, (data_folder, events)),
        (_survei, (data_folder, events)),
        (_masuk, (data_folder, events)),
        (_pemohon, (data_folder, events)),
        (_penduduk, (data_folder, events)),
        (_waktu, (events,)),
        (_wilayah, (events, kode_wilayah)),
        (_katalog, (applications,)),
        (_standar, (data_folder, events)),
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
