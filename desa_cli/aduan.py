"""Complaints (pengaduan, saran dan masukan): the yearly books `aduan-<tahun>.json` and their time limits.

Written through the Register's transaction: each change is also an event of the one chain
(`aduan_catat`, `aduan_tanggapi`, `aduan_selesai`), which `desa periksa` replays.
The `desa aduan` commands are in perintah/aduan.py.
"""

from __future__ import annotations

import datetime as dt
import re

from .register import PermohonanTidakAda, Register, TidakBoleh

_NOMOR = re.compile(r"ADU-(\d{4})-(\d{1,6})")


def catat(reg: Register, data: dict, batas: dict) -> dict:
    """A complaint with its number and its time limits (working days from today)."""
    from .isian import PANJANG_ADUAN, PANJANG_ALAMAT, PANJANG_NAMA, teks_aman

    data = {
        **data,
        "pelapor": teks_aman(data["pelapor"] or "", "Nama pelapor", PANJANG_NAMA),
        "kontak": teks_aman(data.get("kontak") or "", "Kontak pelapor", PANJANG_ALAMAT),
        "isi": teks_aman(data["isi"] or "", "Isi aduan", PANJANG_ADUAN),
    }
    if not data["pelapor"] or not data["isi"]:
        raise TidakBoleh("Nama pelapor dan isi aduan wajib diisi.")
    tahun = reg.sekarang.year
    urut = reg.nomor_berikut("aduan", tahun)
    today = reg.sekarang.date()
    record = {
        "nomor": f"ADU-{tahun}-{urut:04d}",
        "diterima": reg.sekarang.isoformat(timespec="seconds"),
        **data,
        "batas_tanggapan": reg.kalender.tenggat(today, batas["tanggapan_awal"]).isoformat(),
        "batas_selesai": reg.kalender.tenggat(today, batas[data["kelas"]]).isoformat(),
        "status": "baru",
        "tanggapan": [],
        "selesai_pada": None,
        "petugas": reg.petugas,
    }
    book = reg.tx.read(f"aduan-{tahun}")
    book.setdefault("aduan", {})[str(urut)] = record
    reg.tx.write(f"aduan-{tahun}", book)
    # A copy: the book entry changes later (ubah) and the event must keep what was received.
    reg.catat_peristiwa("aduan_catat", record["nomor"], dict(record))
    return record


def _cari(reg: Register, nomor: str) -> tuple:
    """(book name, book, record) of a complaint number such as ADU-2026-0001."""
    match = _NOMOR.fullmatch(nomor.strip().upper())
    if not match:
        raise PermohonanTidakAda(f"'{nomor}' bukan nomor aduan; bentuknya seperti ADU-2026-0001.")
    name = f"aduan-{match.group(1)}"
    book = reg.tx.read(name)
    record = book.get("aduan", {}).get(str(int(match.group(2))))
    if record is None:
        raise PermohonanTidakAda(f"Aduan {nomor.upper()} tidak ada. Lihat 'desa aduan daftar'.")
    return name, book, record


def ubah(reg: Register, nomor: str, aksi: str, isi: str | None, alasan: str | None = None) -> dict:
    """Answer a complaint (aksi 'aduan_tanggapi') or close it ('aduan_selesai'). A complaint is
    closed only after a response was recorded, or with the reason it is closed without one
    (`alasan`, kept on the complaint and in its event, so the audit's replay stays the same)."""
    name, book, record = _cari(reg, nomor)
    if record["status"] == "selesai":
        raise TidakBoleh(f"Aduan {record['nomor']} sudah selesai.")
    from .isian import PANJANG_ADUAN, teks_aman

    label = "Isi tanggapan" if aksi == "aduan_tanggapi" else "Isi penyelesaian"
    isi = teks_aman(isi or "", label, PANJANG_ADUAN)
    alasan = teks_aman(alasan or "", "Alasan", PANJANG_ADUAN)
    if aksi == "aduan_tanggapi" and not isi:
        raise TidakBoleh('Isi tanggapan wajib diisi (--isi "...").')
    # A response recorded earlier, not the --isi of this same command: closing must not be the
    # first the complainant hears (the first response has its own time limit).
    if aksi == "aduan_selesai" and not record["tanggapan"] and not alasan:
        raise TidakBoleh(
            f"Aduan {record['nomor']} belum pernah ditanggapi; catat tanggapan dulu dengan "
            f"'desa aduan tanggapi {record['nomor']} --isi \"...\"', atau sebutkan alasan "
            'menutupnya tanpa tanggapan (--alasan "...").'
        )
    perubahan = {}
    if aksi == "aduan_selesai" and alasan:
        perubahan["alasan_selesai"] = alasan
    if isi:
        perubahan["tanggapan"] = record["tanggapan"] + [
            {"waktu": reg.sekarang.isoformat(timespec="seconds"), "petugas": reg.petugas, "isi": isi}
        ]
    perubahan["status"] = "selesai" if aksi == "aduan_selesai" else "ditanggapi"
    if aksi == "aduan_selesai":
        perubahan["selesai_pada"] = reg.sekarang.isoformat(timespec="seconds")
    record.update(perubahan)
    reg.tx.write(name, book)
    reg.catat_peristiwa(aksi, record["nomor"], perubahan)
    return record


def daftar(reg: Register) -> list:
    """All complaints of all years, in the order they came."""
    records = []
    for name in reg.tx.daftar("aduan-"):
        records.extend(reg.tx.read(name).get("aduan", {}).values())
    return sorted(records, key=lambda r: r["diterima"])


def terlambat(record: dict, hari_ini: dt.date) -> list:
    """Which of a complaint's time limits have passed unmet: 'tanggapan awal', 'penyelesaian'."""
    late = []
    if record["status"] == "baru" and hari_ini > dt.date.fromisoformat(record["batas_tanggapan"]):
        late.append("tanggapan awal")
    if record["status"] != "selesai" and hari_ini > dt.date.fromisoformat(record["batas_selesai"]):
        late.append("penyelesaian")
    return late
