"""Time a non-interactive `desa ajukan` on an empty register and on five years of history.

Run by hand, not by CI:  python bench/ajukan.py [--runs 15] [--per-tahun 10000]
Builds two offices in a temporary folder: one empty, one with 5 years x 10,000 applications
(each with its event, hash-chained, and the applicants' index), then times the whole process
`desa ajukan domisili --data ... --ada semua` in each. The issue's target: full <= 2 x empty.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from desa_cli import kantor, katalog, register, storage  # noqa: E402

ISIAN = """\
nik: "3505014708900001"
nama: Siti Aminah
tempat_lahir: Blitar
tanggal_lahir: "1990-08-07"
jenis_kelamin: P
agama: Islam
status_perkawinan: Kawin
pekerjaan: Petani
alamat: Jl. Melati No. 12 RT 01 RW 02, Dusun Krajan
keperluan: Melamar pekerjaan di pabrik
"""


def build_office(folder: Path, years: list, per_year: int, setelah=None, basis_data: str | None = None) -> None:
    """An office whose register holds `per_year` applications in each of `years`, taken through the
    register's own code (one transaction a month, to be quick), so the files are what `desa` writes.
    `setelah(reg, record, office)`, when given, is called after each application instead of
    withdrawing the past months' ones (bench/periksa.py prints letters there). `basis_data`: the
    register in that PostgreSQL database instead (as `desa init --basis-data` makes it; bench/register_pg.py)."""
    values = {"tingkat": "desa", "provinsi": "Jawa Timur", "kabupaten": "Blitar", "kecamatan": "Ponggok",
              "desa": "Bacem", "kode_wilayah": "35.05.06.2006", "kepala": "Suyanto",
              "alamat": "Jl. Raya Bacem No. 1"}  # fmt: skip
    if basis_data:
        from desa_cli import storage_pg

        storage_pg.buat_skema(basis_data)
        values["basis_data"] = basis_data
    kantor.buat(folder, values)
    office = kantor.muat(kantor.LokasiKantor(folder, "bench"))
    if basis_data:
        from desa_cli import meja, storage_pg

        # The office standard first, dated before the history, as desa init records it.
        first = dt.datetime(min(years, default=2026), 1, 1, 7)
        os.environ["DESA_WAKTU"] = first.isoformat()  # else the server's clock, after the history
        meja.terbitkan(office, "bench", first, "bench")
        del os.environ["DESA_WAKTU"]

        def transaksi():
            return storage_pg.TransaksiPG(basis_data)
    else:

        def transaksi():
            return storage.Transaksi(office.data_folder)

    calendar = office.kalender()
    layanan = katalog.load([katalog.bundled_folder()]).layanan["keterangan-domisili"]
    ada = {p["kode"] for p in layanan.data["persyaratan"]}
    per_month = per_year // 12
    for year in years:
        for month in range(1, 13):
            count = per_month if month < 12 else per_year - 11 * per_month
            with transaksi() as tx:
                for i in range(count):
                    # in order through the month: time never goes back in a real chain (periksa checks it)
                    when = dt.datetime(year, month, 1 + i * 28 // count, 8) + dt.timedelta(seconds=i)
                    reg = register.Register(tx, "sari", when, calendar, kode_wilayah=office.data["kode_wilayah"])
                    serial = (year * 12 + month + i * 7) % 9999 + 1
                    pemohon = {
                        "nik": f"35050101{(i % 12) + 1:02d}90{serial:04d}", "nama": f"Warga Nomor {serial}",
                        "tempat_lahir": "Blitar", "tanggal_lahir": f"1990-{(i % 12) + 1:02d}-01",
                        "jenis_kelamin": "L", "agama": "Islam", "status_perkawinan": "Kawin", "pekerjaan": "Petani",
                        "kewarganegaraan": "WNI", "alamat": "Jl. Melati No. 12 RT 01 RW 02, Dusun Krajan, Desa Bacem",
                    }  # fmt: skip
                    record = reg.ajukan(layanan, pemohon, {"keperluan": "Melamar pekerjaan di pabrik"}, ada)
                    if setelah is not None:
                        setelah(reg, record, office)
                    elif (year, month) < (2026, 11):
                        reg.akhiri(record["noreg"], "batal", "selesai diurus (data uji)", ("lengkap",))


def perintah_desa(folder: Path, args: list, waktu: str = "2026-11-20T10:00:00") -> tuple:
    """(command line, environment) of `desa ARGS` in the office at `folder`: the `desa` on PATH,
    else `python -m desa_cli`."""
    desa = shutil.which("desa")
    cmd = ([desa] if desa else [sys.executable, "-m", "desa_cli"]) + list(args)
    return cmd, {**os.environ, "DESA_KANTOR": str(folder), "DESA_WAKTU": waktu, "DESA_PETUGAS": "bench"}


def time_desa(folder: Path, args: list, runs: int) -> list:
    """Seconds of each of `runs` whole `desa ARGS` processes in `folder`, fastest first, after one
    warm-up run (.pyc, holidays cache, disk cache). Exits with its output when the warm-up fails."""
    cmd, env = perintah_desa(folder, args)
    first = subprocess.run(cmd, check=False, env=env, capture_output=True, text=True)
    if first.returncode != 0:
        sys.exit(f"desa {' '.join(args)} failed:\n{first.stdout[-3000:]}{first.stderr[-2000:]}")
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, env=env, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return sorted(times)


def time_ajukan(folder: Path, data: Path, runs: int) -> list:
    return time_desa(folder, ["ajukan", "domisili", "--data", str(data), "--ada", "semua", "--json"], runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--per-tahun", type=int, default=10000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        data = tmp / "isian.yaml"
        data.write_text(ISIAN, encoding="utf-8")
        build_office(tmp / "kosong", [], 0)
        start = time.perf_counter()
        build_office(tmp / "penuh", [2022, 2023, 2024, 2025, 2026], args.per_tahun)
        data_dir = tmp / "penuh" / "data"
        size = sum(p.stat().st_size for p in data_dir.rglob("*.json"))
        month = sum(p.stat().st_size for p in data_dir.glob("*-2026-11.json"))
        print(f"built 5 x {args.per_tahun} applications in {time.perf_counter() - start:.0f} s; "
              f"register {size / 1e6:.0f} MB in all, {month / 1e6:.1f} MB for this month")  # fmt: skip
        empty = time_ajukan(tmp / "kosong", data, args.runs)
        full = time_ajukan(tmp / "penuh", data, args.runs)
    laporkan((("empty register", empty), ("5 years, 50,000 applications", full)), "full/empty", 2.0)


def laporkan(rows, name: str, target: float) -> None:
    """Each labelled run's median, min and max, then the ratio of the second to the first."""
    for label, times in rows:
        print(f"desa ajukan, {label:<32} median {statistics.median(times) * 1000:6.0f} ms   "
              f"min {times[0] * 1000:5.0f}   max {times[-1] * 1000:5.0f}")  # fmt: skip
    ratio = statistics.median(rows[1][1]) / statistics.median(rows[0][1])
    print(f"ratio {name}: {ratio:.2f} (target <= {target:.2f}: {'OK' if ratio <= target else 'TOO SLOW'})")


if __name__ == "__main__":
    main()
