"""Every bundled letter, printed through LibreOffice with realistic data (tests/contoh/), read page
by page as the camat's staff would (SURAT-PERIKSA.md): one page for usual data, the closing of its
kind on the page of the signatory's title and name, nothing left of the template, and a kelurahan
letter that never speaks of a desa."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import buat_kantor, pakai_kantor

from desa_cli import katalog, naskah

CONTOH = Path(__file__).parent / "contoh"
pytestmark = pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdftotext")), reason="LibreOffice and poppler are not installed"
)

KELURAHAN = {"tingkat": "kelurahan", "kode_wilayah": "35.72.01.1001", "provinsi": "Jawa Timur",
             "kabupaten": "Kota Blitar", "kecamatan": "Kepanjenkidul", "desa": "Kepanjenkidul",
             "kepala": "Budi Hartono"}  # fmt: skip
KECAMATAN = {"tingkat": "kecamatan", "kode_wilayah": "35.05.06", "desa": None, "kepala": "Drs. Agus Salim"}


def layanan_bawaan() -> dict:
    return katalog.load([katalog.bundled_folder()]).layanan


def contoh(kode: str, kelurahan: bool = False) -> dict:
    entry = yaml.safe_load((CONTOH / "surat.yaml").read_text(encoding="utf-8"))[kode]
    pemohon = yaml.safe_load((CONTOH / "pemohon.yaml").read_text(encoding="utf-8"))[entry["pemohon"]]
    data = {**pemohon, **entry["isian"]}
    if kelurahan:  # residents of a town kelurahan live on streets, not in a dusun of a desa
        text = re.sub(r"Dusun (\w+) (RT \d+ RW \d+)(, Desa Bacem)?", r"Jl. \1 No. 5 \2", yaml.safe_dump(data))
        data = yaml.safe_load(text.replace("Desa Bacem", "Kelurahan Kepanjenkidul"))
    return data


def halaman(pdf: Path) -> list:
    """The text of each page, whitespace collapsed (a sentence may wrap anywhere)."""
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [" ".join(page.split()) for page in text.split("\f") if page.strip()]


def cetak_semua(run, monkeypatch, tmp_path, kantor: Path, kodes: list, kelurahan: bool = False) -> dict:
    """Take one application per service, print them all with --pdf; {kode: (record, pages)}."""
    pakai_kantor(monkeypatch, kantor)
    for kode in kodes:
        path = tmp_path / f"{kode}.yaml"
        path.write_text(yaml.safe_dump(contoh(kode, kelurahan), allow_unicode=True), encoding="utf-8")
        result = run("ajukan", kode, "--data", str(path), "--ada", "semua", "--json")
        assert result.exit_code == 0, f"{kode}: {result.stderr}"
    result = run("cetak", "--semua", "--pdf", "--json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert len(rows) == len(kodes)
    return {kode: (row, halaman(Path(row["pdf"]))) for kode, row in zip(kodes, rows, strict=True)}


def penanda_tangan(kode: str, layanan, kepala: str) -> list:
    """Whose names close the letter: the office's head, or the parties of a form they sign
    (`surat.ditandatangani_pihak`, the fields naming them: KUA models N2, N4, N5)."""
    pihak = layanan.data["surat"].get("ditandatangani_pihak")
    return [str(contoh(kode)[ref]) for ref in pihak] if pihak else [kepala]


def masalah(kode: str, row: dict, pages: list, layanan, kepala: str) -> list:
    """What is wrong with one printed letter, as sentences."""
    found = []
    if len(pages) != 1:
        found.append(f"{kode}: {len(pages)} halaman untuk data biasa")
    data = layanan.data["surat"]
    penutup = " ".join((data.get("penutup") or naskah.PENUTUP[data.get("jenis", "keterangan")]).split())
    names = penanda_tangan(kode, layanan, kepala)
    signed = [page for page in pages if all(name in page for name in names)]
    if not signed:
        found.append(f"{kode}: nama penandatangan {', '.join(names)} tidak tercetak")
    elif penutup not in signed[-1]:
        found.append(f"{kode}: kalimat penutup tidak satu halaman dengan nama penandatangan")
    whole = " ".join(pages)
    if row["nomor"] not in whole:
        found.append(f"{kode}: nomor surat {row['nomor']} tidak tercetak")
    for leftover in ("{{", "{%", "None", "Undefined"):
        if leftover in whole:
            found.append(f"{kode}: tersisa '{leftover}' dari templat")
    return found


def test_every_village_letter_prints_right_at_a_desa(run, monkeypatch, tmp_path):
    bundled = layanan_bawaan()
    kodes = [kode for kode, layanan in bundled.items() if layanan.tingkat == "desa"]
    printed = cetak_semua(run, monkeypatch, tmp_path, buat_kantor(tmp_path / "bacem"), kodes)
    found = [f for kode, (row, pages) in printed.items() for f in masalah(kode, row, pages, bundled[kode], "Suyanto")]
    assert found == []
    assert len(printed) >= 12


def test_every_village_letter_at_a_kelurahan_speaks_of_the_kelurahan(run, monkeypatch, tmp_path):
    bundled = layanan_bawaan()
    kodes = [kode for kode, layanan in bundled.items() if layanan.tingkat == "desa"]
    office = buat_kantor(tmp_path / "kepanjenkidul", **KELURAHAN, alamat="Jl. Kenari No. 3")
    printed = cetak_semua(run, monkeypatch, tmp_path, office, kodes, kelurahan=True)
    found = []
    for kode, (row, pages) in printed.items():
        found += masalah(kode, row, pages, bundled[kode], "Budi Hartono")
        # "Desa/Kelurahan" is a form's label (the pindah destination), not the office speaking.
        text = re.sub(r"desa/kelurahan", "", " ".join(pages), flags=re.IGNORECASE)
        if re.search(r"\bdesa\b", text, flags=re.IGNORECASE):
            where = re.search(r".{0,40}\bdesa\b.{0,40}", text, flags=re.IGNORECASE).group(0)
            found.append(f"{kode}: kata 'desa' dalam surat kelurahan: ...{where}...")
        signed_by_office = not bundled[kode].data["surat"].get("ditandatangani_pihak")
        if signed_by_office and "LURAH KEPANJENKIDUL" not in text.upper():
            found.append(f"{kode}: tidak ditandatangani Lurah Kepanjenkidul")
    assert found == []


def test_every_kecamatan_letter_prints_right_at_the_kecamatan(run, monkeypatch, tmp_path):
    bundled = layanan_bawaan()
    kodes = [kode for kode, layanan in bundled.items() if layanan.tingkat == "kecamatan"]
    office = buat_kantor(tmp_path / "ponggok", **KECAMATAN, alamat="Jl. Raya Ponggok No. 10")
    printed = cetak_semua(run, monkeypatch, tmp_path, office, kodes)
    found = [
        f for kode, (row, pages) in printed.items() for f in masalah(kode, row, pages, bundled[kode], "Drs. Agus Salim")
    ]
    assert found == []
    assert all("CAMAT PONGGOK" in " ".join(pages) for _, pages in printed.values())


def test_every_bundled_service_has_realistic_data_here():
    entries = yaml.safe_load((CONTOH / "surat.yaml").read_text(encoding="utf-8"))
    assert set(entries) == set(layanan_bawaan())


def test_an_event_ending_after_midnight_keeps_the_letter_on_one_page(run, monkeypatch, tmp_path):
    """The end time then carries its own date ("01.00 WIB (Senin, 21 Desember 2026)")."""
    data = contoh("izin-keramaian") | {"jam_selesai": "01:00"}
    office = pakai_kantor(monkeypatch, buat_kantor(tmp_path / "bacem"))
    (tmp_path / "acara.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert run("ajukan", "izin-keramaian", "--data", str(tmp_path / "acara.yaml"), "--ada", "semua").exit_code == 0
    result = run("cetak", "--semua", "--pdf", "--json")
    assert result.exit_code == 0, result.stderr
    pages = halaman(Path(json.loads(result.stdout)[0]["pdf"]))
    assert len(pages) == 1 and "01.00 WIB (Senin, 21 Desember 2026)" in pages[0]
    assert office.is_dir()


def ajukan_data(run, tmp_path: Path, kode: str, data: dict):
    """`desa ajukan KODE --data` with `data` written to a file, every paper handed in, --json."""
    path = tmp_path / f"{kode}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return run("ajukan", kode, "--data", str(path), "--ada", "semua", "--json")


def kalimat_hilang(printed: dict, kalimat: dict) -> list:
    """The expected sentences (`kalimat`: {kode: [text]}) missing from the printed letters, and
    every letter not on one page, as lines."""
    found = []
    for kode, (_, pages) in printed.items():
        found += [f"{kode}: {k}" for k in kalimat[kode] if k not in " ".join(pages)]
        found += [f"{kode}: {len(pages)} halaman"] if len(pages) != 1 else []
    return found
