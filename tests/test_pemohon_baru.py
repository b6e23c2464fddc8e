"""The applicant's own fields of issue 13: No. KK, RT, RW, dusun/lingkungan, telephone and
education. Each is checked as typed, the letter's address line is built from them (older data
prints as it was), a service whose form needs the KK number requires it, the SKTM lists the
household, and the new personal data never leaves in `desa ekspor`."""

from __future__ import annotations

import json
import shutil

import pytest
import yaml
from conftest import SITI, buat_kantor, pakai_kantor
from hypothesis import given
from hypothesis import strategies as st
from test_semua_surat import ajukan_data as ajukan
from test_semua_surat import cetak_semua, contoh

from desa_cli import katalog, nomor
from desa_cli.pemohon import alamat_lengkap


@given(st.from_regex(r"350506[0-3][0-9][01][0-9][0-9]{2}[0-9]{3}[1-9]", fullmatch=True))
def test_a_kk_number_of_16_digits_in_a_known_province_is_taken(text):
    number, _ = nomor.kk(text)
    assert number == text and len(number) == 16


@pytest.mark.parametrize(
    "text,pesan",
    [
        ("350506120315000", "harus 16 angka, bukan 15"),
        ("35050612031500O7", "hanya boleh berisi angka"),
        ("9905061203150007", "kode provinsi 99"),
        ("3505061203150000", "tidak boleh 0000"),
        ("３５05061203150007", "hanya boleh berisi angka"),  # fullwidth digits are not 0-9
    ],
)
def test_a_kk_number_that_cannot_exist_is_refused(text, pesan):
    with pytest.raises(ValueError) as err:
        nomor.kk(text)
    assert pesan in str(err.value)


def test_a_kk_number_of_an_unknown_region_or_date_only_warns():
    _, warnings = nomor.kk("3599993213150007")
    assert any("35.99.99" in w for w in warnings) and any("tanggal terbit" in w for w in warnings)
    assert nomor.kk("3505 0612 0315 0007") == ("3505061203150007", [])


@pytest.mark.parametrize(
    "text,expected",
    [("0812-3456-7890", "081234567890"), ("+62 812 3456 7890", "081234567890"), ("6281234567890", "081234567890"),
     ("(0342) 801234", "0342801234")],
)  # fmt: skip
def test_a_phone_number_is_written_the_way_a_clerk_reads_it_back(text, expected):
    assert nomor.telepon(text) == expected


@pytest.mark.parametrize("text", ["12345", "0812", "0812345678901234", "08123abc567", "+1 202 555 0100"])
def test_what_is_not_an_indonesian_phone_number_is_refused(text):
    with pytest.raises(ValueError, match="bukan nomor telepon"):
        nomor.telepon(text)


def test_the_address_line_is_built_from_street_rt_rw_and_dusun():
    data = {"alamat": "Jl. Mawar No. 7", "rt": 2, "rw": 11, "dusun": "Krajan"}
    assert alamat_lengkap(data) == "Jl. Mawar No. 7 RT 002 RW 011, Dusun Krajan"
    assert alamat_lengkap(data, "kelurahan") == "Jl. Mawar No. 7 RT 002 RW 011, Lingkungan Krajan"
    # The dusun is not said twice, nor the word Dusun.
    assert (
        alamat_lengkap({"alamat": "Dusun Krajan", "rt": 2, "rw": 1, "dusun": "Krajan"}) == "Dusun Krajan RT 002 RW 001"
    )
    assert alamat_lengkap({"alamat": "Jl. Mawar", "dusun": "Dusun Krajan"}) == "Jl. Mawar, Dusun Krajan"
    # Older data: the address as it was typed.
    assert alamat_lengkap({"alamat": "Dusun Krajan RT 002 RW 001, Desa Bacem"}) == (
        "Dusun Krajan RT 002 RW 001, Desa Bacem"
    )


def test_a_service_whose_form_needs_the_kk_number_requires_it(run, monkeypatch, tmp_path):
    pakai_kantor(monkeypatch, buat_kantor(tmp_path / "bacem"))
    data = {k: v for k, v in contoh("keterangan-tidak-mampu").items() if k != "no_kk"}
    result = ajukan(run, tmp_path, "keterangan-tidak-mampu", data)
    assert result.exit_code == 1 and "Isian belum diisi: No. KK (no_kk)" in result.stderr
    # Other services take an applicant without it, as before issue 13.
    assert ajukan(run, tmp_path, "keterangan-domisili", SITI).exit_code == 0


def test_the_new_fields_are_kept_and_rt_can_be_given_with_isi(run, monkeypatch, tmp_path):
    pakai_kantor(monkeypatch, buat_kantor(tmp_path / "bacem"))
    path = tmp_path / "siti.yaml"
    path.write_text(yaml.safe_dump(SITI, allow_unicode=True), encoding="utf-8")
    result = run("ajukan", "domisili", "--data", str(path), "--isi", "rt=2", "--isi", "rw=001", "--isi",
                 "telepon=+62 812 3456 7890", "--isi", "pendidikan=5", "--ada", "semua", "--json")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    pemohon = json.loads(result.stdout)["pemohon"]
    assert (pemohon["rt"], pemohon["rw"], pemohon["telepon"], pemohon["pendidikan"]) == (
        2, 1, "081234567890", "SLTA/Sederajat",
    )  # fmt: skip
    bad = run("ajukan", "domisili", "--data", str(path), "--isi", "telepon=12345", "--ada", "semua")
    assert bad.exit_code == 1 and "Nomor telepon/WhatsApp" in bad.stderr and "Traceback" not in bad.stderr


def test_ekspor_carries_neither_the_phone_nor_the_kk_number(run, monkeypatch, tmp_path):
    pakai_kantor(monkeypatch, buat_kantor(tmp_path / "bacem"))
    data = {**SITI, "telepon": "081234567890", "no_kk": "3505011203150007"}
    assert ajukan(run, tmp_path, "keterangan-domisili", data).exit_code == 0
    for fmt in ("csv", "jsonl"):
        result = run("ekspor", "--tahun", "2026", "--format", fmt, "--keluar", "-", "--nik-lengkap")
        assert result.exit_code == 0 and "Siti Aminah" in result.stdout
        assert "081234567890" not in result.stdout and "3505011203150007" not in result.stdout


def test_an_unknown_applicant_field_in_pemohon_wajib_is_a_catalogue_fault(tmp_path):
    data = yaml.safe_load((katalog.bundled_folder() / "keterangan-tidak-mampu.yaml").read_text(encoding="utf-8"))
    data["pemohon_wajib"] = ["nomor_kk"]
    path = tmp_path / "keterangan-tidak-mampu.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    layanan, faults = katalog.read_layanan(path)
    assert layanan is None and any("nomor_kk" in str(f) for f in faults), faults


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_the_sktm_lists_the_household_and_the_address_is_built(run, monkeypatch, tmp_path):
    printed = cetak_semua(run, monkeypatch, tmp_path, buat_kantor(tmp_path / "bacem"),
                          ["keterangan-tidak-mampu", "keterangan-usaha"])  # fmt: skip
    sktm = " ".join(printed["keterangan-tidak-mampu"][1])
    assert "No. KK" in sktm and "3505060101120003" in sktm
    for member in ("Slamet Riyadi", "Kepala Keluarga", "Andi Riyadi", "10 Oktober 2012", "Ayu Lestari", "Buruh Tani"):
        assert member in sktm, member
    assert len(printed["keterangan-tidak-mampu"][1]) == 1
    # Budi's address is in its own fields: street line, RT and RW of three digits.
    assert "Dusun Sumberejo RT 001 RW 003" in " ".join(printed["keterangan-usaha"][1])


def test_syarat_marks_the_applicant_fields_that_may_stay_empty_for_that_service(run):
    sktm = " ".join(run("syarat", "sktm").stdout.split())
    assert "no_kk," in sktm and "telepon*" in sktm and "(* boleh kosong)" in sktm
    assert "no_kk*" in " ".join(run("syarat", "sku").stdout.split())
