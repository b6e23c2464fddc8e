"""Applications of a period as CSV or JSON Lines, for the kecamatan or the archive.

Only what a report needs leaves the office, and the NIK masked unless asked for whole (UU 27/2022:
collect and disclose only for the purpose).
"""

from __future__ import annotations

import csv
import io
import json

from .nik import samarkan

KOLOM = (
    "kode_wilayah", "kantor", "noreg", "diterima", "layanan", "layanan_nama", "status", "lengkap_pada",
    "tenggat", "nomor_surat", "tanggal_surat", "diambil", "nama", "nik", "jenis_kelamin", "petugas", "rantai",
)  # fmt: skip


def baris(record: dict, kantor, nik_lengkap: bool, rantai: str = "") -> dict:
    surat = record.get("surat") or {}
    nik = record["pemohon"]["nik"]
    return {
        "kode_wilayah": kantor.data["kode_wilayah"],
        "kantor": kantor.nama,
        "noreg": record["noreg"],
        "diterima": record["diterima"],
        "layanan": record["layanan"],
        "layanan_nama": record["layanan_nama"],
        "status": record["status"],
        "lengkap_pada": record.get("lengkap_pada") or "",
        "tenggat": record.get("tenggat") or "",
        "nomor_surat": surat.get("nomor", ""),
        "tanggal_surat": surat.get("tanggal", ""),
        "diambil": record.get("diambil") or "",
        "nama": record["pemohon"]["nama"],
        "nik": nik if nik_lengkap else samarkan(nik),
        "jenis_kelamin": record["pemohon"]["jenis_kelamin"],
        "petugas": record["petugas"],
        # The register's chain head when exported, on every row (a trailing column every reader
        # and Excel take): the kecamatan's copy is a witness `desa periksa --saksi` checks against.
        "rantai": rantai,
    }


# A spreadsheet reads a cell that starts with one of these as a formula (OWASP, CSV injection):
# `=HYPERLINK(...)` in an applicant's name would run when the kecamatan opens the file.
AWAL_RUMUS = ("=", "+", "-", "@", "\t", "\r")


def sel_aman(value):
    """A CSV cell that a spreadsheet shows as text: a string starting with a formula character, or
    with the quote itself (so that `baca_sel` undoes exactly this), gets a leading `'` (OWASP).
    Numbers stay numbers."""
    if isinstance(value, str) and value.startswith((*AWAL_RUMUS, "'")):
        return "'" + value
    return value


def baca_sel(value: str) -> str:
    """The value `sel_aman` was given, read back from a CSV cell."""
    if value.startswith("'") and value[1:].startswith((*AWAL_RUMUS, "'")):
        return value[1:]
    return value


def sel_xlsx(cell) -> None:
    """An openpyxl cell holding a string that starts with a formula character: kept as text, and
    marked (quotePrefix) so that Excel keeps it text even when the cell is edited."""
    if isinstance(cell.value, str) and cell.value.startswith(AWAL_RUMUS):
        cell.data_type = "s"
        cell.quotePrefix = True


def tulis(records: list, kantor, fmt: str, nik_lengkap: bool, rantai: str = "") -> bytes:
    rows = [baris(r, kantor, nik_lengkap, rantai) for r in records]
    if fmt == "jsonl":
        return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows).encode("utf-8")
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=KOLOM, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows({key: sel_aman(value) for key, value in row.items()} for row in rows)
    # With a byte-order mark, Excel on Windows opens the UTF-8 names correctly.
    return ("\ufeff" + out.getvalue()).encode("utf-8")
