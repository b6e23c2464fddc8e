"""Two letters with a form behind them (issue 12, "Letter by letter"): the pindah pengantar to
Disdukcapil (form F-1.03 of Permendagri 108/2019) with the people who move as a table and the
destination split; the pengantar nikah as form model N1 (Kepdirjen Bimas Islam 473/2020)."""

import io
import json
import re
import zipfile
from pathlib import Path

import pytest
import yaml
from test_tata_surat import PERLU_LIBREOFFICE, SITI, halaman, office  # noqa: F401 (office: the fixture)

from desa_cli import katalog, surat, surat_periksa

# An office (Desa Bacem) for every test, as test_tata_surat's letters have it.
pytestmark = pytest.mark.usefixtures("office")

BUDI = {**SITI, "nik": "3505011203850003", "nama": "Budi Santoso", "tanggal_lahir": "1985-03-12",
        "jenis_kelamin": "L", "pekerjaan": "Karyawan Swasta"}  # fmt: skip
TUJUAN = {
    "alamat_tujuan": "Jl. Ahmad Yani No. 45", "rt_rw_tujuan": "003/007", "desa_tujuan": "Kauman",
    "kecamatan_tujuan": "Klojen", "kabupaten_tujuan": "Kota Malang", "provinsi_tujuan": "Jawa Timur",
    "kode_pos_tujuan": "65119", "klasifikasi_pindah": "Antarkabupaten/kota dalam satu provinsi",
    "jenis_kepindahan": "Kepala keluarga dan seluruh anggota keluarga", "alasan_pindah": "Pekerjaan",
    "tanggal_pindah": "2026-12-15", "shdk_pemohon": "Kepala Keluarga",
}  # fmt: skip
KELUARGA = [
    {"nik": "3505014507870004", "nama": "Rina Wulandari", "shdk": "Istri"},
    {"nik": "3505011009100001", "nama": "Arif Santoso", "shdk": "Anak"},
    {"nik": "3505015204140002", "nama": "Dewi Santoso", "shdk": "Anak"},
    {"nik": "3505012011180003", "nama": "Bima Santoso", "shdk": "Anak"},
]
SRI = {**SITI, "nik": "3505016408950001", "nama": "Sri Wahyuni", "tanggal_lahir": "1995-08-24",
       "status_perkawinan": "Cerai Mati", "pekerjaan": "Pedagang"}  # fmt: skip
N1 = {
    "pendidikan_terakhir": "SMA", "bin_binti": "Sutrisno", "status_nikah": "Janda",
    "pasangan_terdahulu": "Agus Prasetyo", "nama_ayah": "Sutrisno", "nik_ayah": "3505010101650001",
    "tempat_lahir_ayah": "Blitar", "tanggal_lahir_ayah": "1965-01-01", "kewarganegaraan_ayah": "WNI",
    "agama_ayah": "Islam", "pekerjaan_ayah": "Petani", "alamat_ayah": "Dusun Krajan RT 002 RW 001, Desa Bacem",
    "nama_ibu": "Sumiati", "nik_ibu": "3505014102680002", "tempat_lahir_ibu": "Kediri",
    "tanggal_lahir_ibu": "1968-02-01", "kewarganegaraan_ibu": "WNI", "agama_ibu": "Islam",
    "pekerjaan_ibu": "Mengurus Rumah Tangga", "alamat_ibu": "Dusun Krajan RT 002 RW 001, Desa Bacem",
}  # fmt: skip


def cetak(run, tmp_path: Path, kode: str, data: dict) -> Path:
    path = tmp_path / f"isian-{kode}-{len(list(tmp_path.glob('isian-*')))}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    result = run("ajukan", kode, "--data", str(path), "--ada", "semua", "--json")
    assert result.exit_code == 0, result.stderr
    result = run("cetak", json.loads(result.stdout)["noreg"], "--json")
    assert result.exit_code == 0, result.stderr
    return Path(json.loads(result.stdout)["berkas"])


def teks(docx: Path) -> str:
    """The letter's words in order, one paragraph (or table cell) a line."""
    xml = zipfile.ZipFile(io.BytesIO(docx.read_bytes())).read("word/document.xml").decode("utf-8")
    return re.sub(r"<[^>]+>", "", re.sub(r"</w:p>", "\n", xml))


def test_pindah_asks_the_destination_as_form_f103_does():
    layanan = katalog.load([katalog.bundled_folder()]).layanan["keterangan-pindah"]
    isian = {f["nama"]: f for f in layanan.data["isian"]}
    tujuan = ("alamat", "rt_rw", "desa", "kecamatan", "kabupaten", "provinsi", "kode_pos")
    for nama in (*(f"{n}_tujuan" for n in tujuan), "klasifikasi_pindah", "jenis_kepindahan", "alasan_pindah"):
        assert nama in isian, nama
    assert "jumlah_pengikut" not in isian
    pengikut = isian["pengikut"]
    assert pengikut["jenis"] == "daftar" and not pengikut["wajib"]
    assert [k["nama"] for k in pengikut["kolom"]] == ["nik", "nama", "shdk"]
    assert "Istri" in pengikut["kolom"][2]["pilihan"] and "Kepala Keluarga" in isian["shdk_pemohon"]["pilihan"]
    assert layanan.data["surat"]["jenis"] == "pengantar"


def test_pindah_with_family_prints_the_table_and_alone_never_says_zero(run, tmp_path):
    alone = teks(cetak(run, tmp_path, "pindah", {**BUDI, **TUJUAN, "jenis_kepindahan": "Kepala keluarga"}))
    assert "0 orang" not in alone and "anggota keluarganya" not in alone
    assert "Yang pindah: pemohon sendiri (1 orang)." in alone and "SHDK" not in alone
    family = teks(cetak(run, tmp_path, "pindah", {**BUDI, **TUJUAN, "pengikut": KELUARGA}))
    assert "bersama 4 orang anggota keluarganya" in family and "SHDK" in family
    rows = re.findall(r"(\d)\n(35\d{14})\n([^\n]+)\n([^\n]+)\n", family)
    assert rows[0] == ("1", BUDI["nik"], "Budi Santoso", "Kepala Keluarga")
    assert rows[4] == ("5", "3505012011180003", "Bima Santoso", "Anak")
    for expected in ("Kepada Yth.", "Kepala Dinas Kependudukan dan Pencatatan Sipil Kabupaten Blitar", "003/007",
                     "Kauman", "Klojen", "Kota Malang", "Jawa Timur", "65119", "15 Desember 2026",
                     "mengurus SKPWNI", "Demikian surat pengantar ini"):  # fmt: skip
        assert expected in family, expected


def test_n1_items_in_the_models_order_and_the_previous_husband_for_a_janda(run, tmp_path):
    text = teks(cetak(run, tmp_path, "nikah", {**SRI, **N1}))
    assert text.index("Model N1") < text.index("PENGANTAR NIKAH") < text.index("1.")
    assert "KANTOR DESA\n:\nBACEM" in text and "PERKAWINAN" not in text
    items = re.findall(r"^(\d+)\.\n([^\n]+)\n:\n([^\n]*)$", text, re.MULTILINE)
    assert [(n, label) for n, label, _ in items] == [
        ("1", "Nama"), ("2", "Nomor Induk Kependudukan (NIK)"), ("3", "Jenis Kelamin"),
        ("4", "Tempat dan Tanggal Lahir"), ("5", "Kewarganegaraan"), ("6", "Agama"), ("7", "Pekerjaan"),
        ("8", "Pendidikan Terakhir"), ("9", "Bin/Binti"), ("10", "Alamat"), ("11", "Status Perkawinan"),
        ("12", "Nama Istri/Suami Terdahulu"),
    ]  # fmt: skip
    values = {n: value for n, _, value in items}
    assert values["3"] == "Perempuan" and values["9"] == "Sutrisno" and values["12"] == "Agus Prasetyo"
    assert "a. Laki-laki: Jejaka, Duda, Beristri ke-\n:\n-\n" in text
    assert "b. Perempuan: Perawan, Janda\n:\nJanda\n" in text
    father, mother = text.index("seorang pria:"), text.index("seorang wanita:")
    assert father < text.index("Sutrisno\n", father) < text.index("3505010101650001") < mother
    # Model N1's own closing, not the general pengantar's.
    closing = text.index("Demikian surat pengantar ini dibuat dengan mengingat sumpah jabatan")
    assert mother < text.index("Sumiati") < text.index("Kediri, 1 Februari 1968") < closing


def test_n1_previous_spouse_only_for_duda_janda_or_beristri(run, tmp_path):
    jejaka = {**N1, "status_nikah": "Jejaka", "pasangan_terdahulu": None}
    text = teks(cetak(run, tmp_path, "nikah", {**BUDI, **{k: v for k, v in jejaka.items() if v}}))
    assert "Terdahulu" not in text and "12." not in text
    assert "ke-\n:\nJejaka\n" in text and "Perawan, Janda\n:\n-\n" in text
    beristri = {**BUDI, **N1, "status_nikah": "Beristri", "istri_ke": 2, "pasangan_terdahulu": "Rina Wulandari"}
    text = teks(cetak(run, tmp_path, "nikah", beristri))
    assert "ke-\n:\nBeristri ke-2\n" in text and "Terdahulu\n:\nRina Wulandari" in text


def test_n1_template_is_built_and_checked(tmp_path):
    kat = katalog.load([katalog.bundled_folder()])
    for kode, berkas in (("pengantar-nikah", "pengantar-nikah.docx"), ("keterangan-pindah", "keterangan-pindah.docx")):
        assert surat.templat_layanan(kat.layanan[kode]) == berkas
    assert surat_periksa.periksa_templat(kat, None) == []
    for berkas in ("pengantar-nikah.docx", "keterangan-pindah.docx"):
        xml = zipfile.ZipFile(surat.cari_templat(berkas, None)).read("word/document.xml").decode("utf-8")
        assert "<w:keepNext/>" in xml and "<w:cantSplit/>" in xml, berkas


@PERLU_LIBREOFFICE
def test_both_letters_fit_one_page_with_the_closing_and_signature(run, tmp_path):
    out = tmp_path / "pdf"
    pindah = halaman(cetak(run, tmp_path, "pindah", {**BUDI, **TUJUAN, "pengikut": KELUARGA}), out)
    nikah = halaman(cetak(run, tmp_path, "nikah", {**SRI, **N1}), out)
    for pages, closing in ((pindah, "Demikian surat pengantar ini"), (nikah, "Demikian surat pengantar ini")):
        assert len(pages) == 1, pages
        assert closing in pages[0] and "KEPALA DESA BACEM" in pages[0] and "Suyanto" in pages[0]
    assert "Bima Santoso" in pindah[0] and "Model N1" in nikah[0] and "Sumiati" in nikah[0]
