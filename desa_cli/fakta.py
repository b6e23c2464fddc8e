"""Facts that cannot be true, declared per field in the catalogue and refused at `desa ajukan`.

A date field may say `paling_lambat: hari_ini` (a death, a birth: not after today),
`paling_awal: hari_ini` (an event that must still come), `sesudah: [other date fields]` (a death
after the deceased's birth) and `sebelum: [...]` (a parent born before the applicant); a NIK
field `berbeda_dari: [other NIK fields]` (the deceased is not the reporter, nor one of the heirs:
`ahli_waris.nik` names a column of a list); a number `paling_sedikit` / `paling_banyak` (a
stillbirth after at least 28 weeks). Each refusal is one line naming the fields (issue 12,
"Facts that cannot be true are refused").
"""

from __future__ import annotations

import datetime as dt

from .kesalahan import DesaError
from .yamlskema import Integer, Key, ListOf, Mapping, Text

HARI_INI = "hari_ini"


# The catalogue's `umur_pemohon`: refused at ajukan from `kurang_dari` years on (N5, the parents'
# consent, is only for a candidate under 21); the line `peringatan` below `peringatan_kurang_dari`.
UMUR_PEMOHON = Mapping(
    {
        "kurang_dari": Key(Integer(minimum=1, maximum=150), required=False),
        "peringatan_kurang_dari": Key(Integer(minimum=1, maximum=150), required=False),
        "peringatan": Key(Text(), required=False),
    },
    check=lambda value, node, parts, ctx: (
        None
        if ("peringatan" in value) == ("peringatan_kurang_dari" in value)
        else ctx.fault(node, parts, "tulis 'peringatan' bersama 'peringatan_kurang_dari'")
    ),
)


# The catalogue's `status_pemohon`: the applicant's marital status the service is for (a widow's
# or widower's letter only for Cerai Mati or Cerai Hidup).
STATUS_PEMOHON = ListOf(Text(), min_items=1)


def periksa_batas(value: dict, node, parts: tuple, ctx) -> None:
    """A catalogue field's number bounds: only on numbers, the lower not above the upper."""
    for batas in ("paling_sedikit", "paling_banyak"):
        if batas in value and value["jenis"] not in ("angka", "rupiah"):
            ctx.fault(node, parts + (batas,), f"'{batas}' hanya untuk isian berjenis 'angka' atau 'rupiah'")
    if value.get("paling_sedikit", 0) > value.get("paling_banyak", float("inf")):
        ctx.fault(node, parts + ("paling_sedikit",), "'paling_sedikit' lebih besar dari 'paling_banyak'")


def periksa_status_katalog(boleh: list | None, status: list, node, ctx) -> None:
    """The catalogue's `status_pemohon` names marital statuses the applicant's field offers."""
    for i, item in enumerate(boleh or ()):
        if item not in status:
            ctx.fault(node, ("status_pemohon", i), f"'{item}' bukan status perkawinan; pilih dari: {', '.join(status)}")


class FaktaMustahil(DesaError):
    """Two values the applicant gave cannot both be true."""


def _tanggal(value) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _teks(day: dt.date) -> str:
    from .kalender import tanggal

    return tanggal(day)


def _label(fields: dict, name: str) -> str:
    return fields[name]["label"] if name in fields else name


def _nilai(values: dict, ref: str) -> list:
    """The values a reference names: a field, or `daftar.kolom` (one per row, with its row)."""
    if "." not in ref:
        return [(values.get(ref), None)]
    daftar, kolom = ref.split(".", 1)
    return [(row.get(kolom), number) for number, row in enumerate(values.get(daftar) or [], 1)]


def periksa(fields: list, values: dict, hari_ini: dt.date) -> None:
    """Refuse (FaktaMustahil) the first fact among `values` that the fields' rules rule out."""
    by_name = {f["nama"]: f for f in fields}
    for spec in fields:
        value = values.get(spec["nama"])
        if value in (None, ""):
            continue
        if spec["jenis"] == "tanggal":
            _periksa_tanggal(spec, _tanggal(value), values, by_name, hari_ini)
        if spec["jenis"] in ("angka", "rupiah"):
            _periksa_angka(spec, value)
        for ref in spec.get("berbeda_dari", ()):
            for other, row in _nilai(values, ref):
                if other and str(other) == str(value):
                    where = f" (baris ke-{row})" if row else ""
                    raise FaktaMustahil(
                        f"{spec['label']} sama dengan {_label(by_name, ref.split('.')[0])}{where}: "
                        "keduanya tidak mungkin orang yang sama; periksa lagi."
                    )


def _periksa_angka(spec: dict, value) -> None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return  # the field's own type check says what is wrong
    if number < spec.get("paling_sedikit", number):
        raise FaktaMustahil(f"{spec['label']} ({number}) kurang dari {spec['paling_sedikit']}; periksa lagi.")
    if number > spec.get("paling_banyak", number):
        raise FaktaMustahil(f"{spec['label']} ({number}) lebih dari {spec['paling_banyak']}; periksa lagi.")


def _periksa_tanggal(spec: dict, day, values: dict, by_name: dict, hari_ini: dt.date) -> None:
    if day is None:
        return
    if spec.get("paling_lambat") == HARI_INI and day > hari_ini:
        raise FaktaMustahil(f"{spec['label']} ({_teks(day)}) sesudah hari ini ({_teks(hari_ini)}); periksa lagi.")
    if spec.get("paling_awal") == HARI_INI and day < hari_ini:
        raise FaktaMustahil(f"{spec['label']} ({_teks(day)}) sudah lewat (hari ini {_teks(hari_ini)}).")
    for ref in spec.get("sesudah", ()):
        before = _tanggal(values.get(ref))
        if before is not None and day < before:
            raise FaktaMustahil(
                f"{spec['label']} ({_teks(day)}) lebih awal dari {_label(by_name, ref)} ({_teks(before)}); "
                "periksa lagi."
            )
    for ref in spec.get("sebelum", ()):
        after = _tanggal(values.get(ref))
        if after is not None and day >= after:
            raise FaktaMustahil(
                f"{spec['label']} ({_teks(day)}) tidak lebih awal dari {_label(by_name, ref)} ({_teks(after)}); "
                "periksa lagi."
            )


def umur(aturan: dict | None, values: dict, hari_ini: dt.date) -> list:
    """The catalogue's `umur_pemohon` on the applicant's age today: a refusal, or warning lines."""
    lahir = _tanggal(values.get("tanggal_lahir"))
    if not aturan or lahir is None:
        return []
    tahun = hari_ini.year - lahir.year - ((hari_ini.month, hari_ini.day) < (lahir.month, lahir.day))
    if "kurang_dari" in aturan and tahun >= aturan["kurang_dari"]:
        raise FaktaMustahil(
            f"Pemohon sudah berumur {tahun} tahun: layanan ini hanya untuk pemohon yang belum berumur "
            f"{aturan['kurang_dari']} tahun."
        )
    if tahun < aturan.get("peringatan_kurang_dari", 0):
        return [f"pemohon baru berumur {tahun} tahun: {aturan['peringatan']}"]
    return []


def status(boleh: list | None, values: dict) -> None:
    """Refuse an applicant whose marital status is not one the service is for."""
    value = values.get("status_perkawinan")
    if boleh and value and value not in boleh:
        raise FaktaMustahil(
            f"Status perkawinan pemohon {value}: layanan ini hanya untuk pemohon berstatus {' atau '.join(boleh)}."
        )
