"""The queue board (desa papan): what the waiting room sees, when it is written, and its server."""

import datetime as dt
import http.client
import json
import os
import re
import shutil
import socket
import struct
import subprocess
import threading

import pytest
import yaml
from conftest import SITI, pakai_kantor

from desa_cli import papan, papan_html

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or "/usr/bin/chromium"
if not os.path.isfile(CHROMIUM):
    CHROMIUM = None

# The board is written from the register at every desk: on files and on PostgreSQL alike.
pytestmark = pytest.mark.dua_register


def ajukan(run, tmp_path, ada="semua", **pemohon):
    path = tmp_path / "isian-papan.yaml"
    path.write_text(yaml.safe_dump({**SITI, **pemohon}), encoding="utf-8")
    args = ["ajukan", "domisili", "--data", str(path), "--json"] + (["--ada", ada] if ada else [])
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)["noreg"]


def board(kantor) -> str:
    return papan.berkas(kantor).read_text(encoding="utf-8")


def section(html: str, name: str) -> str:
    return re.search(rf'<section class="{name}">(.*?)</section>', html, re.S).group(1)


@pytest.fixture
def antrean(run, kantor, tmp_path, monkeypatch):
    """A day at the counter: one late, one ready today, one missing papers, one handed over, one waiting."""
    pakai_kantor(monkeypatch, kantor, "2026-11-16T09:00:00")  # Monday: due Tuesday, late by Friday
    late = ajukan(run, tmp_path)
    pakai_kantor(monkeypatch, kantor, "2026-11-20T08:00:00")
    ready = ajukan(run, tmp_path, nama="Budi Santoso")
    missing = ajukan(run, tmp_path, ada="ktp_el")
    taken = ajukan(run, tmp_path)
    waiting = ajukan(run, tmp_path)
    for noreg in (ready, taken):
        assert run("cetak", noreg).exit_code == 0
    assert run("serahkan", taken).exit_code == 0
    pakai_kantor(monkeypatch, kantor, "2026-11-20T10:05:00")
    result = run("papan")
    assert result.exit_code == 0, result.stderr
    assert f"Papan ditulis: {papan.berkas(kantor)}" in result.stdout
    return {"late": late, "ready": ready, "missing": missing, "taken": taken, "waiting": waiting}


def test_the_board_shows_the_queue_in_order_with_initials_only(kantor, antrean):
    html = board(kantor)
    queue = section(html, "antrean")
    assert re.findall(r"2026-\d{5}", queue) == [antrean["late"], antrean["missing"], antrean["waiting"]]
    late_row = re.search(rf"<tr[^>]*>(?:(?!</tr>).)*{antrean['late']}.*?</tr>", queue, re.S).group(0)
    assert 'class="terlambat"' in late_row and "TERLAMBAT" in late_row and "3 hari" in late_row
    assert "TERLAMBAT" not in queue.replace(late_row, "")
    assert "Berkas kurang" in queue and "Diproses" in queue and "1 hari lagi" in queue
    ready = section(html, "siap")
    assert re.findall(r"2026-\d{5}", ready) == [antrean["ready"]] and "B.S." in ready
    assert antrean["taken"] not in html  # handed over: nothing left to collect
    assert "S.A." in queue
    for secret in ("Siti", "Aminah", "Budi", "Santoso", SITI["nik"], SITI["alamat"], "Blitar", "Petani"):
        assert secret not in html.replace("Desa Bacem", "")


def test_the_board_states_the_standard_and_where_to_complain(kantor, antrean):
    html = board(kantor)
    assert "Antrean Pelayanan Desa Bacem" in html and "Jumat, 20 November 2026" in html and "10.05" in html
    assert "Tidak dipungut biaya" in html and "Keterangan Domisili 1 hari kerja" in html
    assert "SP4N-LAPOR!" in html and "Ombudsman" in html
    assert '<meta http-equiv="refresh" content="30">' in html and 'lang="id"' in html
    # Nothing from elsewhere: no scripts, stylesheets, fonts or images to fetch.
    for outside in ("<script", "<link", "src=", "@import", "url(", "<img"):
        assert outside not in html.lower()


def test_a_fee_is_shown_where_a_service_charges_one(kantor):
    isi = papan.IsiPapan(kantor="Desa Bacem", waktu=dt.datetime(2026, 11, 20, 10, 0))
    isi.standar = [papan.StandarLayanan("Izin Keramaian", "3 hari kerja", papan.biaya_teks(15000))]
    html = papan_html.halaman(isi)
    assert "Izin Keramaian 3 hari kerja, Rp15.000" in html and "Tidak dipungut biaya" not in html


def test_every_stored_value_is_escaped():
    evil = '<script>alert("x")</script>'
    isi = papan.IsiPapan(kantor=f"Desa {evil}", waktu=dt.datetime(2026, 11, 20, 10, 0), gratis=True)
    row = papan.Baris(noreg=f"2026-00001{evil}", inisial=evil, layanan=evil, status=evil, sisa=2, tanda=evil)
    isi.antrean = [row]
    isi.siap = [row]
    isi.standar = [papan.StandarLayanan(evil, evil, evil)]
    isi.pengaduan = [evil]
    html = papan_html.halaman(isi)
    assert "<script" not in html.lower() and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_a_name_with_markup_gives_only_initials(run, kantor, tmp_path, monkeypatch):
    pakai_kantor(monkeypatch, kantor)
    assert run("papan").exit_code == 0
    ajukan(run, tmp_path, nama="<script>alert(1)</script> Budi")
    html = board(kantor)
    assert "<script" not in html.lower() and "alert" not in html and "S.A.S." in html


def test_initials():
    assert papan.inisial("Siti Aminah") == "S.A."
    assert papan.inisial("  muhammad   al-fatih bin ahmad ") == "M.A.F."  # three letters at most
    assert papan.inisial("Ni Luh Putu Ayu") == "N.L.P."
    assert papan.inisial("") == "-"


def test_rewritten_after_ajukan_and_cetak_once_enabled_not_before(run, kantor, tmp_path, monkeypatch):
    pakai_kantor(monkeypatch, kantor, "2026-11-20T09:00:00")
    first = ajukan(run, tmp_path)
    assert not (kantor / "papan").exists()  # no board until the office asks for one
    assert run("papan").exit_code == 0
    assert first in section(board(kantor), "antrean")
    pakai_kantor(monkeypatch, kantor, "2026-11-20T09:10:00")
    second = ajukan(run, tmp_path)
    html = board(kantor)
    assert second in section(html, "antrean") and "09.10" in html
    pakai_kantor(monkeypatch, kantor, "2026-11-20T09:20:00")
    assert run("cetak", first).exit_code == 0
    html = board(kantor)
    assert first in section(html, "siap") and first not in section(html, "antrean") and "09.20" in html
    # A command that only reads leaves the board as it was.
    pakai_kantor(monkeypatch, kantor, "2026-11-20T09:30:00")
    before = board(kantor)
    assert run("daftar").exit_code == 0 and run("lihat", first).exit_code == 0
    assert board(kantor) == before


def test_a_refused_command_leaves_the_board_as_it_was(run, kantor, tmp_path, monkeypatch):
    pakai_kantor(monkeypatch, kantor, "2026-11-20T09:00:00")
    missing = ajukan(run, tmp_path, ada="ktp_el")
    assert run("papan").exit_code == 0
    before = board(kantor)
    pakai_kantor(monkeypatch, kantor, "2026-11-20T09:30:00")
    assert run("cetak", missing).exit_code == 1  # papers missing: no letter, no change
    assert board(kantor) == before


def test_a_board_that_cannot_be_written_is_a_warning_not_a_failure(run, kantor, tmp_path, monkeypatch):
    pakai_kantor(monkeypatch, kantor)
    assert run("papan").exit_code == 0
    papan.berkas(kantor).unlink()
    papan.berkas(kantor).mkdir()  # something in the way of the page
    result = run("ajukan", "domisili", "--data", str(_isian(tmp_path)), "--ada", "semua", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["noreg"] == "2026-00001"
    assert result.stderr.startswith("Peringatan: papan antrean tidak diperbarui (")
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def _isian(tmp_path):
    path = tmp_path / "isian.yaml"
    path.write_text(yaml.safe_dump(SITI), encoding="utf-8")
    return path


def test_alamat_and_port_belong_to_sajikan(run, kantor, monkeypatch):
    pakai_kantor(monkeypatch, kantor)
    result = run("papan", "--port", "9000")
    assert result.exit_code == 2 and "--port hanya berlaku dengan --sajikan." in result.stderr
    assert not (kantor / "papan").exists()


def test_papan_is_listed_for_display(run):
    result = run("--help")
    heading = result.stdout.split("Untuk dipajang dan dilaporkan:")[1].split("Pengelolaan:")[0]
    assert "papan" in heading


# --- the server -----------------------------------------------------------------------------------


@pytest.fixture
def server(kantor, antrean):
    """The board served on a free port of 127.0.0.1, in a thread; shut down cleanly after."""
    srv = papan.buat_server(papan.berkas(kantor), "127.0.0.1", 0)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()
    thread.join()


def ask(srv, method, path):
    conn = http.client.HTTPConnection(*srv.server_address[:2], timeout=30)
    try:
        conn.request(method, path)
        response = conn.getresponse()
        return response.status, response.read(), dict(response.getheaders())
    finally:
        conn.close()


def test_the_server_gives_the_board_and_nothing_else(server, kantor, antrean):
    for path in ("/", "/index.html", "/?layar=1"):
        status, body, headers = ask(server, "GET", path)
        assert status == 200 and antrean["late"].encode() in body
        assert headers["Content-Type"] == "text/html; charset=utf-8" and headers["Cache-Control"] == "no-store"
        assert "default-src 'none'" in headers["Content-Security-Policy"]
    for path in ("/papan/index.html", "/../kantor.yaml", "/kantor.yaml", "/data/nomor.json", "/papan/", "/%2e%2e/"):
        status, body, _ = ask(server, "GET", path)
        assert status == 404 and b"Bacem" not in body
    for method in ("POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "FOO"):
        status, _, headers = ask(server, method, "/")
        assert status == 405 and headers["Allow"] == "GET, HEAD"
    status, body, _ = ask(server, "HEAD", "/")
    assert status == 200 and body == b""


def test_the_server_reads_the_board_fresh_from_disk(server, kantor):
    papan.berkas(kantor).write_text("<p>baru</p>", encoding="utf-8")
    assert ask(server, "GET", "/")[1] == b"<p>baru</p>"


def test_the_server_may_write_the_board_before_reading_it(kantor, tmp_path):
    path = tmp_path / "papan" / "index.html"
    calls = []

    def segarkan():
        calls.append(1)
        if len(calls) == 1:
            path.parent.mkdir(exist_ok=True)
            path.write_text("<p>pertama</p>", encoding="utf-8")
        else:
            raise RuntimeError("register sibuk")  # the page already on disk is served all the same

    srv = papan.buat_server(path, "127.0.0.1", 0, segarkan)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        assert ask(srv, "GET", "/")[:2] == (200, b"<p>pertama</p>")
        assert ask(srv, "GET", "/index.html")[:2] == (200, b"<p>pertama</p>")
        assert ask(srv, "GET", "/lain")[0] == 404 and len(calls) == 2  # no work for a path not served
    finally:
        srv.shutdown()
        srv.server_close()
        thread.join()


def test_sajikan_stops_cleanly_on_ctrl_c(run, kantor, monkeypatch):
    pakai_kantor(monkeypatch, kantor)
    made = []
    real = papan.buat_server

    def interrupted(*args, **kwargs):
        srv = real(*args, **kwargs)
        made.append(srv)

        def stop():
            raise KeyboardInterrupt

        srv.serve_forever = stop
        return srv

    monkeypatch.setattr(papan, "buat_server", interrupted)
    result = run("papan", "--sajikan", "--port", "0")
    assert result.exit_code == 0, result.stderr
    assert "Papan disajikan di http://localhost:" in result.stdout and "Ctrl-C" in result.stdout
    assert result.stdout.rstrip().endswith("Papan berhenti disajikan.")
    assert made and made[0].socket.fileno() == -1  # the port is given back


def test_a_port_in_use_is_one_clear_line(run, kantor, monkeypatch):
    pakai_kantor(monkeypatch, kantor)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run("papan", "--sajikan", "--port", str(port))
    assert result.exit_code == 1
    expected = f"Kesalahan: Port {port} di 127.0.0.1 sudah dipakai program lain; pilih --port yang lain."
    assert result.stderr.strip() == expected


def test_an_address_not_of_this_computer_is_one_clear_line(run, kantor, monkeypatch):
    pakai_kantor(monkeypatch, kantor)
    result = run("papan", "--sajikan", "--alamat", "192.0.2.1", "--port", "0")  # TEST-NET-1: nobody's
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    line = result.stderr.strip()
    assert line.startswith("Kesalahan: Papan tidak bisa disajikan di 192.0.2.1:0 (") and "\n" not in line


# --- a real browser -------------------------------------------------------------------------------


@pytest.mark.skipif(CHROMIUM is None and not os.environ.get("DESA_UJI_TERPASANG"), reason="Chromium is not installed")
def test_the_served_board_in_a_real_browser(server, antrean, tmp_path):
    assert CHROMIUM is not None, "CI must have Chromium (.ci/run installs it)"
    url = "http://{}:{}/".format(*server.server_address[:2])
    # No background connections: this machine's network is closed and each refusal costs time.
    base = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            f"--user-data-dir={tmp_path / 'cr'}"]  # fmt: skip
    dom = subprocess.run([*base, "--dump-dom", url], capture_output=True, text=True, timeout=120, check=True).stdout
    assert antrean["late"] in dom and antrean["ready"] in dom and "S.A." in dom and "B.S." in dom
    assert "Tidak dipungut biaya" in dom and "TERLAMBAT" in dom and SITI["nik"] not in dom
    shot = tmp_path / "papan.png"
    subprocess.run([*base, f"--screenshot={shot}", "--window-size=1920,1080", url],
                   capture_output=True, timeout=120, check=True)  # fmt: skip
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    assert struct.unpack(">II", data[16:24]) == (1920, 1080)
    assert len(data) > 20_000  # a page drawn, not a blank image


@pytest.mark.hanya_berkas("daily backups and their restore are the file register's (PostgreSQL: pulihkan --dump)")
def test_a_restore_writes_the_board_again(run, kantor, tmp_path, monkeypatch):
    pakai_kantor(monkeypatch, kantor, "2026-11-20T09:00:00")
    kept = ajukan(run, tmp_path)
    assert run("papan").exit_code == 0
    pakai_kantor(monkeypatch, kantor, "2026-11-23T09:00:00")  # the day's backup holds Friday's register
    undone = ajukan(run, tmp_path)
    assert undone in board(kantor)
    result = run("pulihkan", "2026-11-23")
    assert result.exit_code == 0, result.stderr
    html = board(kantor)
    assert kept in html and undone not in html


def test_a_letter_made_outside_desa_does_not_stop_the_board(run, tmp_path, monkeypatch):
    """`desa buku catat` writes a book entry with no application: the board is rewritten without
    a warning, and the entry is not a letter to fetch."""
    from conftest import buat_kantor, pakai_kantor

    kantor = buat_kantor(tmp_path / "luar")
    pakai_kantor(monkeypatch, kantor)
    assert run("papan").exit_code == 0
    result = run("buku", "catat", "--klasifikasi", "005", "--perihal", "Undangan musyawarah", "--tujuan", "BPD")
    assert result.exit_code == 0, result.stderr
    assert "papan antrean tidak diperbarui" not in result.stderr
    html = (kantor / "papan" / "index.html").read_text(encoding="utf-8")
    assert "Undangan musyawarah" not in html and "BPD" not in html
