"""Letters: the template context, rendering a .docx with docxtpl, numbers, and PDF by LibreOffice.

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
import shutil
import subprocess
import sys
from pathlib import Path

from .kalender import hari_tanggal, tanggal
from .katalog import NAMA_ISIAN_PEMOHON, format_rupiah
from .kesalahan import DesaError

TEMPLAT_UMUM = "surat.docx"
PENUTUP = "Demikian surat keterangan ini dibuat untuk dapat dipergunakan sebagaimana mestinya."
ROMAWI = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
# No 0/O, 1/I/L: a code read aloud or typed from paper must not be mistaken.
_HURUF_KODE = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
# What every template may use besides the service's own fields.
NAMA_KONTEKS = frozenset({"kantor", "kop", "surat", "ttd", "pemohon", "isi", "qr", "logo", "loop"})


class SuratError(DesaError):
    pass


def jinja_env(autoescape: bool):
    from jinja2.sandbox import SandboxedEnvironment

    env = SandboxedEnvironment(autoescape=autoescape)
    env.filters["tanggal"] = lambda v: tanggal(v) if v else ""
    env.filters["hari_tanggal"] = lambda v: hari_tanggal(v) if v else ""
    env.filters["rupiah"] = lambda v: format_rupiah(int(v)) if v not in (None, "") else ""
    return env


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
    """The signatory as printed, copied into the letter's record so later staff changes do not
    rewrite old letters."""
    signers = kantor.data["penandatangan"]
    if kunci not in signers:
        raise SuratError(
            f"Penandatangan '{kunci}' tidak ada di kantor.yaml (bagian penandatangan); yang ada: {', '.join(signers)}."
        )
    head = signers["kepala"]
    signer = signers[kunci]
    wilayah = kantor.data["kecamatan"] if kantor.tingkat == "kecamatan" else kantor.data["desa"]
    kepala = f"{head['jabatan']} {wilayah}"
    if kunci == "kepala":
        atas, bawah = kepala.upper(), ""
    else:  # signing for the head (a.n.), e.g. the village secretary
        atas, bawah = f"a.n. {kepala.upper()}", signer["jabatan"]
    return {
        "jabatan": signer["jabatan"],
        "nama": signer["nama"],
        "nip": signer.get("nip", ""),
        "baris_atas": atas,
        "baris_bawah": bawah,
        "menerangkan": f"{signer['jabatan']} {wilayah}" + _wilayah_atas(kantor),
    }


def _wilayah_atas(kantor) -> str:
    d = kantor.data
    kab = d["kabupaten"] if d["kabupaten"].lower().startswith(("kota", "kabupaten")) else f"Kabupaten {d['kabupaten']}"
    if kantor.tingkat == "kecamatan":
        return f", {kab}"
    return f", Kecamatan {d['kecamatan']}, {kab}"


def kop(kantor) -> dict:
    d = kantor.data
    kab = d["kabupaten"]
    pemerintah = kab if kab.lower().startswith(("kota", "kabupaten")) else f"Kabupaten {kab}"
    alamat = ", ".join(x for x in (d.get("alamat"), f"Kode Pos {d['kode_pos']}" if d.get("kode_pos") else None) if x)
    kontak = " · ".join(x for x in (f"Telp. {d['telepon']}" if d.get("telepon") else None, d.get("email")) if x)
    return {
        "pemerintah": f"PEMERINTAH {pemerintah.upper()}",
        "kecamatan": "" if kantor.tingkat == "kecamatan" else f"KECAMATAN {d['kecamatan'].upper()}",
        "kantor": kantor.nama.upper(),
        "alamat": alamat,
        "kontak": kontak,
    }


def _pemohon(pemohon: dict) -> dict:
    shown = dict(pemohon)
    shown["jenis_kelamin"] = {"L": "Laki-laki", "P": "Perempuan"}.get(pemohon["jenis_kelamin"], "")
    shown["tempat_tanggal_lahir"] = f"{pemohon['tempat_lahir']}, {tanggal(pemohon['tanggal_lahir'])}"
    return shown


def konteks(record: dict, layanan, kantor, cetakan: dict) -> dict:
    """Everything a template may use: the office, the letter, the signatory, the applicant, and
    the service's own fields by name."""
    data_surat = layanan.data["surat"]
    context = {name: None for name in (f["nama"] for f in layanan.data["isian"])}
    context.update(record["isian"])
    context.update(record["pemohon"])
    context.update(
        {
            "kantor": {**kantor.data, "nama": kantor.nama, "tempat": _tempat(kantor)},
            "kop": kop(kantor),
            "surat": {
                "judul": data_surat["judul"].upper(),
                "nomor": cetakan["nomor"],
                "tanggal": tanggal(cetakan["tanggal"]),
                "kode_verifikasi": cetakan["kode_verifikasi"],
                "penutup": PENUTUP,
            },
            "ttd": cetakan["penandatangan"],
            "pemohon": _pemohon(record["pemohon"]),
        }
    )
    body = data_surat.get("isi") or ""
    try:
        text = jinja_env(autoescape=False).from_string(body).render(context)
    except Exception as exc:  # a clerk's body text: say where, never a traceback
        raise SuratError(f"Teks surat (surat.isi) layanan {layanan.kode} tidak bisa diisi: {exc}") from None
    context["isi"] = [line.strip() for line in text.splitlines() if line.strip()]
    return context


def _tempat(kantor) -> str:
    return kantor.data["kecamatan"] if kantor.tingkat == "kecamatan" else kantor.data["desa"]


def cari_templat(nama: str, folder_kantor: Path | None) -> Path:
    """An office's own template of that name wins over the bundled one."""
    from .katalog import bundled_folder

    candidates = []
    if folder_kantor is not None:
        candidates.append(folder_kantor / nama)
    here = Path(__file__).resolve().parent
    installed = here / "templates_surat"
    candidates.append((installed if installed.is_dir() else bundled_folder().parent / "templates_surat") / nama)
    for path in candidates:
        if path.is_file():
            return path
    raise SuratError(f"Templat surat '{nama}' tidak ditemukan di templates_surat kantor maupun bawaan.")


def render(templat: Path, context: dict, logo: Path | None, kertas: str) -> bytes:
    """The finished .docx as bytes."""
    import segno
    from docx.shared import Mm
    from docxtpl import DocxTemplate, InlineImage

    doc = DocxTemplate(str(templat))
    qr = io.BytesIO()
    segno.make(context["surat"]["kode_verifikasi"], error="m").save(qr, kind="png", scale=6, border=1)
    qr.seek(0)
    context = dict(context)
    context["qr"] = InlineImage(doc, qr, width=Mm(20))
    context["logo"] = InlineImage(doc, str(logo), height=Mm(24)) if logo is not None else None
    try:
        doc.render(context, jinja_env=jinja_env(autoescape=True), autoescape=True)
    except Exception as exc:  # an office's edited template: name it
        raise SuratError(f"Templat {templat.name} tidak bisa diisi: {exc}") from None
    if kertas == "a4":
        for section in doc.docx.sections:
            section.page_width, section.page_height = Mm(210), Mm(297)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def variabel_templat(path: Path) -> set:
    """The names a .docx template uses, for checking them against the catalogue."""
    from docxtpl import DocxTemplate

    return set(DocxTemplate(str(path)).get_undeclared_template_variables(jinja_env(autoescape=True)))


def variabel_isi(text: str) -> set:
    from jinja2 import meta

    env = jinja_env(autoescape=False)
    return set(meta.find_undeclared_variables(env.parse(text)))


def tulis_arsip(path: Path, data: bytes) -> str:
    """Write the letter as `path`, a new file: an archived letter is never written over (a reprint
    of a letter whose file is still there writes nothing). Written under a temporary name created
    exclusively (a symlink planted there is never followed), fsynced, then renamed. Returns its
    SHA-256."""
    from . import storage

    path.parent.mkdir(parents=True, exist_ok=True)
    if os.path.lexists(path):
        raise FileExistsError(errno.EEXIST, "arsip surat tidak ditimpa", str(path))
    storage.write_private(path, data)
    return hashlib.sha256(data).hexdigest()


def berkas_arsip_bebas(folder: Path, relative: Path) -> Path:
    """`relative` (arsip/<tahun>/<noreg>_<layanan>.docx), or when a file is already there (left by a
    print cut short, or another application's letter) the first free `..._2.docx`, `..._3.docx`."""
    candidate = relative
    n = 1
    while os.path.lexists(folder / candidate):
        n += 1
        candidate = relative.with_name(f"{relative.stem}_{n}{relative.suffix}")
    return candidate


def sha256_berkas(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# --- PDF and printing -----------------------------------------------------------------------------

_WINDOWS_SOFFICE = (
    r"C:\Program Files\LibreOffice\program\soffice.com",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.com",
)
_MAC_SOFFICE = "/Applications/LibreOffice.app/Contents/MacOS/soffice"


def cari_soffice() -> str:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for path in (*_WINDOWS_SOFFICE, _MAC_SOFFICE):
        if Path(path).is_file():
            return path
    raise SuratError(
        "LibreOffice tidak ditemukan, jadi PDF tidak dibuat (berkas .docx tetap ada). Pasang LibreOffice "
        "dari libreoffice.org (Windows) atau 'sudo apt install libreoffice-writer' (Linux)."
    )


def ke_pdf(docx_files: list, data_folder: Path) -> list:
    """Convert in one LibreOffice run (it starts in about 1.5 s, then 0.15 s a letter), with a
    profile of its own under a lock: two runs sharing a profile fail silently."""
    from filelock import FileLock

    soffice = cari_soffice()
    profile = (data_folder / ".libreoffice").resolve()
    groups: dict = {}
    for path in docx_files:
        groups.setdefault(path.parent, []).append(path)
    with FileLock(str(data_folder / ".libreoffice.lock"), timeout=300):
        for folder, files in groups.items():
            result = subprocess.run(
                [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                 "--convert-to", "pdf", "--outdir", str(folder), *map(str, files)],
                capture_output=True, text=True, timeout=120 + 10 * len(files), check=False,
            )  # fmt: skip
            missing = [f for f in files if not f.with_suffix(".pdf").is_file()]
            if missing:  # the exit code is not to be trusted; the files are
                detail = (result.stderr or result.stdout).strip().splitlines()
                raise SuratError(
                    f"LibreOffice tidak membuat PDF untuk {missing[0].name}"
                    + (f" ({detail[-1]})" if detail else "")
                    + ". Berkas .docx tetap ada."
                )
    made = [path.with_suffix(".pdf") for path in docx_files]
    if os.name != "nt":
        for pdf in made:  # letters carry personal data: readable by their owner only
            os.chmod(pdf, 0o600)
    return made


def buka(path: Path) -> None:
    """Open with the system's default program."""
    if sys.platform.startswith("win"):
        os.startfile(str(path))
    elif sys.platform == "darwin":
        subprocess.run(["open", str(path)], check=False)
    else:
        subprocess.run(["xdg-open", str(path)], check=False, capture_output=True)


def kirim_printer(pdf: Path, printer: str | None) -> None:
    if sys.platform.startswith("win"):
        os.startfile(str(pdf), "print")
        return
    lp = shutil.which("lp")
    if lp is None:
        raise SuratError("Perintah 'lp' (CUPS) tidak ada; surat tidak dicetak ke printer. Buka PDF-nya lalu cetak.")
    cmd = [lp] + (["-d", printer] if printer else []) + [str(pdf)]
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SuratError(f"Printer menolak: {(result.stderr or result.stdout).strip()}")


def nama_berkas(record: dict) -> str:
    return f"{record['noreg']}_{record['layanan']}.docx"


def templat_layanan(layanan) -> str:
    return layanan.data["surat"].get("templat") or TEMPLAT_UMUM


def nama_konteks(layanan) -> set:
    return NAMA_KONTEKS | NAMA_ISIAN_PEMOHON | {f["nama"] for f in layanan.data["isian"]}


def periksa_templat(katalog, folder_kantor: Path | None) -> list:
    """Faults of the letters: a body or template that uses a field its service does not have, a
    body that does not parse, a template that is missing."""
    from jinja2 import TemplateSyntaxError

    from .yamlskema import Fault

    faults = []
    cache: dict = {}
    for layanan in katalog.semua():
        allowed = nama_konteks(layanan)
        body = layanan.data["surat"].get("isi") or ""
        try:
            unknown = variabel_isi(body) - allowed
        except TemplateSyntaxError as exc:
            faults.append(Fault(layanan.sumber, 0, "surat.isi", f"penulisan Jinja salah: {exc.message}"))
            unknown = set()
        if unknown:
            faults.append(
                Fault(layanan.sumber, 0, "surat.isi", f"memakai isian yang tidak ada: {', '.join(sorted(unknown))}")
            )
        name = templat_layanan(layanan)
        try:
            path = cari_templat(name, folder_kantor)
        except SuratError as exc:
            faults.append(Fault(layanan.sumber, 0, "surat.templat", str(exc)))
            continue
        if path not in cache:
            try:
                cache[path] = variabel_templat(path)
            except Exception as exc:  # a broken .docx an office saved
                faults.append(Fault(path, 0, "", f"templat tidak bisa dibaca: {exc}"))
                cache[path] = set()
        unknown = cache[path] - allowed
        if unknown:
            faults.append(
                Fault(
                    path,
                    0,
                    "",
                    f"templat untuk {layanan.kode} memakai isian yang tidak ada: {', '.join(sorted(unknown))}",
                )
            )
    return faults
