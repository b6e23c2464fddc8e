"""The office folder on Windows and elsewhere: private data folders, `desa kantor`'s register line,
`desa --kantor X init`, and catalogue files with the wrong name (issue 10)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from conftest import BACEM, ajukan_siti, buat_kantor, copy_bundled, pakai_kantor, siap_ajukan

from desa_cli import kantor

INIT = ["init", "--provinsi", "Jawa Timur", "--kabupaten", "Blitar", "--kecamatan", "Ponggok", "--desa", "Bacem",
        "--kode-wilayah", "35.05.06.2006", "--kepala-desa", "Suyanto", "--alamat", "Jl. Raya 1"]  # fmt: skip

# What `icacls C:\Kantor\data` prints for a folder made under C:\ (every account may read it).
ICACLS_TERBUKA = r"""C:\Kantor Desa\data DESKTOP-7F3K\budi:(OI)(CI)(F)
                    NT AUTHORITY\SYSTEM:(I)(OI)(CI)(F)
                    BUILTIN\Administrators:(I)(OI)(CI)(F)
                    BUILTIN\Users:(I)(OI)(CI)(RX)
                    NT AUTHORITY\Authenticated Users:(I)(M)
                    NT AUTHORITY\Authenticated Users:(I)(OI)(CI)(IO)(M)

Successfully processed 1 files; Failed processing 0 files
"""

# ... and after `desa init` restricted it (a deny entry grants nothing).
ICACLS_PRIBADI = r"""C:\Kantor Desa\data DESKTOP-7F3K\budi:(OI)(CI)(F)
                    Everyone:(OI)(CI)(DENY)(W)
                    NT AUTHORITY\SYSTEM:(OI)(CI)(F)
                    BUILTIN\Administrators:(OI)(CI)(F)
                    CREATOR OWNER:(OI)(CI)(IO)(F)

Successfully processed 1 files; Failed processing 0 files
"""


@pytest.fixture
def windows(monkeypatch):
    """The current Windows account, and subprocess.run answering like icacls; the calls are kept."""
    monkeypatch.setenv("USERNAME", "budi")
    monkeypatch.setenv("USERDOMAIN", "DESKTOP-7F3K")
    calls = []
    answer = {"code": 0, "out": ""}

    def fake_run(args, **kwargs):
        calls.append(list(args))
        out = answer["out"].replace(r"C:\Kantor Desa\data", args[1])
        return subprocess.CompletedProcess(args, answer["code"], out, "")

    monkeypatch.setattr(subprocess, "run", fake_run)
    return calls, answer


def as_windows(monkeypatch, call):
    """Run `call()` with the platform faked as Windows (os.name only for the call: pathlib needs it)."""
    with monkeypatch.context() as m:
        m.setattr(os, "name", "nt")
        return call()


# --- 1. private folders ------------------------------------------------------------------


def test_jadikan_pribadi_on_windows_runs_icacls_for_the_user_system_and_administrators(tmp_path, monkeypatch, windows):
    calls, _ = windows
    folder = tmp_path / "Kantor Desa" / "data"
    assert as_windows(monkeypatch, lambda: kantor.jadikan_pribadi(folder)) is None
    assert calls == [
        ["icacls", str(folder), "/inheritance:r", "/grant:r", r"DESKTOP-7F3K\budi:(OI)(CI)F",
         "*S-1-5-18:(OI)(CI)F", "*S-1-5-32-544:(OI)(CI)F"]
    ]  # fmt: skip


def test_jadikan_pribadi_on_windows_says_why_it_failed(tmp_path, monkeypatch, windows):
    _, answer = windows
    answer.update(code=5, out="data: Access is denied.\nSuccessfully processed 0 files; Failed processing 1 files\n")
    why = as_windows(monkeypatch, lambda: kantor.jadikan_pribadi(tmp_path))
    assert why.startswith("icacls gagal: data: Access is denied.") and "\n" not in why

    def missing(args, **kwargs):
        raise FileNotFoundError(2, "The system cannot find the file specified")

    monkeypatch.setattr(subprocess, "run", missing)
    why = as_windows(monkeypatch, lambda: kantor.jadikan_pribadi(tmp_path))
    assert why == "icacls tidak dapat dijalankan: The system cannot find the file specified"


def test_jadikan_pribadi_on_posix_is_mode_0700(tmp_path):
    if os.name == "nt":
        pytest.skip("POSIX modes")
    folder = tmp_path / "data"
    folder.mkdir(mode=0o755)
    assert kantor.jadikan_pribadi(folder) is None
    assert folder.stat().st_mode & 0o777 == 0o700


def test_init_restricts_data_and_arsip_and_warns_when_it_cannot(tmp_path, monkeypatch):
    made = []
    monkeypatch.setattr(kantor, "jadikan_pribadi", lambda folder: made.append(folder.name) or None)
    buat_kantor(tmp_path / "a")
    assert made == ["data", "arsip"]

    monkeypatch.setattr(kantor, "jadikan_pribadi", lambda folder: "icacls gagal: Access is denied.")
    _, warnings = kantor.buat(tmp_path / "b", dict(BACEM))
    assert warnings == [
        f"folder {name} belum dapat dibuat pribadi (icacls gagal: Access is denied.); jalankan "
        "'desa kantor --pribadikan'"
        for name in ("data", "arsip")
    ]


def test_icacls_output_names_the_other_accounts():
    folder = Path(r"C:\Kantor Desa\data")
    found = kantor.akses_lain_icacls(ICACLS_TERBUKA, folder, r"DESKTOP-7F3K\budi")
    assert found == [r"BUILTIN\Users", r"NT AUTHORITY\Authenticated Users"]
    assert kantor.akses_lain_icacls(ICACLS_PRIBADI, folder, r"DESKTOP-7F3K\budi") == []
    # The folder printed another way (short name, other case): the column of the entries tells.
    short = ICACLS_TERBUKA.replace(r"C:\Kantor Desa\data", r"C:\KANTOR~1\data ".ljust(19))
    assert kantor.akses_lain_icacls(short, folder, r"DESKTOP-7F3K\budi") == found
    # Another account's own entry is someone else, even with the same short name elsewhere.
    assert kantor.akses_lain_icacls(ICACLS_PRIBADI, folder, r"DESKTOP-7F3K\sari") == [r"DESKTOP-7F3K\budi"]


def test_status_pribadi_on_windows_reads_icacls(tmp_path, monkeypatch, windows):
    calls, answer = windows
    folder = buat_kantor(tmp_path / "kantor")
    answer["out"] = ICACLS_TERBUKA
    status = as_windows(monkeypatch, lambda: kantor.status_pribadi(folder))
    assert calls[0] == ["icacls", str(folder / "data")]
    assert status["pribadi"] is False
    others = [r"BUILTIN\Users", r"NT AUTHORITY\Authenticated Users"]
    assert status["terbuka"] == {"data": others, "arsip": others}

    answer["out"] = ICACLS_PRIBADI
    assert as_windows(monkeypatch, lambda: kantor.status_pribadi(folder)) == {"pribadi": True, "terbuka": {}}

    answer["code"] = 5
    assert as_windows(monkeypatch, lambda: kantor.status_pribadi(folder))["pribadi"] is None


@pytest.mark.skipif(os.name == "nt", reason="POSIX modes")
def test_kantor_says_whether_the_folder_is_private_and_fixes_it(run, kantor_bacem, monkeypatch):
    shown = run("kantor")
    assert "pribadi: data dan arsip hanya dapat dibuka pengguna ini" in shown.stdout and not shown.stderr
    assert json.loads(run("kantor", "--json").stdout)["privasi"] == {"pribadi": True, "terbuka": {}}

    os.chmod(kantor_bacem / "arsip", 0o755)
    shown = run("kantor")
    assert "TIDAK pribadi: arsip dapat dibuka akun lain (mode 755)" in shown.stdout
    assert "desa kantor --pribadikan" in shown.stderr
    assert json.loads(run("kantor", "--json").stdout)["privasi"]["pribadi"] is False

    assert run("kantor", "--pribadikan").exit_code == 0
    assert (kantor_bacem / "arsip").stat().st_mode & 0o777 == 0o700
    assert json.loads(run("kantor", "--json").stdout)["privasi"]["pribadi"] is True


# --- 2. the register line of `desa kantor` -----------------------------------------------------


@pytest.fixture
def kantor_bacem(tmp_path, monkeypatch):
    return pakai_kantor(monkeypatch, buat_kantor(tmp_path / "kantor"))


def test_kantor_shows_what_the_register_holds(run, tmp_path, monkeypatch):
    folder = siap_ajukan(monkeypatch, buat_kantor(tmp_path / "kantor"), tmp_path)
    assert "belum ada permohonan" in run("kantor").stdout
    assert json.loads(run("kantor", "--json").stdout)["register"]["jumlah_permohonan"] == 0

    ajukan_siti(run, tmp_path)
    monkeypatch.setenv("DESA_WAKTU", "2026-12-01T09:00:00")
    ajukan_siti(run, tmp_path)
    ajukan_siti(run, tmp_path)
    shown = run("kantor")
    assert shown.exit_code == 0
    assert "3 permohonan (2026: 3), bulan 2026-11 s.d. 2026-12" in shown.stdout
    register = json.loads(run("kantor", "--json").stdout)["register"]
    assert register == {
        "permohonan": {"2026": 3},
        "jumlah_permohonan": 3,
        "surat": {},
        "bulan": ["2026-11", "2026-12"],
        "nomor_terbaca": True,
    }

    (folder / "data" / "nomor.json").write_text("{rusak", encoding="utf-8")
    assert "nomor.json tidak terbaca; periksa dengan 'desa periksa'" in run("kantor").stdout


# --- 3. desa --kantor X init -------------------------------------------------------------------


def test_init_makes_the_office_where_kantor_says(run, tmp_path, monkeypatch):
    target = tmp_path / "Kantor"
    result = run("--kantor", str(target), *INIT)
    assert result.exit_code == 0, result.stderr
    assert (target / "kantor.yaml").is_file()
    assert not (kantor.default_folder() / "kantor.yaml").exists()
    assert "dipilih dari --kantor" in run("--kantor", str(target), "kantor").stdout

    other = tmp_path / "Kantor2"
    monkeypatch.setenv("DESA_KANTOR", str(other))
    assert run(*INIT).exit_code == 0
    assert (other / "kantor.yaml").is_file()
    assert not (kantor.default_folder() / "kantor.yaml").exists()


# --- 4. catalogue files with the wrong name ----------------------------------------------------


def test_misnamed_catalogue_files_are_reported(run, kantor_bacem):
    katalog = kantor_bacem / "katalog"
    copy_bundled("keterangan-domisili", katalog).rename(katalog / "keterangan-domisili.yml")
    copy_bundled("keterangan-usaha", katalog).rename(katalog / "keterangan-usaha.yaml.txt")

    result = run("katalog", "periksa")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert f"{katalog / 'keterangan-domisili.yml'}: tidak dibaca karena namanya; ganti namanya menjadi " \
        "keterangan-domisili.yaml" in lines  # fmt: skip
    usaha = katalog / "keterangan-usaha.yaml.txt"
    assert f"{usaha}: tidak dibaca karena namanya; ganti namanya menjadi keterangan-usaha.yaml" in lines
    data = json.loads(run("katalog", "periksa", "--json").stdout)
    named = sorted(Path(k["berkas"]).name for k in data["kesalahan"])
    assert named == ["keterangan-domisili.yml", "keterangan-usaha.yaml.txt"]

    shown = run("layanan")
    assert shown.exit_code == 0
    warned = [line for line in shown.stderr.splitlines() if line.startswith("Peringatan:")]
    assert len(warned) == 2 and all("ganti namanya menjadi" in line for line in warned)

    (katalog / "keterangan-usaha.yaml.txt").rename(katalog / "keterangan-usaha.yaml")
    (katalog / "keterangan-domisili.yml").rename(katalog / "keterangan-domisili.yaml")
    assert run("katalog", "periksa").exit_code == 0
    assert "Peringatan" not in run("layanan").stderr
