"""Time `desa syarat izin-keramaian` as a whole process, against `python -c pass`.

Run by hand, not by CI:  python bench/startup.py [--runs 30]
Uses the `desa` on PATH (install with `pip install .` first), else `python -m desa_cli`.
Prints the median and the spread of each command, to the screen (a terminal, as a clerk sees
it, through a pseudo-terminal) and into a pipe: wall time, and CPU time (user+sys of the whole
process, from getrusage(RUSAGE_CHILDREN)), which other work on the machine disturbs less.
`desa syarat` runs against the bundled catalogue and against --layanan N services (an office
folder whose katalog/ has copies of bundled files under new codes), with the catalogue cache
(katalog_simpan.py) warm and without it.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path


def _drain(fd: int) -> None:
    try:
        while os.read(fd, 65536):
            pass
    except OSError:
        pass


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_once(cmd: list, terminal: bool) -> tuple:
    """(wall seconds, CPU seconds) of one run."""
    cpu = _cpu()
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
    return elapsed, _cpu() - cpu


def measure(label: str, cmd: list, runs: int, terminal: bool) -> float:
    """Prints wall and CPU time; returns the median CPU milliseconds."""
    run_once(cmd, terminal)  # warm the disk cache, .pyc files and the catalogue cache
    results = [run_once(cmd, terminal) for _ in range(runs)]
    wall = sorted(r[0] * 1000 for r in results)
    cpu = sorted(r[1] * 1000 for r in results)
    print(
        f"{label:<50} wall median {statistics.median(wall):6.1f} ms (min {wall[0]:6.1f})"
        f"   CPU median {statistics.median(cpu):6.1f} ms (min {cpu[0]:6.1f})"
    )
    return statistics.median(cpu)


def office_with(total: int, folder: Path) -> int:
    """An office folder whose katalog/ brings the catalogue to `total` services: copies of the
    bundled files under new codes (no aliases, which must stay unique). Returns the total."""
    import yaml

    from desa_cli.katalog import bundled_folder

    bundled = sorted(bundled_folder().glob("*.yaml"))
    (folder / "katalog").mkdir(parents=True, exist_ok=True)
    for n in range(max(0, total - len(bundled))):
        source = bundled[n % len(bundled)]
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
        data["kode"] = f"{source.stem}-salinan-{n + 1}"
        data["alias"] = []
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        (folder / "katalog" / f"{data['kode']}.yaml").write_text(text, encoding="utf-8")
    old = time.time() - 60  # cached only once left alone for a few seconds (katalog_simpan.py)
    for path in (folder / "katalog").iterdir():
        os.utime(path, (old, old))
    return max(total, len(bundled))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--layanan", type=int, default=45, help="services in the larger catalogue")
    args = parser.parse_args()
    desa = shutil.which("desa")
    base = [desa] if desa else [sys.executable, "-m", "desa_cli"]
    print(f"desa: {' '.join(base)}   python: {sys.version.split()[0]}   runs: {args.runs}")
    measure("python -c pass", [sys.executable, "-c", "pass"], args.runs, False)
    measure("desa --help", [*base, "--help"], args.runs, False)
    syarat = [*base, "syarat", "izin-keramaian"]
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DESA_CACHE"] = str(Path(tmp) / "cache")
        os.environ["DESA_KANTOR"] = str(Path(tmp) / "kosong")
        (Path(tmp) / "kosong").mkdir()
        measure("desa syarat izin-keramaian (terminal)", syarat, args.runs, True)
        measure("desa syarat izin-keramaian (pipe)", syarat, args.runs, False)
        measure("desa syarat keramaian --json", [*base, "syarat", "keramaian", "--json"], args.runs, False)
        measure("desa layanan (terminal)", [*base, "layanan"], args.runs, True)
        total = office_with(args.layanan, Path(tmp) / "kantor")
        os.environ["DESA_KANTOR"] = str(Path(tmp) / "kantor")
        target = measure(f"desa syarat, {total} layanan (terminal)", syarat, args.runs, True)
        os.environ["DESA_CACHE"] = "/dev/null/tanpa-cache"  # never written: every run reads every file
        measure(f"desa syarat, {total} layanan, tanpa cache (terminal)", syarat, args.runs, True)
    print(f"target: desa syarat with {total} services under 150 ms CPU: {'OK' if target < 150 else 'TOO SLOW'}")


if __name__ == "__main__":
    main()
