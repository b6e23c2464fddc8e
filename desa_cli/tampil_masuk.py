"""How the incoming-letter book looks on the clerk's screen (rich)."""

from __future__ import annotations

from rich import box
from rich.table import Table

from .tampil import aman, pendek


def surat_masuk(entries: list, tahun: int) -> Table:
    """The buku agenda surat masuk of one year, by agenda number."""
    table = Table(title=f"Buku agenda surat masuk {tahun}", title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    for name in ("No.", "Diterima", "Nomor surat", "Tanggal", "Pengirim", "Perihal", "Disposisi"):
        table.add_column(name, no_wrap=name in ("No.", "Diterima", "Tanggal"))
    for e in entries:
        cells = (
            str(e["urut"]),
            pendek(e["tanggal_terima"]),
            e["nomor_surat"],
            pendek(e["tanggal_surat"]),
            e["pengirim"],
            e["perihal"],
            e["disposisi"] or "-",
        )
        table.add_row(*map(aman, cells))
    return table
