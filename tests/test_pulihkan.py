"""Restore (`desa pulihkan`), backups that share no damage, letters never written over, temporary
files that follow no symlink, and a read-only office that still answers the reading commands."""

import errno
import hashlib
import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ajukan_siti, buat_kantor, register_isi, siap_ajukan, snapshot

from desa_cli import berkas_aman, cadangan, storage

REPO = Path(__file__).resolve().parent.parent


class PowerCut(Exception):
    """Stands for the process dying at that instant (Click would turn KeyboardInterrupt into Abort)."""


@pytest.fixture
def office(kantor, monkeypatch, tmp_path):
    return siap_ajukan(monkeypatch, kantor, tmp_path)


ajukan = ajukan_siti


def cetak(run, noreg):
    result = run("cetak", noreg, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def urut_surat(printed) -> int:
    return int(printed["nomor"].split("/")[1])


def arsip_hashes(kantor: Path) -> dict:
    return {p.relative_to(kantor).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in (kantor / "arsip").rglob("*.docx")}  # fmt: skip


def one_line_refusal(result):
    assert result.exit_code == 1, (result.exit_code, result.output)
    assert result.stderr.startswith("Kesalahan: ") and result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr and "tak terduga" not in result.stderr


@pytest.fixture
def two_days(run, office, tmp_path, monkeypatch):
    """Friday: 2026-00001 and letter 1. Monday (backup 2026-11-23 = Friday's state): 2026-00002 with
    letter 2, 2026-00003 waiting, and complaint ADU-2026-0001."""
    first = ajukan(run, tmp_path)
    cetak(run, first)
    monkeypatch.setenv("DESA_WAKTU", "2026-11-23T08:00:00")
    second = ajukan(run, tmp_path)
    letter = cetak(run, second)
    ajukan(run, tmp_path)
    assert run("aduan", "catat", "--nama", "Budi", "--isi", "Antrean lama").exit_code == 0
    return letter


# --- only a date from the listing --------------------------------------------------------------


def test_only_a_date_the_listing_shows_can_be_restored(run, office, tmp_path, monkeypatch, two_days):
    # Another office next door, whose register `../../../lain/data` used to be restored over ours.
    other = buat_kantor(tmp_path / "lain")
    monkeypatch.setenv("DESA_KANTOR", str(other))
    ajukan(run, tmp_path)
    monkeypatch.setenv("DESA_KANTOR", str(office))
    before = snapshot(office / "data")
    day_one = office / "data" / "cadangan" / "2026-11-20"
    assert day_one.is_dir() and not list(day_one.iterdir())  # Friday's backup is the empty day-one one
    absolute = str(office / "data" / "cadangan" / "2026-11-23")
    for typed in ("../../../lain/data", "..", "../cadangan/2026-11-23", absolute, "2026-11-20", "2026-11-21",
                  "2026-02-30", "2026-11-23/", "2026-11-23/../2026-11-23", " ", "cadangan"):  # fmt: skip
        result = run("pulihkan", typed)
        one_line_refusal(result)
        assert snapshot(office / "data") == before, typed
    assert "kosong" in run("pulihkan", "2026-11-20").stderr
    assert run("pulihkan", "2026-11-23").exit_code == 0


# --- numbers never go back -----------------------------------------------------------------------


def test_after_a_restore_no_noreg_letter_number_or_complaint_number_is_issued_again(
    run, office, tmp_path, monkeypatch, two_days
):
    archived = arsip_hashes(office)
    assert len(archived) == 2
    result = run("pulihkan", "2026-11-23")
    assert result.exit_code == 0, result.output
    applications, events, nomor = register_isi(office / "data")
    assert [a["noreg"] for a in applications] == ["2026-00001"]
    assert nomor["noreg"]["2026"] == 3 and nomor["surat"]["2026"] == 2 and nomor["aduan"]["2026"] == 1
    last = events[-1]
    assert last["aksi"] == "pulihkan" and last["noreg"] == "-"
    assert last["data"]["cadangan"] == "2026-11-23"
    assert last["data"]["nomor"] == {"noreg": {"2026": 3}, "surat": {"2026": 2}, "aduan": {"2026": 1}, "masuk": {}}
    assert (office / "data" / last["data"]["disisihkan"]).is_dir()
    assert run("periksa").exit_code == 0, run("periksa").output

    monkeypatch.setenv("DESA_WAKTU", "2026-11-23T10:00:00")
    again = ajukan(run, tmp_path)
    assert again == "2026-00004"
    assert urut_surat(cetak(run, again)) == 3
    complaint = run("aduan", "catat", "--nama", "Budi", "--isi", "Lagi", "--json")
    assert json.loads(complaint.stdout)["nomor"] == "ADU-2026-0002"
    now = arsip_hashes(office)
    assert {k: now[k] for k in archived} == archived  # the lost applicant's letter is still as printed
    assert len(now) == 3
    audit = run("periksa")
    assert audit.exit_code == 0, audit.output


def test_counters_also_rise_above_the_archive_and_earlier_set_aside_folders(
    run, office, tmp_path, monkeypatch, two_days
):
    assert run("pulihkan", "2026-11-23").exit_code == 0
    # A second restore of the same backup: the live register no longer shows 2026-00003 or letter 2,
    # only the first set-aside folder does; the archive shows 2026-00002.
    assert run("pulihkan", "2026-11-23").exit_code == 0
    _, _, nomor = register_isi(office / "data")
    assert nomor["noreg"]["2026"] == 3 and nomor["surat"]["2026"] == 2
    # Now with the folders gone too, the archive's file names still hold the noreg up.
    for aside in (office / "data").glob("rusak-*"):
        shutil.rmtree(aside)
    (office / "arsip" / "2026" / "2026-00007_keterangan-domisili.docx").write_bytes(b"letter")
    assert run("pulihkan", "2026-11-23").exit_code == 0
    _, _, nomor = register_isi(office / "data")
    assert nomor["noreg"]["2026"] == 7


def test_three_restores_in_one_second_keep_three_set_aside_folders(run, office, tmp_path, monkeypatch, two_days):
    monkeypatch.setenv("DESA_WAKTU", "2026-11-23T11:00:00")
    lost = snapshot(office / "data")
    for _ in range(3):
        assert run("pulihkan", "2026-11-23").exit_code == 0
    folders = sorted((office / "data").glob("rusak-*"))
    assert len(folders) == 3
    kept = [snapshot(folder) for folder in folders]
    assert any(k.get("permohonan-2026-11.json") == lost["permohonan-2026-11.json"] for k in kept)
    assert all((folder / "nomor.json").is_file() for folder in folders)


# --- all or nothing --------------------------------------------------------------------------------


def test_a_restore_cut_short_after_its_journal_is_finished_by_the_next_command(
    run, office, tmp_path, monkeypatch, two_days
):
    real = storage._finish

    def crash(folder, renames, *rest):
        os.replace(folder / renames[0][0], folder / renames[0][1])  # the set-aside folder, then the power goes
        raise PowerCut()

    monkeypatch.setattr(storage, "_finish", crash)
    with pytest.raises(PowerCut):
        run("pulihkan", "2026-11-23")
    monkeypatch.setattr(storage, "_finish", real)
    assert (office / "data" / storage.JOURNAL).exists()
    assert [r["noreg"] for r in json.loads(run("daftar", "--status", "semua", "--json").stdout)] == ["2026-00001"]
    assert run("periksa").exit_code == 0
    assert ajukan(run, tmp_path) == "2026-00004"


def test_a_pending_journal_is_finished_before_a_restore(run, office, tmp_path, monkeypatch, two_days):
    def crash(folder, renames, *rest):
        raise PowerCut()  # ajukan 2026-00004 written, its journal in place

    monkeypatch.setattr(storage, "_finish", crash)
    with pytest.raises(PowerCut):
        ajukan(run, tmp_path)
    monkeypatch.undo()
    monkeypatch.setenv("DESA_KANTOR", str(office))
    monkeypatch.setenv("DESA_WAKTU", "2026-11-23T12:00:00")
    assert (office / "data" / storage.JOURNAL).exists()
    assert run("pulihkan", "2026-11-23").exit_code == 0
    assert not (office / "data" / storage.JOURNAL).exists()
    applications, _, nomor = register_isi(office / "data")
    assert [a["noreg"] for a in applications] == ["2026-00001"]
    assert nomor["noreg"]["2026"] == 4  # the application the journal finished is kept aside and counted
    (aside,) = (office / "data").glob("rusak-*")
    assert b"2026-00004" in (aside / "permohonan-2026-11.json").read_bytes()
    assert run("periksa").exit_code == 0
    assert ajukan(run, tmp_path) == "2026-00005"


# --- a register damaged before it had any backup ----------------------------------------------------


def test_a_register_damaged_on_its_first_day_can_start_again_without_losing_numbers(run, office, tmp_path):
    first = ajukan(run, tmp_path)
    cetak(run, first)
    ajukan(run, tmp_path)
    assert run("pulihkan", "--mulai-baru").exit_code == 1  # not damaged: nothing to start again from
    path = office / "data" / "permohonan-2026-11.json"
    damaged = path.read_bytes()[:-30]
    path.write_bytes(damaged)
    refused = run("daftar")
    one_line_refusal(refused)
    assert "desa pulihkan --mulai-baru" in refused.stderr
    listing = run("pulihkan")
    one_line_refusal(listing)
    assert "--mulai-baru" in listing.stderr
    result = run("pulihkan", "--mulai-baru")
    assert result.exit_code == 0, result.output
    (aside,) = (office / "data").glob("rusak-*")
    assert (aside / "permohonan-2026-11.json").read_bytes() == damaged
    _, events, nomor = register_isi(office / "data")
    assert [e["aksi"] for e in events] == ["pulihkan"]
    assert events[0]["data"]["cadangan"] is None and events[0]["data"]["disisihkan"] == aside.name
    assert nomor["noreg"]["2026"] == 2 and nomor["surat"]["2026"] == 1
    assert run("periksa").exit_code == 0, run("periksa").output
    third = ajukan(run, tmp_path)
    assert third == "2026-00003"
    assert urut_surat(cetak(run, third)) == 2
    assert run("periksa").exit_code == 0


# --- backups are copies ----------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["truncate", "redirect"])
def test_a_file_changed_in_place_does_not_damage_any_backup(run, office, tmp_path, monkeypatch, how):
    monkeypatch.setenv("DESA_WAKTU", "2026-10-30T09:00:00")
    ajukan(run, tmp_path)  # last month's file: never replaced again by November's work
    for day in ("2026-11-19", "2026-11-20", "2026-11-23"):
        monkeypatch.setenv("DESA_WAKTU", f"{day}T09:00:00")
        ajukan(run, tmp_path)
    october = office / "data" / "permohonan-2026-10.json"
    original = october.read_bytes()
    if how == "truncate":
        with open(october, "r+b") as handle:  # Notepad saving in place
            handle.truncate(10)
    else:
        with open(october, "wb") as handle:  # `> permohonan-2026-10.json`
            handle.write(b"{")
    backups = cadangan.daftar_cadangan(office / "data")
    assert [b.name for b in backups] == ["2026-11-23", "2026-11-20", "2026-11-19"]
    for backup in backups:
        assert (backup / "permohonan-2026-10.json").read_bytes() == original
    listing = run("pulihkan")
    assert listing.output.count("baik") == 3, listing.output
    assert run("pulihkan", "2026-11-23").exit_code == 0
    assert october.read_bytes() == original
    assert run("periksa").exit_code == 0


# --- letters and temporary files ---------------------------------------------------------------


def test_a_lowered_counter_never_hands_out_a_number_again(run, office, tmp_path):
    first = ajukan(run, tmp_path)
    cetak(run, first)
    second = ajukan(run, tmp_path)
    cetak(run, second)
    archived = arsip_hashes(office)
    path = office / "data" / "nomor.json"
    nomor = json.loads(path.read_bytes())
    nomor["noreg"]["2026"] = 0
    nomor["surat"]["2026"] = 0
    path.write_text(json.dumps(nomor), encoding="utf-8")  # a hand edit
    third = ajukan(run, tmp_path)
    assert third == "2026-00003"
    assert urut_surat(cetak(run, third)) == 3
    now = arsip_hashes(office)
    assert {k: now[k] for k in archived} == archived
    book = json.loads(run("buku", "--json").stdout)
    assert [e["noreg"] for e in book] == [first, second, third]


def test_an_archived_letter_file_is_never_written_over_by_another_letter(run, office, tmp_path):
    noreg = ajukan(run, tmp_path)
    planted = office / "arsip" / "2026" / f"{noreg}_keterangan-domisili.docx"
    planted.parent.mkdir(parents=True)
    planted.write_bytes(b"another applicant's letter")
    printed = cetak(run, noreg)
    assert planted.read_bytes() == b"another applicant's letter"
    assert Path(printed["berkas"]).name == f"{noreg}_keterangan-domisili_2.docx"
    assert run("periksa").exit_code == 0
    again = cetak(run, noreg)  # the reprint is the same letter, its own file
    assert again["berkas"] == printed["berkas"] and not again["baru"]


@pytest.mark.skipif(not hasattr(os, "symlink") or os.name == "nt", reason="symlinks")
def test_a_symlink_planted_at_a_temporary_name_is_not_followed(run, office, tmp_path):
    noreg = ajukan(run, tmp_path)
    outside = tmp_path / "outside.docx"
    outside.write_bytes(b"not yours")
    os.chmod(outside, 0o644)
    folder = office / "arsip" / "2026"
    folder.mkdir(parents=True)
    os.symlink(outside, folder / f".{noreg}_keterangan-domisili.docx.tmp")  # the old fixed temp name
    printed = cetak(run, noreg)
    assert outside.read_bytes() == b"not yours"
    assert stat.S_IMODE(Path(printed["berkas"]).stat().st_mode) == 0o600
    # And the primitive itself: nothing is written through a link at the exact name.
    os.symlink(outside, tmp_path / "link")
    with pytest.raises(FileExistsError):
        berkas_aman.buat_baru(tmp_path / "link", b"secret")
    assert outside.read_bytes() == b"not yours"


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
def test_writing_over_a_world_readable_file_leaves_it_private(run, office, tmp_path):
    ajukan(run, tmp_path)
    out = tmp_path / "ekspor.csv"
    out.write_text("old", encoding="utf-8")
    os.chmod(out, 0o644)
    assert run("ekspor", "--bulan", "2026-11", "--keluar", str(out)).exit_code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600 and "noreg" in out.read_text(encoding="utf-8-sig")
    assert not list(tmp_path.glob(".*.tmp"))


# --- a read-only office ------------------------------------------------------------------------------

READING = (["daftar"], ["lihat", "2026-00001"], ["periksa"], ["riwayat"], ["buku"])


def _read_only(monkeypatch, how):
    if how == "lock":
        import filelock

        def refuse(self, *args, **kwargs):
            raise OSError(errno.EROFS, "Read-only file system", str(self.lock_file))

        monkeypatch.setattr(filelock.FileLock, "acquire", refuse)
    else:
        real_open = os.open

        def no_create(path, flags, *args, **kwargs):
            if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
                raise PermissionError(errno.EACCES, "Permission denied", str(path))
            return real_open(path, flags, *args, **kwargs)

        monkeypatch.setattr(os, "open", no_create)


@pytest.mark.parametrize("how", ["lock", "open"])
def test_a_read_only_office_still_answers_the_reading_commands(run, office, tmp_path, monkeypatch, how):
    noreg = ajukan(run, tmp_path)
    code = cetak(run, noreg)["kode_verifikasi"]
    before = snapshot(office / "data")
    _read_only(monkeypatch, how)
    for args in (*READING, ["verifikasi", code]):
        result = run(*args)
        assert result.exit_code == 0, (args, result.output)
    assert "2026-00001" in run("daftar", "--status", "semua").output
    refused = run("ajukan", "domisili", "--data", str(tmp_path / "isian.yaml"), "--ada", "semua")
    one_line_refusal(refused)
    assert "tidak bisa ditulis" in refused.stderr
    monkeypatch.undo()
    assert snapshot(office / "data") == before


def test_a_read_only_office_still_refuses_a_damaged_or_half_written_register(run, office, tmp_path, monkeypatch):
    ajukan(run, tmp_path)
    path = office / "data" / "permohonan-2026-11.json"
    good = path.read_bytes()
    path.write_bytes(good[:-20])
    _read_only(monkeypatch, "lock")
    for args in READING:
        one_line_refusal(run(*args))
    monkeypatch.undo()
    path.write_bytes(good)
    (office / "data" / storage.JOURNAL).write_bytes(b'{"renames": []}')
    _read_only(monkeypatch, "lock")
    result = run("daftar")
    one_line_refusal(result)
    assert (office / "data" / storage.JOURNAL).exists()  # not finished: the folder is not to be written


def _nobody_can_run_python() -> bool:
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or shutil.which("su") is None:
        return False
    try:
        import pwd

        pwd.getpwnam("nobody")
    except (ImportError, KeyError):
        return False
    probe = subprocess.run(["su", "nobody", "-s", "/bin/sh", "-c", f"{sys.executable} -c 'import desa_cli'"],
                           capture_output=True, cwd="/", env={**os.environ, "PYTHONPATH": str(REPO)},
                           check=False)  # fmt: skip
    return probe.returncode == 0


@pytest.mark.skipif(not _nobody_can_run_python(), reason="needs root and a user 'nobody' who can run this Python")
def test_a_read_only_copy_answers_as_an_unprivileged_user(run, office, tmp_path):
    ajukan(run, tmp_path)
    copy = tmp_path / "usb" / "kantor"
    shutil.copytree(office, copy)
    for path in [tmp_path / "usb", *copy.rglob("*")]:
        os.chmod(path, 0o555 if path.is_dir() else 0o444)
    os.chmod(copy, 0o555)
    env = {**os.environ, "PYTHONPATH": str(REPO), "DESA_KANTOR": str(copy), "HOME": "/tmp"}
    for args in READING:
        command = " ".join([sys.executable, "-m", "desa_cli", *args])
        out = subprocess.run(["su", "nobody", "-s", "/bin/sh", "-c", command],
                             capture_output=True, text=True, env=env, cwd="/", check=False)  # fmt: skip
        assert out.returncode == 0, (args, out.stderr)


def test_riwayat_shows_the_restore(run, office, tmp_path, monkeypatch, two_days):
    assert run("pulihkan", "2026-11-23").exit_code == 0
    shown = run("riwayat")
    assert shown.exit_code == 0 and "pulihkan" in shown.output and "2026-11-23" in shown.output


def test_mulai_baru_points_to_a_good_backup_and_is_there_when_none_is_good(run, office, tmp_path, two_days):
    path = office / "data" / "permohonan-2026-11.json"
    path.write_bytes(path.read_bytes()[:-30])
    refused = run("pulihkan", "--mulai-baru")
    one_line_refusal(refused)
    assert "desa pulihkan 2026-11-23" in refused.stderr
    backup = office / "data" / "cadangan" / "2026-11-23" / "nomor.json"
    nomor = json.loads(backup.read_bytes())
    nomor["rantai"]["hash"] = "0" * 64  # the only backup no longer passes the audit
    backup.unlink()
    backup.write_text(json.dumps(nomor), encoding="utf-8")
    assert "--mulai-baru" in run("pulihkan").output
    assert "--mulai-baru" in run("pulihkan", "2026-11-23").stderr
    assert run("pulihkan", "--mulai-baru").exit_code == 0
    assert ajukan(run, tmp_path) == "2026-00004"
