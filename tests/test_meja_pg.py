"""Several desks, one register in PostgreSQL: the installed `desa` as separate processes at two
office folders joined to one database, crowded, killed, fed a different catalogue and a database
that cannot be reached.

Figures are printed with `pytest -s tests/test_meja_pg.py`. Every test here needs PostgreSQL: the
`pg_server` fixture fails (never skips) where DESA_UJI_PG_WAJIB=1, as in CI.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest
import yaml
from conftest import SITI, cari_desa, register_isi, terpasang

from desa_cli.storage import LOCK_TIMEOUT

REPO = Path(__file__).resolve().parent.parent
DESA = cari_desa()
pytestmark = terpasang(DESA)

KATALOG = "katalog/keterangan-domisili.yaml"


# --- helpers -----------------------------------------------------------------------------------


def env_meja(folder: Path, **extra) -> dict:
    """The environment of a clerk at the desk `folder`: no fixed time (several processes take the
    time under the register's lock), no PG* or DESA_BASIS_DATA of the developer's shell."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG") and k not in ("DESA_BASIS_DATA", "DESA_WAKTU")}
    return {**env, "DESA_KANTOR": str(folder), "DESA_PETUGAS": "uji", "PYTHONIOENCODING": "utf-8", **extra}


def desa(*args, env, timeout=180):
    return subprocess.run([DESA, *args], capture_output=True, text=True, env=env, timeout=timeout, check=False)


def desa_json(*args, env):
    result = desa(*args, "--json", env=env)
    assert result.returncode == 0, f"desa {' '.join(args)}: {result.stderr}{result.stdout[-2000:]}"
    return json.loads(result.stdout)


def satu_baris(result) -> str:
    """The refusal of a command: exit 1, one line on stderr, no traceback."""
    err = result.stderr.strip()
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    assert len(err.splitlines()) == 1, err
    return err


def kantor_dua_meja(url: str, tmp_path: Path) -> tuple:
    """Desk A creates the office in the database, desk B joins it; (A, B, --data file)."""
    a, b = tmp_path / "meja-a", tmp_path / "meja-b"
    made = desa("init", "--basis-data", url, "--kode-wilayah", "35.05.06.2006", "--kepala-desa", "Suyanto",
                "--alamat", "Jl. Raya Bacem 1", str(a), env=env_meja(a))  # fmt: skip
    assert made.returncode == 0, made.stderr
    joined = desa("init", "--basis-data", url, str(b), env=env_meja(b))
    assert joined.returncode == 0, joined.stderr
    data = tmp_path / "isian.yaml"
    data.write_text(yaml.safe_dump(SITI), encoding="utf-8")
    return a, b, data


def ajukan(data: Path) -> list:
    return ["ajukan", "domisili", "--data", str(data), "--ada", "semua"]


def isi_db(url: str) -> dict:
    """Every document and archived letter in the database: {table/name: sha256}, to show that a
    refused command wrote nothing."""
    import psycopg

    found = {}
    with psycopg.connect(url) as conn:
        for table in ("dokumen", "arsip", "standar"):
            for name, sha in conn.execute(f"SELECT nama, encode(sha256(isi), 'hex') FROM desa.{table}"):
                found[f"{table}/{name}"] = sha
    return found


def register_pg(url: str) -> tuple:
    """(applications, events, nomor) of the register in the database, as one snapshot."""
    from desa_cli.storage_pg import salin_register

    with tempfile.TemporaryDirectory(prefix="desa-uji-salin-") as tmp:
        salin_register(url, Path(tmp))
        return register_isi(Path(tmp))


def urut_surat(nomor: str) -> int:
    return int(nomor.split("/")[1])  # format_nomor '{kode}/{urut:03d}/{kode_desa}/{tahun}'


def sha256(path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def periksa_bersih(folder: Path) -> None:
    audit = desa("periksa", "--json", env=env_meja(folder))
    assert audit.returncode == 0, audit.stdout[-3000:] + audit.stderr
    found = json.loads(audit.stdout)
    assert found["baik"] is True, found["kesalahan"]


def buku_utuh(folder: Path) -> list:
    """The letter book read at a desk: numbers 1..n, each once."""
    book = desa_json("buku", env=env_meja(folder))
    assert [row["urut"] for row in book] == list(range(1, len(book) + 1))
    assert sorted(urut_surat(row["nomor"]) for row in book) == list(range(1, len(book) + 1))
    return book


# --- several desks at once ---------------------------------------------------------------------


def test_two_desks_two_clerks_each_share_one_queue_and_one_book(pg_url, tmp_path):
    a, b, data = kantor_dua_meja(pg_url, tmp_path)
    per_clerk = 25

    def clerk(number):
        desk = a if number < 2 else b
        env = env_meja(desk)
        done = []
        for _ in range(per_clerk):
            noreg = desa_json(*ajukan(data), env=env)["noreg"]
            printed = desa_json("cetak", noreg, env=env)
            assert printed["noreg"] == noreg and printed["baru"] is True
            done.append((desk, noreg, printed))
        return done

    start = time.perf_counter()
    with ThreadPoolExecutor(4) as pool:
        done = [item for batch in pool.map(clerk, range(4)) for item in batch]
    took = time.perf_counter() - start

    noregs = [noreg for _, noreg, _ in done]
    assert len(set(noregs)) == 100
    assert sorted(int(n.split("-")[1]) for n in noregs) == list(range(1, 101))
    assert sorted(urut_surat(p["nomor"]) for _, _, p in done) == list(range(1, 101))
    book = buku_utuh(b)
    assert len(book) == 100
    assert {row["noreg"]: row["nomor"] for row in book} == {noreg: p["nomor"] for _, noreg, p in done}
    assert buku_utuh(a) == book
    periksa_bersih(a)
    periksa_bersih(b)

    # A letter printed at desk A is verified and reprinted at desk B: same number, same bytes.
    _, noreg, printed = next(item for item in done if item[0] == a)
    assert sha256(printed["berkas"]) == printed["sha256"]
    checked = desa_json("verifikasi", printed["kode_verifikasi"], env=env_meja(b))
    assert checked["sah"] is True and checked["nomor"] == printed["nomor"]
    again = desa_json("cetak", noreg, env=env_meja(b))
    assert again["baru"] is False
    assert again["nomor"] == printed["nomor"] and again["kode_verifikasi"] == printed["kode_verifikasi"]
    assert Path(again["berkas"]).is_relative_to(b)
    assert sha256(again["berkas"]) == again["sha256"] == printed["sha256"]
    assert len(buku_utuh(b)) == 100  # the reprint took no number
    print(f"\n2 desks x 2 processes x 25 applications and letters: {took:.1f} s, 100 noreg, letters 1..100")


# --- desks killed ------------------------------------------------------------------------------


def _durasi(args, env, times=3) -> tuple:
    """(median seconds of `times` whole `desa ARGS` processes, their JSON answers)."""
    taken, answers = [], []
    for _ in range(times):
        start = time.perf_counter()
        out = desa(*args, env=env)
        taken.append(time.perf_counter() - start)
        assert out.returncode == 0, out.stderr
        answers.append(json.loads(out.stdout))
    return sorted(taken)[len(taken) // 2], answers


def test_a_desk_killed_at_random_moments_loses_nothing_acknowledged(pg_url, tmp_path):
    a, b, data = kantor_dua_meja(pg_url, tmp_path)
    env_a, env_b = env_meja(a), env_meja(b)
    rng = random.Random(16)
    acked_noreg: set = set()
    acked_letter: dict = {}  # noreg -> nomor
    unprinted: list = []

    # Measure one whole command of each kind first (warm caches): the kills fall across a
    # command's own length, on a fast machine as on a slow one.
    run_ajukan, taken = _durasi([*ajukan(data), "--json"], env_a)
    acked_noreg.update(answer["noreg"] for answer in taken)
    cetak_times = []
    for answer in taken:
        took, printed = _durasi(["cetak", answer["noreg"], "--json"], env_a, times=1)
        cetak_times.append(took)
        acked_letter[answer["noreg"]] = printed[0]["nomor"]
    run_cetak = sorted(cetak_times)[1]

    killed_short = 0
    for round_ in range(30):
        if unprinted and rng.random() < 0.6:
            noreg = unprinted[0]
            args, run_time = ["cetak", noreg, "--json"], run_cetak
        else:
            noreg, args, run_time = None, [*ajukan(data), "--json"], run_ajukan
        proc = subprocess.Popen([DESA, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env_a)
        time.sleep(rng.uniform(0, run_time))
        proc.send_signal(signal.SIGKILL)
        out, err = proc.communicate()
        if proc.returncode == 0:
            answer = json.loads(out)
            if noreg is None:
                acked_noreg.add(answer["noreg"])
                unprinted.append(answer["noreg"])
            else:
                acked_letter[noreg] = answer["nomor"]
                unprinted.remove(noreg)
        else:
            assert proc.returncode == -signal.SIGKILL, err
            killed_short += 1

        # The other desk works at once: the server rolled the dead desk's transaction back, so no
        # lock is left (else it would wait LOCK_TIMEOUT and fail).
        start = time.perf_counter()
        other = desa_json(*ajukan(data), env=env_b)["noreg"]
        assert time.perf_counter() - start < LOCK_TIMEOUT
        acked_noreg.add(other)
        unprinted.append(other)
        periksa_bersih(a if round_ % 2 else b)

        applications, _, nomor = register_pg(pg_url)
        stored = {r["noreg"]: r for r in applications}
        year = next(iter(acked_noreg))[:4]
        assert acked_noreg <= set(stored)
        assert sorted(int(n.split("-")[1]) for n in stored) == list(range(1, nomor["noreg"][year] + 1))
        for noreg, number in acked_letter.items():
            assert stored[noreg]["surat"]["nomor"] == number
        letters = sorted(urut_surat(r["surat"]["nomor"]) for r in applications if r.get("surat"))
        assert letters == list(range(1, len(letters) + 1))

    book = buku_utuh(b)
    assert {row["noreg"]: row["nomor"] for row in book if row["noreg"] in acked_letter} == acked_letter
    assert killed_short >= 5, f"only {killed_short} of 30 kills cut a command short"
    print(f"\n30 kills at one desk: {killed_short} cut a command short; nothing acknowledged lost, numbers gapless")


def test_reprint_at_a_desk_is_the_letter_recorded_not_a_leftover_of_a_killed_print(pg_url, tmp_path):
    """A print killed at desk B after its working copy was written (cetak writes the .docx, then
    commits) leaves arsip/<tahun>/<noreg>_<layanan>.docx at B but nothing in the database. Desk A then
    prints that application under the same name; B's reprint must hand out A's letter."""
    a, b, data = kantor_dua_meja(pg_url, tmp_path)
    noreg = desa_json(*ajukan(data), env=env_meja(a))["noreg"]
    leftover = b / "arsip" / noreg[:4] / f"{noreg}_keterangan-domisili.docx"
    leftover.parent.mkdir(parents=True, exist_ok=True)
    leftover.write_bytes(b"PK\x03\x04 a letter cut short at desk B")
    printed = desa_json("cetak", noreg, env=env_meja(a))
    again = desa_json("cetak", noreg, env=env_meja(b))
    assert again["nomor"] == printed["nomor"]
    assert sha256(again["berkas"]) == again["sha256"] == printed["sha256"]


# A desk whose computer clock is behind the others' (desks are separate computers; nothing keeps
# their clocks together to the minute): `desa` at that desk, its clock JAM_MUNDUR seconds behind.
JAM_MUNDUR = """
import datetime, os, sys
from desa_cli.perintah import _bersama
asli = _bersama.Aplikasi.sekarang
mundur = datetime.timedelta(seconds=float(os.environ["JAM_MUNDUR"]))
_bersama.Aplikasi.sekarang = staticmethod(lambda: asli() - mundur)
from desa_cli.cli import main
sys.argv[0] = "desa"
main()
"""


def test_a_desk_whose_clock_is_behind_does_not_break_the_time_order(pg_url, tmp_path):
    a, b, data = kantor_dua_meja(pg_url, tmp_path)
    desa_json(*ajukan(data), env=env_meja(a))
    behind = subprocess.run(
        [sys.executable, "-c", JAM_MUNDUR, *ajukan(data), "--json"],
        capture_output=True, text=True, env=env_meja(b, JAM_MUNDUR="600"), timeout=180, check=False,
    )  # fmt: skip
    assert behind.returncode == 0, behind.stderr
    periksa_bersih(a)


# --- a desk with another catalogue ---------------------------------------------------------------


def _katalog_lain(desk: Path) -> Path:
    target = desk / KATALOG
    target.parent.mkdir(exist_ok=True)
    text = (REPO / KATALOG).read_text(encoding="utf-8")
    assert "hari_kerja: 1\n" in text
    target.write_text(text.replace("hari_kerja: 1\n", "hari_kerja: 3\n", 1), encoding="utf-8")
    return target


def test_a_desk_with_another_catalogue_is_refused_before_it_writes(pg_url, tmp_path):
    a, b, data = kantor_dua_meja(pg_url, tmp_path)
    noreg = desa_json(*ajukan(data), env=env_meja(a))["noreg"]
    _katalog_lain(b)
    before, local_before = isi_db(pg_url), sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    for args in ([*ajukan(data), "--json"], ["cetak", noreg, "--json"]):
        line = satu_baris(desa(*args, env=env_meja(b)))
        assert KATALOG in line, line
    assert isi_db(pg_url) == before
    assert sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file()) == local_before
    applications, _, _ = register_pg(pg_url)
    assert len(applications) == 1
    # Desk A, on the office's standard, still works.
    printed = desa_json("cetak", noreg, env=env_meja(a))
    assert urut_surat(printed["nomor"]) == 1
    assert desa_json(*ajukan(data), env=env_meja(a))["noreg"] != noreg
    # Reading still works at B: only writing is refused.
    assert desa("daftar", "--json", env=env_meja(b)).returncode == 0


def test_kantor_ambil_brings_a_refused_desk_back(pg_url, tmp_path):
    a, b, data = kantor_dua_meja(pg_url, tmp_path)
    _katalog_lain(b)
    satu_baris(desa(*[*ajukan(data), "--json"], env=env_meja(b)))
    fetched = desa("kantor", "ambil", env=env_meja(b))
    assert fetched.returncode == 0, fetched.stderr
    assert not (b / KATALOG).exists()  # the office has no catalogue file of its own
    noreg = desa_json(*ajukan(data), env=env_meja(b))["noreg"]
    assert desa_json("cetak", noreg, env=env_meja(b))["baru"] is True
    periksa_bersih(a)


# --- a database that cannot be reached ---------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tcp(url: str, user: str | None = None, dbname: str | None = None, port: int | None = None) -> str:
    """The same database over TCP on 127.0.0.1 (the test server listens there, as well as on its socket)."""
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    user = user or (parts.username or "postgres")
    dbname = dbname or parts.path.lstrip("/")
    return f"postgresql://{quote(user)}@127.0.0.1:{port or query['port'][0]}/{quote(dbname)}"


SANDI_ROLE = "desa_uji_sandi"
SANDI_KELIRU = "keliru-8731"


def _peran_bersandi(pg_server, url) -> str:
    """A role that must log in with a password, over TCP: the throwaway server trusts everyone,
    so one line for that role goes first in pg_hba.conf. Returns its URL (no password in it)."""
    import psycopg

    if pg_server.root is None:
        pytest.skip("an existing server (DESA_UJI_PG): its pg_hba.conf is not ours to change")
    hba = pg_server.root / "data" / "pg_hba.conf"
    text = hba.read_text(encoding="utf-8")
    line = f"host all {SANDI_ROLE} 127.0.0.1/32 scram-sha-256\n"
    if line not in text:
        hba.write_text(line + text, encoding="utf-8")
    with psycopg.connect(pg_server.dsn_admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (SANDI_ROLE,)).fetchone()
        if not exists:
            conn.execute(f"CREATE ROLE {SANDI_ROLE} LOGIN PASSWORD 'benar'")
        conn.execute("SELECT pg_reload_conf()")
    target = _tcp(url, user=SANDI_ROLE)
    deadline = time.monotonic() + 30
    while True:  # the reload is asynchronous: wait until the server asks for the password
        try:
            psycopg.connect(target, password=SANDI_KELIRU, connect_timeout=5).close()
        except psycopg.OperationalError as exc:
            if "password" in str(exc):
                break
        assert time.monotonic() < deadline, "the server never asked for the password"
        time.sleep(0.05)
    psycopg.connect(target, password="benar", connect_timeout=5).close()  # the right one works
    return target


@pytest.mark.parametrize("salah", ["server mati", "nama basis data", "peran tak dikenal", "kata sandi"])
def test_a_database_that_cannot_be_reached_is_one_line_and_nothing_written(pg_server, pg_url, tmp_path, salah):
    a, b, data = kantor_dua_meja(pg_url, tmp_path)
    noreg = desa_json(*ajukan(data), env=env_meja(a))["noreg"]
    extra = {}
    if salah == "server mati":
        bad = _tcp(pg_url, port=_free_port())
    elif salah == "nama basis data":
        bad = _tcp(pg_url, dbname="desa_uji_tidak_ada")
    elif salah == "peran tak dikenal":
        bad = _tcp(pg_url, user="desa_uji_tak_dikenal")
    else:
        bad, extra = _peran_bersandi(pg_server, pg_url), {"PGPASSWORD": SANDI_KELIRU}
    env = env_meja(b, DESA_BASIS_DATA=bad, **extra)
    before, local_before = isi_db(pg_url), sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    for args in ([*ajukan(data), "--json"], ["cetak", noreg, "--json"], ["daftar", "--json"]):
        line = satu_baris(desa(*args, env=env))
        assert "127.0.0.1" in line and SANDI_KELIRU not in line, line
    assert isi_db(pg_url) == before
    assert sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file()) == local_before
    # A new desk cannot join through it either, and leaves no half-made office folder.
    joining = tmp_path / "meja-c"
    line = satu_baris(desa("init", "--basis-data", bad, str(joining), env=env_meja(joining, **extra)))
    assert "Traceback" not in line
    assert not (joining / "kantor.yaml").exists()
