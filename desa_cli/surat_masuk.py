"""The incoming-letter book (buku agenda surat masuk): `masuk-<tahun>.json`, one entry an agenda number.

Columns of the Buku Agenda, Lampiran Permendagri 47/2016 tentang Administrasi Pemerintahan Desa,
A.7 (see agenda.py): the book's nomor urut, the date received, and the surat masuk half: the
letter's number and date, the sender, what it is about (isi singkat), and remarks (keterangan: here
the disposition, to whom the head passed it). The agenda number runs per year of recording
(SM-2026-0001, the register's counter `masuk`: gapless, never reused, raised by a restore); each
entry is the data of a `masuk_catat` event, which `desa periksa` replays.
"""

from __future__ import annotations

import datetime as dt

from .kesalahan import DesaError

KOLOM = (
    ("urut", "No. urut", 9),
    ("tanggal_terima", "Tanggal penerimaan surat", 16),
    ("nomor_surat", "Nomor surat", 28),
    ("tanggal_surat", "Tanggal surat", 16),
    ("pengirim", "Pengirim", 30),
    ("perihal", "Isi singkat (perihal)", 34),
    ("keterangan", "Keterangan (disposisi)", 26),
)


def catat(reg, data: dict) -> dict:
    """An incoming letter with its agenda number; `data`: tanggal_terima, tanggal_surat (dates),
    nomor_surat, pengirim, perihal, disposisi (text)."""
    from .isian import PANJANG_ALAMAT, PANJANG_NAMA, PANJANG_TEKS, teks_aman

    text = {
        "nomor_surat": teks_aman(data.get("nomor_surat") or "", "Nomor surat", PANJANG_NAMA),
        "pengirim": teks_aman(data.get("pengirim") or "", "Pengirim", PANJANG_ALAMAT),
        "perihal": teks_aman(data.get("perihal") or "", "Perihal", PANJANG_TEKS),
        "disposisi": teks_aman(data.get("disposisi") or "", "Disposisi", PANJANG_TEKS),
    }
    for key, label in (("nomor_surat", "--nomor"), ("pengirim", "--pengirim"), ("perihal", "--perihal")):
        if not text[key]:
            raise DesaError(f"{label} wajib diisi.")
    today = reg.sekarang.date()
    terima, tanggal_surat = data["tanggal_terima"], data["tanggal_surat"]
    if terima > today:
        raise DesaError(f"Tanggal terima {terima.isoformat()} sesudah hari ini ({today.isoformat()}).")
    if tanggal_surat > terima:
        raise DesaError(f"Tanggal surat {tanggal_surat.isoformat()} sesudah tanggal terimanya ({terima.isoformat()}).")
    tahun = today.year
    urut = reg.nomor_berikut("masuk", tahun)
    record = {
        "nomor": f"SM-{tahun}-{urut:04d}",
        "urut": urut,
        "dicatat": reg.sekarang.isoformat(timespec="seconds"),
        "tanggal_terima": terima.isoformat(),
        "nomor_surat": text["nomor_surat"],
        "tanggal_surat": tanggal_surat.isoformat(),
        "pengirim": text["pengirim"],
        "perihal": text["perihal"],
        "disposisi": text["disposisi"],
        "petugas": reg.petugas,
    }
    book = reg.tx.read(f"masuk-{tahun}")
    book.setdefault("masuk", {})[str(urut)] = record
    reg.tx.write(f"masuk-{tahun}", book)
    reg.catat_peristiwa("masuk_catat", record["nomor"], dict(record))
    return record


def daftar(tx, tahun: int) -> list:
    """The incoming letters of a year, by agenda number."""
    entries = tx.read(f"masuk-{tahun}").get("masuk", {})
    return [entries[k] for k in sorted(entries, key=int)]


def baris(entries: list) -> list:
    from .kalender import tanggal

    return [
        {
            "urut": e["urut"],
            "tanggal_terima": tanggal(e["tanggal_terima"]),
            "nomor_surat": e["nomor_surat"],
            "tanggal_surat": tanggal(e["tanggal_surat"]),
            "pengirim": e["pengirim"],
            "perihal": e["perihal"],
            "keterangan": e["disposisi"] or "-",
        }
        for e in entries
    ]


def judul(nama_kantor: str, tahun: int) -> str:
    return f"BUKU AGENDA SURAT MASUK {nama_kantor.upper()} TAHUN {tahun}"


def ke_xlsx(entries: list, nama_kantor: str, tahun: int) -> bytes:
    from .agenda import xlsx

    return xlsx(baris(entries), KOLOM, judul(nama_kantor, tahun), f"Surat masuk {tahun}")


def tanggal_iso(text: str, label: str) -> dt.date:
    """A date as the clerk types it (2026-11-20 or 20-11-2026); DesaError naming the option."""
    text = (text or "").strip()
    for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise DesaError(f"{label} '{text}' bukan tanggal; tulis seperti 2026-11-20.")
