"""`desa ajukan --nik` with population data: the applicant, the people a service names by NIK and
the family of a KK filled from it; confirmed at a terminal; flags and --data always win."""

from __future__ import annotations

import json
from pathlib import Path

import penduduk_contoh as contoh
import pytest
import yaml
from conftest import buat_kantor, pakai_kantor

from desa_cli.perintah import _bersama as bersama

ORANG = contoh.penduduk(80)
CONTOH = yaml.safe_load((Path(__file__).parent / "contoh" / "surat.yaml").read_text(encoding="utf-8"))


def keluarga_lengkap() -> list:
    """A family with a head, a wife and at least two children."""
    by_kk: dict = {}
    for orang in ORANG:
        by_kk.setdefault(orang["no_kk"], []).append(orang)
    return next(f for f in by_kk.values() if len(f) >= 4)


FAMILY = keluarga_lengkap()
HEAD, WIFE, CHILD = FAMILY[0], FAMILY[1], FAMILY[2]


@pytest.fixture
def kantor(run, tmp_path, monkeypatch):
    folder = buat_kantor(tmp_path / "kantor")
    pakai_kantor(monkeypatch, folder)
    path = tmp_path / "penduduk.xlsx"
    contoh.tulis_xlsx(path, contoh.OPENSID_KOLOM, [contoh.baris_opensid(o) for o in ORANG])
    assert run("penduduk", "impor", str(path)).exit_code == 0
    return folder


def ajukan(run, tmp_path, kode: str, nik: str, *args, buang=(), **isian):
    """`desa ajukan KODE --nik NIK --data` with the service's example fields less `buang`."""
    data = {k: v for k, v in CONTOH[kode]["isian"].items() if k not in buang}
    data.update(isian)
    path = tmp_path / f"{kode}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = run("ajukan", kode, "--nik", nik, "--data", str(path), "--ada", "semua", "--json", *args)
    assert result.exit_code == 0, result.output + result.stderr
    return json.loads(result.stdout)


def test_the_applicants_fields_come_from_the_population_data(run, kantor, tmp_path):
    record = ajukan(run, tmp_path, "keterangan-domisili", WIFE["nik"])
    expected = {k: WIFE[k] for k in ("nik", "nama", "tempat_lahir", "tanggal_lahir", "jenis_kelamin", "agama",
                                     "status_perkawinan", "pekerjaan", "kewarganegaraan", "alamat", "rt", "rw",
                                     "dusun")}  # fmt: skip
    assert record["pemohon"] == expected  # not the No. KK or education: the domisili letter prints neither
    assert "Data pemohon diambil dari data penduduk (impor 2026-11-20)." in record["peringatan"]


def test_the_no_kk_is_taken_where_the_service_needs_it(run, kantor, tmp_path):
    record = ajukan(run, tmp_path, "keterangan-tidak-mampu", WIFE["nik"], buang=("anggota_keluarga",))
    assert record["pemohon"]["no_kk"] == WIFE["no_kk"] and "pendidikan" not in record["pemohon"]


def test_a_flag_corrects_what_the_population_data_says(run, kantor, tmp_path):
    path = tmp_path / "d.yaml"
    path.write_text("keperluan: Melamar kerja\n", encoding="utf-8")
    result = run("ajukan", "domisili", "--nik", WIFE["nik"], "--pekerjaan", "Wiraswasta", "--data", str(path),
                 "--ada", "semua", "--json")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    pemohon = json.loads(result.stdout)["pemohon"]
    assert pemohon["pekerjaan"] == "Wiraswasta" and pemohon["nama"] == WIFE["nama"]


def test_at_a_terminal_the_data_is_shown_and_confirmed(run, kantor, monkeypatch):
    monkeypatch.setattr(bersama, "interaktif", lambda: True)
    # NIK, take the data; No. KK, education, telephone, current address and since when left empty;
    # keperluan; 3 papers.
    answers = [WIFE["nik"], "y", "", "", "", "", "", "Melamar kerja", "y", "y", "y"]
    result = run("ajukan", "domisili", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "Pemohon ada dalam data penduduk (impor 2026-11-20)" in result.output and WIFE["nama"] in result.output
    assert "Nama lengkap:" not in result.output.split("Pakai data ini?")[1]  # nothing asked again
    record = json.loads(run("lihat", "2026-00001", "--json").stdout)
    assert record["pemohon"]["nama"] == WIFE["nama"] and record["pemohon"]["dusun"] == WIFE["dusun"]


def test_at_a_terminal_saying_no_asks_each_field_with_the_data_as_default(run, kantor, monkeypatch):
    monkeypatch.setattr(bersama, "interaktif", lambda: True)
    # NIK, "no", then the thirteen fields the data gives: Enter keeps each, the occupation is typed
    # anew; then No. KK, education, telephone, current address and since when empty.
    fields = [""] * 13
    fields[6] = "Pedagang"
    answers = [WIFE["nik"], "n", *fields, "", "", "", "", "", "Melamar kerja", "y", "y", "y"]
    result = run("ajukan", "domisili", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    pemohon = json.loads(run("lihat", "2026-00001", "--json").stdout)["pemohon"]
    assert pemohon["pekerjaan"] == "Pedagang" and pemohon["nama"] == WIFE["nama"]
    assert pemohon["tanggal_lahir"] == WIFE["tanggal_lahir"]


def test_sktm_household_from_the_kk_with_keluarga(run, kantor, tmp_path):
    record = ajukan(run, tmp_path, "keterangan-tidak-mampu", HEAD["nik"], "--keluarga", buang=("anggota_keluarga",))
    rows = record["isian"]["anggota_keluarga"]
    assert [r["nik"] for r in rows] == [o["nik"] for o in FAMILY]
    assert [r["shdk"] for r in rows] == [o["hubungan"] for o in FAMILY]
    assert rows[1] == {"nama": WIFE["nama"], "nik": WIFE["nik"], "shdk": "Istri", "jenis_kelamin": "P",
                       "tanggal_lahir": WIFE["tanggal_lahir"], "pekerjaan": WIFE["pekerjaan"]}  # fmt: skip
    assert (
        f"Anggota keluarga dalam KK: {len(FAMILY)} orang dari KK {HEAD['no_kk']} (data penduduk)."
        in record["peringatan"]
    )


def test_without_keluarga_and_no_terminal_no_family_is_added(run, kantor, tmp_path):
    record = ajukan(run, tmp_path, "keterangan-tidak-mampu", HEAD["nik"], buang=("anggota_keluarga",))
    assert "anggota_keluarga" not in record["isian"]


def test_a_family_given_in_the_data_file_wins(run, kantor, tmp_path):
    record = ajukan(run, tmp_path, "keterangan-tidak-mampu", HEAD["nik"], "--keluarga")
    assert (
        record["isian"]["anggota_keluarga"][0]["nama"]
        == CONTOH["keterangan-tidak-mampu"]["isian"]["anggota_keluarga"][0]["nama"]
    )


def test_at_a_terminal_the_family_is_offered(run, kantor, tmp_path, monkeypatch):
    monkeypatch.setattr(bersama, "interaktif", lambda: True)
    data = {k: v for k, v in CONTOH["keterangan-tidak-mampu"]["isian"].items() if k != "anggota_keluarga"}
    path = tmp_path / "sktm.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = run("ajukan", "sktm", "--nik", HEAD["nik"], "--data", str(path), "--ada", "semua",
                 input="y\n\n\ny\n")  # take the data, no education or telephone, take the family  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"dari KK {HEAD['no_kk']}" in result.output and CHILD["nama"] in result.output
    record = json.loads(run("lihat", "2026-00001", "--json").stdout)
    assert len(record["isian"]["anggota_keluarga"]) == len(FAMILY)


def test_pindah_followers_are_the_family_without_the_applicant(run, kantor, tmp_path):
    record = ajukan(run, tmp_path, "keterangan-pindah", HEAD["nik"], "--keluarga", buang=("pengikut", "shdk_pemohon"))
    assert [r["nik"] for r in record["isian"]["pengikut"]] == [o["nik"] for o in FAMILY[1:]]
    assert record["isian"]["shdk_pemohon"] == "Kepala Keluarga"


def test_the_deceased_is_filled_from_the_nik(run, kantor, tmp_path):
    person = ("nama_almarhum", "jenis_kelamin_almarhum", "tempat_lahir_almarhum", "tanggal_lahir_almarhum",
              "agama_almarhum", "alamat_almarhum")  # fmt: skip
    record = ajukan(run, tmp_path, "keterangan-kematian", WIFE["nik"], buang=person, nik_almarhum=HEAD["nik"])
    isian = record["isian"]
    assert isian["nama_almarhum"] == HEAD["nama"] and isian["tanggal_lahir_almarhum"] == HEAD["tanggal_lahir"]
    assert isian["jenis_kelamin_almarhum"] == "L" and isian["agama_almarhum"] == "Islam"
    assert (
        isian["alamat_almarhum"] == f"{HEAD['alamat']} RT {HEAD['rt']:03d} RW {HEAD['rw']:03d}, Dusun {HEAD['dusun']}"
    )
    assert any(line.startswith("Dari data penduduk (NIK almarhum") for line in record["peringatan"])


def test_a_birth_takes_the_parents_by_the_fathers_nik(run, kantor, tmp_path):
    record = ajukan(run, tmp_path, "keterangan-kelahiran", HEAD["nik"], buang=("nama_ayah", "nama_ibu", "nik_ibu"),
                    nik_ayah=HEAD["nik"])  # fmt: skip
    isian = record["isian"]
    assert (isian["nama_ayah"], isian["nik_ibu"], isian["nama_ibu"]) == (HEAD["nama"], WIFE["nik"], WIFE["nama"])


def test_the_heirs_are_the_family_of_the_deceased(run, kantor, tmp_path):
    record = ajukan(run, tmp_path, "keterangan-ahli-waris", CHILD["nik"], "--keluarga",
                    buang=("ahli_waris", "nama_pewaris"), nik_pewaris=HEAD["nik"])  # fmt: skip
    heirs = record["isian"]["ahli_waris"]
    assert record["isian"]["nama_pewaris"] == HEAD["nama"]
    assert [h["nik"] for h in heirs] == [o["nik"] for o in FAMILY[1:]]
    assert [h["hubungan"] for h in heirs] == ["Istri"] + ["Anak"] * (len(FAMILY) - 2)


def test_a_resident_no_longer_in_the_data_is_warned_about(run, kantor, tmp_path):
    rest = [o for o in ORANG if o["nik"] != CHILD["nik"]]
    path = tmp_path / "baru.xlsx"
    contoh.tulis_xlsx(path, contoh.OPENSID_KOLOM, [contoh.baris_opensid(o) for o in rest])
    assert run("penduduk", "impor", str(path)).exit_code == 0
    record = ajukan(run, tmp_path, "keterangan-domisili", CHILD["nik"])
    assert any("berstatus Pindah/Mati sejak impor 2026-11-20" in line for line in record["peringatan"])


def test_a_lookup_reads_one_shard_not_the_whole_population(run, kantor, tmp_path, monkeypatch):
    from desa_cli import storage

    read = []
    original = storage.Transaksi.read

    def spy(self, name):
        read.append(name)
        return original(self, name)

    monkeypatch.setattr(storage.Transaksi, "read", spy)
    ajukan(run, tmp_path, "keterangan-domisili", WIFE["nik"])
    shards = {n for n in read if n.startswith("penduduk/") and n != "penduduk/impor"}
    assert shards == {f"penduduk/{WIFE['nik'][-2:]}"}


def test_a_nik_not_in_the_population_data_is_typed_and_remembered_as_before(run, kantor, tmp_path):
    from conftest import SITI

    path = tmp_path / "siti.yaml"
    path.write_text(yaml.safe_dump(SITI), encoding="utf-8")
    first = run("ajukan", "domisili", "--data", str(path), "--ada", "semua", "--json")
    assert first.exit_code == 0, first.stderr
    again = run("ajukan", "domisili", "--nik", SITI["nik"], "--isi", "keperluan=Pindah kerja", "--ada", "semua",
                "--json")  # fmt: skip
    assert again.exit_code == 0, again.stderr
    record = json.loads(again.stdout)
    assert record["pemohon"]["nama"] == SITI["nama"]
    assert "Data pemohon diambil dari permohonan 2026-00001." in record["peringatan"]
    missing = run("ajukan", "domisili", "--nik", "3505064101950009", "--isi", "keperluan=x", "--ada", "semua")
    assert missing.exit_code == 1 and "Isian belum diisi: Nama lengkap (nama)" in missing.stderr
