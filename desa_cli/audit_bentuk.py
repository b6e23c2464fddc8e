"""Reading the register files for the audit, shape by shape: a malformed file or record is a
finding, never a crash. Helpers shared by the audit_* modules and saksi.py.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from .berkas_aman import loads as _loads  # orjson when present: the big files parse several times faster

if TYPE_CHECKING:  # the findings object, defined with the audit itself
    from .audit import Hasil

_WAKTU = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?")
_TANGGAL = re.compile(r"\d{4}-\d{2}-\d{2}")
_NOREG = re.compile(r"(\d{4})-(\d{1,6})")
_ADUAN = re.compile(r"ADU-(\d{4})-(\d{1,6})")
_SURVEI = re.compile(r"SKM-(\d{4})-(\d{1,6})")
_MASUK = re.compile(r"SM-(\d{4})-(\d{1,6})")


def _read(path: Path, hasil: Hasil, check: str = "berkas") -> dict | None:
    """A register file's content, or None (with a finding) when it is not a JSON object."""
    try:
        data = _loads(path.read_bytes())
    except (OSError, ValueError) as exc:
        hasil.salah(check, f"Berkas {path.name} tidak terbaca ({exc}).")
        return None
    if not isinstance(data, dict):
        hasil.salah(check, f"Berkas {path.name} bukan register (isinya {_jenis(data)}).")
        return None
    return data


def _jenis(value) -> str:
    return {dict: "objek", list: "daftar", str: "teks", int: "angka", float: "angka", bool: "benar/salah"}.get(
        type(value), "kosong"
    )


def _table(path: Path, data: dict | None, table: str, hasil: Hasil) -> dict:
    """The `table` of a TinyDB-like file: {key: record}, records that are not objects reported."""
    if data is None:
        return {}
    rows = data.get(table, {})
    if not isinstance(rows, dict):
        hasil.salah("berkas", f"Berkas {path.name}: bagian '{table}' bukan tabel (isinya {_jenis(rows)}).")
        return {}
    good = {}
    for key, row in rows.items():
        if isinstance(row, dict):
            good[key] = row
        else:
            hasil.salah("berkas", f"Berkas {path.name}: catatan {key} bukan catatan (isinya {_jenis(row)}).")
    return good


def _files(folder: Path, prefix: str, month: bool) -> list:
    pattern = rf"{prefix}-\d{{4}}-\d{{2}}" if month else rf"{prefix}-\d{{4}}"
    return [p for p in sorted(folder.glob(f"{prefix}-*.json")) if re.fullmatch(pattern, p.stem)]


def _int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def _peristiwa(folder: Path, hasil: Hasil) -> list:
    """Every event with a usable number, in chain order; the unusable ones are findings."""
    events = []
    for path in _files(folder, "peristiwa", month=True):
        for key, event in _table(path, _read(path, hasil), "peristiwa", hasil).items():
            urut = event.get("urut")
            if not _int(urut) or urut < 1:
                shown = "tidak ada" if urut is None else repr(urut)
                hasil.salah("berkas", f"Berkas {path.name}: peristiwa {key} tanpa nomor urut yang sah ({shown}).")
                continue
            for name, kind in (("aksi", str), ("noreg", str), ("waktu", str), ("data", dict)):
                if not isinstance(event.get(name), kind):
                    hasil.salah("berkas", f"Berkas {path.name}: peristiwa no. {urut} tanpa '{name}' yang sah.")
            events.append(event)
    events.sort(key=lambda e: e["urut"])
    return events


def _data(event: dict) -> dict:
    data = event.get("data")
    return data if isinstance(data, dict) else {}


def _where(event: dict) -> str:
    return f"Peristiwa no. {event.get('urut')} ({event.get('aksi')} {event.get('noreg')}, {event.get('waktu')})"


def _diff(stored: dict, expected: dict) -> str:
    return ", ".join(sorted(str(k) for k in set(stored) | set(expected) if stored.get(k) != expected.get(k)))


# --- the audit -------------------------------------------------------------------------------


def _number(pattern: re.Pattern, text) -> tuple | None:
    match = pattern.fullmatch(text) if isinstance(text, str) else None
    return (match.group(1), int(match.group(2))) if match else None
