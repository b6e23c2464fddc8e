"""Checking a letter away from the counter: what the letter's QR code holds, and the static page
(`desa verifikasi terbitkan FOLDER`) the village website can host to check a code in the browser.

The QR is a standard QR (never Micro QR, which phone cameras do not read). With `verifikasi_url`
in kantor.yaml it holds `<url>#<KODE>`: the code goes in the fragment, which a browser never
sends to the server, so any static host (a desa.id CMS upload, a plain web server, the page opened
from a USB stick as file://) serves the same index.html, no server log records which letter was
checked, and the page reads the code from `location.hash` itself. Without an address it holds a
short text naming the letter and where to check it.

The page holds no code in the clear: each letter is keyed by an iterated SHA-256 of a per-page
salt and its code, so the published list cannot be copied onto forged letters. Each entry has
only the number, date, service, the applicant's name masked, the status and the SHA-256 of the
archived letter (no NIK, address or birth date).
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import secrets
from pathlib import Path

# `verifikasi_url` in kantor.yaml (yamlskema.Text's pattern and hint): http(s), a host, a plain path;
# no query, fragment, user, quote or space, since the code is appended as "#KODE".
URL_VERIFIKASI = (
    r"https?://[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::\d{1,5})?(?:/[A-Za-z0-9._~%/-]*)?",
    "alamat http(s) halaman verifikasi tanpa spasi, ? atau #, seperti https://bacem.desa.id/verifikasi/",
)
ULANG = 2000  # SHA-256 rounds of a key: the same in the page's JavaScript
STATUS = {"terbit": "sah", "batal": "batal"}


def isi_qr(kantor: dict, surat: dict) -> str:
    """What the QR holds: the verification address with the code, or a short text saying where to
    check. `kantor` and `surat` are the letter's context parts."""
    kode = surat["kode_verifikasi"]
    url = kantor.get("verifikasi_url")
    if url:
        return f"{url}#{kode}"
    # For the bank or police officer who scans it: the office to ask, and how to reach it. (Not
    # the `desa verifikasi` command: only the office's clerk can run it, and every character
    # makes the QR denser.)
    telepon = f", telp. {kantor['telepon']}" if kantor.get("telepon") else ""
    return (
        f"Surat {kantor['nama']} No. {surat['nomor']}, kode verifikasi {kode}. "
        f"Tanyakan keasliannya ke kantor {kantor['nama']}{telepon}."
    )


def gambar_qr(isi: str) -> bytes:
    """A standard QR (error correction M, the smallest version that fits) as PNG."""
    import io

    import segno

    out = io.BytesIO()
    segno.make_qr(isi, error="m", boost_error=False).save(out, kind="png", scale=8, border=2)
    return out.getvalue()


def samarkan_nama(nama: str) -> str:
    """'Siti Aminah' -> 'S*** A*****': the first letter of each word."""
    return " ".join(word[0] + "*" * (len(word) - 1) for word in (nama or "").split())


def kunci(kode: str, garam: str) -> str:
    """The key of a code on the page: SHA-256 of 'salt:code', hashed again ULANG-1 times."""
    digest = hashlib.sha256(f"{garam}:{kode}".encode()).digest()
    for _ in range(ULANG - 1):
        digest = hashlib.sha256(digest).digest()
    return digest.hex()


def entri_buku(tx) -> list:
    """Every letter of every year's book, by year and number."""
    from . import buku_surat

    names = (re.fullmatch(r"surat-(\d{4})", name) for name in tx.daftar("surat-"))
    years = sorted(int(m.group(1)) for m in names if m)
    # A letter made outside desa (desa buku catat) has no verification code: not on the page.
    return [entry for year in years for entry in buku_surat.daftar(tx, year) if entry.get("kode_verifikasi")]


def data_halaman(entries: list, kantor, garam: str, terbit: str) -> dict:
    """The page's data: the office, when it was published, and the letters by key."""
    from .kalender import tanggal

    surat = {}
    for entry in entries:
        surat[kunci(entry["kode_verifikasi"], garam)] = {
            "nomor": entry["nomor"],
            "tanggal": tanggal(entry["tanggal"]),
            "layanan": entry["layanan_nama"],
            "nama": samarkan_nama(entry["nama"]),
            "status": STATUS.get(entry["status"], "batal"),
            "sha256": entry.get("sha256") or "",
        }
    return {"kantor": kantor.nama, "terbit": terbit, "garam": garam, "ulang": ULANG, "surat": surat}


def _json_dalam_html(data: dict) -> str:
    """JSON safe inside <script>: nothing in it can close the element or start markup."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    for char in "<>&\u2028\u2029":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text


def halaman(data: dict) -> str:
    """index.html: the data inside it (so it works from file:// too), checked by plain JavaScript."""
    template = (Path(__file__).parent / "data" / "verifikasi.html").read_text(encoding="utf-8")
    return template.replace("{{KANTOR}}", html.escape(data["kantor"])).replace("{{DATA}}", _json_dalam_html(data))


def terbitkan(tx, kantor, folder: Path, terbit: str) -> int:
    """Write index.html and surat.json into `folder`; the number of letters on the page."""
    data = data_halaman(entri_buku(tx), kantor, secrets.token_hex(16), terbit)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.html").write_text(halaman(data), encoding="utf-8")
    (folder / "surat.json").write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return len(data["surat"])
