"""Letter wording (issue 12): the kind of letter (closing, addressee), the office's level in the
text (a kelurahan letter never says desa), the pangkat line, values as they read in a sentence,
and the validity line."""

import io
import re
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import BACEM

from desa_cli import kantor as kantor_mod
from desa_cli import katalog, naskah, surat
from desa_cli.kesalahan import DesaError

KEPANJENKIDUL = {
    "tingkat": "kelurahan", "provinsi": "Jawa Timur", "kabupaten": "Kota Blitar", "kecamatan": "Kepanjenkidul",
    "desa": "Kepanjenkidul", "kode_wilayah": "35.72.01.1001", "kepala": "Dwi Handayani",
    "alamat": "Jl. Merdeka No. 10",
}  # fmt: skip
PONGGOK = {
    "tingkat": "kecamatan", "provinsi": "Jawa Timur", "kabupaten": "Blitar", "kecamatan": "Ponggok",
    "kode_wilayah": "35.05.06", "kepala": "Drs. Agus Salim", "nip": "197001011990031005",
    "alamat": "Jl. Raya Ponggok No. 2",
}  # fmt: skip
PEMOHON = {
    "nik": "3572014708900001", "nama": "Siti Aminah", "tempat_lahir": "Blitar", "tanggal_lahir": "1990-08-07",
    "jenis_kelamin": "P", "agama": "Islam", "status_perkawinan": "Kawin", "pekerjaan": "Petani",
    "alamat": "Jl. Kenari RT 01 RW 02",
}  # fmt: skip
JENIS = {
    "keterangan-pindah": "pengantar", "pengantar-skck": "pengantar", "pengantar-nikah": "pengantar",
    "izin-keramaian": "pengantar", "rekomendasi-keramaian": "rekomendasi",
    "pengantar-umum": "pengantar", "pengantar-kehilangan": "pengantar", "pengantar-kk": "pengantar",
    "pengantar-ktp-el": "pengantar", "dispensasi-nikah": "izin", "rekomendasi-camat": "rekomendasi",
}  # fmt: skip
# Letters that are a ministry's form (models N1, N2, N4, N5, N6 of Kepdirjen Bimas Islam 473/2020): no
# free body; no addressee but N2's own (to the Kepala KUA); the office in the form's head lines.
MODEL = (
    "pengantar-nikah", "permohonan-kehendak-nikah", "persetujuan-calon-pengantin", "izin-orang-tua",
    "keterangan-kematian-pasangan",
)  # fmt: skip
# N2 goes to the Kepala KUA; so does the camat's dispensation for a marriage (an izin, addressed).
MODEL_BERALAMAT = ("permohonan-kehendak-nikah", "dispensasi-nikah")
CETAKAN = {"nomor": "470/001/X/2026", "tanggal": "2026-11-23", "kode_verifikasi": "ABCDE-FGHJK"}


def buka(tmp_path: Path, nilai: dict, pangkat: str | None = None):
    folder = tmp_path / nilai["kode_wilayah"]
    kantor_mod.buat(folder, nilai)
    if pangkat:
        path = folder / "kantor.yaml"
        data = yaml.safe_load(path.read_text("utf-8"))
        data["penandatangan"]["kepala"]["pangkat"] = pangkat
        path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return kantor_mod.muat(kantor_mod.LokasiKantor(folder, "uji"))


def contoh(isian: dict):
    jenis = isian["jenis"]
    if jenis == "daftar":
        return [{k["nama"]: contoh(k) for k in isian["kolom"]}]
    return {
        "teks": "Membuka rekening bank", "tanggal": "2026-10-01", "waktu": "08.00", "angka": 2, "rupiah": 1500000,
        "nik": "3572015708850002", "pilihan": (isian.get("pilihan") or ["x"])[-1],
    }[jenis]  # fmt: skip


def layanan_semua() -> list:
    return katalog.load([katalog.bundled_folder()]).semua()


def konteks(layanan, office, **isian):
    record = {"isian": {f["nama"]: contoh(f) for f in layanan.data["isian"]} | isian, "pemohon": PEMOHON}
    ttd = surat.penandatangan(office, "kepala")
    return surat.konteks(record, layanan, office, {**CETAKAN, "penandatangan": ttd})


def teks_docx(layanan, office, context) -> str:
    """The words of the rendered .docx, in order (its XML without the tags)."""
    path = surat.cari_templat(surat.templat_layanan(layanan), None)
    data = surat.render(path, context, None, "f4")
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
    xml = re.sub(r"</w:p>", "\n", xml)
    return re.sub(r"<[^>]+>", "", xml)


def test_a_kelurahan_letter_speaks_of_the_kelurahan_and_the_lurah(tmp_path):
    office = buka(tmp_path, KEPANJENKIDUL)
    seen = 0
    for layanan in layanan_semua():
        if layanan.tingkat == "kecamatan":
            continue
        context = konteks(layanan, office)
        text = teks_docx(layanan, office, context)
        # "Desa/Kelurahan" labels another place (the pindah destination, as form F-1.03 names it).
        assert not re.search(r"\bdesa\b(?!/kelurahan)", text, re.IGNORECASE), (layanan.kode, text)
        if not layanan.data["surat"].get("ditandatangani_pihak"):  # else the parties sign, not the lurah
            assert "Lurah Kepanjenkidul" in text and "LURAH KEPANJENKIDUL" in text, layanan.kode
        # A statement the parties sign speaks in their words (the place stands in its data block).
        spoken_by_office = not layanan.data["surat"].get("ditandatangani_pihak")
        exempt = ("keterangan-kelahiran", "keterangan-kematian", "keterangan-ahli-waris", *MODEL)
        if spoken_by_office and layanan.kode not in exempt:
            assert "Kelurahan Kepanjenkidul" in " ".join(context["isi"]), (layanan.kode, context["isi"])
        seen += 1
    assert seen >= 10


def test_closing_and_addressee_follow_the_kind_of_letter(tmp_path):
    desa, camat = buka(tmp_path, BACEM), buka(tmp_path, PONGGOK)
    for layanan in layanan_semua():
        office = camat if layanan.tingkat == "kecamatan" else desa
        jenis = JENIS.get(layanan.kode, "keterangan")
        assert layanan.data["surat"]["jenis"] == jenis, layanan.kode
        context = konteks(layanan, office)
        text = teks_docx(layanan, office, context)
        assert (layanan.data["surat"].get("penutup") or naskah.PENUTUP[jenis]) in text, layanan.kode
        assert "Demikian surat keterangan ini" not in text or jenis == "keterangan", layanan.kode
        addressed = (
            jenis in ("pengantar", "rekomendasi") and layanan.kode not in MODEL or layanan.kode in MODEL_BERALAMAT
        )
        assert ("Kepada Yth." in text) == addressed, layanan.kode
    pindah = konteks(katalog.load([katalog.bundled_folder()]).layanan["keterangan-pindah"], desa)
    assert pindah["surat"]["tujuan"] == ["Kepala Dinas Kependudukan dan Pencatatan Sipil Kabupaten Blitar", "di Blitar"]


def test_kecamatan_recommendation_to_the_kapolsek_signed_by_a_camat_with_pangkat(tmp_path):
    camat = buka(tmp_path, PONGGOK, pangkat="Pembina Tk. I (IV/b)")
    layanan = katalog.load([katalog.bundled_folder()]).layanan["rekomendasi-keramaian"]
    text = teks_docx(layanan, camat, konteks(layanan, camat, skala="kecamatan"))
    assert "Kepada Yth.\nKapolsek Ponggok\ndi Ponggok" in text
    assert "Camat memberikan rekomendasi" in text and "Demikian rekomendasi ini dibuat" in text
    # Name, then pangkat/golongan, then NIP.
    assert re.search(r"Drs\. Agus Salim\nPembina Tk\. I \(IV/b\)\nNIP\. 197001011990031005", text), text


def test_pangkat_is_checked_lightly_and_optional(tmp_path):
    with pytest.raises(DesaError, match="pangkat"):
        buka(tmp_path, PONGGOK, pangkat="IV/b")
    desa = buka(tmp_path, BACEM)
    assert surat.penandatangan(desa, "kepala")["pangkat"] == ""
    layanan = katalog.load([katalog.bundled_folder()]).layanan["keterangan-domisili"]
    assert "NIP" not in teks_docx(layanan, desa, konteks(layanan, desa))


def test_values_enter_sentences_as_they_read(tmp_path):
    desa = buka(tmp_path, BACEM)
    services = katalog.load([katalog.bundled_folder()]).layanan
    domisili = konteks(services["keterangan-domisili"], desa, keperluan="Membuka rekening bank")
    assert "untuk keperluan membuka rekening bank." in " ".join(domisili["isi"])
    usaha = konteks(services["keterangan-usaha"], desa, keperluan="KUR di bank")
    assert "keperluan KUR di bank" in " ".join(usaha["isi"])
    kelahiran = services["keterangan-kelahiran"]  # the child's sex stands in its data block, as a word
    text = teks_docx(kelahiran, desa, konteks(kelahiran, desa, jenis_kelamin_anak="P"))
    assert "Perempuan" in text and "\nP\n" not in text
    assert naskah.kalimat("SMP Negeri 1") == "SMP Negeri 1" and naskah.kelamin("L") == "Laki-laki"


def test_validity_line_for_domisili_and_sktm(tmp_path):
    desa = buka(tmp_path, BACEM)
    services = katalog.load([katalog.bundled_folder()]).layanan
    for kode in ("keterangan-domisili", "keterangan-tidak-mampu"):
        context = konteks(services[kode], desa)
        assert context["isi"][-1] == "Surat ini berlaku sampai dengan 23 Mei 2027.", kode
        assert "Surat ini berlaku sampai dengan 23 Mei 2027." in teks_docx(services[kode], desa, context)
    assert not any("berlaku sampai" in x for x in konteks(services["keterangan-usaha"], desa)["isi"])
    assert str(naskah.berlaku_sampai("2026-11-23", {"hari": 30})) == "2026-12-23"
    assert str(naskah.berlaku_sampai("2026-11-30", {"bulan": 3})) == "2027-02-28"


@pytest.mark.parametrize("masa", ["{hari: 30, bulan: 1}", "{}", "{bulan: 0}"])
def test_masa_berlaku_takes_days_or_months(tmp_path, masa):
    source = (katalog.bundled_folder() / "keterangan-domisili.yaml").read_text("utf-8")
    path = tmp_path / "keterangan-domisili.yaml"
    path.write_text(source.replace("masa_berlaku: {bulan: 6}", f"masa_berlaku: {masa}"), "utf-8")
    layanan, faults = katalog.read_layanan(path)
    assert layanan is None and any("masa_berlaku" in str(f) for f in faults), faults
