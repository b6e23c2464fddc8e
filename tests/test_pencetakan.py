"""Printing, PDF and opening through LibreOffice, the same on every system; finding LibreOffice on
Windows (override variable, Program Files, registry), macOS and Linux. Windows runs faked."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import ajukan_siti, siap_ajukan

from desa_cli import cetak
from desa_cli.surat import SuratError

LINUX_WINDOWS = ["linux", "win32"]


@pytest.fixture(autouse=True)
def no_override(monkeypatch):
    monkeypatch.delenv("DESA_SOFFICE", raising=False)


def soffice_file(folder: Path, name: str = "soffice.com") -> Path:
    path = folder / "LibreOffice" / "program" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("", encoding="utf-8")
    return path


def platform(monkeypatch, name: str) -> None:
    monkeypatch.setattr(sys, "platform", name)


def empty_path(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path / "kosong"))
    for name in ("ProgramFiles", "ProgramFiles(x86)", "ProgramW6432"):
        monkeypatch.setenv(name, str(tmp_path / "tidak-ada" / name))


class FakeRun:
    """Stands in for subprocess.run: records each command line, answers as told."""

    def __init__(self, stderr="", returncode=0, raises=None):
        self.calls: list = []
        self.stderr, self.returncode, self.raises = stderr, returncode, raises

    def __call__(self, cmd, **kwargs):
        self.calls.append(list(cmd))
        if self.raises is not None:
            raise self.raises
        return subprocess.CompletedProcess(cmd, self.returncode, "", self.stderr)


@pytest.fixture
def fake_soffice(tmp_path, monkeypatch):
    """DESA_SOFFICE names a fake soffice; subprocess.run is faked; os.startfile must not be used."""
    path = soffice_file(tmp_path / "lo")
    monkeypatch.setenv("DESA_SOFFICE", str(path))
    fake = FakeRun()
    monkeypatch.setattr(subprocess, "run", fake)
    # The printers of the machine running the tests are not these tests' business (see test_core_logic.py).
    monkeypatch.setattr(cetak, "daftar_printer", lambda: None)

    def never(*args):
        raise AssertionError("os.startfile must not print")

    monkeypatch.setattr(cetak.os, "startfile", never, raising=False)
    return path, fake


@pytest.mark.parametrize("system", LINUX_WINDOWS)
@pytest.mark.parametrize("printer", ["Epson L3110 (Ruang Pelayanan)", None])
def test_printing_is_one_soffice_call_the_same_on_every_system(system, printer, fake_soffice, tmp_path, monkeypatch):
    soffice, fake = fake_soffice
    platform(monkeypatch, system)
    data = tmp_path / "data"
    data.mkdir()
    letters = [tmp_path / "a.docx", tmp_path / "b c.docx"]
    cetak.kirim_printer(letters, data, printer)
    profile = (data / ".libreoffice").resolve().as_uri()
    where = ["--pt", printer] if printer else ["-p"]
    assert fake.calls == [
        [str(soffice), f"-env:UserInstallation={profile}", "--headless", "--norestore", *where, *map(str, letters)]
    ]


@pytest.mark.dua_register
def test_cetak_printer_sends_the_letter_to_the_named_printer(run, kantor, tmp_path, monkeypatch, fake_soffice):
    soffice, fake = fake_soffice
    siap_ajukan(monkeypatch, kantor, tmp_path)
    noreg = ajukan_siti(run, tmp_path)
    result = run("cetak", noreg, "--printer", "Canon iP2770")
    assert result.exit_code == 0, result.stderr
    docx = kantor / "arsip" / "2026" / f"{noreg}_keterangan-domisili.docx"
    assert [call[4:] for call in fake.calls] == [["--pt", "Canon iP2770", str(docx)]]
    assert run("cetak", noreg, "--printer").exit_code == 0
    assert fake.calls[-1][4:] == ["-p", str(docx)]


@pytest.mark.dua_register
def test_printer_error_is_one_clear_line(run, kantor, tmp_path, monkeypatch, fake_soffice):
    _, fake = fake_soffice
    fake.stderr = "Warning: failed to launch javaldx\nError: source file could not be loaded\n"
    siap_ajukan(monkeypatch, kantor, tmp_path)
    result = run("cetak", ajukan_siti(run, tmp_path), "--printer", "Epson")
    assert result.exit_code == 1
    assert "Surat tidak tercetak ke printer Epson: Error: source file could not be loaded." in result.stderr
    assert "Traceback" not in result.stderr
    with pytest.raises(SuratError, match="printer bawaan: kode keluar 81"):
        fake.stderr, fake.returncode = "", 81
        cetak.kirim_printer([tmp_path / "a.docx"], tmp_path, None)


def test_timeout_is_a_clear_message(fake_soffice, tmp_path):
    _, fake = fake_soffice
    fake.raises = subprocess.TimeoutExpired(["soffice"], 140)
    with pytest.raises(SuratError, match=r"LibreOffice tidak selesai mencetak dalam 140 detik dan dihentikan"):
        cetak.kirim_printer([tmp_path / "a.docx"], tmp_path, "Epson")
    with pytest.raises(SuratError, match=r"tidak selesai membuat PDF dalam 130 detik"):
        cetak.ke_pdf([tmp_path / "a.docx"], tmp_path)


def test_soffice_that_cannot_start_is_a_clear_message(fake_soffice, tmp_path):
    soffice, fake = fake_soffice
    fake.raises = PermissionError(13, "Akses ditolak")
    with pytest.raises(SuratError, match=rf"LibreOffice di {soffice} tidak bisa dijalankan \(Akses ditolak\)"):
        cetak.kirim_printer([tmp_path / "a.docx"], tmp_path, None)


def test_busy_lock_is_a_clear_message(fake_soffice, tmp_path, monkeypatch):
    from filelock import FileLock

    _, fake = fake_soffice
    monkeypatch.setattr(cetak, "MENUNGGU_KUNCI", 0.05)
    held, release = threading.Event(), threading.Event()

    def other_desa():  # another process of desa holds LibreOffice
        with FileLock(str(tmp_path / ".libreoffice.lock")):
            held.set()
            release.wait()

    thread = threading.Thread(target=other_desa)
    thread.start()
    assert held.wait(10)
    try:
        with pytest.raises(SuratError, match="LibreOffice sedang dipakai perintah desa lain"):
            cetak.kirim_printer([tmp_path / "a.docx"], tmp_path, None)
    finally:
        release.set()
        thread.join()
    assert fake.calls == []


@pytest.mark.parametrize("system", ["linux", "win32", "darwin"])
def test_missing_libreoffice_is_a_clear_message(system, tmp_path, monkeypatch):
    empty_path(monkeypatch, tmp_path)
    platform(monkeypatch, system)
    monkeypatch.setitem(sys.modules, "winreg", FakeWinreg({}))
    monkeypatch.setattr(cetak, "_MAC_SOFFICE", str(tmp_path / "tidak-ada"))
    with pytest.raises(SuratError, match="LibreOffice tidak ditemukan.*DESA_SOFFICE"):
        cetak.kirim_printer([tmp_path / "a.docx"], tmp_path, "Epson")


# --- finding LibreOffice --------------------------------------------------------------------------


def test_override_variable_names_soffice_or_its_folder(tmp_path, monkeypatch):
    soffice = soffice_file(tmp_path / "D")
    monkeypatch.setenv("DESA_SOFFICE", f'"{soffice}"')  # pasted from Explorer, quotes and all
    assert cetak.cari_soffice() == str(soffice)
    monkeypatch.setenv("DESA_SOFFICE", str(tmp_path / "D" / "LibreOffice"))
    assert cetak.cari_soffice() == str(soffice)
    monkeypatch.setenv("DESA_SOFFICE", str(tmp_path / "salah"))
    with pytest.raises(SuratError, match="DESA_SOFFICE=.*salah, tetapi di sana tidak ada soffice"):
        cetak.cari_soffice()


@pytest.mark.parametrize("variable", ["ProgramFiles", "ProgramFiles(x86)", "ProgramW6432"])
def test_windows_finds_either_program_files_folder(variable, tmp_path, monkeypatch):
    empty_path(monkeypatch, tmp_path)
    platform(monkeypatch, "win32")
    monkeypatch.setitem(sys.modules, "winreg", FakeWinreg({}))
    folder = tmp_path / "E" / variable
    soffice = soffice_file(folder)
    soffice_file(folder, "soffice.exe")
    monkeypatch.setenv(variable, str(folder))
    assert cetak.cari_soffice() == str(soffice)  # the console soffice.com, which waits
    platform(monkeypatch, "linux")  # not looked for outside Windows
    with pytest.raises(SuratError, match="LibreOffice tidak ditemukan"):
        cetak.cari_soffice()


class FakeWinreg:
    """winreg with App Paths entries {(hive, view): value}; anything else is not there."""

    HKEY_LOCAL_MACHINE, HKEY_CURRENT_USER = "HKLM", "HKCU"
    KEY_READ, KEY_WOW64_64KEY, KEY_WOW64_32KEY = 1, 256, 512

    def __init__(self, entries: dict):
        self.entries = entries
        self.opened: list = []

    def OpenKey(self, hive, key, reserved, access):  # winreg's names
        self.opened.append((hive, key, access))
        value = self.entries.get((hive, access & ~self.KEY_READ))
        if value is None:
            raise FileNotFoundError(2, "The system cannot find the file specified")

        class Key:
            def __enter__(self):
                return value

            def __exit__(self, *exc):
                return False

        return Key()

    def QueryValueEx(self, key, name):
        assert name == ""  # the default value holds the path
        return key, 1


@pytest.mark.parametrize("hive, view", [("HKLM", 256), ("HKLM", 512), ("HKCU", 256)])
def test_windows_finds_libreoffice_in_the_registry(hive, view, tmp_path, monkeypatch):
    empty_path(monkeypatch, tmp_path)
    platform(monkeypatch, "win32")
    exe = soffice_file(tmp_path / "D", "soffice.exe")
    winreg = FakeWinreg({(hive, view): f'"{exe}"'})
    monkeypatch.setitem(sys.modules, "winreg", winreg)
    assert cetak.cari_soffice() == str(exe)
    console = soffice_file(tmp_path / "D")  # soffice.com beside it is preferred
    assert cetak.cari_soffice() == str(console)
    assert winreg.opened[0] == ("HKLM", r"SOFTWARE\Microsoft\Windows\CurrentVersion\App Paths\soffice.exe", 257)


def test_registry_pointing_nowhere_is_not_libreoffice(tmp_path, monkeypatch):
    empty_path(monkeypatch, tmp_path)
    platform(monkeypatch, "win32")
    monkeypatch.setitem(sys.modules, "winreg", FakeWinreg({("HKLM", 256): str(tmp_path / "dihapus.exe")}))
    with pytest.raises(SuratError, match="LibreOffice tidak ditemukan"):
        cetak.cari_soffice()


def test_path_comes_before_program_files(tmp_path, monkeypatch):
    empty_path(monkeypatch, tmp_path)
    platform(monkeypatch, "win32")
    on_path = tmp_path / "bin"
    monkeypatch.setattr(cetak.shutil, "which", lambda name: str(on_path / name) if name == "soffice" else None)
    soffice_file(tmp_path / "pf")
    monkeypatch.setenv("ProgramFiles", str(tmp_path / "pf"))
    assert cetak.cari_soffice() == str(on_path / "soffice")


def test_macos_finds_the_app(tmp_path, monkeypatch):
    empty_path(monkeypatch, tmp_path)
    app = tmp_path / "LibreOffice.app" / "Contents" / "MacOS" / "soffice"
    app.parent.mkdir(parents=True)
    app.write_text("", encoding="utf-8")
    monkeypatch.setattr(cetak, "_MAC_SOFFICE", str(app))
    platform(monkeypatch, "darwin")
    assert cetak.cari_soffice() == str(app)


# --- opening --------------------------------------------------------------------------------------


def test_windows_without_a_default_program_is_a_clear_message(tmp_path, monkeypatch):
    platform(monkeypatch, "win32")

    def startfile(path):
        raise OSError(22, "No application is associated with the specified file")

    monkeypatch.setattr(cetak.os, "startfile", startfile, raising=False)
    with pytest.raises(SuratError, match=r"Windows tidak bisa membuka a\.pdf \(No application.*Buka sendiri: "):
        cetak.buka(tmp_path / "a.pdf")


def test_missing_xdg_open_is_a_clear_message(tmp_path, monkeypatch):
    platform(monkeypatch, "linux")
    monkeypatch.setenv("PATH", str(tmp_path / "kosong"))
    with pytest.raises(SuratError, match="Perintah 'xdg-open' tidak ada, jadi surat tidak dibuka"):
        cetak.buka(tmp_path / "a.docx")


@pytest.mark.parametrize("system, program", [("linux", "xdg-open"), ("darwin", "open")])
def test_opener_failing_is_a_clear_message(system, program, tmp_path, monkeypatch):
    platform(monkeypatch, system)
    monkeypatch.setattr(cetak.shutil, "which", lambda name: f"/usr/bin/{name}")
    fake = FakeRun(stderr="xdg-mime: no method available for opening 'a.docx'\n", returncode=3)
    monkeypatch.setattr(subprocess, "run", fake)
    with pytest.raises(SuratError, match=r"Tidak ada program untuk membuka a\.docx \(xdg-mime: no method"):
        cetak.buka(tmp_path / "a.docx")
    assert fake.calls == [[f"/usr/bin/{program}", str(tmp_path / "a.docx")]]


@pytest.mark.dua_register
def test_cetak_buka_failing_is_one_line(run, kantor, tmp_path, monkeypatch):
    platform(monkeypatch, "linux")
    monkeypatch.setenv("PATH", str(tmp_path / "kosong"))
    siap_ajukan(monkeypatch, kantor, tmp_path)
    result = run("cetak", ajukan_siti(run, tmp_path), "--buka")
    assert result.exit_code == 1
    assert "Perintah 'xdg-open' tidak ada" in result.stderr and "Traceback" not in result.stderr
