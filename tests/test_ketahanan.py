"""Fault injection: the installed `desa` as separate processes, killed, crowded and fed nonsense.

Figures for the closing note are printed with `pytest -s tests/test_ketahanan.py`.
"""

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import yaml
from click.testing import CliRunner
from conftest import SITI, buat_kantor, cari_desa, register_isi, snapshot, terpasang
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desa_cli.cli import cli

DESA = cari_desa()
installed = terpasang(DESA)


def env_for(kantor, **extra):
    # These tests read the output as UTF-8; other encodings are tests/test_windows_io.py's.
    return {**os.environ, "DESA_KANTOR": str(kantor), "DESA_PETUGAS": "uji", "DESA_WAKTU": "2026-11-23T09:00:00",
            "PYTHONIOENCODING": "utf-8", **extra}  # fmt: skip


def desa(*args, env, timeout=120):
    return subprocess.run([DESA, *args], capture_output=True, text=True, env=env, timeout=timeout, check=False)


@installed
def test_four_clerks_taking_and_printing_at_once(tmp_path):
    kantor = buat_kantor(tmp_path / "kantor")
    data = tmp_path / "isian.yaml"
    data.write_text(yaml.safe_dump(SITI), encoding="utf-8")
    env = env_for(kantor)
    per_clerk = 25

    def clerk(number):
        done = []
        for _ in range(per_clerk):
            taken = desa("ajukan", "domisili", "--data", str(data), "--ada", "semua", "--json", env=env)
            assert taken.returncode == 0, taken.stderr
            noreg = json.loads(taken.stdout)["noreg"]
            printed = desa("cetak", noreg, "--json", env=env)
            assert printed.returncode == 0, printed.stderr
            done.append((noreg, json.loads(printed.stdout)["nomor"]))
        return done

    start = time.perf_counter()
    with ThreadPoolExecutor(4) as pool:
        done = [item for batch in pool.map(clerk, range(4)) for item in batch]
    took = time.perf_counter() - start
    noregs = [noreg for noreg, _ in done]
    serials = sorted(int(nomor.split("/")[1]) for _, nomor in done)
    assert len(set(noregs)) == 100
    assert serials == list(range(1, 101))
    audit = desa("periksa", env=env)
    assert audit.returncode == 0, audit.stdout
    print(f"\n4 processes x 25 applications and letters: {took:.1f} s, 100 noreg, letters 1..100, periksa clean")


@installed
def test_fifty_writers_killed_at_random_moments(tmp_path):
    kantor = buat_kantor(tmp_path / "kantor")
    data = tmp_path / "isian.yaml"
    data.write_text(yaml.safe_dump(SITI), encoding="utf-8")
    env = env_for(kantor)
    rng = random.Random(5)
    committed = set()
    killed_before_end = 0
    # Warm the caches, then time whole runs: the kills fall across a run's own length, so they land
    # on the work (not all after the end) on a fast machine as on a slow one.
    durations = []
    for _ in range(3):
        start = time.perf_counter()
        assert desa("ajukan", "domisili", "--data", str(data), "--ada", "semua", env=env).returncode == 0
        durations.append(time.perf_counter() - start)
    run_time = sorted(durations)[1]
    for _ in range(50):
        proc = subprocess.Popen([DESA, "ajukan", "domisili", "--data", str(data), "--ada", "semua", "--json"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)  # fmt: skip
        time.sleep(rng.uniform(0.05, 0.9) * run_time)
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate()
        if proc.returncode == 0:
            committed.add(json.loads(out)["noreg"])
        else:
            killed_before_end += 1
        audit = desa("periksa", env=env)
        assert audit.returncode == 0, audit.stdout
        applications, _, nomor = register_isi(kantor / "data")
        stored = {a["noreg"] for a in applications}
        assert committed <= stored
        assert len(stored) == nomor["noreg"]["2026"]
    assert killed_before_end >= 10
    print(f"\n50 kills: {killed_before_end} cut a process short, {len(committed)} finished; register whole each time")


# --- malformed input ---------------------------------------------------------------------------


def invoke(args, env):
    try:
        runner = CliRunner(mix_stderr=False)
    except TypeError:
        runner = CliRunner()
    return runner.invoke(cli, args, env=env, catch_exceptions=True)


def assert_clean_refusal(result):
    """Exit 0, 1 or 2, and never an exception escaping to the clerk."""
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 1, 2)
    assert "Traceback" not in result.output


yaml_like = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=30), st.dates().map(str)),
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=12), children, max_size=5)
    ),
    max_leaves=12,
)


@pytest.fixture
def office_env(tmp_path):
    kantor = buat_kantor(tmp_path / "kantor")
    return kantor, {"DESA_KANTOR": str(kantor), "DESA_WAKTU": "2026-11-23T09:00:00", "DESA_PETUGAS": "uji"}


COUNTS = {"katalog": 0, "data": 0, "isian": 0}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=st.one_of(yaml_like.map(lambda v: yaml.safe_dump(v, allow_unicode=True)), st.text(max_size=200)))
def test_any_catalogue_file_is_refused_cleanly(office_env, document):
    kantor, env = office_env
    (kantor / "katalog" / "keterangan-usaha.yaml").write_text(document, encoding="utf-8")
    before = snapshot(kantor / "data")
    for args in (["katalog", "periksa"], ["syarat", "sku"], ["layanan"]):
        assert_clean_refusal(invoke(args, env))
    assert snapshot(kantor / "data") == before
    COUNTS["katalog"] += 1


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    document=st.one_of(
        yaml_like.map(lambda v: yaml.safe_dump(v, allow_unicode=True)),
        st.dictionaries(st.sampled_from(sorted(SITI)), yaml_like, max_size=6).map(
            lambda d: yaml.safe_dump({**SITI, **d}, allow_unicode=True)
        ),
        st.binary(max_size=100).map(lambda b: b.decode("latin-1")),
    )
)
def test_any_data_file_is_refused_cleanly_and_changes_nothing(office_env, tmp_path, document):
    kantor, env = office_env
    path = tmp_path / "isian.yaml"
    path.write_text(document, encoding="utf-8")
    before = snapshot(kantor / "data")
    result = invoke(["ajukan", "domisili", "--data", str(path), "--ada", "semua"], env)
    assert_clean_refusal(result)
    if result.exit_code != 0:
        assert snapshot(kantor / "data") == before
        assert result.exit_code == 2 or result.stderr.strip().count("\n") == 0, result.stderr
    COUNTS["data"] += 1


FIELDS = ["nik", "tanggal_lahir", "jenis_kelamin", "agama", "keperluan", "nama", "alamat_domisili", "tinggal_sejak"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(FIELDS), value=st.text(max_size=40))
def test_any_field_value_is_checked_cleanly(office_env, tmp_path, field, value):
    kantor, env = office_env
    path = tmp_path / "isian.yaml"
    path.write_text(yaml.safe_dump(SITI), encoding="utf-8")
    before = snapshot(kantor / "data")
    result = invoke(["ajukan", "domisili", "--data", str(path), "--isi", f"{field}={value}", "--ada", "semua"], env)
    assert_clean_refusal(result)
    if result.exit_code != 0:
        assert snapshot(kantor / "data") == before
        assert result.exit_code == 2 or result.stderr.strip().count("\n") == 0, result.stderr
    COUNTS["isian"] += 1


def test_zz_report_inputs_tried():
    print(f"\nmalformed inputs tried: {COUNTS}")
    assert sys.version_info >= (3, 9)


# --- a restore killed at every file operation ----------------------------------------------------

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _arsip(kantor) -> dict:
    import hashlib

    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (kantor / "arsip").rglob("*.docx")}


def test_pulihkan_killed_at_every_file_operation_leaves_before_or_after(tmp_path):
    """DESA_UJI_MATI=N (storage.py) ends the process at its Nth file operation, as a power cut
    would: N = 1, 2, ... until the restore runs to the end. After each cut the next command sees the
    register as before or as after the restore, `periksa` is clean, no counter went down, and the
    next application and letter take new numbers without writing over an archived letter."""
    template = buat_kantor(tmp_path / "template")
    data = tmp_path / "isian.yaml"
    data.write_text(yaml.safe_dump(SITI), encoding="utf-8")

    def env_at(kantor, waktu):
        return {"DESA_KANTOR": str(kantor), "DESA_PETUGAS": "uji", "DESA_WAKTU": waktu}

    def ok(args, env):
        result = invoke(args, env)
        assert result.exit_code == 0, (args, result.output, repr(result.exception))
        return result

    ajukan = ["ajukan", "domisili", "--data", str(data), "--ada", "semua", "--json"]
    friday, monday = env_at(template, "2026-11-20T09:00:00"), env_at(template, "2026-11-23T09:00:00")
    ok(["cetak", json.loads(ok(ajukan, friday).stdout)["noreg"]], friday)
    ok(["cetak", json.loads(ok(ajukan, monday).stdout)["noreg"]], monday)
    ok(ajukan, monday)
    ok(["aduan", "catat", "--nama", "Budi", "--isi", "Antrean lama"], monday)
    applications, events, nomor_before = register_isi(template / "data")
    before = ([a["noreg"] for a in applications], len(events))
    letters_before = _arsip(template)
    assert before == (["2026-00001", "2026-00002", "2026-00003"], 6) and len(letters_before) == 2

    cuts = 0
    for n in range(1, 500):
        kantor = tmp_path / f"k{n}"
        shutil.copytree(template, kantor, symlinks=True)
        env = {**os.environ, **env_at(kantor, "2026-11-23T12:00:00"), "DESA_UJI_MATI": str(n), "PYTHONPATH": REPO}
        proc = subprocess.run([sys.executable, "-m", "desa_cli", "pulihkan", "2026-11-23"],
                              capture_output=True, text=True, env=env, timeout=120, check=False)  # fmt: skip
        assert proc.returncode in (0, 137), proc.stderr
        after_env = env_at(kantor, "2026-11-23T13:00:00")
        audit = invoke(["periksa"], after_env)  # the next command: finishes or drops the cut restore
        assert audit.exit_code == 0, (n, audit.output)
        applications, events, nomor = register_isi(kantor / "data")
        state = ([a["noreg"] for a in applications], len(events))
        restored = state == (["2026-00001"], 3) and events[-1]["aksi"] == "pulihkan"
        assert state == before or restored, (n, state)
        if proc.returncode == 0:
            assert restored
        for jenis in ("noreg", "surat", "aduan"):
            assert nomor[jenis]["2026"] >= nomor_before[jenis]["2026"], (n, jenis)
        new = json.loads(ok(ajukan, after_env).stdout)["noreg"]
        assert new == "2026-00004", (n, new)
        printed = json.loads(ok(["cetak", new, "--json"], after_env).stdout)
        assert printed["nomor"].split("/")[1] == "003", (n, printed["nomor"])
        letters = _arsip(kantor)
        assert {k: letters[k] for k in letters_before} == letters_before and len(letters) == 3
        assert invoke(["periksa"], after_env).exit_code == 0
        shutil.rmtree(kantor)
        if proc.returncode == 0:
            break
        cuts += 1
    else:
        pytest.fail("the restore never ran to its end")
    assert cuts >= 10
    print(f"\npulihkan cut at each of its {cuts} file operations: before or after every time, periksa clean")
