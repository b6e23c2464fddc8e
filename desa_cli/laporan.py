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
        for cell in sheet[sheet.max_row]:
            sel_xlsx(cell)  # a village's name from its file is untrusted: text, never a formula
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


# The picture formats matplotlib writes without extra libraries, by the file name's ending.
FORMAT_GRAFIK = (".png", ".svg", ".pdf")


def grafik(rows: list, path: Path, judul: str) -> bytes:
    """Applications received per week (bars) and the share finished on time (line), as the bytes
    of a picture in the format that `path`'s ending names; the caller writes them."""
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
    out = io.BytesIO()
    fig.savefig(out, format=Path(path).suffix.lower().lstrip(".") or "png")
    plt.close(fig)
    return out.getvalue()
