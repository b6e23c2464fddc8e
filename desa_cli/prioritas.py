"""Priority service for vulnerable groups: the one lawful exception to the order of arrival.

UU 25/2009 (Pelayanan Publik) Pasal 4 huruf j names "fasilitas dan perlakuan khusus bagi kelompok
rentan" among the principles of public service, and Pasal 29 obliges providers to give special
treatment (perlakuan khusus) to certain members of the public. The elucidation (penjelasan) of
Pasal 29 names them: penyandang cacat (disabilitas), lanjut usia, wanita hamil, anak-anak, korban
bencana alam dan korban bencana sosial. Lanjut usia is 60 years and over (UU 13/1998 tentang
Kesejahteraan Lanjut Usia, Pasal 1 angka 2); a child is under 18 (UU 35/2014, amending UU 23/2002
tentang Perlindungan Anak, Pasal 1 angka 1).

A mark is set only by the clerk: at `desa ajukan --prioritas GRUP`, or later with `desa prioritas`,
which needs a reason and is its own event in the chain (`desa periksa` checks both). The age from
the NIK only offers `lansia` or `anak` at a terminal; it never sets one. Priority applications
come first in the queue; among them, and among everyone else, the order of arrival holds.
"""

from __future__ import annotations

import datetime as dt

from .kesalahan import DesaError

# The groups of the elucidation of UU 25/2009 Pasal 29 (see above), as the clerk types them.
GRUP = {
    "lansia": "lanjut usia (60 tahun ke atas)",
    "disabilitas": "penyandang disabilitas",
    "hamil": "ibu hamil",
    "anak": "anak (di bawah 18 tahun)",
    "bencana": "korban bencana alam atau sosial",
}
USIA_LANSIA = 60  # UU 13/1998 Pasal 1 angka 2
USIA_DEWASA = 18  # UU 35/2014 Pasal 1 angka 1
TERBUKA = ("belum_lengkap", "lengkap")  # as register.TERBUKA (not imported: register imports us)
AKSI = "prioritas"  # the event of a mark set or removed after the application was taken


class TidakBoleh(DesaError):
    """The priority mark cannot be changed so."""


def grup(record: dict) -> str | None:
    """The application's priority group, or None (also for a value this version does not know)."""
    value = record.get("prioritas")
    return value if isinstance(value, str) and value in GRUP else None


def baca(text: str | None) -> str | None:
    """A group typed by the clerk, or None when not given; an unknown one is refused."""
    if text is None or not str(text).strip():
        return None
    word = str(text).strip().lower()
    if word not in GRUP:
        raise TidakBoleh(f"Kelompok prioritas '{text}' tidak dikenal. Yang ada: {', '.join(GRUP)}.")
    return word


def usia(pemohon: dict, hari_ini: dt.date) -> int | None:
    """The applicant's age in whole years: from the birth date taken (checked against the NIK), else
    from the NIK itself; None when neither can be read."""
    born = None
    try:
        born = dt.date.fromisoformat(str(pemohon.get("tanggal_lahir") or "")[:10])
    except ValueError:
        try:
            from . import nik as nik_mod

            born = nik_mod.tanggal_lahir(nik_mod.urai(str(pemohon.get("nik") or "")), hari_ini)
        except (DesaError, ValueError):
            return None
    return hari_ini.year - born.year - ((hari_ini.month, hari_ini.day) < (born.month, born.day))


def tawaran(pemohon: dict, hari_ini: dt.date) -> tuple | None:
    """(group, age) to offer the clerk for this applicant by age, or None. Only offered, never set."""
    age = usia(pemohon, hari_ini)
    if age is None:
        return None
    if age >= USIA_LANSIA:
        return "lansia", age
    if age < USIA_DEWASA:
        return "anak", age
    return None


def kunci(record: dict) -> tuple:
    """The queue's order: open priority applications first, then everyone by arrival (noreg)."""
    return (0 if grup(record) and record.get("status") in TERBUKA else 1, str(record.get("noreg")))


def urutkan(records: list) -> list:
    return sorted(records, key=kunci)


def _menunggu(reg, noreg: str) -> list:
    """The complete applications other than `noreg` that still wait for their letter."""
    return [r for r in reg.daftar(hanya_terbuka=True) if r["status"] == "lengkap" and r["noreg"] != noreg]


def lebih_dulu(reg, noreg: str) -> list:
    """The waiting complete applications to be served before `noreg`, first to serve first: every
    waiting priority one that came earlier, and, for a non-priority one, every waiting priority one
    and every one that came earlier."""
    from .register import PermohonanTidakAda

    try:
        mine = kunci(reg.ambil(noreg))
    except PermohonanTidakAda:  # refused by the action itself, in its own words
        mine = (1, noreg)
    return [r["noreg"] for r in urutkan(_menunggu(reg, noreg)) if kunci(r) < mine]


def jumlah(reg, noregs: list) -> int:
    """How many of these open applications are priority services (one read of the open ones)."""
    wanted = set(noregs)
    return sum(1 for r in reg.daftar(hanya_terbuka=True) if r["noreg"] in wanted and grup(r))


def catatan_cetak(reg, record: dict) -> dict | None:
    """Why a priority application is served ahead of waiting ones that came before it (kept with
    the `cetak` event, so the register tells lawful priority from favouritism); None otherwise."""
    group = grup(record)
    if not group:
        return None
    ahead = [r["noreg"] for r in _menunggu(reg, record["noreg"]) if not grup(r) and r["noreg"] < record["noreg"]]
    if not ahead:
        return None
    return {"prioritas": {"grup": group, "mendahului": len(ahead), "tertua": ahead[0]}}


def ubah(reg, noreg: str, group: str | None, alasan: str) -> dict:
    """Set (`group`) or remove (None) the mark of an open application, with the clerk's reason:
    its own `prioritas` event in the chain."""
    from .isian import alasan_wajib
    from .register import LABEL_STATUS

    record = reg.ambil(noreg)
    alasan = alasan_wajib(alasan)
    if record["status"] not in TERBUKA:
        raise TidakBoleh(
            f"Permohonan {record['noreg']} berstatus {LABEL_STATUS.get(record['status'], record['status'])}; "
            "tanda prioritas hanya bisa diubah selama permohonan masih terbuka."
        )
    now = grup(record)
    if group is None and now is None:
        raise TidakBoleh(f"Permohonan {record['noreg']} tidak bertanda prioritas; tidak ada yang dihapus.")
    if group is not None and group == now:
        raise TidakBoleh(f"Permohonan {record['noreg']} sudah bertanda prioritas {group}.")
    return reg._ubah(record, AKSI, {"prioritas": group, "alasan_prioritas": alasan})


def laporan(records: list, kalender, hari_ini: dt.date) -> dict:
    """Per group, the priority services of the period: received, finished, on time and its share."""
    from . import laporan as lap

    result = {}
    for group in GRUP:
        rows = [lap.dari_permohonan(r) for r in records if grup(r) == group]
        if rows:
            counted = lap._hitung_satu(rows, kalender, hari_ini)
            result[group] = {k: counted[k] for k in ("diterima", "selesai", "tepat_waktu", "persen_tepat")}
    return result
