"""`desa cetak` and the letter book: the letter's content, numbers, reprints, verification, PDF."""

import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml
from conftest import copy_bundled, register_isi, terbitkan_ulang, ubah_arsip
from docx import Document

pytestmark = pytest.mark.dua_register

REPO = Path(__file__).resolve().parent.parent
SITI = {
    "nik": "3505014708900001",
    "nama": "Siti Aminah",
    "tempat_lahir": "Blitar",
    "tanggal_lahir": "1990-08-07",
    "jenis_kelamin": "P",
    "agama": "Islam",
    "status_perkawinan": "Kawin",
    "pekerjaan": "Petani",
    "alamat": "Jl. Melati & Mawar <RT 01>",
}


@pytest.fixture
def office(kantor, monkeypatch, tmp_path):
    monkeypatch.setenv("DESA_KANTOR", str(kantor))
    monkeypatch.setenv("DESA_PETUGAS", "Sari")
    monkeypatch.setenv("DESA_WAKTU", "2026-11-23T09:00:00")
    return kantor


def ajukan(run, tmp_path, kode="domisili", ada="semua", **extra):
    path = tmp_path / "isian.yaml"
    data = {k: v for k, v in {**SITI, "keperluan": "Melamar kerja", **extra}.items() if v is not None}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    result = run("ajukan", kode, "--data", str(path), "--ada", ada, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)["noreg"]


def text_of(path: Path) -> str:
    """All the words of a .docx: paragraphs, tables (nested too) and footers."""
    doc = Document(str(path))
    parts = []

    def walk(container):
        for paragraph in container.paragraphs:
            parts.append(paragraph.text)
        for table in container.tables:
            for row in table.rows:
                for cell in row.cells:
                    walk(cell)

    walk(doc)
    for section in doc.sections:
        walk(section.footer)
    return "\n".join(parts)


def cetak_json(run, *args):
    result = run("cetak", *args, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_letter_has_office_number_title_applicant_date_and_body(run, office, tmp_path):
    noreg = ajukan(run, tmp_path)
    data = cetak_json(run, noreg)
    assert data["nomor"] == "470/001/35.05.06.2006/2026"
    path = Path(data["berkas"])
    assert path == office / "arsip" / "2026" / f"{noreg}_keterangan-domisili.docx"
    text = text_of(path)
    for expected in (
        "PEMERINTAH KABUPATEN BLITAR",
        "KECAMATAN PONGGOK",
        "DESA BACEM",
        "SURAT KETERANGAN DOMISILI",
        "Nomor: 470/001/35.05.06.2006/2026",
        "Yang bertanda tangan di bawah ini, Kepala Desa Bacem, Kecamatan Ponggok, Kabupaten Blitar",
        "Siti Aminah",
        "3505014708900001",
        "Blitar, 7 Agustus 1990",
        "Perempuan",
        "Surat keterangan ini dibuat untuk keperluan melamar kerja.",
        "Demikian surat keterangan ini dibuat",
        "Bacem, 23 November 2026",
        "KEPALA DESA BACEM",
        "Suyanto",
        data["kode_verifikasi"],
    ):
        assert expected in text, expected
    # Typed characters survive the XML: no lost '&', no swallowed '<RT 01>'.
    assert "Jl. Melati & Mawar <RT 01>" in text
    assert "{{" not in text and "{%" not in text


def test_printing_records_the_letter_and_the_book(run, office, tmp_path):
    noreg = ajukan(run, tmp_path)
    data = cetak_json(run, noreg)
    record = json.loads(run("lihat", noreg, "--json").stdout)
    assert record["status"] == "selesai"
    surat = record["surat"]
    assert surat["nomor"] == data["nomor"] and surat["tanggal"] == "2026-11-23"
    assert surat["sha256"] == data["sha256"] and surat["berkas"] == f"arsip/2026/{noreg}_keterangan-domisili.docx"
    assert surat["penandatangan"]["nama"] == "Suyanto"
    assert [e["aksi"] for e in record["riwayat"]] == ["ajukan", "cetak"]
    book = json.loads(run("buku", "--json").stdout)
    assert [(e["urut"], e["noreg"], e["status"]) for e in book] == [(1, noreg, "terbit")]


def test_incomplete_application_is_refused_and_takes_no_number(run, office, tmp_path):
    noreg = ajukan(run, tmp_path, ada="ktp_el")
    result = run("cetak", noreg)
    assert result.exit_code == 1
    assert "belum lengkap" in result.stderr and "Surat pengantar RT/RW" in result.stderr
    assert result.stderr.count("\n") == 1
    _, _, nomor = register_isi(office / "data")
    assert "surat" not in nomor
    assert not list((office / "arsip").rglob("*.docx"))
    run("lengkapi", noreg, "--ada", "semua")
    assert cetak_json(run, noreg)["nomor"].split("/")[1] == "001"


def test_reprint_is_the_same_letter(run, office, tmp_path, monkeypatch):
    noreg = ajukan(run, tmp_path)
    first = cetak_json(run, noreg)
    before = Path(first["berkas"]).read_bytes()
    monkeypatch.setenv("DESA_WAKTU", "2026-11-25T09:00:00")
    again = cetak_json(run, noreg)
    assert (again["nomor"], again["tanggal"], again["baru"]) == (first["nomor"], "2026-11-23", False)
    assert Path(again["berkas"]).read_bytes() == before
    # The archived file lost: written again with the same number, date and code.
    Path(first["berkas"]).unlink()
    rebuilt = cetak_json(run, noreg)
    assert (rebuilt["nomor"], rebuilt["kode_verifikasi"]) == (first["nomor"], first["kode_verifikasi"])
    assert "Bacem, 23 November 2026" in text_of(Path(rebuilt["berkas"]))
    assert len(json.loads(run("buku", "--json").stdout)) == 1


def test_numbers_follow_and_a_new_year_starts_at_one(run, office, tmp_path, monkeypatch):
    first = ajukan(run, tmp_path)
    second = ajukan(run, tmp_path)
    assert cetak_json(run, first)["nomor"] == "470/001/35.05.06.2006/2026"
    monkeypatch.setenv("DESA_WAKTU", "2026-12-31T15:00:00")
    third = ajukan(run, tmp_path)
    assert cetak_json(run, third)["nomor"] == "470/002/35.05.06.2006/2026"
    monkeypatch.setenv("DESA_WAKTU", "2027-01-04T08:00:00")
    assert cetak_json(run, second)["nomor"] == "470/001/35.05.06.2006/2027"
    assert [e["noreg"] for e in json.loads(run("buku", "--tahun", "2026", "--json").stdout)] == [first, third]
    assert [e["noreg"] for e in json.loads(run("buku", "--tahun", "2027", "--json").stdout)] == [second]


def test_number_format_with_roman_month(run, office, tmp_path):
    path = office / "kantor.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "format_nomor: '{kode}/{urut:03d}/{kode_desa}/{tahun}'",
        "format_nomor: '{kode}/{urut:03d}/{bulan_romawi}/{tahun}'",
    )
    path.write_text(text, encoding="utf-8")
    terbitkan_ulang(office)
    assert cetak_json(run, ajukan(run, tmp_path))["nomor"] == "470/001/XI/2026"
    path.write_text(text.replace("{bulan_romawi}", "{bulan_jawa}"), encoding="utf-8")
    terbitkan_ulang(office)
    noreg = ajukan(run, tmp_path)
    result = run("cetak", noreg)
    assert result.exit_code == 1 and "format_nomor" in result.stderr
    assert len(json.loads(run("buku", "--json").stdout)) == 1  # no number burnt


def test_withdrawn_letter_keeps_its_number_as_cancelled(run, office, tmp_path):
    noreg = ajukan(run, tmp_path)
    code = cetak_json(run, noreg)["kode_verifikasi"]
    assert run("batal", noreg, "--alasan", "Data salah, diganti surat baru").exit_code == 0
    book = json.loads(run("buku", "--json").stdout)
    assert [(e["urut"], e["status"]) for e in book] == [(1, "batal")]
    assert "batal" in run("buku").output
    result = run("verifikasi", code)
    assert result.exit_code == 1 and "DIBATALKAN" in result.output
    assert cetak_json(run, ajukan(run, tmp_path))["nomor"].split("/")[1] == "002"


def test_serahkan(run, office, tmp_path):
    noreg = ajukan(run, tmp_path)
    early = run("serahkan", noreg)
    assert early.exit_code == 1 and "selesai" in early.stderr
    cetak_json(run, noreg)
    assert run("serahkan", noreg).exit_code == 0
    assert json.loads(run("lihat", noreg, "--json").stdout)["status"] == "diambil"


def test_verifikasi_accepts_the_code_as_printed_in_any_case(run, office, tmp_path):
    noreg = ajukan(run, tmp_path)
    code = cetak_json(run, noreg)["kode_verifikasi"]
    for typed in (code, code.lower(), code.replace("-", " ")):
        result = run("verifikasi", typed)
        assert result.exit_code == 0, typed
        assert "SAH" in result.output and "Siti Aminah" in result.output
        assert "350501******0001" in result.output and "3505014708900001" not in result.output
    data = json.loads(run("verifikasi", code.lower(), "--json").stdout)
    assert data["sah"] is True and data["nomor"] == "470/001/35.05.06.2006/2026" and data["nik"] == "350501******0001"
    unknown = run("verifikasi", "ZZZZZ-ZZZZZ")
    assert unknown.exit_code == 1 and "tidak dikenal" in unknown.stderr


def test_periksa_finds_a_changed_or_missing_letter(run, office, tmp_path):
    first = cetak_json(run, ajukan(run, tmp_path))
    second = cetak_json(run, ajukan(run, tmp_path))
    clean = run("periksa")
    assert clean.exit_code == 0 and "Register dan arsip utuh." in clean.output
    # The letters periksa checks: the files of arsip/, or the rows of desa.arsip in PostgreSQL.
    ubah_arsip(office, Path(first["berkas"]), Path(first["berkas"]).read_bytes() + b"x")
    ubah_arsip(office, Path(second["berkas"]), None)
    result = run("periksa")
    assert result.exit_code == 1
    assert "✗ Setiap surat di arsip sama dengan sidik SHA-256-nya (2 diperiksa)" in result.output
    assert "470/001/35.05.06.2006/2026" in result.output and "berubah" in result.output
    assert "470/002/35.05.06.2006/2026" in result.output and "hilang" in result.output


def test_own_templates_izin_keramaian_and_ahli_waris(run, office, tmp_path, monkeypatch):
    monkeypatch.setenv("DESA_WAKTU", "2026-11-23T09:00:00")  # an event before today is refused
    noreg = ajukan(
        run, tmp_path, kode="izin-keramaian", nama_acara="Resepsi pernikahan", tanggal_acara="2026-12-12",
        jam_mulai="08.00", jam_selesai="22.00", tempat_acara="Halaman rumah, Dusun Krajan", jumlah_undangan=300,
        hiburan="Organ tunggal", keperluan=None,
    )  # fmt: skip
    text = text_of(Path(cetak_json(run, noreg)["berkas"]))
    for expected in ("SURAT PENGANTAR IZIN KERAMAIAN", "Resepsi pernikahan", "Sabtu, 12 Desember 2026",
                     "Pukul 08.00 s.d. 22.00 WIB", "± 300 orang", "Organ tunggal", "Nomor: 300/001/"):  # fmt: skip
        assert expected in text, expected
    heirs = [
        {"nama": "Budi Santoso", "nik": "3505010101850002", "tanggal_lahir": "1985-01-01", "hubungan": "Anak"},
        {"nama": "Rina Wati", "nik": "3505014203880003", "tanggal_lahir": "1988-03-02", "hubungan": "Anak"},
    ]
    noreg = ajukan(
        run, tmp_path, kode="ahli-waris", nama_pewaris="Sukardi", tanggal_meninggal="2026-10-01",
        tempat_meninggal="Blitar", ahli_waris=heirs,
        nama_saksi_1="Slamet Riyadi", nik_saksi_1="3505011203700001",
        alamat_saksi_1="Dusun Krajan RT 01 RW 02, Bacem", nama_saksi_2="Sri Wahyuni", nik_saksi_2="3505015506750002",
        alamat_saksi_2="Dusun Krajan RT 02 RW 02, Bacem", keperluan="Balik nama sertifikat",
    )  # fmt: skip
    path = Path(cetak_json(run, noreg)["berkas"])
    text = text_of(path)
    assert "SURAT KETERANGAN AHLI WARIS" in text and "Sukardi" in text and "1 Oktober 2026" in text
    table = next(t for t in Document(str(path)).tables if t.rows[0].cells[0].text == "No.")
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert rows == [
        ["1", "Budi Santoso", "3505010101850002", "1 Januari 1985", "Anak"],
        ["2", "Rina Wati", "3505014203880003", "2 Maret 1988", "Anak"],
    ]


def test_catalogue_text_cannot_reach_python(run, office, tmp_path):
    path = copy_bundled("keterangan-domisili", office / "katalog")
    text = path.read_text(encoding="utf-8")
    start = text.index("  isi: |-")
    path.write_text(text[:start] + "  isi: '{{ pemohon.__class__.__mro__ }}'\n", encoding="utf-8")
    terbitkan_ulang(office)
    noreg = ajukan(run, tmp_path)
    result = run("cetak", noreg)
    assert result.exit_code == 1 and "surat.isi" in result.stderr and "Traceback" not in result.stderr
    assert json.loads(run("lihat", noreg, "--json").stdout)["status"] == "lengkap"


def test_katalog_periksa_reports_fields_a_service_does_not_have(run, office):
    path = copy_bundled("keterangan-usaha", office / "katalog")
    path.write_text(path.read_text(encoding="utf-8").replace("{{ jenis_usaha ", "{{ jenis_usahaa "), "utf-8")
    template = office / "templates_surat" / "surat.docx"
    shutil.copy(REPO / "templates_surat" / "surat.docx", template)
    doc = Document(str(template))
    doc.add_paragraph("{{ warna_kesukaan }}")
    doc.save(str(template))
    result = run("katalog", "periksa")
    assert result.exit_code == 1
    assert "surat.isi: memakai isian yang tidak ada: jenis_usahaa" in result.stderr
    assert "warna_kesukaan" in result.stderr


def test_signatory_for_the_head_and_logo(run, office, tmp_path):
    logo = office / "logo.png"
    subprocess_png(logo)
    path = office / "kantor.yaml"
    data = yaml.safe_load(path.read_bytes())
    data["logo"] = "logo.png"
    data["penandatangan"]["sekretaris"] = {"jabatan": "Sekretaris Desa", "nama": "Wahyuni"}
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    usaha = copy_bundled("keterangan-usaha", office / "katalog")
    usaha.write_text(
        usaha.read_text("utf-8").replace(
            '  kode_klasifikasi: "510"', '  kode_klasifikasi: "510"\n  penandatangan: sekretaris'
        ),
        "utf-8",
    )
    terbitkan_ulang(office)
    noreg = ajukan(run, tmp_path, kode="sku", nama_usaha="Warung Siti", jenis_usaha="Warung", alamat_usaha="Bacem")
    docx_path = Path(cetak_json(run, noreg)["berkas"])
    text = text_of(docx_path)
    assert "a.n. KEPALA DESA BACEM" in text and "Sekretaris Desa" in text and "Wahyuni" in text
    images = [r for r in Document(str(docx_path)).part.rels.values() if "image" in r.reltype]
    assert len(images) == 2  # the logo and the QR code


def subprocess_png(path: Path) -> None:
    import segno

    segno.make("LOGO").save(str(path), kind="png", scale=4)


def test_print_all_complete_ones_in_arrival_order(run, office, tmp_path):
    first = ajukan(run, tmp_path)
    waiting = ajukan(run, tmp_path, ada="ktp_el")
    third = ajukan(run, tmp_path)
    rows = cetak_json(run, "--semua")
    assert [(r["noreg"], r["nomor"].split("/")[1]) for r in rows] == [(first, "001"), (third, "002")]
    assert json.loads(run("lihat", waiting, "--json").stdout)["status"] == "belum_lengkap"
    assert "Tidak ada permohonan lengkap" in run("cetak", "--semua").output
    assert run("cetak").exit_code == 2


def test_pdf_missing_libreoffice_still_writes_the_docx(run, office, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "kosong"))
    monkeypatch.delenv("DESA_SOFFICE", raising=False)
    noreg = ajukan(run, tmp_path)
    result = run("cetak", noreg, "--pdf")
    assert result.exit_code == 0
    assert "LibreOffice tidak ditemukan" in result.stderr and "libreoffice" in result.stderr.lower()
    assert (office / "arsip" / "2026" / f"{noreg}_keterangan-domisili.docx").is_file()


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None and not os.environ.get("CI"), reason="LibreOffice is not installed")
def test_pdf_made_by_libreoffice(run, office, tmp_path):
    first = ajukan(run, tmp_path)
    second = ajukan(run, tmp_path)
    rows = cetak_json(run, "--semua", "--pdf")
    for row in rows:
        pdf = Path(row["pdf"])
        assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF")
    assert [r["noreg"] for r in rows] == [first, second]
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", rows[0]["pdf"], "-"], capture_output=True, text=True, check=True).stdout
        assert "SURAT KETERANGAN DOMISILI" in text and "Jl. Melati & Mawar <RT 01>" in text


def test_two_printers_at_once_never_share_a_number(office, tmp_path):
    from desa_cli import kantor as kantor_mod
    from desa_cli import katalog, meja, register

    office_obj = kantor_mod.muat(kantor_mod.LokasiKantor(office, "uji"))
    layanan = katalog.load([katalog.bundled_folder()]).layanan["keterangan-domisili"]
    import datetime as dt

    with meja.transaksi(office_obj) as tx:  # the office's register: files or PostgreSQL
        reg = register.Register(tx, "uji", dt.datetime(2026, 11, 23, 9), office_obj.kalender())
        noregs = [reg.ajukan(layanan, dict(SITI, kewarganegaraan="WNI"), {"keperluan": "Uji"},
                             {"pengantar_rt_rw", "ktp_el", "kk"})["noreg"] for _ in range(8)]  # fmt: skip
    env = {**os.environ, "DESA_KANTOR": str(office), "PYTHONPATH": str(REPO), "DESA_WAKTU": "2026-11-23T09:00:00"}

    def printer(batch):
        numbers = []
        for noreg in batch:
            out = subprocess.run([sys.executable, "-m", "desa_cli", "cetak", noreg, "--json"], capture_output=True,
                                 text=True, env=env, check=False, timeout=120)  # fmt: skip
            assert out.returncode == 0, out.stderr
            numbers.append(json.loads(out.stdout)["nomor"])
        return numbers

    with ThreadPoolExecutor(2) as pool:
        numbers = [n for batch in pool.map(printer, (noregs[0::2], noregs[1::2])) for n in batch]
    serials = sorted(int(n.split("/")[1]) for n in numbers)
    assert serials == list(range(1, 9))


def test_a4_paper_nip_and_opening_the_file(run, office, tmp_path, monkeypatch):
    from docx.shared import Mm

    from desa_cli import cetak

    path = office / "kantor.yaml"
    data = yaml.safe_load(path.read_bytes())
    data["kertas"] = "a4"
    data["penandatangan"]["kepala"]["nip"] = "197001011990031001"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    opened = []
    monkeypatch.setattr(cetak, "buka", opened.append)
    terbitkan_ulang(office)
    noreg = ajukan(run, tmp_path)
    assert run("cetak", noreg, "--buka").exit_code == 0
    docx_path = office / "arsip" / "2026" / f"{noreg}_keterangan-domisili.docx"
    assert opened == [docx_path]
    section = Document(str(docx_path)).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert "NIP. 197001011990031001" in text_of(docx_path)
    assert Mm(330) != section.page_height


def test_f4_paper_by_default(run, office, tmp_path):
    noreg = ajukan(run, tmp_path)
    section = Document(cetak_json(run, noreg)["berkas"]).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (215, 330)
    assert "NIP." not in text_of(office / "arsip" / "2026" / f"{noreg}_keterangan-domisili.docx")
