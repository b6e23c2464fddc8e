"""The applicant's fields: read each typed value by its kind and refuse what cannot be right."""

from __future__ import annotations

import datetime as dt
import re

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


def _teks(value) -> str:
    if isinstance(value, (dict, list)):
        raise ValueError("harus berupa teks")
    text = " ".join(str(value).split())
    if len(text) > 500:
        raise ValueError("terlalu panjang (paling banyak 500 karakter)")
    return text


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
        return _teks(value)
    except ValueError as exc:
        raise IsianSalah(spec["label"], str(exc)) from None


def _daftar(spec: dict, value) -> list:
    if not isinstance(value, list) or not value:
        raise ValueError("harus berupa daftar berisi paling sedikit satu baris (tulis di berkas --data)")
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
