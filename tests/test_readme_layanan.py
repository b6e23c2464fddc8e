"""The README's list of bundled services is the catalogue: every service in it, none that is not."""

from __future__ import annotations

import re
from pathlib import Path

from desa_cli import katalog

README = Path(__file__).resolve().parent.parent / "README.md"


def test_the_readme_lists_every_bundled_service_at_its_level():
    text = README.read_text(encoding="utf-8")
    section = text.split("## Layanan bawaan", 1)[1].split("\n## ", 1)[0]
    desa, kecamatan = section.split("Kecamatan (PATEN):", 1)
    listed = {"desa": set(re.findall(r"^\| `([a-z0-9-]+)` \|", desa, re.M)),
              "kecamatan": set(re.findall(r"^\| `([a-z0-9-]+)` \|", kecamatan, re.M))}  # fmt: skip
    bundled = katalog.load([katalog.bundled_folder()]).layanan.values()
    for tingkat in ("desa", "kecamatan"):
        assert listed[tingkat] == {s.kode for s in bundled if s.tingkat == tingkat}, tingkat
