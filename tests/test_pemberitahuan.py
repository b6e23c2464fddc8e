"""The ready notice (issue 15): a WhatsApp link and an SMS text after `desa cetak` and `desa serahkan`
for an applicant with a phone number; a second hand-over refused; a complaint closed only after a
response or with a reason."""

import json
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from conftest import SITI, pakai_kantor, register_isi

from desa_cli import pemberitahuan


@pytest.fixture
def office(kantor, monkeypatch):
    return pakai_kantor(monkeypatch, kantor)


def ajukan(run, tmp_path, **extra) -> str:
    path = tmp_path / "isian.yaml"
    path.write_text(yaml.safe_dump({**SITI, **extra}, allow_unicode=True), "utf-8")
    result = run("ajukan", "domisili", "--data", str(path), "--ada", "semua", "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)["noreg"]


def teks_dari(url: str) -> str:
    """The text of a wa.me link, decoded back."""
    return parse_qs(urlsplit(url).query, strict_parsing=True)["text"][0]


def test_printed_letter_gives_a_whatsapp_link_and_the_same_sms(run, office, tmp_path):
    noreg = ajukan(run, tmp_path, telepon="+62 812-3456-7890")
    result = run("cetak", noreg, "--json")
    assert result.exit_code == 0, result.stderr
    printed = json.loads(result.stdout)
    kabar = printed["pemberitahuan"]
    assert kabar["telepon"] == "081234567890"
    assert kabar["whatsapp"].startswith("https://wa.me/6281234567890?text=")
    parts = urlsplit(kabar["whatsapp"])
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "wa.me", "/6281234567890")
    assert " " not in kabar["whatsapp"] and "/" not in parts.query  # the letter number's slashes are encoded
    text = teks_dari(kabar["whatsapp"])
    assert text == kabar["sms"]
    for part in ("Surat Keterangan Domisili", printed["nomor"], noreg, "Kantor Desa Bacem", "Jl. Raya Bacem No. 1",
                 "Senin-Jumat", "siap diambil"):  # fmt: skip
        assert part in text, part
    assert text.isascii() and "\n" not in text and "*" not in text  # plain: no WhatsApp markup
    assert kabar["sms_bagian"] == pemberitahuan.bagian_sms(text)


def test_the_screen_shows_the_link_and_the_text(run, office, tmp_path):
    noreg = ajukan(run, tmp_path, telepon="081234567890")
    result = run("cetak", noreg)
    assert result.exit_code == 0, result.stderr
    assert "WhatsApp: https://wa.me/6281234567890?text=" in result.output
    assert "SMS: Surat Keterangan Domisili No. " in result.output and f"tanda terima {noreg}" in result.output


def test_no_notice_without_a_phone_number(run, office, tmp_path):
    noreg = ajukan(run, tmp_path)
    result = run("cetak", noreg, "--json")
    assert json.loads(result.stdout)["pemberitahuan"] is None
    shown = run("cetak", noreg)  # the reprint
    assert "wa.me" not in shown.output and "SMS" not in shown.output
    handed = run("serahkan", noreg, "--json")
    assert json.loads(handed.stdout)["pemberitahuan"] is None


def test_office_hours_from_kantor_yaml(run, office, tmp_path):
    path = office / "kantor.yaml"
    path.write_text(path.read_text("utf-8") + "jam_layanan: 08.00-15.00 WIB\n", "utf-8")
    noreg = ajukan(run, tmp_path, telepon="081234567890")
    kabar = json.loads(run("cetak", noreg, "--json").stdout)["pemberitahuan"]
    # 172 characters in the fullest wording: the tighter one keeps every fact in one SMS.
    assert kabar["sms"] == (
        f"Keterangan Domisili No. {kabar_nomor(run, noreg)} siap diambil di Kantor Desa Bacem, Jl. Raya Bacem No. 1, "
        f"Senin-Jumat 08.00-15.00 WIB. Tanda terima {noreg}"
    )
    assert kabar["sms_bagian"] == 1 and len(kabar["sms"]) <= 160


def kabar_nomor(run, noreg) -> str:
    return json.loads(run("lihat", noreg, "--json").stdout)["surat"]["nomor"]


def test_a_long_address_keeps_every_fact_in_two_parts(run, office, tmp_path):
    alamat = "Jl. Raya Bacem Kulon No. 1, di sebelah timur Pasar Legi, seberang Masjid Jami Al-Ikhlas"
    assert run("kantor", "ubah", "alamat", alamat).exit_code == 0
    noreg = ajukan(run, tmp_path, telepon="081234567890")
    kabar = json.loads(run("cetak", noreg, "--json").stdout)["pemberitahuan"]
    assert alamat in kabar["sms"] and noreg in kabar["sms"] and kabar["sms_bagian"] == 2
    assert kabar["sms"].startswith("Surat Keterangan Domisili No. ")  # no part saved: the fullest wording


def test_cetak_semua_gives_one_notice_per_letter(run, office, tmp_path):
    first = ajukan(run, tmp_path, telepon="081234567890")
    plain = ajukan(run, tmp_path, nik="3505014708900002")
    third = ajukan(run, tmp_path, nik="3505014708900003", telepon="085712345678")
    rows = json.loads(run("cetak", "--semua", "--json").stdout)
    assert [r["noreg"] for r in rows] == [first, plain, third]
    assert rows[1]["pemberitahuan"] is None
    assert rows[0]["pemberitahuan"]["whatsapp"].startswith("https://wa.me/6281234567890?")
    assert rows[2]["pemberitahuan"]["whatsapp"].startswith("https://wa.me/6285712345678?")
    assert first in rows[0]["pemberitahuan"]["sms"] and third in rows[2]["pemberitahuan"]["sms"]


def test_serahkan_gives_a_confirmation_not_a_ready_notice(run, office, tmp_path, monkeypatch):
    noreg = ajukan(run, tmp_path, telepon="081234567890")
    nomor = json.loads(run("cetak", noreg, "--json").stdout)["nomor"]
    monkeypatch.setenv("DESA_WAKTU", "2026-11-23T13:05:00")
    handed = run("serahkan", noreg, "--json")
    assert handed.exit_code == 0, handed.stderr
    record = json.loads(handed.stdout)
    assert record["status"] == "diambil"
    text = record["pemberitahuan"]["sms"]
    assert teks_dari(record["pemberitahuan"]["whatsapp"]) == text
    assert "siap diambil" not in text
    # 165 characters with the thanks: the same facts without it, in one SMS.
    assert text == (
        f"Surat Keterangan Domisili No. {nomor} (tanda terima {noreg}) telah diserahkan 23 November 2026 "
        "pukul 13.05 di Kantor Desa Bacem."
    )
    assert record["pemberitahuan"]["sms_bagian"] == 1
    # After the hand-over a reprint tells nobody to come and fetch the letter.
    assert json.loads(run("cetak", noreg, "--json").stdout)["pemberitahuan"] is None


def test_serahkan_twice_says_when_and_by_whom(run, office, tmp_path, monkeypatch):
    noreg = ajukan(run, tmp_path)
    nomor = json.loads(run("cetak", noreg, "--json").stdout)["nomor"]
    monkeypatch.setenv("DESA_WAKTU", "2026-11-23T13:05:00")
    monkeypatch.setenv("DESA_PETUGAS", "Budi")
    assert run("serahkan", noreg).exit_code == 0
    monkeypatch.setenv("DESA_PETUGAS", "Sari")
    again = run("serahkan", noreg)
    assert again.exit_code == 1 and "Traceback" not in again.stderr
    assert (
        again.stderr.strip()
        .splitlines()[-1]
        .endswith(
            f"Surat {nomor} (permohonan {noreg}) sudah diserahkan pada 23 November 2026 pukul 13.05 oleh Budi; "
            "penyerahan tidak dicatat dua kali."
        )
    )
    assert [e["aksi"] for e in register_isi(office / "data")[1]].count("serahkan") == 1
    assert run("periksa").exit_code == 0


@pytest.mark.parametrize(
    ("telepon", "expected"),
    [("081234567890", "6281234567890"), ("0857123456", "62857123456"), ("0342555123", None), ("", None), (None, None)],
)
def test_international_form(telepon, expected):
    assert pemberitahuan.nomor_internasional(telepon) == expected


def test_sms_parts():
    assert pemberitahuan.bagian_sms("a" * 160) == 1
    assert pemberitahuan.bagian_sms("a" * 161) == 2
    assert pemberitahuan.bagian_sms("a" * 306) == 2
    assert pemberitahuan.bagian_sms("[" * 80) == 1 and pemberitahuan.bagian_sms("[" * 81) == 2  # two places each
    assert pemberitahuan.bagian_sms("ā" * 70) == 1 and pemberitahuan.bagian_sms("ā" * 71) == 2  # UCS-2


def test_the_bundled_domisili_notice_fits_one_sms(run, office, tmp_path):
    noreg = ajukan(run, tmp_path, telepon="081234567890")
    kabar = json.loads(run("cetak", noreg, "--json").stdout)["pemberitahuan"]
    assert kabar["sms_bagian"] == 1, (len(kabar["sms"]), kabar["sms"])


def catat_aduan(run) -> str:
    result = run("aduan", "catat", "--nama", "Pak Darmo", "--isi", "Surat saya belum jadi", "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)["nomor"]


def test_complaint_is_closed_only_after_a_response(run, office):
    nomor = catat_aduan(run)
    refused = run("aduan", "selesai", nomor, "--isi", "Sudah beres")
    assert refused.exit_code == 1 and "Traceback" not in refused.stderr
    line = refused.stderr.strip().splitlines()[-1]
    assert f"Aduan {nomor} belum pernah ditanggapi" in line and f"desa aduan tanggapi {nomor}" in line
    assert "--alasan" in line
    assert json.loads(run("aduan", "daftar", "--json").stdout)[0]["status"] == "baru"  # nothing written
    assert run("aduan", "tanggapi", nomor, "--isi", "Sedang kami periksa").exit_code == 0
    done = run("aduan", "selesai", nomor, "--json")
    assert done.exit_code == 0, done.stderr
    assert json.loads(done.stdout)["status"] == "selesai" and "alasan_selesai" not in json.loads(done.stdout)
    assert run("periksa").exit_code == 0


def test_complaint_closed_without_a_response_keeps_its_reason(run, office):
    nomor = catat_aduan(run)
    assert run("aduan", "selesai", nomor, "--alasan", "  ").exit_code == 1  # a blank reason is none
    done = run("aduan", "selesai", nomor, "--alasan", "Pelapor tidak dapat dihubungi", "--json")
    assert done.exit_code == 0, done.stderr
    record = json.loads(done.stdout)
    assert (record["status"], record["alasan_selesai"]) == ("selesai", "Pelapor tidak dapat dihubungi")
    events = register_isi(office / "data")[1]
    assert events[-1]["aksi"] == "aduan_selesai"
    assert events[-1]["data"]["alasan_selesai"] == "Pelapor tidak dapat dihubungi"
    checked = run("periksa")
    assert checked.exit_code == 0, checked.output


def test_the_phone_number_never_leaves_through_ekspor(run, office, tmp_path):
    noreg = ajukan(run, tmp_path, telepon="081234567890")
    assert run("cetak", noreg).exit_code == 0
    for name in ("ekspor.csv", "ekspor.jsonl"):
        result = run("ekspor", "--bulan", "2026-11", "--keluar", str(tmp_path / name))
        assert result.exit_code == 0, result.stderr
        text = (tmp_path / name).read_text("utf-8")
        assert noreg in text and "081234567890" not in text and "6281234567890" not in text
