"""The service catalogue: one YAML file per service, bundled and per office.

A service carries the public part of a service standard (PermenPAN-RB 15/2014) and what the
tool needs to act on it: the fields to ask and the letter to print.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import fakta
from .fakta import STATUS_PEMOHON, UMUR_PEMOHON
from .kalender import HARI_KERJA_MAKS
from .kesalahan import DesaError
from .naskah import JENIS_SURAT
from .pemohon import ISIAN_PEMOHON, NAMA_ISIAN_PEMOHON, NAMA_PILIHAN
from .yamlskema import (
    Boolean,
    Ctx,
    Fault,
    Integer,
    Key,
    ListOf,
    Mapping,
    OneOf,
    Rupiah,
    Text,
    read_document,
)

TINGKAT = ("desa", "kelurahan", "kecamatan")
JENIS_LAYANAN = ("administratif", "barang", "jasa")
JENIS_ISIAN = ("teks", "tanggal", "waktu", "angka", "rupiah", "nik", "kk", "telepon", "pilihan", "daftar")
BENTUK_BERKAS = ("asli", "fotokopi", "asli dan fotokopi", "fotokopi dilegalisir")
TANPA_BIAYA = "Tidak dipungut biaya"


_SLUG = Text(r"[a-z0-9]+(-[a-z0-9]+)*", "pakai huruf kecil, angka dan tanda hubung, misalnya 'izin-keramaian'")
_NAMA_ISIAN = Text(r"[a-z][a-z0-9_]*", "pakai huruf kecil, angka dan garis bawah, misalnya 'tanggal_acara'")
_RUJUKAN = Text(r"[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?", "nama isian, atau daftar.kolom seperti 'ahli_waris.nik'")


def _check_isian(value, node, parts, ctx: Ctx) -> None:
    jenis = value["jenis"]
    if jenis == "pilihan" and not value.get("pilihan"):
        ctx.fault(node, parts + ("pilihan",), "isian berjenis 'pilihan' wajib punya daftar 'pilihan'")
    if jenis != "pilihan" and "pilihan" in value:
        ctx.fault(node, parts + ("pilihan",), "'pilihan' hanya untuk isian berjenis 'pilihan'")
    if jenis == "daftar" and not value.get("kolom"):
        ctx.fault(node, parts + ("kolom",), "isian berjenis 'daftar' wajib punya 'kolom'")
    if jenis != "daftar" and "kolom" in value:
        ctx.fault(node, parts + ("kolom",), "'kolom' hanya untuk isian berjenis 'daftar'")
    fakta.periksa_batas(value, node, parts, ctx)


def _isian_keys(jenis: tuple) -> dict:
    return {
        "nama": Key(_NAMA_ISIAN),
        "label": Key(Text()),
        "jenis": Key(OneOf(jenis)),
        "wajib": Key(Boolean(), required=False, default=True),
        "pilihan": Key(ListOf(Text(), min_items=1), required=False),
        "bantuan": Key(Text(), required=False),
        # Facts that cannot be true (fakta.py): a date not after / not before today, after or
        # before other date fields; a NIK different from other NIK fields (`daftar.kolom` too).
        "paling_lambat": Key(OneOf(("hari_ini",)), required=False),
        "paling_awal": Key(OneOf(("hari_ini",)), required=False),
        "sesudah": Key(ListOf(_NAMA_ISIAN), required=False),
        "sebelum": Key(ListOf(_NAMA_ISIAN), required=False),
        "berbeda_dari": Key(ListOf(_RUJUKAN), required=False),
        # A number's bounds (a stillbirth after at least 28 weeks, an area above 0).
        "paling_sedikit": Key(Integer(minimum=0), required=False),
        "paling_banyak": Key(Integer(minimum=0), required=False),
    }


_KOLOM = Mapping(_isian_keys(tuple(j for j in JENIS_ISIAN if j != "daftar")), check=_check_isian)
_ISIAN = Mapping(
    {**_isian_keys(JENIS_ISIAN), "kolom": Key(ListOf(_KOLOM, min_items=1), required=False)},
    check=_check_isian,
)

_PERSYARATAN = Mapping(
    {
        "kode": Key(Text(r"[a-z0-9]+(_[a-z0-9]+)*", "pakai huruf kecil, angka dan garis bawah, misalnya 'ktp_el'")),
        "nama": Key(Text()),
        "keterangan": Key(Text(), required=False),
        "wajib": Key(Boolean(), required=False, default=True),
        "jumlah": Key(Integer(minimum=1), required=False, default=1),
        "bentuk": Key(OneOf(BENTUK_BERKAS), required=False),
    }
)

_SURAT = Mapping(
    {
        "judul": Key(Text()),
        "kode_klasifikasi": Key(Text()),
        "penandatangan": Key(Text(), required=False, default="kepala"),
        "templat": Key(Text(r"[A-Za-z0-9_.-]+", "nama berkas .docx di folder templates_surat"), required=False),
        "isi": Key(Text(), required=False),
        # The kind of letter gives its closing (naskah.PENUTUP); a pengantar or rekomendasi names
        # whom it goes to in `tujuan` (lines, template variables allowed), printed after "Kepada Yth.".
        "jenis": Key(OneOf(JENIS_SURAT), required=False, default="keterangan"),
        "tujuan": Key(Text(), required=False),
        # A form model's own closing sentence (e.g. N1's), in place of the kind's.
        "penutup": Key(Text(), required=False),
        # A form the parties sign, not the office (KUA model N2, N4, N5): the fields naming them
        # (`nama` is the applicant); the office only numbers it in the book.
        "ditandatangani_pihak": Key(ListOf(_NAMA_ISIAN, min_items=1), required=False),
        # "Surat ini berlaku sampai dengan ...": days or months from the print date.
        "masa_berlaku": Key(
            Mapping(
                {
                    "hari": Key(Integer(minimum=1, maximum=3660), required=False),
                    "bulan": Key(Integer(minimum=1, maximum=120), required=False),
                },
                check=lambda value, node, parts, ctx: (
                    None
                    if len(value) == 1
                    else ctx.fault(node, parts, "tulis salah satu: 'hari' atau 'bulan', misalnya {bulan: 6}")
                ),
            ),
            required=False,
        ),
    },
    check=lambda value, node, parts, ctx: (
        None
        if value.get("templat") or value.get("isi")
        else ctx.fault(node, parts, "tulis 'isi' (teks surat) atau 'templat' (berkas .docx sendiri)")
    ),
)


def _unique(items: list, key: str, node, parts: tuple, ctx: Ctx, what: str, taken=frozenset()) -> None:
    seen = set(taken)
    for item in items:
        name = item[key]
        if name in seen:
            ctx.fault(node, parts, f"{what} '{name}' dipakai lebih dari sekali")
        seen.add(name)


def _check_rujukan(fields: list, node, ctx: Ctx) -> None:
    """The fields a fact rule names exist (a typo would silently switch the rule off)."""
    known = set(NAMA_ISIAN_PEMOHON) | {f["nama"] for f in fields}
    known |= {f"{f['nama']}.{k['nama']}" for f in fields for k in f.get("kolom") or ()}
    for i, isian in enumerate(fields):
        for key in ("sesudah", "sebelum", "berbeda_dari"):
            for ref in isian.get(key) or ():
                if ref not in known:
                    ctx.fault(node, ("isian", i, key), f"isian '{ref}' tidak ada di layanan ini")


def _check_layanan(value, node, parts, ctx: Ctx) -> None:
    if value["kode"] != ctx.path.stem:
        ctx.fault(node, ("kode",), f"'{value['kode']}' harus sama dengan nama berkas '{ctx.path.stem}.yaml'")
    _unique(value["persyaratan"], "kode", node, ("persyaratan",), ctx, "kode persyaratan")
    _unique(value["isian"], "nama", node, ("isian",), ctx, "nama isian")
    for i, isian in enumerate(value["isian"]):
        if isian["nama"] in NAMA_ISIAN_PEMOHON:
            ctx.fault(
                node, ("isian", i, "nama"), f"'{isian['nama']}' sudah menjadi isian baku pemohon; hapus dari 'isian'"
            )
    _check_rujukan(value["isian"], node, ctx)
    status = next(f["pilihan"] for f in ISIAN_PEMOHON if f["nama"] == "status_perkawinan")
    fakta.periksa_status_katalog(value.get("status_pemohon"), status, node, ctx)
    known = set(NAMA_ISIAN_PEMOHON) | {f["nama"] for f in value["isian"]}
    for ref in value["surat"].get("ditandatangani_pihak") or ():
        if ref not in known:
            ctx.fault(node, ("surat", "ditandatangani_pihak"), f"isian '{ref}' tidak ada di layanan ini")
    aliases = [a.lower() for a in value["alias"]]
    if value["kode"] in aliases:
        ctx.fault(node, ("alias",), "alias tidak perlu mengulang kode layanan")
    if len(set(aliases)) != len(aliases):
        ctx.fault(node, ("alias",), "ada alias yang ditulis dua kali")
    value["alias"] = aliases


LAYANAN = Mapping(
    {
        "kode": Key(_SLUG),
        "nama": Key(Text()),
        "alias": Key(
            ListOf(Text(r"[A-Za-z0-9-]+", "satu kata tanpa spasi, misalnya 'sku'")), required=False, default=list
        ),
        "tingkat": Key(OneOf(TINGKAT)),
        "jenis": Key(OneOf(JENIS_LAYANAN)),
        "ringkasan": Key(Text()),
        "catatan": Key(Text(), required=False),
        "dasar_hukum": Key(ListOf(Text(), min_items=1)),
        "persyaratan": Key(ListOf(_PERSYARATAN, min_items=1)),
        "prosedur": Key(ListOf(Text(), min_items=1)),
        "waktu": Key(
            Mapping(
                {
                    "hari_kerja": Key(Integer(minimum=0, maximum=HARI_KERJA_MAKS)),
                    "keterangan": Key(Text(), required=False),
                }
            )
        ),
        "biaya": Key(Mapping({"tarif": Key(Rupiah()), "keterangan": Key(Text(), required=False)})),
        "produk": Key(Text()),
        "pengaduan": Key(ListOf(Text(), min_items=1)),
        "isian": Key(ListOf(_ISIAN), required=False, default=list),
        "surat": Key(_SURAT),
        # The applicant's age today (fakta.umur): N5, parents' consent, only under 21.
        "umur_pemohon": Key(UMUR_PEMOHON, required=False),
        # The applicant's marital status the service is for (fakta.status): janda/duda.
        "status_pemohon": Key(STATUS_PEMOHON, required=False),
        # The applicant's optional fields this service's form needs (pemohon.py): No. KK for a KK.
        "pemohon_wajib": Key(ListOf(OneOf(NAMA_PILIHAN)), required=False),
    },
    check=_check_layanan,
)


def format_rupiah(amount: int) -> str:
    return "Rp" + f"{amount:,}".replace(",", ".")


def teks_persyaratan(item: dict) -> str:
    """One requirement as the applicant reads it, on the screen (`desa syarat`) and on the printed
    standard alike: its name, then how many sheets and in what form, then the note. Whether it is
    required is marked by each, in its own way."""
    detail = []
    if item.get("jumlah", 1) > 1:
        detail.append(f"{item['jumlah']} lembar")
    if item.get("bentuk"):
        detail.append(item["bentuk"])
    text = item["nama"] + (f" ({', '.join(detail)})" if detail else "")
    if item.get("keterangan"):
        text += f"; {item['keterangan']}"
    return text


@dataclass(frozen=True)
class Layanan:
    """One service as its catalogue file states it."""

    data: dict
    sumber: Path
    versi: str  # the content hash: which version of the standard an application was taken under

    @property
    def kode(self) -> str:
        return self.data["kode"]

    @property
    def nama(self) -> str:
        return self.data["nama"]

    @property
    def alias(self) -> list:
        return self.data["alias"]

    @property
    def tingkat(self) -> str:
        return self.data["tingkat"]

    @property
    def hari_kerja(self) -> int:
        return self.data["waktu"]["hari_kerja"]

    @property
    def waktu_teks(self) -> str:
        hari = self.hari_kerja
        text = "Selesai pada hari yang sama" if hari == 0 else f"{hari} hari kerja"
        extra = self.data["waktu"].get("keterangan")
        return f"{text} ({extra})" if extra else text

    @property
    def biaya_teks(self) -> str:
        biaya = self.data["biaya"]
        text = TANPA_BIAYA if biaya["tarif"] == 0 else format_rupiah(biaya["tarif"])
        extra = biaya.get("keterangan")
        return f"{text} ({extra})" if extra else text


@dataclass
class Katalog:
    """The services in force for one office, and the faults of the files that were refused."""

    layanan: dict = field(default_factory=dict)
    faults: list = field(default_factory=list)
    files: int = 0
    salah_nama: list = field(default_factory=list)  # files meant as services, but not named .yaml

    def semua(self) -> list:
        return sorted(self.layanan.values(), key=lambda s: (TINGKAT.index(s.tingkat) // 2, s.kode))


def bundled_folder() -> Path:
    """The catalogue shipped with the tool: inside the package once installed, else the source tree."""
    here = Path(__file__).resolve().parent
    installed = here / "katalog"
    return installed if installed.is_dir() else here.parent / "katalog"


def read_layanan(path: Path, terpercaya: bool = False) -> tuple:
    """(Layanan or None, faults) for one catalogue file; `terpercaya` for the bundled ones."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [Fault(path, 0, "", f"tidak dapat dibaca ({exc.strerror or exc})")]
    value, faults = read_document(path, data, LAYANAN, terpercaya)
    if value is None:
        return None, faults
    return Layanan(value, path, hashlib.sha256(data).hexdigest()[:16]), faults


def load(folders: list) -> Katalog:
    """Every service from `folders`, in order: a later folder's file replaces an earlier one's
    service of the same kode, and adds the others."""
    katalog = Katalog()
    bundled = bundled_folder()
    for folder in folders:
        if not folder.is_dir():
            continue
        # An office's own files may come from another office: only they are read with the YAML bounds.
        terpercaya = folder == bundled
        katalog.salah_nama.extend(_salah_nama(folder))
        for path in sorted(folder.glob("*.yaml")):
            katalog.files += 1
            layanan, faults = read_layanan(path, terpercaya)
            katalog.faults.extend(faults)
            if layanan is not None:
                katalog.layanan[layanan.kode] = layanan
    _check_aliases(katalog)
    return katalog


# Names a catalogue file gets by mistake: `.yml`, or `.yaml.txt` when Notepad adds its own ending.
SALAH_AKHIRAN = (".yml", ".yaml.txt", ".yml.txt")


def _salah_nama(folder: Path) -> list:
    return sorted(p for p in folder.iterdir() if p.is_file() and p.name.lower().endswith(SALAH_AKHIRAN))


def nama_benar(path: Path) -> str:
    """`izin-usaha.yaml` for `izin-usaha.yml` or `izin-usaha.yaml.txt`."""
    name = path.name
    for ending in sorted(SALAH_AKHIRAN, key=len, reverse=True):
        if name.lower().endswith(ending):
            return name[: -len(ending)] + ".yaml"
    return name


def pesan_salah_nama(path: Path) -> str:
    """One line for a catalogue file that is not read because of its name."""
    return f"{path}: tidak dibaca karena namanya; ganti namanya menjadi {nama_benar(path)}"


def salah_nama_faults(katalog: Katalog) -> list:
    """The misnamed files as faults, for `desa katalog periksa`."""
    return [
        Fault(path, 0, "", f"tidak dibaca karena namanya; ganti namanya menjadi {nama_benar(path)}")
        for path in katalog.salah_nama
    ]


def _check_aliases(katalog: Katalog) -> None:
    # In load order, so that the file that came later (an office's) is the one blamed.
    owner: dict = {kode: kode for kode in katalog.layanan}
    for layanan in katalog.layanan.values():
        for alias in layanan.alias:
            if alias in owner and owner[alias] != layanan.kode:
                katalog.faults.append(
                    Fault(layanan.sumber, 0, "alias", f"'{alias}' sudah dipakai oleh layanan '{owner[alias]}'")
                )
            owner.setdefault(alias, layanan.kode)


class KatalogRusak(DesaError):
    """A catalogue file was refused: the clerk must fix it before the tool can rely on it."""

    def __init__(self, faults: list):
        self.faults = faults
        more = f" (dan {len(faults) - 1} kesalahan lain)" if len(faults) > 1 else ""
        super().__init__(f"Katalog salah: {faults[0]}{more}. Perbaiki, lalu periksa dengan 'desa katalog periksa'.")


class LayananTidakDikenal(DesaError):
    def __init__(self, kata: str, saran: list):
        self.saran = saran
        hint = f" Maksud Anda: {', '.join(saran)}?" if saran else ""
        super().__init__(f"Layanan '{kata}' tidak dikenal.{hint} Lihat semua layanan dengan 'desa layanan'.")


class LayananGanda(DesaError):
    def __init__(self, kata: str, cocok: list):
        self.cocok = cocok
        super().__init__(f"'{kata}' cocok dengan lebih dari satu layanan: {', '.join(cocok)}. Ketik kode layanannya.")


def _tokens(text: str) -> list:
    return [t for t in re.split(r"[^a-z0-9]+", text.lower()) if t]


def _same_level(layanan: Layanan, tingkat: str) -> bool:
    # A kelurahan serves what a desa serves; a kecamatan has its own services.
    return (layanan.tingkat == "kecamatan") == (tingkat == "kecamatan")


def dilayani_di(layanan: Layanan) -> str:
    """Where a service is taken: a desa service at a desa or kelurahan office too."""
    return "kantor kecamatan" if layanan.tingkat == "kecamatan" else "kantor desa/kelurahan"


def periksa_tingkat(layanan: Layanan, tingkat: str) -> None:
    """A service is only taken at the level its catalogue names (`tingkat`): a desa office does not
    issue the Camat's recommendation, nor a kecamatan a village's letter."""
    if not _same_level(layanan, tingkat):
        raise DesaError(f"Layanan {layanan.kode} hanya dilayani di {dilayani_di(layanan)}.")


def cari(katalog: Katalog, kata: str, tingkat: str = "desa") -> Layanan:
    """The one service `kata` names: its kode, an alias, or words from its name.

    Where words fit several services, those of the office's own level win (at a village,
    'keramaian' is the village's letter, not the kecamatan's recommendation).
    """
    wanted = "-".join(_tokens(kata))
    if wanted in katalog.layanan:
        return katalog.layanan[wanted]
    for layanan in katalog.layanan.values():
        if wanted in layanan.alias:
            return layanan
    words = _tokens(kata)
    if not words:
        raise LayananTidakDikenal(kata, [])
    matches = []
    for layanan in katalog.semua():
        haystack = _tokens(" ".join([layanan.kode, layanan.nama, *layanan.alias]))
        if all(any(h.startswith(w) for h in haystack) for w in words):
            exact = all(w in haystack for w in words)
            matches.append((layanan, exact))
    for narrow in (
        lambda m: True,
        lambda m: _same_level(m[0], tingkat),
        lambda m: _same_level(m[0], tingkat) and m[1],
    ):
        matches = [m for m in matches if narrow(m)] or matches
        if len(matches) == 1:
            return matches[0][0]
    if matches:
        raise LayananGanda(kata, [m[0].kode for m in matches])
    raise LayananTidakDikenal(kata, _saran(katalog, kata))


def _saran(katalog: Katalog, kata: str) -> list:
    from difflib import get_close_matches

    names: dict = {}
    for layanan in katalog.semua():
        for name in [layanan.kode, *layanan.alias, *layanan.kode.split("-")]:
            names.setdefault(name, layanan.kode)
    close = get_close_matches("-".join(_tokens(kata)) or kata, list(names), n=5, cutoff=0.7)
    saran: list = []
    for name in close:
        if names[name] not in saran:
            saran.append(names[name])
    return saran[:3]


def saring(katalog: Katalog, kata: str | None) -> list:
    """Services whose kode, name, alias or summary has every word of `kata`."""
    words = _tokens(kata or "")
    result = []
    for layanan in katalog.semua():
        haystack = _tokens(" ".join([layanan.kode, layanan.nama, *layanan.alias, layanan.data["ringkasan"]]))
        if all(any(h.startswith(w) for h in haystack) for w in words):
            result.append(layanan)
    return result
