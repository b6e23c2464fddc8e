"""Time `desa cetak` of one letter, and `desa cetak --semua` of 200 letters (.docx only).

Run by hand, not by CI:  python bench/cetak.py [--runs 10] [--semua 200]
Targets (issue 4): one letter under 500 ms as a whole process; 200 letters under 30 s.
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

PEMOHON = {
    "nik": "3505014708900001", "nama": "Siti Aminah", "tempat_lahir": "Blitar", "tanggal_lahir": "1990-08-07",
    "jenis_kelamin": "P", "agama": "Islam", "status_perkawinan": "Kawin", "pekerjaan": "Petani",
    "kewarganegaraan": "WNI", "alamat": "Jl. Melati No. 12 RT 01 RW 02, Dusun Krajan",
}  # fmt: skip


def office_with(folder: Path, count: int) -> list:
    kantor.buat(
        folder,
        {"tingkat": "desa", "provinsi": "Jawa Timur", "kabupaten": "Blitar", "kecamatan": "Ponggok",
         "desa": "Bacem", "kode_wilayah": "35.05.06.2006", "kepala": "Suyanto", "alamat": "Jl. Raya Bacem 1"},
    )  # fmt: skip
    office = kantor.muat(kantor.LokasiKantor(folder, "bench"))
    layanan = katalog.load([katalog.bundled_folder()]).layanan["keterangan-domisili"]
    with storage.Transaksi(office.data_folder) as tx:
        reg = register.Register(tx, "bench", dt.datetime(2026, 11, 23, 9), office.kalender())
        ada = {p["kode"] for p in layanan.data["persyaratan"]}
        return [reg.ajukan(layanan, PEMOHON, {"keperluan": "Melamar kerja"}, ada)["noreg"] for _ in range(count)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--semua", type=int, default=200)
    args = parser.parse_args()
    desa = shutil.which("desa")
    base = [desa] if desa else [sys.executable, "-m", "desa_cli"]
    with tempfile.TemporaryDirectory() as tmp:
        one = Path(tmp) / "satu"
        noregs = office_with(one, args.runs + 1)
        env = {**os.environ, "DESA_KANTOR": str(one), "DESA_WAKTU": "2026-11-23T10:00:00"}
        subprocess.run([*base, "cetak", noregs[0]], env=env, check=True, capture_output=True)  # warm caches
        times = []
        for noreg in noregs[1:]:
            start = time.perf_counter()
            subprocess.run([*base, "cetak", noreg], env=env, check=True, capture_output=True)
            times.append(time.perf_counter() - start)
        times.sort()
        median = statistics.median(times) * 1000
        print(f"desa cetak NOREG (one letter)   median {median:5.0f} ms   min {times[0] * 1000:5.0f}   "
              f"max {times[-1] * 1000:5.0f}   target < 500 ms: {'OK' if median < 500 else 'TOO SLOW'}")  # fmt: skip
        many = Path(tmp) / "banyak"
        office_with(many, args.semua)
        env["DESA_KANTOR"] = str(many)
        start = time.perf_counter()
        subprocess.run([*base, "cetak", "--semua"], env=env, check=True, capture_output=True)
        took = time.perf_counter() - start
        print(f"desa cetak --semua ({args.semua} letters)  {took:5.1f} s   "
              f"target < 30 s: {'OK' if took < 30 else 'TOO SLOW'}")  # fmt: skip


if __name__ == "__main__":
    main()
