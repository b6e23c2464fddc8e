"""Audit of the event chain itself: whole and unchanged (each hash over its content and its
predecessor's), time never going back, every event of this office.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from .audit_bentuk import _WAKTU, _text, _where
from .register import GENESIS, hash_peristiwa

if TYPE_CHECKING:  # the findings object, defined with the audit itself
    from .audit import Hasil

try:
    import orjson as _orjson
except ImportError:  # pragma: no cover - a dependency; without it the audit is only slower
    _orjson = None

TOLERANSI_JAM = 300  # seconds: a clock corrected by time sync may step back a little; that is no finding


def _rantai(events: list, nomor: dict, hasil: Hasil) -> None:
    hasil.diperiksa["rantai"] = len(events)
    before = GENESIS
    expected = 1
    for event in events:
        where = _where(event)
        if event["urut"] < expected:
            hasil.salah("rantai", f"{where}: nomor urut {event['urut']} tercatat lebih dari sekali.")
        elif event["urut"] != expected:
            hasil.salah("rantai", f"{where}: sebelum ini ada peristiwa yang hilang (no. {expected}).")
        if event.get("sebelum") != before:
            hasil.salah("rantai", f"{where}: tidak menyambung ke peristiwa sebelumnya.")
        if not _hash_cocok(event):
            hasil.salah("rantai", f"{where}: isinya diubah setelah dicatat.")
        before = event.get("hash")
        expected = event["urut"] + 1
    head = nomor.get("rantai")
    last = events[-1] if events else None
    if head is not None and not isinstance(head, dict):
        hasil.salah("berkas", "Berkas nomor.json: ujung rantai bukan catatan.")
        head = {}
    if head and (last is None or head.get("urut") != last.get("urut") or head.get("hash") != last.get("hash")):
        hasil.salah("rantai", f"Peristiwa terakhir (no. {head.get('urut')}) hilang dari catatan.")
    if last is not None and not head:
        hasil.salah("rantai", "Ujung rantai di nomor.json hilang.")


def _hash_cocok(event: dict) -> bool:
    """Whether the event's stored hash is over its content. orjson's sorted, compact output is the
    same bytes as hash_peristiwa's json.dumps for what `desa` writes, and several times faster; a
    match proves the content (no other bytes give that hash), a mismatch is decided by the real one."""
    stored = event.get("hash")
    if _orjson is not None:
        body = {k: v for k, v in event.items() if k != "hash"}
        try:
            if hashlib.sha256(_orjson.dumps(body, option=_orjson.OPT_SORT_KEYS)).hexdigest() == stored:
                return True
        except (TypeError, ValueError):  # beyond orjson (a huge integer): the slow path decides
            pass
    try:
        return stored == hash_peristiwa(event)
    except (TypeError, ValueError):  # text that is no UTF-8 (a lone surrogate): not what `desa` wrote
        return False


def _waktu(events: list, hasil: Hasil) -> None:
    before = None
    for event in events:
        waktu = _text(event.get("waktu"))
        if not _WAKTU.fullmatch(waktu):
            hasil.salah("berkas", f"{_where(event)}: waktu bukan tanggal dan jam.")
            continue
        if before is not None and waktu < before[1] and _mundur(before[1], waktu) > TOLERANSI_JAM:
            hasil.salah(
                "waktu",
                f"{_where(event)} tercatat lebih awal daripada peristiwa no. {before[0]} ({before[1]}): "
                "jam komputer dimundurkan?",
            )
        before = (event["urut"], waktu)
    hasil.diperiksa["waktu"] = len(events)


def _mundur(earlier: str, later: str) -> float:
    import datetime as dt

    try:
        return (dt.datetime.fromisoformat(earlier) - dt.datetime.fromisoformat(later)).total_seconds()
    except ValueError:  # shaped like a time but no real one (month 13): back as far as it looks
        return float("inf")


def _wilayah(events: list, kode_wilayah: str | None, hasil: Hasil) -> None:
    """Events carry the office's code from the version that wrote it on: older events have none."""
    foreign: dict = {}
    without = []
    started = False
    for event in events:
        kode = event.get("wilayah")
        if kode is None:
            # Events of the restore and export kind may be written by code that has no office at hand.
            if started and event.get("noreg") != "-":
                without.append(event["urut"])
            continue
        started = True
        if kode_wilayah is None:
            kode_wilayah = kode  # a backup audited alone: one office throughout
        if kode != kode_wilayah:
            foreign.setdefault(str(kode), []).append(event["urut"])
    for kode, urut in sorted(foreign.items()):
        hasil.salah(
            "wilayah",
            f"{len(urut)} peristiwa (no. {urut[0]} sampai {urut[-1]}) milik kode wilayah {kode}, bukan kantor ini "
            f"({kode_wilayah}): register kantor lain disalin ke sini?",
        )
    if without:
        hasil.salah(
            "wilayah",
            f"{len(without)} peristiwa (no. {without[0]} sampai {without[-1]}) tanpa kode wilayah, padahal peristiwa "
            "sebelumnya mencatatnya.",
        )
    hasil.diperiksa["wilayah"] = len(events)
