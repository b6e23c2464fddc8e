"""The population letters of issue 13: beda identitas (two identities side by side), KTP-el
dalam proses, the pengantar for a KK and a KTP-el to Disdukcapil, janda/duda (only for an
applicant whose status says so) and lahir mati (after at least 28 weeks). Found by alias,
impossible input refused, and the printed letters read (one LibreOffice batch)."""

from __future__ import annotations

import json
import shutil

import pytest
import yaml
from conftest import buat_kantor, pakai_kantor
from test_semua_surat import ajukan_data as ajukan
from test_semua_surat import cetak_semua, contoh, kalimat_hilang

from desa_cli import katalog

ALIAS = {
    "keterangan-beda-identitas": "beda-nama",
    "keterangan-ktp-dalam-proses": "ktp-dalam-proses",
    "pengantar-kk": "kk-baru",
    "pengantar-ktp-el": "ktp-hilang",
    "keterangan-janda-duda": "janda",
    "keterangan-lahir-mati": "lahir-mati",
}


@pytest.mark.parametrize("kode,alias", ALIAS.items())
def test_each_service_is_found_by_its_alias(run, kode, alias):
    result = run("syarat", alias, "--json")
    assert result.exit_code == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["kode"] == kode and found["tingkat"] == "desa" and found["biaya"]["tarif"] == 0


@pytest.mark.parametrize(
    "kode,ubah,pesan",
    [
        # Under 28 weeks it is a miscarriage, not a stillbirth; nor a pregnancy of a year.
        ("keterangan-lahir-mati", {"lama_kandungan": 20}, "Lama dalam kandungan (minggu) (20) kurang dari 28"),
        ("keterangan-lahir-mati", {"lama_kandungan": 52}, "lebih dari 45"),
        # The father is not the mother; the event is not tomorrow (the clock: 2026-11-20).
        ("keterangan-lahir-mati", {"nik_ayah": "3505064708900001"}, "NIK ayah sama dengan NIK ibu"),
        ("keterangan-lahir-mati", {"tanggal_lahir_mati": "2026-11-21"}, "sesudah hari ini"),
        # A widow's letter only for a widow (or a divorcee): not for a married applicant.
        ("keterangan-janda-duda", {"status_perkawinan": "Kawin"}, "hanya untuk pemohon berstatus Cerai Mati atau"),
        # The spouse did not die before the applicant was born.
        ("keterangan-janda-duda", {"tanggal_peristiwa": "1950-01-01"}, "lebih awal dari Tanggal lahir"),
        ("keterangan-beda-identitas", {"tanggal_lahir_beda": "2027-01-01"}, "sesudah hari ini"),
    ],
)
def test_impossible_input_is_refused(run, monkeypatch, tmp_path, kode, ubah, pesan):
    pakai_kantor(monkeypatch, buat_kantor(tmp_path / "bacem"))
    result = ajukan(run, tmp_path, kode, contoh(kode) | ubah)
    assert result.exit_code == 1
    assert pesan in result.stderr and "Traceback" not in result.stderr


def test_the_bounds_are_inclusive(run, monkeypatch, tmp_path):
    pakai_kantor(monkeypatch, buat_kantor(tmp_path / "bacem"))
    for weeks in (28, 45):
        result = ajukan(
            run, tmp_path, "keterangan-lahir-mati", contoh("keterangan-lahir-mati") | {"lama_kandungan": weeks}
        )
        assert result.exit_code == 0, result.stderr
    divorced = contoh("keterangan-janda-duda") | {"status_perkawinan": "Cerai Hidup"}
    assert ajukan(run, tmp_path, "keterangan-janda-duda", divorced).exit_code == 0


@pytest.mark.parametrize(
    "isian,pesan",
    [
        ({"nama": "x", "label": "X", "jenis": "teks", "paling_sedikit": 1}, "hanya untuk isian berjenis 'angka'"),
        ({"nama": "x", "label": "X", "jenis": "angka", "paling_sedikit": 5, "paling_banyak": 2}, "lebih besar"),
    ],
)
def test_number_bounds_are_checked_in_the_catalogue(tmp_path, isian, pesan):
    data = yaml.safe_load((katalog.bundled_folder() / "keterangan-umum.yaml").read_text(encoding="utf-8"))
    data["isian"].append(isian)
    path = tmp_path / "keterangan-umum.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    layanan, faults = katalog.read_layanan(path)
    assert layanan is None and any(pesan in str(fault) for fault in faults), faults


def test_a_status_that_is_not_a_marital_status_is_refused_in_the_catalogue(tmp_path):
    data = yaml.safe_load((katalog.bundled_folder() / "keterangan-janda-duda.yaml").read_text(encoding="utf-8"))
    data["status_pemohon"] = ["Janda"]
    path = tmp_path / "keterangan-janda-duda.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    layanan, faults = katalog.read_layanan(path)
    assert layanan is None and any("'Janda' bukan status perkawinan" in str(fault) for fault in faults), faults


KALIMAT = {
    # Both identities side by side: the KTP-el's and the diploma's name and birth date.
    "keterangan-beda-identitas": ["Menurut KTP-el dan Kartu Keluarga", "Menurut Ijazah SMA", "Siti Aminah Rahayu",
                                  "17 Agustus 1990", "7 Agustus 1990", "benar satu orang yang sama"],
    "keterangan-ktp-dalam-proses": ["perekaman KTP-el pada 2 November 2026", "tidak menggantikan Surat Keterangan"],
    "pengantar-kk": ["Kepala Dinas Kependudukan dan Pencatatan Sipil Kabupaten Blitar",
                     "perubahan KK karena penambahan anggota keluarga", "3505061203150007"],
    "pengantar-ktp-el": ["Kepala Dinas Kependudukan dan Pencatatan Sipil", "permohonan KTP-el baru"],
    "keterangan-janda-duda": ["berstatus janda cerai mati: suaminya, Slamet, meninggal dunia pada 9 Maret 2021"],
    "keterangan-lahir-mati": ["telah lahir dalam keadaan mati", "Siti Aminah", "34 minggu",
                              "Sabtu, 14 November 2026", "Lilitan tali pusat"],
}  # fmt: skip


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_each_letter_says_what_it_is_about(run, monkeypatch, tmp_path):
    printed = cetak_semua(run, monkeypatch, tmp_path, buat_kantor(tmp_path / "bacem"), list(KALIMAT))
    assert kalimat_hilang(printed, KALIMAT) == []
