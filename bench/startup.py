"""Time `desa syarat izin-keramaian` as a whole process, against `python -c pass`.

Run by hand, not by CI:  python bench/startup.py [--runs 30]
Uses the `desa` on PATH (install with `pip install .` first), else `python -m desa_cli`.
Prints the median and the spread of each command, to the screen (a terminal, as a clerk sees
it, through a pseudo-terminal) and into a pipe.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time


def _drain(fd: int) -> None:
    try:
        while os.read(fd, 65536):
            pass
    except OSError:
        pass


def run_once(cmd: list, terminal: bool) -> float:
    if terminal:
        import pty

        master, slave = pty.openpty()
        reader = threading.Thread(target=_drain, args=(master,), daemon=True)
        reader.start()
        start = time.perf_counter()
        proc = subprocess.run(cmd, check=False, stdin=subprocess.DEVNULL, stdout=slave, stderr=slave)
        elapsed = time.perf_counter() - start
        os.close(slave)
        reader.join(timeout=2)
        os.close(master)
    else:
        start = time.perf_counter()
        proc = subprocess.run(cmd, check=False, stdin=subprocess.DEVNULL, capture_output=True)
        elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} keluar dengan kode {proc.returncode}")
    return elapsed


def measure(label: str, cmd: list, runs: int, terminal: bool) -> float:
    run_once(cmd, terminal)  # warm the disk cache and .pyc files
    times = sorted(run_once(cmd, terminal) for _ in range(runs))
    median = statistics.median(times) * 1000
    print(f"{label:<46} median {median:6.1f} ms   min {times[0] * 1000:6.1f}   max {times[-1] * 1000:6.1f}")
    return median


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    desa = shutil.which("desa")
    base = [desa] if desa else [sys.executable, "-m", "desa_cli"]
    print(f"desa: {' '.join(base)}   python: {sys.version.split()[0]}   runs: {args.runs}")
    measure("python -c pass", [sys.executable, "-c", "pass"], args.runs, False)
    measure("desa --help", [*base, "--help"], args.runs, False)
    target = measure("desa syarat izin-keramaian (terminal)", [*base, "syarat", "izin-keramaian"], args.runs, True)
    measure("desa syarat izin-keramaian (pipe)", [*base, "syarat", "izin-keramaian"], args.runs, False)
    measure("desa syarat keramaian --json", [*base, "syarat", "keramaian", "--json"], args.runs, False)
    measure("desa layanan (terminal)", [*base, "layanan"], args.runs, True)
    print(f"target: desa syarat izin-keramaian under 200 ms: {'OK' if target < 200 else 'TOO SLOW'}")


if __name__ == "__main__":
    main()
