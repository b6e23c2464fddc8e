"""The office folder: which one is in use, and what it holds."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from .katalog import TINGKAT  # one list of levels for the office and the catalogue
from .kesalahan import DesaError
from .verifikasi_web import URL_VERIFIKASI

KANTOR_YAML = "kantor.yaml"
FOLDER_KANTOR = ("katalog", "templates_surat", "data", "arsip")
FOLDER_PRIBADI = ("data", "arsip")  # personal data (NIK, address): for the clerk's own account only
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
    contoh = "35.05.06" if tingkat == "kecamatan" else ("35.05.06.2006" if tingkat == "desa" else "35.72.01.1001")
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
    return ".".join(parts), []


def tingkat_dari_kode(kode: str) -> str | None:
    """The level a typed code names (6 digits a kecamatan, 10 a desa 2xxx or kelurahan 1xxx)."""
    digits = re.sub(r"[\s.]", "", kode or "")
    if digits.isdigit() and len(digits) == 6:
        return "kecamatan"
    if digits.isdigit() and len(digits) == 10:
        return "kelurahan" if digits[6] == "1" else "desa"
    return None


_NAMA_WILAYAH = (("provinsi", "provinsi"), ("kabupaten", "kabupaten/kota"), ("kecamatan", "kecamatan"))


def sebutan(resmi) -> str:
    """'Desa Bacem, Kecamatan Ponggok, Kabupaten Blitar, Jawa Timur'."""
    desa = [f"{resmi.tingkat.title()} {resmi.desa}"] if resmi.desa else []
    return ", ".join(desa + [f"Kecamatan {resmi.kecamatan}", resmi.kabupaten, resmi.provinsi])


def lengkapi_wilayah(nilai: dict, baru: bool = False) -> list:
    """Fill tingkat, provinsi, kabupaten, kecamatan, desa and kode_pos in `nilai` from the official
    list by its kode_wilayah (Kepmendagri 300.2.2-2138/2025); refuse (DesaError) names that
    disagree with the list, or a code not in it unless `baru` (a new region not yet listed).
    Returns warnings."""
    from . import wilayah

    tingkat = nilai.get("tingkat") or tingkat_dari_kode(nilai.get("kode_wilayah"))
    if tingkat is None:
        raise DesaError(
            f"Kode wilayah '{nilai.get('kode_wilayah')}' salah: bentuknya seperti 35.05.06.2006 (desa), "
            "35.72.01.1001 (kelurahan) atau 35.05.06 (kecamatan), kode Kemendagri."
        )
    kode, warnings = periksa_kode_wilayah(nilai.get("kode_wilayah"), tingkat)
    nilai.update(tingkat=tingkat, kode_wilayah=kode)
    try:
        resmi = wilayah.cari(kode)
    except wilayah.WilayahTidakAda:
        if not baru:
            raise DesaError(
                f"Kode wilayah {kode} tidak ada dalam daftar Kemendagri (Kepmendagri 300.2.2-2138/2025). "
                "Periksa lagi kodenya; bila wilayah ini baru dan belum terdaftar, tambahkan --wilayah-baru."
            ) from None
        return warnings + [f"kode wilayah {kode} belum ada dalam daftar Kemendagri; nama wilayah tidak diperiksa"]
    official = {"provinsi": resmi.provinsi, "kabupaten": resmi.kabupaten, "kecamatan": resmi.kecamatan}
    pairs = list(_NAMA_WILAYAH) + ([("desa", tingkat)] if resmi.desa else [])
    if resmi.desa:
        official["desa"] = resmi.desa
    salah = [
        f"{label} '{nilai[key]}' (resmi: {official[key]})"
        for key, label in pairs
        if nilai.get(key) and not wilayah.sama(str(nilai[key]), official[key])
    ]
    if salah:
        raise DesaError(
            f"Nama wilayah tidak cocok dengan kode {kode}: {'; '.join(salah)}. "
            f"Menurut daftar Kemendagri: {sebutan(resmi)}."
        )
    nilai.update(official)
    if resmi.kode_pos and not nilai.get("kode_pos"):
        nilai["kode_pos"] = resmi.kode_pos
    elif resmi.kode_pos and nilai["kode_pos"] != resmi.kode_pos:
        warnings.append(f"kode pos {nilai['kode_pos']} berbeda dari daftar untuk {resmi.desa} ({resmi.kode_pos})")
    return warnings


def _skema_tata() -> dict:
    """A Perbup's own typography; unset, the letter keeps its template's (Arial 12; margins
    3/2/2/2.5 cm, dokumen.MARGIN_SURAT)."""
    from .yamlskema import Desimal, Integer, Key, Mapping, Text

    sisi = ("kiri", "kanan", "atas", "bawah")
    return {
        "huruf": Key(Text(r"[A-Za-z0-9 ]{2,40}", "nama huruf seperti Arial"), required=False),
        "ukuran_huruf": Key(Integer(minimum=10, maximum=14), required=False),
        "margin": Key(Mapping({side: Key(Desimal(1, 5, "cm"), required=False) for side in sisi}), required=False),
    }


def _periksa_isi(value, node, parts, ctx):
    """What the schema's keys alone cannot say: a village name, a head, a well-formed region code."""
    if value["tingkat"] != "kecamatan" and not value.get("desa"):
        ctx.fault(node, ("desa",), "wajib ada untuk kantor desa atau kelurahan (nama desa/kelurahan)")
    from . import penandatangan as ttd

    ttd.periksa(value["penandatangan"], lambda parts, reason: ctx.fault(node, parts, reason))
    try:
        value["kode_wilayah"], _ = periksa_kode_wilayah(value["kode_wilayah"], value["tingkat"])
    except DesaError as exc:
        ctx.fault(node, ("kode_wilayah",), str(exc))


def _skema():
    from . import penandatangan as ttd
    from .kalender import HARI, HARI_KERJA_MAKS
    from .yamlskema import Boolean, Integer, Key, ListOf, MapOf, Mapping, OneOf, Text

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
            # A file name inside the office folder: no folder part, no `..` (desa kantor logo writes it).
            "logo": Key(Text(r"(?!\.\.?$)[^/\\:]+", "nama berkas di folder kantor, misalnya logo.png"), required=False),
            "verifikasi_url": Key(Text(*URL_VERIFIKASI), required=False),
            # Several desks: the register in PostgreSQL (meja.py, storage_pg.py); never a password here.
            "basis_data": Key(
                Text(r"postgres(ql)?://\S+", "alamat seperti postgresql://loket@server/desa_bacem"),
                required=False,
            ),
            "penandatangan": Key(MapOf(ttd.skema())),
            "format_nomor": Key(Text(), required=False, default=FORMAT_NOMOR),
            # One letter sequence a year (tahunan), or one per classification code a year (nomor_surat.py).
            "nomor_surat": Key(OneOf(("tahunan", "per_klasifikasi")), required=False, default="tahunan"),
            "kertas": Key(OneOf(("f4", "a4")), required=False, default="f4"),
            **_skema_tata(),
            "hari_kerja": Key(ListOf(OneOf(HARI), min_items=1), required=False, default=lambda: list(HARI[:5])),
            # Opening hours as the office writes them ("08.00-15.00 WIB"): only shown, in the ready notice.
            "jam_layanan": Key(Text(), required=False),
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
        check=_periksa_isi,
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


def _isi_baru(nilai: dict, logo: Path | None) -> dict:
    """The contents of a new kantor.yaml from init's values (region names already from the list)."""
    tingkat = nilai["tingkat"]
    jabatan = {"desa": "Kepala Desa", "kelurahan": "Lurah", "kecamatan": "Camat"}[tingkat]
    kepala = {"jabatan": jabatan, "nama": nilai["kepala"]}
    if nilai.get("nip"):
        kepala["nip"] = nilai["nip"]
    data = {key: nilai[key] for key in ("tingkat", "provinsi", "kabupaten", "kecamatan")}
    if tingkat != "kecamatan":
        data["desa"] = nilai["desa"]
    data["kode_wilayah"] = nilai["kode_wilayah"]
    data.update({key: nilai[key] for key in ("alamat", "kode_pos", "telepon", "email") if nilai.get(key)})
    if logo is not None:
        if not logo.is_file():
            raise DesaError(f"Berkas logo '{logo}' tidak ada.")
        from .kantor_ubah import jenis_gambar

        data["logo"] = "logo" + jenis_gambar(logo)  # by the file's header, not its name
    data["penandatangan"] = {"kepala": kepala}
    data["format_nomor"] = FORMAT_NOMOR
    data["kertas"] = "f4"
    data["hari_kerja"] = ["senin", "selasa", "rabu", "kamis", "jumat"]
    data["cuti_bersama_libur"] = True
    if nilai.get("basis_data"):
        data["basis_data"] = nilai["basis_data"]
    return data


def buat(folder: Path, nilai: dict, logo: Path | None = None) -> tuple:
    """Create an office folder: kantor.yaml and the folders it keeps. Returns (Kantor, warnings).

    Refuses an existing office; checks every value before writing anything.
    """
    import shutil

    import yaml

    if (folder / KANTOR_YAML).exists():
        raise DesaError(f"Sudah ada kantor di {folder} ({KANTOR_YAML}); tidak ditimpa.")
    nilai = dict(nilai)
    if not (nilai.get("alamat") or "").strip():
        raise DesaError("Alamat kantor wajib diisi (--alamat), misalnya 'Jl. Raya Bacem No. 1': kop surat memuatnya.")
    warnings = lengkapi_wilayah(nilai, bool(nilai.get("wilayah_baru")))
    data = _isi_baru(nilai, logo)
    text = (
        "# Identitas kantor untuk aplikasi desa. Boleh diubah; periksa dengan 'desa kantor'.\n"
        "# format_nomor: {kode} kode klasifikasi, {urut:03d} nomor urut, {kode_desa} kode wilayah,\n"
        "#   {bulan_romawi} bulan (XI), {tahun}. hari_kerja: hari buka kantor. kertas: f4 atau a4.\n"
        "# nomor_surat: tahunan (satu urutan nomor setahun) atau per_klasifikasi (satu urutan per kode\n"
        "#   klasifikasi setahun); berlaku mulai surat pertama suatu tahun.\n"
        "# libur_tambahan: hari kantor tutup di luar libur nasional, misalnya cuti bersama yang belum\n"
        "#   dikenal aplikasi:  libur_tambahan: {2027-12-24: Cuti Bersama Natal}\n"
        "#   Satu tanggal di suatu tahun sudah menghentikan peringatan cuti bersama tahun itu.\n"
        "# jam_layanan: jam buka loket untuk pemberitahuan surat siap, misalnya  jam_layanan: 08.00-15.00 WIB\n"
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
    for name in FOLDER_PRIBADI:
        failed = jadikan_pribadi(folder / name)
        if failed:
            warnings.append(f"folder {name} belum dapat dibuat pribadi ({failed}); jalankan 'desa kantor --pribadikan'")
    if logo is not None:
        shutil.copyfile(logo, folder / data["logo"])
    tmp = folder / (KANTOR_YAML + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, folder / KANTOR_YAML)
    return muat(LokasiKantor(folder.resolve(), "desa init")), warnings


# --- private folders ---------------------------------------------------------------------
# Mode 0700 means nothing on Windows: there the folder's access list is replaced by one that
# names the current user, SYSTEM and the Administrators group (by SID, so that a Windows in
# another language works too), with inheritance so that every file made inside gets the same.

SID_WINDOWS = ("*S-1-5-18", "*S-1-5-32-544")  # SYSTEM, BUILTIN\Administrators
NAMA_BOLEH_WINDOWS = ("system", "administrators", "creator owner", "pemilik pembuat")


def pengguna_windows() -> str:
    """The current Windows account as icacls names it: DOMAIN\\user, or user alone."""
    import getpass

    user = os.environ.get("USERNAME") or getpass.getuser()
    domain = os.environ.get("USERDOMAIN")
    return f"{domain}\\{user}" if domain else user


def perintah_icacls(folder: Path) -> list:
    """The icacls command line that leaves `folder` to the current user, SYSTEM and Administrators."""
    grants = [f"{who}:(OI)(CI)F" for who in (pengguna_windows(), *SID_WINDOWS)]
    return ["icacls", str(folder), "/inheritance:r", "/grant:r", *grants]


def _jalankan(args: list):
    """Run a system tool; (return code, output) or (None, why) when it cannot be run."""
    import subprocess

    try:
        done = subprocess.run(args, check=False, capture_output=True, text=True, errors="replace", timeout=60)
    except (OSError, subprocess.SubprocessError) as exc:
        return None, str(getattr(exc, "strerror", None) or exc)
    return done.returncode, (done.stdout or "") + (done.stderr or "")


def jadikan_pribadi(folder: Path) -> str | None:
    """Make `folder` open to the current user only; None when done, else why not (in words)."""
    if os.name == "nt":
        code, output = _jalankan(perintah_icacls(folder))
        if code == 0:
            return None
        text = " ".join(output.split())
        return f"icacls gagal: {text}" if code is not None else f"icacls tidak dapat dijalankan: {text}"
    try:
        os.chmod(folder, 0o700)
    except OSError as exc:
        return exc.strerror or str(exc)
    return None


def akses_lain_icacls(output: str, folder: Path, pengguna: str) -> list:
    """The accounts other than `pengguna`, SYSTEM and Administrators that `icacls <folder>` output
    lets in (deny entries aside), in the order shown."""
    path = str(folder).lower()
    user = pengguna.lower()
    user_only = user.rsplit("\\", 1)[-1]
    lines = output.splitlines()
    # The entries stand in a column after the folder's name, as icacls printed it (maybe not as
    # given: a short or differently cased name); the following entries are indented to it.
    column = next((len(x) - len(x.lstrip()) for x in lines[1:] if x[:1].isspace() and ":(" in x), None)
    others = []
    for number, line in enumerate(lines):
        if number == 0 and line.lower().startswith(path):
            line = line[len(path) :]
        elif number == 0 and column:
            line = line[column:]
        line = line.strip()
        who, sep, rights = line.partition(":(")
        if not sep or not who or "(DENY)" in rights.upper():
            continue
        name = who.strip().lower()
        if name in (user, user_only) or name.rsplit("\\", 1)[-1] in NAMA_BOLEH_WINDOWS:
            continue
        if who.strip() not in others:
            others.append(who.strip())
    return others


def _akses_lain(folder: Path) -> list | None:
    """Who else can open `folder` (names, or modes on POSIX); None when it cannot be told."""
    if os.name == "nt":
        code, output = _jalankan(["icacls", str(folder)])
        if code != 0:
            return None
        return akses_lain_icacls(output, folder, pengguna_windows())
    mode = folder.stat().st_mode & 0o777
    return [f"akun lain (mode {mode:o})"] if mode & 0o077 else []


def status_pribadi(folder: Path) -> dict:
    """Whether data/ and arsip/ of the office at `folder` are for the current user only:
    {"pribadi": True/False/None (unknown), "terbuka": {"data": [who else], ...}}."""
    terbuka: dict = {}
    unknown = False
    for name in FOLDER_PRIBADI:
        if not (folder / name).is_dir():
            continue
        others = _akses_lain(folder / name)
        if others is None:
            unknown = True
        elif others:
            terbuka[name] = others
    return {"pribadi": False if terbuka else (None if unknown else True), "terbuka": terbuka}
