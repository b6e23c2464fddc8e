"""The schema of a service file (katalog/*.yaml), read with yamlskema.

Apart from katalog.py so that a catalogue served from the cache (katalog_simpan.py) imports
neither yaml nor the schema.
"""

from __future__ import annotations

from . import fakta
from .fakta import STATUS_PEMOHON, UMUR_PEMOHON
from .kalender import HARI_KERJA_MAKS
from .katalog import BENTUK_BERKAS, ISIAN_PEMOHON, JENIS_ISIAN, JENIS_LAYANAN, NAMA_ISIAN_PEMOHON, TINGKAT
from .naskah import JENIS_SURAT
from .pemohon import NAMA_PILIHAN
from .yamlskema import (
    Boolean,
    Ctx,
    Integer,
    Key,
    ListOf,
    Mapping,
    OneOf,
    Rupiah,
    Text,
)

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
    if jenis != "daftar" and "dari_keluarga" in value:
        ctx.fault(node, parts + ("dari_keluarga",), "'dari_keluarga' hanya untuk isian berjenis 'daftar'")
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
    {
        **_isian_keys(JENIS_ISIAN),
        "kolom": Key(ListOf(_KOLOM, min_items=1), required=False),
        # A list of people filled from the population data (penduduk_isi.py): the family (No. KK)
        # of the resident whose NIK is in this field (`nik`: the applicant), leaving that resident
        # out with `tanpa_dia` (the heirs of the deceased, the followers of one who moves).
        "dari_keluarga": Key(_NAMA_ISIAN, required=False),
        "tanpa_dia": Key(Boolean(), required=False),
    },
    check=_check_isian,
)

_PERSYARATAN = Mapping(
    {
        # `ktp-el` is read as `ktp_el` (_check_layanan): service codes have hyphens, a clerk mixes them up.
        "kode": Key(Text(r"[a-z0-9]+([_-][a-z0-9]+)*", "pakai huruf kecil, angka dan garis bawah, misalnya 'ktp_el'")),
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
    niks = {"nik"} | {f["nama"] for f in fields if f["jenis"] == "nik"}
    known |= {f"{f['nama']}.{k['nama']}" for f in fields for k in f.get("kolom") or ()}
    for i, isian in enumerate(fields):
        if isian.get("dari_keluarga") and isian["dari_keluarga"] not in niks:
            ctx.fault(node, ("isian", i, "dari_keluarga"), f"'{isian['dari_keluarga']}' bukan isian NIK di layanan ini")
        for key in ("sesudah", "sebelum", "berbeda_dari"):
            for ref in isian.get(key) or ():
                if ref not in known:
                    ctx.fault(node, ("isian", i, key), f"isian '{ref}' tidak ada di layanan ini")


def _check_layanan(value, node, parts, ctx: Ctx) -> None:
    if value["kode"] != ctx.path.stem:
        ctx.fault(node, ("kode",), f"'{value['kode']}' harus sama dengan nama berkas '{ctx.path.stem}.yaml'")
    for item in value["persyaratan"]:
        item["kode"] = item["kode"].replace("-", "_")
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
