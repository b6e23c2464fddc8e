"""Layout of the package (issue 10): no module over 500 lines, no function over 60 lines; and the
audit and storage split into modules by responsibility keeps its behaviour."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from desa_cli import audit, audit_catatan, berkas_aman, cadangan, saksi, storage

PAKET = Path(__file__).resolve().parent.parent / "desa_cli"
BARIS_MODUL = 500
BARIS_FUNGSI = 60


def _terlalu_panjang() -> dict:
    """{file name relative to desa_cli/: [what is too long]} over every module of the package."""
    found: dict = {}
    for path in sorted(PAKET.rglob("*.py")):
        name = path.relative_to(PAKET).as_posix()
        text = path.read_text(encoding="utf-8")
        lines = len(text.splitlines())
        if lines > BARIS_MODUL:
            found.setdefault(name, []).append(f"{lines} baris")
        for node in ast.walk(ast.parse(text, filename=name)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > BARIS_FUNGSI:
                    found.setdefault(name, []).append(f"{node.name}() {length} baris")
    return found


def test_no_module_over_500_lines_and_no_function_over_60():
    assert _terlalu_panjang() == {}


def test_the_split_modules_are_within_the_limits():
    found = _terlalu_panjang()
    for name in ("audit.py", "audit_bentuk.py", "audit_catatan.py", "audit_rantai.py", "audit_surat.py", "saksi.py",
                 "storage.py", "cadangan.py", "berkas_aman.py"):  # fmt: skip
        assert (PAKET / name).is_file()
        assert name not in found


@pytest.mark.parametrize(
    ("module", "name", "check"),
    [
        (audit_catatan, "replay", "permohonan"),
        (saksi, "_restores", "saksi"),
    ],
)
def test_a_check_that_breaks_in_its_module_is_a_finding_under_its_own_name(tmp_path, monkeypatch, module, name, check):
    """The audit's steps now live in several modules; a step that fails still reports under its check."""

    def rusak(*args, **kwargs):
        raise ValueError("bentuk aneh")

    monkeypatch.setattr(module, name, rusak)
    hasil = audit.periksa(tmp_path)
    assert hasil.kesalahan == {check: [f"{audit.GAGAL}: berkas tidak berbentuk register (ValueError: bentuk aneh)."]}


def test_a_restore_goes_through_the_storage_journal(tmp_path, monkeypatch):
    """cadangan.pulihkan commits through storage.Transaksi: a cut after the journal is written is
    finished by the next transaction, with the replaced files set aside."""
    import datetime as dt

    with storage.Transaksi(tmp_path) as tx:
        tx.write("nomor", {"rantai": None})
    (tmp_path / "nomor.json").write_bytes(b"{")  # damaged, no backup: only --mulai-baru can help
    real = storage._finish

    def cut(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(storage, "_finish", cut)
    with pytest.raises(KeyboardInterrupt):
        cadangan.pulihkan(tmp_path, None, "uji", dt.datetime(2026, 11, 23, 9, 0))
    assert (tmp_path / storage.JOURNAL).exists()
    monkeypatch.setattr(storage, "_finish", real)
    with storage.Transaksi(tmp_path) as tx:
        assert tx.read("nomor")["rantai"]["urut"] == 1
    aside = [p for p in tmp_path.glob("rusak-*") if p.is_dir()]
    assert len(aside) == 1 and (aside[0] / "nomor.json").read_bytes() == b"{"


def test_safe_writing_is_owner_only_and_leaves_no_temporary_file(tmp_path):
    (tmp_path / "laporan").mkdir()
    target = tmp_path / "laporan" / "laporan.csv"
    target.write_bytes(b"lama")
    berkas_aman.write_private(target, b"baru")
    assert target.read_bytes() == b"baru"
    assert [p.name for p in target.parent.iterdir()] == ["laporan.csv"]
    if berkas_aman.os.name != "nt":
        assert target.stat().st_mode & 0o777 == 0o600
