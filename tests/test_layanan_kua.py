"""The KUA forms a village prepares beside N1 (issue 13): N2 permohonan kehendak nikah, N4
persetujuan calon pengantin, N5 izin orang tua, N6 keterangan kematian suami/istri (Kepdirjen Bimas
Islam 473/2020): found by `desa syarat`, impossible input refused, N5 only under 21, and the key
lines of each printed form (one LibreOffice batch)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import BUNDLED, buat_kantor, copy_bundled, pakai_kantor
from test_semua_surat import ajukan_data as ajukan
from test_semua_surat import contoh, halaman

from desa_cli import katalog

FORMS = {
    "permohonan-kehendak-nikah": "n2",
    "persetujuan-calon-pengantin": "n4",
    "izin-orang-tua": "n5",
    "keterangan-kematian-pasangan": "n6",
}


@pytest.mark.parametrize("kode,alias", FORMS.items())
def test_each_form_is_found_by_its_model_number(run, kode, alias):
    result = run("syarat", alias, "--json")
    assert result.exit_code == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["kode"] == kode and found["tingkat"] == "desa"
    assert any("473 Tahun 2020" in dasar for dasar in found["dasar_hukum"])


@pytest.mark.parametrize(
    "kode,ubah,pesan",
    [
        # The other candidate is not the applicant.
        ("persetujuan-calon-pengantin", {"nik_pasangan": "3505065503010002"}, "NIK calon pasangan sama dengan NIK"),
        # Nor the applicant's father.
        ("izin-orang-tua", {"nik_pasangan": "3505060101650001"}, "NIK calon pasangan sama dengan NIK ayah"),
        # A death not after today (2026-11-20), nor before the deceased's birth.
        ("keterangan-kematian-pasangan", {"tanggal_kematian": "2026-11-21"}, "sesudah hari ini"),
        ("keterangan-kematian-pasangan", {"tanggal_kematian": "1980-01-01"}, "lebih awal dari Tanggal lahir"),
        # The akad still to come.
        ("permohonan-kehendak-nikah", {"tanggal_akad": "2026-11-19"}, "sudah lewat"),
    ],
)
def test_impossible_facts_are_refused(run, monkeypatch, tmp_path, kode, ubah, pesan):
    pakai_kantor(monkeypatch, buat_kantor(tmp_path / "bacem"))
    result = ajukan(run, tmp_path, kode, contoh(kode) | ubah)
    assert result.exit_code == 1
    assert pesan in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_parents_consent_only_for_a_candidate_under_21(run, monkeypatch, tmp_path):
    """N5 is refused for a candidate of 21 or more (Rina, 25); N1 for a candidate under 21 (Dewi,
    20) is taken with a warning naming izin-orang-tua, and N1 for Rina without one."""
    pakai_kantor(monkeypatch, buat_kantor(tmp_path / "bacem"))
    dewi = contoh("izin-orang-tua")
    assert ajukan(run, tmp_path, "izin-orang-tua", dewi).exit_code == 0
    rina = contoh("persetujuan-calon-pengantin")
    older = dewi | {k: rina[k] for k in ("nik", "nama", "tanggal_lahir")}
    result = ajukan(run, tmp_path, "izin-orang-tua", older)
    assert result.exit_code == 1 and "sudah berumur 25 tahun" in result.stderr
    n1 = contoh("pengantar-nikah")
    young = ajukan(run, tmp_path, "pengantar-nikah", n1 | {k: dewi[k] for k in ("nik", "nama", "tanggal_lahir")})
    assert young.exit_code == 0
    assert any("izin-orang-tua" in line for line in json.loads(young.stdout)["peringatan"])
    adult = ajukan(run, tmp_path, "pengantar-nikah", n1)
    assert not any("izin-orang-tua" in line for line in json.loads(adult.stdout)["peringatan"])


def test_catalogue_keys_name_real_fields(tmp_path):
    """`surat.ditandatangani_pihak` names fields of the service; `umur_pemohon`'s warning comes
    with its age."""
    path = copy_bundled("izin-orang-tua", tmp_path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("[nama_ayah, nama_ibu]", "[nama_ayah, nama_wali]"), encoding="utf-8")
    faults = katalog.load([BUNDLED, tmp_path]).faults
    assert [(f.field, "nama_wali" in f.reason) for f in faults] == [("surat.ditandatangani_pihak", True)]
    path.write_text(text.replace("  kurang_dari: 21", "  peringatan: lihat N5"), encoding="utf-8")
    faults = katalog.load([BUNDLED, tmp_path]).faults
    assert [f.field for f in faults] == ["umur_pemohon"]


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_key_lines_of_each_printed_form(run, monkeypatch, tmp_path):
    pakai_kantor(monkeypatch, buat_kantor(tmp_path / "bacem"))
    for kode in FORMS:
        assert ajukan(run, tmp_path, kode, contoh(kode)).exit_code == 0
    result = run("cetak", "--semua", "--pdf", "--json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    pages = {kode: halaman(Path(row["pdf"])) for kode, row in zip(FORMS, rows, strict=True)}
    assert all(len(p) == 1 for p in pages.values())
    for kode, row in zip(FORMS, rows, strict=True):
        assert f"Model {FORMS[kode].upper()}" in pages[kode][0] and row["nomor"] in pages[kode][0]
    n2, n4, n5, n6 = (baris(Path(row["pdf"])) for row in rows)
    # N2: to the KUA of the kecamatan; the bride applies, so the groom is the other candidate.
    assert urut(n2, "Perihal : Permohonan Kehendak Nikah", "Kepala KUA Kecamatan Ponggok", "di Ponggok")
    assert urut(n2, "Calon Suami : Agus Prasetyo", "Calon Istri : Rina Wulandari")
    assert "Hari/tanggal/jam : Minggu, 20 Desember 2026 / pukul 09.00 WIB" in n2
    assert urut(n2, "Diterima tanggal .................. Wassalam,", "Yang menerima, Pemohon,", "Rina Wulandari")
    # N4: A. the groom before B. the bride, each with bin/binti; both sign.
    groom = ("A. Calon Suami:", "1. Nama lengkap dan alias : Agus Prasetyo", "2. Bin/Binti : Slamet")
    assert urut(n4, *groom, "B. Calon Istri:", "1. Nama lengkap dan alias : Rina Wulandari", "2. Bin/Binti : Sutrisno")
    assert urut(n4, "Calon Suami Calon Istri", "(Agus Prasetyo) (Rina Wulandari)")
    # N5: the father and the mother, their child, the other candidate; both parents sign.
    parents = ("SURAT IZIN ORANG TUA", "A. Ayah/wali/pengampu:", "2. Bin : Karto Wiyono", "2. Binti : Marto Rejo")
    child = ("adalah ayah dan ibu kandung dari:", "1. Nama lengkap dan alias : Dewi Lestari")
    other = ("memberikan izin kepada anak kami untuk melakukan pernikahan dengan:", "2. Bin/Binti : Slamet")
    assert urut(n5, *parents, *child, *other, "Ayah/wali/pengampu Ibu/wali/pengampu", "Sutrisno Sumiati")
    # N6: the office lines, the deceased, the death, the surviving wife; the kepala desa signs.
    death = "Telah meninggal dunia pada tanggal 2 Maret 2025 di RSUD Ngudi Waluyo Wlingi."
    deceased = "1. Nama lengkap dan alias : Joko Susilo"
    assert urut(n6, "KANTOR DESA : BACEM", "SURAT KETERANGAN KEMATIAN", deceased, death)
    assert urut(n6, "Yang bersangkutan adalah suami dari:", "1. Nama lengkap dan alias : Siti Aminah", "Suyanto")


def baris(pdf: Path) -> list:
    """The page's lines as laid out (columns side by side), whitespace collapsed."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def urut(lines: list, *wanted) -> bool:
    """Each wanted text starts a line, in this order."""
    found = [next((i for i, line in enumerate(lines) if line.startswith(w)), -1) for w in wanted]
    assert -1 not in found, [w for w, i in zip(wanted, found, strict=True) if i == -1]
    return found == sorted(found)
