"""Letters: the template context, rendering a .docx with docxtpl, and numbers (PDF and printing: cetak.py).

Rendering uses a sandboxed Jinja environment: a template or a catalogue body cannot reach
Python. The .docx is rendered with autoescaping, so `Jl. Melati & Mawar <RT 01>` comes out as
typed; a catalogue body (`surat.isi`) is first rendered to plain text and escaped once when it
goes into the document.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import io
import os
import re
import secrets
from pathlib import Path

from . import naskah
from .kalender import hari_tanggal, tanggal
from .katalog import NAMA_ISIAN_PEMOHON, format_rupiah
from .kesalahan import DesaError

TEMPLAT_UMUM = "surat.docx"
ROMAWI = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
# No 0/O, 1/I/L: a code read aloud or typed from paper must not be mistaken.
_HURUF_KODE = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
# What every template may use besides the service's own fields.
NAMA_KONTEKS = frozenset({"kantor", "kop", "surat", "ttd", "pemohon", "isi", "qr", "logo", "loop", "wilayah"})


class SuratError(DesaError):
    pass


def jinja_env(autoescape: bool):
    """The hardened sandbox (desa_cli.templat) with the letter filters: every render path uses it."""
    from .templat import lingkungan

    env = lingkungan(autoescape)
    env.filters["tanggal"] = lambda v: tanggal(v) if v else ""
    env.filters["hari_tanggal"] = lambda v: hari_tanggal(v) if v else ""
    env.filters["rupiah"] = lambda v: format_rupiah(int(v)) if v not in (None, "") else ""
    env.filters["kalimat"] = naskah.kalimat
    env.filters["kelamin"] = naskah.kelamin
    env.filters["hari_selesai"] = naskah.hari_selesai
    env.filters["umur"] = naskah.umur
    env.filters["terbilang"] = naskah.terbilang
    return env


def _ditolak(siapa: str, exc: BaseException) -> SuratError:
    from .templat import pesan_tolak

    return SuratError(
        f"{siapa} ditolak: memakai hal yang tidak diizinkan ({pesan_tolak(exc)}); tidak ada yang dicetak. "
        "Pakai templat bawaan atau minta templat yang benar, lalu periksa dengan 'desa katalog periksa'."
    )


def kode_verifikasi() -> str:
    code = "".join(secrets.choice(_HURUF_KODE) for _ in range(10))
    return f"{code[:5]}-{code[5:]}"


def normal_kode(text: str) -> str:
    code = re.sub(r"[^0-9A-Za-z]", "", text or "").upper()
    return f"{code[:5]}-{code[5:]}" if len(code) == 10 else code


def nomor_surat(format_nomor: str, kode: str, urut: int, kode_desa: str, hari: dt.date) -> str:
    try:
        return format_nomor.format(
            kode=kode, urut=urut, kode_desa=kode_desa, bulan_romawi=ROMAWI[hari.month - 1], tahun=hari.year,
            bulan=hari.month,
        )  # fmt: skip
    except (KeyError, IndexError, ValueError, AttributeError) as exc:
        raise SuratError(
            f"format_nomor di kantor.yaml salah ({exc}); yang boleh dipakai: {{kode}}, {{urut:03d}}, "
            "{kode_desa}, {bulan_romawi}, {bulan}, {tahun}."
        ) from None


def penandatangan(kantor, kunci: str) -> dict:
    """The signatory as printed (penandatangan.bentuk), with the office's region after the title."""
    from . import penandatangan as ttd

    try:
        signer = ttd.bentuk(kantor, kunci)
    except DesaError as exc:
        raise SuratError(str(exc)) from None
    return {**signer, "menerangkan": signer["menerangkan"] + _wilayah_atas(kantor)}


def _wilayah_atas(kantor) -> str:
    from .wilayah import nama_kabupaten

    d = kantor.data
    kab = nama_kabupaten(d["kabupaten"], d.get("kode_wilayah"))
    if kantor.tingkat == "kecamatan":
        return f", {kab}"
    return f", Kecamatan {d['kecamatan']}, {kab}"


def periksa_alamat(kantor) -> None:
    """A letterhead without the office's address is refused (tata naskah dinas: the kop carries
    the address, postal code, phone and e-mail)."""
    if not (kantor.data.get("alamat") or "").strip():
        raise SuratError(
            "Alamat kantor belum ada; surat tidak dicetak. Isi dengan 'desa kantor ubah alamat \"Jl. ...\"' "
            f"(baris alamat: di {kantor.folder / 'kantor.yaml'}), lalu cetak lagi."
        )


def kop(kantor) -> dict:
    from .wilayah import nama_kabupaten

    periksa_alamat(kantor)
    d = kantor.data
    pemerintah = nama_kabupaten(d["kabupaten"], d.get("kode_wilayah"))
    alamat = ", ".join(x for x in (d.get("alamat"), f"Kode Pos {d['kode_pos']}" if d.get("kode_pos") else None) if x)
    # "Telepon ... Pos-el ..." as the kop of tata naskah dinas writes them (Pos-el: KBBI's e-mail).
    kontak = "  ".join(
        x
        for x in (
            f"Telepon {d['telepon']}" if d.get("telepon") else None,
            f"Pos-el {d['email']}" if d.get("email") else None,
        )
        if x
    )
    return {
        "pemerintah": f"PEMERINTAH {pemerintah.upper()}",
        "kecamatan": "" if kantor.tingkat == "kecamatan" else f"KECAMATAN {d['kecamatan'].upper()}",
        "kantor": kantor.nama.upper(),
        "alamat": alamat,
        "kontak": kontak,
    }


def konteks(record: dict, layanan, kantor, cetakan: dict) -> dict:
    """Everything a template may use: the office, the letter, the signatory, the applicant, and
    the service's own fields by name; plain data only."""
    from .templat import polos

    data_surat = layanan.data["surat"]
    jenis = data_surat.get("jenis") or "keterangan"
    sampai = naskah.berlaku_sampai(cetakan["tanggal"], data_surat.get("masa_berlaku"))
    context = {name: None for name in (f["nama"] for f in layanan.data["isian"])}
    context.update(record["isian"])
    context.update(record["pemohon"])
    context["alamat"] = naskah.pemohon(record["pemohon"], kantor.tingkat)["alamat"]  # the built line
    context.update(
        {
            "kantor": {**kantor.data, "nama": kantor.nama, "tempat": _tempat(kantor)},
            "kop": kop(kantor),
            "surat": {
                "judul": data_surat["judul"].upper(),
                "nomor": cetakan["nomor"],
                "tanggal": tanggal(cetakan["tanggal"]),
                "kode_verifikasi": cetakan["kode_verifikasi"],
                "jenis": jenis,
                "penutup": data_surat.get("penutup") or naskah.PENUTUP[jenis],
                "tujuan": [],
                "berlaku_sampai": tanggal(sampai) if sampai else "",
            },
            "ttd": cetakan["penandatangan"],
            "pemohon": naskah.pemohon(record["pemohon"], kantor.tingkat),
            "wilayah": naskah.wilayah(kantor),
        }
    )
    context = polos(context)
    context["surat"]["tujuan"] = _baris(data_surat.get("tujuan"), context, layanan, "surat.tujuan")
    # The validity line closes the body, in every template (an office's own too).
    context["isi"] = _baris(data_surat.get("isi"), context, layanan, "surat.isi") + naskah.baris_berlaku(sampai)
    return context


def _baris(source: str | None, context: dict, layanan, bagian: str) -> list:
    """A catalogue text (`surat.isi`, `surat.tujuan`) filled in, as its non-empty lines."""
    from jinja2.sandbox import SecurityError

    try:
        text = jinja_env(autoescape=False).from_string(source or "").render(context)
    except SecurityError as exc:  # a catalogue travels between offices too
        raise _ditolak(f"Teks surat ({bagian}) layanan {layanan.kode} di {Path(layanan.sumber).name}", exc) from None
    except Exception as exc:  # a clerk's body text: say where, never a traceback
        raise SuratError(f"Teks surat ({bagian}) layanan {layanan.kode} tidak bisa diisi: {exc}") from None
    return [line.strip() for line in text.splitlines() if line.strip()]


def _tempat(kantor) -> str:
    return kantor.data["kecamatan"] if kantor.tingkat == "kecamatan" else kantor.data["desa"]


def cari_templat(nama: str, folder_kantor: Path | None) -> Path:
    """An office's own template of that name wins over the bundled one."""
    from .katalog import bundled_templates

    candidates = []
    if folder_kantor is not None:
        candidates.append(folder_kantor / nama)
    candidates.append(bundled_templates() / nama)
    for path in candidates:
        if path.is_file():
            return path
    raise SuratError(f"Templat surat '{nama}' tidak ditemukan di templates_surat kantor maupun bawaan.")


def _docx_templat(path: Path, gambar: dict):
    """A DocxTemplate that puts each picture in `gambar` ({name: (png bytes, width, height)}) into
    the part being rendered as a ready-made run of XML (templat.Gambar, a Markup). The template sees only text; the
    picture is registered with the part it appears in, as docxtpl's InlineImage does."""
    from docxtpl import DocxTemplate, InlineImage

    from .templat import Gambar

    class Templat(DocxTemplate):
        def render_xml_part(self, src_xml, part, context, jinja_env=None):
            context = dict(context)
            for name, (data, width, height) in gambar.items():
                if re.search(rf"\b{name}\b", src_xml):
                    self.current_rendering_part = part
                    image = InlineImage(self, io.BytesIO(data), width=width, height=height)
                    context[name] = Gambar(str(image))
            return super().render_xml_part(src_xml, part, context, jinja_env)

    return Templat(str(path))


def render(templat: Path, context: dict, logo: Path | None, kertas: str, tata: dict | None = None) -> bytes:
    """The finished .docx as bytes. The template sees plain data only: `qr` and `logo` are the
    picture's XML as text, never an object it could call. `tata` (kantor.yaml) may set the body
    font (`huruf`, `ukuran_huruf`) and the margins (`margin`, cm): they apply to every template,
    an office's own too; what kantor.yaml leaves out stays as the template has it."""
    from docx.shared import Mm
    from jinja2.sandbox import SecurityError

    from .templat import Gambar, polos
    from .verifikasi_web import gambar_qr, isi_qr

    # A standard QR a phone camera reads: the verification address with the code, or where to check.
    gambar = {"qr": (gambar_qr(isi_qr(context["kantor"], context["surat"])), Mm(24), None)}
    if logo is not None:
        gambar["logo"] = (logo.read_bytes(), None, Mm(24))
    doc = _docx_templat(templat, gambar)
    context = polos(context)
    # Outside the parts that show them (core properties) the pictures are empty text.
    context["qr"] = Gambar("")
    context["logo"] = Gambar("") if logo is not None else None
    try:
        doc.render(context, jinja_env=jinja_env(autoescape=True), autoescape=True)
    except SecurityError as exc:
        raise _ditolak(f"Templat {templat.name}", exc) from None
    except Exception as exc:  # an office's edited template: name it
        raise SuratError(f"Templat {templat.name} tidak bisa diisi: {exc}") from None
    if kertas == "a4":
        for section in doc.docx.sections:
            section.page_width, section.page_height = Mm(210), Mm(297)
    _tata(doc.docx, tata or {})
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _tata(docx, tata: dict) -> None:
    from . import dokumen

    style = docx.styles["Normal"]
    huruf = tata.get("huruf") or style.font.name or dokumen.FONT
    ukuran = tata.get("ukuran_huruf") or (style.font.size.pt if style.font.size else dokumen.UKURAN_SURAT)
    dokumen.tata(docx, huruf, ukuran, tata.get("margin"))


def tulis_arsip(path: Path, data: bytes) -> str:
    """Write the letter as `path`, a new file: an archived letter is never written over (a reprint
    of a letter whose file is still there writes nothing). Written under a temporary name created
    exclusively (a symlink planted there is never followed), fsynced, then renamed. Returns its
    SHA-256."""
    from .berkas_aman import write_private

    path.parent.mkdir(parents=True, exist_ok=True)
    if os.path.lexists(path):
        raise FileExistsError(errno.EEXIST, "arsip surat tidak ditimpa", str(path))
    write_private(path, data)
    return hashlib.sha256(data).hexdigest()


def tulis_salinan(path: Path, data: bytes) -> None:
    """A desk's working copy of a letter kept in the database: written whole, replacing the old copy."""
    from .berkas_aman import write_private

    path.parent.mkdir(parents=True, exist_ok=True)
    write_private(path, data)


def berkas_arsip_bebas(folder: Path, relative: Path, tersimpan=None) -> Path:
    """`relative` (arsip/<tahun>/<noreg>_<layanan>.docx), or when a file is already there (left by a
    print cut short, or another application's letter) the first free `..._2.docx`, `..._3.docx`.
    `tersimpan(name)`: whether the register's storage already keeps a letter of that name."""
    candidate = relative
    n = 1
    while os.path.lexists(folder / candidate) or (tersimpan is not None and tersimpan(candidate.as_posix())):
        n += 1
        candidate = relative.with_name(f"{relative.stem}_{n}{relative.suffix}")
    return candidate


def sha256_berkas(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def nama_berkas(record: dict) -> str:
    return f"{record['noreg']}_{record['layanan']}.docx"


def templat_layanan(layanan) -> str:
    return layanan.data["surat"].get("templat") or TEMPLAT_UMUM


def nama_konteks(layanan) -> set:
    return NAMA_KONTEKS | NAMA_ISIAN_PEMOHON | {f["nama"] for f in layanan.data["isian"]}
