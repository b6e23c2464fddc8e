"""Working days, Indonesian holidays and cuti bersama, deadlines, and dates in Indonesian.

The `holidays` package takes about a quarter of a second to import and build a year, so the
holidays of each year are kept in a small JSON file in the office's data folder once built. The file
names the package version that built it and is rebuilt when another version is installed: a newer
`holidays` brings the cuti bersama of a new decree. The office's own `libur_tambahan` is not in the
file; it is read from kantor.yaml on every run, so a change there counts at once.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

from .kesalahan import DesaError

HARI = ("senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu")
NAMA_HARI = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
NAMA_BULAN = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
_CACHE_VERSION = 1
# The longest service or complaint time, in working days: about a year and a half. A longer one is
# a typing error, and searching for its deadline would build the holiday cache of years to come.
HARI_KERJA_MAKS = 365


def tanggal(value) -> str:
    """`22 November 2026`."""
    d = dt.date.fromisoformat(value) if isinstance(value, str) else value
    return f"{d.day} {NAMA_BULAN[d.month - 1]} {d.year}"


def hari_tanggal(value) -> str:
    """`Senin, 23 November 2026`."""
    d = dt.date.fromisoformat(value) if isinstance(value, str) else value
    return f"{NAMA_HARI[d.weekday()]}, {tanggal(d)}"


def versi_holidays() -> str:
    """The installed `holidays` version, read from its metadata: importing the package is the slow part."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("holidays")
    except PackageNotFoundError:
        return ""


def _build_year(year: int) -> dict:
    import holidays

    def names(categories):
        found = holidays.country_holidays("ID", years=year, categories=categories, language="id")
        return {d.isoformat(): name for d, name in sorted(found.items())}

    return {
        "versi": _CACHE_VERSION,
        "paket": versi_holidays(),
        "libur": names(("public",)),
        "cuti_bersama": names(("government",)),
    }


class Kalender:
    """Which days an office serves: its weekdays, less national holidays and (by default) cuti bersama."""

    def __init__(
        self,
        hari_kerja=HARI[:5],
        cuti_bersama_libur: bool = True,
        cache: Path | None = None,
        libur_tambahan: dict | None = None,
    ):
        self.weekdays = {HARI.index(h) for h in hari_kerja}
        self.cuti_bersama_libur = cuti_bersama_libur
        # Days the office itself declares closed: a regional holiday, or a cuti bersama that the
        # installed `holidays` package does not know yet (the decree comes out each year).
        self.libur_tambahan = libur_tambahan or {}
        self.cache = cache
        self._years: dict = {}

    def _year(self, year: int) -> dict:
        if year not in self._years:
            self._years[year] = self._load(year)
        return self._years[year]

    def _load(self, year: int) -> dict:
        path = self.cache / f"libur-{year}.json" if self.cache else None
        if path is not None and path.is_file():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                if data.get("versi") == _CACHE_VERSION and data.get("paket") == versi_holidays():
                    return data
            except (OSError, ValueError):
                pass  # a damaged cache is rebuilt below
        data = _build_year(year)
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_suffix(f".{os.getpid()}.tmp")  # two clerks may build the same year at once
                tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
                tmp.replace(path)
            except OSError:
                pass  # a cache we cannot write only costs time
        return data

    def libur(self, day: dt.date) -> str | None:
        """Why the office is closed on `day`, or None on a working day."""
        if day.weekday() not in self.weekdays:
            return NAMA_HARI[day.weekday()]
        key = day.isoformat()
        if key in self.libur_tambahan:
            return self.libur_tambahan[key]
        year = self._year(day.year)
        if key in year["libur"]:
            return year["libur"][key]
        if self.cuti_bersama_libur and key in year["cuti_bersama"]:
            return year["cuti_bersama"][key]
        return None

    def cuti_bersama_dikenal(self, year: int) -> bool:
        """Whether that year's cuti bersama are known: to the installed `holidays` package, or to the
        office, which counts as soon as `libur_tambahan` holds any day of that year (it is where the
        office copies the decree's days that the package does not know yet)."""
        prefix = f"{year:04d}-"
        if any(key.startswith(prefix) for key in self.libur_tambahan):
            return True
        return bool(self._year(year)["cuti_bersama"])

    def peringatan_tenggat(self, tenggat: str | None) -> list:
        """A warning when a deadline falls in a year whose cuti bersama are unknown (see above)."""
        if not tenggat or not self.cuti_bersama_libur:
            return []
        year = dt.date.fromisoformat(tenggat).year
        if self.cuti_bersama_dikenal(year):
            return []
        return [
            f"tenggat {tanggal(tenggat)} jatuh di tahun {year} yang cuti bersamanya belum dikenal aplikasi ini, "
            f"jadi tenggat bisa terlalu cepat. Perbarui aplikasi, atau isi libur_tambahan di kantor.yaml "
            f"untuk tahun {year} (satu tanggal tahun {year} saja sudah dianggap cukup)."
        ]

    def hari_kerja(self, day: dt.date) -> bool:
        return self.libur(day) is None

    def tenggat(self, mulai: dt.date, hari: int) -> dt.date:
        """The day a service of `hari` working days is due when its file was complete on `mulai`.

        Counting starts the next working day; 0 days means the same day.
        """
        if not 0 <= hari <= HARI_KERJA_MAKS:
            raise DesaError(f"Jangka waktu {hari} hari kerja tidak masuk akal (paling lama {HARI_KERJA_MAKS}).")
        # One working day a week at the least, plus a year of holidays: the search always ends.
        last = mulai + dt.timedelta(days=7 * hari + 366)
        day = mulai
        left = hari
        while left > 0:
            day += dt.timedelta(days=1)
            if day > last:
                raise DesaError(f"Tidak ada {hari} hari kerja sesudah {tanggal(mulai)}; periksa hari_kerja dan libur.")
            if self.hari_kerja(day):
                left -= 1
        return day

    def sisa(self, hari_ini: dt.date, tenggat: dt.date) -> int:
        """Working days from today to the deadline: 0 when due today, negative when overdue."""
        if tenggat == hari_ini:
            return 0
        step = 1 if tenggat > hari_ini else -1
        count = 0
        day = hari_ini
        while day != tenggat:
            day += dt.timedelta(days=step)
            if self.hari_kerja(day):
                count += step
        return count
