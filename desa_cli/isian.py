"""The applicant's fields: read each typed value by its kind and refuse what cannot be right."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from . import nik as nik_mod
from . import nomor
from .katalog import ISIAN_PEMOHON, NAMA_ISIAN_PEMOHON, Layanan
from .kesalahan import DesaError, bukan_utf8
from .yamlskema import baca_rupiah


class IsianSalah(DesaError):
    def __init__(self, label: str, alasan: str):
        self.label = label
        self.alasan = alasan
        super().__init__(f"{label}: {alasan}")


def semua(layanan: Layanan) -> list:
    """Every field the service asks: the applicant's standard ones (those its form needs made
    required: `pemohon_wajib`), then the service's own."""
    wajib = set(layanan.data.get("pemohon_wajib") or ())
    pemohon = [{**f, "wajib": True} if f["nama"] in wajib else f for f in ISIAN_PEMOHON]
    return [*pemohon, *layanan.data["isian"]]


def baca_tanggal(text) -> dt.date:
    if isinstance(text, dt.datetime):
        return text.date()
    if isinstance(text, dt.date):
        return text
    value = str(text).strip()
    match = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", value)
    if match:
        day, month, year = (int(g) for g in match.groups())
    else:
        match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", value)
        if not match:
            raise ValueError(f"'{value}' bukan tanggal; tulis seperti 17-08-1990 atau 1990-08-17")
        year, month, day = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"'{value}' bukan tanggal yang ada") from None


# Characters that never reach the register: Unicode's control characters (Cc: C0 but tab, line feed
# and carriage return; DEL; C1) drive a terminal (ESC and CSI sequences, OSC links), and NUL is
# dropped from the letter so letter and register would differ; format characters (Cf: bidi overrides
# and isolates, zero-width spaces and joiners, the BOM, soft hyphen, tags), line and paragraph
# separators (Zl, Zp) hide or reorder what the clerk reads; lone surrogates (Cs) are bytes that were
# not UTF-8. By category, so the rule follows the Unicode version of the Python in use.
KATEGORI_TERLARANG = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
SPASI = "\t\n\r"  # collapsed into one space by teks_aman: every field is kept as one line
_BUKAN_ASCII_CETAK = re.compile(r"[^\x20-\x7e]")  # only these need a look: most text is plain ASCII


def karakter_terlarang(nilai: str, spasi_boleh: bool = True) -> str | None:
    """The first control or invisible character in `nilai`, or None; tab and line breaks count
    unless `spasi_boleh`."""
    for found in _BUKAN_ASCII_CETAK.finditer(nilai):
        char = found.group()
        if char in SPASI:
            if not spasi_boleh:
                return char
        elif unicodedata.category(char) in KATEGORI_TERLARANG:
            return char
    return None


# Limits in characters, after spaces are collapsed. Permendagri 73/2022 Pasal 4(2)b caps a name on
# population documents at 60 letters including spaces; 100 leaves room for older names and titles.
# An address with RT/RW, dusun, desa and kecamatan fits in 200. Free text (keperluan, a reason)
# gets 500: a paragraph, not a document.
PANJANG_NAMA = 100
PANJANG_ALAMAT = 200
PANJANG_TEKS = 500
PANJANG_ADUAN = 1000  # a complaint is in the citizen's own words; a few paragraphs, still one line
# A list (heirs, family members) of more than 50 rows is no family: a large one with children,
# grandchildren and in-laws stays well below. Without a limit 20,000 heirs were taken (3 MB register
# files, a 4 s and 400 MB `cetak` holding the lock).
BARIS_DAFTAR = 50
# One applicant's --data file: 50 list rows and every field at its limit stay under 64 KB. A bigger
# file is refused before it is parsed (PyYAML takes about 7 s per MB).
BERKAS_DATA_MAKS = 256 * 1024


def panjang_maks(nama: str) -> int:
    """The length limit of a field, by its name: names, then addresses and places, else free text."""
    if nama.startswith(("nama", "pekerjaan", "kewarganegaraan", "hubungan")):
        return PANJANG_NAMA
    if nama.startswith(("alamat", "tempat")):
        return PANJANG_ALAMAT
    return PANJANG_TEKS


def periksa_karakter(nilai: str, label: str, spasi_boleh: bool = True) -> None:
    """Refuse (IsianSalah) control and invisible characters; tab and line breaks too unless `spasi_boleh`."""
    char = karakter_terlarang(nilai, spasi_boleh)
    if char is None:
        return
    if unicodedata.category(char) == "Cs":
        raise IsianSalah(label, "berisi byte yang bukan teks UTF-8; ketik ulang nilainya")
    raise IsianSalah(
        label, f"berisi karakter kendali atau tak terlihat (U+{ord(char):04X}); ketik ulang tanpa karakter itu"
    )


def teks_aman(nilai: str, label: str, maks: int = PANJANG_TEKS) -> str:
    """One line of text as the register keeps it: spaces (tab and line breaks too) collapsed into
    one; control and invisible characters and text over `maks` characters refused (IsianSalah)."""
    if not isinstance(nilai, str):
        raise IsianSalah(label, "harus berupa teks")
    text = " ".join(nilai.split())
    if len(text) > maks:  # first: a huge value is refused without a look at each character
        raise IsianSalah(label, f"terlalu panjang ({len(text)} karakter; paling banyak {maks})")
    periksa_karakter(nilai, label)
    return text


def alasan_wajib(alasan) -> str:
    """The clerk's reason for a refusal, a withdrawal or a priority mark, as the register keeps it;
    refused when empty."""
    text = teks_aman(alasan or "", "Alasan")
    if not text:
        raise DesaError('Alasan wajib diisi (--alasan "...").')
    return text


def _teks(value, spec: dict) -> str:
    if isinstance(value, (dict, list)):
        raise ValueError("harus berupa teks")
    return teks_aman(str(value), spec["label"], panjang_maks(spec["nama"]))


def _waktu(value) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        # YAML 1.1 reads 08:30 as the sexagesimal number 510.
        value = f"{value // 60}:{value % 60:02d}"
    match = re.fullmatch(r"(\d{1,2})[:.](\d{2})", str(value).strip())
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise ValueError(f"'{value}' bukan jam; tulis seperti 08.30 atau 19:00")
    return f"{int(match.group(1)):02d}.{match.group(2)}"


# A count a clerk types (dependants, guests, square metres): a billion is beyond any of them, and
# far below what the register's 64-bit JSON numbers hold.
ANGKA_MAKS = 10**9


def _angka(value) -> int:
    text = str(value).strip()
    if isinstance(value, bool) or not re.fullmatch(r"\d+", text):
        raise ValueError(f"'{value}' bukan bilangan bulat")
    digits = text.lstrip("0") or "0"
    if len(digits) > len(str(ANGKA_MAKS)) or int(digits) > ANGKA_MAKS:
        raise ValueError(f"terlalu besar (paling banyak {ANGKA_MAKS:,}); periksa lagi".replace(",", "."))
    return int(digits)


def _pilihan(value, choices: list) -> str:
    text = str(value).strip()
    for choice in choices:
        if text.lower() == str(choice).lower():
            return choice
    if text.isdigit() and 1 <= int(text) <= len(choices):
        return choices[int(text) - 1]
    raise ValueError(f"'{text}' tidak ada dalam pilihan: {', '.join(map(str, choices))}")


def _nik(value) -> str:
    try:
        return nik_mod.urai(str(value)).nomor
    except nik_mod.NikSalah as exc:
        raise ValueError(str(exc)) from None


def baca(spec: dict, value):
    """The stored form of one typed value, or IsianSalah naming the field and the reason."""
    jenis = spec["jenis"]
    try:
        if value is None or (isinstance(value, str) and not value.strip()):
            raise ValueError("belum diisi")
        if isinstance(value, str) and bukan_utf8(value):  # typed at a prompt on a terminal not in UTF-8
            raise ValueError("berisi huruf yang tidak terbaca (bukan UTF-8); ketik ulang")
        if jenis == "daftar":
            return _daftar(spec, value)
        if jenis == "tanggal":
            return baca_tanggal(value).isoformat()
        if jenis == "waktu":
            return _waktu(value)
        if jenis == "angka":
            return _angka(value)
        if jenis == "rupiah":
            return baca_rupiah(value)
        if jenis == "pilihan":
            return _pilihan(value, spec["pilihan"])
        if jenis == "nik":
            return _nik(value)
        if jenis == "kk":
            return nomor.kk(value)[0]
        if jenis == "telepon":
            return nomor.telepon(value)
        return _teks(value, spec)
    except ValueError as exc:
        raise IsianSalah(spec["label"], str(exc)) from None


def _daftar(spec: dict, value) -> list:
    if not isinstance(value, list) or not value:
        raise ValueError("harus berupa daftar berisi paling sedikit satu baris (tulis di berkas --data)")
    if len(value) > BARIS_DAFTAR:
        raise ValueError(f"paling banyak {BARIS_DAFTAR} baris (ada {len(value)}); periksa berkas --data")
    rows = []
    for number, row in enumerate(value, 1):
        if not isinstance(row, dict):
            raise ValueError(f"baris ke-{number} harus berisi pasangan kolom: nilai")
        unknown = set(row) - {kolom["nama"] for kolom in spec["kolom"]}
        if unknown:
            raise ValueError(f"baris ke-{number}: kolom tidak dikenal: {', '.join(sorted(map(str, unknown)))}")
        clean = {}
        for kolom in spec["kolom"]:
            if row.get(kolom["nama"]) in (None, "") and not kolom["wajib"]:
                continue
            try:
                clean[kolom["nama"]] = baca(kolom, row.get(kolom["nama"]))
            except IsianSalah as exc:
                raise ValueError(f"baris ke-{number}, {exc.label}: {exc.alasan}") from None
        rows.append(clean)
    return rows


def periksa_pemohon(pemohon: dict) -> list:
    """Warnings about the applicant's data; refuses (IsianSalah) a NIK that contradicts it."""
    parsed = nik_mod.urai(pemohon["nik"])
    born = baca_tanggal(pemohon["tanggal_lahir"])
    today = dt.date.today()
    if born > today:
        raise IsianSalah("Tanggal lahir", "tidak boleh sesudah hari ini")
    if born.year < 1900:
        raise IsianSalah("Tanggal lahir", "sebelum tahun 1900; periksa lagi")
    faults = nik_mod.cocokkan(parsed, born, pemohon["jenis_kelamin"])
    if faults:
        raise IsianSalah("NIK", "; ".join(faults))
    return list(parsed.peringatan)


# --- Collecting one application's values -----------------------------------------------------------


def _kosong(value) -> bool:
    return value in (None, "")


def _muat_data(data_file) -> dict:
    """The pairs of a --data YAML file, refused with one clear line when too big or not YAML pairs."""
    import os

    import yaml

    from .yamlskema import YamlBerbahaya, muat_aman

    size = os.path.getsize(data_file)
    if size > BERKAS_DATA_MAKS:
        raise DesaError(
            f"Berkas --data {data_file} terlalu besar ({size // 1024} KB; paling besar "
            f"{BERKAS_DATA_MAKS // 1024} KB untuk isian satu permohonan)."
        )
    try:
        with open(data_file, "rb") as handle:
            loaded = muat_aman(handle.read())
    except YamlBerbahaya as exc:
        raise DesaError(f"Berkas --data {data_file}, baris {exc.line}: ditolak: {exc.reason}.") from None
    except yaml.reader.ReaderError:
        raise DesaError(f"Berkas --data {data_file} bukan teks UTF-8; simpan ulang sebagai UTF-8.") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f", baris {mark.line + 1}" if mark else ""
        raise DesaError(f"Berkas --data {data_file}{where}: penulisan YAML salah.") from None
    if loaded is None:
        loaded = {}
    if not isinstance(loaded, dict):
        raise DesaError(f"Berkas --data {data_file} harus berisi pasangan 'nama: nilai'.")
    return {str(k): v for k, v in loaded.items()}


def kumpulkan(data_file, isi, flags: dict, nama_isian) -> dict:
    """Raw values from --data, then --isi NAMA=NILAI, then the named flags: a later source wins.
    A name the service does not ask (`nama_isian`) is refused."""
    raw: dict = _muat_data(data_file) if data_file else {}
    for item in isi:
        if "=" not in item:
            raise DesaError(f"--isi '{item}' harus berbentuk NAMA=NILAI.")
        key, value = item.split("=", 1)
        raw[key.strip()] = value
    raw.update({k: v for k, v in flags.items() if v is not None})
    unknown = sorted(k for k in raw if k not in nama_isian)
    if unknown:
        # A name typed with a line break or a tab is shown as such, so the message stays one line.
        shown = ", ".join(k if k.isprintable() and k.strip() == k and k else repr(k) for k in unknown)
        raise DesaError(f"Isian tidak dikenal untuk layanan ini: {shown}. Yang ada: {', '.join(nama_isian)}.")
    return raw


def _data_lama(raw: dict, by_name: dict, lama: dict, tanya, pakai_lama) -> list:
    """Fill the applicant's fields left empty from their earlier data (an earlier application, or
    the population data: `lama["asal"]`): asked when there is a prompt (take all, or each with the
    earlier value as default), else taken with a note."""
    asal = lama.get("asal") or f"permohonan {lama.get('noreg_terakhir')}"
    notes = [lama["peringatan"]] if lama.get("peringatan") else []
    kosong = [n for n in by_name if n in NAMA_ISIAN_PEMOHON and _kosong(raw.get(n)) and not _kosong(lama.get(n))]
    if not kosong:
        return notes
    if tanya is not None:
        if pakai_lama(lama, kosong):
            raw.update({n: lama[n] for n in kosong})
        else:
            for n in kosong:
                raw[n] = tanya(by_name[n], lama[n])
        return notes
    raw.update({n: lama[n] for n in kosong})
    return [*notes, f"Data pemohon diambil dari {asal}."]


def susun(
    fields: list, raw: dict, pemohon_lama, tanya=None, pakai_lama=None, penduduk=None, setuju=None, hari_ini=None
) -> tuple:
    """(values by field name, notes) of one application, read and checked field by field.

    `raw` comes from `kumpulkan`; `pemohon_lama(nik)` gives the applicant's earlier data or None.
    At a terminal the command passes `tanya(spec, default)` (the raw value typed for one field) and
    `pakai_lama(lama, names)` (True to take the earlier data as it is); without them nothing is
    asked, the earlier data is taken with a note, and kewarganegaraan defaults to WNI.
    `penduduk` (penduduk_isi.Pengisi) fills the people a service names by NIK and family lists
    from the population data. With `setuju(question, default)` too (a yes/no at the terminal), the
    birth date and sex are shown from the NIK for confirmation, not asked, and a value that
    disagrees with the NIK is asked again field by field (isian_nik; `hari_ini` picks the century).
    """
    from . import isian_nik

    raw = dict(raw)
    hari_ini = hari_ini or dt.date.today()
    dari_nik = setuju is not None and tanya is not None
    by_name = {f["nama"]: f for f in fields}
    values: dict = {}

    def take(spec):
        if not _kosong(raw.get(spec["nama"])):
            values[spec["nama"]] = baca(spec, raw[spec["nama"]])

    if _kosong(raw.get("nik")) and tanya is not None:
        raw["nik"] = tanya(by_name["nik"], None)
    take(by_name["nik"])
    catatan = []
    lama = pemohon_lama(values["nik"]) if "nik" in values else None
    if lama:
        catatan = _data_lama(raw, by_name, lama, tanya, pakai_lama)
    if _kosong(raw.get("kewarganegaraan")) and tanya is None:
        raw["kewarganegaraan"] = "WNI"
    if penduduk is not None:
        penduduk.mulai(fields, raw, values, take)
    usul: dict = {}  # the NIK's birth date and sex when the clerk said they are wrong: the defaults
    for spec in fields:
        if spec["nama"] in values:
            continue
        if penduduk is not None:
            penduduk.sebelum(spec, raw, values, tanya, take)
        if dari_nik and spec["nama"] in isian_nik.PASANGAN and not usul:
            usul = isian_nik.usulkan(by_name, raw, values, setuju, hari_ini)
        if _kosong(raw.get(spec["nama"])) and tanya is not None:
            raw[spec["nama"]] = tanya(spec, usul.get(spec["nama"]))
        take(spec)
        if dari_nik and spec["nama"] in isian_nik.PASANGAN:
            isian_nik.betulkan(by_name, raw, values, take, tanya, setuju, hari_ini)
    missing = [f"{s['label']} ({s['nama']})" for s in fields if s["wajib"] and s["nama"] not in values]
    if missing:
        raise DesaError(
            f"Isian belum diisi: {', '.join(missing)}. Isi dengan opsi, --isi NAMA=NILAI atau --data berkas.yaml."
        )
    return values, catatan + (penduduk.catatan if penduduk is not None else [])


def pisahkan(layanan: Layanan, values: dict) -> tuple:
    """(the applicant's standard fields, the service's own fields) from the values of `susun`."""
    pemohon = {f["nama"]: values[f["nama"]] for f in ISIAN_PEMOHON if f["nama"] in values}
    extra = {s["nama"]: values[s["nama"]] for s in layanan.data["isian"] if s["nama"] in values}
    return pemohon, extra


def peringatan_nik(fields: list, values: dict) -> list:
    """The warnings (unknown region codes) of every NIK the service asks besides the applicant's own,
    each naming its field: nik_ayah, nik_pewaris, and the NIK columns of a 'daftar' row by row."""
    found = []

    def lihat(nomor, label: str) -> None:
        try:
            parsed = nik_mod.urai(str(nomor))
        except nik_mod.NikSalah:
            return  # already refused by baca(); nothing to warn about here
        found.extend(f"{label}: {line}" for line in parsed.peringatan)

    for spec in fields:
        value = values.get(spec["nama"])
        if value in (None, "") or spec["nama"] == "nik":
            continue
        if spec["jenis"] == "nik":
            lihat(value, spec["label"])
        elif spec["jenis"] == "kk":
            found.extend(f"{spec['label']}: {line}" for line in nomor.kk(value)[1])
        elif spec["jenis"] == "daftar":
            for number, row in enumerate(value, 1):
                for kolom in spec["kolom"]:
                    if kolom["jenis"] == "nik" and row.get(kolom["nama"]) not in (None, ""):
                        lihat(row[kolom["nama"]], f"{spec['label']}, baris ke-{number}, {kolom['label']}")
    return found


def periksa(layanan: Layanan, values: dict, hari_ini=None) -> tuple:
    """(applicant's fields, the service's own fields, warnings) of values from `susun`: refuses an
    applicant's NIK that contradicts their data, and (given `hari_ini`) an event already past; warns
    of unknown region codes in every NIK."""
    from . import acara, fakta

    pemohon, extra = pisahkan(layanan, values)
    umur = []
    if hari_ini is not None:
        acara.periksa_lampau(extra, hari_ini)
        fakta.periksa(semua(layanan), values, hari_ini)
        umur = fakta.umur(layanan.data.get("umur_pemohon"), values, hari_ini)
    fakta.status(layanan.data.get("status_pemohon"), values)
    return pemohon, extra, periksa_pemohon(pemohon) + peringatan_nik(semua(layanan), values) + umur
