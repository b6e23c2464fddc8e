"""Time a non-interactive `desa ajukan` with the register in PostgreSQL, against the register files.

Run by hand, not by CI:  python bench/register_pg.py [--runs 15] [--per-tahun 10000] [--url URL]
Builds three offices in a temporary folder through the register's own code (bench/ajukan.py's
build_office: one transaction a month, storage.Transaksi or storage_pg.TransaksiPG): (a) register
files, empty; (b) PostgreSQL, empty; (c) PostgreSQL with 5 years x 10,000 applications. Then times
the whole process `desa ajukan domisili --data ... --ada semua` in each (median of --runs, after one
warm-up). The targets: PG/files <= 1.5, PG full/PG empty <= 1.2.

The server: --url, the libpq URL of a database on a server where the role may CREATE DATABASE
(two databases are made there and dropped at the end); else a throwaway server of this machine's
PostgreSQL (tests/pg_uji.server_pg), with fsync and synchronous_commit back on, so that a commit
costs what it costs an office (the register files are fsynced too).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

from ajukan import ISIAN, build_office, laporkan, perintah_desa  # noqa: E402

YEARS = [2022, 2023, 2024, 2025, 2026]


def server_sendiri():
    """A throwaway server, durable like an office's: (admin URL, server)."""
    import psycopg
    from pg_uji import server_pg

    root = Path(tempfile.mkdtemp(prefix="desa-pg-", dir="/tmp" if Path("/tmp").is_dir() else None))
    server = server_pg(root)
    with psycopg.connect(server.dsn_admin, autocommit=True) as conn:
        for name in ("fsync", "synchronous_commit", "full_page_writes"):
            conn.execute(f"ALTER SYSTEM SET {name} = on")
        conn.execute("SELECT pg_reload_conf()")
    return server.dsn_admin, server


def bergantian(folders: list, data: Path, runs: int) -> list:
    """time_ajukan's figures for each office, the offices taken in turn within every round (the
    machine's speed drifts over a minute; taken one after the other, a drift would be a ratio)."""
    args = ["ajukan", "domisili", "--data", str(data), "--ada", "semua", "--json"]
    commands = [perintah_desa(folder, args) for folder in folders]
    times: list = [[] for _ in folders]
    for cmd, env in commands:  # warm-up: .pyc, holidays cache, disk cache
        done = subprocess.run(cmd, check=False, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            sys.exit(f"desa {' '.join(args)} failed:\n{done.stdout[-3000:]}{done.stderr[-2000:]}")
    for _ in range(runs):
        for i, (cmd, env) in enumerate(commands):
            start = time.perf_counter()
            subprocess.run(cmd, env=env, check=True, capture_output=True)
            times[i].append(time.perf_counter() - start)
    return [sorted(t) for t in times]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--per-tahun", type=int, default=10000)
    parser.add_argument("--url", help="libpq URL of a database on a server where this role may CREATE DATABASE")
    args = parser.parse_args()
    # An installed desa has its .pyc files (pip compiles them); without them every run compiles
    # ~50 modules (~50 ms) and the ratios shrink towards 1. The warm-up run writes them.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    from pg_uji import ServerPg

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        server = ServerPg(args.url) if args.url else server_sendiri()[1]
        try:
            import psycopg

            with psycopg.connect(server.dsn_admin) as conn:
                settings = {
                    name: conn.execute(f"SHOW {name}").fetchone()[0]
                    for name in ("server_version", "fsync", "synchronous_commit")
                }
            print(f"PostgreSQL {settings['server_version']}, fsync {settings['fsync']}, "
                  f"synchronous_commit {settings['synchronous_commit']}")  # fmt: skip
            data = tmp / "isian.yaml"
            data.write_text(ISIAN, encoding="utf-8")
            build_office(tmp / "berkas", [], 0)
            build_office(tmp / "pg-kosong", [], 0, basis_data=server.baru("bench_kosong"))
            start = time.perf_counter()
            full = server.baru("bench_penuh")
            build_office(tmp / "pg-penuh", YEARS, args.per_tahun, basis_data=full)
            with psycopg.connect(full) as conn:
                size = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]
            print(f"built 5 x {args.per_tahun} applications in PostgreSQL in {time.perf_counter() - start:.0f} s; "
                  f"database {size / 1e6:.0f} MB")  # fmt: skip
            start = time.perf_counter()
            cmd, env = perintah_desa(tmp / "pg-penuh", ["periksa", "--json"])
            audited = subprocess.run(cmd, env=env, check=False, capture_output=True)
            print(f"desa periksa on PostgreSQL, 50,000 applications: {time.perf_counter() - start:.1f} s, "
                  f"exit {audited.returncode}")  # fmt: skip
            if audited.returncode != 0:
                print(audited.stdout.decode()[:1500])
            files, pg_empty, pg_full = bergantian(
                [tmp / "berkas", tmp / "pg-kosong", tmp / "pg-penuh"], data, args.runs
            )
        finally:
            server.berhenti()
    laporkan((("register files, empty", files), ("PostgreSQL, empty", pg_empty)), "PG/files", 1.5)
    laporkan(
        (("PostgreSQL, empty", pg_empty), (f"PostgreSQL, {5 * args.per_tahun:,} applications", pg_full)),
        "PG-50k/PG-empty",
        1.2,
    )


if __name__ == "__main__":
    if shutil.which("desa") is None:
        print("note: no desa on PATH, timing python -m desa_cli", file=sys.stderr)
    main()
