"""Rebuild desa_cli/data/wilayah-* from the cahyadsn/wilayah and cahyadsn/wilayah_kodepos dumps.

The region list is Kepmendagri No. 300.2.2-2138 Tahun 2025 (38 provinces, 514 kabupaten/kota,
7,285 kecamatan, 83,762 desa/kelurahan) as transcribed, MIT-licensed, by Cahya DSN:
  https://github.com/cahyadsn/wilayah          db/wilayah.sql, db/archive/wilayah_20{16..23}.sql
  https://github.com/cahyadsn/wilayah_kodepos  db/wilayah_kodepos.sql
Codes from the archived lists that are no longer in force (e.g. 91.01 Merauke, before the 2022
Papua split made it 93.01) go to wilayah-lama.tsv: a NIK keeps the code it was issued with.

Usage: python scripts/bangun_wilayah.py WILAYAH_CHECKOUT KODEPOS_CHECKOUT
"""

from __future__ import annotations

import gzip
import re
import sys
from pathlib import Path

ROW = re.compile(r"\(\s*'([0-9.]+)'\s*,\s*'((?:[^']|'')*)'\s*\)")
OUT = Path(__file__).resolve().parent.parent / "desa_cli" / "data"
ARSIP = ("2023", "2022", "2020", "2018", "2016")  # newest first: a code's latest name wins
EXPECTED = {0: 38, 1: 514, 2: 7285, 3: 83762}


def rows(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return {kode: nama.replace("''", "'").strip() for kode, nama in ROW.findall(text)}


def main(wilayah: Path, kodepos: Path) -> None:
    current = rows(wilayah / "db" / "wilayah.sql")
    counts = {level: sum(1 for k in current if k.count(".") == level) for level in EXPECTED}
    if counts != EXPECTED:
        sys.exit(f"unexpected counts {counts}, expected {EXPECTED}")
    pos = dict(ROW.findall((kodepos / "db" / "wilayah_kodepos.sql").read_text(encoding="utf-8")))
    OUT.mkdir(exist_ok=True)
    upper = sorted(k for k in current if k.count(".") < 3)
    (OUT / "wilayah-kecamatan.tsv").write_text(
        "".join(f"{k}\t{current[k]}\n" for k in upper), encoding="utf-8", newline="\n"
    )
    villages = sorted(k for k in current if k.count(".") == 3)
    body = "".join(f"{k}\t{current[k]}\t{pos.get(k, '')}\n" for k in villages).encode("utf-8")
    # mtime=0: the same input gives the same bytes, so a rebuild shows no spurious change.
    (OUT / "wilayah-desa.tsv.gz").write_bytes(gzip.compress(body, compresslevel=9, mtime=0))
    old = {}
    for year in ARSIP:
        for kode, nama in rows(wilayah / "db" / "archive" / f"wilayah_{year}.sql").items():
            if kode.count(".") in (1, 2) and kode not in current and kode not in old:
                old[kode] = (nama, year)
    (OUT / "wilayah-lama.tsv").write_text(
        "".join(f"{k}\t{n}\t{y}\n" for k, (n, y) in sorted(old.items())), encoding="utf-8", newline="\n"
    )
    print(f"{counts} · kode pos {sum(1 for k in villages if pos.get(k))} · kode lama {len(old)}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(Path(sys.argv[1]), Path(sys.argv[2]))
