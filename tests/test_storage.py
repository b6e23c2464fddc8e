"""The register survives power cuts and several clerks at once."""

import json
import os
import random
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml
from conftest import SITI, buat_kantor, register_isi

from desa_cli import register, storage

REPO = Path(__file__).resolve().parent.parent


def test_transaction_writes_all_files_or_none(tmp_path, monkeypatch):
    with storage.Transaksi(tmp_path) as tx:
        tx.write("a", {"n": 1})
        tx.write("b", {"n": 1})
    # A crash before the journal exists: the old files stay, the temporary ones go.
    real = storage.buat_baru

    def crash_on_journal(path, data):
        if storage.JOURNAL in path.name:
            raise KeyboardInterrupt("power cut")
        real(path, data)

    monkeypatch.setattr(storage, "buat_baru", crash_on_journal)
    with pytest.raises(KeyboardInterrupt):
        with storage.Transaksi(tmp_path) as tx:
            tx.write("a", {"n": 2})
            tx.write("b", {"n": 2})
            tx.commit()
    monkeypatch.setattr(storage, "buat_baru", real)
    with storage.Transaksi(tmp_path) as tx:
        assert tx.read("a") == {"n": 1} and tx.read("b") == {"n": 1}
    assert not list(tmp_path.glob(".*.tmp"))


def test_transaction_cut_after_its_journal_is_finished_by_the_next_command(tmp_path, monkeypatch):
    with storage.Transaksi(tmp_path) as tx:
        tx.write("a", {"n": 1})
        tx.write("b", {"n": 1})

    def crash(folder, renames):
        os.replace(folder / renames[0][0], folder / renames[0][1])  # one file renamed, then the power goes
        raise KeyboardInterrupt("power cut")

    monkeypatch.setattr(storage, "_finish", crash)
    with pytest.raises(KeyboardInterrupt):
        with storage.Transaksi(tmp_path) as tx:
            tx.write("a", {"n": 2})
            tx.write("b", {"n": 2})
            tx.commit()
    monkeypatch.undo()
    assert (tmp_path / storage.JOURNAL).exists()
    with storage.Transaksi(tmp_path) as tx:
        assert tx.read("a") == {"n": 2} and tx.read("b") == {"n": 2}
    assert not (tmp_path / storage.JOURNAL).exists()


def test_a_register_file_that_does_not_parse_is_never_overwritten(tmp_path):
    (tmp_path / "register-2026.json").write_text('{"permohonan": {"1": {"noreg": ', encoding="utf-8")
    with pytest.raises(storage.RegisterRusak) as caught:
        with storage.Transaksi(tmp_path) as tx:
            tx.read("register-2026")
    assert "register-2026.json" in str(caught.value)
    assert (tmp_path / "register-2026.json").read_text(encoding="utf-8").endswith('"noreg": ')


def test_a_second_clerk_waits_and_is_told_when_it_takes_too_long(tmp_path):
    from filelock import FileLock

    with FileLock(str(tmp_path / storage.LOCK)):
        with pytest.raises(storage.RegisterSibuk):
            with storage.Transaksi(tmp_path, timeout=0.2):
                pass


def _data_file(tmp_path) -> Path:
    path = tmp_path / "isian.yaml"
    path.write_text(yaml.safe_dump(SITI), encoding="utf-8")
    return path


def _env(kantor) -> dict:
    return {**os.environ, "DESA_KANTOR": str(kantor), "PYTHONPATH": str(REPO), "DESA_PETUGAS": "uji"}


def test_several_processes_taking_applications_at_once_lose_nothing(tmp_path):
    kantor = buat_kantor(tmp_path / "kantor")
    data = _data_file(tmp_path)
    per_process = 6

    def clerk(_):
        numbers = []
        for _ in range(per_process):
            out = subprocess.run(
                [sys.executable, "-m", "desa_cli", "ajukan", "domisili", "--data", str(data), "--ada", "semua",
                 "--json"],
                capture_output=True, text=True, env=_env(kantor), check=False, timeout=120,
            )  # fmt: skip
            assert out.returncode == 0, out.stderr
            numbers.append(json.loads(out.stdout)["noreg"])
        return numbers

    with ThreadPoolExecutor(4) as pool:
        numbers = [n for batch in pool.map(clerk, range(4)) for n in batch]
    assert len(numbers) == len(set(numbers)) == 4 * per_process
    year = sorted(numbers)[0][:4]
    applications, events, _ = register_isi(kantor / "data")
    stored = sorted(doc["noreg"] for doc in applications)
    assert stored == sorted(numbers) == [f"{year}-{i:05d}" for i in range(1, 4 * per_process + 1)]
    _assert_chain(events, applications)


def _assert_chain(events: list, applications: list) -> None:
    assert [e["urut"] for e in events] == list(range(1, len(events) + 1))
    assert sorted(e["noreg"] for e in events if e["aksi"] == "ajukan") == sorted(a["noreg"] for a in applications)
    assert events[0]["sebelum"] == register.GENESIS
    for before, event in zip(events, events[1:], strict=False):
        assert event["sebelum"] == before["hash"]
    assert all(event["hash"] == register.hash_peristiwa(event) for event in events)


WRITER = """
import datetime as dt, sys
from pathlib import Path
from desa_cli import kantor, katalog, register, storage
office = kantor.muat(kantor.LokasiKantor(Path(sys.argv[1]), "uji"))
layanan = katalog.load([katalog.bundled_folder()]).layanan["keterangan-domisili"]
pemohon = {"nik": "3505014708900001", "nama": "Siti " + "A" * 400, "tanggal_lahir": "1990-08-07"}
cal = office.kalender()
while True:
    with storage.Transaksi(office.data_folder) as tx:
        record = register.Register(tx, "uji", dt.datetime(2026, 11, 20, 10), cal).ajukan(
            layanan, pemohon, {}, {"ktp_el", "kk", "pengantar_rt_rw"})
    print(record["noreg"], flush=True)
"""


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL is POSIX")
def test_a_writer_killed_at_any_moment_leaves_a_register_that_opens_whole(tmp_path):
    kantor = buat_kantor(tmp_path / "kantor")
    rng = random.Random(20261123)
    committed: set = set()
    for _ in range(6):
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(kantor)], stdout=subprocess.PIPE, text=True, env=_env(kantor)
        )
        time.sleep(rng.uniform(0.6, 1.6))
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate()
        committed.update(out.split())
        with storage.Transaksi(kantor / "data"):
            pass  # the next command: finishes or drops what the kill cut short
        applications, events, nomor = register_isi(kantor / "data")
        stored = {doc["noreg"] for doc in applications}
        assert committed <= stored
        assert len(stored) == nomor["noreg"]["2026"]
        _assert_chain(events, applications)
    assert len(committed) > 6
