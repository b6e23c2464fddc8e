"""The service report: per service (and per village at a kecamatan) how much came in, how much was
finished, how much on time, how long it took, and what is still open or overdue."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import statistics
from pathlib import Path

from .kesalahan import DesaError
from .register import TERBUKA

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


def baca_ekspor(path: Path) -> list:
    """Report rows from a village's `desa ekspor` file (CSV or JSON Lines)."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise DesaError(f"Berkas {path} tidak terbaca ({exc}).") from None
    try:
        if path.suffix.lower() in (".jsonl", ".json"):
            rows = [json.loads(line) for line in text.splitlines() if line.strip()]
        else:
            rows = list(csv.DictReader(io.StringIO(text)))
    except (ValueError, csv.Error) as exc:
        raise DesaError(f"Berkas {path} bukan hasil 'desa ekspor' ({exc}).") from None
    needed = {"kantor", "layanan", "layanan_nama", "status", "diterima", "lengkap_pada", "tenggat", "tanggal_surat"}
    optional = ("rantai",)  # the village's chain head; files of older versions have none
    for number, row in enumerate(rows, 1):
        if not isinstance(row, dict) or not needed <= set(row):
            missing = sorted(needed - set(row)) if isinstance(row, dict) else ["semua kolom"]
            raise DesaError(f"Berkas {path}, baris data ke-{number}: kolom {', '.join(missing)} tidak ada.")
    return [
        {
            **{key: (row[key] or "")[:10] if key in ("diterima",) else (row[key] or "") for key in needed},
            **{key: str(row.get(key) or "") for key in optional},
        }
        for row in rows
    ]


def ujung_per_kantor(rows: list) -> dict:
    """Each office's newest chain head among its export rows (the one with the most events)."""
    from .audit import baca_ujung

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
    writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def ke_xlsx(rows: list, judul: str) -> bytes:
    """A real spreadsheet: a bold header row, numbers as numbers, the share as a percentage."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Laporan"
    sheet.append([judul])
    sheet["A1"].font = Font(bold=True, size=12)
    keys = list(rows[0])
    labels = dict(KOLOM) | {"kantor": "Kantor", "layanan": "Kode layanan", "layanan_nama": "Layanan"}
    labels["rantai"] = "Rantai catatan"
    sheet.append([labels.get(k, k) for k in keys])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        values = [row[k] / 100 if k == "persen_tepat" and row[k] is not None else row[k] for k in keys]
        sheet.append(values)
    formats = {"persen_tepat": "0.0%", "median_hari_kerja": "0.0"}
    for column, key in enumerate(keys, 1):
        letter = sheet.cell(row=2, column=column).column_letter
        sheet.column_dimensions[letter].width = max(12, min(40, len(labels.get(key, key)) + 4))
        for cell in sheet[letter][2:]:
            cell.number_format = formats.get(key, "0" if key in dict(KOLOM) else "General")
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A3"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def grafik(rows: list, path: Path, judul: str) -> None:
    """Applications received per week (bars) and the share finished on time (line)."""
    import matplotlib

    matplotlib.use("Agg")  # no screen needed
    import matplotlib.pyplot as plt
    import matplotlib.ticker

    weeks: dict = {}
    for row in rows:
        day = dt.date.fromisoformat(row["diterima"])
        monday = day - dt.timedelta(days=day.weekday())
        weeks.setdefault(monday, []).append(row)
    if not weeks:
        raise DesaError("Tidak ada permohonan pada periode ini; grafik tidak dibuat.")
    days = sorted(weeks)
    received = [len(weeks[d]) for d in days]
    shares = []
    for d in days:
        done = [r for r in weeks[d] if r["tanggal_surat"] and r["status"] in ("selesai", "diambil")]
        on_time = [r for r in done if r["tenggat"] and r["tanggal_surat"] <= r["tenggat"]]
        shares.append(100 * len(on_time) / len(done) if done else float("nan"))
    labels = [f"{d.day}/{d.month}" for d in days]
    fig, ax = plt.subplots(figsize=(9, 4.5), dpi=100)
    ax.bar(labels, received, color="#4C78A8", label="Permohonan diterima")
    ax.set_ylabel("Permohonan per minggu")
    ax.yaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    ax.set_xlabel("Minggu mulai (Senin)")
    share_ax = ax.twinx()
    share_ax.plot(labels, shares, color="#E45756", marker="o", label="% selesai tepat waktu")
    share_ax.set_ylim(0, 105)
    share_ax.set_ylabel("% tepat waktu")
    ax.set_title(judul)
    handles = ax.get_legend_handles_labels()[0] + share_ax.get_legend_handles_labels()[0]
    ax.legend(handles, [h.get_label() for h in handles], loc="upper left")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
