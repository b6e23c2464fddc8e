from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from desa_cli import katalog
from desa_cli.cli import cli

BUNDLED = katalog.bundled_folder()


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """No test sees the developer's own office: no DESA_KANTOR, an empty per-user folder, and a
    working folder with no kantor.yaml above it."""
    monkeypatch.delenv("DESA_KANTOR", raising=False)
    monkeypatch.delenv("DESA_DEBUG", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.delenv("DESA_CACHE", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    work = tmp_path / "kerja"
    work.mkdir()
    monkeypatch.chdir(work)
    return work


@pytest.fixture
def run():
    """Run `desa ARGS...` in-process; returns the Result (stdout and stderr kept apart)."""

    try:  # Click before 8.2 mixes stderr into output unless told not to
        runner = CliRunner(mix_stderr=False)
    except TypeError:  # Click 8.2 and later keep them apart always
        runner = CliRunner()

    def _run(*args, **kwargs):
        return runner.invoke(cli, list(args), catch_exceptions=False, **kwargs)

    return _run


# An applicant for keterangan-domisili, in the form of a --data file.
SITI = {
    "nik": "3505014708900001", "nama": "Siti Aminah", "tempat_lahir": "Blitar", "tanggal_lahir": "1990-08-07",
    "jenis_kelamin": "P", "agama": "Islam", "status_perkawinan": "Kawin", "pekerjaan": "Petani",
    "alamat": "Bacem", "keperluan": "Melamar kerja",
}  # fmt: skip

BACEM = {
    "tingkat": "desa",
    "provinsi": "Jawa Timur",
    "kabupaten": "Blitar",
    "kecamatan": "Ponggok",
    "desa": "Bacem",
    "kode_wilayah": "35.05.06.2006",
    "kepala": "Suyanto",
    "alamat": "Jl. Raya Bacem No. 1",
}


@pytest.fixture(autouse=True)
def _windows_faked_safely(monkeypatch):
    """Tests fake Windows with sys.platform = "win32"; from Python 3.12 shutil.which then calls a
    Windows-only API (_winapi.NeedCurrentDirectoryForExePath). Off Windows, answer it as Windows
    would for a name with no folder in it."""
    import os
    import shutil

    if os.name != "nt" and hasattr(shutil, "_win_path_needs_curdir"):
        monkeypatch.setattr(shutil, "_win_path_needs_curdir", lambda cmd, mode: False)


def pytest_configure(config):
    config.addinivalue_line("markers", "terpasang: runs the installed desa (never skipped in CI)")


def cari_desa() -> str | None:
    """The installed `desa` of the Python running the tests (beside sys.executable: bin/desa, or
    Scripts\\desa.exe on Windows), else the one on PATH."""
    import os
    import shutil
    import sys

    folder = Path(sys.executable).parent
    for name in ("desa.exe", "desa") if os.name == "nt" else ("desa",):
        if (folder / name).is_file():
            return str(folder / name)
    return shutil.which("desa")


def terpasang(desa: str | None):
    """A mark for tests of the installed command: skipped where it is not installed, except in CI
    (DESA_UJI_TERPASANG=1 in .ci/run), where they run and a missing `desa` fails them."""
    import os

    if os.environ.get("DESA_UJI_TERPASANG"):
        return pytest.mark.terpasang
    return pytest.mark.skipif(desa is None, reason="desa is not installed (pip install .)")


def pakai_kantor(monkeypatch, kantor: Path, waktu: str = "2026-11-20T10:00:00", petugas: str = "Sari") -> Path:
    """Commands run in `kantor`, by `petugas`, at `waktu` (the default is a Friday)."""
    monkeypatch.setenv("DESA_KANTOR", str(kantor))
    monkeypatch.setenv("DESA_PETUGAS", petugas)
    monkeypatch.setenv("DESA_WAKTU", waktu)
    return kantor


def siap_ajukan(monkeypatch, kantor: Path, tmp_path: Path, waktu: str = "2026-11-20T09:00:00") -> Path:
    """`kantor` in use, with SITI as tmp_path/isian.yaml for `ajukan_siti`."""
    import yaml

    (tmp_path / "isian.yaml").write_text(yaml.safe_dump(SITI), encoding="utf-8")
    return pakai_kantor(monkeypatch, kantor, waktu)


def ajukan_siti(run, tmp_path: Path) -> str:
    """Take SITI's application with every paper handed in; its noreg."""
    import json

    result = run("ajukan", "domisili", "--data", str(tmp_path / "isian.yaml"), "--ada", "semua", "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)["noreg"]


def buat_kantor(folder: Path, **nilai) -> Path:
    from desa_cli import kantor as kantor_mod

    kantor_mod.buat(folder, {**BACEM, **nilai})
    return folder


@pytest.fixture
def kantor(tmp_path):
    """A village office, Desa Bacem, with an empty catalogue of its own."""
    return buat_kantor(tmp_path / "kantor-bacem")


def copy_bundled(name: str, folder: Path) -> Path:
    """A copy of a bundled service file in `folder`, to be edited by a test."""
    target = folder / f"{name}.yaml"
    shutil.copy(BUNDLED / f"{name}.yaml", target)
    return target


def register_isi(data: Path) -> tuple:
    """(applications, events in chain order, nomor.json) read straight from the register files."""
    import json

    def rows(pattern, table):
        found = []
        for path in sorted(data.glob(pattern)):
            found.extend(json.loads(path.read_bytes()).get(table, {}).values())
        return found

    nomor = json.loads((data / "nomor.json").read_bytes()) if (data / "nomor.json").exists() else {}
    events = sorted(rows("peristiwa-*.json", "peristiwa"), key=lambda e: e["urut"])
    return rows("permohonan-*.json", "permohonan"), events, nomor


def snapshot(data: Path) -> dict:
    """Every register file's bytes, to show that a refused command changed nothing."""
    return {p.relative_to(data).as_posix(): p.read_bytes() for p in data.rglob("*.json") if "kalender" not in p.parts}


def jalur_json(value, prefix=()):
    """Every path into a JSON value (for the audit's fuzz tests): (), then each key or index."""
    yield prefix
    children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, child in children:
        yield from jalur_json(child, (*prefix, key))


def ubah_json(root, path, how, value):
    """`root` with the node at `path` deleted ("hapus"), renamed ("kunci") or replaced by `value`;
    the whole of it replaced when `path` is empty; left as it is where the path no longer leads."""
    if not path:
        return value
    parent = root
    try:
        for key in path[:-1]:
            parent = parent[key]
        if how == "hapus" and isinstance(parent, (dict, list)):
            del parent[path[-1]]
        elif how == "kunci" and isinstance(parent, dict):
            parent[str(value)] = parent.pop(path[-1])
        else:
            parent[path[-1]] = value
    except (KeyError, IndexError, TypeError):
        pass
    return root


def salinan_diubah(source, work, mutations):
    """A copy of the office at `source` in `work`/kantor with each mutation ((file, path), how,
    value) applied by `ubah_json`: the audit's fuzz tests feed it what hypothesis draws."""
    import json
    import shutil

    copy = work / "kantor"
    if copy.exists():
        shutil.rmtree(copy)
    shutil.copytree(source, copy)
    for (relative, path), how, value in mutations:
        target = copy / relative
        try:
            root = json.loads(target.read_bytes())
        except (OSError, ValueError):
            continue
        target.write_text(json.dumps(ubah_json(root, path, how, value)), encoding="utf-8")
    return copy
