"""The installed `desa` as a separate process, as a clerk's laptop runs it."""

import os
import subprocess
import sys
from pathlib import Path

from conftest import BUNDLED, cari_desa, terpasang

import desa_cli

REPO = Path(__file__).resolve().parent.parent
DESA = cari_desa()
installed = terpasang(DESA)


def run(args, cwd, **env):
    return subprocess.run(
        args,
        check=False,
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONIOENCODING": "utf-8", **env},  # read as UTF-8 below
        timeout=60,
    )


@installed
def test_installed_command_finds_the_bundled_catalogue_from_any_folder(tmp_path):
    result = run([DESA, "syarat", "izin-keramaian"], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Surat Keterangan Izin Keramaian" in result.stdout
    assert "Tidak dipungut biaya" in result.stdout
    checked = run([DESA, "katalog", "periksa"], cwd=tmp_path)
    count = len(list(BUNDLED.glob("*.yaml")))  # every bundled service, however many
    assert checked.returncode == 0 and f"{count} layanan" in checked.stdout


@installed
def test_installed_error_is_one_line_exit_1(tmp_path):
    result = run([DESA, "syarat", "tidak-ada-layanan-ini"], cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_python_dash_m(tmp_path):
    result = run([sys.executable, "-m", "desa_cli", "--version"], cwd=tmp_path, PYTHONPATH=str(REPO))
    assert result.returncode == 0
    assert result.stdout.strip() == f"desa, versi {desa_cli.__version__}"


def test_start_up_imports_stay_light(tmp_path):
    """`import desa_cli.cli` must not pull in what only some commands need."""
    code = (
        "import sys, desa_cli.cli; "
        "heavy = [m for m in ('rich', 'yaml', 'docx', 'docxtpl', 'holidays', 'tinydb', 'matplotlib', 'openpyxl',"
        " 'segno', 'babel') if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    result = run([sys.executable, "-c", code], cwd=tmp_path, PYTHONPATH=str(REPO))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def test_unexpected_error_is_one_line_without_traceback(tmp_path):
    # A bug we did not foresee, stood in for by a loader that raises.
    code = (
        "import desa_cli.katalog as k\n"
        "def boom(*a, **kw): raise RuntimeError('rusak')\n"
        "k.load = boom\n"
        "from desa_cli.cli import main\n"
        "main()\n"
    )
    result = run([sys.executable, "-c", code, "syarat", "sktm"], cwd=tmp_path, PYTHONPATH=str(REPO))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "Kesalahan tak terduga: RuntimeError: rusak" in result.stderr
    debug = run([sys.executable, "-c", code, "syarat", "sktm"], cwd=tmp_path, PYTHONPATH=str(REPO), DESA_DEBUG="1")
    assert "Traceback" in debug.stderr
