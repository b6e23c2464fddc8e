"""The applicant's numbers besides the NIK: the family card's number (No. KK) and a phone number.

- No. KK: 16 digits, the issuing region's code (province, kabupaten/kota, kecamatan), the date of
  issue (DDMMYY) and a serial (Permendagri 108/2019 on the KK; the same region codes as the NIK,
  Kepmendagri on kode wilayah). A province that does not exist is refused; an unknown kabupaten or
  kecamatan (split or renumbered since) and a date part that is no date only warn, as for the NIK.
- Telepon: an Indonesian number as the clerk reads it back, 0 and 8 to 12 more digits
  ("081234567890"); +62 or 62 in front is written 0, spaces, dots, dashes and brackets dropped.
"""

from __future__ import annotations

import datetime as dt
import re


def kk(text) -> tuple:
    """(the number, warnings) of a No. KK; ValueError naming what is wrong."""
    from . import wilayah

    nomor = re.sub(r"[\s.\-]", "", str(text))
    asing = next((ch for ch in nomor if not "0" <= ch <= "9"), None)
    if asing is not None:
        raise ValueError(f"No. KK hanya boleh berisi angka 0-9; ada '{asing}'")
    if len(nomor) != 16:
        raise ValueError(f"No. KK harus 16 angka, bukan {len(nomor)} angka")
    prov, kab, kec = nomor[0:2], nomor[2:4], nomor[4:6]
    if not wilayah.provinsi_ada(prov):
        raise ValueError(f"kode provinsi {prov} dalam No. KK tidak ada")
    if nomor[12:] == "0000":
        raise ValueError("nomor urut No. KK (4 angka terakhir) tidak boleh 0000")
    warnings = []
    if not wilayah.kode_dikenal(f"{prov}.{kab}.{kec}"):
        warnings.append(f"kode wilayah {prov}.{kab}.{kec} dalam No. KK tidak ada dalam daftar wilayah Kemendagri")
    try:
        dt.date(2000 + int(nomor[10:12]), int(nomor[8:10]), int(nomor[6:8]))
    except ValueError:
        warnings.append("angka ke-7 sampai ke-12 No. KK bukan tanggal terbit (DDMMYY); periksa lagi")
    return nomor, warnings


def telepon(text) -> str:
    """The phone number written as 0 and its digits; ValueError when it cannot be one."""
    nomor = re.sub(r"[\s.\-()]", "", str(text))
    if nomor.startswith("+62"):
        nomor = "0" + nomor[3:]
    elif nomor.startswith("62"):
        nomor = "0" + nomor[2:]
    if not re.fullmatch(r"0[1-9][0-9]{7,11}", nomor) or not nomor.isascii():
        raise ValueError(f"'{text}' bukan nomor telepon; tulis seperti 081234567890 atau +6281234567890")
    return nomor
