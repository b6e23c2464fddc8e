"""Audit of the priority marks (prioritas.py): every mark was set when the application was taken
(`ajukan`) or by its own `prioritas` event, with a reason, while the application was open; the
mark stored with each application is the one its events last set. A lawful exception to the order
of arrival that no event explains would be favouritism made to look lawful.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .audit_bentuk import _data
from .prioritas import AKSI, GRUP, TERBUKA

if TYPE_CHECKING:  # the findings object, defined with the audit itself
    from .audit import Hasil


def _nilai(value) -> bool:
    return value is None or (isinstance(value, str) and value in GRUP)


def _peristiwa(event: dict, data: dict, status: str | None, hasil: Hasil) -> None:
    """Findings about one event that touches a priority mark."""
    noreg, aksi, urut = event.get("noreg"), event.get("aksi"), event.get("urut")
    where = f"Permohonan {noreg}, peristiwa no. {urut} ({aksi})"
    if aksi not in ("ajukan", AKSI):
        hasil.salah("prioritas", f"{where}: tanda prioritas diubah bukan saat pengajuan atau dengan 'desa prioritas'.")
    if not _nilai(data.get("prioritas")):
        hasil.salah("prioritas", f"{where}: kelompok prioritas '{data.get('prioritas')}' tidak dikenal.")
    if aksi == AKSI:
        alasan = data.get("alasan_prioritas")
        if not isinstance(alasan, str) or not alasan.strip():
            hasil.salah("prioritas", f"{where}: perubahan tanda prioritas tanpa alasan.")
        if status not in TERBUKA:
            hasil.salah("prioritas", f"{where}: tanda prioritas diubah padahal permohonan tidak terbuka.")


def _prioritas(applications: list, events: list, hasil: Hasil) -> None:
    status: dict = {}  # each application's status as its events make it
    mark: dict = {}  # each application's priority mark as its events set it
    checked = 0
    for event in events:
        noreg = event.get("noreg")
        if not isinstance(noreg, str):
            continue
        data = _data(event)
        if event.get("aksi") == AKSI and noreg not in status:
            where = f"Peristiwa no. {event.get('urut')}"
            hasil.salah("prioritas", f"{where}: tanda prioritas untuk {noreg}, yang tidak pernah diajukan.")
        if "prioritas" in data:
            checked += 1
            _peristiwa(event, data, status.get(noreg), hasil)
            mark[noreg] = data.get("prioritas")
        elif event.get("aksi") == AKSI:
            hasil.salah("prioritas", f"Permohonan {noreg}, peristiwa no. {event.get('urut')}: tanpa kelompok.")
        if isinstance(data.get("status"), str):
            status[noreg] = data["status"]
    for filename, record in applications:
        stored = record.get("prioritas")
        if stored is None:
            continue
        checked += 1
        if not _nilai(stored):
            where = f"Permohonan {record['noreg']} ({filename})"
            hasil.salah("prioritas", f"{where}: kelompok prioritas '{stored}' tidak dikenal.")
        elif mark.get(record["noreg"]) != stored:
            hasil.salah(
                "prioritas",
                f"Permohonan {record['noreg']} ({filename}) bertanda prioritas {stored}, tetapi tidak ada "
                "pengajuan atau peristiwa prioritas yang memasangnya.",
            )
    hasil.diperiksa["prioritas"] = checked
