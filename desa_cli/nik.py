"""The NIK (Nomor Induk Kependudukan): 16 digits that carry region, birth date and sex."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass


class NikSalah(ValueError):
    """The NIK cannot be right; the message says why."""


@dataclass(frozen=True)
class Nik:
    nomor: str
    provinsi: str
    kabupaten: str
    kecamatan: str
    hari: int  # the day as born, women's +40 taken off
    bulan: int
    tahun2: int  # two digits only: the century is not in the NIK
    perempuan: bool
    peringatan: tuple = ()

    @property
    def kode_wilayah(self) -> str:
        return f"{self.provinsi}.{self.kabupaten}.{self.kecamatan}"


def bersihkan(text: str) -> str:
    """Spaces and dots that people type between groups are not part of the number."""
    return re.sub(r"[\s.\-]", "", str(text))


def _angka(nomor: str) -> None:
    """Refuse anything but 16 ASCII digits, saying which character is wrong."""
    if re.fullmatch(r"[0-9]{16}", nomor):
        return
    # \d and str.isdigit() take Arabic-Indic, fullwidth or superscript digits too; a NIK has only 0-9.
    asing = next((ch for ch in nomor if not "0" <= ch <= "9"), None)
    if asing is not None and asing.isdigit():
        raise NikSalah(f"NIK hanya boleh berisi angka 0-9; '{asing}' bukan angka biasa (ketik ulang)")
    if asing is not None:
        raise NikSalah(f"NIK hanya boleh berisi angka 0-9; ada '{asing}'")
    raise NikSalah(f"NIK harus 16 angka, bukan {len(nomor)} angka")


def _wilayah(prov: str, kab: str, kec: str) -> list:
    """Refuse a province that does not exist; warn (never refuse) for an unknown kabupaten or
    kecamatan: a NIK keeps the code it was issued with after its region split or was renumbered."""
    from . import wilayah

    if not wilayah.provinsi_ada(prov):
        raise NikSalah(f"kode provinsi {prov} dalam NIK tidak ada (Kepmendagri 300.2.2-2138/2025: 38 provinsi)")
    if not wilayah.kode_dikenal(f"{prov}.{kab}"):
        return [f"kode kabupaten/kota {prov}.{kab} dalam NIK tidak ada dalam daftar wilayah Kemendagri; periksa lagi"]
    if not wilayah.kode_dikenal(f"{prov}.{kab}.{kec}"):
        return [f"kode kecamatan {prov}.{kab}.{kec} dalam NIK tidak ada dalam daftar wilayah Kemendagri; periksa lagi"]
    return []


def urai(text: str) -> Nik:
    """Parse a NIK, refusing one that cannot exist."""
    nomor = bersihkan(text)
    _angka(nomor)
    prov, kab, kec = nomor[0:2], nomor[2:4], nomor[4:6]
    if kab == "00" or kec == "00":
        raise NikSalah("kode kabupaten/kota dan kecamatan dalam NIK tidak boleh 00")
    hari, bulan, tahun2 = int(nomor[6:8]), int(nomor[8:10]), int(nomor[10:12])
    perempuan = hari > 40
    if perempuan:
        hari -= 40
    if not 1 <= bulan <= 12 or not 1 <= hari <= 31:
        raise NikSalah("angka ke-7 sampai ke-12 NIK bukan tanggal lahir (DDMMYY, hari +40 untuk perempuan)")
    # The century is not in the NIK: 19yy and 20yy are leap years alike (1900 aside, which no living
    # resident was born on a 29 February of), so 29 February needs yy divisible by 4.
    try:
        dt.date(2000 + tahun2, bulan, hari)
    except ValueError:
        raise NikSalah(
            f"angka ke-7 sampai ke-12 NIK bukan tanggal lahir yang ada (tanggal {hari} bulan {bulan} "
            f"tidak ada pada tahun 19{tahun2:02d} maupun 20{tahun2:02d})"
        ) from None
    if nomor[12:] == "0000":
        raise NikSalah("nomor urut NIK (4 angka terakhir) tidak boleh 0000")
    warnings = _wilayah(prov, kab, kec)
    return Nik(nomor, prov, kab, kec, hari, bulan, tahun2, perempuan, tuple(warnings))


def tanggal_lahir(nik: Nik, hari_ini: dt.date) -> dt.date:
    """The birth date the NIK gives, its century guessed: the latest of 20yy and 19yy not after
    `hari_ini` (a NIK of someone born in 1925 reads as 2025 only when that date has passed; the
    clerk, shown the date, corrects the rare centenarian). 29 February of yy 00 exists in 2000 only."""
    for abad in (2000, 1900):
        try:
            born = dt.date(abad + nik.tahun2, nik.bulan, nik.hari)
        except ValueError:
            continue
        if born <= hari_ini:
            return born
    return dt.date(2000 + nik.tahun2, nik.bulan, nik.hari)  # urai() made sure this one exists


def cocokkan(nik: Nik, tanggal_lahir: dt.date | None, jenis_kelamin: str | None) -> list:
    """Why the NIK does not fit the applicant's birth date and sex; empty when it fits."""
    faults = []
    if tanggal_lahir is not None and (nik.hari, nik.bulan, nik.tahun2) != (
        tanggal_lahir.day,
        tanggal_lahir.month,
        tanggal_lahir.year % 100,
    ):
        tertulis = f"{nik.hari:02d}-{nik.bulan:02d}-..{nik.tahun2:02d}"
        faults.append(f"tanggal lahir dalam NIK ({tertulis}) tidak sama dengan tanggal lahir pemohon")
    if jenis_kelamin in ("L", "P") and nik.perempuan != (jenis_kelamin == "P"):
        seharusnya = "perempuan (hari lahir +40)" if nik.perempuan else "laki-laki"
        faults.append(f"NIK ini milik {seharusnya}, tidak cocok dengan jenis kelamin {jenis_kelamin}")
    return faults


def samarkan(nomor: str) -> str:
    """First 6 and last 4 digits kept, as exports and public answers show a NIK."""
    return nomor[:6] + "*" * 6 + nomor[12:] if len(nomor) == 16 else "*" * len(nomor)
