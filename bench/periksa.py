"""Time `desa periksa` on five years of a busy office: 50,000 applications with their events,
letters, the letter book, the archive, complaints and survey answers.

Run by hand, not by CI:  python bench/periksa.py [--runs 3] [--per-tahun 10000]
The register is built by bench/ajukan.py's builder, through the register's own code; each
application gets its letter (a small archive file stands in for the .docx, so the archive check
reads and hashes 50,000 files as it would in an office), the past months' letters are handed over,
and every 50th application brings a complaint and a survey answer. The issue's target: < 10 s.
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ajukan import build_office, time_desa  # the same register builder and timer, not copies

from desa_cli import aduan, survei

JAWABAN = dict.fromkeys(("persyaratan", "prosedur", "waktu", "biaya", "produk", "kompetensi", "perilaku",
                         "pengaduan", "sarana"), 3)  # fmt: skip
BATAS = {"tanggapan_awal": 3, "informasi": 5, "tanpa_pemeriksaan": 10, "pemeriksaan_lapangan": 30}


def print_letter(reg, record, office) -> None:
    """What `desa cetak` records, without rendering a template: the number, the archive file, the book."""
    today = reg.sekarang.date()
    urut = reg.nomor_berikut("surat", today.year)
    relative = f"arsip/{today.year}/{record['noreg']}.docx"
    content = f"surat {urut} {record['noreg']}".encode()
    path = office.folder / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    surat = {"nomor": f"470/{urut:05d}/{office.data['kode_wilayah']}/{today.year}", "urut": urut,
             "tanggal": today.isoformat(), "kode_verifikasi": f"K{urut:05d}-{today.year}", "penandatangan": {},
             "templat": "surat.docx", "versi_katalog": record["versi_katalog"], "berkas": relative,
             "sha256": hashlib.sha256(content).hexdigest()}  # fmt: skip
    reg.catat_surat(reg.ambil(record["noreg"]), surat)
    if (today.year, today.month) < (2026, 11):
        reg.serahkan(record["noreg"])
    if int(record["noreg"][-5:]) % 50 == 0:
        aduan.catat(reg, {"pelapor": "Warga", "kontak": None, "layanan": record["layanan"], "noreg": record["noreg"],
                         "isi": "Antrean lama", "kelas": "informasi"}, BATAS)  # fmt: skip
        survei.catat(reg, record["layanan"], JAWABAN, {"usia": "30-39"})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--per-tahun", type=int, default=10000)
    parser.add_argument("--simpan", metavar="FOLDER", help="Build the office here and keep it; reuse it next time.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        office = Path(args.simpan) if args.simpan else Path(tmp) / "penuh"
        if not (office / "kantor.yaml").exists():
            start = time.perf_counter()
            build_office(office, [2022, 2023, 2024, 2025, 2026], args.per_tahun, setelah=print_letter)
            print(f"built 5 x {args.per_tahun} applications with letters in {time.perf_counter() - start:.0f} s")
        size = sum(p.stat().st_size for p in (office / "data").rglob("*.json"))
        print(f"register {size / 1e6:.0f} MB")
        times = time_desa(office, ["periksa"], args.runs)
    median = statistics.median(times)
    print(f"desa periksa, {5 * args.per_tahun:,} applications: median {median:.2f} s   min {times[0]:.2f}   "
          f"max {times[-1]:.2f} (target < 10 s: {'OK' if median < 10 else 'TOO SLOW'})")  # fmt: skip


if __name__ == "__main__":
    main()
