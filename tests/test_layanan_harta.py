"""Property and parties (issue 13): jual beli (seller, buyer, goods, price in figures and words),
kepemilikan tanah (the four boundaries, origin, proof), the sporadik statement (two witnesses, the
head "mengetahui"), surat kuasa (both parties sign), penghasilan orang tua (father and mother
apart, the total). Found by alias, impossible input refused, printed letters read."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from conftest import buat_kantor, pakai_kantor
from hypothesis import given
from hypothesis import strategies as st
from test_semua_surat import ajukan_data as ajukan
from test_semua_surat import cetak_semua, contoh, kalimat_hilang

from desa_cli import naskah

ALIAS = {
    "keterangan-jual-beli": "jual-beli",
    "keterangan-kepemilikan-tanah": "tanah",
    "pernyataan-penguasaan-tanah": "sporadik",
    "surat-kuasa": "kuasa",
    "keterangan-penghasilan-orang-tua": "ukt",
}


@pytest.mark.parametrize("kode,alias", ALIAS.items())
def test_each_service_is_found_by_its_alias(run, kode, alias):
    result = run("syarat", alias, "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["kode"] == kode


@pytest.mark.parametrize(
    "kode,ubah,pesan",
    [
        # The buyer is not the seller; a sale is not dated tomorrow (the clock: 2026-11-20); no free sale.
        ("keterangan-jual-beli", {"nik_pembeli": "3505061204850003"}, "NIK pembeli sama dengan NIK"),
        ("keterangan-jual-beli", {"tanggal_jual_beli": "2026-11-21"}, "sesudah hari ini"),
        ("keterangan-jual-beli", {"harga": 0}, "Harga (0) kurang dari 1"),
        ("keterangan-kepemilikan-tanah", {"luas_tanah": 0}, "kurang dari 1"),
        # A witness is not the one who states, nor the other witness.
        ("pernyataan-penguasaan-tanah", {"nik_saksi_1": "3505061204850003"}, "NIK saksi pertama sama dengan NIK"),
        ("pernyataan-penguasaan-tanah", {"nik_saksi_2": "3505060303600004"}, "sama dengan NIK saksi pertama"),
        ("pernyataan-penguasaan-tanah", {"tahun_perolehan": 3026}, "lebih dari 2100"),
        # Nobody gives a power to himself; a power does not end in the past.
        ("surat-kuasa", {"nik_penerima_kuasa": "3505065306620005"}, "NIK penerima kuasa sama dengan NIK"),
        ("surat-kuasa", {"berlaku_sampai": "2026-11-19"}, "sudah lewat"),
        ("keterangan-penghasilan-orang-tua", {"nik_ibu": "3505060101650001"}, "NIK ibu sama dengan NIK ayah"),
    ],
)
def test_impossible_input_is_refused(run, monkeypatch, tmp_path, kode, ubah, pesan):
    pakai_kantor(monkeypatch, buat_kantor(tmp_path / "bacem"))
    result = ajukan(run, tmp_path, kode, contoh(kode) | ubah)
    assert result.exit_code == 1
    assert pesan in result.stderr and "Traceback" not in result.stderr


@given(st.integers(min_value=0, max_value=10**14))
def test_terbilang_reads_as_num2words_with_seribu(n):
    """Checked against num2words, which says "satu ribu" inside a number where Indonesian usage
    (KBBI) writes "seribu"."""
    num2words = pytest.importorskip("num2words").num2words
    expected = re.sub(r"(^|(?:juta|miliar|triliun) )satu ribu", r"\1seribu", num2words(n, lang="id"))
    assert naskah.terbilang(n) == expected


KALIMAT = {
    "keterangan-jual-beli": ["selaku penjual, telah menjual kepada", "Ahmad Fauzi", "Rp38.500.000",
                             "tiga puluh delapan juta lima ratus ribu rupiah", "bukan merupakan akta peralihan"],
    "keterangan-kepemilikan-tanah": ["450 m²", "Sebelah Utara", "Tanah milik Sukirman", "Saluran irigasi",
                                     "C 1234 Persil 56 Kelas D.II", "belum didaftarkan haknya"],
    "pernyataan-penguasaan-tanah": ["Nomor Register", "itikad baik", "Saksi I", "Sukirman", "Sarmi",
                                    "Mengetahui/Membenarkan", "KEPALA DESA BACEM", "Meterai Rp10.000"],
    "surat-kuasa": ["PEMBERI KUASA", "PENERIMA KUASA", "KHUSUS untuk mengambil bantuan sosial",
                    "31 Desember 2026", "Mengetahui", "Suyanto", "Meterai Rp10.000"],
    "keterangan-penghasilan-orang-tua": ["Universitas Negeri Malang", "Rp1.750.000", "Rp900.000", "Rp2.650.000",
                                         "dua juta enam ratus lima puluh ribu rupiah"],
}  # fmt: skip


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_each_letter_says_what_it_is_about(run, monkeypatch, tmp_path):
    printed = cetak_semua(run, monkeypatch, tmp_path, buat_kantor(tmp_path / "bacem"), list(KALIMAT))
    assert kalimat_hilang(printed, KALIMAT) == []
