"""Backups, recovery from a damaged register, and exports with masked NIKs."""

import csv
import io
import json
import os
import stat

import pytest
from conftest import ajukan_siti, siap_ajukan, snapshot


@pytest.fixture
def office(kantor, monkeypatch, tmp_path):
    return siap_ajukan(monkeypatch, kantor, tmp_path)


ajukan = ajukan_siti


def test_each_days_first_change_keeps_a_backup_of_the_day_before(run, office, tmp_path, monkeypatch):
    backups = office / "data" / "cadangan"
    ajukan(run, tmp_path)  # the very first change: nothing to back up yet
    ajukan(run, tmp_path)
    assert "Belum ada cadangan" in run("pulihkan").stderr  # and the same day's second change keeps none
    assert snapshot(backups / "2026-11-20") == {}
    state_friday = snapshot(office / "data")
    monkeypatch.setenv("DESA_WAKTU", "2026-11-23T08:00:00")
    ajukan(run, tmp_path)
    assert snapshot(backups / "2026-11-23") == state_friday
    ajukan(run, tmp_path)
    assert sorted(p.name for p in backups.iterdir()) == ["2026-11-20", "2026-11-23"]
    assert snapshot(backups / "2026-11-23") == state_friday  # later changes do not reach the backup


def test_only_the_last_30_backups_are_kept(run, office, tmp_path, monkeypatch):
    import datetime as dt

    day = dt.date(2026, 10, 1)
    for _ in range(33):
        monkeypatch.setenv("DESA_WAKTU", f"{day.isoformat()}T09:00:00")
        ajukan(run, tmp_path)
        day += dt.timedelta(days=1)
    names = sorted(p.name for p in (office / "data" / "cadangan").iterdir())
    assert len(names) == 30 and names[-1] == "2026-11-02" and names[0] == "2026-10-04"


def test_a_register_cut_short_stops_every_command_and_is_never_overwritten(run, office, tmp_path, monkeypatch):
    ajukan(run, tmp_path)
    monkeypatch.setenv("DESA_WAKTU", "2026-11-23T08:00:00")
    second = ajukan(run, tmp_path)
    path = office / "data" / "permohonan-2026-11.json"
    damaged = path.read_bytes()[:-40]
    path.write_bytes(damaged)
    for args in (["ajukan", "domisili", "--data", str(tmp_path / "isian.yaml")], ["daftar"], ["lihat", second],
                 ["cetak", second], ["riwayat"]):  # fmt: skip
        result = run(*args)
        assert result.exit_code == 1, args
        assert "permohonan-2026-11.json" in result.stderr and "desa pulihkan" in result.stderr
        assert result.stderr.count("\n") == 1
    assert path.read_bytes() == damaged
    listing = run("pulihkan")
    assert listing.exit_code == 0 and "2026-11-23" in listing.output and "baik" in listing.output
    result = run("pulihkan", "2026-11-23")
    assert result.exit_code == 0, result.output
    assert run("periksa").exit_code == 0
    assert [r["noreg"] for r in json.loads(run("daftar", "--json").stdout)] == ["2026-00001"]
    kept = list((office / "data").glob("rusak-*/permohonan-2026-11.json"))
    assert len(kept) == 1 and kept[0].read_bytes() == damaged
    assert run("pulihkan", "2026-01-01").exit_code == 1


def test_a_backup_that_fails_the_audit_is_not_restored(run, office, tmp_path, monkeypatch):
    ajukan(run, tmp_path)
    monkeypatch.setenv("DESA_WAKTU", "2026-11-23T08:00:00")
    ajukan(run, tmp_path)
    backup = office / "data" / "cadangan" / "2026-11-23" / "permohonan-2026-11.json"
    data = json.loads(backup.read_bytes())
    data["permohonan"]["1"]["status"] = "ditolak"
    backup.unlink()  # a hard link: write a new file, not through the link
    backup.write_text(json.dumps(data), encoding="utf-8")
    before = snapshot(office / "data")
    result = run("pulihkan", "2026-11-23")
    assert result.exit_code == 1 and "tidak lolos pemeriksaan" in result.stderr
    assert snapshot(office / "data") == before


def test_ekspor_masks_the_nik_unless_asked(run, office, tmp_path):
    noreg = ajukan(run, tmp_path)
    run("cetak", noreg)
    out = tmp_path / "november.csv"
    result = run("ekspor", "--bulan", "2026-11", "--keluar", str(out))
    assert result.exit_code == 0 and "NIK disamarkan" in result.output
    rows = list(csv.DictReader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    assert len(rows) == 1
    assert rows[0]["nik"] == "350501******0001" and rows[0]["noreg"] == noreg
    assert rows[0]["nomor_surat"] == "470/001/35.05.06.2006/2026" and rows[0]["kode_wilayah"] == "35.05.06.2006"
    assert "3505014708900001" not in out.read_text(encoding="utf-8-sig")
    if os.name != "nt":
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
    full = run("ekspor", "--tahun", "2026", "--format", "jsonl", "--nik-lengkap", "--keluar", "-")
    lines = [json.loads(line) for line in full.stdout.splitlines()]
    assert [line["nik"] for line in lines] == ["3505014708900001"]
    empty = run("ekspor", "--bulan", "2026-10", "--format", "jsonl", "--keluar", "-")
    assert empty.exit_code == 0 and empty.stdout == ""
    assert run("ekspor", "--keluar", "-").exit_code == 2


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
def test_files_under_data_and_arsip_are_readable_by_their_owner_only(run, office, tmp_path, monkeypatch):
    from desa_cli import cetak

    monkeypatch.setattr(cetak, "ke_pdf", lambda files, folder: [])
    ajukan(run, tmp_path)
    monkeypatch.setenv("DESA_WAKTU", "2026-11-23T08:00:00")
    run("cetak", ajukan(run, tmp_path))
    files = [p for p in (office / "data").rglob("*.json") if "kalender" not in p.parts]
    files += list((office / "arsip").rglob("*.docx"))
    assert len(files) >= 8
    for path in files:
        # backups are copies made read-only as well
        assert stat.S_IMODE(path.stat().st_mode) == (0o400 if "cadangan" in path.parts else 0o600), path
    for folder in (office / "data", office / "arsip"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
