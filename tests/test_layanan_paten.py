"""The kecamatan's PATEN services of issue 13: the camat's endorsement of a village letter, the
dispensation for a marriage within 10 working days of its registration at the KUA (counted by
the office's calendar: Christmas and its cuti bersama are not working days), and the camat's
recommendation. Found at a kecamatan (and a village office is told where they are served)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import buat_kantor, pakai_kantor
from test_semua_surat import KECAMATAN, cetak_semua, contoh, kalimat_hilang
from test_semua_surat import ajukan_data as ajukan

KODE = ("pengesahan-surat-desa", "dispensasi-nikah", "rekomendasi-camat")


def ponggok(tmp_path: Path) -> Path:
    return buat_kantor(tmp_path / "ponggok", **KECAMATAN, alamat="Jl. Raya Ponggok No. 10")


@pytest.mark.parametrize(
    "alias,kode", [("legalisasi-sktm", KODE[0]), ("dispensasi", KODE[1]), ("rekomendasi", KODE[2])]
)
def test_each_service_is_found_at_the_kecamatan(run, monkeypatch, tmp_path, alias, kode):
    pakai_kantor(monkeypatch, ponggok(tmp_path))
    result = run("syarat", alias, "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["kode"] == kode and json.loads(result.stdout)["tingkat"] == "kecamatan"


def test_a_village_office_is_told_the_kecamatan_serves_it(run, monkeypatch, tmp_path):
    pakai_kantor(monkeypatch, buat_kantor(tmp_path / "bacem"))
    result = ajukan(run, tmp_path, "dispensasi-nikah", contoh("dispensasi-nikah"))
    assert result.exit_code == 1 and "kecamatan" in result.stderr.lower()


@pytest.mark.parametrize(
    "akad,diterima",
    [
        # Registered Monday 14 December 2026. Working days after it: 15-18, 21-23, then the cuti
        # bersama (24) and Christmas (25), then 28, 29: the 29th is the 9th working day, the 30th
        # the 10th. Without the two holidays the 29th would already be the 11th.
        ("2026-12-29", True),
        ("2026-12-30", False),
        ("2026-12-14", True),
    ],
)
def test_the_dispensation_is_for_fewer_than_10_working_days(run, monkeypatch, tmp_path, akad, diterima):
    pakai_kantor(monkeypatch, ponggok(tmp_path), waktu="2026-12-14T09:00:00")
    data = contoh("dispensasi-nikah") | {"tanggal_daftar_kua": "2026-12-14", "tanggal_akad": akad}
    result = ajukan(run, tmp_path, "dispensasi-nikah", data)
    assert (result.exit_code == 0) == diterima, result.stderr
    if not diterima:
        assert "berjarak 10 hari kerja" in result.stderr and "tidak perlu dispensasi camat" in result.stderr


@pytest.mark.parametrize(
    "ubah,pesan",
    [
        ({"tanggal_daftar_kua": "2026-11-21"}, "sesudah hari ini"),
        ({"tanggal_akad": "2026-11-19", "tanggal_daftar_kua": "2026-11-18"}, "sudah lewat"),
        ({"nik_pasangan": "3505065503010002"}, "NIK calon pasangan sama dengan NIK"),
    ],
)
def test_impossible_marriage_dates_are_refused(run, monkeypatch, tmp_path, ubah, pesan):
    pakai_kantor(monkeypatch, ponggok(tmp_path))
    result = ajukan(run, tmp_path, "dispensasi-nikah", contoh("dispensasi-nikah") | ubah)
    assert result.exit_code == 1 and pesan in result.stderr and "Traceback" not in result.stderr


KALIMAT = {
    "pengesahan-surat-desa": ["Surat Keterangan Ahli Waris Nomor 474/012/35.05.06.2006/2026", "10 November 2026",
                              "disahkan untuk keperluan pencairan tabungan", "CAMAT PONGGOK"],
    "dispensasi-nikah": ["Kepala KUA Kecamatan Ponggok", "Sabtu, 28 November 2026", "19 November 2026",
                         "Demikian dispensasi ini diberikan", "Drs. Agus Salim"],
    "rekomendasi-camat": ["Rektor Universitas Negeri Malang di Malang", "400/031/35.05.06.2006/2026",
                          "pengajuan beasiswa KIP Kuliah", "Demikian rekomendasi ini"],
}  # fmt: skip


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_each_letter_says_what_it_is_about(run, monkeypatch, tmp_path):
    printed = cetak_semua(run, monkeypatch, tmp_path, ponggok(tmp_path), list(KALIMAT))
    assert kalimat_hilang(printed, KALIMAT) == []
