"""How services look on the clerk's screen (rich), shared by the commands that show them.

Imported only inside commands: rich costs start-up time that `--help` and `--json` need not pay.
"""

from __future__ import annotations

from rich import box
from rich.console import Console, Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from .katalog import Layanan


def console(stderr: bool = False) -> Console:
    # highlight=False: rich would otherwise colour numbers and URLs at random in Indonesian prose.
    return Console(stderr=stderr, highlight=False)


def cetak(renderable, out: Console | None = None) -> None:
    """Print to the screen; into a pipe or file, as plain lines without rich's trailing padding."""
    out = out or console()
    if out.is_terminal:
        out.print(renderable)
        return
    with out.capture() as captured:
        out.print(renderable)
    out.file.write("\n".join(line.rstrip() for line in captured.get().splitlines()) + "\n")


def tabel_layanan(daftar: list) -> Table:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("Kode", style="bold cyan", no_wrap=True)
    table.add_column("Nama layanan", ratio=1)
    table.add_column("Tingkat", no_wrap=True)
    table.add_column("Hari kerja", justify="right", no_wrap=True)
    table.add_column("Biaya", no_wrap=True)
    for layanan in daftar:
        biaya = layanan.data["biaya"]["tarif"]
        table.add_row(
            layanan.kode,
            layanan.nama,
            layanan.tingkat,
            str(layanan.hari_kerja),
            "Gratis" if biaya == 0 else layanan.biaya_teks,
        )
    return table


def _berkas(item: dict) -> Text:
    text = Text(item["nama"])
    detail = []
    if item.get("jumlah", 1) > 1:
        detail.append(f"{item['jumlah']} lembar")
    if item.get("bentuk"):
        detail.append(item["bentuk"])
    if detail:
        text.append(f" ({', '.join(detail)})", style="dim")
    if item.get("keterangan"):
        text.append(f"; {item['keterangan']}", style="dim")
    if not item.get("wajib", True):
        text.append("  [tidak wajib]", style="yellow")
    return text


def _bernomor(items: list) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column()
    for number, item in enumerate(items, 1):
        grid.add_row(f"{number}.", item)
    return grid


def _butir(items: list) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()
    for item in items:
        grid.add_row("•", item)
    return grid


def _bagian(judul: str) -> Text:
    return Text(f"\n{judul}", style="bold underline")


def standar_layanan(layanan: Layanan) -> Group:
    """The published part of the service standard, in the order PermenPAN-RB 15/2014 gives it."""
    data = layanan.data
    head = Text(layanan.nama, style="bold")
    head.append(f"  ({layanan.kode})", style="cyan")
    info = [f"Tingkat: {layanan.tingkat}", f"Jenis: {data['jenis']}"]
    if layanan.alias:
        info.insert(0, "Ketik juga: " + ", ".join(layanan.alias))
    parts = [head, Text(" · ".join(info), style="dim"), Text(data["ringkasan"])]
    if data.get("catatan"):
        parts.append(Text("Catatan: ", style="bold yellow") + Text(data["catatan"]))
    wajib = sum(1 for item in data["persyaratan"] if item["wajib"])
    parts += [
        _bagian(f"Persyaratan ({wajib} wajib)"),
        Padding(_bernomor([_berkas(item) for item in data["persyaratan"]]), (0, 0, 0, 1)),
        _bagian("Prosedur"),
        Padding(_bernomor(data["prosedur"]), (0, 0, 0, 1)),
        _bagian("Waktu, biaya dan produk"),
        Padding(
            _berlabel(
                [("Waktu penyelesaian", layanan.waktu_teks), ("Biaya", layanan.biaya_teks), ("Produk", data["produk"])]
            ),
            (0, 0, 0, 1),
        ),
        _bagian("Pengaduan"),
        Padding(_butir(data["pengaduan"]), (0, 0, 0, 1)),
        _bagian("Dasar hukum"),
        Padding(_butir(data["dasar_hukum"]), (0, 0, 0, 1)),
    ]
    return Group(*parts)


def _berlabel(rows: list) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    for label, value in rows:
        grid.add_row(f"{label}:", value)
    return grid
