"""The timing of the event a letter is for (izin keramaian, rekomendasi keramaian): a field named
`tanggal_acara`.

- An event before today is refused when the application is taken: no letter is made for it.
- The permit itself is the police's, applied for at least 14 working days before the event
  (DOMAIN.md "Common letters"; PP 60/2017 and Perpol 7/2023 on izin keramaian): with fewer working
  days left, by the office's own working-day calendar (kalender.py), `ajukan` and `cetak` warn.
  A warning, not a refusal: the police may still take a late application.
- A marriage within 10 working days of its registration at the KUA needs the camat's
  dispensation: `periksa_dispensasi` refuses one that is not needed (below).
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


# The camat's dispensation (dispensasi nikah): the kehendak nikah is registered at the KUA at least
# 10 working days before the akad; a shorter time needs the camat's dispensation (PMA 20/2019
# Pasal 3, before it PMA 19/2018 Pasal 7 ayat (4), as kecamatan pages cite it, e.g.
# kec-rangkui.pangkalpinangkota.go.id "Syarat Rekomendasi/Dispensasi Menikah"). Fields named
# `tanggal_daftar_kua` and `tanggal_akad` in one service.
TANGGAL_DAFTAR_KUA = "tanggal_daftar_kua"
TANGGAL_AKAD = "tanggal_akad"
HARI_KERJA_NIKAH = 10


def periksa_dispensasi(values: dict, kalender) -> None:
    """Refuse a dispensation that is not needed (the akad 10 working days or more after the
    registration at the KUA) or cannot be (the akad before the registration)."""
    daftar, akad = values.get(TANGGAL_DAFTAR_KUA), values.get(TANGGAL_AKAD)
    if daftar in (None, "") or akad in (None, ""):
        return
    daftar = daftar if isinstance(daftar, dt.date) else dt.date.fromisoformat(str(daftar)[:10])
    akad = akad if isinstance(akad, dt.date) else dt.date.fromisoformat(str(akad)[:10])
    if akad < daftar:
        raise DesaError(
            f"Tanggal akad ({tanggal(akad)}) lebih awal dari tanggal pendaftaran di KUA ({tanggal(daftar)}); "
            "periksa lagi."
        )
    jarak = kalender.sisa(daftar, akad)
    if jarak >= HARI_KERJA_NIKAH:
        raise DesaError(
            f"Akad tanggal {tanggal(akad)} berjarak {jarak} hari kerja dari pendaftaran di KUA ({tanggal(daftar)}): "
            f"tidak perlu dispensasi camat (dispensasi hanya untuk kurang dari {HARI_KERJA_NIKAH} hari kerja)."
        )
