"""The holiday calendar's cache follows the installed `holidays`; warnings for years whose cuti bersama
are unknown (issue 11)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import yaml
from conftest import pakai_kantor

from desa_cli import kalender

SITI_FLAGS = [
    "--nik", "3505014708900001", "--nama", "Siti Aminah", "--tempat-lahir", "Blitar",
    "--tanggal-lahir", "1990-08-07", "--jenis-kelamin", "P", "--agama", "Islam",
    "--status-perkawinan", "Kawin", "--pekerjaan", "Petani", "--alamat", "Bacem",
    "--isi", "keperluan=Melamar kerja",
]  # fmt: skip


def cache_lama(folder, paket: str):
    """libur-2026.json as holidays 0.97 wrote it: it did not know 2026's cuti bersama, and put
    Idul Fitri (an estimate) on 20-21 March."""
    data = {
        "versi": kalender._CACHE_VERSION,
        "paket": paket,
        "libur": {"2026-03-19": "Hari Suci Nyepi", "2026-03-20": "Idul Fitri", "2026-03-21": "Idul Fitri"},
        "cuti_bersama": {},
    }
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "libur-2026.json").write_text(json.dumps(data), encoding="utf-8")


def test_installed_holidays_knows_the_2026_decree(tmp_path):
    # SKB 3 Menteri for 2026: cuti bersama 18 March (Nyepi) and 20, 23, 24 March (Idul Fitri).
    k = kalender.Kalender(cache=tmp_path)
    for day in ("2026-03-18", "2026-03-20", "2026-03-23", "2026-03-24"):
        assert "Cuti Bersama" in k.libur(dt.date.fromisoformat(day)), day
    assert k.tenggat(dt.date(2026, 3, 17), 5) == dt.date(2026, 3, 31)


def test_a_cache_built_by_another_holidays_version_is_rebuilt(tmp_path):
    cache_lama(tmp_path, "0.97")
    k = kalender.Kalender(cache=tmp_path)
    assert k.tenggat(dt.date(2026, 3, 17), 5) == dt.date(2026, 3, 31)
    rebuilt = json.loads((tmp_path / "libur-2026.json").read_text(encoding="utf-8"))
    assert rebuilt["paket"] == kalender.versi_holidays() != ""
    assert "2026-03-23" in rebuilt["cuti_bersama"]


def test_a_cache_of_the_installed_version_is_reused(tmp_path):
    # The same file, marked as built by the installed version, is read as it is: no rebuild.
    cache_lama(tmp_path, kalender.versi_holidays())
    k = kalender.Kalender(cache=tmp_path)
    assert k.tenggat(dt.date(2026, 3, 17), 5) == dt.date(2026, 3, 26)


def test_a_changed_libur_tambahan_counts_with_the_cache_in_place(tmp_path):
    assert kalender.Kalender(cache=tmp_path).tenggat(dt.date(2026, 3, 17), 5) == dt.date(2026, 3, 31)
    assert (tmp_path / "libur-2026.json").is_file()
    k = kalender.Kalender(cache=tmp_path, libur_tambahan={"2026-03-25": "Hari jadi kabupaten"})
    assert k.tenggat(dt.date(2026, 3, 17), 5) == dt.date(2026, 4, 1)


@pytest.fixture
def tahun_asing(monkeypatch):
    """Make the installed `holidays` seem not to know the cuti bersama of the years in the set."""
    unknown: set = set()
    real = kalender._build_year

    def build(year):
        data = real(year)
        return {**data, "cuti_bersama": {}} if year in unknown else data

    monkeypatch.setattr(kalender, "_build_year", build)
    return unknown


def test_libur_tambahan_of_a_year_makes_its_cuti_bersama_known(tmp_path, tahun_asing):
    tahun_asing.add(2026)
    assert not kalender.Kalender(cache=tmp_path).cuti_bersama_dikenal(2026)
    assert not kalender.Kalender(cache=tmp_path, libur_tambahan={"2027-01-02": "x"}).cuti_bersama_dikenal(2026)
    assert kalender.Kalender(cache=tmp_path, libur_tambahan={"2026-12-24": "x"}).cuti_bersama_dikenal(2026)
    assert kalender.Kalender(cache=tmp_path).cuti_bersama_dikenal(2025)


def set_libur_tambahan(office, libur: dict):
    path = office / "kantor.yaml"
    data = yaml.safe_load(path.read_bytes())
    data["libur_tambahan"] = libur
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_ajukan_warns_when_the_deadlines_year_has_unknown_cuti_bersama(run, kantor, monkeypatch, tahun_asing):
    office = pakai_kantor(monkeypatch, kantor)  # Friday 20 November 2026: domisili due Monday 23
    result = run("ajukan", "domisili", *SITI_FLAGS, "--ada", "semua")
    assert result.exit_code == 0 and "belum dikenal" not in result.stderr

    tahun_asing.add(2026)
    (office / "data" / "kalender" / "libur-2026.json").unlink()
    result = run("ajukan", "domisili", *SITI_FLAGS, "--ada", "semua")
    assert result.exit_code == 0, result.stderr
    assert "2026-00002" in result.stdout
    lines = [line for line in result.stderr.splitlines() if "cuti bersama" in line]
    assert len(lines) == 1 and lines[0].startswith("Peringatan: tenggat 23 November 2026")
    assert "isi libur_tambahan di kantor.yaml untuk tahun 2026" in lines[0]
    data = json.loads(run("ajukan", "domisili", *SITI_FLAGS, "--ada", "semua", "--json").stdout)
    assert any("untuk tahun 2026" in line for line in data["peringatan"])
    # No deadline yet (papers missing): nothing to warn about.
    assert "cuti bersama" not in run("ajukan", "domisili", *SITI_FLAGS, "--ada", "ktp_el").stderr

    set_libur_tambahan(office, {"2027-01-04": "Libur daerah"})  # another year does not cover 2026
    assert "untuk tahun 2026" in run("ajukan", "domisili", *SITI_FLAGS, "--ada", "semua").stderr
    set_libur_tambahan(office, {"2026-12-24": "Cuti Bersama Natal"})
    result = run("ajukan", "domisili", *SITI_FLAGS, "--ada", "semua")
    assert result.exit_code == 0 and "cuti bersama" not in result.stderr


def test_kantor_stops_warning_once_libur_tambahan_covers_the_year(run, kantor, monkeypatch, tahun_asing):
    office = pakai_kantor(monkeypatch, kantor, waktu="2026-06-01T09:00:00")
    tahun_asing.add(2026)
    assert "cuti bersama 2026 belum dikenal" in run("kantor").stderr
    set_libur_tambahan(office, {"2027-01-04": "Libur daerah"})
    assert "cuti bersama 2026 belum dikenal" in run("kantor").stderr
    set_libur_tambahan(office, {"2026-12-24": "Cuti Bersama Natal"})
    result = run("kantor")
    assert result.exit_code == 0 and "belum dikenal" not in result.stderr
