"""Several desks, one register in PostgreSQL (issue 16): making and joining an office, the one
standard of every desk, moving a register in and out of the database, pg_dump backups and their
restore, and what a clerk sees when the server cannot be used. Against a real server (pg_uji)."""

from __future__ import annotations

import glob
import json
from pathlib import Path

import psycopg
import pytest
import yaml
from conftest import SITI, copy_bundled

INIT = ("--kode-wilayah", "35.05.06.2006", "--kepala-desa", "Suyanto", "--alamat", "Jl. Raya Bacem No. 1")


@pytest.fixture
def meja(tmp_path, monkeypatch, run, pg_url):
    """Two desks of Desa Bacem on one database: (folder A, folder B, url)."""
    monkeypatch.setenv("DESA_PETUGAS", "Sari")
    (tmp_path / "isian.yaml").write_text(yaml.safe_dump(SITI), encoding="utf-8")
    a, b = tmp_path / "meja-a", tmp_path / "meja-b"
    made = run("init", *INIT, "--basis-data", pg_url, str(a))
    assert made.exit_code == 0, made.stderr
    joined = run("init", "--basis-data", pg_url, str(b))
    assert joined.exit_code == 0, joined.stderr
    assert "bergabung dengan Desa Bacem" in joined.stdout
    return a, b, pg_url


def ajukan(run, folder, tmp_path) -> str:
    isian = str(tmp_path / "isian.yaml")
    result = run("--kantor", str(folder), "ajukan", "domisili", "--data", isian, "--ada", "semua", "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)["noreg"]


def cetak(run, folder, noreg) -> dict:
    result = run("--kantor", str(folder), "cetak", noreg, "--json")
    assert result.exit_code == 0, result.stderr
    found = json.loads(result.stdout)
    return found[0] if isinstance(found, list) else found


def urut(letter: dict) -> int:
    """The sequence number in a letter number like 470/003/35.05.06.2006/2026."""
    return int(letter["nomor"].split("/")[1])


def periksa(run, folder) -> dict:
    result = run("--kantor", str(folder), "periksa", "--json")
    return json.loads(result.stdout)


def dokumen(url) -> dict:
    with psycopg.connect(url) as conn:
        return {n: bytes(i) for n, i in conn.execute("SELECT nama, isi FROM desa.dokumen").fetchall()}


def test_second_desk_takes_the_office_from_the_database(meja, run):
    a, b, url = meja
    text = {f: (f / "kantor.yaml").read_text(encoding="utf-8") for f in (a, b)}
    assert f"basis_data: {url}" in text[a] and f"basis_data: {url}" in text[b]
    assert text[a] == text[b]
    shown = run("--kantor", str(b), "kantor", "--json")
    assert shown.exit_code == 0, shown.stderr
    letak = json.loads(shown.stdout)["letak_register"]
    assert letak["jenis"] == "postgresql" and letak["terhubung"] is True
    assert json.loads(shown.stdout)["kantor"]["desa"] == "Bacem"
    screen = run("--kantor", str(b), "kantor")
    assert "PostgreSQL" in screen.stdout and "terhubung" in screen.stdout


def test_numbers_are_shared_and_letters_reach_every_desk(meja, run, tmp_path):
    a, b, _ = meja
    first, second = ajukan(run, a, tmp_path), ajukan(run, b, tmp_path)
    assert (first, second) == ("2026-00001", "2026-00002") or first[-5:] == "00001"
    letter = cetak(run, a, first)
    Path(letter["berkas"]).unlink()  # the desk's working copy is gone: the database still has it
    again = cetak(run, b, first)  # a reprint at the other desk: the same letter
    assert again["nomor"] == letter["nomor"] and again["sha256"] == letter["sha256"]
    import hashlib

    assert Path(again["berkas"]).parent == b / "arsip" / "2026"
    assert hashlib.sha256(Path(again["berkas"]).read_bytes()).hexdigest() == letter["sha256"]
    checked = run("--kantor", str(b), "verifikasi", letter["kode_verifikasi"], "--json")
    assert checked.exit_code == 0 and json.loads(checked.stdout)["sah"] is True
    assert periksa(run, a)["baik"] and periksa(run, b)["baik"]


def test_a_desk_with_another_catalogue_is_refused_until_it_takes_the_standard(meja, run, tmp_path):
    a, b, url = meja
    changed = copy_bundled("keterangan-domisili", b / "katalog")
    changed.write_text(changed.read_text(encoding="utf-8").replace("Tidak dipungut", "Rp 5.000; tidak dipungut"))
    before = dokumen(url)
    refused = run("--kantor", str(b), "ajukan", "domisili", "--data", str(tmp_path / "isian.yaml"), "--ada", "semua")
    assert refused.exit_code == 1
    assert "katalog/keterangan-domisili.yaml (hanya di meja ini)" in refused.stderr
    assert "Traceback" not in refused.stderr and len(refused.stderr.strip().splitlines()) == 1
    assert dokumen(url) == before  # nothing written
    noreg = ajukan(run, a, tmp_path)  # desk A is not affected
    assert run("--kantor", str(b), "cetak", noreg).exit_code == 1
    taken = run("--kantor", str(b), "kantor", "ambil")
    assert taken.exit_code == 0 and "katalog/keterangan-domisili.yaml (dihapus)" in taken.stdout
    assert not changed.exists()
    cetak(run, b, noreg)
    # Desk A changes the standard on purpose: recorded, and desk B must follow before it works.
    copy_bundled("keterangan-domisili", a / "katalog")
    assert run("--kantor", str(a), "kantor", "terbitkan").exit_code == 2  # a reason is required
    published = run("--kantor", str(a), "kantor", "terbitkan", "--alasan", "salinan katalog kantor")
    assert published.exit_code == 0, published.stderr
    assert run("--kantor", str(b), "ajukan", "domisili", "--data", str(tmp_path / "isian.yaml")).exit_code == 1
    assert run("--kantor", str(b), "kantor", "ambil").exit_code == 0
    ajukan(run, b, tmp_path)
    events = json.loads(run("--kantor", str(b), "riwayat", "--json").stdout)
    assert [e["data"]["alasan"] for e in events if e["aksi"] == "standar"] == ["init", "salinan katalog kantor"]
    assert periksa(run, b)["baik"]


def test_a_file_register_moves_into_the_database_and_back_with_numbers_continuing(
    tmp_path,
    monkeypatch,
    run,
    pg_url,
):
    monkeypatch.setenv("DESA_PETUGAS", "Sari")
    (tmp_path / "isian.yaml").write_text(yaml.safe_dump(SITI), encoding="utf-8")
    office = tmp_path / "kantor"
    assert run("init", *INIT, str(office)).exit_code == 0
    for _ in range(3):
        ajukan(run, office, tmp_path)
    letter = cetak(run, office, "2026-00001")
    moved = run("--kantor", str(office), "register", "pindah", "--ke", pg_url)
    assert moved.exit_code == 0, moved.stderr
    assert f"basis_data: {pg_url}" in (office / "kantor.yaml").read_text(encoding="utf-8")
    assert not (office / "data" / "nomor.json").exists()  # the files are retired, kept aside
    assert list((office / "data").glob("pindah-*/nomor.json"))
    assert "arsip/2026/2026-00001_keterangan-domisili.docx" in _arsip(pg_url)
    assert ajukan(run, office, tmp_path) == "2026-00004"
    assert urut(cetak(run, office, "2026-00002")) == urut(letter) + 1
    assert periksa(run, office)["baik"]
    back = run("--kantor", str(office), "register", "pindah", "--ke", "berkas")
    assert back.exit_code == 0, back.stderr
    assert "basis_data" not in (office / "kantor.yaml").read_text(encoding="utf-8")
    assert ajukan(run, office, tmp_path) == "2026-00005"
    checked = periksa(run, office)
    assert checked["baik"], checked["kesalahan"]
    aksi = [e["aksi"] for e in json.loads(run("--kantor", str(office), "riwayat", "--json").stdout)]
    assert aksi.count("pindah_register") == 2
    shown = run("--kantor", str(office), "riwayat").stdout
    assert "register dipindah dari berkas di komputer ke basis data PostgreSQL" in " ".join(shown.split())
    assert not (office / "data" / "standar").exists()  # the desks' standard stayed with the database
    # The database is retired: a desk still pointing at it cannot write there any more.
    monkeypatch.setenv("DESA_BASIS_DATA", pg_url)
    refused = run("--kantor", str(office), "ajukan", "domisili", "--data", str(tmp_path / "isian.yaml"))
    assert refused.exit_code == 1 and "sudah dipindah ke berkas" in refused.stderr
    stale = run("--kantor", str(office), "daftar")  # nor shown as if it were the register now
    assert stale.exit_code == 1 and "sudah dipindah ke berkas" in stale.stderr
    shown = run("--kantor", str(office), "kantor", "--json")
    assert shown.exit_code == 0 and "sudah dipindah" in json.loads(shown.stdout)["letak_register"]["pesan"]


def _arsip(url) -> set:
    with psycopg.connect(url) as conn:
        return {r[0] for r in conn.execute("SELECT nama FROM desa.arsip").fetchall()}


def test_a_move_into_a_database_that_holds_a_register_is_refused(meja, run, tmp_path):
    _, _, url = meja
    office = tmp_path / "lain"
    assert run("init", *INIT, str(office)).exit_code == 0
    ajukan(run, office, tmp_path)
    refused = run("--kantor", str(office), "register", "pindah", "--ke", url)
    assert refused.exit_code == 1 and "sudah berisi register" in refused.stderr
    assert (office / "data" / "nomor.json").exists()
    assert "basis_data" not in (office / "kantor.yaml").read_text(encoding="utf-8")


def test_a_pg_dump_backup_restores_without_numbers_going_back(meja, run, tmp_path):
    a, b, _ = meja
    ajukan(run, a, tmp_path)
    cetak(run, a, "2026-00001")
    dump = tmp_path / "cadangan.dump"
    made = run("--kantor", str(a), "cadangkan", "--ke", str(dump))
    assert made.exit_code == 0, made.stderr and dump.stat().st_size > 0
    later = ajukan(run, b, tmp_path)
    cetak(run, b, later)
    copy_bundled("keterangan-domisili", a / "katalog")  # the standard changes after the backup
    assert run("--kantor", str(a), "kantor", "terbitkan", "--alasan", "katalog sendiri").exit_code == 0
    assert run("--kantor", str(b), "kantor", "ambil").exit_code == 0
    told = run("--kantor", str(a), "pulihkan")
    assert told.exit_code == 1 and "desa pulihkan --dump" in told.stderr
    restored = run("--kantor", str(a), "pulihkan", "--dump", str(dump))
    assert restored.exit_code == 0, restored.stderr
    assert ajukan(run, b, tmp_path) == "2026-00003"  # 00002 was issued after the backup: never again
    assert urut(cetak(run, b, "2026-00003")) == 3
    checked = periksa(run, b)
    assert checked["baik"], checked["kesalahan"]
    broken = tmp_path / "bukan.dump"
    broken.write_bytes(b"PGDMP rusak")
    refused = run("--kantor", str(a), "pulihkan", "--dump", str(broken))
    assert refused.exit_code == 1 and "pg_restore gagal" in refused.stderr


def test_a_password_never_goes_into_kantor_yaml(tmp_path, run):
    refused = run("init", *INIT, "--basis-data", "postgresql://loket:rahasia@server/desa", str(tmp_path / "k"))
    assert refused.exit_code == 1
    assert "PGPASSWORD" in refused.stderr and "rahasia" not in refused.stderr
    assert not (tmp_path / "k" / "kantor.yaml").exists()


def test_a_server_that_cannot_be_reached_is_one_line_and_kantor_still_shows(meja, run, monkeypatch, tmp_path):
    a, _, url = meja
    dead = url.replace("port=", "port=1")  # a port where no server listens
    monkeypatch.setenv("DESA_BASIS_DATA", dead)
    before = dokumen(url)
    refused = run("--kantor", str(a), "ajukan", "domisili", "--data", str(tmp_path / "isian.yaml"), "--ada", "semua")
    assert refused.exit_code == 1
    assert "tidak dapat dihubungi" in refused.stderr and "Traceback" not in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    assert dokumen(url) == before
    shown = run("--kantor", str(a), "kantor", "--json")
    assert shown.exit_code == 0
    assert json.loads(shown.stdout)["letak_register"]["terhubung"] is False


def test_a_role_with_rights_on_its_own_schema_only_is_enough(pg_server, run, tmp_path, monkeypatch):
    monkeypatch.setenv("DESA_PETUGAS", "Sari")
    (tmp_path / "isian.yaml").write_text(yaml.safe_dump(SITI), encoding="utf-8")
    admin = pg_server.baru("hak")
    from urllib.parse import urlsplit

    dbname = urlsplit(admin).path.lstrip("/")
    role = f"loket_{dbname[-8:]}"
    with psycopg.connect(admin, autocommit=True) as conn:  # the README's commands
        conn.execute(f"CREATE ROLE {role} LOGIN")
        conn.execute(f"REVOKE ALL ON DATABASE {dbname} FROM PUBLIC")
        conn.execute(f"GRANT CONNECT ON DATABASE {dbname} TO {role}")
        conn.execute(f"CREATE SCHEMA desa AUTHORIZATION {role}")
    url = admin.replace("postgresql://postgres@", f"postgresql://{role}@")
    office = tmp_path / "kantor"
    made = run("init", *INIT, "--basis-data", url, str(office))
    assert made.exit_code == 0, made.stderr
    noreg = ajukan(run, office, tmp_path)
    cetak(run, office, noreg)
    assert periksa(run, office)["baik"]
    assert run("--kantor", str(office), "cadangkan", "--ke", str(tmp_path / "c.dump")).exit_code == 0


def test_the_office_standard_changed_outside_desa_is_a_finding(meja, run):
    a, _, url = meja
    assert periksa(run, a)["baik"]
    with psycopg.connect(url) as conn:
        raw = bytes(conn.execute("SELECT isi FROM desa.standar WHERE nama = 'manifest.json'").fetchone()[0])
        manifest = json.loads(raw)
        manifest["katalog/tambahan.yaml"] = "0" * 64  # a catalogue file slipped in by hand
        changed = json.dumps(manifest, sort_keys=True).encode()
        conn.execute("UPDATE desa.standar SET isi = %s WHERE nama = 'manifest.json'", (changed,))
    found = periksa(run, a)
    assert not found["baik"]
    assert any("bukan yang terakhir diterbitkan" in text for text in found["kesalahan"]["standar"])


def test_pg_dump_is_found_where_the_windows_installer_puts_it(tmp_path, monkeypatch):
    from desa_cli import register_pindah

    tool = tmp_path / "Program Files" / "PostgreSQL" / "16" / "bin" / "pg_dump.exe"
    tool.parent.mkdir(parents=True)
    tool.write_bytes(b"")
    monkeypatch.setattr(register_pindah.shutil, "which", lambda name: None)
    monkeypatch.setattr(glob, "glob", _only_windows_glob(glob.glob))
    monkeypatch.setenv("ProgramFiles", str(tmp_path / "Program Files"))
    monkeypatch.delenv("ProgramW6432", raising=False)
    assert register_pindah.cari_alat("pg_dump") == str(tool)
    monkeypatch.setenv("ProgramFiles", str(tmp_path / "kosong"))
    with pytest.raises(register_pindah.DesaError, match="Command Line Tools"):
        register_pindah.cari_alat("pg_dump")


def _only_windows_glob(real):
    """glob as on a Windows machine: no Debian /usr/lib/postgresql folders."""
    return lambda pattern: [] if pattern.startswith("/usr/lib/postgresql") else real(pattern)


def test_a_working_copy_left_by_a_killed_print_gives_way_to_the_letter_on_record(meja, run, tmp_path):
    a, b, _ = meja
    noreg = ajukan(run, a, tmp_path)
    orphan = a / "arsip" / "2026" / f"{noreg}_keterangan-domisili.docx"
    orphan.parent.mkdir(parents=True, exist_ok=True)
    orphan.write_bytes(b"surat dari cetak yang terputus sebelum tercatat")
    letter = cetak(run, b, noreg)  # the other desk prints it under the same name
    assert Path(letter["berkas"]).name == orphan.name
    again = cetak(run, a, noreg)  # desk A's reprint: the letter on record, not its leftover
    import hashlib

    assert hashlib.sha256(Path(again["berkas"]).read_bytes()).hexdigest() == letter["sha256"]
    assert periksa(run, a)["baik"]


def test_without_the_driver_a_postgresql_office_says_how_to_install_it(tmp_path, run, monkeypatch):
    import sys

    office = tmp_path / "kantor"
    assert run("init", *INIT, str(office)).exit_code == 0
    monkeypatch.setenv("DESA_BASIS_DATA", "postgresql://loket@server/desa_bacem")
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as on a laptop with `pip install .` only
    for args in (("daftar",), ("init", "--basis-data", "postgresql://loket@server/x", str(tmp_path / "b"))):
        refused = run("--kantor", str(office), *args)
        assert refused.exit_code == 1, refused.stderr
        assert 'pip install "psycopg[binary]"' in refused.stderr and "Traceback" not in refused.stderr
    shown = run("--kantor", str(office), "kantor", "--json")
    assert shown.exit_code == 0 and json.loads(shown.stdout)["letak_register"]["terhubung"] is False


def test_a_change_to_kantor_yaml_at_one_desk_waits_for_its_publication(meja, run, tmp_path):
    a, b, _ = meja
    changed = run("--kantor", str(a), "kantor", "ubah", "telepon", "0342 123456")
    assert changed.exit_code == 0 and "desa kantor terbitkan" in changed.stderr
    isian = str(tmp_path / "isian.yaml")
    refused = run("--kantor", str(a), "ajukan", "domisili", "--data", isian, "--ada", "semua")
    assert refused.exit_code == 1 and "kantor.yaml (berbeda)" in refused.stderr
    assert run("--kantor", str(a), "kantor", "terbitkan", "--alasan", "nomor telepon baru").exit_code == 0
    ajukan(run, a, tmp_path)
    assert run("--kantor", str(b), "ajukan", "domisili", "--data", isian, "--ada", "semua").exit_code == 1
    assert run("--kantor", str(b), "kantor", "ambil").exit_code == 0
    assert "0342 123456" in (b / "kantor.yaml").read_text(encoding="utf-8")
    ajukan(run, b, tmp_path)


def test_a_connection_lost_mid_command_is_one_line_and_nothing_written(meja, tmp_path):
    """The server ends the desk's session while its `ajukan` waits for the lock (a restarted
    server or a dropped network look the same to the desk): one line, exit 1, nothing written."""
    import os
    import subprocess
    import sys
    import time

    a, _, url = meja
    before = dokumen(url)
    env = {**os.environ, "DESA_KANTOR": str(a), "DESA_PETUGAS": "Sari", "PYTHONIOENCODING": "utf-8"}
    args = [sys.executable, "-m", "desa_cli", "ajukan", "domisili", "--data", str(tmp_path / "isian.yaml")]
    with psycopg.connect(url) as holder:  # another desk in the middle of its command
        holder.execute("SELECT id FROM desa.kunci WHERE id = 1 FOR UPDATE")
        desk = subprocess.Popen([*args, "--ada", "semua"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        with psycopg.connect(url, autocommit=True) as admin:
            waiting = []
            for _ in range(600):  # until the desk waits for the lock (however slow the machine)
                waiting = admin.execute(
                    "SELECT pid FROM pg_stat_activity WHERE application_name = 'desa' AND wait_event_type = 'Lock'"
                ).fetchall()
                if waiting or desk.poll() is not None:
                    break
                time.sleep(0.05)
            assert waiting, desk.communicate()
            admin.execute("SELECT pg_terminate_backend(%s)", (waiting[0][0],))
        out, err = desk.communicate(timeout=60)
        holder.rollback()
    assert desk.returncode == 1, (out, err)
    text = err.decode("utf-8")
    assert "terputus" in text and "tidak ada yang ditulis" in text and "Traceback" not in text
    assert len(text.strip().splitlines()) == 1
    assert dokumen(url) == before


class Padam(Exception):
    """The power going out at one step of a command."""


def _padam_sekali(monkeypatch, module, name):
    real = getattr(module, name)
    calls = []

    def cut(*args, **kwargs):
        if not calls:
            calls.append(1)
            raise Padam(name)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, cut)


def test_a_move_cut_short_is_finished_by_running_it_again(tmp_path, monkeypatch, run, pg_server):
    from desa_cli import register_pindah

    monkeypatch.setenv("DESA_PETUGAS", "Sari")
    (tmp_path / "isian.yaml").write_text(yaml.safe_dump(SITI), encoding="utf-8")
    office = tmp_path / "kantor"
    assert run("init", *INIT, str(office)).exit_code == 0
    ajukan(run, office, tmp_path)
    url = pg_server.baru()
    # Into the database: cut after the copy was committed, before kantor.yaml names it.
    _padam_sekali(monkeypatch, register_pindah, "_tulis_basis_data")
    with pytest.raises(Padam):
        run("--kantor", str(office), "register", "pindah", "--ke", url)
    assert "basis_data" not in (office / "kantor.yaml").read_text(encoding="utf-8")
    # The copy is not yet the register: no desk may join it, and the files go on.
    joined = run("init", "--basis-data", url, str(tmp_path / "meja-lain"))
    assert joined.exit_code == 1 and "belum selesai" in joined.stderr
    assert ajukan(run, office, tmp_path) == "2026-00002"
    again = run("--kantor", str(office), "register", "pindah", "--ke", url)  # copied again, as it is now
    assert again.exit_code == 0, again.stderr
    assert ajukan(run, office, tmp_path) == "2026-00003"
    # Back to files: cut after the files were written, before the database was retired.
    _padam_sekali(monkeypatch, register_pindah, "_tandai_dipindah")
    with pytest.raises(Padam):
        run("--kantor", str(office), "register", "pindah", "--ke", "berkas")
    again = run("--kantor", str(office), "register", "pindah", "--ke", "berkas")
    assert again.exit_code == 0, again.stderr
    assert "basis_data" not in (office / "kantor.yaml").read_text(encoding="utf-8")
    assert ajukan(run, office, tmp_path) == "2026-00004"
    # Into a new database, cut after kantor.yaml names it, before the files are set aside: the
    # database refuses until the move is finished, and running it again finishes it.
    url2 = pg_server.baru()
    _padam_sekali(monkeypatch, register_pindah, "_sisihkan_berkas")
    with pytest.raises(Padam):
        run("--kantor", str(office), "register", "pindah", "--ke", url2)
    waiting = run("--kantor", str(office), "ajukan", "domisili", "--data", str(tmp_path / "isian.yaml"))
    assert waiting.exit_code == 1 and "belum selesai" in waiting.stderr
    again = run("--kantor", str(office), "register", "pindah", "--ke", url2)
    assert again.exit_code == 0, again.stderr
    assert ajukan(run, office, tmp_path) == "2026-00005"
    checked = periksa(run, office)
    assert checked["baik"], checked["kesalahan"]
    aksi = [e["aksi"] for e in json.loads(run("--kantor", str(office), "riwayat", "--json").stdout)]
    # Three moves happened (the first copy was never used and was made again): each recorded once.
    assert aksi.count("pindah_register") == 3


def test_a_move_back_cut_short_is_refused_when_other_desks_wrote_since(meja, run, tmp_path, monkeypatch):
    from desa_cli import register_pindah

    a, b, _ = meja
    ajukan(run, a, tmp_path)
    _padam_sekali(monkeypatch, register_pindah, "_tandai_dipindah")
    with pytest.raises(Padam):
        run("--kantor", str(a), "register", "pindah", "--ke", "berkas")
    ajukan(run, b, tmp_path)  # the database is still in use: desk B goes on
    refused = run("--kantor", str(a), "register", "pindah", "--ke", "berkas")
    assert refused.exit_code == 1 and "berubah sesudah disalin" in refused.stderr
    assert "basis_data" in (a / "kantor.yaml").read_text(encoding="utf-8")  # the move did not happen
    assert ajukan(run, b, tmp_path) == "2026-00003"  # and the database goes on, numbers with it
    assert periksa(run, b)["baik"]


def test_the_standard_from_the_database_writes_only_its_own_places(meja, run):
    """desa.standar is input like any file from elsewhere: a row named for another place in the
    office folder is not written, a file that is not what the manifest says stops the whole take,
    and kantor.yaml keeps this desk's own address."""
    import hashlib

    _, b, url = meja
    with psycopg.connect(url) as conn:
        raw = bytes(conn.execute("SELECT isi FROM desa.standar WHERE nama = 'kantor.yaml'").fetchone()[0])
        rows = [("setup.py", b"print('x')"), ("data", b"x"), ("../luar.png", b"x"), ("sub/logo.png", b"x")]
        conn.cursor().executemany("INSERT INTO desa.standar (nama, isi) VALUES (%s, %s)", rows)
        evil = raw + b"basis_data: postgresql://lain@server-lain/desa\n"
        conn.execute("UPDATE desa.standar SET isi = %s WHERE nama = 'kantor.yaml'", (evil,))
    before = (b / "kantor.yaml").read_bytes()
    refused = run("--kantor", str(b), "kantor", "ambil")
    assert refused.exit_code == 1 and "tidak sama dengan sidik" in refused.stderr
    assert (b / "kantor.yaml").read_bytes() == before
    assert not periksa(run, b)["baik"]  # the audit sees it too
    with psycopg.connect(url) as conn:  # an insider who changes the manifest as well
        manifest = json.loads(
            bytes(conn.execute("SELECT isi FROM desa.standar WHERE nama = 'manifest.json'").fetchone()[0])
        )
        manifest["kantor.yaml"] = hashlib.sha256(evil).hexdigest()
        changed = json.dumps(manifest, sort_keys=True).encode()
        conn.execute("UPDATE desa.standar SET isi = %s WHERE nama = 'manifest.json'", (changed,))
    assert run("--kantor", str(b), "kantor", "ambil").exit_code == 0
    assert not (b / "setup.py").exists() and (b / "data").is_dir() and not (b.parent / "luar.png").exists()
    assert not (b / "sub").exists()
    text = (b / "kantor.yaml").read_text(encoding="utf-8")
    assert text.count("basis_data:") == 1 and f"basis_data: {url}" in text
    assert not periksa(run, b)["baik"]  # the manifest is not the one the chain published


def test_a_letter_file_named_outside_the_archive_is_never_written(meja, run, tmp_path):
    """An insider at one desk changes a letter's recorded file to a place outside the archive (and
    stores a 'letter' under that name): another desk's reprint refuses it and writes nothing."""
    a, b, url = meja
    noreg = ajukan(run, a, tmp_path)
    cetak(run, a, noreg)
    target = "arsip/../../mulai.bat"
    with psycopg.connect(url) as conn:
        name = conn.execute("SELECT nama FROM desa.dokumen WHERE nama LIKE 'permohonan-%'").fetchone()[0]
        doc = json.loads(bytes(conn.execute("SELECT isi FROM desa.dokumen WHERE nama = %s", (name,)).fetchone()[0]))
        for record in doc["permohonan"].values():
            record["surat"]["berkas"] = target
        conn.execute("UPDATE desa.dokumen SET isi = %s WHERE nama = %s", (json.dumps(doc).encode(), name))
        conn.execute("INSERT INTO desa.arsip (nama, isi) VALUES (%s, %s)", (target, b"@echo off"))
    refused = run("--kantor", str(b), "cetak", noreg)
    assert refused.exit_code == 1 and "tidak sah" in refused.stderr
    assert not (b.parent / "mulai.bat").exists() and not (b / "mulai.bat").exists()
    assert not periksa(run, b)["baik"]  # and the audit names it
