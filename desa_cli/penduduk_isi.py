"""Filling an application from the population data: the applicant, the people a service names by
their NIK (the deceased, a parent, a witness), and the members of a family (No. KK).

Only values the clerk left empty are filled; at a terminal each is shown for confirmation (the
command's prompts), and a flag or --data always wins.
"""

from __future__ import annotations

from . import penduduk as penduduk_mod

# A service's field `<kata>_<orang>` next to `nik_<orang>` is that person's (nama_almarhum beside
# nik_almarhum, nama_ayah beside nik_ayah, alamat_saksi_1 beside nik_saksi_1): these words are
# filled from the resident of that NIK.
KATA_ORANG = (
    "nama", "tempat_lahir", "tanggal_lahir", "jenis_kelamin", "agama", "pekerjaan", "alamat", "kewarganegaraan",
    "status_perkawinan",
)  # fmt: skip
# The relation in the KK (kk_level) of a member, seen from the spouse of the head rather than the head.
_DARI_PASANGAN = {4: "Anak", 5: "Menantu", 6: "Cucu", 7: "Mertua", 8: "Orang Tua"}


def orang_dari_nik(fields: list) -> dict:
    """{nik field: {field: word}} of the service's person fields, by the rule of KATA_ORANG."""
    names = {f["nama"] for f in fields}
    found: dict = {}
    for spec in fields:
        if spec["jenis"] != "nik" or not spec["nama"].startswith("nik_"):
            continue
        orang = spec["nama"][len("nik_") :]
        words = {f"{kata}_{orang}": kata for kata in KATA_ORANG if f"{kata}_{orang}" in names}
        if words:
            found[spec["nama"]] = words
    return found


def nilai_orang(orang: dict, kata: str, tingkat: str = "desa"):
    """What a resident gives for one word of KATA_ORANG (the address as a letter prints it)."""
    if kata == "alamat":
        from .pemohon import alamat_lengkap

        return alamat_lengkap(orang, tingkat) or None
    return orang.get(kata)


def _cocok(choices: list, value: str) -> str | None:
    """The choice that is `value` with spaces and case aside (OpenSID "Orangtua", SKTM "Orang Tua")."""
    key = "".join(str(value).lower().split())
    return next((c for c in choices if "".join(str(c).lower().split()) == key), None)


def hubungan_dengan(orang: dict, member: dict) -> str | None:
    """The relation of `member` to `orang` where the KK tells it: `orang` the head, or the head's spouse."""
    level, other = orang.get("kk_level"), member.get("kk_level")
    if level == 1:
        return penduduk_mod.label_hubungan(member) or None
    if level in (2, 3):
        if other == 1:
            return "Suami" if member.get("jenis_kelamin") == "L" else "Istri"
        return _DARI_PASANGAN.get(other)
    return None


def baris_keluarga(data, spec: dict, values: dict) -> tuple:
    """(rows for the list field `spec` from the family of the resident whose NIK is in the field
    `spec["dari_keluarga"]`, that resident) — ([], None) when not found. Living members only; the
    resident left out with `tanpa_dia`."""
    nik = values.get(spec.get("dari_keluarga") or "")
    orang = data.ambil(nik) if nik else None
    if orang is None or not orang.get("no_kk"):
        return [], orang
    rows = []
    for member in data.keluarga(orang["no_kk"]):
        if member.get("status_dasar") != penduduk_mod.HIDUP or (spec.get("tanpa_dia") and member["nik"] == nik):
            continue
        row = {}
        for kolom in spec["kolom"]:
            value = _nilai_kolom(kolom, orang, member)
            if value not in (None, ""):
                row[kolom["nama"]] = value
        rows.append(row)
    return rows, orang


def _nilai_kolom(kolom: dict, orang: dict, member: dict):
    name = kolom["nama"]
    if name in ("shdk", "hubungan_keluarga"):
        value = penduduk_mod.label_hubungan(member)
    elif name.startswith("hubungan"):
        value = hubungan_dengan(orang, member) if member["nik"] != orang["nik"] else None
    else:
        value = member.get(name)
    if value in (None, ""):
        return None
    if kolom["jenis"] == "pilihan":
        return _cocok(kolom["pilihan"], value)
    return value


def pasangan(data, nik: str) -> dict | None:
    """The spouse of a resident in the same KK (head and wife or husband), or None."""
    orang = data.ambil(nik)
    if orang is None or orang.get("kk_level") not in (1, 2, 3) or not orang.get("no_kk"):
        return None
    for member in data.keluarga(orang["no_kk"]):
        if member["nik"] != nik and member.get("kk_level") in (1, 2, 3) and member.get("status_dasar") == "Hidup":
            if member.get("jenis_kelamin") != orang.get("jenis_kelamin"):
                return member
    return None


def sebagai_pemohon(orang: dict, lama: dict | None, info: dict | None, perlu=()) -> dict:
    """The applicant's earlier data from a resident: the population data's fields, the rest (a phone
    number) from the applicant's last application; `asal` says where it came from."""
    filled = {**(lama or {}), **penduduk_mod.sebagai_pemohon(orang, perlu)}
    when = (info or {}).get("waktu", "")[:10]
    filled["asal"] = f"data penduduk (impor {when})" if when else "data penduduk"
    status = orang.get("status_dasar")
    if status and status != penduduk_mod.HIDUP:
        since = f" sejak impor {orang['tidak_ada_sejak']}" if orang.get("tidak_ada_sejak") else ""
        filled["peringatan"] = f"Menurut data penduduk, NIK {orang['nik']} berstatus {status}{since}; periksa lagi."
    return filled


def _kosong(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == []


class Pengisi:
    """What `isian.susun` asks of the population data while it collects one application.

    `data`: has `ambil(nik)` and `keluarga(no_kk)` (DataPenduduk, or the command's wrapper that
    opens the register for each). `setuju(spec, rows, orang)`: whether to take a family list (the
    command confirms at a terminal, or says yes for --keluarga); None takes none.
    """

    def __init__(self, data, tingkat: str = "desa", setuju=None):
        self.data = data
        self.tingkat = tingkat
        self.setuju = setuju
        self.catatan: list = []
        self.isi: dict = {}  # field -> value found, the default of its prompt
        self._diisi: set = set()  # NIK fields whose person was looked up

    def mulai(self, fields: list, raw: dict, values: dict, take) -> None:
        self.by_name = {f["nama"]: f for f in fields}
        self.by_nik = orang_dari_nik(fields)
        applicant = {f"{k}_pemohon": k for k in (*KATA_ORANG, "shdk") if f"{k}_pemohon" in self.by_name}
        if applicant:
            self.by_nik["nik"] = applicant
        self.pemilik = {field: nik_field for nik_field, words in self.by_nik.items() for field in words}
        for nik_field in self.by_nik:
            if nik_field in values or not _kosong(raw.get(nik_field)):
                take(self.by_name[nik_field])
                self._isi_orang(nik_field, raw, values)

    def sebelum(self, spec: dict, raw: dict, values: dict, tanya, take) -> None:
        """Before a field is taken: its person's NIK first (asked before their name), then the
        value found becomes what is typed (or the prompt's default)."""
        name = spec["nama"]
        owner = self.pemilik.get(name) or (name if name in self.by_nik else None)
        if owner and owner != name and owner not in values and _kosong(raw.get(owner)):
            if tanya is not None:
                raw[owner] = tanya(self.by_name[owner], self.isi.get(owner))
            elif owner in self.isi:
                raw[owner] = self.isi[owner]
            take(self.by_name[owner])
        if owner and owner in values:
            self._isi_orang(owner, raw, values)
        if spec["jenis"] == "daftar" and spec.get("dari_keluarga") and _kosong(raw.get(name)):
            self._keluarga(spec, raw, values)
        if _kosong(raw.get(name)) and name in self.isi:
            raw[name] = tanya(spec, self.isi[name]) if tanya is not None else self.isi[name]

    def _isi_orang(self, nik_field: str, raw: dict, values: dict) -> None:
        if nik_field in self._diisi or not values.get(nik_field):
            return
        self._diisi.add(nik_field)
        orang = self.data.ambil(values[nik_field])
        if orang is None:
            return
        filled = []
        for field, kata in self.by_nik.get(nik_field, {}).items():
            if not _kosong(raw.get(field)):
                continue
            value = _nilai(self.by_name[field], orang, kata, self.tingkat)
            if value is not None:
                self.isi[field] = value
                filled.append(self.by_name[field]["label"])
        other = {"nik_ayah": "nik_ibu", "nik_ibu": "nik_ayah"}.get(nik_field)
        if other in self.by_name and _kosong(raw.get(other)) and other not in values:
            spouse = pasangan(self.data, orang["nik"])
            if spouse is not None:
                self.isi[other] = spouse["nik"]
                filled.append(f"{self.by_name[other]['label']} (pasangannya dalam KK)")
        if filled and nik_field != "nik":
            label = self.by_name[nik_field]["label"]
            self.catatan.append(f"Dari data penduduk ({label} {orang['nik']}): {', '.join(filled)}.")
        if orang.get("status_dasar") not in (None, penduduk_mod.HIDUP) and nik_field != "nik":
            self.catatan.append(f"Menurut data penduduk, {orang['nama']} berstatus {orang['status_dasar']}.")

    def _keluarga(self, spec: dict, raw: dict, values: dict) -> None:
        rows, orang = baris_keluarga(self.data, spec, values)
        if not rows or self.setuju is None or not self.setuju(spec, rows, orang):
            return
        raw[spec["nama"]] = rows
        self.catatan.append(f"{spec['label']}: {len(rows)} orang dari KK {orang['no_kk']} (data penduduk).")


def _nilai(spec: dict, orang: dict, kata: str, tingkat: str):
    value = penduduk_mod.label_hubungan(orang) if kata == "shdk" else nilai_orang(orang, kata, tingkat)
    if value in (None, ""):
        return None
    if spec["jenis"] == "pilihan":
        found = _cocok(spec["pilihan"], value)
        if found is None and kata == "jenis_kelamin":
            found = _cocok(spec["pilihan"], {"L": "Laki-laki", "P": "Perempuan"}.get(value, value))
        return found
    return value
