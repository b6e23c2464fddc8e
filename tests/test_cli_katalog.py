"""`desa layanan`, `desa syarat` and `desa katalog periksa` as a clerk uses them."""

import json

from conftest import BUNDLED, buat_kantor, copy_bundled

from desa_cli import __version__, katalog


def test_help_is_indonesian_and_grouped(run):
    result = run("--help")
    assert result.exit_code == 0
    out = result.output
    assert "Cara pakai: desa" in out
    assert "Layanan dan persyaratan:" in out and "Pengelolaan:" in out
    assert out.index("layanan ") < out.index("syarat ") < out.index("katalog ")
    assert "Tampilkan bantuan ini lalu keluar." in out
    assert "--kantor FOLDER" in out


def test_every_command_has_help(run):
    from desa_cli.cli import cli

    commands = [[name] for name in cli.commands] + [["katalog", name] for name in cli.commands["katalog"].commands]
    assert len(commands) >= 20
    for args in commands:
        result = run(*args, "--help")
        assert result.exit_code == 0, args
        assert "Cara pakai: desa" in result.output and "Opsi:" in result.output, args
        assert cli.commands[args[0]].get_short_help_str(), args
    listed = run("--help").output
    for name in cli.commands:
        assert f"  {name} " in listed, name
    assert "Perintah lain" not in listed  # every command sits under a heading


def test_version(run):
    result = run("--version")
    assert result.exit_code == 0
    assert result.output.strip() == f"desa, versi {__version__}"


def test_usage_error_is_indonesian_and_exits_2(run):
    result = run("syarat")
    assert result.exit_code == 2
    assert "Kesalahan: Argumen belum diisi 'KODE'." in result.stderr
    result = run("sayrat", "sktm")
    assert result.exit_code == 2
    assert "Perintah 'sayrat' tidak ada." in result.stderr


def test_syarat_shows_the_whole_standard(run):
    result = run("syarat", "izin-keramaian")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Surat Keterangan Izin Keramaian" in out
    for heading in ("Persyaratan", "Prosedur", "Waktu penyelesaian:", "Biaya:", "Produk:", "Pengaduan", "Dasar hukum"):
        assert heading in out, heading
    assert " 1. pengantar_rt_rw      Surat pengantar RT/RW (asli)" in out
    assert "Surat persetujuan tetangga" in out
    assert any(line.startswith(" 5. ") and "Surat persetujuan tetangga" in line for line in out.splitlines())
    assert "1 hari kerja" in out
    assert "Tidak dipungut biaya" in out
    assert "Peraturan Pemerintah Nomor 60 Tahun 2017" in out
    assert "SP4N-LAPOR!" in out
    # Plain text into a pipe: no colour codes, no padding at line ends.
    assert "\x1b[" not in out
    assert all(line == line.rstrip() for line in out.splitlines())


def test_syarat_marks_optional_requirements(run):
    out = run("syarat", "skck").output
    line = next(line for line in out.splitlines() if "Pas foto" in line)
    assert line.split()[0] == "5." and "(tidak wajib) Pas foto" in line
    assert out.count("(tidak wajib)") == 1
    assert "4 lembar" in out
    assert "Persyaratan (4 wajib)" in out


def test_syarat_by_alias_and_by_word(run):
    assert "Surat Keterangan Tidak Mampu" in run("syarat", "sktm").output
    assert "Surat Keterangan Tidak Mampu" in run("syarat", "SKTM").output
    assert "Surat Keterangan Izin Keramaian" in run("syarat", "keramaian").output
    assert "Surat Keterangan Ahli Waris" in run("syarat", "ahli waris").output


def test_syarat_unknown_suggests_and_exits_1(run):
    result = run("syarat", "kramaian")
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Kesalahan: Layanan 'kramaian' tidak dikenal. Maksud Anda: izin-keramaian")
    assert "Traceback" not in result.stderr


def test_syarat_ambiguous_word_exits_1(run):
    result = run("syarat", "surat keterangan")
    assert result.exit_code == 1
    assert "lebih dari satu layanan" in result.stderr


def test_syarat_json_has_the_catalogue_keys(run):
    result = run("syarat", "sku", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["kode"] == "keterangan-usaha"
    for key in ("nama", "alias", "tingkat", "jenis", "persyaratan", "prosedur", "isian", "waktu", "biaya", "surat"):
        assert key in data, key
    assert data["waktu"] == {"hari_kerja": 1}
    assert data["biaya"]["tarif"] == 0
    assert [p["kode"] for p in data["persyaratan"]] == ["pengantar_rt_rw", "ktp_el", "kk", "foto_tempat_usaha"]
    assert data["isian"][0] == {"nama": "nama_usaha", "label": "Nama usaha", "jenis": "teks", "wajib": True}


def test_layanan_lists_and_filters(run):
    result = run("layanan")
    assert result.exit_code == 0
    for kode in ("izin-keramaian", "keterangan-tidak-mampu", "izin-usaha-mikro"):
        assert kode in result.output
    assert "kecamatan" in result.output and "Gratis" in result.output
    filtered = run("layanan", "usaha").output
    assert "keterangan-usaha" in filtered and "izin-usaha-mikro" in filtered
    assert "izin-keramaian" not in filtered
    only = run("layanan", "--tingkat", "kecamatan").output
    assert "izin-usaha-mikro" in only and "keterangan-usaha" not in only


def test_layanan_json(run):
    data = json.loads(run("layanan", "--json").stdout)
    assert len(data) >= 14
    assert all({"kode", "nama", "tingkat", "waktu", "biaya", "persyaratan"} <= set(item) for item in data)
    assert json.loads(run("layanan", "tidakadayangcocok", "--json").stdout) == []


def test_layanan_no_match_says_so(run):
    result = run("layanan", "tidakadayangcocok")
    assert result.exit_code == 0
    assert "Tidak ada layanan yang cocok" in result.output


def test_office_catalogue_via_option_env_and_working_folder(run, kantor, monkeypatch):
    path = copy_bundled("keterangan-domisili", kantor / "katalog")
    path.write_text(path.read_text(encoding="utf-8").replace("hari_kerja: 1", "hari_kerja: 3"), encoding="utf-8")
    assert "3 hari kerja" in run("--kantor", str(kantor), "syarat", "domisili").output
    assert "1 hari kerja" in run("syarat", "domisili").output
    monkeypatch.setenv("DESA_KANTOR", str(kantor))
    assert "3 hari kerja" in run("syarat", "domisili").output
    monkeypatch.delenv("DESA_KANTOR")
    (kantor / "sub").mkdir()
    monkeypatch.chdir(kantor / "sub")
    assert "3 hari kerja" in run("syarat", "domisili").output


def test_office_in_the_per_user_folder(run, tmp_path, monkeypatch):
    from desa_cli import kantor

    folder = kantor.default_folder()
    assert str(folder).startswith(str(tmp_path))
    buat_kantor(folder, tingkat="kecamatan", kode_wilayah="35.05.06", desa=None)
    # A kecamatan office: 'keramaian' is its own recommendation, not the village letter.
    assert "Rekomendasi Izin Keramaian" in run("syarat", "keramaian").output


def test_missing_office_folder_is_refused(run, tmp_path):
    result = run("--kantor", str(tmp_path / "tidak-ada"), "syarat", "sktm")
    assert result.exit_code == 1
    assert "tidak ada" in result.stderr and "desa init" in result.stderr


def test_broken_office_file_stops_lookup_with_one_line(run, kantor):
    path = copy_bundled("keterangan-usaha", kantor / "katalog")
    path.write_text(path.read_text(encoding="utf-8").replace("    nama: KTP-el pemohon\n", ""), encoding="utf-8")
    result = run("--kantor", str(kantor), "syarat", "sktm")
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert str(path) in lines[0] and "baris" in lines[0] and "persyaratan[2].nama" in lines[0]
    assert "desa katalog periksa" in lines[0]


def test_katalog_periksa_reports_every_fault_at_once(run, kantor):
    usaha = copy_bundled("keterangan-usaha", kantor / "katalog")
    usaha.write_text(usaha.read_text(encoding="utf-8").replace("tingkat: desa", "tingkat: dusun"), encoding="utf-8")
    (kantor / "katalog" / "rusak.yaml").write_text("kode: rusak\nnama: [tidak ditutup\n", encoding="utf-8")
    domisili = copy_bundled("keterangan-domisili", kantor / "katalog")
    domisili.write_text(
        domisili.read_text(encoding="utf-8").replace("biaya:\n  tarif: 0", "biaya:\n  tarif: gratis"), encoding="utf-8"
    )
    result = run("--kantor", str(kantor), "katalog", "periksa")
    assert result.exit_code == 1
    err = result.stderr
    assert "keterangan-usaha.yaml, baris 4: tingkat" in err
    assert "rusak.yaml" in err and "penulisan YAML salah" in err
    assert "keterangan-domisili.yaml" in err and "biaya.tarif" in err
    assert "3 kesalahan" in err
    data = json.loads(run("--kantor", str(kantor), "katalog", "periksa", "--json").stdout)
    assert len(data["kesalahan"]) == 3
    assert {"berkas", "baris", "bagian", "alasan"} == set(data["kesalahan"][0])


def test_katalog_periksa_clean(run, kantor):
    result = run("--kantor", str(kantor), "katalog", "periksa")
    assert result.exit_code == 0
    count = len(katalog.load([BUNDLED]).layanan)  # every bundled service, however many
    assert "Katalog baik" in result.output and f"{count} layanan" in result.output
