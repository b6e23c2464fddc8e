"""The timing of the event a letter is for (izin keramaian, rekomendasi keramaian): a field named
`tanggal_acara`.

- An event before today is refused when the application is taken: no letter is made for it.
- The permit itself is the police's, applied for at least 14 working days before the event
  (DOMAIN.md "Common letters"; PP 60/2017 and Perpol 7/2023 on izin keramaian): with fewer working
  days left, by the office's own working-day calendar (kalender.py), `ajukan` and `cetak` warn.
  A warning, not a refusal: the police may still take a late application.
"""

from __future__ import annotations

import datetime as dt

from .kalender import tanggal
from .kesalahan import DesaError

TANGGAL_ACARA = "tanggal_acara"
HARI_KERJA_POLISI = 14


def _tanggal(values: dict) -> dt.date | None:
    value = values.get(TANGGAL_ACARA)
    if value in (None, ""):
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def periksa_lampau(values: dict, hari_ini: dt.date) -> None:
    """Refuse an event whose date is before today."""
    day = _tanggal(values)
    if day is not None and day < hari_ini:
        raise DesaError(
            f"Tanggal acara ({tanggal(day)}) sudah lewat (hari ini {tanggal(hari_ini)}); "
            "surat untuk acara yang sudah lewat tidak dibuat."
        )


def peringatan(values: dict, hari_ini: dt.date, kalender) -> list:
    """One line when the event is fewer than 14 working days away (none for an event already past,
    which ajukan refused, nor for a service without an event date)."""
    day = _tanggal(values)
    if day is None or day < hari_ini:
        return []
    sisa = kalender.sisa(hari_ini, day) if day > hari_ini else 0
    if sisa >= HARI_KERJA_POLISI:
        return []
    return [
        f"acara tanggal {tanggal(day)} tinggal {sisa} hari kerja lagi; izin keramaian diajukan ke Kepolisian "
        f"paling lambat {HARI_KERJA_POLISI} hari kerja sebelum acara (Perpol 7/2023), jadi bisa terlambat."
    ]
