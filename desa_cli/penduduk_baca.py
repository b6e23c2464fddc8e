"""Reading a population file: OpenSID's import workbook or the SIAK export, as .xlsx, .xls or .csv.

Real files are messy, so every value is read for what it may be (a date as a date cell, an Excel
serial number or text; a NIK as text or a number) and a row that cannot be right is refused with
its row number, as the spreadsheet shows it, and the reason. Nothing here writes anything.

Only what a letter needs is kept (UU 27/2022 Pasal 16(2): collection limited to the purpose):
the columns about health (cacat, cara KB, hamil), documents (paspor, KITAS, akta), insurance,
ethnicity, ID tags and coordinates are read past and never stored.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import penduduk_kode as kode
from .kesalahan import DesaError

OPENSID = "opensid"
SIAK = "siak"
NAMA_FORMAT = {OPENSID: "OpenSID (Data Penduduk)", SIAK: "SIAK Disdukcapil"}

# The header of each format -> the key a resident is stored under. OpenSID: the 43 columns of its
# import sheet "Data Penduduk" (OpenSID/OpenSID @ 4b3d567, donjo-app/models/Impor_model.php); SIAK: the 37 of
# the Disdukcapil export. A column not named here is read past.
KOLOM = {
    OPENSID: {
        "alamat": "alamat", "dusun": "dusun", "rw": "rw", "rt": "rt", "nama": "nama", "no_kk": "no_kk",
        "nik": "nik", "sex": "jenis_kelamin", "tempatlahir": "tempat_lahir", "tanggallahir": "tanggal_lahir",
        "agama_id": "agama", "pendidikan_kk_id": "pendidikan", "pekerjaan_id": "pekerjaan",
        "status_kawin": "status_perkawinan", "kk_level": "hubungan", "warganegara_id": "kewarganegaraan",
        "ayah_nik": "nik_ayah", "nama_ayah": "nama_ayah", "ibu_nik": "nik_ibu", "nama_ibu": "nama_ibu",
        "status_dasar": "status_dasar",
    },
    SIAK: {
        "nomor kk": "no_kk", "nik": "nik", "nama penduduk": "nama", "status": "status_dasar",
        "tempat lahir": "tempat_lahir", "tanggal lahir": "tanggal_lahir", "kelamin": "jenis_kelamin",
        "nik ayah": "nik_ayah", "ayah": "nama_ayah", "nik ibu": "nik_ibu", "ibu": "nama_ibu",
        "status kawin": "status_perkawinan", "shdk": "hubungan", "agama": "agama", "desa/kel": "desa",
        "alamat": "alamat", "rw": "rw", "rt": "rt", "pendidikan": "pendidikan", "pekerjaan": "pekerjaan",
    },
}  # fmt: skip
# Columns that tell the two formats apart, and must all be in the header row.
TANDA = {OPENSID: ("nik", "nama", "no_kk", "tanggallahir"), SIAK: ("nik", "nama penduduk", "nomor kk")}
BARIS_JUDUL = 20  # a header further down than this is not looked for: the file is not a population sheet
BESAR_MAKS = 200 * 1024 * 1024  # a 50,000-row workbook is about 7 MB, a CSV about 15 MB
# An .xlsx is a zip: 50,000 rows unpack to about 80 MB. A file that unpacks to far more is a zip
# bomb or no village's data, refused before the reader allocates it.
TERBUKA_MAKS = 500 * 1024 * 1024

# The applicant's choices (pemohon.py) by the OpenSID code of the same thing.
AGAMA = {1: "Islam", 2: "Kristen", 3: "Katolik", 4: "Hindu", 5: "Buddha", 6: "Khonghucu", 7: "Kepercayaan"}
KAWIN = {1: "Belum Kawin", 2: "Kawin", 3: "Cerai Hidup", 4: "Cerai Mati"}
KELAMIN = {1: "L", 2: "P"}
WARGA = {1: "WNI", 2: "WNA", 3: "Dua Kewarganegaraan"}
_EXCEL_NOL = dt.date(1899, 12, 30)  # day 0 of Excel's serial dates (its 1900 leap-year bug included)
_PASTI = 2**53  # above this a number stored as floating point no longer holds every digit


@dataclass
class Bacaan:
    """What a population file holds: the residents to keep, and what was refused or skipped."""

    format: str
    penduduk: list = field(default_factory=list)
    ditolak: list = field(default_factory=list)  # (row number, reason)
    peringatan: list = field(default_factory=list)  # (row number, what to look at)
    kosong: int = 0  # blank rows passed over
    baris: int = 0  # rows with data below the header


class BarisSalah(ValueError):
    """This row is refused; the message says why."""


# --- opening the file ----------------------------------------------------------------------------


def baris_berkas(path: Path):
    """(about how many rows, iterator of (row number, list of cell values)) of `path`."""
    if not path.is_file():
        raise DesaError(f"Berkas {path} tidak ada.")
    size = path.stat().st_size
    if size > BESAR_MAKS:
        raise DesaError(
            f"Berkas {path.name} terlalu besar ({size // 2**20} MB); data penduduk sebesar itu bukan satu desa."
        )
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _baris_csv(path)
    if suffix in (".xlsx", ".xlsm", ".xls", ".ods"):
        return _baris_buku(path)
    raise DesaError(f"Berkas {path.name} bukan .xlsx, .xls atau .csv; simpan ulang dari Excel dalam salah satunya.")


def _baris_buku(path: Path):
    # python-calamine (the Rust calamine) reads .xlsx and .xls alike, about ten times faster than
    # openpyxl at 50,000 rows: https://github.com/dimastbk/python-calamine
    import zipfile

    from python_calamine import CalamineError, CalamineWorkbook

    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as packed:
            unpacked = sum(item.file_size for item in packed.infolist())
        if unpacked > TERBUKA_MAKS:
            raise DesaError(
                f"Berkas {path.name} terlalu besar bila dibuka ({unpacked // 2**20} MB); "
                "data penduduk sebesar itu bukan satu desa."
            )
    try:
        book = CalamineWorkbook.from_path(str(path))
        names = book.sheet_names
        # OpenSID's workbook has the sheet "Data Penduduk" beside "Kode Data"; SIAK exports one sheet.
        chosen = next((n for n in names if n.strip().lower() == "data penduduk"), names[0] if names else None)
        if chosen is None:
            raise DesaError(f"Berkas {path.name} tidak berisi lembar kerja.")
        sheet = book.get_sheet_by_name(chosen)
        start = (sheet.start or (0, 0))[0]
        total = sheet.height
        rows = sheet.iter_rows()
    except (CalamineError, OSError, ValueError) as exc:
        raise DesaError(f"Berkas {path.name} tidak dapat dibaca sebagai buku kerja Excel ({exc}).") from None

    def numbered():
        try:
            for index, row in enumerate(rows):
                yield start + index + 1, row
        except (CalamineError, ValueError) as exc:
            raise DesaError(f"Berkas {path.name} rusak di tengah ({exc}).") from None

    return total, numbered()


def _baris_csv(path: Path):
    import csv
    import io

    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")  # saved by an older Excel in the Windows code page
    first = next((line for line in text.splitlines() if line.strip()), "")
    # Excel in an Indonesian locale writes ';' (the comma is the decimal mark there).
    delimiter = max((";", ",", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)

    def numbered():
        try:
            yield from enumerate(reader, 1)
        except csv.Error as exc:
            raise DesaError(f"Berkas {path.name} bukan CSV yang sah ({exc}).") from None

    return text.count("\n") + 1, numbered()


# --- one value -----------------------------------------------------------------------------------


def _kosong(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _nama_kolom(value) -> str:
    return " ".join(str(value or "").replace("\ufeff", "").split()).lower()


def teks(value) -> str:
    """A cell as text: whole numbers without '.0', spaces collapsed."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def nomor_16(value, label: str) -> str:
    """A NIK or No. KK cell as its 16 digits (not checked here), or BarisSalah when the digits
    are gone: shown as 3.50501E+15 by Excel, or a number too large to be held exactly."""
    if isinstance(value, bool):
        raise BarisSalah(f"{label} bukan nomor")
    if isinstance(value, float):
        if not value.is_integer() or math.isinf(value):
            raise BarisSalah(f"{label} '{value}' bukan nomor")
        if abs(value) >= _PASTI:
            raise BarisSalah(
                f"{label} tersimpan sebagai angka, sehingga angka terakhirnya tidak pasti; "
                "format kolom itu sebagai Teks lalu ekspor ulang"
            )
        value = int(value)
    if isinstance(value, int):
        text = str(value).zfill(16)  # a number has lost its leading zeros
    else:
        text = str(value).strip().lstrip("'")  # Excel's ' that keeps a number as text
        if re.fullmatch(r"\d+(\.\d+)?[eE]\+?\d+", text.replace(",", ".")):
            raise BarisSalah(
                f"{label} tertulis '{text}': angkanya sudah hilang saat disimpan Excel; "
                "format kolom itu sebagai Teks lalu ekspor ulang"
            )
        text = re.sub(r"\.0+$", "", re.sub(r"[\s.\-]", "", text) if not re.fullmatch(r"\d+\.0+", text) else text)
    return text


def tanggal(value, label: str) -> str | None:
    """A date cell as ISO text: a date, an Excel serial number, or text DD-MM-YYYY / YYYY-MM-DD."""
    from .isian import baca_tanggal

    if _kosong(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if not 1 <= value < 2958466:  # Excel's last day is 9999-12-31
            raise BarisSalah(f"{label} '{teks(value)}' bukan tanggal")
        return (_EXCEL_NOL + dt.timedelta(days=int(value))).isoformat()
    text = str(value).strip()
    text = re.sub(r"[ T]\d{1,2}:\d{2}(:\d{2})?(\.\d+)?$", "", text)  # a time of day after the date
    if re.fullmatch(r"\d{1,6}(\.0+)?", text):  # a serial number that came through as text (CSV)
        return tanggal(float(text), label)
    try:
        return baca_tanggal(text).isoformat()
    except ValueError as exc:
        raise BarisSalah(f"{label}: {exc}") from None


def _rt_rw(value, label: str) -> int | None:
    if _kosong(value) or str(value).strip() in ("-", "0", "000"):
        return None
    text = re.sub(r"\.0+$", "", teks(value)).lstrip("0") or "0"  # "2.0": a number that went through a CSV
    if not text.isdigit() or len(text) > 3 or not "0" <= text[0] <= "9":
        raise BarisSalah(f"{label} '{teks(value)}' bukan nomor RT/RW")
    return int(text)


def _pilih(tabel: dict, value, label: str, nama: dict | None = None):
    """The name of a coded column's value (a number or a name), in the spelling `nama` gives."""
    code = kode.kode(tabel, value)
    if code is None and tabel is kode.AGAMA and teks(value).lower().startswith("kepercayaan"):
        code = 7  # "Kepercayaan Terhadap Tuhan YME" without OpenSID's "/ Lainnya"
    if code is None:
        raise BarisSalah(f"{label} '{teks(value)}' tidak dikenal")
    return (nama or tabel)[code]


# --- one row -------------------------------------------------------------------------------------


def penduduk_dari_baris(nilai: dict) -> tuple:
    """(the resident as stored, warnings) of one row's cells by key; BarisSalah when refused."""
    from . import nik as nik_mod

    orang: dict = {}
    warnings: list = []
    _teks_orang(orang, nilai)
    if _kosong(nilai.get("nik")):
        raise BarisSalah("NIK kosong")
    if "nama" not in orang:
        raise BarisSalah("nama kosong")
    parsed = _nomor_orang(orang, nilai, warnings)
    lahir = tanggal(nilai.get("tanggal_lahir"), "Tanggal lahir")
    if lahir:
        orang["tanggal_lahir"] = lahir
    for key, tabel, label, nama in (
        ("jenis_kelamin", kode.JENIS_KELAMIN, "Jenis kelamin", KELAMIN),
        ("agama", kode.AGAMA, "Agama", AGAMA),
        ("status_perkawinan", kode.STATUS_KAWIN, "Status kawin", KAWIN),
        ("kewarganegaraan", kode.WARGANEGARA, "Kewarganegaraan", WARGA),
        ("status_dasar", kode.STATUS_DASAR, "Status dasar", None),
    ):
        if not _kosong(nilai.get(key)):
            orang[key] = _pilih(tabel, nilai[key], label, nama)
    _pendidikan(orang, nilai)
    _pekerjaan_hubungan(orang, nilai)
    for key, label in (("rt", "RT"), ("rw", "RW")):
        value = _rt_rw(nilai.get(key), label)
        if value is not None:
            orang[key] = value
    orang.setdefault("status_dasar", kode.STATUS_DASAR[1])
    if lahir and "jenis_kelamin" in orang:
        faults = nik_mod.cocokkan(parsed, dt.date.fromisoformat(lahir), orang["jenis_kelamin"])
        warnings += [f"NIK: {f}" for f in faults]
    return orang, warnings


def _teks_orang(orang: dict, nilai: dict) -> None:
    """The text cells, checked as the register checks typed text (length, control characters)."""
    from .isian import PANJANG_ALAMAT, PANJANG_NAMA, IsianSalah, teks_aman

    try:
        for key, label, maks in (
            ("nama", "Nama", PANJANG_NAMA),
            ("tempat_lahir", "Tempat lahir", PANJANG_ALAMAT),
            ("alamat", "Alamat", PANJANG_ALAMAT),
            ("dusun", "Dusun", PANJANG_NAMA),
            ("desa", "Desa/Kel", PANJANG_NAMA),
            ("nama_ayah", "Nama ayah", PANJANG_NAMA),
            ("nama_ibu", "Nama ibu", PANJANG_NAMA),
        ):
            if not _kosong(nilai.get(key)):
                orang[key] = teks_aman(teks(nilai[key]), label, maks)
    except IsianSalah as exc:
        raise BarisSalah(str(exc)) from None


def _nomor_orang(orang: dict, nilai: dict, warnings: list):
    """The NIK (refused when wrong), the No. KK, and the parents' NIKs (dropped with a warning)."""
    from . import nik as nik_mod
    from . import nomor

    try:
        parsed = nik_mod.urai(nomor_16(nilai["nik"], "NIK"))
    except nik_mod.NikSalah as exc:
        raise BarisSalah(f"NIK {teks(nilai['nik'])}: {exc}") from None
    orang["nik"] = parsed.nomor
    if not _kosong(nilai.get("no_kk")):
        try:
            orang["no_kk"] = nomor.kk(nomor_16(nilai["no_kk"], "No. KK"))[0]
        except ValueError as exc:
            raise BarisSalah(str(exc)) from None
    for key, label in (("nik_ayah", "NIK ayah"), ("nik_ibu", "NIK ibu")):
        value = nilai.get(key)
        if _kosong(value) or teks(value).strip("0 -") == "":
            continue
        try:  # a parent's NIK that cannot be right is dropped with a warning, not the whole resident
            orang[key] = nik_mod.urai(nomor_16(value, label)).nomor
        except (nik_mod.NikSalah, BarisSalah) as exc:
            warnings.append(f"{label} {teks(value)} tidak dipakai: {exc}")
    return parsed


def _pendidikan(orang: dict, nilai: dict) -> None:
    from .pemohon import PENDIDIKAN

    value = nilai.get("pendidikan")
    if _kosong(value):
        return
    code = kode.kode(kode.PENDIDIKAN_KK, value)
    if code is None:
        raise BarisSalah(f"Pendidikan '{teks(value)}' tidak dikenal")
    orang["pendidikan"] = PENDIDIKAN[code - 1]


def _pekerjaan_hubungan(orang: dict, nilai: dict) -> None:
    value = nilai.get("pekerjaan")
    if not _kosong(value):
        code = kode.kode(kode.PEKERJAAN, value)
        if code is not None:
            orang["pekerjaan"] = kode.PEKERJAAN[code]
        elif isinstance(value, (int, float)) or teks(value).isdigit():
            raise BarisSalah(f"Kode pekerjaan '{teks(value)}' tidak dikenal")
        else:  # an occupation the table lacks is kept in the words of the file (it is free text)
            orang["pekerjaan"] = teks(value)[:100]
    value = nilai.get("hubungan")
    if not _kosong(value):
        code = kode.kode(kode.HUBUNGAN, value)
        if code is None:
            raise BarisSalah(f"Hubungan dalam keluarga (SHDK) '{teks(value)}' tidak dikenal")
        orang["kk_level"] = code
        orang["hubungan"] = kode.HUBUNGAN[code]


# SIAK has no dusun column: the address says it ("DSN JIWET"). OpenSID splits it off the same way
# (OpenSID/OpenSID, donjo-app/models/Siak_model.php: DSN |DS |DUSUN |DSN\. |DS\. |DUSUN\.).
_DUSUN_SIAK = re.compile(r"^(?:DSN|DS|DUSUN)\.?\s+(.+)$", re.IGNORECASE)


def _dusun_siak(orang: dict) -> None:
    match = _DUSUN_SIAK.match(orang.get("alamat", ""))
    if match and "dusun" not in orang:
        orang["dusun"] = match.group(1).strip()


# --- the whole file ------------------------------------------------------------------------------


def _kepala(row: list) -> tuple:
    """(format, {column index: key}) when `row` is a header row, else (None, {})."""
    names = [_nama_kolom(c) for c in row]
    for fmt in (OPENSID, SIAK):
        if all(t in names for t in TANDA[fmt]):
            columns = {}
            for index, name in enumerate(names):
                key = KOLOM[fmt].get(name)
                if key is not None and key not in columns.values():
                    columns[index] = key
            return fmt, columns
    return None, {}


def baca(path: Path, maju=None) -> Bacaan:
    """Every resident of the population file at `path`; `maju(done, total)` is called every
    1000 rows."""
    total, rows = baris_berkas(path)
    fmt, columns = None, {}
    for number, row in rows:
        fmt, columns = _kepala(row)
        if fmt:
            break
        if number >= BARIS_JUDUL:
            break
    if not fmt:
        raise DesaError(
            f"Berkas {path.name} bukan data penduduk OpenSID (kolom nik, nama, no_kk, tanggallahir) atau SIAK "
            f"(kolom NIK, Nama Penduduk, Nomor KK): baris judul kolomnya tidak ditemukan di {BARIS_JUDUL} "
            "baris pertama."
        )
    hasil = Bacaan(format=fmt)
    seen: dict = {}
    for number, row in rows:
        if maju is not None and number % 1000 == 0:
            maju(number, total)
        if any(str(cell).strip() == "###" for cell in row[:2]):
            break  # OpenSID's end-of-data mark, "###" in column B (donjo-app/models/Impor_model.php)
        nilai = {key: row[index] for index, key in columns.items() if index < len(row)}
        if all(_kosong(v) for v in row):
            hasil.kosong += 1
            continue
        hasil.baris += 1
        try:
            orang, warnings = penduduk_dari_baris(nilai)
        except BarisSalah as exc:
            hasil.ditolak.append((number, str(exc)))
            continue
        if orang["nik"] in seen:
            hasil.ditolak.append((number, f"NIK {orang['nik']} sudah ada di baris {seen[orang['nik']]}"))
            continue
        seen[orang["nik"]] = number
        if fmt == SIAK:
            orang.setdefault("kewarganegaraan", "WNI")  # the SIAK export holds citizens only
            _dusun_siak(orang)
        hasil.penduduk.append(orang)
        hasil.peringatan.extend((number, w) for w in warnings)
    return hasil
