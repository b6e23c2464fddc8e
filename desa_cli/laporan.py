"""The service report: per service (and per village at a kecamatan) how much came in, how much was
finished, how much on time, how long it took, and what is still open or overdue."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import statistics
from pathlib import Path

from .ekspor import baca_sel, sel_aman, sel_xlsx
from .kesalahan import DesaError
from .register import LABEL_STATUS, TERBUKA

KOLOM = (
    ("diterima", "Diterima"),
    ("selesai", "Selesai"),
    ("tepat_waktu", "Tepat waktu"),
    ("persen_tepat", "% tepat"),
    ("median_hari_kerja", "Median hk"),
    ("ditolak", "Ditolak"),
    ("batal", "Batal"),
    ("terbuka", "Terbuka"),
    ("terlambat", "Terlambat"),
)


def dari_permohonan(record: dict, kantor: str = "") -> dict:
    """A report row from an application in the register."""
    surat = record.get("surat") or {}
    return {
        "kantor": kantor,
        "layanan": record["layanan"],
        "layanan_nama": record["layanan_nama"],
        "status": record["status"],
        "diterima": record["diterima"][:10],
        "lengkap_pada": record.get("lengkap_pada") or "",
        "tenggat": record.get("tenggat") or "",
        "tanggal_surat": surat.get("tanggal", ""),
    }


STATUS = tuple(LABEL_STATUS)  # the register's statuses, named in one place
# An export file comes from another office: its dates must be real days, in order, and near
# enough to today that counting working days up to them stays cheap.
TANGGAL_PALING_AWAL = dt.date(2000, 1, 1)
TENGGAT_PALING_JAUH = 7 * 365 + 366  # days from complete to due: the longest service time (kalender)


def periksa_baris_ekspor(row: dict, hari_ini: dt.date | None = None) -> str | None:
    """Why one export row cannot be counted, or None when it can."""
    for key in ("kantor", "layanan", "layanan_nama", "status", "diterima", "lengkap_pada", "tenggat", "tanggal_surat"):
        if row[key] is not None and not isinstance(row[key], str):
            return f"kolom {key} harus berupa teks"
    if row["status"] not in STATUS:
        return f"status '{row['status']}' tidak dikenal (yang ada: {', '.join(STATUS)})"
    days = {}
    for key in ("diterima", "lengkap_pada", "tenggat", "tanggal_surat"):
        text = (row[key] or "")[:10]
        if not text:
            continue
        try:
            days[key] = dt.date.fromisoformat(text)
        except ValueError:
            return f"{key} '{text}' bukan tanggal yang ada (tulis seperti 2026-11-23)"
        if days[key] < TANGGAL_PALING_AWAL or (hari_ini is not None and days[key] > hari_ini + dt.timedelta(days=1)):
            return f"{key} {text} di luar rentang yang mungkin (2000 sampai hari ini)"
    if "diterima" not in days:
        return "diterima tidak boleh kosong"
    order = (("lengkap_pada", "diterima", "berkas lengkap"), ("tanggal_surat", "lengkap_pada", "surat"))
    for later, earlier, what in order:
        if later in days and earlier in days and days[later] < days[earlier]:
            return f"{what} bertanggal {days[later]} sebelum {earlier} {days[earlier]}"
    if "tanggal_surat" in days and "lengkap_pada" not in days:
        return "ada tanggal_surat tetapi lengkap_pada kosong; surat hanya dicetak untuk berkas lengkap"
    if row["status"] in ("selesai", "diambil") and "tanggal_surat" not in days:
        return f"status {row['status']} tanpa tanggal_surat"
    if "tenggat" in days:
        if "lengkap_pada" not in days:
            return "ada tenggat tetapi lengkap_pada kosong"
        if not 0 <= (days["tenggat"] - days["lengkap_pada"]).days <= TENGGAT_PALING_JAUH:
            return f"tenggat {days['tenggat']} tidak cocok dengan lengkap_pada {days['lengkap_pada']}"
    return None


def baca_ekspor(path: Path, hari_ini: dt.date | None = None) -> list:
    """Report rows from a village's `desa ekspor` file (CSV or JSON Lines); a row that cannot be
    true (a date that does not exist, an unknown status, a letter before its file was complete)
    refuses the file, naming the row."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise DesaError(f"Berkas {path} tidak terbaca ({exc}).") from None
    try:
        if path.suffix.lower() in (".jsonl", ".json"):
            rows = [json.loads(line) for line in text.splitlines() if line.strip()]
        else:
            # The cells `ekspor` wrote with a leading ' against formulas get their own values back.
            rows = [
                {k: baca_sel(v) if isinstance(v, str) else v for k, v in row.items()}
                for row in csv.DictReader(io.StringIO(text))
            ]
    except (ValueError, csv.Error) as exc:
        raise DesaError(f"Berkas {path} bukan hasil 'desa ekspor' ({exc}).") from None
    needed = {"kantor", "layanan", "layanan_nama", "status", "diterima", "lengkap_pada", "tenggat", "tanggal_surat"}
    optional = ("rantai",)  # the village's chain head; files of older versions have none
    for number, row in enumerate(rows, 1):
        if not isinstance(row, dict) or not needed <= set(row):
            missing = sorted(needed - set(row)) if isinstance(row, dict) else ["semua kolom"]
            raise DesaError(f"Berkas {path}, baris data ke-{number}: kolom {', '.join(missing)} tidak ada.")
        why = periksa_baris_ekspor(row, hari_ini)
        if why:
            raise DesaError(
                f"Berkas {path}, baris data ke-{number}: {why}. Minta desa mengirim ulang hasil 'desa ekspor'."
            )
    return [
        {
            **{key: (row[key] or "")[:10] if key in ("diterima",) else (row[key] or "") for key in needed},
            **{key: str(row.get(key) or "") for key in optional},
        }
        for row in rows
    ]


def ujung_per_kantor(rows: list) -> dict:
    """Each office's newest chain head among its export rows (the one with the most events)."""
    from .saksi import baca_ujung

    best: dict = {}
    for row in rows:
        heads = baca_ujung(row.get("rantai") or "")
        if heads and heads[0][1] >= best.get(row["kantor"], (0, ""))[0]:
            best[row["kantor"]] = (heads[0][1], row["rantai"])
    return {kantor: text for kantor, (_, text) in best.items()}


def _hitung_satu(rows: list, kalender, hari_ini: dt.date) -> dict:
    done = [r for r in rows if r["tanggal_surat"] and r["status"] in ("selesai", "diambil")]
    on_time = [r for r in done if r["tenggat"] and r["tanggal_surat"] <= r["tenggat"]]
    days = [
        kalender.sisa(dt.date.fromisoformat(r["lengkap_pada"]), dt.date.fromisoformat(r["tanggal_surat"]))
        for r in done
        if r["lengkap_pada"]
    ]
    open_rows = [r for r in rows if r["status"] in TERBUKA]
    late = [r for r in open_rows if r["tenggat"] and kalender.sisa(hari_ini, dt.date.fromisoformat(r["tenggat"])) < 0]
    return {
        "diterima": len(rows),
        "selesai": len(done),
        "tepat_waktu": len(on_time),
        "persen_tepat": round(100 * len(on_time) / len(done), 1) if done else None,
        "median_hari_kerja": statistics.median(days) if days else None,
        "ditolak": sum(r["status"] == "ditolak" for r in rows),
        "batal": sum(r["status"] == "batal" for r in rows),
        "terbuka": len(open_rows),
        "terlambat": len(late),
    }


def hitung(rows: list, kalender, hari_ini: dt.date, per_kantor: bool = False) -> list:
    """One row per service (per village and service with `per_kantor`), then the total."""
    groups: dict = {}
    for row in rows:
        key = (row["kantor"], row["layanan"]) if per_kantor else (row["layanan"],)
        groups.setdefault(key, []).append(row)
    result = []
    for key in sorted(groups):
        group = groups[key]
        head = {"kantor": key[0]} if per_kantor else {}
        head.update({"layanan": group[0]["layanan"], "layanan_nama": group[0]["layanan_nama"]})
        result.append({**head, **_hitung_satu(group, kalender, hari_ini)})
    total = {"kantor": "Jumlah"} if per_kantor else {}
    total.update({"layanan": "jumlah", "layanan_nama": "Jumlah"})
    result.append({**total, **_hitung_satu(rows, kalender, hari_ini)})
    return result


def ke_csv(rows: list) -> bytes:
    if not rows:
        return b""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows({key: sel_aman(value) for key, value in row.items()} for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def nama_wilayah(kantor) -> str:
    """The office with the regions above it, for a report's heading: `Desa Bacem, Kecamatan
    Ponggok, Kabupaten Blitar`."""
    from .wilayah import nama_kabupaten

    d = kantor.data
    parts = [kantor.nama]
    if kantor.tingkat != "kecamatan":
        parts.append(f"Kecamatan {d['kecamatan']}")
    parts.append(nama_kabupaten(d["kabupaten"], d.get("kode_wilayah")))
    return ", ".join(parts)


def nama_bulan(bulan: str) -> str:
    """`2026-11` as `November 2026`."""
    from .kalender import NAMA_BULAN

    year, month = bulan.split("-")[:2]
    return f"{NAMA_BULAN[int(month) - 1]} {year}"


def periode_baris(rows: list) -> str:
    """The months the rows were received in, in words: `November 2026`, `Oktober 2026 s.d.
    November 2026`; empty without rows."""
    months = sorted({row["diterima"][:7] for row in rows if row.get("diterima")})
    if not months:
        return ""
    first, last = nama_bulan(months[0]), nama_bulan(months[-1])
    return first if first == last else f"{first} s.d. {last}"


LABEL_XLSX = dict(KOLOM) | {"kantor": "Kantor", "layanan": "Kode layanan", "layanan_nama": "Layanan"}
HURUF_XLSX = "Arial"  # LibreOffice prints it with its metric twin, Liberation Sans
CATATAN_HK = "hk: hari kerja dari berkas lengkap sampai surat dicetak"


def _baris_xlsx(row: dict, keys: list) -> list:
    """One table row's cells; the total says `Jumlah` once, in its first column."""
    if row["layanan"] == "jumlah":
        return ["Jumlah"] + [None if k in LABEL_XLSX and k not in dict(KOLOM) else _nilai(row, k) for k in keys[1:]]
    return [_nilai(row, k) for k in keys]


def _nilai(row: dict, key: str):
    value = row[key]
    return value / 100 if key == "persen_tepat" and value is not None else value


def _lebar_kolom(sheet, keys: list, first: int) -> None:
    """Each column as wide as its longest cell (service names are never cut), at most 60
    characters, wrapped beyond; numbers right, text left, all wrapped."""
    from openpyxl.styles import Alignment, Border, Side

    from .angka import angka

    thin = Side(style="thin", color="808080")

    for column, key in enumerate(keys, 1):
        cells = [sheet.cell(row=r, column=column) for r in range(first, sheet.max_row + 1)]
        longest = max(len(angka(c.value, 1) if isinstance(c.value, float) else str(c.value or "")) for c in cells[1:])
        longest = max(longest, *(len(word) for word in LABEL_XLSX.get(key, key).split()))
        sheet.column_dimensions[cells[0].column_letter].width = min(60, max(8, longest + 3))
        for cell in cells:
            side = "right" if key in dict(KOLOM) else "left"
            down = "bottom" if cell.row == first else "top"
            cell.alignment = Alignment(wrap_text=True, vertical=down, horizontal=side)
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)


# Excel's paper codes: 9 is A4; 14 is Folio 8.5 x 13 in (216 x 330 mm), the F4 of Indonesian offices.
KERTAS_XLSX = {"a4": 9, "f4": 14}


def _cetak_xlsx(sheet, header_row: int, kantor: str, periode: str, kertas: str) -> None:
    """One landscape page wide, as many pages long as needed; the table's header on every page,
    the office and the period at its top, the page number at its foot."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = KERTAS_XLSX.get(kertas, 9)
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.oddHeader.left.text = kantor.replace("&", "&&")
    sheet.oddHeader.right.text = periode.replace("&", "&&")
    sheet.oddFooter.right.text = "Halaman &P dari &N"
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)


def ke_xlsx(rows: list, judul: str, kantor: str = "", periode: str = "", kertas: str = "a4") -> bytes:
    """A real spreadsheet to print: the title, office and period above a table with a bold header
    and total, numbers as numbers (shown 1.234 and 50,0%), and the chain heads under it."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from .angka import NUMFMT_BULAT, NUMFMT_PERSEN, NUMFMT_SATU

    book = Workbook()
    sheet = book.active
    sheet.title = "Laporan"
    keys = [k for k in rows[0] if k != "rantai"]
    heading = [(judul, 14), (f"Kantor: {kantor}" if kantor else "", 11), (f"Periode: {periode}" if periode else "", 11)]
    for text, size in heading:
        sheet.append([text])
        sheet.cell(row=sheet.max_row, column=1).font = Font(name=HURUF_XLSX, bold=size > 11, size=size)
        sel_xlsx(sheet.cell(row=sheet.max_row, column=1))
    sheet.append([])
    sheet.append([LABEL_XLSX.get(k, k) for k in keys])
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = Font(name=HURUF_XLSX, bold=True)
    formats = {"persen_tepat": NUMFMT_PERSEN, "median_hari_kerja": NUMFMT_SATU}
    for row in rows:
        sheet.append(_baris_xlsx(row, keys))
        for key, cell in zip(keys, sheet[sheet.max_row], strict=True):
            sel_xlsx(cell)  # a village's name from its file is untrusted: text, never a formula
            cell.number_format = formats.get(key, NUMFMT_BULAT if key in dict(KOLOM) else "General")
            cell.font = Font(name=HURUF_XLSX, bold=row["layanan"] == "jumlah")
    _lebar_kolom(sheet, keys, header_row)
    for line in [CATATAN_HK, *dict.fromkeys(_rantai(row) for row in rows if row.get("rantai"))]:
        sheet.append([line])
        sheet.cell(row=sheet.max_row, column=1).font = Font(name=HURUF_XLSX, size=9)
        sel_xlsx(sheet.cell(row=sheet.max_row, column=1))
    _cetak_xlsx(sheet, header_row, kantor, periode, kertas)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _rantai(row: dict) -> str:
    # The chain head(s): a printed report is an outside witness of the register.
    return f"{row['kantor']}: {row['rantai']}" if row.get("kantor") else row["rantai"]


# The picture formats matplotlib writes without extra libraries, by the file name's ending.
FORMAT_GRAFIK = (".png", ".svg", ".pdf")


def _per_minggu(rows: list) -> tuple:
    """(Mondays, applications received, % finished on time or NaN) of every week with rows."""
    weeks: dict = {}
    for row in rows:
        day = dt.date.fromisoformat(row["diterima"])
        monday = day - dt.timedelta(days=day.weekday())
        weeks.setdefault(monday, []).append(row)
    if not weeks:
        raise DesaError("Tidak ada permohonan pada periode ini; grafik tidak dibuat.")
    days = sorted(weeks)
    shares = []
    for d in days:
        done = [r for r in weeks[d] if r["tanggal_surat"] and r["status"] in ("selesai", "diambil")]
        on_time = [r for r in done if r["tenggat"] and r["tanggal_surat"] <= r["tenggat"]]
        shares.append(100 * len(on_time) / len(done) if done else float("nan"))
    return days, [len(weeks[d]) for d in days], shares


# A week's bar never wider than an eighth of the chart; at most about 13 dates under it (a
# quarter's Mondays), so a year's labels do not run into each other.
MINGGU_PALING_SEDIKIT = 8
LABEL_PALING_BANYAK = 13


def gambar_grafik(rows: list, judul: str):
    """The chart as a matplotlib figure (for `grafik`, and for tests that measure it): bars of
    the same width for one week or fifty-two, the legend under the axes, never over the bars."""
    import matplotlib

    matplotlib.use("Agg")  # no screen needed
    import matplotlib.pyplot as plt
    import matplotlib.ticker

    from .kalender import NAMA_BULAN

    days, received, shares = _per_minggu(rows)
    where = list(range(len(days)))
    fig, ax = plt.subplots(figsize=(9, 4.5), dpi=100, constrained_layout=True)
    ax.bar(where, received, width=0.7, color="#4C78A8", label="Permohonan diterima")
    pad = max(0, MINGGU_PALING_SEDIKIT - len(days)) / 2
    ax.set_xlim(-0.6 - pad, len(days) - 0.4 + pad)
    ax.set_ylim(0, max(received) * 1.1)
    step = -(-len(days) // LABEL_PALING_BANYAK)  # ceiling
    ax.set_xticks(where[::step], [f"{d.day} {NAMA_BULAN[d.month - 1][:3]}" for d in days[::step]])
    ax.set_ylabel("Permohonan per minggu")
    ax.yaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    ax.set_xlabel("Minggu mulai (Senin)")
    share_ax = ax.twinx()
    share_ax.plot(where, shares, color="#E45756", marker="o", markersize=4 if len(days) > 20 else 6,
                  label="% selesai tepat waktu")  # fmt: skip
    share_ax.set_ylim(0, 105)
    share_ax.set_ylabel("% tepat waktu")
    share_ax.yaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(decimals=0))
    ax.set_title(judul)
    handles = ax.get_legend_handles_labels()[0] + share_ax.get_legend_handles_labels()[0]
    # Under the axes, outside them: it covers no bar whatever the data.
    ax.legend(handles, [h.get_label() for h in handles], loc="upper center", bbox_to_anchor=(0.5, -0.2),
              ncol=2, frameon=False)  # fmt: skip
    return fig


def grafik(rows: list, path: Path, judul: str) -> bytes:
    """Applications received per week (bars) and the share finished on time (line), as the bytes
    of a picture in the format that `path`'s ending names; the caller writes them."""
    import matplotlib.pyplot as plt

    fig = gambar_grafik(rows, judul)
    out = io.BytesIO()
    fig.savefig(out, format=Path(path).suffix.lower().lstrip(".") or "png")
    plt.close(fig)
    return out.getvalue()
