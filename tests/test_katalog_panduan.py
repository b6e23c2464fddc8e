"""Issue 13, the catalogue for offices: the cache of the checked catalogue, friendlier service
files, `desa syarat` showing codes and fields, and the guide katalog/BACA.md."""

import json
import os
import time
from pathlib import Path

import pytest
from conftest import BUNDLED
from test_katalog import MINIMAL, write

from desa_cli import katalog, katalog_simpan, yamlskema


def tua(path: Path) -> Path:
    """Left alone long enough to be cached (katalog_simpan.TENANG_DETIK)."""
    old = time.time() - 60
    os.utime(path, (old, old))
    return path


@pytest.fixture
def kantor_katalog(tmp_path):
    folder = tmp_path / "katalog"
    folder.mkdir()
    tua(write(folder, "contoh", MINIMAL.format(kode="contoh")))
    return folder


def no_parser(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the YAML file was parsed again")

    monkeypatch.setattr(yamlskema, "read_document", refuse)


def test_second_load_comes_from_the_cache(kantor_katalog, monkeypatch):
    first = katalog.load([BUNDLED, kantor_katalog])
    assert first.faults == [] and "contoh" in first.layanan
    no_parser(monkeypatch)
    second = katalog.load([BUNDLED, kantor_katalog])
    assert second.faults == []
    assert {k: (v.data, v.versi, v.sumber) for k, v in second.layanan.items()} == {
        k: (v.data, v.versi, v.sumber) for k, v in first.layanan.items()
    }


@pytest.mark.parametrize("change", ["edit", "same_size", "add", "remove"])
def test_every_change_is_read_again(kantor_katalog, monkeypatch, change):
    katalog.load([BUNDLED, kantor_katalog])
    path = kantor_katalog / "contoh.yaml"
    if change == "edit":
        tua(write(kantor_katalog, "contoh", MINIMAL.format(kode="contoh").replace("hari_kerja: 2", "hari_kerja: 3")))
    elif change == "same_size":  # same size, only the mtime tells
        text = MINIMAL.format(kode="contoh").replace("hari_kerja: 2", "hari_kerja: 4")
        path.write_text(text, encoding="utf-8")
        later = time.time() - 30
        os.utime(path, (later, later))
    elif change == "add":
        tua(write(kantor_katalog, "contoh-dua", MINIMAL.format(kode="contoh-dua").replace("[cth]", "[cth2]")))
    else:
        path.unlink()
    parsed = []
    real = yamlskema.read_document
    monkeypatch.setattr(yamlskema, "read_document", lambda p, *a: parsed.append(p.name) or real(p, *a))
    loaded = katalog.load([BUNDLED, kantor_katalog])
    assert loaded.faults == []
    if change == "remove":
        assert parsed == [] and "contoh" not in loaded.layanan
        return
    assert parsed == (["contoh-dua.yaml"] if change == "add" else ["contoh.yaml"])
    expected = {"edit": 3, "same_size": 4, "add": 2}[change]
    assert loaded.layanan["contoh" if change != "add" else "contoh-dua"].hari_kerja == expected


def test_a_changed_program_reads_again(kantor_katalog, monkeypatch):
    katalog.load([BUNDLED, kantor_katalog])
    monkeypatch.setattr(katalog_simpan, "FORMAT", katalog_simpan.FORMAT + 1)
    parsed = []
    real = yamlskema.read_document
    monkeypatch.setattr(yamlskema, "read_document", lambda p, *a: parsed.append(p.name) or real(p, *a))
    katalog.load([BUNDLED, kantor_katalog])
    assert "contoh.yaml" in parsed


@pytest.mark.parametrize("junk", [b"", b"not json {", b"[1, 2]", b'{"program": 1, "berkas": {"x": [1]}}'])
def test_a_corrupt_cache_is_ignored_and_replaced(kantor_katalog, junk):
    katalog.load([BUNDLED, kantor_katalog])
    (cache,) = katalog_simpan.folder_simpanan().glob("katalog-*.json")
    cache.write_bytes(junk)
    loaded = katalog.load([BUNDLED, kantor_katalog])
    assert loaded.faults == [] and "contoh" in loaded.layanan
    assert cache.read_bytes() != junk


def test_a_damaged_entry_is_read_again(kantor_katalog):
    import orjson

    katalog.load([BUNDLED, kantor_katalog])
    (cache,) = katalog_simpan.folder_simpanan().glob("katalog-*.json")
    stored = orjson.loads(cache.read_bytes())
    key = str(kantor_katalog / "contoh.yaml")
    stored["berkas"][key][3] = {"nama": "rusak"}
    cache.write_bytes(orjson.dumps(stored))
    assert katalog.load([BUNDLED, kantor_katalog]).layanan["contoh"].kode == "contoh"


def test_an_unwritable_cache_is_no_error(kantor_katalog, monkeypatch, tmp_path):
    blocker = tmp_path / "berkas-biasa"
    blocker.write_text("x")
    monkeypatch.setenv("DESA_CACHE", str(blocker / "cache"))
    assert "contoh" in katalog.load([BUNDLED, kantor_katalog]).layanan


def test_a_wrong_file_is_never_cached(kantor_katalog):
    tua(write(kantor_katalog, "salah", MINIMAL.format(kode="lain")))
    assert katalog.load([BUNDLED, kantor_katalog]).faults
    assert katalog.load([BUNDLED, kantor_katalog]).faults  # reported again, not served from the cache


def test_a_file_just_written_is_not_cached(tmp_path):
    folder = tmp_path / "katalog"
    folder.mkdir()
    write(folder, "contoh", MINIMAL.format(kode="contoh"))
    katalog.load([folder])
    assert not list(katalog_simpan.folder_simpanan().glob("katalog-*.json"))


# --- `desa syarat` on screen: requirement codes and the service's fields ---------------------


def test_syarat_shows_the_codes_for_ada_and_the_fields_for_isi(run):
    out = run("syarat", "keterangan-usaha").output
    lines = out.splitlines()
    assert any(line.split()[:2] == ["2.", "ktp_el"] for line in lines), out
    assert "desa ajukan --ada KODE" in out
    isian = out[out.index("Isian (desa ajukan --isi NAMA=...)") :]
    assert any(line.split()[:3] == ["jenis_usaha", "Jenis", "usaha"] for line in isian.splitlines()), isian
    assert "Usaha berjalan sejak (tidak wajib)" in isian
    assert "Ditambah data pemohon: nik, nama," in isian


def test_syarat_shows_a_list_field_with_its_columns(run):
    out = run("syarat", "keterangan-ahli-waris").output
    isian = out[out.index("Isian (") :]
    assert "kolom: nama," in isian


# --- a service named in several words, without quotes -----------------------------------------


def test_syarat_takes_the_name_in_words_without_quotes(run):
    result = run("syarat", "surat", "keterangan", "usaha", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["kode"] == "keterangan-usaha"
    result = run("syarat", "izin", "keramaian", "--json")
    assert json.loads(result.stdout)["kode"] == "izin-keramaian"


def test_layanan_filters_on_several_words(run):
    out = run("layanan", "domisili", "usaha").output
    assert "keterangan-domisili-usaha" in out and "izin-keramaian" not in out


def test_standar_takes_the_name_in_words(run, kantor, tmp_path, monkeypatch):
    monkeypatch.setenv("DESA_KANTOR", str(kantor))
    out = tmp_path / "sku.docx"
    result = run("standar", "surat", "keterangan", "usaha", "--docx", str(out))
    assert result.exit_code == 0, result.stderr
    assert "Surat Keterangan Usaha" in (unzip_text(out))


def unzip_text(path: Path) -> str:
    import zipfile

    with zipfile.ZipFile(path) as docx:
        return docx.read("word/document.xml").decode()


# --- friendlier service files -------------------------------------------------------------------


def test_one_string_where_a_list_is_expected_is_a_list_of_one(tmp_path):
    text = (
        MINIMAL.format(kode="contoh")
        .replace("alias: [cth]", "alias: cth")
        .replace("pengaduan:\n  - Kotak pengaduan", "pengaduan: Kotak pengaduan")
        .replace("dasar_hukum:\n  - Undang-Undang", "dasar_hukum: Undang-Undang")
        .replace("prosedur:\n  - Pemohon datang ke loket.", "prosedur: Pemohon datang ke loket.")
    )
    assert "pengaduan: Kotak" in text and "prosedur: Pemohon" in text and "dasar_hukum: Undang" in text
    text += (
        "isian:\n  - nama: hubungan\n    label: Hubungan\n    jenis: pilihan\n    pilihan: Anak\n"
        "    berbeda_dari: nik\n"
    )
    layanan, faults = katalog.read_layanan(write(tmp_path, "contoh", text))
    assert faults == []
    assert layanan.data["pengaduan"] == ["Kotak pengaduan"]
    assert layanan.alias == ["cth"]
    assert len(layanan.data["dasar_hukum"]) == 1 and len(layanan.data["prosedur"]) == 1
    assert layanan.data["isian"][0]["pilihan"] == ["Anak"]
    assert layanan.data["isian"][0]["berbeda_dari"] == ["nik"]


def test_a_list_of_mappings_still_wants_a_list(tmp_path):
    text = MINIMAL.format(kode="contoh").replace(
        "persyaratan:\n  - kode: ktp_el\n    nama: KTP-el\n    bentuk: fotokopi", "persyaratan: KTP-el"
    )
    layanan, faults = katalog.read_layanan(write(tmp_path, "contoh", text))
    assert layanan is None and "daftar" in faults[0].reason


def test_a_requirement_code_with_hyphens_is_read_with_underscores(tmp_path):
    text = MINIMAL.format(kode="contoh").replace("kode: ktp_el", "kode: ktp-el")
    layanan, faults = katalog.read_layanan(write(tmp_path, "contoh", text))
    assert faults == []
    assert layanan.data["persyaratan"][0]["kode"] == "ktp_el"
    both = text.replace("prosedur:", "  - kode: ktp_el\n    nama: KTP-el lagi\nprosedur:")
    layanan, faults = katalog.read_layanan(write(tmp_path, "contoh", both))
    assert layanan is None and "'ktp_el' dipakai lebih dari sekali" in faults[0].reason


def test_ada_takes_a_code_with_hyphens_or_capitals():
    from desa_cli.register import TidakBoleh, baca_ada

    persyaratan = [{"kode": "ktp_el"}, {"kode": "pengantar_rt_rw"}]
    assert baca_ada("ktp-el, PENGANTAR-RT-RW", persyaratan) == {"ktp_el", "pengantar_rt_rw"}
    with pytest.raises(TidakBoleh, match="Yang ada: ktp_el, pengantar_rt_rw"):
        baca_ada("ktp", persyaratan)


# --- the guide for offices: katalog/BACA.md -------------------------------------------------------

PANDUAN = BUNDLED / "BACA.md"


def schema_keys(spec, prefix: str = "") -> list:
    from desa_cli.yamlskema import ListOf, Mapping

    if isinstance(spec, ListOf):
        return schema_keys(spec.item, prefix)
    if not isinstance(spec, Mapping):
        return []
    keys = []
    for name, key in spec.keys.items():
        keys.append((prefix + name, name))
        keys += schema_keys(key.spec, f"{prefix}{name}.")
    return keys


def test_the_guide_names_every_key_and_every_choice_of_a_service_file():
    from desa_cli.katalog_skema import LAYANAN
    from desa_cli.naskah import JENIS_SURAT

    text = PANDUAN.read_text(encoding="utf-8")
    keys = schema_keys(LAYANAN)
    assert len(keys) > 60 and ("isian.kolom.paling_lambat", "paling_lambat") in keys
    missing = [path for path, name in keys if f"`{name}`" not in text]
    assert missing == []
    choices = [*katalog.TINGKAT, *katalog.JENIS_LAYANAN, *katalog.JENIS_ISIAN, *katalog.BENTUK_BERKAS, *JENIS_SURAT]
    assert [c for c in choices if f"`{c}`" not in text] == []


def contoh_panduan() -> str:
    text = PANDUAN.read_text(encoding="utf-8")
    return text.split("```yaml\n", 1)[1].split("```", 1)[0]


def test_the_guide_s_example_passes_katalog_periksa(run, kantor, monkeypatch):
    monkeypatch.setenv("DESA_KANTOR", str(kantor))
    example = contoh_panduan()
    kode = example.split("\n", 1)[0].removeprefix("kode: ")
    (kantor / "katalog").mkdir(exist_ok=True)
    (kantor / "katalog" / f"{kode}.yaml").write_text(example, encoding="utf-8")
    result = run("katalog", "periksa")
    assert result.exit_code == 0, result.stderr
    out = run("syarat", "pemilik", "ternak").output
    assert " ktp_el " in out and "ternak" in out and "(tidak wajib)" in out


def test_the_guide_is_no_service_file_and_is_packaged():
    import configparser
    from fnmatch import fnmatch

    loaded = katalog.load([BUNDLED])
    assert loaded.faults == [] and loaded.salah_nama == []
    assert all(layanan.sumber.suffix == ".yaml" for layanan in loaded.layanan.values())
    config = configparser.ConfigParser()
    config.read(Path(__file__).parent.parent / "setup.cfg", encoding="utf-8")
    patterns = [p.strip() for p in config["options.package_data"]["desa_cli.katalog"].split(",")]
    assert any(fnmatch("BACA.md", p) for p in patterns)
