"""Documents to display and to file: the service standard, the maklumat, the survey report."""

from pathlib import Path

import pytest
from conftest import BUNDLED
from docx import Document

from desa_cli import katalog

KEYS = ("persyaratan", "prosedur", "waktu", "biaya", "produk", "kompetensi", "perilaku", "pengaduan", "sarana")


@pytest.fixture
def office(kantor, monkeypatch):
    monkeypatch.setenv("DESA_KANTOR", str(kantor))
    monkeypatch.setenv("DESA_WAKTU", "2026-11-23T09:00:00")
    return kantor


def words(path: Path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_standar_of_one_service(run, office, tmp_path):
    out = tmp_path / "standar.docx"
    result = run("standar", "keramaian", "--docx", str(out))
    assert result.exit_code == 0, result.output
    text = words(out)
    for expected in ("PEMERINTAH KABUPATEN BLITAR", "DESA BACEM", "STANDAR PELAYANAN",
                     "Surat Keterangan Izin Keramaian",
                     "1. Persyaratan", "1) Surat pengantar RT/RW (asli)", "2. Sistem, mekanisme dan prosedur",
                     "3. Jangka waktu pelayanan", "1 hari kerja", "4. Biaya/tarif", "Tidak dipungut biaya",
                     "5. Produk pelayanan", "6. Penanganan pengaduan, saran dan masukan", "SP4N-LAPOR!",
                     "7. Dasar hukum", "Peraturan Pemerintah Nomor 60 Tahun 2017"):  # fmt: skip
        assert expected in text, expected


def test_standar_of_every_service_of_the_office(run, office, tmp_path):
    out = tmp_path / "semua.docx"
    assert run("standar", "--semua", "--docx", str(out)).exit_code == 0
    text = words(out)
    village = [layanan for layanan in katalog.load([BUNDLED]).layanan.values() if layanan.tingkat == "desa"]
    assert text.count("STANDAR PELAYANAN") == len(village)  # the village's services, not the kecamatan's
    assert "Surat Keterangan Tidak Mampu (SKTM)" in text and "Izin Usaha Mikro Kecil" not in text
    assert run("standar", "--docx", str(out)).exit_code == 2
    assert run("standar", "sktm", "--docx", str(tmp_path / "x.pdf")).exit_code == 1


def test_maklumat_default_and_from_kantor_yaml(run, office, tmp_path):
    out = tmp_path / "maklumat.docx"
    assert run("maklumat", "--docx", str(out)).exit_code == 0
    text = words(out)
    assert "MAKLUMAT PELAYANAN" in text and "SIAP MENERIMA SANKSI" in text
    assert "Bacem, 23 November 2026" in text and "KEPALA DESA BACEM" in text and "Suyanto" in text
    path = office / "kantor.yaml"
    path.write_text(path.read_text("utf-8") + "maklumat: Kami melayani tanpa pungutan apa pun.\n", "utf-8")
    assert run("maklumat", "--docx", str(out)).exit_code == 0
    assert "KAMI MELAYANI TANPA PUNGUTAN APA PUN." in words(out)


def test_survey_report_document(run, office, tmp_path):
    for answer in (4, 3, 3, 4):
        flags = [part for key in KEYS for part in (f"--{key}", str(answer))]
        assert run("survei", "isi", "--layanan", "sku", *flags).exit_code == 0
    out = tmp_path / "skm.docx"
    assert run("survei", "hasil", "--docx", str(out)).exit_code == 0
    text = words(out)
    assert "LAPORAN SURVEI KEPUASAN MASYARAKAT" in text and "Jumlah responden: 4 orang." in text
    assert "Persyaratan" in text and "3,500" in text and "87,50" in text and "B (Baik)" in text
    assert "87.50" not in text  # numbers in words the Indonesian way: a decimal comma
    assert "1/9" not in text and "Bobot setiap unsur" not in text  # no developer's footnote
