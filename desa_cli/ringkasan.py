"""The register at a glance, for `desa kantor`: read from its files without the lock."""

from __future__ import annotations

import re
from pathlib import Path


def ringkasan_register(data_folder: Path) -> dict:
    """What the register holds, read from its files without the lock (each file is replaced whole):
    the months with applications, and each year's registration and letter numbers issued."""
    names = [p.stem for p in data_folder.glob("permohonan-*.json")]
    path = data_folder / "nomor.json"
    try:
        raw = path.read_bytes() if path.is_file() else None
    except OSError:
        raw = b"?"
    return ringkasan(names, raw)


def ringkasan(names: list, raw: bytes | None) -> dict:
    """The summary from the names of the application documents and the bytes of `nomor`."""
    import json

    bulan = sorted(n[len("permohonan-") :] for n in names if re.fullmatch(r"permohonan-\d{4}-\d{2}", n))
    nomor: dict = {}
    terbaca = True
    if raw is not None:
        try:
            nomor = json.loads(raw)
        except ValueError:
            terbaca = False
        if not isinstance(nomor, dict):
            nomor, terbaca = {}, False

    def counts(jenis: str) -> dict:
        table = nomor.get(jenis)
        if not isinstance(table, dict):
            return {}
        return {
            year: n
            for year, n in sorted(table.items())
            if isinstance(n, int) and not isinstance(n, bool) and n > 0 and re.fullmatch(r"\d{4}", str(year))
        }

    permohonan = counts("noreg")
    return {
        "permohonan": permohonan,
        "jumlah_permohonan": sum(permohonan.values()),
        "surat": counts("surat"),
        "bulan": bulan,
        "nomor_terbaca": terbaca,
    }
