"""`desa init`, `desa kantor`, `desa ajukan` and the queue, as a clerk uses them."""

import json
import os
import stat

import conftest
import pytest
import yaml
from conftest import BACEM, pakai_kantor, register_isi

from desa_cli import register as register_mod

pytestmark = pytest.mark.dua_register

SITI = {
    "nik": "3505014708900001",
    "nama": "Siti Aminah",
    "tempat-lahir": "Blitar",
    "tanggal-lahir": "07-08-1990",
    "jenis-kelamin": "P",
    "agama": "Islam",
    "status-perkawinan": "Kawin",
    "pekerjaan": "Petani",
    "alamat": "Jl. Melati & Mawar <RT 01>",
}


def flags(data: dict) -> list:
    return [part for key, value in data.items() for part in (f"--{key}", value)]


@pytest.fixture
def office(kantor, monkeypatch):
    return pakai_kantor(monkeypatch, kantor)


def ajukan(run, *extra, **changes):
    data = {**SITI, **changes}
    return run("ajukan", "domisili", *flags(data), "--isi", "keperluan=Melamar kerja", *extra)


def snapshot(office):
    return conftest.snapshot(office / "data")


# --- the office ----------------------------------------------------------------------------


def test_init_with_flags_creates_the_office(run, tmp_path):
    folder = tmp_path / "bacem"
    result = run(
        "init", str(folder), *conftest.opsi_init(), "--provinsi", "Jawa Timur", "--kabupaten", "Blitar",
        "--kecamatan", "Ponggok",
        "--desa", "Bacem", "--kode-wilayah", "3505062006", "--kepala-desa", "Suyanto", "--telepon", "0342-123",
        "--alamat", "Jl. Raya 1",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Kantor Desa Bacem dibuat" in result.output
    data = yaml.safe_load((folder / "kantor.yaml").read_bytes())
    assert data["kode_wilayah"] == "35.05.06.2006"
    assert data["penandatangan"]["kepala"] == {"jabatan": "Kepala Desa", "nama": "Suyanto"}
    assert data["format_nomor"] == "{kode}/{urut:03d}/{kode_desa}/{tahun}"
    for name in ("katalog", "templates_surat", "data", "arsip"):
        assert (folder / name).is_dir()
    again = run("init", str(folder), "--provinsi", "X")
    assert again.exit_code == 1 and "tidak ditimpa" in again.stderr


def test_init_kecamatan_and_logo(run, tmp_path):
    logo = tmp_path / "blitar.png"
    logo.write_bytes(b"\x89PNG\r\n\x1a\n")
    result = run(
        "init", str(tmp_path / "ponggok"), *conftest.opsi_init(), "--tingkat", "kecamatan", "--provinsi", "Jawa Timur",
        "--kabupaten", "Blitar", "--kecamatan", "Ponggok", "--kode-wilayah", "35.05.06", "--camat", "Drs. Hadi",
        "--nip", "197001011990031001", "--logo", str(logo), "--alamat", "Jl. Raya 1",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = yaml.safe_load((tmp_path / "ponggok" / "kantor.yaml").read_bytes())
    assert data["penandatangan"]["kepala"]["jabatan"] == "Camat"
    assert data["penandatangan"]["kepala"]["nip"] == "197001011990031001"
    assert (tmp_path / "ponggok" / "logo.png").read_bytes() == logo.read_bytes()


@pytest.mark.parametrize(
    "tingkat,kode,reason",
    [
        ("desa", "35.05.06", "35.05.06.2006"),
        ("desa", "35.05.01.1001", "antara 2001 dan 2999"),
        ("kelurahan", "35.05.06.2006", "antara 1001 dan 1999"),
        ("desa", "35.00.01.2001", "tidak boleh 00"),
        ("desa", "ab.cd", "Kemendagri"),
    ],
)
def test_init_refuses_a_malformed_region_code(run, tmp_path, tingkat, kode, reason):
    args = [
        "init",
        str(tmp_path / "x"),
        *conftest.opsi_init(),
        "--tingkat",
        tingkat,
        "--provinsi",
        "P",
        "--kabupaten",
        "K",
    ]
    args += ["--kecamatan", "C", "--desa", "D", "--kelurahan", "D", "--kode-wilayah", kode, "--kepala-desa", "N"]
    result = run(*args)
    assert result.exit_code == 1
    assert reason in result.stderr
    assert not (tmp_path / "x" / "kantor.yaml").exists()


def test_init_without_a_terminal_names_the_missing_flags(run, tmp_path):
    result = run("init", str(tmp_path / "x"), *conftest.opsi_init(), "--provinsi", "Jawa Timur")
    assert result.exit_code == 1
    assert "--kabupaten" in result.stderr and "--kode-wilayah" in result.stderr and "--kepala-desa" in result.stderr
    assert "--alamat" in result.stderr


def test_init_defaults_to_the_per_user_folder(run):
    from desa_cli import kantor

    values = {k.replace("_", "-"): v for k, v in BACEM.items() if k != "kepala"}
    result = run("init", *conftest.opsi_init(), *flags(values), "--kepala-desa", "Suyanto")
    assert result.exit_code == 0, result.output
    assert (kantor.default_folder() / "kantor.yaml").is_file()
    shown = run("kantor")
    assert "Desa Bacem" in shown.output and "folder pengguna" in shown.output


def test_kantor_shows_the_office(run, office):
    result = run("kantor")
    assert result.exit_code == 0
    assert "Desa Bacem" in result.output and "35.05.06.2006" in result.output and str(office) in result.output
    data = json.loads(run("kantor", "--json").stdout)
    assert data["kantor"]["desa"] == "Bacem" and data["dipilih_dari"] == "DESA_KANTOR"


def test_kantor_warns_when_the_years_cuti_bersama_is_unknown(run, office, monkeypatch):
    monkeypatch.setenv("DESA_WAKTU", "2025-06-02T09:00:00")
    assert "belum dikenal" not in run("kantor").stderr
    monkeypatch.setenv("DESA_WAKTU", "2035-01-02T09:00:00")
    result = run("kantor")
    assert result.exit_code == 0
    assert "cuti bersama 2035 belum dikenal" in result.stderr and "libur_tambahan" in result.stderr


def test_commands_that_need_an_office_say_so(run):
    for args in (["kantor"], ["daftar"], ["ajukan", "sktm"], ["lihat", "2026-00001"]):
        result = run(*args)
        assert result.exit_code == 1, args
        assert result.stderr.count("\n") == 1 and "desa init" in result.stderr


# --- taking an application -------------------------------------------------------------------


def test_ajukan_complete_application_prints_a_receipt(run, office):
    result = ajukan(run, "--ada", "semua")
    assert result.exit_code == 0, result.stderr
    out = result.output
    assert "TANDA TERIMA PERMOHONAN — Desa Bacem" in out
    assert "2026-00001" in out and "Surat Keterangan Domisili" in out
    assert "Siti Aminah (NIK 350501******0001)" in out
    assert "Tidak dipungut biaya" in out
    # Friday + 1 working day = Monday.
    assert "Senin, 23 November 2026" in out


def test_ajukan_json_and_missing_papers(run, office):
    result = ajukan(run, "--ada", "ktp_el,kk", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["noreg"] == "2026-00001"
    assert data["status"] == "belum_lengkap"
    assert data["tenggat"] is None
    assert data["kurang"] == ["pengantar_rt_rw"]
    assert data["pemohon"]["alamat"] == "Jl. Melati & Mawar <RT 01>"
    assert data["pemohon"]["tanggal_lahir"] == "1990-08-07"
    assert data["isian"] == {"keperluan": "Melamar kerja"}
    assert data["versi_katalog"] and data["petugas"] == "Sari"
    receipt = ajukan(run, "--ada", "ktp_el").output
    assert "Berkas belum diserahkan" in receipt and "Surat pengantar RT/RW  (kode pengantar_rt_rw)" in receipt
    assert "dihitung setelah berkas lengkap" in receipt


def test_registration_numbers_follow_each_other(run, office):
    numbers = [json.loads(ajukan(run, "--json").stdout)["noreg"] for _ in range(3)]
    assert numbers == ["2026-00001", "2026-00002", "2026-00003"]


def test_ajukan_from_a_data_file_mixed_with_flags(run, office, tmp_path):
    data = {k.replace("-", "_"): v for k, v in SITI.items()}
    data.update({"nama": "Nama Di Berkas", "tanggal_lahir": "1990-08-07", "keperluan": "Bank"})
    path = tmp_path / "isian.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = run("ajukan", "domisili", "--data", str(path), "--nama", "Siti Aminah", "--ada", "semua", "--json")
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["pemohon"]["nama"] == "Siti Aminah"  # the flag wins
    assert record["isian"]["keperluan"] == "Bank"
    assert record["status"] == "lengkap"


BAD = [
    ("bad NIK", {"nik": "12345"}, "NIK harus 16 angka"),
    ("NIK against birth date", {"tanggal-lahir": "08-08-1990"}, "tidak sama dengan tanggal lahir"),
    ("NIK against sex", {"jenis-kelamin": "L"}, "perempuan"),
    ("bad date", {"tanggal-lahir": "31-02-1990"}, "bukan tanggal yang ada"),
    ("unknown choice", {"agama": "Jedi"}, "tidak ada dalam pilihan"),
    ("birth in the future", {"tanggal-lahir": "07-08-2090", "nik": "3505014708900001"}, "Tanggal lahir"),
]


@pytest.mark.parametrize("what,changes,reason", BAD, ids=[b[0] for b in BAD])
def test_bad_value_is_refused_and_nothing_is_written(run, office, what, changes, reason):
    ajukan(run, "--ada", "semua")
    before = snapshot(office)
    result = ajukan(run, "--ada", "semua", **changes)
    assert result.exit_code == 1
    assert reason in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert snapshot(office) == before


def test_missing_required_field_is_named(run, office):
    data = dict(SITI)
    del data["pekerjaan"]
    result = run("ajukan", "domisili", *flags(data))
    assert result.exit_code == 1
    assert "Pekerjaan (pekerjaan)" in result.stderr and "Keperluan (keperluan)" in result.stderr
    assert snapshot(office) == conftest.register_awal(office)


def test_unknown_requirement_code_and_unknown_field(run, office):
    result = ajukan(run, "--ada", "ktp_el,surat_sakti")
    assert result.exit_code == 1 and "surat_sakti" in result.stderr and "pengantar_rt_rw" in result.stderr
    result = ajukan(run, "--isi", "warna=merah")
    assert result.exit_code == 1 and "Isian tidak dikenal" in result.stderr and "warna" in result.stderr
    assert snapshot(office) == conftest.register_awal(office)


def test_bad_data_file_is_refused(run, office, tmp_path):
    path = tmp_path / "isian.yaml"
    path.write_text("nama: [tidak ditutup\n", encoding="utf-8")
    result = run("ajukan", "domisili", "--data", str(path))
    assert result.exit_code == 1 and "baris" in result.stderr
    path.write_text("- satu\n- dua\n", encoding="utf-8")
    assert "pasangan" in run("ajukan", "domisili", "--data", str(path)).stderr


def test_returning_applicant_is_filled_from_the_last_application(run, office):
    ajukan(run, "--ada", "semua")
    result = run(
        "ajukan", "sku", "--nik", SITI["nik"], "--pekerjaan", "Pedagang",
        "--isi", "nama_usaha=Warung Siti", "--isi", "jenis_usaha=Warung", "--isi", "alamat_usaha=Bacem",
        "--isi", "keperluan=KUR", "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["pemohon"]["nama"] == "Siti Aminah"
    assert record["pemohon"]["tanggal_lahir"] == "1990-08-07"
    assert record["pemohon"]["pekerjaan"] == "Pedagang"  # corrected by the flag
    assert any("2026-00001" in line for line in record["peringatan"])


def test_interactive_prompts_ask_every_field_and_each_paper(run, office, monkeypatch):
    import desa_cli.perintah._bersama as bersama

    monkeypatch.setattr(bersama, "interaktif", lambda: True)
    # The birth date and sex the NIK gives are refused ("t"), then asked with the NIK's as defaults:
    # a wrong date is asked again, Enter keeps the NIK's sex.
    answers = [
        "3505014708900001", "Siti Aminah", "Blitar", "t", "tanggal salah", "7-8-1990", "", "1", "Kawin", "Petani",
        # Address, then RT, RW, dusun, No. KK, pendidikan and telephone (the last three left empty).
        "", "Jl. Melati", "2", "1", "Krajan", "", "", "", "", "", "Melamar kerja",
        "y", "y", "n",
    ]  # fmt: skip
    result = run("ajukan", "domisili", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "bukan tanggal" in result.output  # the wrong date was asked again
    assert "2026-00001" in result.output
    assert "Berkas belum diserahkan" in result.output and "Kartu Keluarga" in result.output
    record = json.loads(run("lihat", "2026-00001", "--json").stdout)
    assert record["pemohon"]["agama"] == "Islam" and record["status"] == "belum_lengkap"
    assert (record["pemohon"]["rt"], record["pemohon"]["rw"], record["pemohon"]["dusun"]) == (2, 1, "Krajan")
    assert "no_kk" not in record["pemohon"] and "telepon" not in record["pemohon"]
    assert record["pemohon"]["kewarganegaraan"] == "WNI"  # the offered default
    # A second visit: the known data is offered for confirmation.
    # (the fields left empty last time are asked again: No. KK, pendidikan, telephone)
    answers = ["3505014708900001", "y", "", "", "", "", "", "Bank", "y", "y", "y"]
    result = run("ajukan", "domisili", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "Pemohon ini pernah datang (2026-00001)" in result.output
    assert json.loads(run("lihat", "2026-00002", "--json").stdout)["status"] == "lengkap"


# --- later papers, refusal, withdrawal -------------------------------------------------------------


def test_lengkapi_completes_and_starts_the_deadline(run, office, monkeypatch):
    ajukan(run, "--ada", "ktp_el")
    monkeypatch.setenv("DESA_WAKTU", "2026-12-31T09:00:00")
    result = run("lengkapi", "2026-1", "--ada", "kk")
    assert result.exit_code == 0 and "masih kurang pengantar_rt_rw" in result.output
    result = run("lengkapi", "2026-00001", "--ada", "pengantar_rt_rw", "--json")
    data = json.loads(result.stdout)
    assert data["status"] == "lengkap" and data["kurang"] == []
    # Complete on Thursday 31 December: 1 January (Tahun Baru) and the weekend after it do not count.
    assert data["lengkap_pada"] == "2026-12-31" and data["tenggat"] == "2027-01-04"
    assert data["hari_kerja"] == 1
    bad = run("lengkapi", "2026-00001", "--ada", "ijazah")
    assert bad.exit_code == 1 and "ijazah" in bad.stderr


def test_tolak_and_batal_keep_the_reason(run, office):
    ajukan(run)
    ajukan(run)
    assert run("tolak", "2026-00001").exit_code == 2  # --alasan is required
    empty = run("tolak", "2026-00001", "--alasan", "  ")
    assert empty.exit_code == 1 and "Alasan wajib" in empty.stderr
    result = run("tolak", "2026-00001", "--alasan", "Bukan warga desa ini")
    assert result.exit_code == 0
    assert json.loads(run("lihat", "2026-00001", "--json").stdout)["alasan"] == "Bukan warga desa ini"
    again = run("lengkapi", "2026-00001", "--ada", "kk")
    assert again.exit_code == 1 and "ditolak" in again.stderr
    assert run("batal", "2026-00002", "--alasan", "Pemohon pindah").exit_code == 0
    assert json.loads(run("lihat", "2026-00002", "--json").stdout)["status"] == "batal"
    missing = run("batal", "2026-00099", "--alasan", "x")
    assert missing.exit_code == 1 and "tidak ada" in missing.stderr


# --- the queue ---------------------------------------------------------------------------------


def test_daftar_shows_open_applications_in_order_with_days_left(run, office, monkeypatch):
    ajukan(run, "--ada", "semua")  # due Monday 23 Nov
    ajukan(run, "--ada", "ktp_el", nama="Budi Santoso", nik="3505010101900002", **{"tanggal-lahir": "01-01-1990",
           "jenis-kelamin": "L"})  # fmt: skip
    ajukan(run, "--ada", "semua")
    run("batal", "2026-00003", "--alasan", "Dobel")
    monkeypatch.setenv("DESA_WAKTU", "2026-11-24T08:00:00")
    result = run("daftar")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    rows = [line for line in lines if line.strip().startswith("2026-")]
    assert [row.split()[0] for row in rows] == ["2026-00001", "2026-00002"]
    assert "lewat 1 hk" in rows[0]
    assert "1 lewat tenggat" in result.output
    data = json.loads(run("daftar", "--json").stdout)
    assert [d["noreg"] for d in data] == ["2026-00001", "2026-00002"]
    assert data[0]["sisa_hari_kerja"] == -1 and data[1]["sisa_hari_kerja"] is None


def test_daftar_filters(run, office):
    ajukan(run, "--ada", "semua")
    ajukan(run, "--ada", "ktp_el", nama="Budi Santoso", nik="3505010101900002", **{"tanggal-lahir": "01-01-1990",
           "jenis-kelamin": "L"})  # fmt: skip

    def noregs(*args):
        return [d["noreg"] for d in json.loads(run("daftar", "--json", *args).stdout)]

    assert noregs("--status", "lengkap") == ["2026-00001"]
    assert noregs("--status", "belum_lengkap") == ["2026-00002"]
    assert noregs("--cari", "budi") == ["2026-00002"]
    assert noregs("--cari", "3505014708900001") == ["2026-00001"]
    assert noregs("--layanan", "domisili") == ["2026-00001", "2026-00002"]
    assert noregs("--layanan", "sktm") == []
    assert noregs("--bulan", "2026-11") == ["2026-00001", "2026-00002"]
    assert noregs("--bulan", "2026-10") == []
    assert run("daftar", "--bulan", "11-2026").exit_code == 2  # a usage error (Click)
    run("tolak", "2026-00002", "--alasan", "x")
    assert noregs() == ["2026-00001"]
    assert noregs("--status", "semua") == ["2026-00001", "2026-00002"]


def test_lihat_shows_everything_with_history(run, office, monkeypatch):
    ajukan(run, "--ada", "ktp_el")
    monkeypatch.setenv("DESA_PETUGAS", "Joko")
    run("lengkapi", "2026-00001", "--ada", "semua")
    result = run("lihat", "2026-00001")
    assert result.exit_code == 0
    out = result.output
    assert "Surat Keterangan Domisili" in out and "Siti Aminah" in out and "7 Agustus 1990" in out
    assert "Melamar kerja" in out and "Riwayat" in out
    assert "Sari" in out and "Joko" in out and "lengkapi" in out
    data = json.loads(run("lihat", "2026-00001", "--json").stdout)
    assert [e["aksi"] for e in data["riwayat"]] == ["ajukan", "lengkapi"]
    assert run("lihat", "bukan-noreg").exit_code == 2  # a usage error (Click)


# --- storage ---------------------------------------------------------------------------------


def test_every_change_appends_a_chained_event(run, office):
    ajukan(run, "--ada", "ktp_el")
    ajukan(run)
    run("lengkapi", "2026-00001", "--ada", "semua")
    run("batal", "2026-00002", "--alasan", "Tidak jadi")
    _, chain, nomor = register_isi(office / "data")
    assert nomor["rantai"]["hash"] == chain[-1]["hash"]
    assert [e["aksi"] for e in chain] == [*conftest.aksi_awal(office), "ajukan", "ajukan", "lengkapi", "batal"]
    assert chain[0]["sebelum"] == register_mod.GENESIS
    for before, event in zip(chain, chain[1:], strict=False):
        assert event["sebelum"] == before["hash"]
    for event in chain:
        assert event["hash"] == register_mod.hash_peristiwa(event)
    for event in chain[len(conftest.aksi_awal(office)) :]:
        assert event["petugas"] == "Sari" and event["waktu"].startswith("2026-11-20T10:00")
    # A quiet edit shows: the stored hash no longer fits the content.
    chain[2]["data"]["status"] = "ditolak"
    assert register_mod.hash_peristiwa(chain[2]) != chain[2]["hash"]


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
@pytest.mark.hanya_berkas("file modes of data/*.json (the database keeps no files)")
def test_register_files_are_readable_by_their_owner_only(run, office):
    ajukan(run)
    assert len(list((office / "data").rglob("*.json"))) >= 4
    for path in (office / "data").rglob("*.json"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_init_asks_for_each_value_at_a_terminal(run, tmp_path, monkeypatch):
    import desa_cli.perintah._bersama as bersama

    monkeypatch.setattr(bersama, "interaktif", lambda: True)
    # The code first: the official list gives the level, every name and the postal code.
    answers = ["kelurahan", "35.72.01.2001", "35.72.01.1001", "Budi Hartono", "Jl. Merdeka 1", "", "", ""]
    result = run("init", str(tmp_path / "kel"), *conftest.opsi_init(), input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "bentuknya seperti" in result.output  # a word is not a code: asked again
    assert "35.72.01.2001 tidak ada dalam daftar Kemendagri" in result.output  # asked again
    data = yaml.safe_load((tmp_path / "kel" / "kantor.yaml").read_bytes())
    assert data["tingkat"] == "kelurahan" and data["desa"] == "Kepanjenkidul"
    assert (data["provinsi"], data["kabupaten"], data["kecamatan"]) == ("Jawa Timur", "Kota Blitar", "Kepanjenkidul")
    assert data["kode_wilayah"] == "35.72.01.1001" and data["kode_pos"] == "66117"
    assert data["alamat"] == "Jl. Merdeka 1"
    assert data["penandatangan"]["kepala"] == {"jabatan": "Lurah", "nama": "Budi Hartono"}
    assert "Kantor Kelurahan Kepanjenkidul dibuat" in result.output
