"""The fair queue: out-of-turn service is warned about and recorded; rules never change midway."""

import json

import pytest
import yaml
from conftest import SITI, copy_bundled, register_isi, terbitkan_ulang

pytestmark = pytest.mark.dua_register


@pytest.fixture
def office(kantor, monkeypatch, tmp_path, run):
    monkeypatch.setenv("DESA_KANTOR", str(kantor))
    monkeypatch.setenv("DESA_PETUGAS", "Sari")
    monkeypatch.setenv("DESA_WAKTU", "2026-11-20T09:00:00")
    (tmp_path / "isian.yaml").write_text(yaml.safe_dump(SITI), encoding="utf-8")
    return kantor


def ajukan(run, tmp_path, ada="semua"):
    result = run("ajukan", "domisili", "--data", str(tmp_path / "isian.yaml"), "--ada", ada, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)["noreg"]


def last_event(office):
    return register_isi(office / "data")[1][-1]


def test_printing_out_of_turn_is_warned_and_recorded(run, office, tmp_path):
    first, second, third = (ajukan(run, tmp_path) for _ in range(3))
    result = run("cetak", third)
    assert result.exit_code == 0
    assert "2 permohonan lengkap yang datang lebih dulu masih menunggu; yang tertua 2026-00001" in result.stderr
    event = last_event(office)
    assert event["aksi"] == "cetak" and event["noreg"] == third
    assert event["catatan"] == {"antrean": {"menunggu": 2, "tertua": first, "pilihan": "lanjut"}}
    # In order, no warning.
    quiet = run("cetak", first)
    assert quiet.exit_code == 0 and quiet.stderr == ""
    assert "catatan" not in last_event(office)
    assert run("periksa").exit_code == 0


def test_the_clerk_may_put_it_off_and_that_is_kept(run, office, tmp_path, monkeypatch):
    import desa_cli.perintah._bersama as bersama

    ajukan(run, tmp_path)
    later = ajukan(run, tmp_path)
    monkeypatch.setattr(bersama, "interaktif", lambda: True)
    result = run("cetak", later, input="n\n")
    assert result.exit_code == 1
    assert "ditunda; layani dulu 2026-00001" in result.stderr
    event = last_event(office)
    assert (event["aksi"], event["noreg"], event["catatan"]["antrean"]["pilihan"]) == (
        "peringatan_antrean", later, "tunda")  # fmt: skip
    assert json.loads(run("lihat", later, "--json").stdout)["status"] == "lengkap"
    assert json.loads(run("buku", "--json").stdout) == []
    assert run("periksa").exit_code == 0
    assert run("cetak", later, input="y\n").exit_code == 0


def test_completing_out_of_turn_is_warned_too(run, office, tmp_path):
    ajukan(run, tmp_path)
    waiting = ajukan(run, tmp_path, ada="ktp_el")
    result = run("lengkapi", waiting, "--ada", "semua")
    assert result.exit_code == 0
    assert "1 permohonan lengkap yang datang lebih dulu" in result.stderr
    assert last_event(office)["catatan"]["antrean"]["tertua"] == "2026-00001"


def test_daftar_terlambat(run, office, tmp_path, monkeypatch):
    late = ajukan(run, tmp_path)  # complete Friday 20 November, due Monday 23
    monkeypatch.setenv("DESA_WAKTU", "2026-11-24T09:00:00")
    fresh = ajukan(run, tmp_path)
    assert [r["noreg"] for r in json.loads(run("daftar", "--json").stdout)] == [late, fresh]
    result = run("daftar", "--terlambat", "--json")
    assert [(r["noreg"], r["sisa_hari_kerja"]) for r in json.loads(result.stdout)] == [(late, -1)]


def test_a_new_requirement_does_not_touch_applications_already_taken(run, office, tmp_path):
    before = ajukan(run, tmp_path)
    incomplete = ajukan(run, tmp_path, ada="ktp_el,kk")
    path = copy_bundled("keterangan-domisili", office / "katalog")
    text = path.read_text(encoding="utf-8").replace(
        "prosedur:", "  - kode: surat_sakti\n    nama: Surat rekomendasi kepala dusun\nprosedur:"
    )
    path.write_text(text, encoding="utf-8")
    terbitkan_ulang(office)  # PostgreSQL: the changed catalogue becomes the office standard
    after = ajukan(run, tmp_path, ada="pengantar_rt_rw,ktp_el,kk")
    records = {n: json.loads(run("lihat", n, "--json").stdout) for n in (before, incomplete, after)}
    assert records[before]["status"] == "lengkap"
    assert "surat_sakti" not in [p["kode"] for p in records[before]["persyaratan"]]
    assert records[after]["status"] == "belum_lengkap" and "surat_sakti" in [
        p["kode"] for p in records[after]["persyaratan"]
    ]
    assert records[before]["versi_katalog"] != records[after]["versi_katalog"]
    # The old one completes and prints by the rules it was taken under.
    assert json.loads(run("lengkapi", incomplete, "--ada", "pengantar_rt_rw", "--json").stdout)["status"] == "lengkap"
    assert run("cetak", before).exit_code == 0
