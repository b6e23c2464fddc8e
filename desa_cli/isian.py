"""The applicant's fields: read each typed value by its kind and refuse what cannot be right."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from . import nik as nik_mod
from .katalog import ISIAN_PEMOHON, Layanan
from .kesalahan import DesaError, bukan_utf8
from .yamlskema import baca_rupiah


class IsianSalah(DesaError):
    def __init__(self, label: str, alasan: str):
        self.label = label
        self.alasan = alasan
        super().__init__(f"{label}: {alasan}")


def semua(layanan: Layanan) -> list:
    """Every field the service asks: the applicant's standard ones, then the service's own."""
    return [*ISIAN_PEMOHON, *layanan.data["isian"]]


def baca_tanggal(text) -> dt.date:
    if isinstance(text, dt.datetime):
        return text.date()
    if isinstance(text, dt.date):
        return text
    value = str(text).strip()
    match = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", value)
    if match:
        day, month, year = (int(g) for g in match.groups())
    else:
        match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", value)
        if not match:
            raise ValueError(f"'{value}' bukan tanggal; tulis seperti 17-08-1990 atau 1990-08-17")
        year, month, day = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"'{value}' bukan tanggal yang ada") from None


# Characters that never reach the register: Unicode's control characters (Cc: C0 but tab, line feed
# and carriage return; DEL; C1) drive a terminal (ESC and CSI sequences, OSC links), and NUL is
# dropped from the letter so letter and register would differ; format characters (Cf: bidi overrides
# and isolates, zero-width spaces and joiners, the BOM, soft hyphen, tags), line and paragraph
# separators (Zl, Zp) hide or reorder what the clerk reads; lone surrogates (Cs) are bytes that were
# not UTF-8. By category, so the rule follows the Unicode version of the Python in use.
KATEGORI_TERLARANG = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
SPASI = "\t\n\r"  # collapsed into one space by teks_aman: every field is kept as one line
_BUKAN_ASCII_CETAK = re.compile(r"[^\x20-\x7e]")  # only these need a look: most text is plain ASCII


def karakter_terlarang(nilai: str, spasi_boleh: bool = True) -> str | None:
    """The first control or invisible character in `nilai`, or None; tab and line breaks count
    unless `spasi_boleh`."""
    for found in _BUKAN_ASCII_CETAK.finditer(nilai):
        char = found.group()
        if char in SPASI:
            if not spasi_boleh:
                return char
        elif unicodedata.category(char) in KATEGORI_TERLARANG:
            return char
    return None


# Limits in characters, after spaces are collapsed. Permendagri 73/2022 Pasal 4(2)b caps a name on
# population documents at 60 letters including spaces; 100 leaves room for older names and titles.
# An address with RT/RW, dusun, desa and kecamatan fits in 200. Free text (keperluan, a reason)
# gets 500: a paragraph, not a document.
PANJANG_NAMA = 100
PANJANG_ALAMAT = 200
PANJANG_TEKS = 500
PANJANG_ADUAN = 1000  # a complaint is in the citizen's own words; a few paragraphs, still one line
# A list (heirs, family members) of more than 50 rows is no family: a large one with children,
# grandchildren and in-laws stays well below. Without a limit 20,000 heirs were taken (3 MB register
# files, a 4 s and 400 MB `cetak` holding the lock).
BARIS_DAFTAR = 50
# One applicant's --data file: 50 list rows and every field at its limit stay under 64 KB. A bigger
# file is refused before it is parsed (PyYAML takes about 7 s per MB).
BERKAS_DATA_MAKS = 256 * 1024


def panjang_maks(nama: str) -> int:
    """The length limit of a field, by its name: names, then addresses and places, else free text."""
    if nama.startswith(("nama", "pekerjaan", "kewarganegaraan", "hubungan")):
        return PANJANG_NAMA
    if nama.startswith(("alamat", "tempat")):
        return PANJANG_ALAMAT
    return PANJANG_TEKS


def periksa_karakter(nilai: str, label: str, spasi_boleh: bool = True) -> None:
    """Refuse (IsianSalah) control and invisible characters; tab and line breaks too unless `spasi_boleh`."""
    char = karakter_terlarang(nilai, spasi_boleh)
    if char is None:
        return
    if unicodedata.category(char) == "Cs":
        raise IsianSalah(label, "berisi byte yang bukan teks UTF-8; ketik ulang nilainya")
    raise IsianSalah(
        label, f"berisi karakter kendali atau tak terlihat (U+{ord(char):04X}); ketik ulang tanpa karakter itu"
    )


def teks_aman(nilai: str, label: str, maks: int = PANJANG_TEKS) -> str:
    """One line of text as the register keeps it: spaces (tab and line breaks too) collapsed into
    one; control and invisible characters and text over `maks` characters refused (IsianSalah)."""
    if not isinstance(nilai, str):
        raise IsianSalah(label, "harus berupa teks")
    text = " ".join(nilai.split())
    if len(text) > maks:  # first: a huge value is refused without a look at each character
        raise IsianSalah(label, f"terlalu panjang ({len(text)} karakter; paling banyak {maks})")
    periksa_karakter(nilai, label)
    return text


def _teks(value, spec: dict) -> str:
    if isinstance(value, (dict, list)):
        raise ValueError("harus berupa teks")
    return teks_aman(str(value), spec["label"], panjang_maks(spec["nama"]))


def _waktu(value) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        # YAML 1.1 reads 08:30 as the sexagesimal number 510.
        value = f"{value // 60}:{value % 60:02d}"
    match = re.fullmatch(r"(\d{1,2})[:.](\d{2})", str(value).strip())
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise ValueError(f"'{value}' bukan jam; tulis seperti 08.30 atau 19:00")
    return f"{int(match.group(1)):02d}.{match.group(2)}"


# A count a clerk types (dependants, guests, square metres): a billion is beyond any of them, and
# far below what the register's 64-bit JSON numbers hold.
ANGKA_MAKS = 10**9


def _angka(value) -> int:
    text = str(value).strip()
    if isinstance(value, bool) or not re.fullmatch(r"\d+", text):
        raise ValueError(f"'{value}' bukan bilangan bulat")
    digits = text.lstrip("0") or "0"
    if len(digits) > len(str(ANGKA_MAKS)) or int(digits) > ANGKA_MAKS:
        raise ValueError(f"terlalu besar (paling banyak {ANGKA_MAKS:,}); periksa lagi".replace(",", "."))
    return int(digits)


def _pilihan(value, choices: list) -> str:
    text = str(value).strip()
    for choice in choices:
        if text.lower() == str(choice).lower():
            return choice
    if text.isdigit() and 1 <= int(text) <= len(choices):
        return choices[int(text) - 1]
    raise ValueError(f"'{text}' tidak ada dalam pilihan: {', '.join(map(str, choices))}")


def _nik(value) -> str:
    try:
        return nik_mod.urai(str(value)).nomor
    except nik_mod.NikSalah as exc:
        raise ValueError(str(exc)) from None


def baca(spec: dict, value):
    """The stored form of one typed value, or IsianSalah naming the field and the reason."""
    jenis = spec["jenis"]
    try:
        if value is None or (isinstance(value, str) and not value.strip()):
            raise ValueError("belum diisi")
        if isinstance(value, str) and bukan_utf8(value):  # typed at a prompt on a terminal not in UTF-8
            raise ValueError("berisi huruf yang tidak terbaca (bukan UTF-8); ketik ulang")
        if jenis == "daftar":
            return _daftar(spec, value)
        if jenis == "tanggal":
            return baca_tanggal(value).isoformat()
        if jenis == "waktu":
            return _waktu(value)
        if jenis == "angka":
            return _angka(value)
        if jenis == "rupiah":
            return baca_rupiah(value)
        if jenis == "pilihan":
            return _pilihan(value, spec["pilihan"])
        if jenis == "nik":
            return _nik(value)
        return _teks(value, spec)
    except ValueError as exc:
        raise IsianSalah(spec["label"], str(exc)) from None


def _daftar(spec: dict, value) -> list:
    if not isinstance(value, list) or not value:
        raise ValueError("harus berupa daftar berisi paling sedikit satu baris (tulis di berkas --data)")
    if len(value) > BARIS_DAFTAR:
        raise ValueError(f"paling banyak {BARIS_DAFTAR} baris (ada {len(value)}); periksa berkas --data")
    rows = []
    for number, row in enumerate(value, 1):
        if not isinstance(row, dict):
            raise ValueError(f"baris ke-{number} harus berisi pasangan kolom: nilai")
        unknown = set(row) - {kolom["nama"] for kolom in spec["kolom"]}
        if unknown:
            raise ValueError(f"baris ke-{number}: kolom tidak dikenal: {', '.join(sorted(map(str, unknown)))}")
        clean = {}
        for kolom in spec["kolom"]:
            if row.get(kolom["nama"]) in (None, "") and not kolom["wajib"]:
                continue
            try:
                clean[kolom["nama"]] = baca(kolom, row.get(kolom["nama"]))
            except IsianSalah as exc:
                raise ValueError(f"baris ke-{number}, {exc.label}: {exc.alasan}") from None
        rows.append(clean)
    return rows


def periksa_pemohon(pemohon: dict) -> list:
    """Warnings about the applicant's data; refuses (IsianSalah) a NIK that contradicts it."""
    parsed = nik_mod.urai(pemohon["nik"])
    born = baca_tanggal(pemohon["tanggal_lahir"])
    today = dt.date.today()
    if born > today:
        raise IsianSalah("Tanggal lahir", "tidak boleh sesudah hari ini")
    if born.year < 1900:
        raise IsianSalah("Tanggal lahir", "sebelum tahun 1900; periksa lagi")
    faults = nik_mod.cocokkan(parsed, born, pemohon["jenis_kelamin"])
    if faults:
        raise IsianSalah("NIK", "; ".join(faults))
    return list(parsed.peringatan)
