"""The official region list: Kepmendagri No. 300.2.2-2138 Tahun 2025 (kode dan data wilayah
administrasi pemerintahan), with postal codes.

Shipped inside the package (desa_cli/data/, MIT licence in LICENSE-wilayah.txt), built by
scripts/bangun_wilayah.py from Cahya DSN's transcription (github.com/cahyadsn/wilayah and
github.com/cahyadsn/wilayah_kodepos). No maintained PyPI package carries Kemendagri's codes with
postal codes for Python 3.10+ (daerah-indonesia uses BPS codes), and a 0.8 MB data file loaded
only by `init` and the NIK check costs less than a dependency. The village file is read only when
a village is looked up; the NIK check reads the kecamatan file (about 8,000 lines).
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
# In the list every kota is numbered from 71 and every kabupaten below (tests/test_wilayah.py checks).
KOTA_MULAI = 71
_AWALAN = re.compile(r"^\s*(kabupaten|kab\.?|kota|kot\.)(\s+administrasi)?\s+", re.IGNORECASE)


class WilayahTidakAda(LookupError):
    """The code is not in the official list."""


@dataclass(frozen=True)
class Wilayah:
    kode: str
    tingkat: str  # desa, kelurahan or kecamatan
    provinsi: str
    kabupaten: str  # with its word: "Kabupaten Blitar", "Kota Blitar"
    kecamatan: str
    desa: str | None  # the desa or kelurahan; None for a kecamatan
    kode_pos: str | None


def _baca_tsv(name: str) -> dict:
    rows = {}
    with open(DATA / name, encoding="utf-8") as handle:
        for line in handle:
            kode, nama, *rest = line.rstrip("\n").split("\t")
            rows[kode] = (nama, *rest)
    return rows


@cache
def _atas() -> dict:
    """Provinces, kabupaten/kota and kecamatan in force: code -> (name,)."""
    return _baca_tsv("wilayah-kecamatan.tsv")


@cache
def _lama() -> dict:
    """Kabupaten and kecamatan codes of earlier lists no longer in force: code -> (name, year)."""
    return _baca_tsv("wilayah-lama.tsv")


@cache
def _desa() -> dict:
    """Every desa and kelurahan: code -> (name, postal code)."""
    rows = {}
    text = gzip.decompress((DATA / "wilayah-desa.tsv.gz").read_bytes()).decode("utf-8")
    for line in text.splitlines():
        kode, nama, pos = line.split("\t")
        rows[kode] = (nama, pos or None)
    return rows


def jumlah() -> dict:
    """How many regions of each level the list holds."""
    counts = {"provinsi": 0, "kabupaten": 0, "kecamatan": 0}
    for kode in _atas():
        counts[("provinsi", "kabupaten", "kecamatan")[kode.count(".")]] += 1
    counts["desa"] = len(_desa())
    return counts


def provinsi_ada(kode: str) -> bool:
    return kode in _atas()


def kode_dikenal(kode: str) -> bool:
    """Whether a kabupaten or kecamatan code is in the list in force or in an earlier one."""
    return kode in _atas() or kode in _lama()


def tingkat_kode(kode: str) -> str:
    """The level a code names: PP.KK.CC a kecamatan; PP.KK.CC.2xxx a desa, .1xxx a kelurahan."""
    parts = kode.split(".")
    if len(parts) == 3:
        return "kecamatan"
    return "kelurahan" if parts[3].startswith("1") else "desa"


def cari(kode: str) -> Wilayah:
    """The region of a PP.KK.CC or PP.KK.CC.DDDD code, or WilayahTidakAda."""
    parts = kode.split(".")
    atas = _atas()
    names = [atas.get(".".join(parts[:n]), (None,))[0] for n in (1, 2, 3)]
    desa = _desa().get(kode) if len(parts) == 4 else (None, None)
    if None in names or desa is None:
        raise WilayahTidakAda(kode)
    return Wilayah(kode, tingkat_kode(kode), names[0], names[1], names[2], desa[0], desa[1])


def tanpa_awalan(nama: str) -> str:
    """'Kab. Blitar', 'Kabupaten Blitar', 'Kota Blitar' -> 'Blitar'."""
    return _AWALAN.sub("", nama).strip()


def _kata(nama: str) -> str | None:
    """'Kabupaten' or 'Kota' when the name is written with its word (or Kab./Kot.), else None."""
    match = _AWALAN.match(nama)
    if not match:
        return None
    return "Kabupaten" if match.group(1).lower().startswith("kab") else "Kota"


def nama_kabupaten(nama: str, kode: str | None = None) -> str:
    """The kabupaten/kota with its word, as a letterhead writes it: 'Kabupaten Blitar', 'Kota Blitar'.

    'Kab. Blitar' becomes 'Kabupaten Blitar'; a name typed without the word takes it from the code
    (kota from 71) or, with no code, Kabupaten. 'Kota Administrasi ...' keeps its full name.
    """
    nama = " ".join(nama.split())
    word = _kata(nama)
    if word is None:
        kk = kode.split(".")[1] if kode and kode.count(".") >= 1 else ""
        word = "Kota" if kk.isdigit() and int(kk) >= KOTA_MULAI else "Kabupaten"
        return f"{word} {nama}"
    if nama.lower().startswith(("kabupaten ", "kota ")):
        return nama
    return f"{word} {tanpa_awalan(nama)}"


def sama(diketik: str, resmi: str) -> bool:
    """Whether a typed name is the official one: case and spacing aside, the Kabupaten/Kota word
    optional (but when typed, the right one)."""

    def bare(text: str) -> str:
        return " ".join(tanpa_awalan(text).casefold().split())

    word = _kata(diketik)
    return bare(diketik) == bare(resmi) and (word is None or word == _kata(resmi))
