"""The queue board (papan antrean): a page for a screen in the waiting room, and its small server.

The board shows what the public may see of the queue: the open applications, priority services
(marked "prioritas", never the group) first and then in order of arrival,
the letters ready today and the service standard. It names applicants by their initials only: a
screen in a waiting room is read by everyone in it, so no full name, NIK or address is ever on it.

An office has a board once `desa papan` made its folder (`<kantor>/papan/`); from then on every
command that changes the register writes it again (perintah/_bersama.py), so it follows the
counter without a server running. `sajikan` serves that one file, read-only, on the office network.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .katalog import TANPA_BIAYA, format_rupiah
from .kesalahan import DesaError
from .prioritas import grup
from .register import TERBUKA

FOLDER = "papan"
BERKAS = "index.html"

# Said on every board even when no service file is at hand: the national complaint channel.
PENGADUAN_UMUM = ("SP4N-LAPOR! di www.lapor.go.id atau SMS ke 1708",)

STATUS_PAPAN = {"belum_lengkap": "Berkas kurang", "lengkap": "Diproses"}
TANDA_PRIORITAS = "prioritas"  # beside the number of a priority service (UU 25/2009 Pasal 29)


@dataclass
class Baris:
    """One application as the board shows it."""

    noreg: str
    inisial: str
    layanan: str
    status: str
    sisa: int | None = None  # working days left until the deadline; None while papers are missing
    # "prioritas" for a priority service (prioritas.py): never the group, which may be a disability
    # or a pregnancy, only that the law puts this applicant first.
    tanda: str = ""

    @property
    def terlambat(self) -> bool:
        return self.sisa is not None and self.sisa < 0


@dataclass
class StandarLayanan:
    nama: str
    waktu: str
    biaya: str


@dataclass
class IsiPapan:
    """Everything the page shows, already reduced to what the public may see."""

    kantor: str
    waktu: dt.datetime
    antrean: list = field(default_factory=list)
    siap: list = field(default_factory=list)
    standar: list = field(default_factory=list)
    pengaduan: list = field(default_factory=list)
    gratis: bool = False  # every service on the board (or, on an empty board, of the office) is free


def berkas(folder_kantor: Path) -> Path:
    return Path(folder_kantor) / FOLDER / BERKAS


def aktif(folder_kantor: Path) -> bool:
    """Whether the office has a board: `desa papan` was run once and made its folder."""
    return (Path(folder_kantor) / FOLDER).is_dir()


def inisial(nama: str) -> str:
    """`Siti Aminah` -> `S.A.`: enough for an applicant to find their own line, not to name them."""
    words = re.findall(r"[^\W\d_]+", nama or "")
    return "".join(f"{word[0].upper()}." for word in words[:3]) or "-"


def waktu_teks(hari_kerja: int) -> str:
    return "Selesai hari itu juga" if hari_kerja == 0 else f"{hari_kerja} hari kerja"


def biaya_teks(tarif) -> str:
    return TANPA_BIAYA if not tarif else format_rupiah(int(tarif))


def _baris(record: dict, sisa: int | None) -> Baris:
    return Baris(
        noreg=record["noreg"],
        inisial=inisial(record["pemohon"].get("nama", "")),
        layanan=record.get("layanan_nama") or record["layanan"],
        status=STATUS_PAPAN.get(record["status"], record["status"]),
        sisa=sisa if record["status"] in TERBUKA else None,
        tanda=TANDA_PRIORITAS if grup(record) and record["status"] in TERBUKA else "",
    )


def siap_hari_ini(reg, hari_ini: dt.date) -> list:
    """Letters printed today and not yet handed over, by letter number (the book of the year)."""
    from . import buku_surat

    noregs = [
        e["noreg"]
        for e in buku_surat.daftar(reg.tx, hari_ini.year)
        # letters made outside desa (`desa buku catat`) have no application and nothing to fetch
        if e.get("noreg") and e.get("tanggal") == hari_ini.isoformat() and e.get("status") == "terbit"
    ]
    records = []
    for noreg in dict.fromkeys(noregs):
        try:
            record = reg.ambil(noreg)
        except DesaError:  # a book entry without its application: `desa periksa` reports it, not the board
            continue
        if record["status"] == "selesai":
            records.append(record)
    return records


def kumpulkan(reg, kantor, katalog=None) -> IsiPapan:
    """What the board shows now, read inside a register transaction. `katalog` (the catalogue in
    force, optional) gives the complaint channels of the services on the board."""
    records, sisa = reg.antrean()
    siap = siap_hari_ini(reg, reg.sekarang.date())
    isi = IsiPapan(kantor=kantor.nama, waktu=reg.sekarang)
    isi.antrean = [_baris(r, sisa.get(r["noreg"])) for r in records]
    isi.siap = [_baris(r, None) for r in siap]
    services: dict = {}
    for record in records + siap:
        # The standard the applicant was promised: what was recorded when the application was taken.
        services.setdefault(
            record["layanan"],
            StandarLayanan(
                record.get("layanan_nama") or record["layanan"],
                waktu_teks(int(record.get("hari_kerja") or 0)),
                biaya_teks(record.get("biaya")),
            ),
        )
    isi.standar = sorted(services.values(), key=lambda s: s.nama)
    if services:
        isi.gratis = all(s.biaya == TANPA_BIAYA for s in isi.standar)
    elif katalog is not None:
        own = [s for s in katalog.layanan.values() if (s.tingkat == "kecamatan") == (kantor.tingkat == "kecamatan")]
        isi.gratis = bool(own) and all(not s.data["biaya"]["tarif"] for s in own)
    isi.pengaduan = saluran_pengaduan(kantor, katalog, list(services))
    return isi


def saluran_pengaduan(kantor, katalog, kode_layanan: list) -> list:
    """The complaint channels: those of the services on the board (their catalogue files), else
    the national one; and the office's own telephone and e-mail from kantor.yaml."""
    lines: list = []
    found = katalog.layanan if katalog is not None else {}
    for kode in kode_layanan:
        if kode in found:
            lines.extend(found[kode].data.get("pengaduan") or ())
    if not lines and found:  # an empty board: the office's own services say where to complain
        for layanan in found.values():
            if layanan.tingkat == kantor.tingkat:
                lines.extend(layanan.data.get("pengaduan") or ())
                break
    lines.extend(PENGADUAN_UMUM)
    for key, label in (("telepon", "Telepon kantor"), ("email", "E-mail kantor")):
        if kantor.data.get(key):
            lines.append(f"{label}: {kantor.data[key]}")
    return list(dict.fromkeys(line for line in lines if isinstance(line, str) and line.strip()))


def tulis(folder_kantor: Path, halaman: str) -> Path:
    """Write the page atomically: a screen refreshing mid-write gets the old page or the new one."""
    from .berkas_aman import write_private

    path = berkas(folder_kantor)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_private(path, halaman.encode("utf-8"))
    return path


# --- the server ---------------------------------------------------------------------------------

JALUR = ("/", "/index.html")
# The page is data of the office: no script, no frame, nothing fetched from elsewhere.
KEAMANAN = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


def buat_server(path: Path, alamat: str, port: int, segarkan=None):
    """A server that answers GET (and HEAD) of / and /index.html with the board at `path`, read
    from disk at each request, and nothing else: any other path is 404, any other method 405.
    `segarkan()`, when given, is called before a read (it may write the board again; its errors
    are swallowed, the page on disk is served). Call `serve_forever()`, then `server_close()`."""
    from http.server import ThreadingHTTPServer

    class Server(ThreadingHTTPServer):
        daemon_threads = True
        # A restart right after Ctrl-C may bind again at once; on Windows SO_REUSEADDR would instead let
        # two servers share the port, so it stays off there (http.server turns it on by default).
        allow_reuse_address = os.name != "nt"

    return Server((alamat, port), _penjawab(path, segarkan))


def _penjawab(path: Path, segarkan):
    """The request handler class of `buat_server`, bound to the board at `path`."""
    from http.server import BaseHTTPRequestHandler

    class Penjawab(BaseHTTPRequestHandler):
        def version_string(self):
            return "desa-papan"

        timeout = 10  # a silent client does not hold a thread for ever

        def __getattr__(self, name):
            # http.server looks up do_<METHOD>; every method but GET and HEAD is refused alike.
            if name.startswith("do_"):
                return self._metode_lain
            raise AttributeError(name)

        def do_GET(self):
            self._jawab(kirim_isi=True)

        def do_HEAD(self):
            self._jawab(kirim_isi=False)

        def _metode_lain(self):
            self._kirim(405, b"Metode tidak diizinkan.\n", {"Allow": "GET, HEAD"}, True)

        def _jawab(self, kirim_isi: bool):
            if self.path.split("?", 1)[0] not in JALUR:
                self._kirim(404, b"Tidak ada. Papan antrean ada di /\n", {}, kirim_isi)
                return
            if segarkan is not None:
                try:
                    segarkan()
                except Exception:  # a busy or broken register: the last board written still serves
                    pass
            try:
                body = path.read_bytes()
            except OSError:
                self._kirim(503, b"Papan belum tersedia. Jalankan 'desa papan'.\n", {}, kirim_isi)
                return
            self._kirim(200, body, {"Content-Type": "text/html; charset=utf-8"}, kirim_isi)

        def _kirim(self, code: int, body: bytes, headers: dict, kirim_isi: bool):
            self.send_response(code)
            headers = {"Content-Type": "text/plain; charset=utf-8", **headers, **KEAMANAN}
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if kirim_isi:
                self.wfile.write(body)

        def log_message(self, format, *args):  # a screen asks every 30 s: nothing to tell the clerk
            pass

    return Penjawab
