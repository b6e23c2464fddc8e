"""Letters as tata naskah dinas lays them out: Arial 12 and the margins (or the office's own),
the signature block on one page with the closing, page numbers and the kop on page 1 only, the
letterhead's address and contact line."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import BACEM, buat_kantor
from docx import Document
from docx.shared import Mm, Pt

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PERLU_LIBREOFFICE = pytest.mark.skipif(
    (SOFFICE is None or shutil.which("pdftotext") is None) and not os.environ.get("CI"),
    reason="LibreOffice or pdftotext is not installed",
)
SITI = {
    "nik": "3505014708900001", "nama": "Siti Aminah", "tempat_lahir": "Blitar", "tanggal_lahir": "1990-08-07",
    "jenis_kelamin": "P", "agama": "Islam", "status_perkawinan": "Kawin", "pekerjaan": "Petani",
    "alamat": "Dusun Krajan RT 01 RW 02, Desa Bacem",
}  # fmt: skip
PENUTUP = "Demikian surat keterangan ini dibuat"


@pytest.fixture
def office(tmp_path, monkeypatch):
    folder = buat_kantor(tmp_path / "bacem", telepon="0342-123", email="desa@contoh.id")
    monkeypatch.setenv("DESA_KANTOR", str(folder))
    monkeypatch.setenv("DESA_PETUGAS", "Sari")
    monkeypatch.setenv("DESA_WAKTU", "2026-11-23T09:00:00")
    return folder


def ajukan(run, tmp_path, kode="domisili", **extra) -> str:
    path = tmp_path / f"isian-{kode}.yaml"
    data = {**SITI, "keperluan": "melamar kerja", **extra}
    path.write_text(yaml.safe_dump({k: v for k, v in data.items() if v is not None}, allow_unicode=True), "utf-8")
    result = run("ajukan", kode, "--data", str(path), "--ada", "semua", "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)["noreg"]


def ajukan_ahli_waris(run, tmp_path, jumlah: int) -> str:
    heirs = [
        {"nama": f"Ahli Waris Nomor {i + 1}", "nik": f"350501170885{i + 1:04d}", "tanggal_lahir": "1985-08-17",
         "hubungan": "Anak Kandung"}
        for i in range(jumlah)
    ]  # fmt: skip
    return ajukan(
        run, tmp_path, kode="ahli-waris", nama_pewaris="Sukardi", tanggal_meninggal="2026-10-01",
        tempat_meninggal="Blitar", ahli_waris=heirs,
        nama_saksi_1="Slamet Riyadi", nik_saksi_1="3505011203700001",
        alamat_saksi_1="Dusun Krajan RT 01 RW 02, Bacem", nama_saksi_2="Sri Wahyuni", nik_saksi_2="3505015506750002",
        alamat_saksi_2="Dusun Krajan RT 02 RW 02, Bacem", keperluan="balik nama sertifikat",
    )  # fmt: skip


def cetak(run, noreg: str) -> Path:
    result = run("cetak", noreg, "--json")
    assert result.exit_code == 0, result.stderr
    return Path(json.loads(result.stdout)["berkas"])


def halaman(docx: Path, out: Path) -> list:
    """The text of each page of the letter as LibreOffice lays it out."""
    pdf = out / (docx.stem + ".pdf")
    if not pdf.exists():
        subprocess.run([SOFFICE, "--headless", "--convert-to", "pdf", "--outdir", str(out), str(docx)],
                       check=True, capture_output=True, timeout=300)  # fmt: skip
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    return [
        subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"], capture_output=True, text=True,
                       check=True).stdout
        for n in range(1, pages + 1)
    ]  # fmt: skip


@PERLU_LIBREOFFICE
def test_signature_block_stays_with_the_closing_and_pages_are_numbered(run, office, tmp_path):
    letters = {n: cetak(run, ajukan_ahli_waris(run, tmp_path, n)) for n in (1, 12, 14, 30)}
    letters[0] = cetak(run, ajukan(run, tmp_path))  # the general letter (domisili)
    out = tmp_path / "pdf"
    subprocess.run([SOFFICE, "--headless", "--convert-to", "pdf", "--outdir", str(out), *map(str, letters.values())],
                   check=True, capture_output=True, timeout=600)  # fmt: skip
    for n, path in letters.items():
        pages = halaman(path, out)
        # The signature page (the ahli waris letter's witnesses and the camat's block may follow it).
        signed = [page for page in pages if "Suyanto" in page]
        assert len(signed) == 1, (n, len(pages))
        assert "KEPALA DESA BACEM" in signed[0] and PENUTUP in signed[0], (n, len(pages), signed[0])
        assert "PEMERINTAH KABUPATEN BLITAR" in pages[0]
        for number, page in enumerate(pages, 1):
            assert f"Halaman {number} dari {len(pages)}" in page, (n, number)
        for page in pages[1:]:
            assert "PEMERINTAH KABUPATEN" not in page and "Jl. Raya Bacem No. 1" not in page
    # One heir: the letter on page 1, the witnesses and the camat's block (one row) on page 2 of F4.
    assert len(halaman(letters[0], out)) == 1 and len(halaman(letters[1], out)) <= 2
    assert len(halaman(letters[30], out)) >= 2 and len(halaman(letters[14], out)) >= 2


def test_letter_is_arial_12_with_the_margins_of_tata_naskah_dinas(run, office, tmp_path):
    doc = Document(str(cetak(run, ajukan(run, tmp_path))))
    normal = doc.styles["Normal"].font
    assert (normal.name, normal.size) == ("Arial", Pt(12))
    section = doc.sections[0]
    margins = (section.left_margin, section.right_margin, section.top_margin, section.bottom_margin)
    assert [round(m.mm, 1) for m in margins] == [30, 20, 20, 25]


def _tulis_kantor(office: Path, **values) -> None:
    path = office / "kantor.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    data.update(values)
    data = {k: v for k, v in data.items() if v is not None}
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def test_office_typography_from_kantor_yaml_applies_to_its_own_template_too(run, office, tmp_path):
    _tulis_kantor(office, huruf="Bookman Old Style", ukuran_huruf=11, margin={"kiri": 4, "bawah": "2,5"})
    bundled = Path(__file__).resolve().parent.parent / "templates_surat" / "surat.docx"
    own = Document(str(bundled))  # an office's own template with other margins
    own.sections[0].left_margin = Mm(15)
    own.sections[0].top_margin = Mm(33)
    own.save(str(office / "templates_surat" / "surat.docx"))
    doc = Document(str(cetak(run, ajukan(run, tmp_path))))
    normal = doc.styles["Normal"].font
    assert (normal.name, normal.size) == ("Bookman Old Style", Pt(11))
    section = doc.sections[0]
    assert (round(section.left_margin.mm, 1), round(section.bottom_margin.mm, 1)) == (40, 25)
    assert round(section.top_margin.mm, 1) == 33  # not set in kantor.yaml: the template's own


@pytest.mark.parametrize(
    ("values", "words"),
    [
        ({"ukuran_huruf": 16}, ("ukuran_huruf", "tidak boleh lebih dari 14")),
        ({"ukuran_huruf": 9}, ("ukuran_huruf", "tidak boleh kurang dari 10")),
        ({"margin": {"kiri": 7}}, ("margin.kiri", "'7' tidak sah: harus bilangan 1–5 cm")),
        ({"margin": {"atas": "dua"}}, ("margin.atas", "harus bilangan 1–5 cm")),
        ({"margin": {"tengah": 2}}, ("margin.tengah", "kunci tidak dikenal")),
    ],
)
def test_wrong_typography_in_kantor_yaml_is_named(run, office, values, words):
    _tulis_kantor(office, **values)
    result = run("kantor")
    assert result.exit_code == 1
    assert all(word in result.stderr for word in words), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_letterhead_has_address_and_the_contact_line_in_words(run, office, tmp_path):
    doc = Document(str(cetak(run, ajukan(run, tmp_path))))
    kop = "\n".join(p.text for cell in doc.tables[0].rows[0].cells for p in cell.paragraphs)
    assert "Jl. Raya Bacem No. 1, Kode Pos 66153" in kop
    assert "Telepon 0342-123  Pos-el desa@contoh.id" in kop and "Telp." not in kop and "·" not in kop


def test_init_requires_an_address(run, tmp_path):
    from desa_cli import kantor
    from desa_cli.kesalahan import DesaError

    args = ["init", str(tmp_path / "k"), "--kode-wilayah", "35.05.06.2006", "--kepala-desa", "Suyanto"]
    result = run(*args)
    assert result.exit_code == 1 and "--alamat" in result.stderr, result.stderr
    assert not (tmp_path / "k" / "kantor.yaml").exists()
    with pytest.raises(DesaError, match="Alamat kantor wajib"):
        kantor.buat(tmp_path / "b", {**BACEM, "alamat": " "})
    assert run(*args, "--alamat", "Jl. Raya Bacem No. 1").exit_code == 0


def test_office_without_address_is_warned_and_prints_nothing(run, office, tmp_path):
    noreg = ajukan(run, tmp_path)
    _tulis_kantor(office, alamat=None)
    shown = run("kantor")
    assert shown.exit_code == 0 and "alamat kantor belum ada" in shown.stderr
    refused = run("cetak", noreg)
    assert refused.exit_code == 1
    assert refused.stderr.strip().count("\n") == 0 and "alamat:" in refused.stderr and "kantor.yaml" in refused.stderr
    assert not list((office / "arsip").rglob("*.docx"))
    book = run("buku", "--json")
    assert book.exit_code == 0 and json.loads(book.stdout) == []


def test_templates_keep_rows_whole_and_the_closing_with_the_signature():
    folder = Path(__file__).resolve().parent.parent / "templates_surat"
    for name in ("surat.docx", "izin-keramaian.docx", "keterangan-ahli-waris.docx"):
        xml = Document(str(folder / name)).element.xml
        assert "<w:keepNext/>" in xml and "<w:cantSplit/>" in xml, name
    heirs = Document(str(folder / "keterangan-ahli-waris.docx"))
    table = next(t for t in heirs.tables if t.rows[0].cells[0].text == "No.")
    assert "<w:tblHeader/>" in table.rows[0]._tr.xml
