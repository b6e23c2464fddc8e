"""kantor.yaml changed after init by commands that check it (ubah, logo, ttd), and the signatory
chosen at print time (a.n., u.b., Plt., Plh., Pj.), recorded with the letter."""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import ajukan_siti, buat_kantor, register_isi, siap_ajukan, snapshot

from desa_cli import kantor as kantor_mod
from desa_cli import kantor_ubah, penandatangan

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PERLU_LIBREOFFICE = pytest.mark.skipif(
    (SOFFICE is None or shutil.which("pdftotext") is None) and not os.environ.get("CI"),
    reason="LibreOffice or pdftotext is not installed",
)
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 16


def _staf(folder: Path) -> Path:
    kantor_ubah.ttd_tambah(folder, "sekdes", {"jabatan": "Sekretaris Desa", "nama": "Sri Wahyuni"})
    kantor_ubah.ttd_tambah(
        folder, "kasi", {"jabatan": "Kepala Seksi Pelayanan", "nama": "Budi", "sebagai": "ub", "melalui": "sekdes"}
    )
    for form in ("plt", "plh", "pj"):
        kantor_ubah.ttd_tambah(folder, form, {"jabatan": "Sekretaris Desa", "nama": "Sri Wahyuni", "sebagai": form})
    return folder


def _muat(folder: Path):
    return kantor_mod.muat(kantor_mod.LokasiKantor(folder, "uji"))


@pytest.mark.parametrize(
    "kunci, baris",
    [
        ("kepala", ["KEPALA DESA BACEM"]),
        ("sekdes", ["a.n. KEPALA DESA BACEM", "Sekretaris Desa"]),
        ("kasi", ["a.n. KEPALA DESA BACEM", "Sekretaris Desa", "u.b. Kepala Seksi Pelayanan"]),
        ("plt", ["Plt. KEPALA DESA BACEM"]),
        ("plh", ["Plh. KEPALA DESA BACEM"]),
        ("pj", ["Pj. KEPALA DESA BACEM"]),
    ],
)
def test_each_form_gives_its_title_lines(tmp_path, kunci, baris):
    office = _muat(_staf(buat_kantor(tmp_path / "bacem")))
    signer = penandatangan.bentuk(office, kunci)
    assert signer["baris"] == baris
    assert [signer["baris_atas"], signer["baris_bawah"], signer["baris_ub"]] == (baris + ["", ""])[:3]
    pejabat = {
        "kepala": "Kepala Desa Bacem",
        "sekdes": "Sekretaris Desa Bacem",
        "kasi": "Kepala Seksi Pelayanan Desa Bacem",
    }
    assert signer["menerangkan"] == pejabat.get(kunci, f"{baris[0].split()[0]} Kepala Desa Bacem")


def test_signatory_chosen_at_print_is_recorded_and_kept(run, monkeypatch, tmp_path):
    folder = siap_ajukan(monkeypatch, _staf(buat_kantor(tmp_path / "bacem")), tmp_path)
    first = ajukan_siti(run, tmp_path)
    refused = run("cetak", first, "--ttd", "bendahara")
    assert refused.exit_code == 1 and "Penandatangan 'bendahara' tidak ada" in refused.stderr
    result = run("cetak", first, "--ttd", "sekdes", "--json")
    assert result.exit_code == 0, result.stderr
    # A new head: old letters keep who signed them; the next letter is signed by the new head.
    assert run("kantor", "ttd", "tambah", "kepala", "--jabatan", "Kepala Desa", "--nama", "Hartono").exit_code == 0
    second = ajukan_siti(run, tmp_path)
    assert run("cetak", second).exit_code == 0
    records, _, _ = register_isi(folder / "data")
    signed = {r["noreg"]: r["surat"]["penandatangan"] for r in records}
    assert signed[first]["baris"] == ["a.n. KEPALA DESA BACEM", "Sekretaris Desa"]
    assert signed[first]["nama"] == "Sri Wahyuni" and signed[second]["nama"] == "Hartono"
    book = json.loads((folder / "data" / "surat-2026.json").read_bytes())["surat"]
    assert book["1"]["penandatangan"]["nama"] == "Sri Wahyuni"
    assert book["2"]["penandatangan"]["baris"] == ["KEPALA DESA BACEM"]
    assert "Sri Wahyuni" in run("lihat", first).stdout
    assert "a.n. KEPALA DESA BACEM / Sekretaris Desa: Sri Wahyuni" in " ".join(run("lihat", first).stdout.split())
    assert "ttd Sri" in run("buku").stdout
    assert "ditandatangani Sri Wahyuni" in " ".join(run("riwayat").stdout.split())
    assert run("periksa").exit_code == 0
    again = run("cetak", first, "--ttd", "plt")
    assert again.exit_code == 1 and "sudah dicetak dengan penandatangan 'sekdes'" in again.stderr


def test_ubah_writes_a_checked_value_and_keeps_comments(run, monkeypatch, tmp_path):
    folder = siap_ajukan(monkeypatch, buat_kantor(tmp_path / "bacem"), tmp_path)
    path = folder / "kantor.yaml"
    path.write_text(re.sub(r"(?m)^kertas: f4$", "# kertas kantor\nkertas: f4  # F4 menurut Perbup", path.read_text()))
    for args in (("telepon", "0342-555"), ("kertas", "a4"), ("margin.kiri", "2,5"), ("ukuran_huruf", "11")):
        result = run("kantor", "ubah", *args)
        assert result.exit_code == 0, result.stderr
    text = path.read_text()
    assert text.startswith("# Identitas kantor") and "# kertas kantor\nkertas: a4\n" in text
    data = _muat(folder).data
    assert (data["telepon"], data["kertas"], data["margin"]) == ("0342-555", "a4", {"kiri": 2.5})
    assert data["ukuran_huruf"] == 11
    assert run("kantor").exit_code == 0 and json.loads(run("kantor", "--json").stdout)["kantor"]["kertas"] == "a4"


@pytest.mark.parametrize(
    "args, words",
    [
        (("kode_wilayah", "35.05.06.2001"), "daftar resmi Kemendagri"),
        (("desa", "Sukamaju"), "daftar resmi Kemendagri"),
        (("ukuran_huruf", "20"), "ukuran_huruf"),
        (("email", "bukan-email"), "email"),
        (("kertas", "legal"), "kertas"),
        (("alamat", "Jl. Raya\u202e1"), "U+202E"),
        (("telepon", "0342\u200b555"), "U+200B"),
        (("logo", "../rahasia.png"), "desa kantor logo"),
        (("penandatangan", "x"), "desa kantor ttd"),
        (("warna", "merah"), "tidak dapat diubah"),
    ],
)
def test_refusals_leave_kantor_yaml_byte_identical(run, monkeypatch, tmp_path, args, words):
    folder = siap_ajukan(monkeypatch, buat_kantor(tmp_path / "bacem"), tmp_path)
    before = (folder / "kantor.yaml").read_bytes()
    result = run("kantor", "ubah", *args)
    assert result.exit_code == 1 and words in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert (folder / "kantor.yaml").read_bytes() == before


def test_ttd_refusals_change_nothing(run, monkeypatch, tmp_path):
    folder = siap_ajukan(monkeypatch, _staf(buat_kantor(tmp_path / "bacem")), tmp_path)
    before = (folder / "kantor.yaml").read_bytes()
    for args in (
        ("hapus", "kepala"),
        ("hapus", "sekdes"),  # kasi signs u.b. through the secretary
        ("hapus", "bendahara"),
        ("tambah", "Sekdes!", "--jabatan", "X", "--nama", "Y"),
        ("tambah", "kaur", "--jabatan", "Kaur", "--nama", "Y", "--sebagai", "ub"),
        ("tambah", "kaur", "--jabatan", "Kaur", "--nama", "Y", "--nip", "123"),
        ("tambah", "kaur", "--jabatan", "Kaur", "--nama", "Y\u202e"),
    ):
        result = run("kantor", "ttd", *args)
        assert result.exit_code == 1, args
    assert (folder / "kantor.yaml").read_bytes() == before
    assert run("kantor", "ttd", "hapus", "plh").exit_code == 0
    assert "plh" not in _muat(folder).data["penandatangan"]
    listed = run("kantor", "ttd", "daftar").stdout
    assert "u.b. Kepala Seksi Pelayanan" in listed and "Pj. KEPALA DESA BACEM" in listed


def test_logo_is_checked_by_its_header_and_must_stay_in_the_office(run, monkeypatch, tmp_path):
    folder = siap_ajukan(monkeypatch, buat_kantor(tmp_path / "bacem"), tmp_path)
    before = (folder / "kantor.yaml").read_bytes()
    fake = tmp_path / "logo.png"
    fake.write_text("bukan gambar")
    result = run("kantor", "logo", str(fake))
    assert result.exit_code == 1 and "bukan gambar PNG atau JPEG" in result.stderr
    assert (folder / "kantor.yaml").read_bytes() == before and not list(folder.glob("logo*"))
    real = tmp_path / "garuda.jpeg"
    real.write_bytes(PNG)  # a PNG whatever its name says
    assert run("kantor", "logo", str(real)).exit_code == 0
    assert (folder / "logo.png").read_bytes() == PNG and _muat(folder).data["logo"] == "logo.png"
    path = folder / "kantor.yaml"
    path.write_text(path.read_text().replace("logo: logo.png", "logo: ../../etc/logo.png"))
    result = run("kantor")
    assert result.exit_code == 1 and "logo" in result.stderr


def test_hidden_characters_in_kantor_yaml_are_refused_on_read(run, monkeypatch, tmp_path):
    folder = siap_ajukan(monkeypatch, buat_kantor(tmp_path / "bacem"), tmp_path)
    path = folder / "kantor.yaml"
    path.write_text(path.read_text().replace("nama: Suyanto", "nama: Suy\u200banto"), encoding="utf-8")
    result = run("kantor")
    assert result.exit_code == 1 and "U+200B" in result.stderr


def test_unknown_signatory_takes_no_number(run, monkeypatch, tmp_path):
    folder = siap_ajukan(monkeypatch, buat_kantor(tmp_path / "bacem"), tmp_path)
    noreg = ajukan_siti(run, tmp_path)
    before = snapshot(folder / "data")
    assert run("cetak", noreg, "--ttd", "sekdes").exit_code == 1
    assert snapshot(folder / "data") == before


@PERLU_LIBREOFFICE
def test_an_letter_on_paper(run, monkeypatch, tmp_path):
    folder = siap_ajukan(monkeypatch, _staf(buat_kantor(tmp_path / "bacem")), tmp_path)
    noreg = ajukan_siti(run, tmp_path)
    result = run("cetak", noreg, "--ttd", "kasi", "--json")
    assert result.exit_code == 0, result.stderr
    docx = Path(json.loads(result.stdout)["berkas"])
    subprocess.run([SOFFICE, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx)],
                   check=True, capture_output=True, timeout=300)  # fmt: skip
    pdf = tmp_path / (docx.stem + ".pdf")
    page = ["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"]
    text = subprocess.run(page, capture_output=True, text=True, check=True).stdout
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    at = lines.index("a.n. KEPALA DESA BACEM")
    assert lines[at + 1 : at + 3] == ["Sekretaris Desa", "u.b. Kepala Seksi Pelayanan"]
    assert "Budi" in lines[at + 3 :]
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Pages:\s+1\b", info)
    assert yaml.safe_load((folder / "kantor.yaml").read_text())["penandatangan"]["kasi"]["melalui"] == "sekdes"


def test_missing_address_is_added_by_ubah(run, monkeypatch, tmp_path):
    folder = siap_ajukan(monkeypatch, buat_kantor(tmp_path / "bacem"), tmp_path)
    path = folder / "kantor.yaml"
    path.write_text(re.sub(r"(?m)^alamat: .*\n", "", path.read_text()))
    assert "desa kantor ubah alamat" in run("kantor").stderr
    assert run("kantor", "ubah", "alamat", "Jl. Raya Bacem No. 2").exit_code == 0
    shown = run("kantor")
    assert shown.exit_code == 0 and "alamat" not in shown.stderr
    assert _muat(folder).data["alamat"] == "Jl. Raya Bacem No. 2"
