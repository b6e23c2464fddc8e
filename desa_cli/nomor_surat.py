"""Taking a letter number: one yearly sequence (the default), or one per classification code a year.

kantor.yaml `nomor_surat: tahunan | per_klasifikasi`. Either way the book `surat-<tahun>.json` keeps
one row per number taken, keyed by the book's own yearly nomor urut (the Buku Agenda's column 1:
gapless, never reused, the counter `surat` as always). Per classification, the letter's {urut} is
the code's own sequence: the counter `surat_kode` {tahun: {kode: n}} in nomor.json, and the entry
carries `kode`, `urut_kode` and `nomor_kode` ("2026/005/3": one token that a restore reads from
the raw bytes of any file, penomoran.kode_tertinggi, so a code's number is never issued twice).

A year keeps the way it began: its book's first entry shows which. While a year has numbers, a
changed setting is refused (change it back, or let it start with the first letter of next year),
so that no year is half one way and half the other and `desa periksa` can hold each year to one rule.
"""

from __future__ import annotations

import datetime as dt
import re

from .kesalahan import DesaError

TAHUNAN = "tahunan"
PER_KLASIFIKASI = "per_klasifikasi"
CARA = (TAHUNAN, PER_KLASIFIKASI)
KODE = re.compile(r"\d{3}(\.\d{1,4}){0,4}")  # 005, 474.1, 400.12.2.1 (Permendagri 78/2012, 83/2022)


class NomorSalah(DesaError):
    pass


def cara_tahun(tx, tahun: int) -> str | None:
    """How the year's letters are numbered, as its book shows; None while it has none."""
    entries = tx.read(f"surat-{tahun}").get("surat", {})
    if not entries:
        return None
    return PER_KLASIFIKASI if any("urut_kode" in e for e in entries.values() if isinstance(e, dict)) else TAHUNAN


def periksa_kode(kode: str) -> str:
    kode = (kode or "").strip()
    if not KODE.fullmatch(kode):
        raise NomorSalah(f"Kode klasifikasi '{kode}' tidak sah; tulis angka seperti 005, 470 atau 474.1 (tanpa spasi).")
    return kode


def ambil(reg, kantor_data: dict, kode: str, hari: dt.date) -> dict:
    """Take the next number for a letter of classification `kode` dated `hari`, in the register's
    transaction: {"urut", "nomor"} and, per classification, {"kode", "urut_kode", "nomor_kode"}.
    Everything that can refuse is checked before a number is taken."""
    from .surat import nomor_surat

    fmt, kode_desa, tahun = kantor_data["format_nomor"], kantor_data["kode_wilayah"], hari.year
    cara = kantor_data.get("nomor_surat") or TAHUNAN
    nomor_surat(fmt, "0", 1, kode_desa, hari)  # a wrong format must not burn a number
    if cara == PER_KLASIFIKASI and not re.search(r"\{kode[:!}]", fmt):
        raise NomorSalah(
            "nomor_surat: per_klasifikasi perlu {kode} di format_nomor kantor.yaml; tanpa itu dua surat "
            "berbeda kode akan bernomor sama."
        )
    if cara == PER_KLASIFIKASI:  # the code names a sequence: it must be one a restore can read back
        kode = periksa_kode(kode)
    sudah = cara_tahun(reg.tx, tahun)
    if sudah is not None and sudah != cara:
        raise NomorSalah(
            f"Surat tahun {tahun} sudah bernomor {sudah.replace('_', ' ')}; nomor_surat: {cara} di kantor.yaml "
            f"baru bisa berlaku mulai surat pertama tahun {tahun + 1}. Kembalikan nomor_surat: {sudah} untuk "
            "tahun ini."
        )
    urut = reg.nomor_berikut("surat", tahun)
    if cara == TAHUNAN:
        return {"urut": urut, "nomor": nomor_surat(fmt, kode, urut, kode_desa, hari)}
    urut_kode = _berikut_kode(reg, tahun, kode)
    return {
        "urut": urut,
        "nomor": nomor_surat(fmt, kode, urut_kode, kode_desa, hari),
        "kode": kode,
        "urut_kode": urut_kode,
        "nomor_kode": f"{tahun}/{kode}/{urut_kode}",
    }


def _berikut_kode(reg, tahun: int, kode: str) -> int:
    """The next number of a code's sequence; one its book already holds is passed over."""
    used = {
        e.get("urut_kode")
        for e in reg.tx.read(f"surat-{tahun}").get("surat", {}).values()
        if isinstance(e, dict) and e.get("kode") == kode
    }
    nomor = reg.tx.read("nomor")
    counters = nomor.setdefault("surat_kode", {}).setdefault(str(tahun), {})
    urut = int(counters.get(kode) or 0) + 1
    while urut in used:
        urut += 1
    counters[kode] = urut
    reg.tx.write("nomor", nomor)
    return urut


def salin(surat: dict) -> dict:
    """The per-classification fields of a letter, for its book entry (none in a yearly book)."""
    return {k: surat[k] for k in ("kode", "urut_kode", "nomor_kode") if k in surat}
