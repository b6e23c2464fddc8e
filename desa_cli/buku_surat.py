"""The outgoing-letter book (buku agenda surat keluar): `surat-<tahun>.json`, one entry per number.

Plain storage in the register's transaction; the letter itself is an event of the application
(Register.catat_surat), so the book is what `desa periksa` checks against the chain. A letter made
outside `desa` (an invitation, an official letter) takes the next number of the same sequence with
`desa buku catat` (catat_luar): its entry has `asal: luar`, the classification, to whom and what,
and is the data of a `buku_catat` event; `desa buku batal` keeps its number, marked cancelled.
"""

from __future__ import annotations

import datetime as dt

from . import nomor_surat
from .kesalahan import DesaError

ASAL_LUAR = "luar"  # a letter made outside desa: numbered and recorded here, no application, no file


def catat(tx, record: dict, surat: dict) -> None:
    """Write a printed letter of `record` into its year's book (again, unchanged, for a reprint)."""
    tahun = int(surat["tanggal"][:4])
    book = tx.read(f"surat-{tahun}")
    book.setdefault("surat", {})[str(surat["urut"])] = {
        "urut": surat["urut"],
        "nomor": surat["nomor"],
        "tanggal": surat["tanggal"],
        "noreg": record["noreg"],
        "layanan": record["layanan"],
        "layanan_nama": record["layanan_nama"],
        "nama": record["pemohon"]["nama"],
        "nik": record["pemohon"]["nik"],
        "kode_verifikasi": surat["kode_verifikasi"],
        "berkas": surat["berkas"],
        "sha256": surat["sha256"],
        "status": "terbit",
        **nomor_surat.salin(surat),
    }
    signer = penandatangan(surat)
    if signer is not None:  # who signed, as printed: a later change of staff leaves it
        book["surat"][str(surat["urut"])]["penandatangan"] = signer
    tx.write(f"surat-{tahun}", book)


def penandatangan(surat: dict) -> dict | None:
    """The book's copy of who signed a letter (title lines, name, pangkat, NIP); None before signatories
    were recorded."""
    signer = surat.get("penandatangan")
    if not isinstance(signer, dict):
        return None
    return {k: signer.get(k, "") for k in ("baris", "jabatan", "nama", "nip", "pangkat")}


def batalkan(tx, record: dict) -> None:
    """A withdrawn application's letter keeps its number in the book, marked cancelled."""
    surat = record.get("surat")
    if not surat:
        return
    name = f"surat-{surat['tanggal'][:4]}"
    book = tx.read(name)
    entry = book.get("surat", {}).get(str(surat["urut"]))
    if entry is not None:
        entry["status"] = "batal"
        tx.write(name, book)


def daftar(tx, tahun: int) -> list:
    """The book of a year, by number."""
    entries = tx.read(f"surat-{tahun}").get("surat", {})
    return [entries[k] for k in sorted(entries, key=int)]


def cari_verifikasi(tx, kode: str) -> dict | None:
    """The book entry of a verification code, newest year first; None when no letter has it."""
    for name in reversed(tx.daftar("surat-")):
        for entry in tx.read(name).get("surat", {}).values():
            if entry.get("kode_verifikasi") == kode:
                return entry
    return None


def catat_luar(reg, kantor_data: dict, kode: str, perihal: str, tujuan: str, tanggal: dt.date | None) -> dict:
    """Number a letter made outside `desa` in the book and the chain; the book entry."""
    from .isian import PANJANG_ALAMAT, PANJANG_TEKS, teks_aman

    kode = nomor_surat.periksa_kode(kode)
    perihal = teks_aman(perihal or "", "Perihal", PANJANG_TEKS)
    tujuan = teks_aman(tujuan or "", "Tujuan", PANJANG_ALAMAT)
    if not perihal or not tujuan:
        raise DesaError('Perihal dan tujuan surat wajib diisi (--perihal "...", --tujuan "...").')
    today = reg.sekarang.date()
    hari = tanggal or today
    if hari > today or hari.year != today.year:
        raise DesaError(
            f"Tanggal surat {hari.isoformat()} tidak boleh sesudah hari ini atau di luar tahun {today.year}: "
            "nomor diambil dari urutan tahun berjalan."
        )
    last = max((e.get("tanggal", "") for e in daftar(reg.tx, hari.year)), default="")
    if hari.isoformat() < last[:10]:
        raise DesaError(
            f"Tanggal surat {hari.isoformat()} sebelum surat terakhir di buku ({last[:10]}): nomor yang lebih "
            "besar tidak boleh bertanggal lebih awal."
        )
    taken = nomor_surat.ambil(reg, kantor_data, kode, hari)
    entry = {
        "urut": taken["urut"],
        "nomor": taken["nomor"],
        "tanggal": hari.isoformat(),
        "asal": ASAL_LUAR,
        "kode": kode,
        **nomor_surat.salin(taken),
        "perihal": perihal,
        "tujuan": tujuan,
        "petugas": reg.petugas,
        "status": "terbit",
    }
    name = f"surat-{hari.year}"
    book = reg.tx.read(name)
    book.setdefault("surat", {})[str(entry["urut"])] = entry
    reg.tx.write(name, book)
    reg.catat_peristiwa("buku_catat", "-", dict(entry))
    return entry


def batal_luar(reg, tahun: int, urut: int, alasan: str) -> dict:
    """Cancel a letter made outside `desa`: its number stays in the book, marked cancelled."""
    from .isian import teks_aman

    alasan = teks_aman(alasan or "", "Alasan")
    if not alasan:
        raise DesaError('Alasan wajib diisi (--alasan "...").')
    name = f"surat-{tahun}"
    book = reg.tx.read(name)
    entry = book.get("surat", {}).get(str(urut))
    if entry is None:
        raise DesaError(f"Nomor urut {urut} tidak ada di buku surat keluar {tahun}. Lihat 'desa buku --tahun {tahun}'.")
    if entry.get("asal") != ASAL_LUAR:
        raise DesaError(
            f"Surat {entry.get('nomor')} dicetak untuk permohonan {entry.get('noreg')}; batalkan permohonannya "
            f"dengan 'desa batal {entry.get('noreg')}'."
        )
    if entry.get("status") == "batal":
        raise DesaError(f"Surat {entry['nomor']} sudah dibatalkan.")
    entry["status"] = "batal"
    entry["alasan_batal"] = alasan
    reg.tx.write(name, book)
    reg.catat_peristiwa("buku_batal", "-", {"tahun": tahun, "urut": urut, "alasan": alasan})
    return entry
