from __future__ import annotations

import shutil
from datetime import datetime
from fnmatch import fnmatch
from pathlib import Path

import pytest
from click.testing import CliRunner

# The one PostgreSQL server of the session, shared by every module (see pg_uji.py).
from pg_uji import pg_server, pg_url  # noqa: F401

from desa_cli import katalog
from desa_cli.cli import cli

BUNDLED = katalog.bundled_folder()


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """No test sees the developer's own office: no DESA_KANTOR, an empty per-user folder, and a
    working folder with no kantor.yaml above it."""
    monkeypatch.delenv("DESA_KANTOR", raising=False)
    monkeypatch.delenv("DESA_DEBUG", raising=False)
    monkeypatch.delenv("DESA_BASIS_DATA", raising=False)  # it would put every office in that database
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
    config.addinivalue_line(
        "markers",
        "dua_register: run the test (or every test of a module, as pytestmark) on both register storages, "
        "files (id berkas) and PostgreSQL (id pg)",
    )
    config.addinivalue_line(
        "markers", "hanya_berkas(alasan): under dua_register, run on the file register only (pg is skipped)"
    )


# --- both register storages ------------------------------------------------------------------
# A module that says `pytestmark = pytest.mark.dua_register` (or a test marked so) runs each test
# twice: [berkas], offices as before, and [pg], where every office that buat_kantor (and so the
# `kantor` fixture) makes keeps its register in a fresh PostgreSQL database of the session server.

STORAGE = ("berkas", "pg")
# When buat_kantor records a PostgreSQL office's standard (its `standar` event): before any time a
# test sets with DESA_WAKTU, so that the chain's times never go back (periksa would say so).
WAKTU_STANDAR = datetime(2026, 1, 2, 8, 0)
_register = {"jenis": "berkas", "server": None}
# What a freshly made office's register holds (snapshot), by office folder: {} for files; for
# PostgreSQL the office standard's `standar` event that terbitkan wrote.
_awal: dict = {}


def pytest_generate_tests(metafunc):
    if metafunc.definition.get_closest_marker("dua_register") and "storage_register" in metafunc.fixturenames:
        metafunc.parametrize("storage_register", STORAGE, indirect=True, ids=STORAGE)


@pytest.fixture(autouse=True)
def storage_register(request):
    """The register storage of the offices this test makes: "berkas" (files, the default) or "pg"."""
    jenis = getattr(request, "param", "berkas")
    if jenis == "pg":
        only = request.node.get_closest_marker("hanya_berkas")
        if only is not None:
            why = only.args[0] if only.args else only.kwargs.get("alasan", "")
            pytest.skip(f"hanya untuk register berkas: {why}")
        _register.update(jenis="pg", server=request.getfixturevalue("pg_server"))
    try:
        yield jenis
    finally:
        _register.update(jenis="berkas", server=None)
        _awal.clear()


def register_pg() -> bool:
    """Whether the offices of this test keep their register in PostgreSQL (the [pg] variant)."""
    return _register["jenis"] == "pg"


def basis_data_baru() -> str:
    """A fresh database with the office schema, for `desa init --basis-data` in the [pg] variant."""
    from desa_cli.storage_pg import buat_skema

    url = _register["server"].baru("kantor")
    buat_skema(url)
    return url


def opsi_init() -> list:
    """Extra `desa init` options that make the new office the storage's: --basis-data URL for pg."""
    return ["--basis-data", basis_data_baru()] if register_pg() else []


def url_register(folder: Path) -> str | None:
    """The PostgreSQL URL of the office at `folder` (its kantor.yaml's basis_data), else None."""
    import yaml

    try:
        data = yaml.safe_load((folder / "kantor.yaml").read_bytes())
    except OSError:
        return None
    return data.get("basis_data") if isinstance(data, dict) else None


def terbitkan_ulang(folder: Path, alasan: str = "uji") -> None:
    """After a test changes katalog/, templates_surat/ or kantor.yaml: record the office's files as
    its standard again (PostgreSQL refuses a desk whose files differ); nothing for files."""
    if url_register(folder) is None:
        return

    import os

    from desa_cli import kantor as kantor_mod
    from desa_cli import meja

    made = kantor_mod.muat(kantor_mod.LokasiKantor(folder.resolve(), "uji"))
    with _waktu_uji():
        meja.terbitkan(made, "Sari", datetime.fromisoformat(os.environ["DESA_WAKTU"]), alasan)


def _waktu_uji():
    """DESA_WAKTU as the test set it, else WAKTU_STANDAR, while the test's own code records an
    event: on PostgreSQL the server's clock is taken unless DESA_WAKTU fixes the time."""
    import contextlib
    import os

    @contextlib.contextmanager
    def fixed():
        before = os.environ.get("DESA_WAKTU")
        os.environ["DESA_WAKTU"] = before or WAKTU_STANDAR.isoformat()
        try:
            yield
        finally:
            if before is None:
                del os.environ["DESA_WAKTU"]

    return fixed()


def _dokumen_pg(url: str) -> tuple:
    """({nama: isi} of desa.dokumen, {nama: isi} of desa.arsip)."""
    import psycopg

    with psycopg.connect(url) as conn:
        docs = {n: bytes(b) for n, b in conn.execute("SELECT nama, isi FROM desa.dokumen")}
        arsip = {n: bytes(b) for n, b in conn.execute("SELECT nama, isi FROM desa.arsip")}
    return docs, arsip


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
    """An office at `folder` (BACEM's values, changed by `nilai`); in the [pg] variant of a
    dua_register test, with its register in a fresh database and its standard recorded."""
    from desa_cli import kantor as kantor_mod

    if register_pg() and "basis_data" not in nilai:
        nilai["basis_data"] = basis_data_baru()
    made, _ = kantor_mod.buat(folder, {**BACEM, **nilai})
    if nilai.get("basis_data"):
        from desa_cli import meja

        with _waktu_uji():
            meja.terbitkan(made, "Sari", WAKTU_STANDAR, "uji")
        _awal[folder.resolve()] = snapshot(folder / "data")
    return folder


def register_awal(folder: Path) -> dict:
    """The snapshot of a freshly made office's register: {} for files; for PostgreSQL what
    buat_kantor's terbitkan wrote (the `standar` event). `snapshot(data) == register_awal(office)`
    shows that nothing was ever written."""
    return _awal.get(folder.resolve(), {})


@pytest.fixture
def kantor(tmp_path):
    """A village office, Desa Bacem, with an empty catalogue of its own."""
    return buat_kantor(tmp_path / "kantor-bacem")


def copy_bundled(name: str, folder: Path) -> Path:
    """A copy of a bundled service file in `folder`, to be edited by a test."""
    target = folder / f"{name}.yaml"
    shutil.copy(BUNDLED / f"{name}.yaml", target)
    return target


def aksi_awal(folder: Path) -> list:
    """The actions already in the chain of a freshly made office: [] for files, ["standar"] for
    PostgreSQL (buat_kantor's terbitkan)."""
    return ["standar"] if register_awal(folder) else []


def ubah_dokumen(data: Path, nama: str, change) -> None:
    """A hand edit of register document `nama` (data/<nama>.json, or its desa.dokumen row when the
    office at data.parent is in PostgreSQL): `change(value)` edits the parsed JSON in place."""
    import json

    url = url_register(data.parent)
    if url is None:
        path = data / f"{nama}.json"
        value = json.loads(path.read_bytes())
        change(value)
        path.write_text(json.dumps(value), encoding="utf-8")
        return
    import psycopg

    with psycopg.connect(url) as conn:
        (raw,) = conn.execute("SELECT isi FROM desa.dokumen WHERE nama = %s", (nama,)).fetchone()
        value = json.loads(bytes(raw))
        change(value)
        conn.execute("UPDATE desa.dokumen SET isi = %s WHERE nama = %s", (json.dumps(value).encode(), nama))


def ubah_arsip(folder: Path, berkas: Path, isi: bytes | None) -> None:
    """A hand edit of the archived letter `berkas` (a file under folder/arsip/): its new bytes, or
    None to delete it. For an office in PostgreSQL, its desa.arsip row (the copy periksa checks);
    for files, the file itself."""
    url = url_register(folder)
    if url is None:
        if isi is None:
            berkas.unlink()
        else:
            berkas.write_bytes(isi)
        return
    import psycopg

    nama = berkas.resolve().relative_to(folder.resolve()).as_posix()
    with psycopg.connect(url) as conn:
        if isi is None:
            done = conn.execute("DELETE FROM desa.arsip WHERE nama = %s", (nama,))
        else:
            done = conn.execute("UPDATE desa.arsip SET isi = %s WHERE nama = %s", (isi, nama))
        assert done.rowcount == 1, nama


def register_isi(data: Path) -> tuple:
    """(applications, events in chain order, nomor.json) read straight from the register files,
    or from desa.dokumen when the office at data.parent keeps its register in PostgreSQL."""
    import json

    url = url_register(data.parent)
    if url is not None:
        docs, _ = _dokumen_pg(url)

        def rows(pattern, table):
            found = []
            for name in sorted(n for n in docs if "/" not in n and fnmatch(n + ".json", pattern)):
                found.extend(json.loads(docs[name]).get(table, {}).values())
            return found

        nomor = json.loads(docs["nomor"]) if "nomor" in docs else {}
        events = sorted(rows("peristiwa-*.json", "peristiwa"), key=lambda e: e["urut"])
        return rows("permohonan-*.json", "permohonan"), events, nomor

    def rows(pattern, table):
        found = []
        for path in sorted(data.glob(pattern)):
            found.extend(json.loads(path.read_bytes()).get(table, {}).values())
        return found

    nomor = json.loads((data / "nomor.json").read_bytes()) if (data / "nomor.json").exists() else {}
    events = sorted(rows("peristiwa-*.json", "peristiwa"), key=lambda e: e["urut"])
    return rows("permohonan-*.json", "permohonan"), events, nomor


def snapshot(data: Path) -> dict:
    """Every register file's bytes, to show that a refused command changed nothing. For an office
    in PostgreSQL: every desa.dokumen row as "<nama>.json" and every desa.arsip row as
    "arsip/<nama>" (so that a refused print that archived a letter shows too)."""
    url = url_register(data.parent)
    if url is not None:
        docs, arsip = _dokumen_pg(url)
        return {**{f"{n}.json": b for n, b in docs.items()}, **{f"arsip/{n}": b for n, b in arsip.items()}}
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
