"""At a terminal, the applicant's birth date and sex come from the NIK: shown for confirmation
rather than asked, and when a value disagrees with the NIK only the field at fault is asked again.

Used by `isian.susun` with the command's prompts: `tanya(spec, default)` (the raw value typed for
one field) and `setuju(question, default)` (a yes/no). Without a terminal nothing here runs, and
`isian.periksa_pemohon` refuses a contradiction at the end, as it always has.
"""

from __future__ import annotations

import datetime as dt

from . import nik as nik_mod
from .kalender import tanggal as tanggal_teks

PASANGAN = ("tanggal_lahir", "jenis_kelamin")  # the two fields the NIK tells
KELAMIN = {"L": "laki-laki", "P": "perempuan"}


def dari_nik(nomor: str, hari_ini: dt.date) -> dict:
    """{tanggal_lahir: date, jenis_kelamin: "L"/"P"} as the NIK gives them (see nik.tanggal_lahir
    for the century)."""
    parsed = nik_mod.urai(nomor)
    return {"tanggal_lahir": nik_mod.tanggal_lahir(parsed, hari_ini), "jenis_kelamin": "P" if parsed.perempuan else "L"}


def pertanyaan(usul: dict) -> str:
    """ "Tanggal lahir menurut NIK: 7 Agustus 1990, perempuan. Benar?" for what `usul` holds."""
    if "tanggal_lahir" in usul:
        text = f"Tanggal lahir menurut NIK: {tanggal_teks(usul['tanggal_lahir'])}"
        if "jenis_kelamin" in usul:
            text += f", {KELAMIN[usul['jenis_kelamin']]}"
    else:
        text = f"Jenis kelamin menurut NIK: {KELAMIN[usul['jenis_kelamin']]}"
    return text + ". Benar?"


def usulkan(by_name: dict, raw: dict, values: dict, setuju, hari_ini: dt.date) -> dict:
    """Offer the NIK's birth date and sex for the fields not filled yet. Agreed: they go into `raw`
    and {} is returned; refused: they are returned, the defaults of the prompts that follow."""
    if "nik" not in values:
        return {}
    found = dari_nik(values["nik"], hari_ini)
    usul = {n: found[n] for n in PASANGAN if n in by_name and n not in values and raw.get(n) in (None, "")}
    if not usul:
        return {}
    shown = {n: v.strftime("%d-%m-%Y") if isinstance(v, dt.date) else v for n, v in usul.items()}
    if setuju(pertanyaan(usul), True):
        raw.update(shown)
        return {}
    return shown


def _salah(values: dict, hari_ini: dt.date) -> tuple | None:
    """(field, reason, whether the NIK may be the one at fault) of the first of the birth date and
    sex that cannot be right; None when both fit."""
    from .isian import baca_tanggal

    if "nik" not in values:
        return None
    parsed = nik_mod.urai(values["nik"])
    if "tanggal_lahir" in values:
        born = baca_tanggal(values["tanggal_lahir"])
        if born > hari_ini:
            return "tanggal_lahir", "Tanggal lahir tidak boleh sesudah hari ini", False
        if born.year < 1900:
            return "tanggal_lahir", "Tanggal lahir sebelum tahun 1900; periksa lagi", False
        faults = nik_mod.cocokkan(parsed, born, None)
        if faults:
            return "tanggal_lahir", f"{faults[0][0].upper()}{faults[0][1:]} ({born.strftime('%d-%m-%Y')})", True
    faults = nik_mod.cocokkan(parsed, None, values.get("jenis_kelamin"))
    if faults:
        return "jenis_kelamin", f"{faults[0][0].upper()}{faults[0][1:]}", True
    return None


def betulkan(by_name: dict, raw: dict, values: dict, take, tanya, setuju, hari_ini: dt.date) -> None:
    """While the birth date or sex taken disagrees with the NIK, the clerk says which is wrong and
    only that field is asked again (the field with the NIK's value as its default); every other
    answer stays."""
    while (salah := _salah(values, hari_ini)) is not None:
        name, alasan, nik_bisa_salah = salah
        if nik_bisa_salah and not setuju(f"{alasan}. NIK {values['nik']} benar?", True):
            raw["nik"] = tanya(by_name["nik"], None)
            take(by_name["nik"])
            continue
        default = dari_nik(values["nik"], hari_ini)[name] if nik_bisa_salah else None
        if isinstance(default, dt.date):
            default = default.strftime("%d-%m-%Y")
        raw[name] = tanya({**by_name[name], "alasan": None if nik_bisa_salah else alasan}, default)
        take(by_name[name])
