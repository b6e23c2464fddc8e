"""Witnesses of the chain: the chain head as printed and exported ('Rantai …: N peristiwa, ujung …'),
reading it back from exports, reports, documents and witness files, and the audit's check that the
chain still holds the history the daily backups and the given witnesses saw.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from .audit_bentuk import _TANGGAL, _int, _loads, _text
from .kesalahan import DesaError

if TYPE_CHECKING:  # the findings object, defined with the audit itself
    from .audit import Hasil

# "Rantai 35.05.06.2006: 1.234 peristiwa, ujung 3f9a2c1b5d7e9f01" on reports, exports, documents.
_UJUNG = re.compile(r"Rantai(?: ([0-9][0-9.]*[0-9]))?: ([0-9][0-9.]*) peristiwa, ujung ([0-9a-f]{8,64})")


def _restores(events: list, data_folder: Path) -> list:
    """(urut, day) of each recorded restore, and the days of set-aside folders of older restores."""
    found = [(e["urut"], _text(e.get("waktu"))[:10]) for e in events if e.get("aksi") == "pulihkan"]
    for aside in data_folder.glob("rusak-*"):
        digits = re.match(r"rusak-(\d{4})(\d{2})(\d{2})", aside.name)
        if digits:
            found.append((0, "-".join(digits.groups())))
    return found


def _saksi(data_folder: Path, events: list, saksi: list, hasil: Hasil) -> None:
    """The daily backups' chain heads and the given witnesses' heads must still be in the chain."""
    by_urut = {e["urut"]: _text(e.get("hash")) for e in events}
    last = events[-1]["urut"] if events else 0
    restores = _restores(events, data_folder)
    count = 0
    for nomor_path in sorted((data_folder / "cadangan").glob("*/nomor.json")):
        day = nomor_path.parent.name
        if not _TANGGAL.fullmatch(day):
            continue
        try:
            head = _loads(nomor_path.read_bytes()).get("rantai")
            urut, hash_ = head["urut"], head["hash"]
        except Exception:  # a damaged backup is the restore's concern, not a witness
            continue
        if not _int(urut) or not isinstance(hash_, str):
            continue
        count += 1
        # A restore replaces the history after the backup it took: backups up to that day saw the old one.
        if by_urut.get(urut) == hash_ or any(p <= urut + 1 and day <= when for p, when in restores):
            continue
        if urut > last:
            hasil.salah(
                "saksi",
                f"Cadangan {day} mencatat {urut} peristiwa, register hanya {last}: peristiwa sesudah no. {last} "
                "dihapus.",
            )
        else:
            hasil.salah("saksi", f"Riwayat hingga peristiwa no. {urut} berbeda dari cadangan {day}: ada yang diubah.")
    by_label: dict = {}
    for label, urut, hash_ in saksi:
        by_label.setdefault(label, []).append((urut, hash_))
    for label, heads in by_label.items():
        count += len(heads)
        good = [u for u, h in heads if u <= last and by_urut.get(u, "").startswith(h)]
        bad = sorted(u for u, h in heads if not (u <= last and by_urut.get(u, "").startswith(h)))
        if not bad:
            continue
        first = bad[0]
        known = [u for u in good if u < first]
        if first > last:
            text = f"Saksi {label} mencatat {first} peristiwa, register hanya {last}: peristiwa sesudahnya dihapus."
        elif known:
            text = (f"Riwayat di antara peristiwa no. {max(known) + 1} dan no. {first} berbeda dari saksi {label}: "
                    "ada yang diubah sesudah saksi itu dibuat.")  # fmt: skip
        else:
            text = f"Riwayat hingga peristiwa no. {first} diubah: berbeda dari saksi {label}."
        if any(p and p <= first for p, _ in restores):
            text += " (Register pernah dipulihkan dari cadangan; riwayat sesudah cadangan itu memang diganti.)"
        hasil.salah("saksi", text)
    hasil.diperiksa["saksi"] = count


def teks_ujung(ujung: dict | None, kode_wilayah: str | None = None, penuh: bool = False) -> str:
    """The chain head as printed and exported: 'Rantai 35.05.06.2006: 1.234 peristiwa, ujung 3f9a…'.

    Printed documents carry 16 hex digits (64 bits: no one finds a forged chain that matches them),
    exports the whole hash."""
    if not ujung or not _int(ujung.get("urut")) or not isinstance(ujung.get("hash"), str):
        return ""
    count = f"{ujung['urut']:,}".replace(",", ".")
    where = f" {kode_wilayah}" if kode_wilayah else ""
    return f"Rantai{where}: {count} peristiwa, ujung {ujung['hash'] if penuh else ujung['hash'][:16]}"


def rantai_kantor(nomor: bytes | None, kode_wilayah: str | None) -> str:
    """The chain head text from the bytes of nomor.json, read without the register's lock (meja.
    nomor_mentah): for documents that do not otherwise touch the register. Empty when there is no
    readable register."""
    try:
        head = _loads(nomor).get("rantai")
    except (TypeError, ValueError, AttributeError):
        return ""
    return teks_ujung(head if isinstance(head, dict) else None, kode_wilayah)


def baca_ujung(text: str) -> list:
    """Every chain head written by `teks_ujung` in a text: (kode_wilayah or None, count, hash)."""
    return [(m.group(1), int(m.group(2).replace(".", "")), m.group(3)) for m in _UJUNG.finditer(text)]


def baca_saksi(path: Path, kode_wilayah: str | None) -> list:
    """The chain heads of this office in a witness: an export (CSV, JSON Lines), a report (CSV, XLSX),
    a printed document (.docx) or a file of `desa periksa --saksi-tulis`. (label, urut, hash)."""
    import zipfile

    try:
        raw = path.read_bytes()
        if raw[:2] == b"PK":  # .docx and .xlsx: the text lies in the XML parts
            with zipfile.ZipFile(path) as book:
                text = "\n".join(
                    book.read(name).decode("utf-8", "replace") for name in book.namelist() if name.endswith(".xml")
                )
        else:
            text = raw.decode("utf-8-sig", "replace")
    except (OSError, zipfile.BadZipFile) as exc:
        raise DesaError(f"Berkas saksi {path} tidak terbaca ({exc}).") from None
    heads = sorted({(n, h) for kode, n, h in baca_ujung(text) if kode is None or kode == kode_wilayah})
    if not heads:
        raise DesaError(
            f"Berkas saksi {path} tidak memuat ujung rantai kantor ini ({kode_wilayah}). Pakai berkas 'desa ekspor', "
            "laporan, atau 'desa periksa --saksi-tulis' dari kantor ini."
        )
    return [(path.name, n, h) for n, h in heads]


def tulis_saksi(hasil: Hasil, kantor_nama: str, kode_wilayah: str | None, waktu: str) -> bytes:
    """A witness file: the chain head and every TITIK_SAKSI-th event's hash, one line each."""
    lines = [f"Saksi rantai catatan peristiwa {kantor_nama}, dibuat {waktu}."]
    lines += [teks_ujung({"urut": u, "hash": h}, kode_wilayah, penuh=True) for u, h in hasil.titik]
    lines.append("Simpan di luar kantor. Periksa kelak dengan: desa periksa --saksi BERKAS")
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")
