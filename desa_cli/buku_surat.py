"""The outgoing-letter book (buku agenda surat keluar): `surat-<tahun>.json`, one entry per number.

Plain storage in the register's transaction; the letter itself is an event of the application
(Register.catat_surat), so the book is what `desa periksa` checks against the chain.
"""

from __future__ import annotations


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
    for name in sorted((p.stem for p in tx.folder.glob("surat-*.json")), reverse=True):
        for entry in tx.read(name).get("surat", {}).values():
            if entry["kode_verifikasi"] == kode:
                return entry
    return None
