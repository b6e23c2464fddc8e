"""The office folder: which one is in use, and what it holds."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from .kesalahan import DesaError

KANTOR_YAML = "kantor.yaml"
TINGKAT = ("desa", "kelurahan", "kecamatan")
FOLDER_KANTOR = ("katalog", "templates_surat", "data", "arsip")
FORMAT_NOMOR = "{kode}/{urut:03d}/{kode_desa}/{tahun}"
BATAS_ADUAN = {"tanggapan_awal": 3, "informasi": 5, "tanpa_pemeriksaan": 14, "pemeriksaan_lapangan": 60}


@dataclass(frozen=True)
class LokasiKantor:
    """Where the office folder is and how it was chosen (shown by `desa kantor`)."""

    folder: Path
    sumber: str  # "--kantor", "DESA_KANTOR", "folder kerja" or "folder pengguna"

    @property
    def ada(self) -> bool:
        return (self.folder / KANTOR_YAML).is_file()

    @property
    def katalog(self) -> Path:
        return self.folder / "katalog"

    @property
    def templates_surat(self) -> Path:
        return self.folder / "templates_surat"


def default_folder() -> Path:
    """The per-user office folder, used when nothing else names one."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("desa", appauthor=False))


def find(option: str | None, cwd: Path | None = None) -> LokasiKantor | None:
    """The office in use: `--kantor`, else DESA_KANTOR, else the nearest kantor.yaml from the
    working folder upward, else the per-user folder if it holds an office; None when none does."""
    for value, source in ((option, "--kantor"), (os.environ.get("DESA_KANTOR"), "DESA_KANTOR")):
        if value:
            folder = Path(value).expanduser()
            if not folder.is_dir():
                raise DesaError(
                    f"Folder kantor '{folder}' ({source}) tidak ada. Buat kantor dengan 'desa init {folder}'."
                )
            return LokasiKantor(folder.resolve(), source)
    here = (cwd or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / KANTOR_YAML).is_file():
            return LokasiKantor(folder, "folder kerja")
    folder = default_folder()
    if (folder / KANTOR_YAML).is_file():
        return LokasiKantor(folder, "folder pengguna")
    return None


class KantorTidakAda(DesaError):
    def __init__(self, lokasi: LokasiKantor | None):
        where = f" di {lokasi.folder}" if lokasi is not None else ""
        super().__init__(f"Belum ada kantor{where}. Buat dulu dengan 'desa init', atau pilih dengan --kantor FOLDER.")


def periksa_kode_wilayah(kode: str, tingkat: str) -> tuple:
    """(the code written PP.KK.CC[.DDDD], warnings), or DesaError saying what is wrong with it."""
    digits = re.sub(r"[\s.]", "", kode or "")
    length = 6 if tingkat == "kecamatan" else 10
    contoh = "35.05.01" if tingkat == "kecamatan" else ("35.05.01.2001" if tingkat == "desa" else "35.05.01.1001")
    if not digits.isdigit() or len(digits) != length:
        raise DesaError(f"Kode wilayah '{kode}' salah: untuk {tingkat} bentuknya seperti {contoh} (kode Kemendagri).")
    parts = [digits[0:2], digits[2:4], digits[4:6]] + ([digits[6:]] if length == 10 else [])
    if "00" in parts[1:3]:
        raise DesaError(f"Kode wilayah '{kode}' salah: kode kabupaten/kota dan kecamatan tidak boleh 00.")
    if length == 10:
        desa = int(parts[3])
        low, high = (2001, 2999) if tingkat == "desa" else (1001, 1999)
        if not low <= desa <= high:
            raise DesaError(f"Kode wilayah '{kode}' salah: kode {tingkat} harus antara {low} dan {high}.")
    from .nik import KODE_PROVINSI

    warnings = [] if int(parts[0]) in KODE_PROVINSI else [f"kode provinsi {parts[0]} tidak dikenal; periksa lagi"]
    return ".".join(parts), warnings


def _skema():
    from .kalender import HARI, HARI_KERJA_MAKS
    from .yamlskema import Boolean, Integer, Key, ListOf, MapOf, Mapping, OneOf, Text

    penandatangan = Mapping(
        {
            "jabatan": Key(Text()),
            "nama": Key(Text()),
            "nip": Key(Text(r"[0-9 ]{18,21}", "NIP 18 angka"), required=False),
            "atas_nama": Key(Boolean(), required=False, default=False),
        }
    )

    def check(value, node, parts, ctx):
        if value["tingkat"] != "kecamatan" and not value.get("desa"):
            ctx.fault(node, ("desa",), "wajib ada untuk kantor desa atau kelurahan (nama desa/kelurahan)")
        if "kepala" not in value["penandatangan"]:
            ctx.fault(node, ("penandatangan",), "wajib punya 'kepala' (kepala desa, lurah atau camat)")
        try:
            value["kode_wilayah"], _ = periksa_kode_wilayah(value["kode_wilayah"], value["tingkat"])
        except DesaError as exc:
            ctx.fault(node, ("kode_wilayah",), str(exc))

    return Mapping(
        {
            "tingkat": Key(OneOf(TINGKAT)),
            "provinsi": Key(Text()),
            "kabupaten": Key(Text()),
            "kecamatan": Key(Text()),
            "desa": Key(Text(), required=False),
            "kode_wilayah": Key(Text()),
            "alamat": Key(Text(), required=False),
            "kode_pos": Key(Text(r"\d{5}", "kode pos 5 angka"), required=False),
            "telepon": Key(Text(), required=False),
            "email": Key(Text(r"[^@\s]+@[^@\s]+\.[^@\s]+", "alamat e-mail seperti desa@contoh.id"), required=False),
            "logo": Key(Text(), required=False),
            "penandatangan": Key(MapOf(penandatangan)),
            "format_nomor": Key(Text(), required=False, default=FORMAT_NOMOR),
            "kertas": Key(OneOf(("f4", "a4")), required=False, default="f4"),
            "hari_kerja": Key(ListOf(OneOf(HARI), min_items=1), required=False, default=lambda: list(HARI[:5])),
            "cuti_bersama_libur": Key(Boolean(), required=False, default=True),
            "libur_tambahan": Key(MapOf(Text(), key_pattern=r"\d{4}-\d{2}-\d{2}"), required=False, default=dict),
            "maklumat": Key(Text(), required=False),
            # Complaint time limits in working days (SP4N-LAPOR! and Perpres 76/2013 by default).
            "batas_pengaduan": Key(
                Mapping(
                    {
                        name: Key(Integer(minimum=1, maximum=HARI_KERJA_MAKS), required=False, default=days)
                        for name, days in BATAS_ADUAN.items()
                    }
                ),
                required=False,
                default=lambda: dict(BATAS_ADUAN),
            ),
        },
        check=check,
    )


@dataclass(frozen=True)
class Kantor:
    """An office as its kantor.yaml states it."""

    lokasi: LokasiKantor
    data: dict

    @property
    def folder(self) -> Path:
        return self.lokasi.folder

    @property
    def data_folder(self) -> Path:
        return self.folder / "data"

    @property
    def tingkat(self) -> str:
        return self.data["tingkat"]

    @property
    def nama(self) -> str:
        """`Desa Bacem`, `Kelurahan Sukamaju`, `Kecamatan Ponggok`."""
        if self.tingkat == "kecamatan":
            return f"Kecamatan {self.data['kecamatan']}"
        return f"{self.tingkat.capitalize()} {self.data['desa']}"

    @property
    def logo(self) -> Path | None:
        """The logo's picture file, when kantor.yaml names one that exists."""
        name = self.data.get("logo")
        path = self.folder / name if name else None
        return path if path is not None and path.is_file() else None

    def kalender(self):
        from .kalender import Kalender

        return Kalender(
            self.data["hari_kerja"],
            self.data["cuti_bersama_libur"],
            cache=self.data_folder / "kalender",
            libur_tambahan=self.data["libur_tambahan"],
        )


def muat(lokasi: LokasiKantor | None) -> Kantor:
    """The office in use, its kantor.yaml checked; KantorTidakAda when there is none."""
    if lokasi is None or not lokasi.ada:
        raise KantorTidakAda(lokasi)
    from .yamlskema import read_document

    path = lokasi.folder / KANTOR_YAML
    value, faults = read_document(path, path.read_bytes(), _skema())
    if faults:
        more = f" (dan {len(faults) - 1} kesalahan lain)" if len(faults) > 1 else ""
        raise DesaError(f"kantor.yaml salah: {faults[0]}{more}.")
    return Kantor(lokasi, value)


def read_tingkat(lokasi: LokasiKantor | None) -> str:
    """The office's level, for choosing among services; a village when no office is set up yet."""
    if lokasi is None or not lokasi.ada:
        return "desa"
    return muat(lokasi).tingkat


def buat(folder: Path, nilai: dict, logo: Path | None = None) -> tuple:
    """Create an office folder: kantor.yaml and the folders it keeps. Returns (Kantor, warnings).

    Refuses an existing office; checks every value before writing anything.
    """
    import shutil

    import yaml

    if (folder / KANTOR_YAML).exists():
        raise DesaError(f"Sudah ada kantor di {folder} ({KANTOR_YAML}); tidak ditimpa.")
    tingkat = nilai["tingkat"]
    kode, warnings = periksa_kode_wilayah(nilai["kode_wilayah"], tingkat)
    jabatan = {"desa": "Kepala Desa", "kelurahan": "Lurah", "kecamatan": "Camat"}[tingkat]
    kepala = {"jabatan": jabatan, "nama": nilai["kepala"]}
    if nilai.get("nip"):
        kepala["nip"] = nilai["nip"]
    data = {
        "tingkat": tingkat,
        "provinsi": nilai["provinsi"],
        "kabupaten": nilai["kabupaten"],
        "kecamatan": nilai["kecamatan"],
    }
    if tingkat != "kecamatan":
        data["desa"] = nilai["desa"]
    data["kode_wilayah"] = kode
    for key in ("alamat", "kode_pos", "telepon", "email"):
        if nilai.get(key):
            data[key] = nilai[key]
    if logo is not None:
        if not logo.is_file():
            raise DesaError(f"Berkas logo '{logo}' tidak ada.")
        if logo.suffix.lower() not in (".png", ".jpg", ".jpeg"):
            raise DesaError("Logo harus berkas gambar .png atau .jpg.")
        data["logo"] = "logo" + logo.suffix.lower()
    data["penandatangan"] = {"kepala": kepala}
    data["format_nomor"] = FORMAT_NOMOR
    data["kertas"] = "f4"
    data["hari_kerja"] = ["senin", "selasa", "rabu", "kamis", "jumat"]
    data["cuti_bersama_libur"] = True
    text = (
        "# Identitas kantor untuk aplikasi desa. Boleh diubah; periksa dengan 'desa kantor'.\n"
        "# format_nomor: {kode} kode klasifikasi, {urut:03d} nomor urut, {kode_desa} kode wilayah,\n"
        "#   {bulan_romawi} bulan (XI), {tahun}. hari_kerja: hari buka kantor. kertas: f4 atau a4.\n"
        "# libur_tambahan: hari kantor tutup di luar libur nasional, misalnya cuti bersama yang belum\n"
        "#   dikenal aplikasi:  libur_tambahan: {2027-12-24: Cuti Bersama Natal}\n"
        + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    )
    # Check what we are about to write with the same rules as every later read.
    from .yamlskema import read_document

    _, faults = read_document(folder / KANTOR_YAML, text.encode("utf-8"), _skema())
    if faults:
        raise DesaError(f"Isian kantor salah: {faults[0].field}: {faults[0].reason}")
    folder.mkdir(parents=True, exist_ok=True)
    for name in FOLDER_KANTOR:
        (folder / name).mkdir(exist_ok=True)
    if os.name != "nt":
        os.chmod(folder / "data", 0o700)
        os.chmod(folder / "arsip", 0o700)
    if logo is not None:
        shutil.copyfile(logo, folder / data["logo"])
    tmp = folder / (KANTOR_YAML + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, folder / KANTOR_YAML)
    return muat(LokasiKantor(folder.resolve(), "desa init")), warnings
