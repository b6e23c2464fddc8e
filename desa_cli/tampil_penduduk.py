"""How the population data looks on the clerk's screen (rich): search results, one resident, a family."""

from __future__ import annotations

from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text

from .pemohon import alamat_lengkap
from .tampil import aman, baris, pendek

LABEL = {
    "nik": "NIK", "no_kk": "No. KK", "nama": "Nama", "jenis_kelamin": "Jenis kelamin", "tempat_lahir": "Tempat lahir",
    "tanggal_lahir": "Tanggal lahir", "agama": "Agama", "status_perkawinan": "Status perkawinan",
    "pekerjaan": "Pekerjaan", "pendidikan": "Pendidikan", "kewarganegaraan": "Kewarganegaraan",
    "hubungan": "Hubungan dalam KK", "alamat": "Alamat", "desa": "Desa/Kelurahan", "nik_ayah": "NIK ayah",
    "nama_ayah": "Nama ayah", "nik_ibu": "NIK ibu", "nama_ibu": "Nama ibu", "status_dasar": "Status",
    "tidak_ada_sejak": "Tidak ada di impor sejak",
}  # fmt: skip


def _tanggal(iso) -> str:
    return pendek(iso) if iso else "-"


def daftar(people: list, judul_kk: bool = False) -> Table:
    """Residents in a table: one line each, the ones no longer living here marked."""
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    columns = ("Hubungan",) if judul_kk else ("No. KK",)
    for name in ("NIK", "Nama", "L/P", "Tgl lahir", *columns, "Alamat", "Status"):
        table.add_column(name, no_wrap=name in ("NIK", "No. KK", "L/P", "Tgl lahir"))
    for orang in people:
        extra = orang.get("hubungan") or "-" if judul_kk else orang.get("no_kk") or "-"
        cells = (
            orang["nik"],
            orang["nama"],
            orang.get("jenis_kelamin") or "-",
            _tanggal(orang.get("tanggal_lahir")),
            extra,
            alamat_lengkap(orang) or "-",
            orang.get("status_dasar") or "-",
        )
        hidup = orang.get("status_dasar") in (None, "Hidup")
        table.add_row(*map(aman, cells), style="" if hidup else "dim")
    return table


def orang(data: dict, keluarga: list) -> Group:
    """One resident, field by field, and the family of their KK."""
    rows = []
    for key, label in LABEL.items():
        value = data.get(key)
        if key == "alamat":
            value = alamat_lengkap(data)
        if key in ("tanggal_lahir", "tidak_ada_sejak") and value:
            value = pendek(value)
        if value not in (None, ""):
            rows.append((label, aman(value)))
    parts = [baris(rows)]
    if keluarga:
        parts += [Text(""), Text(f"Keluarga (KK {data.get('no_kk')}):", style="bold"), daftar(keluarga, True)]
    return Group(*parts)


def _angka(n: int) -> str:
    return f"{n:,}".replace(",", ".")  # Indonesian thousands: 50.000


def hasil_impor(summary: dict, nama_format: str) -> Table:
    rows = [
        ("Berkas", f"{summary['berkas']} ({nama_format})"),
        ("SHA-256", summary["sha256"]),
        ("Baris dibaca", _angka(summary["baris"])),
        ("Diimpor", _angka(summary["diterima"])),
        ("Baris ditolak", _angka(summary["ditolak"])),
        ("Penduduk baru", _angka(summary["baru"])),
        ("Diperbarui", _angka(summary["diperbarui"])),
        ("Tidak ada lagi di berkas", f"{_angka(summary['tidak_ada'])} (disimpan sebagai Pindah/Mati)"),
        ("Jumlah tersimpan", f"{_angka(summary['penduduk'])} penduduk, {_angka(summary['keluarga'])} keluarga"),
    ]
    return baris([(label, aman(value)) for label, value in rows])
