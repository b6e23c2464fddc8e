"""Time and weigh `desa penduduk impor` of a large kelurahan, and `desa ajukan --nik` beside it.

Run by hand, not by CI:  python bench/penduduk.py [--jumlah 50000] [--runs 15]
Writes a generated population (tests/penduduk_contoh.py: families of Kecamatan Ponggok) as
OpenSID's workbook, the SIAK export and a CSV; imports each into a new office as a whole process,
reporting wall time and peak memory (the process's maximum resident set); imports the workbook
again over the data (a re-import); then times `desa ajukan domisili --nik NIK` in that office
against the same application typed in full in an office without population data.
The issue's targets: import under 60 s and 300 MB; ajukan within 1.5 x of the office without.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

import penduduk_contoh as contoh  # noqa: E402
from ajukan import ISIAN, build_office, laporkan, perintah_desa, time_desa  # noqa: E402


def _peak_child(cmd: list, env: dict) -> tuple:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    out, err = proc.stdout.read(), proc.stderr.read()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{err.decode()[-2000:]}")
    return seconds, usage.ru_maxrss / 1024, out


def impor(folder: Path, berkas: Path) -> tuple:
    return _peak_child(*perintah_desa(folder, ["penduduk", "impor", str(berkas), "--json"], "2026-11-20T09:00:00"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jumlah", type=int, default=50000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        start = time.perf_counter()
        people = contoh.penduduk(args.jumlah)
        files = {
            "OpenSID .xlsx": tmp / "opensid.xlsx",
            "SIAK .xlsx": tmp / "siak.xlsx",
            "OpenSID .csv": tmp / "opensid.csv",
        }
        contoh.tulis_xlsx(files["OpenSID .xlsx"], contoh.OPENSID_KOLOM, (contoh.baris_opensid(o) for o in people))
        contoh.tulis_xlsx(files["SIAK .xlsx"], contoh.SIAK_KOLOM, (contoh.baris_siak(o) for o in people), "Sheet1")
        contoh.tulis_csv(files["OpenSID .csv"], contoh.OPENSID_KOLOM, (contoh.baris_opensid(o) for o in people))
        print(f"wrote {args.jumlah:,} residents in 3 files in {time.perf_counter() - start:.0f} s")
        for label, path in files.items():
            office = tmp / f"kantor-{path.stem}-{path.suffix[1:]}"
            build_office(office, [], 0)
            seconds, peak, _ = impor(office, path)
            size = path.stat().st_size / 1e6
            print(f"impor {label:<14} {size:5.1f} MB: {seconds:5.1f} s, peak {peak:4.0f} MB "
                  f"(target < 60 s, < 300 MB: {'OK' if seconds < 60 and peak < 300 else 'NOT MET'})")  # fmt: skip
        office = tmp / "kantor-opensid-xlsx"
        seconds, peak, _ = impor(office, files["OpenSID .xlsx"])
        print(f"re-impor OpenSID .xlsx over {args.jumlah:,}: {seconds:5.1f} s, peak {peak:4.0f} MB")
        stored = list((office / "data" / "penduduk").glob("*.json"))
        size = sum(p.stat().st_size for p in stored)
        print(f"population data stored: {size / 1e6:.1f} MB in {len(stored)} files")
        build_office(tmp / "tanpa", [], 0)
        data = tmp / "isian.yaml"
        data.write_text(ISIAN, encoding="utf-8")
        without = time_desa(tmp / "tanpa", ["ajukan", "domisili", "--data", str(data), "--ada", "semua", "--json"],
                            args.runs)  # fmt: skip
        nik = people[len(people) // 2]["nik"]
        with_data = time_desa(office, ["ajukan", "domisili", "--nik", nik, "--isi", "keperluan=Melamar kerja",
                                       "--ada", "semua", "--json"], args.runs)  # fmt: skip
    rows = (("no population data, typed", without), (f"{args.jumlah:,} residents, --nik", with_data))
    laporkan(rows, "with/without population data", 1.5)


if __name__ == "__main__":
    main()
