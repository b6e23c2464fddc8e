"""Printing one application's letter: take the number, render, archive, record; then PDF,
the printer and opening the file, all through LibreOffice the same way on every system.

Taking the number happens inside the caller's register transaction, so the number, the file and
the record belong together: if the command dies before its commit, the number was never taken and
the next print writes the same file again.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from . import acara, nomor_surat, prioritas
from . import surat as surat_mod
from .kesalahan import DesaError
from .register import LABEL_STATUS, TidakBoleh, kurang
from .surat import SuratError


def _layanan(katalog, record):
    layanan = katalog.layanan.get(record["layanan"])
    if layanan is None:
        raise TidakBoleh(f"Layanan '{record['layanan']}' dari permohonan {record['noreg']} tidak ada lagi di katalog.")
    return layanan


def cetak(reg, kantor, katalog, noreg: str, catatan: dict | None = None, ttd: str | None = None) -> tuple:
    """(record, path of the .docx, True when a new number was taken); `ttd` the signatory's key in
    kantor.yaml (default: the catalogue's `surat.penandatangan`, else kepala)."""
    record = reg.ambil(noreg)
    if record.get("surat") and record["status"] in ("selesai", "diambil"):
        return _cetak_ulang(reg, kantor, katalog, record, ttd)
    if record["status"] != "lengkap":
        missing = kurang(record)
        if record["status"] == "belum_lengkap" and missing:
            names = [p["nama"] for p in record["persyaratan"] if p["kode"] in missing]
            raise TidakBoleh(
                f"Permohonan {record['noreg']} belum lengkap; surat tidak dicetak. Kurang: {'; '.join(names)}. "
                f"Catat dengan 'desa lengkapi {record['noreg']} --ada KODE'."
            )
        raise TidakBoleh(
            f"Permohonan {record['noreg']} berstatus {LABEL_STATUS[record['status']]}; surat tidak dicetak."
        )
    layanan = _layanan(katalog, record)
    today = reg.sekarang.date()
    ttd = surat_mod.penandatangan(kantor, ttd or layanan.data["surat"]["penandatangan"])
    surat_mod.periksa_alamat(kantor)  # before a number is taken: a refused letter must not burn one
    # The yearly or per-classification number (nomor_surat.py); format and setting checked first.
    taken = nomor_surat.ambil(reg, kantor.data, layanan.data["surat"]["kode_klasifikasi"], today)
    cetakan = {
        "nomor": taken["nomor"],
        "urut": taken["urut"],
        **nomor_surat.salin(taken),
        "tanggal": today.isoformat(),
        "kode_verifikasi": surat_mod.kode_verifikasi(),
        "penandatangan": ttd,
        "templat": surat_mod.templat_layanan(layanan),
        "versi_katalog": layanan.versi,
    }
    data = _render(kantor, layanan, record, cetakan)
    # A priority application served ahead of earlier ones: the event says why (prioritas.py).
    catatan = {**(catatan or {}), **(prioritas.catatan_cetak(reg, record) or {})} or None
    # Never over an existing file: an archived letter is not replaced by another letter.
    relative = Path("arsip") / str(today.year) / surat_mod.nama_berkas(record)
    relative = surat_mod.berkas_arsip_bebas(kantor.folder, relative, lambda r: reg.tx.arsip_baca(r) is not None)
    sha = surat_mod.tulis_arsip(kantor.folder / relative, data)
    reg.tx.arsip_simpan(relative.as_posix(), data)
    record = reg.catat_surat(record, {**cetakan, "berkas": relative.as_posix(), "sha256": sha}, catatan=catatan)
    return record, kantor.folder / relative, True


def _cetak_ulang(reg, kantor, katalog, record, ttd) -> tuple:
    """A reprint is the same letter: the archived file, or the same number, date and code again."""
    stored = record["surat"]
    signed = (stored.get("penandatangan") or {}).get("kunci")
    if ttd and signed and ttd != signed:
        raise TidakBoleh(f"Surat {stored['nomor']} sudah dicetak dengan penandatangan '{signed}'; tidak diganti.")
    from .berkas_aman import jalur_aman

    berkas = stored.get("berkas")
    if not (isinstance(berkas, str) and berkas.startswith("arsip/") and jalur_aman(berkas)):
        # The record names where the letter lies: never a place outside the office's archive.
        raise TidakBoleh(
            f"Berkas arsip surat {stored.get('nomor')} tercatat tidak sah ({berkas!r}); periksa 'desa periksa'."
        )
    path = kantor.folder / berkas
    if path.is_file() and not (reg.tx.arsip_bersama and surat_mod.sha256_berkas(path) != stored.get("sha256")):
        return record, path, False
    kept = reg.tx.arsip_baca(stored["berkas"])
    if kept is not None:  # printed at another desk: the database keeps every desk's letters
        # This desk's copy is only a working copy: one left by a print killed before its
        # commit (another letter under the same name) gives way to the letter on record.
        surat_mod.tulis_salinan(path, kept)
        return record, path, False
    # The archived file is gone: write it again with the same number, date and code.
    data = _render(kantor, _layanan(katalog, record), record, stored)
    sha = surat_mod.tulis_arsip(path, data)
    reg.tx.arsip_simpan(stored["berkas"], data)
    return reg.catat_surat(record, {**stored, "sha256": sha}, ulang=True), path, False


@dataclass
class Cetakan:
    """One printed letter: its record, its .docx, whether a number was taken now, and its PDF."""

    record: dict
    path: Path
    baru: bool
    pdf: Path | None = None
    peringatan: list = field(default_factory=list)


def antrean(reg) -> list:
    """The complete applications waiting for their letter: priority first, then in arrival order."""
    return [r["noreg"] for r in prioritas.urutkan(reg.daftar(hanya_terbuka=True)) if r["status"] == "lengkap"]


def cetak_semua(
    buka_register, kantor, katalog, noregs: list, catatan: dict | None = None, ttd: str | None = None, maju=None
) -> list:
    """Print each application in its own register transaction (`buka_register()` opens one), in the
    order given; `maju()` is called after each letter. A failure stops the run: the letters before
    it stay printed and numbered. Returns the Cetakan in order."""
    hasil = []
    for noreg in noregs:
        with buka_register() as reg:
            cetakan = Cetakan(*cetak(reg, kantor, katalog, noreg, catatan=catatan, ttd=ttd))
            # An event too close for the police's 14 working days is warned again at printing.
            cetakan.peringatan = acara.peringatan(cetakan.record["isian"], reg.sekarang.date(), reg.kalender)
            hasil.append(cetakan)
        if maju is not None:
            maju()
    return hasil


def lampirkan_pdf(hasil: list, data_folder: Path) -> str | None:
    """Make the PDF of each letter in one LibreOffice run and set Cetakan.pdf; the reason as one
    line when none could be made (the .docx files stay)."""
    try:
        made = ke_pdf([c.path for c in hasil], data_folder)
    except DesaError as exc:
        return str(exc)
    for index, pdf in enumerate(made):  # not zip(strict=): Python 3.9
        hasil[index].pdf = pdf
    return None


def _render(kantor, layanan, record, cetakan) -> bytes:
    templat = surat_mod.cari_templat(
        cetakan.get("templat") or surat_mod.templat_layanan(layanan), kantor.folder / "templates_surat"
    )
    context = surat_mod.konteks(record, layanan, kantor, cetakan)
    return surat_mod.render(templat, context, kantor.logo, kantor.data["kertas"], kantor.data)


# --- Finding LibreOffice --------------------------------------------------------------------------

VARIABEL_SOFFICE = "DESA_SOFFICE"  # the override: soffice itself, or the LibreOffice folder
_MAC_SOFFICE = "/Applications/LibreOffice.app/Contents/MacOS/soffice"
_APP_PATHS = r"SOFTWARE\Microsoft\Windows\CurrentVersion\App Paths\soffice.exe"
# soffice.com first on Windows: the console variant waits for the work and passes its output.
_NAMA_SOFFICE = ("soffice.com", "soffice.exe", "soffice")
_TIDAK_ADA = (
    "LibreOffice tidak ditemukan, jadi PDF tidak dibuat dan surat tidak dicetak (berkas .docx tetap ada). "
    "Pasang LibreOffice dari libreoffice.org (Windows) atau 'sudo apt install libreoffice-writer' (Linux), "
    f"atau tunjukkan letaknya dengan {VARIABEL_SOFFICE}."
)


def _di_windows() -> bool:
    return sys.platform == "win32"


def _soffice_di(folder: Path) -> str | None:
    """soffice inside a LibreOffice folder, its program folder, or the folder itself."""
    for sub in (folder / "program", folder):
        for name in _NAMA_SOFFICE:
            if (sub / name).is_file():
                return str(sub / name)
    return None


def _soffice_variabel() -> str | None:
    value = os.environ.get(VARIABEL_SOFFICE, "").strip().strip('"')
    if not value:
        return None
    path = Path(value).expanduser()
    found = str(path) if path.is_file() else _soffice_di(path) if path.is_dir() else None
    if found is None:  # an explicit choice that is wrong is said, never silently replaced
        raise SuratError(
            f"{VARIABEL_SOFFICE}={value}, tetapi di sana tidak ada soffice. Perbaiki atau hapus variabel itu."
        )
    return found


def _soffice_path() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _program_files() -> list:
    """Both Program Files folders, from the environment (Windows may live on another drive)."""
    folders = [os.environ.get(name) for name in ("ProgramW6432", "ProgramFiles", "ProgramFiles(x86)")]
    folders += [r"C:\Program Files", r"C:\Program Files (x86)"]
    seen: list = []
    for folder in folders:
        if folder and folder not in seen:
            seen.append(folder)
    return [Path(folder) for folder in seen]


def _soffice_program_files() -> str | None:
    for folder in _program_files():
        found = _soffice_di(folder / "LibreOffice")
        if found:
            return found
    return None


def _soffice_registri() -> str | None:
    """The App Paths entry LibreOffice's installer writes, for the machine or for the user."""
    try:
        import winreg
    except ImportError:
        return None
    for hive in (winreg.HKEY_LOCAL_MACHINE, winreg.HKEY_CURRENT_USER):
        for view in (winreg.KEY_WOW64_64KEY, winreg.KEY_WOW64_32KEY):
            try:
                with winreg.OpenKey(hive, _APP_PATHS, 0, winreg.KEY_READ | view) as key:
                    value, _ = winreg.QueryValueEx(key, "")
            except OSError:
                continue
            path = Path(str(value).strip().strip('"'))
            if path.is_file():
                return _soffice_di(path.parent) or str(path)
    return None


def _soffice_mac() -> str | None:
    return _MAC_SOFFICE if Path(_MAC_SOFFICE).is_file() else None


def cari_soffice() -> str:
    found = _soffice_variabel() or _soffice_path()
    if not found and _di_windows():
        found = _soffice_program_files() or _soffice_registri()
    if not found and sys.platform == "darwin":
        found = _soffice_mac()
    if not found:
        raise SuratError(_TIDAK_ADA)
    return found


# --- Running LibreOffice: PDF and the printer -----------------------------------------------------

MENUNGGU_KUNCI = 300  # seconds another desa may keep LibreOffice busy


@contextmanager
def _libreoffice(data_folder: Path):
    """Yields a runner of soffice with this office's own profile, under a lock: two runs sharing a
    profile fail silently, and a profile of its own leaves the clerk's open LibreOffice alone."""
    from filelock import FileLock, Timeout

    soffice = cari_soffice()
    profile = (data_folder / ".libreoffice").resolve()

    def run(args: list, timeout: int, apa: str) -> subprocess.CompletedProcess:
        cmd = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore", *args]
        try:
            return subprocess.run(cmd, capture_output=True, text=True, errors="replace", timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise SuratError(
                f"LibreOffice tidak selesai {apa} dalam {timeout} detik dan dihentikan. Berkas .docx tetap ada; "
                "tutup LibreOffice yang macet (Task Manager), lalu ulangi."
            ) from None
        except OSError as exc:
            raise SuratError(f"LibreOffice di {soffice} tidak bisa dijalankan ({exc.strerror or exc}).") from None

    try:
        lock = FileLock(str(data_folder / ".libreoffice.lock"), timeout=MENUNGGU_KUNCI)
        with lock:
            yield run
    except Timeout:
        raise SuratError(
            f"LibreOffice sedang dipakai perintah desa lain lebih dari {MENUNGGU_KUNCI} detik; "
            "tunggu sampai selesai, lalu ulangi."
        ) from None


def _galat(result: subprocess.CompletedProcess) -> str | None:
    """LibreOffice exits 0 even when it fails; its errors are lines starting with 'Error'."""
    lines = [line.strip() for line in (result.stderr or "").splitlines() + (result.stdout or "").splitlines()]
    errors = [line for line in lines if line.lower().startswith("error")]
    if errors:
        return errors[-1]
    return f"kode keluar {result.returncode}" if result.returncode != 0 else None


def ke_pdf(docx_files: list, data_folder: Path) -> list:
    """Convert in one LibreOffice run (it starts in about 1.5 s, then 0.15 s a letter)."""
    groups: dict = {}
    for path in docx_files:
        groups.setdefault(path.parent, []).append(path)
    with _libreoffice(data_folder) as run:
        for folder, files in groups.items():
            args = ["--convert-to", "pdf", "--outdir", str(folder), *map(str, files)]
            result = run(args, 120 + 10 * len(files), "membuat PDF")
            missing = [f for f in files if not f.with_suffix(".pdf").is_file()]
            if missing:  # the exit code is not to be trusted; the files are
                detail = (result.stderr or result.stdout).strip().splitlines()
                raise SuratError(
                    f"LibreOffice tidak membuat PDF untuk {missing[0].name}"
                    + (f" ({detail[-1]})" if detail else "")
                    + ". Berkas .docx tetap ada."
                )
    made = [path.with_suffix(".pdf") for path in docx_files]
    if os.name != "nt":
        for pdf in made:  # letters carry personal data: readable by their owner only
            os.chmod(pdf, 0o600)
    return made


def kirim_printer(files: list, data_folder: Path, printer: str | None) -> None:
    """Print through LibreOffice on every system: --pt for a named printer, -p for the default one.
    Not `lp` (Linux only) nor os.startfile(..., "print") (default printer only, needs a PDF viewer
    with a print verb, does not wait): soffice prints the letter as its PDF looks and waits."""
    args = (["--pt", printer] if printer else ["-p"]) + [str(path) for path in files]
    with _libreoffice(data_folder) as run:
        result = run(args, 120 + 20 * len(files), "mencetak")
    detail = _galat(result)
    if detail:
        nama = f"printer {printer}" if printer else "printer bawaan"
        raise SuratError(f"Surat tidak tercetak ke {nama}: {detail}. Berkas surat tetap ada; cetak dari berkasnya.")


# --- Is the named printer there? ------------------------------------------------------------------
# LibreOffice's --pt with a printer that does not exist prints nowhere, or to another printer,
# and still exits 0: the name is checked first wherever the system can list its printers.


def _jalankan(cmd: list, timeout: int) -> subprocess.CompletedProcess | None:
    try:
        return subprocess.run(
            cmd, capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=timeout, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None


def _printer_cups() -> list | None:
    """Linux and macOS: the destinations `lpstat -e` lists; None without lpstat or a scheduler."""
    lpstat = shutil.which("lpstat")
    if lpstat is None:
        return None
    result = _jalankan([lpstat, "-e"], 15)
    if result is None:
        return None
    if result.returncode != 0:  # "No destinations added" is an answer; a stopped scheduler is not
        return [] if "no destinations" in (result.stderr + result.stdout).lower() else None
    return [line.strip() for line in result.stdout.splitlines() if line.strip()]


def _printer_win32print() -> list | None:
    """Windows with pywin32: local and connected printers by name."""
    try:
        import win32print  # type: ignore[import-not-found]
    except ImportError:
        return None
    flags = win32print.PRINTER_ENUM_LOCAL | win32print.PRINTER_ENUM_CONNECTIONS
    try:
        return [item[2] for item in win32print.EnumPrinters(flags, None, 1)]
    except Exception:  # pywin32 raises its own pywintypes.error
        return None


def _printer_powershell() -> list | None:
    """Windows without pywin32: Get-Printer, written as UTF-8 so names keep their letters."""
    shell = shutil.which("powershell") or shutil.which("pwsh")
    if shell is None:
        return None
    script = "[Console]::OutputEncoding = [Text.Encoding]::UTF8; Get-Printer | ForEach-Object { $_.Name }"
    result = _jalankan([shell, "-NoProfile", "-NonInteractive", "-Command", script], 30)
    if result is None or result.returncode != 0:
        return None
    return [line.strip() for line in result.stdout.splitlines() if line.strip()]


def daftar_printer() -> list | None:
    """The printers this system knows by name, or None when it cannot say."""
    if _di_windows():
        found = _printer_win32print()
        return found if found is not None else _printer_powershell()
    return _printer_cups()


def periksa_printer(nama: str) -> None:
    """Refuse (SuratError) a printer name the system does not know; go on when it cannot list them.
    Names are compared without case, as CUPS and Windows do."""
    names = daftar_printer()
    if names is None or nama.casefold() in {n.casefold() for n in names}:
        return
    shown = ", ".join(f"'{n}'" for n in names) if names else "tidak ada"
    raise SuratError(f"Printer '{nama}' tidak ditemukan. Printer yang ada: {shown}.")


# --- Opening with the system's default program ----------------------------------------------------


def _buka_windows(path: Path) -> None:
    try:
        os.startfile(str(path))  # type: ignore[attr-defined]  # Windows only
    except OSError as exc:
        raise SuratError(
            f"Windows tidak bisa membuka {path.name} ({exc.strerror or exc}); mungkin belum ada program "
            f"untuk berkas {path.suffix}. Buka sendiri: {path}"
        ) from None


def _buka_dengan(program: str, path: Path) -> None:
    found = shutil.which(program)
    if found is None:
        raise SuratError(f"Perintah '{program}' tidak ada, jadi surat tidak dibuka. Buka sendiri: {path}")
    result = subprocess.run([found, str(path)], capture_output=True, text=True, errors="replace", check=False)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise SuratError(
            f"Tidak ada program untuk membuka {path.name}"
            + (f" ({detail[-1]})" if detail else "")
            + f". Buka sendiri: {path}"
        )


def buka(path: Path) -> None:
    """Open with the system's default program."""
    if _di_windows():
        _buka_windows(path)
    elif sys.platform == "darwin":
        _buka_dengan("open", path)
    else:
        _buka_dengan("xdg-open", path)
