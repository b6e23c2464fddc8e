"""The catalogue: the bundled services, and every kind of wrong file refused with its place."""

from pathlib import Path

import pytest
import yaml
from conftest import BUNDLED, copy_bundled
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desa_cli import katalog

REQUIRED = {
    "izin-keramaian",
    "keterangan-domisili",
    "keterangan-usaha",
    "keterangan-tidak-mampu",
    "pengantar-skck",
    "keterangan-kelahiran",
    "keterangan-kematian",
    "keterangan-pindah",
    "keterangan-ahli-waris",
    "keterangan-belum-menikah",
    "pengantar-nikah",
    "keterangan-penghasilan",
    "izin-usaha-mikro",
    "rekomendasi-keramaian",
}

MINIMAL = """\
kode: {kode}
nama: Surat Keterangan Contoh
alias: [cth]
tingkat: desa
jenis: administratif
ringkasan: Surat contoh untuk pengujian.
dasar_hukum:
  - Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik
persyaratan:
  - kode: ktp_el
    nama: KTP-el
    bentuk: fotokopi
prosedur:
  - Pemohon datang ke loket.
waktu:
  hari_kerja: 2
biaya:
  tarif: 0
produk: Surat Keterangan Contoh
pengaduan:
  - Kotak pengaduan
surat:
  judul: Surat Keterangan Contoh
  kode_klasifikasi: 400.10
  isi: Orang tersebut benar warga kami.
"""


def write(folder: Path, kode: str, text: str) -> Path:
    path = folder / f"{kode}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def only_fault(path: Path):
    layanan, faults = katalog.read_layanan(path)
    assert layanan is None
    assert len(faults) >= 1
    return faults[0]


def test_bundled_catalogue_is_valid_and_complete():
    loaded = katalog.load([BUNDLED])
    assert loaded.faults == []
    assert REQUIRED <= set(loaded.layanan)
    assert {"sktm", "sku", "skck"} <= {a for s in loaded.layanan.values() for a in s.alias}


@pytest.mark.parametrize("kode", sorted(REQUIRED))
def test_every_bundled_service_is_a_complete_standard(kode):
    layanan = katalog.load([BUNDLED]).layanan[kode]
    data = layanan.data
    assert data["tingkat"] in katalog.TINGKAT
    assert len(data["persyaratan"]) >= 2 and all(item["kode"] for item in data["persyaratan"])
    assert len(data["prosedur"]) >= 3
    assert data["waktu"]["hari_kerja"] >= 1
    assert data["dasar_hukum"] and data["pengaduan"] and data["produk"]
    assert data["surat"]["judul"] and data["surat"]["kode_klasifikasi"]
    # Village letters are free; the words a resident reads must say so.
    assert data["biaya"]["tarif"] == 0
    assert layanan.biaya_teks.startswith("Tidak dipungut biaya")


def test_kecamatan_services_and_the_iumk_note():
    loaded = katalog.load([BUNDLED]).layanan
    assert loaded["izin-usaha-mikro"].tingkat == "kecamatan"
    assert loaded["rekomendasi-keramaian"].tingkat == "kecamatan"
    assert "OSS" in loaded["izin-usaha-mikro"].data["ringkasan"]


def test_text_is_read_as_typed_not_as_yaml_numbers(tmp_path):
    layanan, faults = katalog.read_layanan(write(tmp_path, "contoh", MINIMAL.format(kode="contoh")))
    assert faults == []
    # 400.10 would be the float 400.1 to a plain YAML loader.
    assert layanan.data["surat"]["kode_klasifikasi"] == "400.10"
    assert layanan.data["persyaratan"][0]["wajib"] is True
    assert layanan.data["isian"] == []
    assert layanan.data["surat"]["penandatangan"] == "kepala"


def test_fee_words(tmp_path):
    text = MINIMAL.format(kode="contoh").replace("tarif: 0", "tarif: 10.000\n  keterangan: sesuai Perdes")
    layanan, faults = katalog.read_layanan(write(tmp_path, "contoh", text))
    assert faults == []
    assert layanan.data["biaya"]["tarif"] == 10000
    assert layanan.biaya_teks == "Rp10.000 (sesuai Perdes)"


def test_version_is_the_content_hash(tmp_path):
    path = write(tmp_path, "contoh", MINIMAL.format(kode="contoh"))
    first = katalog.read_layanan(path)[0].versi
    path.write_text(MINIMAL.format(kode="contoh").replace("hari_kerja: 2", "hari_kerja: 3"), encoding="utf-8")
    assert katalog.read_layanan(path)[0].versi != first


BROKEN = [
    # (what is wrong, how to break the text, line, field, words in the reason)
    ("bad yaml", lambda t: t.replace("tingkat: desa", "tingkat: [desa"), None, "", "penulisan YAML salah"),
    ("unknown key", lambda t: t.replace("produk:", "produkk:"), 19, "produkk", "maksud Anda 'produk'"),
    ("missing key", lambda t: t.replace("jenis: administratif\n", ""), 1, "jenis", "wajib ada"),
    ("wrong type", lambda t: t.replace("hari_kerja: 2", "hari_kerja: dua"), 16, "waktu.hari_kerja", "bukan bilangan"),
    (
        # A list of mappings (one string is a list of one only where strings are listed).
        "list expected",
        lambda t: t.replace(
            "persyaratan:\n  - kode: ktp_el\n    nama: KTP-el\n    bentuk: fotokopi", "persyaratan: KTP-el"
        ),
        9,
        "persyaratan",
        "daftar",
    ),
    ("choice", lambda t: t.replace("tingkat: desa", "tingkat: provinsi"), 4, "tingkat", "pilih salah satu"),
    (
        "requirement without kode",
        lambda t: t.replace("  - kode: ktp_el\n    nama: KTP-el", "  - nama: KTP-el"),
        10,
        "persyaratan[1].kode",
        "wajib ada",
    ),
    ("kode not the file name", lambda t: t.replace("kode: contoh", "kode: lain"), 1, "kode", "nama berkas"),
    ("key twice", lambda t: t.replace("produk:", "nama: Lagi\nproduk:"), 19, "nama", "dua kali"),
    ("empty value", lambda t: t.replace("produk: Surat Keterangan Contoh", "produk:"), 19, "produk", "kosong"),
    ("bad boolean", lambda t: t.replace("bentuk: fotokopi", "wajib: mungkin"), 12, "persyaratan[1].wajib", "true"),
    (
        "surat with neither body nor template",
        lambda t: t.replace("  isi: Orang tersebut benar warga kami.\n", ""),
        23,
        "surat",
        "isi",
    ),
]


@pytest.mark.parametrize("what,breaks,line,field,reason", BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_file_is_refused_with_path_line_and_field(tmp_path, what, breaks, line, field, reason):
    path = write(tmp_path, "contoh", breaks(MINIMAL.format(kode="contoh")))
    fault = only_fault(path)
    assert fault.path == path
    if line is not None:
        assert fault.line == line, str(fault)
    assert fault.field == field
    assert reason in fault.reason
    text = str(fault)
    assert str(path) in text and "\n" not in text
    if line is not None:
        assert f"baris {line}" in text


def test_isian_rules(tmp_path):
    base = MINIMAL.format(kode="contoh")
    cases = {
        "nama: pilih\n    label: Pilih\n    jenis: pilihan": "isian[1].pilihan",
        "nama: ahli\n    label: Ahli\n    jenis: daftar": "isian[1].kolom",
        "nama: nik\n    label: NIK\n    jenis: nik": "isian[1].nama",
        "nama: Bukan Nama\n    label: X\n    jenis: teks": "isian[1].nama",
        "nama: jam\n    label: Jam\n    jenis: jam": "isian[1].jenis",
    }
    for isian, field in cases.items():
        path = write(tmp_path, "contoh", base + "isian:\n  - " + isian + "\n")
        assert only_fault(path).field == field, isian


def test_duplicate_requirement_kode(tmp_path):
    text = MINIMAL.format(kode="contoh").replace("prosedur:", "  - kode: ktp_el\n    nama: KTP-el lagi\nprosedur:")
    fault = only_fault(write(tmp_path, "contoh", text))
    assert fault.field == "persyaratan" and "ktp_el" in fault.reason


def test_byte_order_mark_and_windows_line_ends_are_fine(tmp_path):
    path = tmp_path / "contoh.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + MINIMAL.format(kode="contoh").replace("\n", "\r\n").encode("utf-8"))
    layanan, faults = katalog.read_layanan(path)
    assert faults == [] and layanan.nama == "Surat Keterangan Contoh"


def test_not_utf8_is_refused(tmp_path):
    path = tmp_path / "contoh.yaml"
    path.write_bytes(MINIMAL.format(kode="contoh").replace("Contoh", "Contoh \xe9").encode("cp1252"))
    assert "UTF-8" in only_fault(path).reason


def test_empty_file_is_refused(tmp_path):
    assert "kosong" in only_fault(write(tmp_path, "contoh", "# nothing yet\n")).reason


def test_office_overrides_and_adds(tmp_path):
    office = tmp_path / "katalog"
    office.mkdir()
    path = copy_bundled("keterangan-domisili", office)
    path.write_text(path.read_text(encoding="utf-8").replace("hari_kerja: 1", "hari_kerja: 2"), encoding="utf-8")
    write(office, "contoh", MINIMAL.format(kode="contoh"))
    loaded = katalog.load([BUNDLED, office])
    assert loaded.faults == []
    assert loaded.layanan["keterangan-domisili"].hari_kerja == 2
    assert loaded.layanan["keterangan-domisili"].sumber == path
    assert loaded.layanan["contoh"].nama == "Surat Keterangan Contoh"
    assert loaded.layanan["izin-keramaian"].sumber.parent == BUNDLED
    assert len(loaded.layanan) == len(katalog.load([BUNDLED]).layanan) + 1


def test_alias_taken_by_another_service_is_refused(tmp_path):
    write(tmp_path, "contoh", MINIMAL.format(kode="contoh").replace("alias: [cth]", "alias: [sktm]"))
    loaded = katalog.load([BUNDLED, tmp_path])
    assert [(f.field, f.path.name) for f in loaded.faults] == [("alias", "contoh.yaml")]
    assert "keterangan-tidak-mampu" in loaded.faults[0].reason


@pytest.mark.parametrize(
    "kata,kode",
    [
        ("izin-keramaian", "izin-keramaian"),
        ("Izin Keramaian", "izin-keramaian"),
        ("SKTM", "keterangan-tidak-mampu"),
        ("sku", "keterangan-usaha"),
        ("keramaian", "izin-keramaian"),
        ("domisili", "keterangan-domisili"),
        ("ahli waris", "keterangan-ahli-waris"),
        ("belum menikah", "keterangan-belum-menikah"),
        ("iumk", "izin-usaha-mikro"),
    ],
)
def test_lookup_by_code_alias_or_word(kata, kode):
    assert katalog.cari(katalog.load([BUNDLED]), kata).kode == kode


def test_lookup_prefers_the_office_level():
    loaded = katalog.load([BUNDLED])
    assert katalog.cari(loaded, "keramaian", "desa").kode == "izin-keramaian"
    assert katalog.cari(loaded, "keramaian", "kelurahan").kode == "izin-keramaian"
    assert katalog.cari(loaded, "keramaian", "kecamatan").kode == "rekomendasi-keramaian"


def test_unknown_lookup_suggests_close_services():
    with pytest.raises(katalog.LayananTidakDikenal) as caught:
        katalog.cari(katalog.load([BUNDLED]), "kramaian")
    assert "izin-keramaian" in caught.value.saran
    assert "Maksud Anda" in str(caught.value)


def test_ambiguous_word_names_the_candidates():
    with pytest.raises(katalog.LayananGanda) as caught:
        katalog.cari(katalog.load([BUNDLED]), "surat keterangan")
    assert {"keterangan-domisili", "keterangan-usaha"} <= set(caught.value.cocok)


yaml_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=300)


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(garbage=yaml_text)
def test_any_text_gives_a_service_or_faults_never_an_exception(tmp_path, garbage):
    path = write(tmp_path, "contoh", garbage)
    layanan, faults = katalog.read_layanan(path)
    assert (layanan is None) == bool(faults)
    for fault in faults:
        assert "\n" not in fault.reason or "penulisan YAML" in fault.reason


scalars = st.one_of(
    st.integers(), st.booleans(), st.none(), st.text(max_size=20), st.lists(st.text(max_size=5), max_size=3)
)


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(
    key=st.sampled_from(["nama", "tingkat", "jenis", "waktu", "biaya", "persyaratan", "alias", "surat"]), value=scalars
)
def test_any_value_in_any_field_is_accepted_or_refused_by_name(tmp_path, key, value):
    data = yaml.safe_load(MINIMAL.format(kode="contoh"))
    data[key] = value
    path = write(tmp_path, "contoh", yaml.safe_dump(data, allow_unicode=True))
    layanan, faults = katalog.read_layanan(path)
    if layanan is None:
        assert any(f.field.split(".")[0].split("[")[0] == key for f in faults), faults
