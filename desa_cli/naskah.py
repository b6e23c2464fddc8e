"""The wording of a letter that follows its kind and its office.

- The kind of letter (`surat.jenis` in the catalogue) gives the closing sentence. Tata naskah
  dinas (DOMAIN.md, "Kinds of letter and their closing"): a surat keterangan closes "Demikian surat
  keterangan ini ...", a surat pengantar is addressed to the office it goes to and closes "Demikian
  surat pengantar ini ...", a rekomendasi has "Kepada Yth. ..." and closes "Demikian rekomendasi
  ini ..."; an izin is given ("Demikian izin ini diberikan ..."). The regional manuals (e.g. the
  DPPKA DIY tata naskah dinas, "X. Surat Pengantar": the head of a surat pengantar names the
  official or address it goes to) put the addressee at the head of the letter.
- The office's level as the text names it (`wilayah`): a kelurahan letter speaks of "Kelurahan ..."
  and the Lurah, a kecamatan letter of "Kecamatan ..." and the Camat, never of "desa".
- The validity line (`surat.masa_berlaku`): "Surat ini berlaku sampai dengan ...", from the print date.
- How a typed value enters a sentence: the `kalimat` and `kelamin` filters.
"""

from __future__ import annotations

import calendar
import datetime as dt

from .kalender import tanggal

JENIS_SURAT = ("keterangan", "pengantar", "rekomendasi", "izin")
_SEBAGAIMANA = "untuk dapat dipergunakan sebagaimana mestinya."
PENUTUP = {
    "keterangan": f"Demikian surat keterangan ini dibuat {_SEBAGAIMANA}",
    "pengantar": f"Demikian surat pengantar ini dibuat {_SEBAGAIMANA}",
    "rekomendasi": f"Demikian rekomendasi ini dibuat {_SEBAGAIMANA}",
    "izin": f"Demikian izin ini diberikan {_SEBAGAIMANA}",
}
KEPALA = {"desa": "Kepala Desa", "kelurahan": "Lurah", "kecamatan": "Camat"}
JENIS_KELAMIN = {"L": "Laki-laki", "P": "Perempuan"}
KUNCI_WILAYAH = ("sebutan", "Sebutan", "nama", "lengkap", "kepala", "kecamatan", "kabupaten", "kota")


def wilayah(kantor) -> dict:
    """The office's area as a sentence names it: `{{ wilayah.lengkap }}` is "Desa Bacem",
    "Kelurahan Kepanjenkidul" or "Kecamatan Ponggok"; `sebutan` the bare word ("desa"),
    `kepala` the head's title ("Kepala Desa", "Lurah", "Camat"), `kabupaten` with its word
    ("Kabupaten Blitar", "Kota Blitar") and `kota` without it ("Blitar", for "di Blitar")."""
    from .wilayah import nama_kabupaten, tanpa_awalan

    d = kantor.data
    tingkat = kantor.tingkat
    nama = d["kecamatan"] if tingkat == "kecamatan" else d["desa"]
    kabupaten = nama_kabupaten(d["kabupaten"], d.get("kode_wilayah"))
    return {
        "sebutan": tingkat,
        "Sebutan": tingkat.capitalize(),
        "nama": nama,
        "lengkap": f"{tingkat.capitalize()} {nama}",
        "kepala": KEPALA[tingkat],
        "kecamatan": d["kecamatan"],
        "kabupaten": kabupaten,
        "kota": tanpa_awalan(kabupaten),
    }


def berlaku_sampai(dicetak, masa: dict | None) -> dt.date | None:
    """The last day a letter holds: the print date plus `hari` days or `bulan` months (the same
    day of the month, or the month's last day when it has no such day)."""
    if not masa:
        return None
    day = dicetak if isinstance(dicetak, dt.date) else dt.date.fromisoformat(str(dicetak)[:10])
    if masa.get("hari"):
        return day + dt.timedelta(days=masa["hari"])
    months = day.month - 1 + masa["bulan"]
    year, month = day.year + months // 12, months % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def baris_berlaku(sampai: dt.date | None) -> list:
    return [f"Surat ini berlaku sampai dengan {tanggal(sampai)}."] if sampai else []


def pemohon(data: dict, tingkat: str = "desa") -> dict:
    """The applicant as the data block prints it: sex in words, place and date of birth together,
    the address line built from street, RT, RW and dusun (pemohon.alamat_lengkap)."""
    from .pemohon import alamat_lengkap

    shown = dict(data)
    shown["alamat"] = alamat_lengkap(data, tingkat)
    shown["jenis_kelamin"] = JENIS_KELAMIN.get(data["jenis_kelamin"], "")
    shown["tempat_tanggal_lahir"] = f"{data['tempat_lahir']}, {tanggal(data['tanggal_lahir'])}"
    return shown


def kalimat(value):
    """A typed value as it reads inside a sentence: the first letter in lower case ("keperluan
    membuka rekening bank"), unless the first word is an abbreviation written in capitals
    ("KUR", "SMP"). Not for names of people or places."""
    if not isinstance(value, str) or not value.strip():
        return value
    text = value.strip()
    first = text.split()[0]
    if sum(ch.isupper() for ch in first) > 1:
        return text
    return text[0].lower() + text[1:]


def kelamin(value):
    """`L`/`P` as the letter writes them: Laki-laki, Perempuan."""
    return JENIS_KELAMIN.get(value, value) if isinstance(value, str) else value


def hari_selesai(tanggal_acara, jam_mulai, jam_selesai) -> str:
    """An event that ends after midnight names the day it ends: " (Minggu, 15 November 2026)" after
    "19.00 s.d. 01.00 WIB"; nothing when it ends on its own day. Times are the `waktu` fields'
    "HH.MM", which compare as text."""
    from .kalender import hari_tanggal

    if not tanggal_acara or not jam_mulai or not jam_selesai or str(jam_selesai) >= str(jam_mulai):
        return ""
    day = tanggal_acara if isinstance(tanggal_acara, dt.date) else dt.date.fromisoformat(str(tanggal_acara))
    return f" ({hari_tanggal(day + dt.timedelta(days=1))})"


def umur(lahir, pada) -> str:
    """Whole years from a birth date to another date ("84"), as the death letter gives the age."""
    born, at = (dt.date.fromisoformat(str(v)) if v else None for v in (lahir, pada))
    if born is None or at is None:
        return ""
    return str(at.year - born.year - ((at.month, at.day) < (born.month, born.day)))


_SATUAN = ("", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh", "sebelas")
_RIBUAN = ((10**12, "triliun"), (10**9, "miliar"), (10**6, "juta"), (1000, "ribu"))


def _kata(n: int) -> str:
    if n < 12:
        return _SATUAN[n]
    if n < 20:
        return f"{_SATUAN[n - 10]} belas"
    if n < 100:
        return f"{_SATUAN[n // 10]} puluh {_kata(n % 10)}".strip()
    if n < 1000:
        head = "seratus" if n < 200 else f"{_SATUAN[n // 100]} ratus"
        return f"{head} {_kata(n % 100)}".strip()
    for size, name in _RIBUAN:
        if n >= size:
            head = "seribu" if size == 1000 and n < 2000 else f"{_kata(n // size)} {name}"
            return f"{head} {_kata(n % size)}".strip()
    return ""


def terbilang(value):
    """A whole number in Indonesian words, as a price is written out beside its figures
    ("Rp15.250.000 (lima belas juta dua ratus lima puluh ribu rupiah)"): `{{ harga | terbilang }}`."""
    try:
        n = int(value)
    except (TypeError, ValueError):
        return value
    if n == 0:
        return "nol"
    return ("minus " if n < 0 else "") + _kata(abs(n))
