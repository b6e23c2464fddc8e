"""register.py split (issue 10): complaints in aduan.py, survey storage in survei.py, the letter book in
buku_surat.py, the number floors in penomoran.py; no private `_bulan` key travelling in records."""

import ast
import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import ajukan_siti, siap_ajukan

import desa_cli
from desa_cli import aduan, audit, buku_surat, penomoran, register, storage, survei
from desa_cli import kantor as kantor_mod

BATAS = {"tanggapan_awal": 3, "informasi": 5, "tanpa_pemeriksaan": 10, "pemeriksaan_lapangan": 30}
JAWABAN = dict.fromkeys(survei.KUNCI_UNSUR, 3)


@pytest.fixture
def office(kantor, monkeypatch, tmp_path):
    return siap_ajukan(monkeypatch, kantor, tmp_path)


def _register(office, tx, when=dt.datetime(2026, 11, 20, 11)):
    info = kantor_mod.muat(kantor_mod.LokasiKantor(office, "uji"))
    return register.Register(tx, "uji", when, info.kalender(), info.data["kode_wilayah"])


def _stored(data: Path) -> list:
    rows = []
    for path in sorted(data.glob("permohonan-*.json")):
        rows.extend(json.loads(path.read_bytes()).get("permohonan", {}).values())
    return rows


def test_records_carry_no_private_keys_and_changes_reach_their_month_file(run, office, tmp_path, monkeypatch):
    monkeypatch.setenv("DESA_WAKTU", "2026-10-30T09:00:00")
    october = ajukan_siti(run, tmp_path)
    monkeypatch.setenv("DESA_WAKTU", "2026-11-20T09:00:00")
    assert run("ajukan", "domisili", "--data", str(tmp_path / "isian.yaml"), "--ada", "ktp_el").exit_code == 0
    data = office / "data"
    with storage.Transaksi(data) as tx:
        reg = _register(office, tx)
        for noreg in (october, "2026-00002"):
            assert not [k for k in reg.ambil(noreg) if k.startswith("_")]
        records, _ = reg.antrean(status="semua")
        assert len(records) == 2 and not [k for r in records for k in r if k.startswith("_")]
        # An October application changed in November is written back into the October file.
        changed = reg.akhiri(october, "batal", "Pemohon pindah", ("lengkap",))
        assert changed["status"] == "batal" and not [k for k in changed if k.startswith("_")]
        assert not [k for k in reg.lengkapi("2026-00002", "semua") if k.startswith("_")]
    in_october = json.loads((data / "permohonan-2026-10.json").read_bytes())["permohonan"]
    assert [r["status"] for r in in_october.values()] == ["batal"]
    assert len(json.loads((data / "permohonan-2026-11.json").read_bytes())["permohonan"]) == 1
    assert not [k for r in _stored(data) for k in r if k.startswith("_")]
    assert audit.periksa(data, office).semua_kesalahan() == []


def test_complaints_and_survey_write_into_the_one_chain(run, office, tmp_path):
    data = office / "data"
    with storage.Transaksi(data) as tx:
        reg = _register(office, tx)
        record = aduan.catat(reg, {"pelapor": "Pak Darmo", "kontak": "", "layanan": None, "noreg": None,
                                   "isi": "Antrean lama", "kelas": "informasi"}, BATAS)  # fmt: skip
        assert record["nomor"] == "ADU-2026-0001"
        aduan.ubah(reg, "adu-2026-1", "aduan_tanggapi", "Ditindaklanjuti")
        with pytest.raises(register.PermohonanTidakAda, match="Aduan ADU-2026-2 tidak ada"):
            aduan.ubah(reg, "ADU-2026-2", "aduan_selesai", None)
        row = survei.catat(reg, "domisili", JAWABAN, {"usia": "30-39", "pekerjaan": ""})
        assert row == {"no": 1, "waktu": "2026-11-20T11:00:00", "layanan": "domisili", "jawaban": JAWABAN,
                       "usia": "30-39"}  # fmt: skip
    with storage.Transaksi(data, baca_saja=True) as tx:
        reg = _register(office, tx)
        assert [(r["nomor"], r["status"]) for r in aduan.daftar(reg)] == [("ADU-2026-0001", "ditanggapi")]
        assert survei.responden(reg, 2026) == [row]
        events = reg.peristiwa_terakhir(10)
    number = "ADU-2026-0001"
    assert [(e["aksi"], e["noreg"]) for e in events] == [
        ("aduan_catat", number), ("aduan_tanggapi", number), ("survei", "SKM-2026-00001")]  # fmt: skip
    assert [e["sebelum"] for e in events[1:]] == [e["hash"] for e in events[:-1]]
    assert [e["hash"] == register.hash_peristiwa(e) for e in events] == [True] * 3, events
    assert audit.periksa(data, office).semua_kesalahan() == []
    for gone in ("catat_aduan", "ubah_aduan", "daftar_aduan", "catat_survei", "survei", "buku", "cari_verifikasi"):
        assert not hasattr(register.Register, gone)


def test_letter_book_and_number_floors(run, office, tmp_path):
    noreg = ajukan_siti(run, tmp_path)
    surat = {"urut": 7, "nomor": "470/7", "tanggal": "2026-11-20", "kode_verifikasi": "K7", "berkas": "a.docx",
             "sha256": "0" * 64}  # fmt: skip
    with storage.Transaksi(office / "data") as tx:
        reg = _register(office, tx)
        buku_surat.catat(tx, reg.ambil(noreg), surat)
        assert [e["urut"] for e in buku_surat.daftar(tx, 2026)] == [7]
    with storage.Transaksi(office / "data") as tx:  # verification looks in the book files on disk
        assert buku_surat.cari_verifikasi(tx, "K7")["noreg"] == noreg
        assert buku_surat.cari_verifikasi(tx, "K8") is None
        buku_surat.batalkan(tx, {"surat": surat})
        assert buku_surat.daftar(tx, 2026)[0]["status"] == "batal"
    arsip = office / "arsip" / "2026"
    arsip.mkdir(parents=True)
    (arsip / "2026-00042_domisili.docx").write_bytes(b"x")
    assert list(penomoran.noreg_arsip(office / "arsip", 2026)) == ["2026-00042"]
    top = penomoran.angka_tertinggi([office / "data"], office / "arsip")
    assert top == {"noreg": {"2026": 42}, "surat": {"2026": 7}, "aduan": {}, "masuk": {}}


def test_register_is_small_and_so_are_its_functions():
    folder = Path(desa_cli.__file__).parent
    assert len((folder / "register.py").read_text(encoding="utf-8").splitlines()) < 460
    for name in ("register.py", "aduan.py", "survei.py", "buku_surat.py", "penomoran.py"):
        tree = ast.parse((folder / name).read_text(encoding="utf-8"))
        long = [n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.end_lineno - n.lineno >= 60]
        assert long == [], name
