"""Complaints: numbered, with the time limits of SP4N-LAPOR!, in the event log, overdue ones shown."""

import datetime as dt
import json

import holidays
import pytest
from conftest import pakai_kantor, register_isi


@pytest.fixture
def office(kantor, monkeypatch):
    return pakai_kantor(monkeypatch, kantor)


def sixty_working_days_after(day: dt.date) -> dt.date:
    """An oracle written apart from kalender.py: weekdays that are neither holiday nor cuti bersama."""
    closed = holidays.country_holidays("ID", years=[day.year, day.year + 1], categories=("public", "government"))
    count = 0
    while count < 60:
        day += dt.timedelta(days=1)
        count += day.weekday() < 5 and day not in closed
    return day


def catat(run, *extra):
    result = run("aduan", "catat", "--nama", "Pak Darmo", "--kontak", "0812-1111", "--isi", "Surat saya belum jadi",
                 *extra, "--json")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_complaint_gets_a_number_and_working_day_limits(run, office):
    first = catat(run)
    assert first["nomor"] == "ADU-2026-0001" and first["status"] == "baru"
    # First response within 3 working days, a simple complaint within 5 (from Friday 20 November).
    assert first["batas_tanggapan"] == "2026-11-25" and first["batas_selesai"] == "2026-11-27"
    field = catat(run, "--kelas", "pemeriksaan_lapangan", "--layanan", "sku")
    assert field["nomor"] == "ADU-2026-0002" and field["layanan"] == "keterangan-usaha"
    assert field["batas_selesai"] == sixty_working_days_after(dt.date(2026, 11, 20)).isoformat()
    middle = catat(run, "--kelas", "tanpa_pemeriksaan")
    assert middle["batas_selesai"] == "2026-12-10"
    shown = run("aduan", "catat", "--nama", "X", "--isi", "Antrean lama")
    assert "Tanggapan awal paling lambat Rabu, 25 November 2026" in shown.output


def test_office_sets_its_own_limits(run, office):
    path = office / "kantor.yaml"
    path.write_text(path.read_text("utf-8") + "batas_pengaduan:\n  tanggapan_awal: 1\n  informasi: 2\n", "utf-8")
    record = catat(run)
    assert (record["batas_tanggapan"], record["batas_selesai"]) == ("2026-11-23", "2026-11-24")


def test_respond_resolve_and_overdue(run, office, monkeypatch):
    first = catat(run)["nomor"]
    second = catat(run)["nomor"]
    assert run("aduan", "tanggapi", first, "--isi", "  ").exit_code == 1
    assert run("aduan", "tanggapi", first, "--isi", "Sedang kami periksa").exit_code == 0
    monkeypatch.setenv("DESA_WAKTU", "2026-11-26T09:00:00")
    listed = {r["nomor"]: r for r in json.loads(run("aduan", "daftar", "--json").stdout)}
    assert listed[first]["terlambat"] == [] and listed[first]["status"] == "ditanggapi"
    assert listed[second]["terlambat"] == ["tanggapan awal"]
    assert "tanggapan awal" in run("aduan", "daftar").output
    monkeypatch.setenv("DESA_WAKTU", "2026-11-30T09:00:00")
    late = {r["nomor"]: r["terlambat"] for r in json.loads(run("aduan", "daftar", "--json").stdout)}
    assert late[first] == ["penyelesaian"]
    done = run("aduan", "selesai", first, "--isi", "Surat sudah diserahkan", "--json")
    assert json.loads(done.stdout)["status"] == "selesai"
    assert run("aduan", "selesai", first).exit_code == 1
    assert [r["nomor"] for r in json.loads(run("aduan", "daftar", "--json").stdout)] == [second]
    assert len(json.loads(run("aduan", "daftar", "--semua", "--json").stdout)) == 2
    assert run("aduan", "tanggapi", "ADU-2026-0099", "--isi", "x").exit_code == 1


def test_complaints_enter_the_event_log(run, office):
    number = catat(run)["nomor"]
    run("aduan", "tanggapi", number, "--isi", "Ditindaklanjuti")
    run("aduan", "selesai", number)
    _, events, _ = register_isi(office / "data")
    assert [(e["aksi"], e["noreg"]) for e in events] == [
        ("aduan_catat", number), ("aduan_tanggapi", number), ("aduan_selesai", number)]  # fmt: skip
    assert run("periksa").exit_code == 0
