"""The shared Click parameter types (month, registration number, choices from the core's constants)
and the logic moved out of the commands into the core (daftar's filters, --ada, complaint lateness)."""

import datetime as dt
import json

import pytest
from conftest import ajukan_siti, siap_ajukan

from desa_cli import aduan, register, storage, survei
from desa_cli import kantor as kantor_mod
from desa_cli.perintah import jenis


@pytest.fixture
def office(kantor, monkeypatch, tmp_path):
    return siap_ajukan(monkeypatch, kantor, tmp_path)


@pytest.mark.parametrize(
    "args",
    [
        ("daftar",),
        ("laporan",),
        ("ekspor", "--keluar", "-"),
        ("survei", "hasil"),
    ],
)
@pytest.mark.parametrize("bulan", ["2026-13", "11-2026", "2026-1"])
def test_a_wrong_month_is_a_usage_error_in_indonesian(run, office, args, bulan):
    result = run(*args, "--bulan", bulan)
    assert result.exit_code == 2
    assert "--bulan" in result.stderr
    assert f"'{bulan}' bukan bulan; tulis seperti 2026-11." in result.stderr
    assert "Traceback" not in result.stderr


def test_a_good_month_passes_through(run, office, tmp_path):
    noreg = ajukan_siti(run, tmp_path)
    shown = json.loads(run("daftar", "--bulan", " 2026-11 ", "--json").stdout)
    assert [r["noreg"] for r in shown] == [noreg]


def test_noreg_is_normalised_before_the_command_sees_it(run, office, tmp_path):
    assert ajukan_siti(run, tmp_path) == "2026-00001"
    assert ajukan_siti(run, tmp_path) == "2026-00002"
    # The registration number typed short reaches the command normalised...
    assert json.loads(run("lihat", "2026-2", "--json").stdout)["noreg"] == "2026-00002"
    riwayat = json.loads(run("riwayat", "2026-1", "--json").stdout)
    assert {e["noreg"] for e in riwayat} == {"2026-00001"}
    # ...and an aduan names it in full.
    aduan = run("aduan", "catat", "--nama", "Pak Darmo", "--isi", "Lama", "--noreg", "2026-1", "--json")
    assert json.loads(aduan.stdout)["noreg"] == "2026-00001"


def test_the_fair_queue_prompt_shows_the_normalised_noreg(run, office, tmp_path, monkeypatch):
    ajukan_siti(run, tmp_path)
    ajukan_siti(run, tmp_path)
    from desa_cli.perintah import _bersama

    monkeypatch.setattr(_bersama, "interaktif", lambda: True)
    result = run("lengkapi", "2026-2", "--ada", "semua", input="n\n")
    assert result.exit_code == 1
    assert "Tetap melengkapi 2026-00002 sekarang?" in result.stderr
    assert "2026-00002 ditunda; layani dulu 2026-00001." in result.stderr


@pytest.mark.parametrize("command", [("lihat",), ("tolak", "--alasan", "x"), ("riwayat",), ("serahkan",)])
def test_a_wrong_noreg_is_a_usage_error(run, office, command):
    result = run(command[0], "2026/42", *command[1:])
    assert result.exit_code == 2
    assert "'2026/42' bukan nomor registrasi; bentuknya seperti 2026-00042." in result.stderr


def test_noreg_type_alone():
    assert jenis.NOREG.convert(" 2026-42 ", None, None) == "2026-00042"
    assert jenis.BULAN.convert("2026-01", None, None) == "2026-01"
    with pytest.raises(Exception, match="bukan bulan"):
        jenis.BULAN.convert("2026-00", None, None)


def test_choices_come_from_the_core():
    assert list(jenis.STATUS.choices) == [*register.LABEL_STATUS, "semua"]
    assert list(jenis.TINGKAT_KANTOR.choices) == list(kantor_mod.TINGKAT)
    assert list(jenis.USIA.choices) == list(survei.KELOMPOK_USIA)
    assert list(jenis.JENJANG.choices) == list(survei.PENDIDIKAN)
    assert list(jenis.KELAMIN.choices) == list(survei.JENIS_KELAMIN)


def test_wrong_choice_names_the_allowed_ones(run, office):
    result = run("survei", "isi", "--layanan", "domisili", "--pendidikan", "S4")
    assert result.exit_code == 2 and "D4/S1" in result.stderr
    result = run("daftar", "--status", "hilang")
    assert result.exit_code == 2 and "belum_lengkap" in result.stderr and "semua" in result.stderr


# --- the logic moved into the core -----------------------------------------------------------

PERSYARATAN = [{"kode": "ktp_el", "wajib": True}, {"kode": "kk", "wajib": True}, {"kode": "foto", "wajib": False}]


def test_baca_ada():
    assert register.baca_ada(None, PERSYARATAN) is None
    assert register.baca_ada(" Semua ", PERSYARATAN) == {"ktp_el", "kk", "foto"}
    assert register.baca_ada("kk, foto,", PERSYARATAN) == {"kk", "foto"}
    with pytest.raises(register.TidakBoleh) as caught:
        register.baca_ada("kk,paspor,akta", PERSYARATAN)
    # Unknown codes sorted; the known ones in the catalogue's order.
    assert str(caught.value) == "Kode persyaratan tidak dikenal: akta, paspor. Yang ada: ktp_el, kk, foto."


def test_lengkapi_gives_the_one_unknown_code_message(run, office, tmp_path):
    run("ajukan", "domisili", "--data", str(tmp_path / "isian.yaml"), "--ada", "ktp_el")
    result = run("lengkapi", "2026-1", "--ada", "kk,paspor")
    assert result.exit_code == 1
    assert "Kode persyaratan tidak dikenal: paspor. Yang ada: pengantar_rt_rw, ktp_el, kk" in result.stderr
    # The register refuses the same way when handed a set of codes directly.
    info = kantor_mod.muat(kantor_mod.LokasiKantor(office, "uji"))
    with storage.Transaksi(info.data_folder) as tx:
        reg = register.Register(tx, "uji", dt.datetime(2026, 11, 20, 11), info.kalender())
        with pytest.raises(register.TidakBoleh, match="tidak dikenal: paspor. Yang ada: pengantar_rt_rw, ktp_el"):
            reg.lengkapi("2026-00001", {"paspor"})
        assert register.kurang(reg.lengkapi("2026-00001", "semua")) == []


def test_register_antrean_filters_and_counts_days(run, office, tmp_path):
    first = ajukan_siti(run, tmp_path)
    run("ajukan", "domisili", "--data", str(tmp_path / "isian.yaml"), "--ada", "ktp_el")
    info = kantor_mod.muat(kantor_mod.LokasiKantor(office, "uji"))
    with storage.Transaksi(info.data_folder, baca_saja=True) as tx:
        # Friday 20 November; the complete one's deadline is a few working days later.
        reg = register.Register(tx, "uji", dt.datetime(2026, 11, 20, 12), info.kalender())
        records, sisa = reg.antrean()
        assert [r["noreg"] for r in records] == [first, "2026-00002"]
        assert set(sisa) == {first} and sisa[first] > 0
        assert [r["noreg"] for r in reg.antrean("belum_lengkap")[0]] == ["2026-00002"]
        assert [r["noreg"] for r in reg.antrean(cari="SITI")[0]] == [first, "2026-00002"]
        assert reg.antrean(layanan="keterangan-usaha")[0] == []
        assert reg.antrean(bulan="2026-10")[0] == []
        assert reg.antrean(terlambat=True)[0] == []
        # Two months on, the complete one is past its deadline.
        late = register.Register(tx, "uji", dt.datetime(2027, 1, 20, 12), info.kalender())
        records, sisa = late.antrean(terlambat=True)
        assert [r["noreg"] for r in records] == [first] and sisa[first] < 0


def test_terlambat_aduan():
    record = {"status": "baru", "batas_tanggapan": "2026-11-25", "batas_selesai": "2026-11-27"}
    assert aduan.terlambat(record, dt.date(2026, 11, 25)) == []
    assert aduan.terlambat(record, dt.date(2026, 11, 26)) == ["tanggapan awal"]
    assert aduan.terlambat(record, dt.date(2026, 11, 28)) == ["tanggapan awal", "penyelesaian"]
    assert aduan.terlambat({**record, "status": "ditanggapi"}, dt.date(2026, 11, 28)) == ["penyelesaian"]
    assert aduan.terlambat({**record, "status": "selesai"}, dt.date(2027, 1, 1)) == []


def test_dead_code_is_gone():
    from desa_cli import yamlskema

    assert not hasattr(register, "STATUS") and not hasattr(register.Register, "semua_surat")
    assert not any(hasattr(getattr(yamlskema, n), "describe") for n in ("Spec", "Text", "Integer", "Rupiah"))
