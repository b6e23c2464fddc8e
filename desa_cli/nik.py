"""The NIK (Nomor Induk Kependudukan): 16 digits that carry region, birth date and sex."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

# Kemendagri province codes; new Papua provinces use 92-97. An unknown one is a warning only.
KODE_PROVINSI = frozenset(
    [11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53]
    + [61, 62, 63, 64, 65, 71, 72, 73, 74, 75, 76, 81, 82, 91, 92, 93, 94, 95, 96, 97]
)


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


def urai(text: str) -> Nik:
    """Parse a NIK, refusing one that cannot exist."""
    nomor = bersihkan(text)
    if not re.fullmatch(r"\d{16}", nomor):
        raise NikSalah(f"NIK harus 16 angka, bukan {len(nomor)} karakter" if nomor.isdigit() else "NIK harus 16 angka")
    prov, kab, kec = nomor[0:2], nomor[2:4], nomor[4:6]
    warnings = []
    if int(prov) not in KODE_PROVINSI:
        warnings.append(f"kode provinsi {prov} tidak dikenal; periksa lagi NIK-nya")
    if kab == "00" or kec == "00":
        raise NikSalah("kode kabupaten/kota dan kecamatan dalam NIK tidak boleh 00")
    hari, bulan, tahun2 = int(nomor[6:8]), int(nomor[8:10]), int(nomor[10:12])
    perempuan = hari > 40
    if perempuan:
        hari -= 40
    if not 1 <= bulan <= 12 or not 1 <= hari <= 31:
        raise NikSalah("angka ke-7 sampai ke-12 NIK bukan tanggal lahir (DDMMYY, hari +40 untuk perempuan)")
    try:  # 2000 is a leap year, so 29 February is allowed here and checked against the real date later
        dt.date(2000, bulan, hari)
    except ValueError:
        raise NikSalah("angka ke-7 sampai ke-12 NIK bukan tanggal lahir yang ada") from None
    if nomor[12:] == "0000":
        raise NikSalah("nomor urut NIK (4 angka terakhir) tidak boleh 0000")
    return Nik(nomor, prov, kab, kec, hari, bulan, tahun2, perempuan, tuple(warnings))


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
