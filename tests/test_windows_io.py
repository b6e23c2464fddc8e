"""Output and files as Windows has them: code pages that are not UTF-8, a pipe closed by `more`,
Click's argument expansion, and files held open by Word or Excel. The platform is faked."""

import errno
import io
import os
import subprocess
import sys

import click
import pytest
from conftest import ajukan_siti, cari_desa, siap_ajukan, snapshot, terpasang

from desa_cli import berkas_aman, keluaran, storage
from desa_cli import cli as cli_mod
from desa_cli.kesalahan import DesaError, pipa_tertutup

DESA = cari_desa()
installed = terpasang(DESA)


@pytest.fixture
def office(kantor, monkeypatch, tmp_path):
    return siap_ajukan(monkeypatch, kantor, tmp_path)


# --- 1. any encoding -------------------------------------------------------------------------


def desa_ke_berkas(args, cwd, out, **env):
    """Run the installed desa with stdout redirected to the file `out`, as `desa ... > x.txt`."""
    with open(out, "wb") as sink:
        return subprocess.run(
            [DESA, *args],
            check=False,
            cwd=cwd,
            stdout=sink,
            stderr=subprocess.PIPE,
            env={**os.environ, **env},
            timeout=60,
        )


@installed
@pytest.mark.parametrize("encoding", ["cp1252", "cp437"])
def test_installed_output_redirected_in_a_windows_code_page(run, office, tmp_path, encoding):
    noreg = ajukan_siti(run, tmp_path)
    assert run("ekspor", "--bulan", "2026-11", "--keluar", str(tmp_path / "berkas.csv")).exit_code == 0
    env = {"PYTHONIOENCODING": encoding, "DESA_KANTOR": str(office), "DESA_WAKTU": "2026-11-20T10:00:00"}
    env.pop("DESA_DEBUG", None)
    outputs = {}
    for name, args in {
        "periksa": ["periksa"],
        "lihat": ["lihat", noreg],
        "daftar": ["daftar"],
        "ekspor": ["ekspor", "--bulan", "2026-11", "--keluar", "-"],
    }.items():
        out = tmp_path / f"{name}.txt"
        result = desa_ke_berkas(args, tmp_path, out, **env)
        stderr = result.stderr.decode("utf-8", "replace")
        assert result.returncode == 0, stderr
        assert "Traceback" not in stderr and "Kesalahan" not in stderr
        outputs[name] = out.read_bytes()
    periksa = outputs["periksa"].decode(encoding)
    assert "v Rantai catatan peristiwa utuh" in periksa  # the check mark, told apart from a fault
    assert "Register dan arsip utuh." in periksa
    assert noreg in outputs["lihat"].decode(encoding)
    assert outputs["ekspor"] == (tmp_path / "berkas.csv").read_bytes()  # byte-order mark and \r\n kept
    assert outputs["ekspor"].startswith(b"\xef\xbb\xbf") and b"\r\r\n" not in outputs["ekspor"]


def test_ekspor_to_a_windows_text_stdout_writes_the_files_bytes(run, office, tmp_path, monkeypatch):
    """Windows' stdout is a text stream that turns \\n into \\r\\n, in the console's code page."""
    ajukan_siti(run, tmp_path)
    assert run("ekspor", "--bulan", "2026-11", "--keluar", str(tmp_path / "berkas.csv")).exit_code == 0
    raw = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(raw, encoding="cp1252", newline="\r\n"))
    monkeypatch.setattr(sys, "stderr", io.TextIOWrapper(io.BytesIO(), encoding="cp1252", newline="\r\n"))
    monkeypatch.setattr(sys, "argv", ["desa", "ekspor", "--bulan", "2026-11", "--keluar", "-"])
    with pytest.raises(SystemExit) as done:
        cli_mod.main()
    assert done.value.code == 0
    assert raw.getvalue() == (tmp_path / "berkas.csv").read_bytes()


def test_a_code_page_gets_ascii_stand_ins_for_what_it_lacks():
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="cp437")
    cli_mod.siapkan_layar(stream)
    stream.write("✓ ada ✗ kurang • Kantor — Désa … ☃\n")
    stream.flush()
    assert raw.getvalue().decode("cp437") == "v ada x kurang * Kantor - Désa ... ?\n"
    kept = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="surrogateescape")
    cli_mod.siapkan_layar(kept)  # a stream that already copes is left alone
    assert kept.errors == "surrogateescape"
    cli_mod.siapkan_layar(None)  # pythonw: no stdout at all


# --- 2. a closed pipe on Windows ---------------------------------------------------------------


@pytest.mark.parametrize(
    "platform, exc, closed",
    [
        ("linux", BrokenPipeError(errno.EPIPE, "Broken pipe"), True),
        ("win32", OSError(errno.EINVAL, "Invalid argument"), True),
        ("linux", OSError(errno.EINVAL, "Invalid argument"), False),
        ("win32", OSError(errno.EINVAL, "Invalid argument", "a:b.csv"), False),  # a bad file name
        ("win32", OSError(errno.ENOSPC, "No space left on device"), False),
    ],
)
def test_what_counts_as_a_closed_pipe(monkeypatch, platform, exc, closed):
    monkeypatch.setattr(sys, "platform", platform)
    assert pipa_tertutup(exc) is closed


@pytest.fixture
def perintah_uji(monkeypatch):
    """A command added to the group for the test: it raises what `raise_it` holds."""
    raise_it = []

    @click.command("uji-pipa")
    def uji():
        click.echo("baris pertama")
        raise raise_it[0]

    monkeypatch.setitem(cli_mod.cli.commands, "uji-pipa", uji)
    monkeypatch.setattr(sys, "argv", ["desa", "uji-pipa"])
    return raise_it


def test_desa_daftar_into_more_then_q_on_windows_says_nothing(monkeypatch, capsys, perintah_uji):
    monkeypatch.setattr(sys, "platform", "win32")
    silenced = []
    monkeypatch.setattr(cli_mod, "diamkan_stdout", lambda: silenced.append(True))
    perintah_uji.append(OSError(errno.EINVAL, "Invalid argument"))  # what a write to a closed pipe raises
    with pytest.raises(SystemExit) as done:
        cli_mod.main()
    assert done.value.code == 0 and silenced
    assert capsys.readouterr().err == ""


def test_einval_about_a_file_is_still_an_error_on_windows(monkeypatch, capsys, perintah_uji):
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(cli_mod, "diamkan_stdout", lambda: pytest.fail("not a closed pipe"))
    perintah_uji.append(OSError(errno.EINVAL, "Invalid argument", "a:b.csv"))
    with pytest.raises(SystemExit) as done:
        cli_mod.main()
    err = capsys.readouterr().err
    assert done.value.code == 1 and "a:b.csv" in err and err.count("\n") == 1


def test_a_pipe_closed_at_the_last_flush_says_nothing(monkeypatch, capsys):
    monkeypatch.setattr(sys, "platform", "win32")
    silenced = []
    monkeypatch.setattr(cli_mod, "diamkan_stdout", lambda: silenced.append(True))

    def done(*args, **kwargs):
        raise SystemExit(0)

    class ClosedPipe(io.StringIO):
        def flush(self):
            raise OSError(errno.EINVAL, "Invalid argument")

    monkeypatch.setattr(cli_mod.cli, "main", done)
    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    with pytest.raises(SystemExit) as exited:
        cli_mod.main()
    assert exited.value.code == 0 and silenced
    assert capsys.readouterr().err == ""


# --- 3. no argument expansion on Windows -----------------------------------------------------


def test_main_asks_click_not_to_expand_arguments(monkeypatch):
    seen = {}

    def fake_main(*args, **kwargs):
        seen.update(kwargs)
        raise SystemExit(0)

    monkeypatch.setattr(cli_mod.cli, "main", fake_main)
    with pytest.raises(SystemExit):
        cli_mod.main()
    assert seen.get("windows_expand_args") is False


def test_free_text_stays_as_typed_where_click_would_expand_it(monkeypatch, capsys, tmp_path):
    """Click expands arguments when os.name is 'nt'; fake it, with a `~` that would become HOME."""

    @click.command("uji-teks")
    @click.argument("teks")
    def uji(teks):
        click.echo(f"[{teks}]")

    monkeypatch.setitem(cli_mod.cli.commands, "uji-teks", uji)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr(sys, "argv", ["desa", "uji-teks", "~"])
    real_name = os.name
    monkeypatch.setattr(os, "name", "nt")
    try:
        with pytest.raises(SystemExit) as done:
            cli_mod.main()
    finally:
        monkeypatch.setattr(os, "name", real_name)  # pathlib reads it: back at once
    assert done.value.code == 0
    assert capsys.readouterr().out == "[~]\n"


# --- 4. a file open in Word or Excel ---------------------------------------------------------


@pytest.fixture
def dipegang(monkeypatch):
    """os.replace refuses, as Windows does while another program holds the target; sleep is instant.
    Returns (the names held, the sleeps taken)."""
    held, sleeps = set(), []
    real_replace = os.replace

    def replace(src, dst):
        if os.path.basename(dst) in held:
            raise PermissionError(errno.EACCES, "Access is denied", str(src), None, str(dst))
        return real_replace(src, dst)

    monkeypatch.setattr(berkas_aman.os, "replace", replace)
    monkeypatch.setattr(berkas_aman.time, "sleep", sleeps.append)
    monkeypatch.setattr(berkas_aman, "_bisa_dibuka_program_lain", lambda: True)
    return held, sleeps


def test_only_windows_waits_for_a_file_held_open(monkeypatch):
    monkeypatch.setattr(sys, "platform", "win32")
    assert berkas_aman._bisa_dibuka_program_lain()
    monkeypatch.setattr(sys, "platform", "linux")
    assert not berkas_aman._bisa_dibuka_program_lain()


def test_a_report_open_in_word_is_named_after_a_few_seconds(dipegang, tmp_path):
    held, sleeps = dipegang
    (tmp_path / "laporan").mkdir()
    target = tmp_path / "laporan" / "laporan.docx"
    target.write_bytes(b"lama")
    held.add("laporan.docx")
    with pytest.raises(DesaError) as refused:
        keluaran.tulis(target, b"baru")
    assert str(refused.value) == (
        f"Berkas {target} sedang dibuka program lain (Word/Excel?); tutup dulu berkasnya, lalu ulangi."
    )
    assert 2 <= sum(sleeps) <= 10  # a few seconds of retries, not one
    assert target.read_bytes() == b"lama"
    assert sorted(p.name for p in target.parent.iterdir()) == ["laporan.docx"]  # no temporary file left


def test_a_file_closed_during_the_retries_is_written(monkeypatch, tmp_path):
    monkeypatch.setattr(berkas_aman, "_bisa_dibuka_program_lain", lambda: True)
    monkeypatch.setattr(berkas_aman.time, "sleep", lambda s: None)
    real_replace, refusals = os.replace, [1, 2, 3]

    def replace(src, dst):
        if refusals:
            refusals.pop()
            raise PermissionError(errno.EACCES, "Access is denied")
        return real_replace(src, dst)

    monkeypatch.setattr(berkas_aman.os, "replace", replace)
    keluaran.tulis(tmp_path / "ekspor.csv", b"isi")
    assert (tmp_path / "ekspor.csv").read_bytes() == b"isi"


def test_posix_permission_is_not_waited_for(monkeypatch, tmp_path):
    monkeypatch.setattr(berkas_aman, "_bisa_dibuka_program_lain", lambda: False)
    sleeps = []
    monkeypatch.setattr(berkas_aman.time, "sleep", sleeps.append)

    def replace(src, dst):
        raise PermissionError(errno.EACCES, "Permission denied", str(src), None, str(dst))

    monkeypatch.setattr(berkas_aman.os, "replace", replace)
    with pytest.raises(DesaError) as refused:
        keluaran.tulis(tmp_path / "ekspor.csv", b"isi")
    assert sleeps == [] and "Tidak ada izin" in str(refused.value)


def test_ekspor_to_a_csv_open_in_excel_is_one_line(run, office, tmp_path, dipegang):
    held, _ = dipegang
    ajukan_siti(run, tmp_path)
    held.add("ekspor.csv")
    result = run("ekspor", "--bulan", "2026-11", "--keluar", "ekspor.csv")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert "ekspor.csv sedang dibuka program lain (Word/Excel?); tutup dulu berkasnya" in result.stderr


def test_a_register_file_held_open_is_one_line_and_changes_nothing(run, office, tmp_path, dipegang):
    held, _ = dipegang
    ajukan_siti(run, tmp_path)
    before = snapshot(office / "data")
    held.add(storage.JOURNAL)
    result = run("ajukan", "domisili", "--data", str(tmp_path / "isian.yaml"), "--ada", "semua")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert "sedang dibuka program lain (Word/Excel?); tutup dulu berkasnya, lalu ulangi." in result.stderr
    assert snapshot(office / "data") == before
    held.clear()
    assert ajukan_siti(run, tmp_path) == "2026-00002"
