"""The applicant's standard fields, asked by every service, and the address line built from them.

The first ten are the data block of every letter (DOMAIN.md, "Letters: format"). The others
(issue 13) are asked but may stay empty, so older data files and applications keep working; a
service whose form needs one lists it in `pemohon_wajib` (katalog.py), e.g. No. KK for a KK.
"""

from __future__ import annotations

# The education levels of the KK and the SIAK (OpenSID's table tweb_penduduk_pendidikan_kk, from
# the Dukcapil F-1.01 list; OpenSID/OpenSID donjo-app/models/migrations, "pendidikan_kk").
PENDIDIKAN = [
    "Tidak/Belum Sekolah",
    "Belum Tamat SD/Sederajat",
    "Tamat SD/Sederajat",
    "SLTP/Sederajat",
    "SLTA/Sederajat",
    "Diploma I/II",
    "Akademi/Diploma III/S. Muda",
    "Diploma IV/Strata I",
    "Strata II",
    "Strata III",
]

_WAJIB = (
    {"nama": "nik", "label": "NIK", "jenis": "nik"},
    {"nama": "nama", "label": "Nama lengkap", "jenis": "teks"},
    {"nama": "tempat_lahir", "label": "Tempat lahir", "jenis": "teks"},
    {"nama": "tanggal_lahir", "label": "Tanggal lahir", "jenis": "tanggal"},
    {"nama": "jenis_kelamin", "label": "Jenis kelamin", "jenis": "pilihan", "pilihan": ["L", "P"]},
    {
        "nama": "agama",
        "label": "Agama",
        "jenis": "pilihan",
        "pilihan": ["Islam", "Kristen", "Katolik", "Hindu", "Buddha", "Khonghucu", "Kepercayaan"],
    },
    {
        "nama": "status_perkawinan",
        "label": "Status perkawinan",
        "jenis": "pilihan",
        "pilihan": ["Belum Kawin", "Kawin", "Cerai Hidup", "Cerai Mati"],
    },
    {"nama": "pekerjaan", "label": "Pekerjaan", "jenis": "teks"},
    {"nama": "kewarganegaraan", "label": "Kewarganegaraan", "jenis": "teks"},
    {"nama": "alamat", "label": "Alamat (jalan/nomor rumah atau dusun)", "jenis": "teks"},
)
_PILIHAN = (
    {"nama": "rt", "label": "RT", "jenis": "angka"},
    {"nama": "rw", "label": "RW", "jenis": "angka"},
    {"nama": "dusun", "label": "Dusun/Lingkungan", "jenis": "teks"},
    {"nama": "no_kk", "label": "No. KK", "jenis": "kk"},
    {"nama": "pendidikan", "label": "Pendidikan terakhir", "jenis": "pilihan", "pilihan": PENDIDIKAN},
    {"nama": "telepon", "label": "Nomor telepon/WhatsApp", "jenis": "telepon"},
)
ISIAN_PEMOHON = tuple({**f, "wajib": True} for f in _WAJIB) + tuple({**f, "wajib": False} for f in _PILIHAN)
NAMA_ISIAN_PEMOHON = frozenset(f["nama"] for f in ISIAN_PEMOHON)
# What a service may require of the applicant beyond the first ten.
NAMA_PILIHAN = tuple(f["nama"] for f in _PILIHAN)


def alamat_lengkap(data: dict, tingkat: str = "desa") -> str:
    """The address line of a letter: the street or house, RT and RW of three digits, and the dusun
    (a lingkungan at a kelurahan) unless the street line already names it, as OpenSID writes
    "[alamat] RT [rt] / RW [rw] Dusun [dusun]". An applicant without RT, RW or dusun (older data)
    keeps the address as it was typed."""
    parts = [str(data.get("alamat") or "").strip()]
    rt, rw = data.get("rt"), data.get("rw")
    if rt not in (None, "") or rw not in (None, ""):
        rt_rw = " ".join(
            f"{kata} {int(nilai):03d}" for kata, nilai in (("RT", rt), ("RW", rw)) if nilai not in (None, "")
        )
        parts[0] = f"{parts[0]} {rt_rw}".strip()
    dusun = str(data.get("dusun") or "").strip()
    if dusun and dusun.lower() not in parts[0].lower():
        kata = "Lingkungan" if tingkat == "kelurahan" else "Dusun"
        parts.append(dusun if dusun.lower().startswith(kata.lower()) else f"{kata} {dusun}")
    return ", ".join(p for p in parts if p)
