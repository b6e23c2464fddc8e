"""The official region list (Kepmendagri 300.2.2-2138/2025), `init` by code, and the NIK's region."""

import gzip

import pytest
import yaml

from desa_cli import kantor, nik, wilayah

# --- the list ------------------------------------------------------------------------

ALAMAT = ("--alamat", "Jl. Raya 1")  # an office address is required


def test_the_list_holds_every_region_of_the_kepmendagri():
    assert wilayah.jumlah() == {"provinsi": 38, "kabupaten": 514, "kecamatan": 7285, "desa": 83762}


def test_every_village_has_a_postal_code_of_five_digits():
    rows = gzip.decompress((wilayah.DATA / "wilayah-desa.tsv.gz").read_bytes()).decode().splitlines()
    assert all(len(r.split("\t")[2]) == 5 and r.split("\t")[2].isdigit() for r in rows)


def test_kota_are_numbered_from_71_and_kabupaten_below():
    """nama_kabupaten relies on it for a name typed without its word."""
    for kode, (nama,) in wilayah._atas().items():
        if kode.count(".") == 1:
            assert nama.startswith("Kota ") == (int(kode[3:]) >= wilayah.KOTA_MULAI), (kode, nama)


def test_a_village_and_a_kecamatan_by_code():
    bacem = wilayah.cari("35.05.06.2006")
    assert (bacem.provinsi, bacem.kabupaten, bacem.kecamatan, bacem.desa) == (
        "Jawa Timur", "Kabupaten Blitar", "Ponggok", "Bacem",
    )  # fmt: skip
    assert bacem.tingkat == "desa" and bacem.kode_pos == "66153"
    assert wilayah.cari("35.05.01.2001").desa == "Jaten"  # the README's old example was not Bacem
    assert wilayah.cari("35.72.01.1001").tingkat == "kelurahan"
    assert wilayah.cari("35.05.06").desa is None
    with pytest.raises(wilayah.WilayahTidakAda):
        wilayah.cari("35.05.06.2099")


@pytest.mark.parametrize(
    "typed,kode,letterhead",
    [
        ("Kab. Blitar", "35.05", "Kabupaten Blitar"),
        ("KAB BLITAR", "35.05", "Kabupaten BLITAR"),
        ("Blitar", "35.05", "Kabupaten Blitar"),
        ("Blitar", "35.72", "Kota Blitar"),
        ("Kota Blitar", None, "Kota Blitar"),
        ("Kota Administrasi Jakarta Pusat", "31.71", "Kota Administrasi Jakarta Pusat"),
    ],
)
def test_the_kabupaten_is_named_once_with_its_word(typed, kode, letterhead):
    assert wilayah.nama_kabupaten(typed, kode) == letterhead


# --- init by code ---------------------------------------------------------------------


def test_init_by_code_alone_makes_a_correct_office(run, tmp_path):
    result = run("init", str(tmp_path / "k"), "--kode-wilayah", "35.05.06.2006", "--kepala-desa", "Suyanto", *ALAMAT)
    assert result.exit_code == 0, result.stderr
    data = yaml.safe_load((tmp_path / "k" / "kantor.yaml").read_bytes())
    assert data["tingkat"] == "desa" and data["kode_wilayah"] == "35.05.06.2006"
    assert (data["provinsi"], data["kabupaten"], data["kecamatan"], data["desa"]) == (
        "Jawa Timur", "Kabupaten Blitar", "Ponggok", "Bacem",
    )  # fmt: skip
    assert data["kode_pos"] == "66153"
    assert "Kantor Desa Bacem dibuat" in result.stdout


def test_init_of_a_kelurahan_and_a_kecamatan_by_code(run, tmp_path):
    assert (
        run("init", str(tmp_path / "kel"), "--kode-wilayah", "3572011002", "--kepala-desa", "B", *ALAMAT).exit_code == 0
    )
    data = yaml.safe_load((tmp_path / "kel" / "kantor.yaml").read_bytes())
    assert (data["tingkat"], data["desa"], data["kabupaten"]) == ("kelurahan", "Ngadirejo", "Kota Blitar")
    assert run("init", str(tmp_path / "kec"), "--kode-wilayah", "35.05.06", "--camat", "Hadi", *ALAMAT).exit_code == 0
    data = yaml.safe_load((tmp_path / "kec" / "kantor.yaml").read_bytes())
    assert (data["tingkat"], data["kecamatan"]) == ("kecamatan", "Ponggok") and "desa" not in data


def test_names_that_disagree_with_the_list_are_refused_showing_the_official_ones(run, tmp_path):
    result = run("init", str(tmp_path / "k"), "--kode-wilayah", "35.05.01.2001", "--kecamatan", "Ponggok",
                 "--desa", "Bacem", "--kepala-desa", "S", *ALAMAT)  # fmt: skip
    assert result.exit_code == 1
    assert "kecamatan 'Ponggok' (resmi: Wonodadi)" in result.stderr and "desa 'Bacem' (resmi: Jaten)" in result.stderr
    assert "Desa Jaten, Kecamatan Wonodadi, Kabupaten Blitar, Jawa Timur" in result.stderr
    assert not (tmp_path / "k").exists()


def test_names_typed_with_another_case_or_the_kab_word_are_the_same_region(run, tmp_path):
    result = run("init", str(tmp_path / "k"), "--kode-wilayah", "35.05.06.2006", "--kabupaten", "Kab. Blitar",
                 "--provinsi", "JAWA TIMUR", "--desa", "bacem", "--kepala-desa", "S", *ALAMAT)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    data = yaml.safe_load((tmp_path / "k" / "kantor.yaml").read_bytes())
    assert (data["kabupaten"], data["desa"]) == ("Kabupaten Blitar", "Bacem")  # written as the list has them
    wrong_word = run("init", str(tmp_path / "j"), "--kode-wilayah", "35.05.06.2006", "--kabupaten", "Kota Blitar",
                     "--kepala-desa", "S", *ALAMAT)  # fmt: skip
    assert wrong_word.exit_code == 1 and "(resmi: Kabupaten Blitar)" in wrong_word.stderr


def test_an_unlisted_code_is_refused_unless_the_office_says_it_is_new(run, tmp_path):
    args = ["--kode-wilayah", "35.05.06.2099", "--provinsi", "Jawa Timur", "--kabupaten", "Blitar",
            "--kecamatan", "Ponggok", "--desa", "Bacem Baru", "--kepala-desa", "S", *ALAMAT]  # fmt: skip
    refused = run("init", str(tmp_path / "k"), *args)
    assert refused.exit_code == 1 and "tidak ada dalam daftar Kemendagri" in refused.stderr
    assert "--wilayah-baru" in refused.stderr and not (tmp_path / "k").exists()
    made = run("init", str(tmp_path / "k"), *args, "--wilayah-baru")
    assert made.exit_code == 0, made.stderr
    assert "belum ada dalam daftar" in made.stderr
    assert yaml.safe_load((tmp_path / "k" / "kantor.yaml").read_bytes())["desa"] == "Bacem Baru"


def test_a_level_that_contradicts_the_code_is_refused(run, tmp_path):
    result = run("init", str(tmp_path / "k"), "--tingkat", "kelurahan", "--kode-wilayah", "35.05.06.2006",
                 "--kepala-desa", "S", *ALAMAT)  # fmt: skip
    assert result.exit_code == 1 and "antara 1001 dan 1999" in result.stderr


def test_a_typed_postal_code_that_differs_is_kept_with_a_warning(tmp_path):
    values = {"kode_wilayah": "35.05.06.2006", "kepala": "S", "alamat": "Jl. Raya 1", "kode_pos": "66100"}
    made, warnings = kantor.buat(tmp_path / "k", values)
    assert made.data["kode_pos"] == "66100"
    assert any("66153" in w for w in warnings)


# --- the letterhead ---------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["Kab. Blitar", "Blitar", "Kabupaten Blitar", "kab blitar"])
def test_the_letterhead_never_says_kabupaten_kab(tmp_path, typed):
    from desa_cli import surat

    folder = tmp_path / "k"
    kantor.buat(folder, {"kode_wilayah": "35.05.06.2006", "kepala": "S", "alamat": "Jl. Raya 1", "kabupaten": "Blitar"})
    text = (folder / "kantor.yaml").read_text(encoding="utf-8").replace("Kabupaten Blitar", typed)
    (folder / "kantor.yaml").write_text(text, encoding="utf-8")
    kop = surat.kop(kantor.muat(kantor.LokasiKantor(folder, "uji")))
    assert kop["pemerintah"] == "PEMERINTAH KABUPATEN BLITAR"


# --- the NIK's region -----------------------------------------------------------------


def test_a_nik_from_an_unknown_kecamatan_is_a_warning_not_a_refusal():
    parsed = nik.urai("3505990708900001")
    assert parsed.peringatan and "kecamatan 35.05.99" in parsed.peringatan[0]
    parsed = nik.urai("3598010708900001")
    assert parsed.peringatan and "kabupaten/kota 35.98" in parsed.peringatan[0]


def test_a_nik_issued_before_the_papua_split_keeps_its_old_code_without_warning():
    assert wilayah.cari("93.01.01").kabupaten == "Kabupaten Merauke"  # Merauke now
    assert nik.urai("9101010708900001").peringatan == ()  # 91.01.01, Merauke before 2022
    assert nik.urai("9301010708900001").peringatan == ()


def test_a_nik_from_a_listed_kecamatan_has_no_warning():
    assert nik.urai("3505064708900001").peringatan == ()
