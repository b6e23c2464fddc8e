"""Checking a letter's templates and catalogue bodies before anything is printed (`desa katalog
periksa`): the names they use against the service's fields, and what the sandbox refuses."""

from __future__ import annotations

import hashlib
from pathlib import Path

from . import naskah
from .pemohon import NAMA_ISIAN_PEMOHON
from .surat import SuratError, cari_templat, jinja_env, nama_konteks, templat_layanan

# Template and body checks made in this process, by the text checked and the names allowed (40
# services' texts and 20 templates take a second; a test runs `katalog periksa` hundreds of times).
_DIPERIKSA: dict = {}


def variabel_templat(path: Path) -> set:
    """The names a .docx template uses, for checking them against the catalogue (remembered by the
    file's content: the same bytes use the same names)."""
    from docxtpl import DocxTemplate

    key = ("variabel", hashlib.sha256(Path(path).read_bytes()).hexdigest())
    if key not in _DIPERIKSA:
        _DIPERIKSA[key] = frozenset(
            DocxTemplate(str(path)).get_undeclared_template_variables(jinja_env(autoescape=True))
        )
    return set(_DIPERIKSA[key])


def variabel_isi(text: str) -> set:
    from jinja2 import meta

    if ("isi", text) not in _DIPERIKSA:
        _DIPERIKSA[("isi", text)] = frozenset(meta.find_undeclared_variables(jinja_env(autoescape=False).parse(text)))
    return set(_DIPERIKSA[("isi", text)])


def sumber_templat(path: Path) -> list:
    """Every piece of a .docx that docxtpl renders, as the Jinja source it renders: the body,
    headers, footers, footnotes and the text core properties (remembered by the file's content)."""
    key = ("sumber", hashlib.sha256(Path(path).read_bytes()).hexdigest())
    if key not in _DIPERIKSA:
        _DIPERIKSA[key] = tuple(_sumber_templat(path))
    return list(_DIPERIKSA[key])


def _sumber_templat(path: Path) -> list:
    from docx.oxml import parse_xml
    from docxtpl import DocxTemplate

    doc = DocxTemplate(str(path))
    doc.init_docx()
    sources = [doc.patch_xml(doc.get_xml())]
    for uri in (doc.HEADER_URI, doc.FOOTER_URI):
        for _, part in doc.get_headers_footers(uri):
            sources.append(doc.patch_xml(doc.xml_to_string(parse_xml(part.blob))))
    for part in doc.docx.part.package.parts:
        if part.content_type.endswith(".footnotes+xml"):
            blob = part.blob
            sources.append(doc.patch_xml(blob.decode("utf-8") if isinstance(blob, bytes) else blob))
    props = doc.docx.core_properties
    sources.extend(
        getattr(props, name) or "" for name in ("author", "comments", "identifier", "language", "subject", "title")
    )
    return sources


def _contoh_konteks(names) -> dict:
    """Sample data for a trial render: every name a template may use, with text in it."""
    from .templat import Gambar

    teks = "Contoh"
    context = {name: teks for name in names}
    context.update(
        {
            "kantor": {"nama": teks, "tempat": teks, "desa": teks, "kecamatan": teks, "kabupaten": teks},
            "kop": dict.fromkeys(("pemerintah", "kecamatan", "kantor", "alamat", "kontak"), teks),
            "surat": {
                **dict.fromkeys(("judul", "nomor", "tanggal", "kode_verifikasi", "penutup", "jenis"), teks),
                "berlaku_sampai": teks,
                "tujuan": [teks],
            },
            "ttd": dict.fromkeys("jabatan nama pangkat nip baris_atas baris_bawah menerangkan".split(), teks),
            "wilayah": dict.fromkeys(naskah.KUNCI_WILAYAH, teks),
            "pemohon": {name: teks for name in NAMA_ISIAN_PEMOHON},
            "isi": [teks, teks],
            "qr": Gambar("x"),
            "logo": Gambar("x"),
        }
    )
    context.pop("loop", None)
    return context


def gangguan_templat(sources: list, names) -> list:
    """What in a template (its Jinja sources) is refused by the sandbox, as reasons: a look at
    every expression, then a trial render with sample data, which also sees what is computed
    (`x[('_' ~ '_class__')]`, `range(10**7)`)."""
    key = ("gangguan", tuple(sources), frozenset(names))
    if key not in _DIPERIKSA:
        _DIPERIKSA[key] = _gangguan_templat(sources, names)
    return list(_DIPERIKSA[key])


def _gangguan_templat(sources: list, names) -> list:
    from jinja2 import TemplateSyntaxError
    from jinja2.sandbox import SecurityError

    from .templat import periksa_sumber, pesan_tolak

    reasons: list = []
    env = jinja_env(autoescape=True)
    context = _contoh_konteks(names)
    for source in sources:
        try:
            found = periksa_sumber(env, source)
        except TemplateSyntaxError:
            continue  # reported elsewhere (or by the render) as a syntax fault
        reasons.extend(r for r in found if r not in reasons)
        try:
            env.from_string(source).render(context)
        except SecurityError as exc:
            if getattr(exc, "dari_data", False):
                continue  # sample text where the office's data holds a list: not the template's fault
            reason = pesan_tolak(exc)
            if reason not in reasons:
                reasons.append(reason)
        except Exception:  # sample data is not real data: only refusals count here
            pass
    return reasons


def _periksa_teks(layanan, bagian: str, allowed: set) -> list:
    """Faults of a catalogue text of the letter (`surat.isi`, `surat.tujuan`)."""
    from jinja2 import TemplateSyntaxError

    from .yamlskema import Fault

    body = layanan.data["surat"].get(bagian) or ""
    where = f"surat.{bagian}"
    try:
        unknown = variabel_isi(body) - allowed
        refused = gangguan_templat([body], allowed)
    except TemplateSyntaxError as exc:
        return [Fault(layanan.sumber, 0, where, f"penulisan Jinja salah: {exc.message}")]
    faults = []
    if refused:
        faults.append(Fault(layanan.sumber, 0, where, f"memakai hal yang tidak diizinkan: {'; '.join(refused)}"))
    if unknown:
        faults.append(Fault(layanan.sumber, 0, where, f"memakai isian yang tidak ada: {', '.join(sorted(unknown))}"))
    return faults


def periksa_templat(katalog, folder_kantor: Path | None) -> list:
    """Faults of the letters: a body or template that uses a field its service does not have or
    something the sandbox refuses, a body that does not parse, a template that is missing."""
    from .yamlskema import Fault

    faults = []
    cache: dict = {}
    for layanan in katalog.semua():
        allowed = nama_konteks(layanan)
        for bagian in ("isi", "tujuan"):
            faults.extend(_periksa_teks(layanan, bagian, allowed))
        name = templat_layanan(layanan)
        try:
            path = cari_templat(name, folder_kantor)
        except SuratError as exc:
            faults.append(Fault(layanan.sumber, 0, "surat.templat", str(exc)))
            continue
        if path not in cache:
            try:
                cache[path] = variabel_templat(path)
                refused = gangguan_templat(sumber_templat(path), allowed)
            except Exception as exc:  # a broken .docx an office saved
                faults.append(Fault(path, 0, "", f"templat tidak bisa dibaca: {exc}"))
                cache[path] = set()
            else:
                if refused:
                    faults.append(
                        Fault(
                            path,
                            0,
                            "",
                            f"templat {path.name} ditolak: memakai hal yang tidak diizinkan: {'; '.join(refused)}",
                        )
                    )
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
