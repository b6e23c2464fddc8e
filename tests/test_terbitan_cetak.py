"""Displayed documents as printed: the maklumat is a poster (title largest), and every page of
`desa standar --semua` names the office and its service, with no blank page. The PDF checks run
LibreOffice and pdftotext; they are skipped only where those are missing outside CI."""

import os
import shutil
import subprocess

import pytest
from docx import Document

from desa_cli import cetak, katalog, terbitan

PANJANG = " ".join(["Kami melayani setiap warga dengan persyaratan, waktu dan biaya yang sama."] * 11)

# Skipped only where LibreOffice is missing outside CI; pdftotext (poppler) comes with it here.
perlu_pdf = pytest.mark.skipif(
    not shutil.which("soffice") and not os.environ.get("DESA_UJI_TERPASANG"), reason="LibreOffice is not installed"
)


@pytest.fixture
def office(kantor, monkeypatch):
    monkeypatch.setenv("DESA_KANTOR", str(kantor))
    monkeypatch.setenv("DESA_WAKTU", "2026-11-23T09:00:00")
    return kantor


def ukuran(doc, words: str) -> float:
    """The font size (points) of the first run holding `words`."""
    run = next(r for p in doc.paragraphs for r in p.runs if words in r.text)
    return run.font.size.pt


def test_maklumat_title_is_the_largest_text(run, office, tmp_path):
    out = tmp_path / "maklumat.docx"
    assert run("maklumat", "--docx", str(out)).exit_code == 0
    doc = Document(str(out))
    sizes = [r.font.size.pt for p in doc.paragraphs for r in p.runs if r.font.size and r.text.strip()]
    title, body = ukuran(doc, "MAKLUMAT PELAYANAN"), ukuran(doc, "SIAP MENERIMA SANKSI")
    assert title == max(sizes) and title > body >= 20


def test_a_longer_maklumat_is_set_smaller_but_never_above_the_title():
    sizes = [terbitan.ukuran_isi_maklumat("x" * n) for n in (10, 300, 301, 600, 1000, 5000)]
    assert sizes == sorted(sizes, reverse=True) and max(sizes) < terbitan.UKURAN_MAKLUMAT["judul"]


def test_every_standar_section_names_the_office_and_its_service(run, office, tmp_path):
    out = tmp_path / "semua.docx"
    assert run("standar", "--semua", "--docx", str(out)).exit_code == 0
    doc = Document(str(out))
    services = [p.text for p in doc.paragraphs if p.text.startswith("Surat ") or "(Model" in p.text]
    assert len(doc.sections) > 10
    for section in doc.sections:
        header, footer = section.header.paragraphs[0].text, section.footer.paragraphs[0].text
        assert header.startswith("Desa Bacem: standar pelayanan ") and "Desa Bacem" in footer
    names = [s.header.paragraphs[0].text.split("standar pelayanan ", 1)[1] for s in doc.sections]
    assert len(set(names)) == len(names) and set(names) <= set(services)


def halaman(pdf) -> list:
    """The text of each page of `pdf`, by pdftotext page by page."""
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    count = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    return [
        subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"], capture_output=True,
                       text=True, check=True).stdout
        for n in range(1, count + 1)
    ]  # fmt: skip


@perlu_pdf
def test_printed_standar_and_maklumat_page_by_page(run, office, tmp_path):
    standar, maklumat, panjang = tmp_path / "standar.docx", tmp_path / "maklumat.docx", tmp_path / "panjang.docx"
    assert run("standar", "--semua", "--docx", str(standar)).exit_code == 0
    assert run("maklumat", "--docx", str(maklumat)).exit_code == 0
    path = office / "kantor.yaml"
    path.write_text(path.read_text("utf-8") + f"maklumat: {PANJANG}\n", "utf-8")
    assert run("maklumat", "--docx", str(panjang)).exit_code == 0
    cetak.ke_pdf([standar, maklumat, panjang], tmp_path)
    names = [s.data["nama"] for s in katalog.load([katalog.bundled_folder()]).layanan.values()]
    pages = halaman(standar.with_suffix(".pdf"))
    assert len(pages) >= len(Document(str(standar)).sections)
    for number, text in enumerate(pages, 1):
        flat = " ".join(text.split())
        assert "Desa Bacem" in flat, f"halaman {number} tanpa nama kantor"
        assert any(name in flat for name in names), f"halaman {number} tanpa nama layanan"
        assert len(flat) > 300, f"halaman {number} hampir kosong"
        assert f"Halaman {number} dari {len(pages)}" in flat
    for pdf in (maklumat, panjang):
        pages = halaman(pdf.with_suffix(".pdf"))
        assert len(pages) == 1 and "MAKLUMAT PELAYANAN" in pages[0] and "Suyanto" in pages[0], pdf.name


def test_a_new_service_page_never_leaves_an_empty_paragraph_to_spill_onto_a_page_of_its_own(run, office, tmp_path):
    from docx.oxml.ns import qn

    out = tmp_path / "semua.docx"
    assert run("standar", "--semua", "--docx", str(out)).exit_code == 0
    body = Document(str(out)).element.body
    breaks = [p for p in body.iter(qn("w:p")) if p.find(qn("w:pPr") + "/" + qn("w:sectPr")) is not None]
    assert breaks and all("".join(t.text for t in p.iter(qn("w:t"))).strip() for p in breaks)
    assert not body.findall(".//" + qn("w:br"))  # no page break of its own either
