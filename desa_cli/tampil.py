"""How services look on the clerk's screen (rich), shared by the commands that show them.

Imported only inside commands: rich costs start-up time that `--help` and `--json` need not pay.
"""

from __future__ import annotations

import os
import re
import unicodedata

from rich import box
from rich.console import Console, Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from .katalog import ISIAN_PEMOHON, Layanan, dilayani_di, teks_persyaratan
from .peristiwa import ringkas_peristiwa

_BUKAN_ASCII_CETAK = re.compile(r"[^\x20-\x7e]")


def terlihat(value) -> str:
    """Stored text with every control or invisible character (kept by versions before these were
    refused, or typed into a file by hand) written out as \\x1b or \\u202e: nothing stored can send
    an escape sequence to the terminal or reorder what the clerk reads."""
    from .isian import KATEGORI_TERLARANG, SPASI

    def kode(match) -> str:
        char = match.group()
        if char not in SPASI and unicodedata.category(char) not in KATEGORI_TERLARANG:
            return char
        number = ord(char)
        return f"\\x{number:02x}" if number < 0x100 else f"\\u{number:04x}" if number < 0x10000 else f"\\U{number:08x}"

    return _BUKAN_ASCII_CETAK.sub(kode, str(value))


def aman(value) -> Text:
    """Stored text for a table or a grid: visible characters only, and never read as rich markup."""
    return Text(terlihat(value))


def console(stderr: bool = False) -> Console:
    # highlight=False: rich would otherwise colour numbers and URLs at random in Indonesian prose.
    out = Console(stderr=stderr, highlight=False)
    if not out.is_terminal and "COLUMNS" not in os.environ:
        out.width = 120  # into a file or a pipe nothing limits the width; tables read better wide
    return out


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
    """A requirement in the words of katalog.teks_persyaratan; what follows its name dimmed."""
    text = Text("")
    if not item.get("wajib", True):
        text.append("(tidak wajib) ", style="yellow")
    wording = Text(teks_persyaratan(item))
    wording.stylize("dim", len(item["nama"]))
    return text + wording


def _bernomor(items: list, persyaratan: list | None = None) -> Table:
    """Numbered lines; for requirements, their code (what `--ada` takes) in a dim column."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", no_wrap=True)
    if persyaratan:
        grid.add_column(style="dim cyan", no_wrap=True)
    grid.add_column()
    for number, item in enumerate(items, 1):
        cells = [f"{number}.", *([persyaratan[number - 1]["kode"]] if persyaratan else []), item]
        grid.add_row(*cells)
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
    info = [f"Tingkat: {layanan.tingkat}", f"Dilayani di {dilayani_di(layanan)}", f"Jenis: {data['jenis']}"]
    if layanan.alias:
        info.insert(0, "Ketik juga: " + ", ".join(layanan.alias))
    parts = [head, Text(" · ".join(info), style="dim"), Text(data["ringkasan"])]
    if data.get("catatan"):
        parts.append(Text("Catatan: ", style="bold yellow") + Text(data["catatan"]))
    wajib = sum(1 for item in data["persyaratan"] if item["wajib"])
    parts += [
        _bagian(f"Persyaratan ({wajib} wajib)"),
        Padding(_bernomor([_berkas(item) for item in data["persyaratan"]], data["persyaratan"]), (0, 0, 0, 1)),
        _bagian("Prosedur"),
        Padding(_bernomor(data["prosedur"]), (0, 0, 0, 1)),
        _bagian("Waktu, biaya dan produk"),
        Padding(
            baris(
                [
                    ("Waktu penyelesaian:", layanan.waktu_teks),
                    ("Biaya:", layanan.biaya_teks),
                    ("Produk:", data["produk"]),
                ]
            ),
            (0, 0, 0, 1),
        ),
        _bagian("Pengaduan"),
        Padding(_butir(data["pengaduan"]), (0, 0, 0, 1)),
        _bagian("Dasar hukum"),
        Padding(_butir(data["dasar_hukum"]), (0, 0, 0, 1)),
    ]
    if data["isian"]:
        parts += [_bagian("Isian (desa ajukan --isi NAMA=...)"), _isian(data["isian"])]
        wajib = set(data.get("pemohon_wajib") or ())
        names = [f["nama"] + ("" if f["wajib"] or f["nama"] in wajib else "*") for f in ISIAN_PEMOHON]
        pemohon = Text(f"Ditambah data pemohon: {', '.join(names)} (* boleh kosong)", style="dim")
        parts.append(Padding(pemohon, (0, 0, 0, 1)))
    parts.append(Text("\nKode di kiri persyaratan dipakai dengan: desa ajukan --ada KODE,KODE", style="dim"))
    return Group(*parts)


def _isian(fields: list) -> Padding:
    """The service's own fields: the name `--isi` takes (dim), the label, whether required."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="cyan", no_wrap=True)
    grid.add_column()
    for item in fields:
        label = Text(item["label"])
        if not item.get("wajib", True):
            label.append(" (tidak wajib)", style="yellow")
        if item.get("kolom"):
            label.append(" — kolom: " + ", ".join(k["nama"] for k in item["kolom"]), style="dim")
        grid.add_row(item["nama"], label)
    return Padding(grid, (0, 0, 0, 1))


def baris(rows: list) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    for label, value in rows:
        grid.add_row(label, value)
    return grid


def tenggat_teks(record: dict) -> str:
    from .kalender import hari_tanggal

    if record.get("tenggat"):
        return f"{hari_tanggal(record['tenggat'])} ({record['hari_kerja']} hari kerja sejak berkas lengkap)"
    return f"dihitung setelah berkas lengkap ({record['hari_kerja']} hari kerja)"


def tanda_terima(record: dict, nama_kantor: str, biaya_teks: str) -> Group:
    """The receipt the clerk reads out (or prints) for the applicant."""
    from .kalender import hari_tanggal
    from .nik import samarkan

    diterima = [p for p in record["persyaratan"] if p["ada"]]
    kurang = [p for p in record["persyaratan"] if not p["ada"]]
    rows = [
        ("No. registrasi", Text(record["noreg"], style="bold")),
        ("Tanggal", f"{hari_tanggal(record['diterima'][:10])}, pukul {record['diterima'][11:16]}"),
        ("Layanan", aman(record["layanan_nama"])),
        ("Pemohon", aman(f"{record['pemohon']['nama']} (NIK {samarkan(record['pemohon']['nik'])})")),
        ("Biaya", biaya_teks),
        (
            "Status",
            Text(record["status"].replace("_", " "), style="green" if record["status"] == "lengkap" else "yellow"),
        ),
        ("Selesai paling lambat", tenggat_teks(record)),
        ("Petugas", aman(record["petugas"])),
    ]
    parts = [Text(f"TANDA TERIMA PERMOHONAN — {nama_kantor}", style="bold underline"), baris(rows)]
    if diterima:
        parts.append(Text("\nBerkas diterima", style="bold"))
        parts.append(_bernomor([Text("✓ ", style="green") + Text(p["nama"]) for p in diterima]))
    if kurang:
        parts.append(Text("\nBerkas belum diserahkan", style="bold"))
        parts.append(
            _bernomor(
                [
                    Text("✗ ", style="red")
                    + Text(p["nama"])
                    + Text(f"  (kode {p['kode']}{'' if p['wajib'] else ', tidak wajib'})", style="dim")
                    for p in kurang
                ]
            )
        )
        if any(p["wajib"] for p in kurang):
            parts.append(
                Text(f"Serahkan berkas yang kurang dengan: desa lengkapi {record['noreg']} --ada KODE", style="dim")
            )
    return Group(*parts)


def tabel_daftar(records: list, sisa: dict) -> Table:
    """The queue: priority services first, then in arrival order; overdue ones in red."""
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for name, kwargs in (
        ("No. reg", {"no_wrap": True, "style": "bold"}),
        ("Diterima", {"no_wrap": True}),
        ("Layanan", {"min_width": 12}),
        ("Pemohon", {"min_width": 12}),
        ("Status", {"no_wrap": True}),
        ("Tenggat", {"no_wrap": True}),
        ("Sisa", {"justify": "right", "no_wrap": True}),
    ):
        table.add_column(name, **kwargs)
    for record in records:
        left = sisa.get(record["noreg"])
        style = ""
        if left is None:
            sisa_teks = "-"
        elif left < 0:
            sisa_teks, style = f"lewat {-left} hk", "bold red"
        elif left == 0:
            sisa_teks, style = "hari ini", "yellow"
        else:
            sisa_teks = f"{left} hk"
        table.add_row(
            aman(record["noreg"]),
            aman(pendek(record["diterima"][:10])),
            aman(record["layanan"]),
            aman(record["pemohon"]["nama"]),
            aman(record["status"].replace("_", " ") + (", prioritas" if record.get("prioritas") else "")),
            aman(pendek(record["tenggat"])) if record.get("tenggat") else "-",
            sisa_teks,
            style=style,
        )
    return table


def permohonan(record: dict, riwayat: list, labels: dict) -> Group:
    """One application whole: data, checklist, status, deadline, history."""
    from .kalender import tanggal

    def nilai(value) -> str:
        if isinstance(value, list):
            return "; ".join(", ".join(str(v) for v in row.values()) for row in value)
        if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
            try:
                return tanggal(value)
            except ValueError:
                return value
        return str(value)

    head = Text(f"{terlihat(record['noreg'])}  ", style="bold") + aman(record["layanan_nama"])
    status = record["status"].replace("_", " ")
    if record.get("alasan"):
        status += f" — alasan: {record['alasan']}"
    rows = [
        ("Status", aman(status)),
        ("Diterima", aman(f"{tanggal(record['diterima'][:10])}, pukul {record['diterima'][11:16]} oleh "
                          f"{record['petugas']}")),
        ("Tenggat", aman(tenggat_teks(record))),
    ]  # fmt: skip
    if record.get("prioritas"):  # the lawful priority (prioritas.py), with its group for the clerk
        from .prioritas import GRUP

        rows.append(("Prioritas", aman(GRUP.get(record["prioritas"], str(record["prioritas"])))))
    if record.get("surat"):
        from .penandatangan import ringkas

        surat = record["surat"]
        rows.append(("Surat", aman(f"{surat['nomor']}, {tanggal(surat['tanggal'])}")))
        rows.append(("Penandatangan", aman(ringkas(surat.get("penandatangan")))))
    data_rows = [(aman(labels.get(k, k)), aman(nilai(v))) for k, v in {**record["pemohon"], **record["isian"]}.items()]
    checklist = [
        (Text("✓ ", style="green") if p["ada"] else Text("✗ ", style="red"))
        + aman(p["nama"])
        + Text(terlihat(f"  ({p['kode']})") + ("" if p["wajib"] else ", tidak wajib"), style="dim")
        for p in record["persyaratan"]
    ]
    history = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    history.add_column("Waktu", no_wrap=True)
    history.add_column("Petugas")
    history.add_column("Peristiwa")
    for event in riwayat:
        history.add_row(aman(event["waktu"][:16].replace("T", " ")), aman(event["petugas"]), aman(event["aksi"]))
    return Group(
        head,
        baris(rows),
        Text("\nData pemohon", style="bold"),
        baris(data_rows),
        Text("\nPersyaratan", style="bold"),
        _bernomor(checklist),
        Text("\nRiwayat", style="bold"),
        history,
    )


class _Lebar:
    """A renderable that builds itself for the width it is given (rich calls __rich_console__)."""

    def __init__(self, buat):
        self.untuk = buat  # untuk(width) -> the table for that many columns

    def __rich_console__(self, console, options):
        yield self.untuk(options.max_width)


def buku(entries: list, tahun: int) -> _Lebar:
    """The outgoing-letter book of one year; cancelled numbers struck through. Under 100 columns
    the number carries its noreg under it, the name its masked NIK, the short date the status:
    numbers, noregs and names stay whole at 80 columns (only the service code may wrap)."""
    return _Lebar(lambda width: _buku(entries, tahun, width))


def _buku(entries: list, tahun: int, width: int) -> Table:
    from .nik import samarkan

    # One space of padding, one of divider: two between columns, not three.
    table = Table(title=f"Buku surat keluar {tahun}", title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False,
                  padding=(0, 1, 0, 0))  # fmt: skip
    sempit = width < 118  # the wide form needs about 115 columns with a 26-character name
    if sempit:
        heads = ("No.", "Nomor surat / No. reg, tanggal", "Layanan", "Pemohon / NIK")
    else:
        heads = ("No.", "Nomor surat", "No. reg", "Tanggal", "Layanan", "Pemohon", "NIK")
    for name in heads:
        table.add_column(name, min_width=8, overflow="fold") if name == "Layanan" else table.add_column(
            name, no_wrap=True
        )
    for entry in entries:
        batal = entry["status"] == "batal"
        if entry.get("asal") == "luar":  # made outside desa (desa buku catat): to whom, what
            nama, nik, kode = entry["tujuan"][:30], "", (entry["perihal"],)
            entry = {**entry, "noreg": "luar"}
        else:
            nama, nik, kode = entry["nama"], samarkan(entry["nik"]), _potong_kode(entry["layanan"])
        if entry.get("penandatangan"):  # who signed, under the service (the column folds)
            kode += (f"ttd {entry['penandatangan']['nama']}",)
        if sempit:  # the noreg and the date (dd-mm-yy: the year is the book's) under the number
            noreg_tanggal = f"{entry.get('noreg', '')}  {pendek(entry['tanggal'])[:6]}{entry['tanggal'][2:4]}"
            cells = [
                (entry["urut"],),
                (entry["nomor"], noreg_tanggal + ("  batal" if batal else "")),
                kode,
                (nama, nik),
            ]
        else:  # a cancelled number: "batal" under its date
            tanggal = (pendek(entry["tanggal"]),) + (("batal",) if batal else ())
            cells = [(entry["urut"],), (entry["nomor"],), (entry.get("noreg", ""),), tanggal, kode, (nama,), (nik,)]
        # One line per stored value, each made visible on its own (a newline in a value stays \x0a).
        table.add_row(*(Text("\n").join(aman(line) for line in cell) for cell in cells),
                      style="dim strike" if batal else "")  # fmt: skip
    return table


def _potong_kode(kode: str, lebar: int = 12) -> tuple:
    """A service code in lines of at most `lebar` characters, broken after its hyphens only
    (`keterangan-` / `domisili`), never inside a word."""
    lines: list = []
    for part in str(kode).replace("-", "-\0").split("\0"):
        if lines and len(lines[-1]) + len(part) <= lebar:
            lines[-1] += part
        else:
            lines.append(part)
    return tuple(lines)


def riwayat(events: list) -> Table:
    """Events of the register: who did what and when, each summed up in a sentence."""
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for name in ("No.", "Waktu", "Petugas", "Peristiwa", "No. reg", "Keterangan"):
        table.add_column(name, no_wrap=name != "Keterangan")
    for event in events:
        cells = (event["urut"], event["waktu"][:16].replace("T", " "), event["petugas"], event["aksi"], event["noreg"])
        table.add_row(*map(aman, cells), Text(ringkas_peristiwa(event)))
    return table


def laporan(rows: list, judul: str, per_kantor: bool = False) -> Table:
    """The service report: one row per service (and office), the total in bold, late ones in red,
    and the register's chain head(s) under it."""
    from .laporan import KOLOM

    table = Table(title=judul, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    table.caption = "hk: hari kerja dari berkas lengkap sampai surat dicetak"
    # The chain head(s): a printed report is an outside witness of the register.
    heads = dict.fromkeys(
        f"{row['kantor']}: {row['rantai']}" if per_kantor else row["rantai"] for row in rows if row.get("rantai")
    )
    if heads:
        table.caption += "\n" + "\n".join(heads)
    if per_kantor:
        table.add_column("Kantor", no_wrap=True)
    table.add_column("Layanan", ratio=1, min_width=12, overflow="fold")
    for _, label in KOLOM:
        table.add_column(label, justify="right", no_wrap=True, min_width=len(label))
    for row in rows:
        total = row["layanan"] == "jumlah"
        # The total says "Jumlah" once, in the first column; a village's file is untrusted input.
        cells = ["Jumlah" if total else aman(row["kantor"])] if per_kantor else []
        cells.append(
            "" if total and per_kantor else "Jumlah" if total else aman(row["layanan"])
        )  # the code clerks type
        for key, _ in KOLOM:
            value = row[key]
            cells.append("-" if value is None else (f"{value:.1f}" if isinstance(value, float) else str(value)))
        style = "bold" if row["layanan"] == "jumlah" else ("red" if row["terlambat"] else "")
        table.add_row(*cells, style=style)
    return table


def aduan(records: list) -> Table:
    """Complaints with their time limits; overdue ones in red."""
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for name in ("Nomor", "Diterima", "Pelapor", "Aduan", "Status", "Tanggapan s.d.", "Selesai s.d.", "Terlambat"):
        table.add_column(name, no_wrap=name not in ("Aduan", "Pelapor"))
    for r in records:
        cells = (
            r["nomor"],
            pendek(r["diterima"][:10]),
            r["pelapor"],
            r["isi"],
            r["status"],
            pendek(r["batas_tanggapan"]),
            pendek(r["batas_selesai"]),
            ", ".join(r["terlambat"]) or "-",
        )
        table.add_row(*map(aman, cells), style="bold red" if r["terlambat"] else "")
    return table


def hasil_survei(result: dict, nama_kantor: str) -> Table:
    """The survey's index per element (the totals follow as plain lines)."""
    from .survei import nilai_unsur

    table = Table(title=f"Indeks Kepuasan Masyarakat {nama_kantor}, {result['periode']}", title_justify="left",
                  box=box.SIMPLE_HEAD, pad_edge=False)  # fmt: skip
    table.add_column("No.", justify="right")
    table.add_column("Unsur")
    table.add_column("NRR", justify="right")
    table.add_column("Nilai (25-100)", justify="right")
    for number, row in enumerate(result["unsur"], 1):
        table.add_row(str(number), row["label"], *nilai_unsur(row))
    return table


def pendek(iso: str) -> str:
    """`20-11-2026`: a table column has no room for month names."""
    return f"{iso[8:10]}-{iso[5:7]}-{iso[0:4]}"
