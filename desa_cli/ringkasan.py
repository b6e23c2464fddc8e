"""The register at a glance, for `desa kantor`: read from its files without the lock."""

from __future__ import annotations

import re
from pathlib import Path


def ringkasan_register(data_folder: Path) -> dict:
    """What the register holds, read from its files without the lock (each file is replaced whole):
    the months with applications, and each year's registration and letter numbers issued."""
    import json

    bulan = sorted(
        p.stem[len("permohonan-") :]
        for p in data_folder.glob("permohonan-*.json")
        if re.fullmatch(r"permohonan-\d{4}-\d{2}", p.stem)
    )
    nomor: dict = {}
    terbaca = True
    path = data_folder / "nomor.json"
    if path.is_file():
        try:
            nomor = json.loads(path.read_bytes())
        except (OSError, ValueError):
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
