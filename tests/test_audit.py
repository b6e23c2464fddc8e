"""`desa periksa` catches every quiet change to the register; `desa riwayat` shows who did what."""

import json
from pathlib import Path

import pytest
import yaml
from conftest import SITI

pytestmark = pytest.mark.dua_register


@pytest.fixture
def office(kantor, monkeypatch, tmp_path, run):
    return tiga_permohonan(run, monkeypatch, tmp_path, kantor)


def tiga_permohonan(run, monkeypatch, tmp_path, kantor):
    """Three applications: one printed, one completed later, one withdrawn."""
    monkeypatch.setenv("DESA_KANTOR", str(kantor))
    monkeypatch.setenv("DESA_PETUGAS", "Sari")
    monkeypatch.setenv("DESA_WAKTU", "2026-11-23T09:00:00")
    data = tmp_path / "isian.yaml"
    data.write_text(yaml.safe_dump(SITI), encoding="utf-8")
    for ada in ("semua", "ktp_el", "semua"):
        assert run("ajukan", "domisili", "--data", str(data), "--ada", ada).exit_code == 0
    monkeypatch.setenv("DESA_PETUGAS", "Joko")
    assert run("cetak", "2026-00001").exit_code == 0
    assert run("lengkapi", "2026-00002", "--ada", "semua").exit_code == 0
    assert run("batal", "2026-00003", "--alasan", "Dobel").exit_code == 0
    return kantor


def edit(path: Path, change) -> None:
    data = json.loads(path.read_bytes())
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")


def first(table: dict, noreg: str) -> dict:
    return next(doc for doc in table.values() if doc["noreg"] == noreg)


def ubah(noreg: str, **changes):
    """A hand edit of one application's record: `changes` maps keys to new values (pemohon_* into pemohon)."""

    def change(data):
        record = first(data["permohonan"], noreg)
        for key, value in changes.items():
            if key.startswith("pemohon_"):
                record["pemohon"][key[8:]] = value
            else:
                record[key] = value

    return lambda d: edit(d / "permohonan-2026-11.json", change)


def test_clean_register_passes(run, office):
    result = run("periksa")
    assert result.exit_code == 0, result.output
    assert "✓ Rantai catatan peristiwa utuh (6 diperiksa)" in result.output
    assert "✓ Setiap permohonan sesuai riwayatnya (3 diperiksa)" in result.output
    assert "Register dan arsip utuh." in result.output
    assert json.loads(run("periksa", "--json").stdout)["baik"] is True


TAMPERING = [
    ("a name changed",
     ubah("2026-00002", pemohon_nama="Orang Lain"),
     "Permohonan 2026-00002 (permohonan-2026-11.json) berbeda dari riwayatnya pada: pemohon"),
    ("a date changed",
     ubah("2026-00002", tenggat="2026-12-31"),
     "berbeda dari riwayatnya pada: tenggat"),
    ("a status changed",
     ubah("2026-00003", status="lengkap"),
     "Permohonan 2026-00003 (permohonan-2026-11.json) berbeda dari riwayatnya pada: status"),
    ("an event's content changed",
     lambda d: edit(d / "peristiwa-2026-11.json", lambda x: x["peristiwa"]["2"]["data"].update(status="lengkap")),
     "Peristiwa no. 2 (ajukan 2026-00002, 2026-11-23T09:00:00): isinya diubah setelah dicatat."),
    ("an event removed from the middle",
     lambda d: edit(d / "peristiwa-2026-11.json", lambda x: x["peristiwa"].pop("5")),
     "sebelum ini ada peristiwa yang hilang (no. 5)"),
    ("the last event removed",
     lambda d: edit(d / "peristiwa-2026-11.json", lambda x: x["peristiwa"].pop("6")),
     "Peristiwa terakhir (no. 6) hilang dari catatan."),
    ("an application removed",
     lambda d: edit(d / "permohonan-2026-11.json", lambda x: x["permohonan"].pop("2")),
     "Permohonan 2026-00002 tercatat diajukan, tetapi tidak ada di register."),
    ("a letter removed from the book",
     lambda d: edit(d / "surat-2026.json", lambda x: x["surat"].pop("1")),
     "Buku surat 2026: nomor urut 1 tidak ada."),
    ("a catalogue version wiped",
     ubah("2026-00001", versi_katalog=""),
     "Permohonan 2026-00001: versi katalog tidak tercatat."),
]  # fmt: skip


@pytest.mark.parametrize("what,tamper,fault", TAMPERING, ids=[t[0] for t in TAMPERING])
def test_editing_the_register_by_hand_is_caught(run, office, what, tamper, fault):
    tamper(office / "data")
    result = run("periksa")
    assert result.exit_code == 1
    assert fault in result.output, result.output
    assert "✗" in result.output


def test_a_second_letter_with_the_same_number_is_caught(run, office):
    def duplicate(book):
        book["surat"]["2"] = dict(book["surat"]["1"], urut=2)

    edit(office / "data" / "surat-2026.json", duplicate)
    result = run("periksa")
    assert result.exit_code == 1
    assert "nomor 470/001/35.05.06.2006/2026 dipakai 2 kali" in result.output


def test_riwayat_shows_who_did_what_newest_last(run, office):
    result = run("riwayat")
    assert result.exit_code == 0
    lines = [line for line in result.output.splitlines() if line.split()[:1] and line.split()[0].isdigit()]
    assert [line.split()[0] for line in lines] == ["1", "2", "3", "4", "5", "6"]
    assert "Joko" in lines[-1] and "batal" in lines[-1] and "alasan: Dobel" in lines[-1]
    assert "surat 470/001/35.05.06.2006/2026" in lines[3]
    one = json.loads(run("riwayat", "2026-00002", "--json").stdout)
    assert [(e["aksi"], e["petugas"]) for e in one] == [("ajukan", "Sari"), ("lengkapi", "Joko")]
    assert [e["urut"] for e in json.loads(run("riwayat", "--jumlah", "2", "--json").stdout)] == [5, 6]
