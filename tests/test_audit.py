"""`desa periksa` catches every quiet change to the register; `desa riwayat` shows who did what."""

import json
import re

import conftest
import pytest
import yaml
from conftest import SITI, ubah_dokumen

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


def edit(data, nama: str, change) -> None:
    """A hand edit of register document `nama` (a file, or a database row: ubah_dokumen)."""
    ubah_dokumen(data, nama, change)


def awal(office) -> int:
    """How many events a fresh office's chain already holds (PostgreSQL: the `standar` event)."""
    return len(conftest.aksi_awal(office))


def peristiwa(table: dict, urut: int) -> str:
    """The key of the event numbered `urut` of the test (counted after the fresh office's own)."""
    return next(key for key, event in table["peristiwa"].items() if event["urut"] == urut)


def geser(text: str, n: int) -> str:
    """An audit message with each event number ("no. 5") moved on by the n events before them."""
    return re.sub(r"no\. (\d+)", lambda m: f"no. {int(m.group(1)) + n}", text)


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

    return lambda d, n: edit(d, "permohonan-2026-11", change)


def test_clean_register_passes(run, office):
    result = run("periksa")
    assert result.exit_code == 0, result.output
    assert f"✓ Rantai catatan peristiwa utuh ({6 + awal(office)} diperiksa)" in result.output
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
     lambda d, n: edit(d, "peristiwa-2026-11",
                       lambda x: x["peristiwa"][peristiwa(x, 2 + n)]["data"].update(status="lengkap")),
     "Peristiwa no. 2 (ajukan 2026-00002, 2026-11-23T09:00:00): isinya diubah setelah dicatat."),
    ("an event removed from the middle",
     lambda d, n: edit(d, "peristiwa-2026-11", lambda x: x["peristiwa"].pop(peristiwa(x, 5 + n))),
     "sebelum ini ada peristiwa yang hilang (no. 5)"),
    ("the last event removed",
     lambda d, n: edit(d, "peristiwa-2026-11", lambda x: x["peristiwa"].pop(peristiwa(x, 6 + n))),
     "Peristiwa terakhir (no. 6) hilang dari catatan."),
    ("an application removed",
     lambda d, n: edit(d, "permohonan-2026-11", lambda x: x["permohonan"].pop("2")),
     "Permohonan 2026-00002 tercatat diajukan, tetapi tidak ada di register."),
    ("a letter removed from the book",
     lambda d, n: edit(d, "surat-2026", lambda x: x["surat"].pop("1")),
     "Buku surat 2026: nomor urut 1 tidak ada."),
    ("a catalogue version wiped",
     ubah("2026-00001", versi_katalog=""),
     "Permohonan 2026-00001: versi katalog tidak tercatat."),
]  # fmt: skip


@pytest.mark.parametrize("what,tamper,fault", TAMPERING, ids=[t[0] for t in TAMPERING])
def test_editing_the_register_by_hand_is_caught(run, office, what, tamper, fault):
    tamper(office / "data", awal(office))
    result = run("periksa")
    assert result.exit_code == 1
    assert geser(fault, awal(office)) in result.output, result.output
    assert "✗" in result.output


def test_a_second_letter_with_the_same_number_is_caught(run, office):
    def duplicate(book):
        book["surat"]["2"] = dict(book["surat"]["1"], urut=2)

    edit(office / "data", "surat-2026", duplicate)
    result = run("periksa")
    assert result.exit_code == 1
    assert "nomor 470/001/35.05.06.2006/2026 dipakai 2 kali" in result.output


def test_riwayat_shows_who_did_what_newest_last(run, office):
    result = run("riwayat")
    assert result.exit_code == 0
    lines = [line for line in result.output.splitlines() if line.split()[:1] and line.split()[0].isdigit()]
    n = awal(office)
    assert [line.split()[0] for line in lines] == [str(i) for i in range(1, 7 + n)]
    assert "Joko" in lines[-1] and "batal" in lines[-1] and "alasan: Dobel" in lines[-1]
    assert "surat 470/001/35.05.06.2006/2026" in lines[3 + n]
    one = json.loads(run("riwayat", "2026-00002", "--json").stdout)
    assert [(e["aksi"], e["petugas"]) for e in one] == [("ajukan", "Sari"), ("lengkapi", "Joko")]
    assert [e["urut"] for e in json.loads(run("riwayat", "--jumlah", "2", "--json").stdout)] == [5 + n, 6 + n]
