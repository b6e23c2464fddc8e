"""The letter's QR code (a standard QR a phone reads: the website address with the code, or where to
check) and the static verification page (`desa verifikasi terbitkan`)."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import segno
import zxingcpp
from conftest import ajukan_siti, siap_ajukan, terbitkan_ulang
from PIL import Image

from desa_cli import verifikasi_web
from desa_cli.verifikasi_web import isi_qr, samarkan_nama

pytestmark = pytest.mark.dua_register

URL = "https://bacem.desa.id/verifikasi/"
SURAT = {"nomor": "470/001/35.05.06.2006/2026", "kode_verifikasi": "93562-7KPEH"}


def baca_qr(image) -> list:
    return [(r.format, r.text) for r in zxingcpp.read_barcodes(image)]


def test_qr_with_an_address_holds_the_address_and_the_code():
    text = isi_qr({"nama": "Desa Bacem", "verifikasi_url": URL}, SURAT)
    assert text == "https://bacem.desa.id/verifikasi/#93562-7KPEH"


def test_qr_without_an_address_says_which_letter_and_where_to_ask():
    text = isi_qr({"nama": "Desa Bacem", "telepon": "0342-555123"}, SURAT)
    assert text == (
        "Surat Desa Bacem No. 470/001/35.05.06.2006/2026, kode verifikasi 93562-7KPEH. "
        "Tanyakan keasliannya ke kantor Desa Bacem, telp. 0342-555123."
    )
    assert "telp." not in isi_qr({"nama": "Desa Bacem"}, SURAT)
    assert segno.make_qr(text, error="m", boost_error=False).version <= 8  # small enough for 24 mm


@pytest.mark.parametrize("kantor", [{"nama": "Desa Bacem", "verifikasi_url": URL}, {"nama": "Kelurahan Sukamaju"}])
def test_the_picture_is_a_standard_qr_a_decoder_reads(kantor):
    text = isi_qr(kantor, SURAT)
    png = verifikasi_web.gambar_qr(text)
    assert baca_qr(Image.open(io.BytesIO(png))) == [(zxingcpp.BarcodeFormat.QRCode, text)]
    qr = segno.make_qr(text, error="m", boost_error=False)
    assert not qr.is_micro and qr.error == "M"


def test_names_are_masked_but_for_the_first_letters():
    assert samarkan_nama("Siti Aminah") == "S*** A*****"
    assert samarkan_nama("  Budi  ") == "B***"


def tulis_url(kantor, url: str) -> None:
    path = kantor / "kantor.yaml"
    path.write_text(path.read_text(encoding="utf-8") + f"verifikasi_url: {url}\n", encoding="utf-8")


@pytest.mark.parametrize(
    "url",
    ["ftp://bacem.desa.id/v/", "javascript:alert(1)", "https://bacem.desa.id/v/?kode=", "https://a.id/x#y",
     "'https://a.id/x y'", "https://user@a.id/", "'https://a.id/\"><script>'"],
)  # fmt: skip
def test_a_verification_address_that_is_not_plain_http_is_refused(run, kantor, tmp_path, monkeypatch, url):
    siap_ajukan(monkeypatch, kantor, tmp_path)
    tulis_url(kantor, url)
    result = run("kantor")
    assert result.exit_code == 1
    assert "verifikasi_url" in result.stderr and "tidak sah" in result.stderr


@pytest.mark.parametrize("url", [URL, "http://bacem.desa.id", "https://desa.example.id:8080/surat/cek.html"])
def test_a_plain_verification_address_is_taken(run, kantor, tmp_path, monkeypatch, url):
    siap_ajukan(monkeypatch, kantor, tmp_path)
    tulis_url(kantor, url)
    assert run("kantor").exit_code == 0


def cetak_dua(run, kantor, tmp_path, monkeypatch) -> list:
    """Two printed letters of Siti; the second cancelled. Their cetak --json rows."""
    siap_ajukan(monkeypatch, kantor, tmp_path)
    rows = []
    for _ in range(2):
        noreg = ajukan_siti(run, tmp_path)
        result = run("cetak", noreg, "--json")
        assert result.exit_code == 0, result.stderr
        rows.append(json.loads(result.stdout))
    assert run("batal", rows[1]["noreg"], "--alasan", "Salah tulis").exit_code == 0
    return rows


def test_verifikasi_kode_still_works_and_periksa_is_the_same(run, kantor, tmp_path, monkeypatch):
    sah, batal = cetak_dua(run, kantor, tmp_path, monkeypatch)
    result = run("verifikasi", sah["kode_verifikasi"].lower().replace("-", ""))
    assert result.exit_code == 0 and result.stdout.startswith("SAH")
    result = run("verifikasi", "--json", sah["kode_verifikasi"])
    assert result.exit_code == 0 and json.loads(result.stdout)["sah"] is True
    result = run("verifikasi", "periksa", batal["kode_verifikasi"], "--json")
    assert result.exit_code == 1 and json.loads(result.stdout)["status"] == "batal"
    result = run("verifikasi", "ZZZZZ-ZZZZZ")
    assert result.exit_code == 1 and "tidak dikenal" in result.stderr
    assert "terbitkan" in run("verifikasi", "--help").stdout


def terbitkan(run, folder) -> dict:
    result = run("verifikasi", "terbitkan", str(folder))
    assert result.exit_code == 0, result.stderr
    return json.loads((folder / "surat.json").read_text(encoding="utf-8"))


def test_the_page_holds_no_personal_data_and_no_code_in_the_clear(run, kantor, tmp_path, monkeypatch):
    sah, batal = cetak_dua(run, kantor, tmp_path, monkeypatch)
    data = terbitkan(run, tmp_path / "web")
    page = (tmp_path / "web" / "index.html").read_text(encoding="utf-8")
    for text in (json.dumps(data), page):
        # Digests (keys, the salt, SHA-256) are hex at random: "1990" turns up in one now and then.
        clear = re.sub(r"[0-9a-f]{32,}", "#", text)
        for secret in ("3505014708900001", "Siti", "Aminah", "Blitar", "1990", sah["kode_verifikasi"],
                       batal["kode_verifikasi"]):  # fmt: skip
            assert secret not in clear
    entries = {e["nomor"]: e for e in data["surat"].values()}
    assert entries[sah["nomor"]] == {
        "nomor": sah["nomor"], "tanggal": "20 November 2026", "layanan": "Surat Keterangan Domisili",
        "nama": "S*** A*****", "status": "sah", "sha256": sah["sha256"],
    }  # fmt: skip
    assert entries[batal["nomor"]]["status"] == "batal"
    key = verifikasi_web.kunci(sah["kode_verifikasi"], data["garam"])
    assert data["surat"][key]["nomor"] == sah["nomor"]


def test_everything_put_into_the_page_is_escaped(kantor):
    data = {"kantor": 'Desa <b>"X"</b> & Y', "terbit": "1", "garam": "a", "ulang": 1,
            "surat": {"k": {"nama": "</script><script>alert(1)</script>", "nomor": "\u2028"}}}  # fmt: skip
    page = verifikasi_web.halaman(data)
    assert "<b>" not in page and "</script><script>alert" not in page and "\u2028" not in page
    assert "Desa &lt;b&gt;&quot;X&quot;&lt;/b&gt; &amp; Y" in page
    inside = page.split('id="data">', 1)[1].split("</script>", 1)[0]
    assert json.loads(inside) == data
    # Nothing fetched from anywhere: no external script, style, font or request.
    assert not re.search(r"src=|href=|url\(|@import|@font-face|fetch\(|XMLHttpRequest|https?://", page)


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")
def test_the_page_checks_a_code_in_the_browser_from_file(run, kantor, tmp_path, monkeypatch):
    sah, batal = cetak_dua(run, kantor, tmp_path, monkeypatch)
    terbitkan(run, tmp_path / "web")
    index = (tmp_path / "web" / "index.html").as_uri()

    def dom(suffix: str) -> str:
        # No background connections: this machine's network is closed and each refusal costs time.
        args = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={tmp_path / 'cr'}",
                "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--dump-dom", index + suffix]  # fmt: skip
        return subprocess.run(args, capture_output=True, text=True, timeout=120, check=True).stdout

    found = dom("#" + sah["kode_verifikasi"])
    assert "SAH: surat ini tercatat" in found and sah["nomor"] in found and "S*** A*****" in found
    found = dom("?kode=" + batal["kode_verifikasi"].replace("-", "").lower())
    assert "DIBATALKAN" in found and batal["nomor"] in found
    assert "TIDAK DIKENAL" in dom("#ABCDE-FGHJK")


LIBREOFFICE = shutil.which("soffice") and shutil.which("pdftoppm")


@pytest.mark.skipif(not LIBREOFFICE, reason="LibreOffice and poppler are not installed")
def test_the_printed_qr_decodes_to_the_text_then_to_the_address(run, kantor, tmp_path, monkeypatch):
    from desa_cli import cetak
    from desa_cli.kantor import find, muat

    siap_ajukan(monkeypatch, kantor, tmp_path)
    rows = []
    for url in (None, URL):  # a letter before the office has a website, then one after
        if url:
            tulis_url(kantor, url)
            terbitkan_ulang(kantor)  # several desks: the office's website is part of its standard
        result = run("cetak", ajukan_siti(run, tmp_path), "--json")
        assert result.exit_code == 0, result.stderr
        rows.append(json.loads(result.stdout))
    pdfs = cetak.ke_pdf([Path(row["berkas"]) for row in rows], muat(find(None)).data_folder)
    found = []
    for pdf in pdfs:
        subprocess.run(["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", str(pdf), str(pdf.with_suffix(""))],
                       check=True)  # fmt: skip
        (png,) = pdf.parent.glob(pdf.stem + "-*1.png")
        found.append(baca_qr(Image.open(png)))
    assert found[0] == [(zxingcpp.BarcodeFormat.QRCode, isi_qr({"nama": "Desa Bacem"}, rows[0]))]
    assert found[1] == [(zxingcpp.BarcodeFormat.QRCode, f"{URL}#{rows[1]['kode_verifikasi']}")]
