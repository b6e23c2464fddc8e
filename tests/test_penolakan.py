"""Refusals that used to escape as "Kesalahan tak terduga" (issue 9): each is one Indonesian line
on stderr, exit 1, no traceback, and nothing written to the register."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import conftest
import pytest
import yaml
from conftest import SITI, copy_bundled, pakai_kantor

REPO = Path(__file__).resolve().parents[1]

SKTM = {**SITI, "keperluan": "Pendidikan", "keterangan_keperluan": "Sekolah anak",
        "penghasilan_keluarga": "500.000", "jumlah_tanggungan": 3}  # fmt: skip


@pytest.fixture
def office(kantor, monkeypatch):
    return pakai_kantor(monkeypatch, kantor)


def refused(result, *words):
    """Exit 1, one line on stderr naming `words`, never a traceback or an unexpected error."""
    err = result.stderr
    assert result.exit_code == 1, (result.exit_code, result.stdout, err)
    assert err.count("\n") == 1, err
    assert "Traceback" not in err and "tak terduga" not in err, err
    for word in words:
        assert word in err, (word, err)
    return err


def data_file(tmp_path, text: str) -> Path:
    path = tmp_path / "isian.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def ajukan_data(run, tmp_path, fields: dict, kode="domisili"):
    return run("ajukan", kode, "--data", str(data_file(tmp_path, yaml.safe_dump(fields))), "--ada", "semua")


def first(run, tmp_path, office):
    """One application, so that the register exists; returns its snapshot."""
    assert ajukan_data(run, tmp_path, SITI).exit_code == 0
    return conftest.snapshot(office / "data")


# --- values ----------------------------------------------------------------------------------


def test_impossible_birth_date_in_a_data_file(run, office, tmp_path):
    before = first(run, tmp_path, office)
    text = yaml.safe_dump({k: v for k, v in SITI.items() if k != "tanggal_lahir"}) + "tanggal_lahir: 1990-02-30\n"
    result = run("ajukan", "domisili", "--data", str(data_file(tmp_path, text)), "--ada", "semua")
    refused(result, "Tanggal lahir", "1990-02-30", "bukan tanggal yang ada")
    assert conftest.snapshot(office / "data") == before


BESAR = [
    ("jumlah_tanggungan via --isi", "isi", "jumlah_tanggungan", str(2**63)),
    ("jumlah_tanggungan in --data", "data", "jumlah_tanggungan", 2**63),
    ("penghasilan_keluarga via --isi", "isi", "penghasilan_keluarga", str(2**64)),
    ("penghasilan_keluarga in --data", "data", "penghasilan_keluarga", 10**30),
]


@pytest.mark.parametrize("what,how,name,value", BESAR, ids=[b[0] for b in BESAR])
def test_integers_beyond_64_bits_are_refused(run, office, tmp_path, what, how, name, value):
    before = first(run, tmp_path, office)
    if how == "isi":
        fields = {k: v for k, v in SKTM.items() if k != name}
        path = data_file(tmp_path, yaml.safe_dump(fields))
        result = run("ajukan", "sktm", "--data", str(path), "--isi", f"{name}={value}", "--ada", "semua")
    else:
        result = ajukan_data(run, tmp_path, {**SKTM, name: value}, kode="sktm")
    refused(result, "terlalu besar")
    assert conftest.snapshot(office / "data") == before


def test_catalogue_fee_beyond_64_bits_is_refused(run, office, tmp_path):
    path = copy_bundled("keterangan-domisili", office / "katalog")
    path.write_text(path.read_text(encoding="utf-8").replace("tarif: 0", f"tarif: {2**63}"), encoding="utf-8")
    assert f"tarif: {2**63}" in path.read_text(encoding="utf-8")
    checked = run("katalog", "periksa")
    assert checked.exit_code == 1 and "biaya.tarif" in checked.stderr and "terlalu besar" in checked.stderr
    refused(ajukan_data(run, tmp_path, SITI), "Katalog salah", "biaya.tarif", "terlalu besar")
    assert conftest.snapshot(office / "data") == {}


def test_service_time_of_99999999_days_is_refused_before_any_calendar_is_built(run, office, tmp_path):
    path = copy_bundled("keterangan-domisili", office / "katalog")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("hari_kerja: 1", "hari_kerja: 99999999"), encoding="utf-8")
    checked = run("katalog", "periksa")
    assert checked.exit_code == 1, checked.stdout
    assert "waktu.hari_kerja" in checked.stderr and "tidak boleh lebih dari 365" in checked.stderr
    refused(ajukan_data(run, tmp_path, SITI), "waktu.hari_kerja", "365")
    assert not (office / "data" / "kalender").exists() or not list((office / "data" / "kalender").iterdir())
    assert conftest.snapshot(office / "data") == {}


def test_calendar_deadline_search_is_bounded(tmp_path):
    from desa_cli import kalender
    from desa_cli.kesalahan import DesaError

    cal = kalender.Kalender(cache=tmp_path / "kalender", libur_tambahan={})
    with pytest.raises(DesaError, match="hari kerja"):
        cal.tenggat(kalender.dt.date(2026, 11, 20), 99999999)
    assert not (tmp_path / "kalender").exists()
    # The search gives up rather than walk on when no day can be a working day.
    cal.hari_kerja = lambda day: False
    with pytest.raises(DesaError, match="Tidak ada"):
        cal.tenggat(kalender.dt.date(2026, 11, 20), 5)


# --- text that is not UTF-8 -------------------------------------------------------------------


def test_nama_with_bytes_that_are_not_utf8(run, office, tmp_path):
    before = first(run, tmp_path, office)
    fields = {k: v for k, v in SITI.items() if k != "nama"}
    path = data_file(tmp_path, yaml.safe_dump(fields))
    result = run("ajukan", "domisili", "--data", str(path), "--nama", "Siti \udcff", "--ada", "semua")
    refused(result, "--nama", "UTF-8")
    assert conftest.snapshot(office / "data") == before


def test_alasan_with_bytes_that_are_not_utf8(run, office, tmp_path):
    before = first(run, tmp_path, office)
    refused(run("tolak", "2026-00001", "--alasan=Tidak \udcff lengkap"), "--alasan", "UTF-8")
    refused(run("batal", "2026-00001", "--alasan", "\udcff"), "--alasan", "UTF-8")
    assert conftest.snapshot(office / "data") == before


def test_aduan_nama_with_bytes_that_are_not_utf8(run, office, tmp_path):
    before = first(run, tmp_path, office)
    refused(run("aduan", "catat", "--nama", "Budi \udcff", "--isi", "Antre lama"), "--nama", "UTF-8")
    assert conftest.snapshot(office / "data") == before


def test_petugas_with_bytes_that_are_not_utf8(run, office, tmp_path, monkeypatch):
    before = first(run, tmp_path, office)
    monkeypatch.setenv("DESA_PETUGAS", "Sari \udcff")
    refused(ajukan_data(run, tmp_path, SITI), "DESA_PETUGAS", "UTF-8")
    assert conftest.snapshot(office / "data") == before


def test_field_typed_at_a_prompt_with_bytes_that_are_not_utf8():
    # Python reads a terminal that is not UTF-8 with surrogate escapes, as it does arguments.
    from desa_cli import isian
    from desa_cli.katalog import ISIAN_PEMOHON

    with pytest.raises(isian.IsianSalah, match="Nama lengkap: .*UTF-8"):
        isian.baca(ISIAN_PEMOHON[1], "Siti \udcff")


@pytest.mark.skipif(os.name == "nt", reason="Windows hands programs UTF-16, never stray bytes")
def test_argument_bytes_that_are_not_utf8_in_a_real_process(office, tmp_path):
    before = conftest.snapshot(office / "data")
    path = data_file(tmp_path, yaml.safe_dump({k: v for k, v in SITI.items() if k != "nama"}))
    env = {**os.environ, "PYTHONPATH": str(REPO), "DESA_DEBUG": ""}
    args = [sys.executable, "-m", "desa_cli", "ajukan", "domisili", "--data", str(path), "--ada", "semua"]
    proc = subprocess.run([*args, b"--nama", b"Siti \xff\xfe"], capture_output=True, env=env, timeout=120, check=False)
    err = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == 1, err
    assert err.count("\n") == 1 and "--nama" in err and "UTF-8" in err and "Traceback" not in err
    assert conftest.snapshot(office / "data") == before


# --- the disk ---------------------------------------------------------------------------------


def _disk_full(monkeypatch):
    def full(fd, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "write", full)


def test_full_disk_during_a_commit_leaves_the_register_as_it_was(run, office, tmp_path, monkeypatch):
    before = first(run, tmp_path, office)
    with monkeypatch.context() as patch:
        _disk_full(patch)
        err = refused(ajukan_data(run, tmp_path, SITI), "Disk penuh", str(office / "data"))
    assert "Kosongkan" in err
    assert conftest.snapshot(office / "data") == before
    assert not list((office / "data").rglob("*.tmp")), "no half-written temporary file is left"
    assert run("periksa").exit_code == 0
    again = json.loads(run("ajukan", "domisili", "--data", str(tmp_path / "isian.yaml"), "--json").stdout)
    assert again["noreg"] == "2026-00002"


def test_full_disk_during_an_export_writes_nothing(run, office, tmp_path, monkeypatch):
    before = first(run, tmp_path, office)
    target = tmp_path / "keluar" / "bacem.csv"
    target.parent.mkdir()
    with monkeypatch.context() as patch:
        _disk_full(patch)
        refused(run("ekspor", "--bulan", "2026-11", "--keluar", str(target)), "Disk penuh", str(target.parent))
    assert list(target.parent.iterdir()) == []
    assert conftest.snapshot(office / "data") == before


EKSPOR_HEADER = "kantor,layanan,layanan_nama,status,diterima,lengkap_pada,tenggat,tanggal_surat\r\n"
EKSPOR_ROW = (
    "Desa Bacem,keterangan-domisili,Surat Keterangan Domisili,{status},{diterima},{lengkap},{tenggat},{surat}\r\n"
)


def ekspor_file(path: Path, **changes) -> Path:
    row = dict(status="selesai", diterima="2026-11-02T09:00:00", lengkap="2026-11-02", tenggat="2026-11-03",
               surat="2026-11-03")  # fmt: skip
    good = EKSPOR_ROW.format(**row)
    path.write_text("\ufeff" + EKSPOR_HEADER + good + EKSPOR_ROW.format(**{**row, **changes}), encoding="utf-8")
    return path


KELUARAN = [
    ("ekspor --keluar", ["ekspor", "--bulan", "2026-11", "--keluar", "{}"], "x.csv"),
    ("laporan --csv", ["laporan", "--bulan", "2026-11", "--csv", "{}"], "x.csv"),
    ("laporan --xlsx", ["laporan", "--bulan", "2026-11", "--xlsx", "{}"], "x.xlsx"),
    ("laporan --grafik", ["laporan", "--bulan", "2026-11", "--grafik", "{}"], "x.png"),
    ("gabung --csv", ["gabung", "{ekspor}", "--csv", "{}"], "x.csv"),
    ("gabung --xlsx", ["gabung", "{ekspor}", "--xlsx", "{}"], "x.xlsx"),
    ("standar --docx", ["standar", "domisili", "--docx", "{}"], "x.docx"),
    ("maklumat --docx", ["maklumat", "--docx", "{}"], "x.docx"),
    ("survei hasil --docx", ["survei", "hasil", "--tahun", "2026", "--docx", "{}"], "x.docx"),
]
TUJUAN = ["folder that does not exist", "a folder", "a read-only file"]


@pytest.mark.parametrize("tujuan", TUJUAN)
@pytest.mark.parametrize("what,args,name", KELUARAN, ids=[k[0] for k in KELUARAN])
def test_output_that_cannot_be_written_is_refused_before_the_work(run, office, tmp_path, what, args, name, tujuan):
    before = first(run, tmp_path, office)
    ekspor = ekspor_file(tmp_path / "bacem.csv")
    if tujuan == "folder that does not exist":
        target, words = tmp_path / "tidak-ada" / name, ("tidak-ada", "tidak ada")
    elif tujuan == "a folder":
        target = tmp_path / name  # a folder named like the file asked for
        target.mkdir()
        words = (str(target), "adalah folder")
    else:
        target = tmp_path / name
        target.write_bytes(b"lama")
        target.chmod(0o444)
        words = (str(target), "hanya dapat dibaca")
    result = run(*[a.replace("{ekspor}", str(ekspor)).replace("{}", str(target)) for a in args])
    refused(result, *words)
    assert conftest.snapshot(office / "data") == before
    if tujuan == "a read-only file":
        assert target.read_bytes() == b"lama"
    else:
        assert not (tmp_path / "tidak-ada").exists() and not list((tmp_path / name).glob("*"))
    assert not list(tmp_path.rglob(".*.tmp"))


# --- files from other villages ------------------------------------------------------------------

GABUNG = [
    ("a day that does not exist", dict(diterima="2026-02-30T09:00:00", lengkap="2026-02-30"), "2026-02-30"),
    ("an unknown status", dict(status="disetujui_kades"), "disetujui_kades"),
    ("a letter before the file was complete", dict(lengkap="2026-11-05", tenggat="2026-11-06", surat="2026-11-04"),
     "sebelum lengkap_pada"),
]  # fmt: skip


@pytest.mark.parametrize("what,changes,word", GABUNG, ids=[g[0] for g in GABUNG])
def test_gabung_refuses_rows_that_cannot_be_true(run, office, tmp_path, what, changes, word):
    path = ekspor_file(tmp_path / "bacem.csv", **changes)
    result = run("gabung", str(path), "--json")
    refused(result, str(path), "baris data ke-2", word)
    assert result.stdout == ""


def test_gabung_accepts_a_true_file(run, office, tmp_path):
    rows = json.loads(run("gabung", str(ekspor_file(tmp_path / "bacem.csv")), "--json").stdout)
    assert rows[-1]["diterima"] == 2 and rows[-1]["tepat_waktu"] == 2


# --- YAML from outside --------------------------------------------------------------------------


def _dalam(levels: int) -> str:
    return "kode: dalam\nnama: " + "[" * levels + "x" + "]" * levels + "\n"


@pytest.mark.parametrize("perintah", [["katalog", "periksa"], ["layanan"], ["syarat", "domisili"]])
def test_catalogue_nested_40000_deep_is_refused_not_a_crash(office, perintah):
    # A subprocess: on the old code the interpreter dies (exit 139) inside libyaml's composer.
    path = office / "katalog" / "dalam.yaml"
    path.write_text(_dalam(40_000), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO), "DESA_DEBUG": ""}
    cmd = [sys.executable, "-m", "desa_cli", *perintah]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120, check=False)
    assert proc.returncode == 1, (proc.returncode, proc.stderr[-500:])
    assert "dalam.yaml" in proc.stderr and "bersarang lebih dari 50 tingkat" in proc.stderr
    assert "Traceback" not in proc.stderr and "tak terduga" not in proc.stderr
    if perintah != ["katalog", "periksa"]:  # periksa lists each fault, then a count
        assert proc.stderr.count("\n") == 1


def _tawa(levels: int = 7) -> str:
    """A catalogue whose anchors fan out nine-fold per level ("billion laughs")."""
    lines = ["kode: tawa", 'a0: &a0 ["ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha"]']
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    lines.append(f"dasar_hukum: *a{levels - 1}")
    return "\n".join(lines) + "\n"


def test_catalogue_whose_aliases_fan_out_is_refused_before_expansion(run, office):
    copy_bundled("keterangan-domisili", office / "katalog")
    start = time.perf_counter()
    assert run("katalog", "periksa").exit_code == 0
    normal = time.perf_counter() - start
    (office / "katalog" / "tawa.yaml").write_text(_tawa(), encoding="utf-8")
    start = time.perf_counter()
    result = run("katalog", "periksa")
    elapsed = time.perf_counter() - start
    assert result.exit_code == 1
    assert "tawa.yaml" in result.stderr and "mengembang menjadi lebih dari 100.000 nilai" in result.stderr
    assert elapsed < 50 * normal + 1
    refused(run("syarat", "domisili"), "tawa.yaml", "mengembang")


def test_data_file_nested_5000_deep_is_refused(run, office, tmp_path):
    before = first(run, tmp_path, office)
    path = data_file(tmp_path, "nama: " + "[" * 5000 + "]" * 5000 + "\n")
    refused(run("ajukan", "domisili", "--data", str(path)), str(path), "bersarang lebih dari 50 tingkat")
    path.write_text(_tawa(9).replace("dasar_hukum", "nama"), encoding="utf-8")
    refused(run("ajukan", "domisili", "--data", str(path)), str(path), "alias")
    assert conftest.snapshot(office / "data") == before


def test_kantor_yaml_with_deep_nesting_or_many_aliases_is_refused(run, office):
    path = office / "kantor.yaml"
    good = path.read_text(encoding="utf-8")
    path.write_text(good + "maklumat: " + "[" * 3000 + "]" * 3000 + "\n", encoding="utf-8")
    refused(run("kantor"), "kantor.yaml", "bersarang lebih dari 50 tingkat")
    aliases = "".join(f"x{i}: *t\n" for i in range(150))
    path.write_text(good.replace("tingkat: desa", "tingkat: &t desa") + aliases, encoding="utf-8")
    refused(run("kantor"), "kantor.yaml", "alias YAML (*nama) lebih dari 100 kali")
