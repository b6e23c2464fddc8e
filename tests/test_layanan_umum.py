"""The general village letters of issue 13: the catch-all keterangan and pengantar, the loss
report pengantar, business and organisation domicile, travel, no house of one's own, good
conduct. Each is found by its alias, impossible dates are refused, and each printed letter says
what it is for (one LibreOffice batch)."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import buat_kantor, pakai_kantor
from test_semua_surat import ajukan_data as ajukan
from test_semua_surat import cetak_semua, contoh, kalimat_hilang

ALIAS = {
    "keterangan-umum": "keterangan",
    "pengantar-umum": "pengantar",
    "pengantar-kehilangan": "kehilangan",
    "keterangan-domisili-usaha": "skdu",
    "keterangan-domisili-lembaga": "domisili-yayasan",
    "keterangan-bepergian": "bepergian",
    "keterangan-belum-memiliki-rumah": "belum-punya-rumah",
    "keterangan-kelakuan-baik": "kelakuan-baik",
}


@pytest.mark.parametrize("kode,alias", ALIAS.items())
def test_each_service_is_found_by_its_alias_with_a_whole_standard(run, kode, alias):
    result = run("syarat", alias, "--json")
    assert result.exit_code == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["kode"] == kode and found["tingkat"] == "desa"
    assert found["biaya"]["tarif"] == 0 and found["persyaratan"] and found["dasar_hukum"]


@pytest.mark.parametrize(
    "kode,ubah,pesan",
    [
        # The office's clock is Friday 2026-11-20: a loss cannot be reported before it happens,
        ("pengantar-kehilangan", {"tanggal_hilang": "2026-11-21"}, "sesudah hari ini"),
        # a journey cannot start in the past,
        ("keterangan-bepergian", {"tanggal_berangkat": "2026-11-19"}, "sudah lewat"),
        # and a foundation's deed is not dated in the future.
        ("keterangan-domisili-lembaga", {"tanggal_akta": "2027-01-02"}, "sesudah hari ini"),
    ],
)
def test_impossible_dates_are_refused(run, monkeypatch, tmp_path, kode, ubah, pesan):
    pakai_kantor(monkeypatch, buat_kantor(tmp_path / "bacem"))
    result = ajukan(run, tmp_path, kode, contoh(kode) | ubah)
    assert result.exit_code == 1
    assert pesan in result.stderr and "Traceback" not in result.stderr


def test_the_same_dates_on_the_edge_are_taken(run, monkeypatch, tmp_path):
    pakai_kantor(monkeypatch, buat_kantor(tmp_path / "bacem"))
    for kode, ubah in (("pengantar-kehilangan", {"tanggal_hilang": "2026-11-20"}),
                       ("keterangan-bepergian", {"tanggal_berangkat": "2026-11-20"})):  # fmt: skip
        result = ajukan(run, tmp_path, kode, contoh(kode) | ubah)
        assert result.exit_code == 0, result.stderr


KALIMAT = {
    "keterangan-umum": ["benar tinggal bersama keluarganya", "persyaratan pendaftaran anggota koperasi"],
    "pengantar-umum": ["Kepala Dinas Sosial Kabupaten Blitar di Blitar", "pendaftaran Program Keluarga Harapan"],
    "pengantar-kehilangan": ["Kapolsek Ponggok", "kehilangan Buku Tabungan BRI", "Rabu, 18 November 2026",
                             "Surat Keterangan Tanda Lapor Kehilangan"],
    "keterangan-domisili-usaha": ['"Bengkel Maju Jaya"', "status tempat usaha milik sendiri",
                                  "tidak berlaku sebagai izin"],
    "keterangan-domisili-lembaga": ["Ketua Yayasan Pendidikan Al-Hidayah", "Nomor 12 tanggal 15 Juli 2019",
                                    "0012345.AH.01.04.Tahun 2019"],
    "keterangan-bepergian": ["Kota Surabaya", "Rabu, 25 November 2026 selama 3 bulan", "bersama 2 orang pengikut"],
    "keterangan-belum-memiliki-rumah": ["belum memiliki rumah di Desa Bacem", "menumpang di rumah orang tua",
                                        "KPR bersubsidi"],
    "keterangan-kelakuan-baik": ["berkelakuan baik", "bukan pengganti Surat Keterangan Catatan Kepolisian"],
}  # fmt: skip


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_each_letter_says_what_it_is_for(run, monkeypatch, tmp_path):
    printed = cetak_semua(run, monkeypatch, tmp_path, buat_kantor(tmp_path / "bacem"), list(KALIMAT))
    assert kalimat_hilang(printed, KALIMAT) == []
