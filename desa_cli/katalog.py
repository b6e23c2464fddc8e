"""The service catalogue: one YAML file per service, bundled and per office.

A service carries the public part of a service standard (PermenPAN-RB 15/2014) and what the
tool needs to act on it: the fields to ask and the letter to print. The schema of a service
file is in katalog_skema.py, imported only when a file must be read (not from the cache).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from .kesalahan import DesaError
from .pemohon import ISIAN_PEMOHON, NAMA_ISIAN_PEMOHON, NAMA_PILIHAN  # noqa: F401 (the applicant's fields)

TINGKAT = ("desa", "kelurahan", "kecamatan")
JENIS_LAYANAN = ("administratif", "barang", "jasa")
JENIS_ISIAN = ("teks", "tanggal", "waktu", "angka", "rupiah", "nik", "kk", "telepon", "pilihan", "daftar")
BENTUK_BERKAS = ("asli", "fotokopi", "asli dan fotokopi", "fotokopi dilegalisir")
TANPA_BIAYA = "Tidak dipungut biaya"


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


def bundled_templates() -> Path:
    """The letter templates shipped with the tool, found the same way as the catalogue."""
    installed = Path(__file__).resolve().parent / "templates_surat"
    return installed if installed.is_dir() else bundled_folder().parent / "templates_surat"


def read_layanan(path: Path, terpercaya: bool = False) -> tuple:
    """(Layanan or None, faults) for one catalogue file; `terpercaya` for the bundled ones."""
    from .katalog_skema import LAYANAN
    from .yamlskema import Fault, read_document

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
    service of the same kode, and adds the others. Files unchanged since the last run come
    from the cache (katalog_simpan.py), checked as they were then."""
    from . import katalog_simpan

    katalog = Katalog()
    bundled = bundled_folder()
    simpanan = katalog_simpan.Simpanan(folders)
    for folder in folders:
        if not folder.is_dir():
            continue
        # An office's own files may come from another office: only they are read with the YAML bounds.
        terpercaya = folder == bundled
        katalog.salah_nama.extend(_salah_nama(folder))
        for path in sorted(folder.glob("*.yaml")):
            katalog.files += 1
            layanan = simpanan.ambil(path)
            if layanan is None:
                layanan, faults = read_layanan(path, terpercaya)
                katalog.faults.extend(faults)
                simpanan.taruh(path, layanan)
            if layanan is not None:
                katalog.layanan[layanan.kode] = layanan
    simpanan.tutup()
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
    from .yamlskema import Fault

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
                from .yamlskema import Fault

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
    # The service's whole name, typed out: 'surat keterangan usaha' (not ...domisili usaha).
    named = [s for s in katalog.semua() if _tokens(re.sub(r"\(.*?\)", " ", s.nama)) == words]
    if len(named) == 1:
        return named[0]
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
