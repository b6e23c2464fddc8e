"""Changing kantor.yaml after `init`: one value, the logo, the signatories.

Every change is checked with the same schema as every read (kantor._skema) before anything is
written; on refusal nothing is. The file is rewritten atomically and only the changed top-level
block is replaced, so the clerk's comments elsewhere stay (PyYAML cannot keep comments in what it
dumps; ruamel is not a dependency).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import yaml

from . import kantor as kantor_mod
from .kesalahan import DesaError

# Region keys come from the official list (Kepmendagri 300.2.2-2138/2025) with the region code.
KUNCI_WILAYAH = ("tingkat", "provinsi", "kabupaten", "kecamatan", "desa", "kode_wilayah")
KUNCI_SENDIRI = {"logo": "desa kantor logo BERKAS", "penandatangan": "desa kantor ttd tambah/hapus"}
KUNCI_TTD = r"[a-z][a-z0-9_]{0,29}"
GAMBAR = ((b"\x89PNG\r\n\x1a\n", ".png"), (b"\xff\xd8\xff", ".jpg"))


def _baca(folder: Path) -> tuple:
    """(text, data) of the office's kantor.yaml, which must be valid as it stands."""
    kantor_mod.muat(kantor_mod.LokasiKantor(folder, "desa kantor"))
    text = (folder / kantor_mod.KANTOR_YAML).read_text(encoding="utf-8")
    return text, yaml.safe_load(text)


def _blok(text: str, key: str, value) -> str | None:
    """`text` with the top-level block of `key` replaced by `value` (appended when absent); None
    when the key stands more than once."""
    lines = text.splitlines(keepends=True)
    starts = [i for i, line in enumerate(lines) if re.match(rf"{re.escape(key)}\s*:", line)]
    new = yaml.safe_dump({key: value}, sort_keys=False, allow_unicode=True, width=100)
    if not starts:
        return text + ("" if text.endswith("\n") else "\n") + new
    if len(starts) > 1:
        return None
    start = end = starts[0]
    for i in range(start + 1, len(lines)):
        if lines[i].strip() and lines[i][0] not in " \t-":
            break
        if lines[i].strip():
            end = i
    return "".join(lines[:start]) + new + "".join(lines[end + 1 :])


def _tulis(folder: Path, text: str, data: dict, key: str) -> None:
    """Write `data` (changed at top-level `key`) as kantor.yaml, checked first; atomically."""
    from .yamlskema import read_document

    changed = _blok(text, key, data[key])
    if changed is None or yaml.safe_load(changed) != data:  # comments could not be kept: dump it whole
        header = "".join(line for line in text.splitlines(keepends=True) if line.startswith("#"))
        changed = header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    path = folder / kantor_mod.KANTOR_YAML
    _, faults = read_document(path, changed.encode("utf-8"), kantor_mod._skema())
    if faults:
        raise DesaError(f"Tidak diubah: {faults[0].field or key}: {faults[0].reason}.")
    tmp = folder / (kantor_mod.KANTOR_YAML + ".tmp")
    tmp.write_text(changed, encoding="utf-8")
    os.replace(tmp, path)


def _periksa_teks(nilai: str, label: str) -> str:
    from .isian import karakter_terlarang

    char = karakter_terlarang(nilai, spasi_boleh=False)
    if char is not None:
        raise DesaError(f"Tidak diubah: {label} berisi karakter kendali atau tak terlihat (U+{ord(char):04X}).")
    return nilai.strip()


def _spec(path: list):
    """The schema of a (dotted) key, or None when there is no such key."""
    from .yamlskema import Mapping

    spec = kantor_mod._skema()
    for part in path:
        if not isinstance(spec, Mapping) or part not in spec.keys:
            return None
        spec = spec.keys[part].spec
    return spec


def _jadi(spec, nilai: str):
    """The typed text as the value kind the schema reads (a wrong one is refused by the schema)."""
    from .yamlskema import Boolean, Desimal, Integer, ListOf

    if isinstance(spec, Integer) and nilai.isdigit():
        return int(nilai)
    if isinstance(spec, Desimal) and re.fullmatch(r"\d{1,3}([.,]\d{1,2})?", nilai):
        number = float(nilai.replace(",", "."))
        return int(number) if number.is_integer() else number
    if isinstance(spec, Boolean) and nilai.lower() in ("ya", "tidak", "true", "false"):
        return nilai.lower() in ("ya", "true")
    if isinstance(spec, ListOf):
        return [x.strip().lower() for x in nilai.split(",") if x.strip()]
    return nilai


def ubah(folder: Path, kunci: str, nilai: str):
    """Set one kantor.yaml value (`margin.kiri` for a nested one); returns the office as read again."""
    from .yamlskema import Mapping

    path = kunci.strip().split(".")
    top = path[0]
    if top in KUNCI_WILAYAH:
        raise DesaError(
            f"'{top}' tidak diubah dengan perintah ini: nama dan kode wilayah diambil dari daftar resmi "
            "Kemendagri menurut kode wilayah saat 'desa init'."
        )
    if top in KUNCI_SENDIRI:
        raise DesaError(f"'{top}' diubah dengan '{KUNCI_SENDIRI[top]}'.")
    spec = _spec(path)
    if spec is None or isinstance(spec, Mapping):
        boleh = [k for k in _spec([]).keys if k not in KUNCI_WILAYAH and k not in KUNCI_SENDIRI]
        raise DesaError(f"Kunci '{kunci}' tidak dapat diubah; yang dapat: {', '.join(boleh)} (margin.kiri dst.).")
    value = _jadi(spec, _periksa_teks(nilai, kunci))
    text, data = _baca(folder)
    target = data
    for part in path[:-1]:
        if not isinstance(target.get(part), dict):
            target[part] = {}
        target = target[part]
    target[path[-1]] = value
    _tulis(folder, text, data, top)
    return kantor_mod.muat(kantor_mod.LokasiKantor(folder, "desa kantor"))


def jenis_gambar(berkas: Path) -> str:
    """'.png' or '.jpg' by the file's first bytes; DesaError for anything else."""
    if not berkas.is_file():
        raise DesaError(f"Berkas logo '{berkas}' tidak ada.")
    with open(berkas, "rb") as handle:
        head = handle.read(8)
    for magic, suffix in GAMBAR:
        if head.startswith(magic):
            return suffix
    raise DesaError(f"Berkas logo '{berkas}' bukan gambar PNG atau JPEG (isi berkasnya diperiksa, bukan namanya).")


def pasang_logo(folder: Path, berkas: Path) -> str:
    """Copy a PNG/JPEG into the office folder as logo.png/logo.jpg and name it in kantor.yaml."""
    import shutil

    name = "logo" + jenis_gambar(berkas)
    text, data = _baca(folder)
    data["logo"] = name
    tmp = folder / (name + ".tmp")
    shutil.copyfile(berkas, tmp)
    try:
        _tulis(folder, text, data, "logo")
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    os.replace(tmp, folder / name)
    return name


def ttd_tambah(folder: Path, kunci: str, isian: dict) -> bool:
    """Add or replace the signatory `kunci`; True when it was new."""
    if not re.fullmatch(KUNCI_TTD, kunci or ""):
        raise DesaError(f"Kunci penandatangan '{kunci}' salah: huruf kecil, angka dan _, misalnya sekdes.")
    signer = {k: _periksa_teks(v, k) for k, v in isian.items() if v not in (None, "")}
    text, data = _baca(folder)
    baru = kunci not in data["penandatangan"]
    data["penandatangan"][kunci] = signer
    _tulis(folder, text, data, "penandatangan")
    return baru


def ttd_hapus(folder: Path, kunci: str) -> None:
    if kunci == "kepala":
        raise DesaError(
            "Penandatangan 'kepala' tidak dapat dihapus; ganti namanya dengan 'desa kantor ttd tambah kepala'."
        )
    text, data = _baca(folder)
    if kunci not in data["penandatangan"]:
        raise DesaError(f"Penandatangan '{kunci}' tidak ada; yang ada: {', '.join(data['penandatangan'])}.")
    del data["penandatangan"][kunci]
    _tulis(folder, text, data, "penandatangan")
