"""The office folder: which one is in use, and what it holds."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .kesalahan import DesaError

KANTOR_YAML = "kantor.yaml"


@dataclass(frozen=True)
class LokasiKantor:
    """Where the office folder is and how it was chosen (shown by `desa kantor`)."""

    folder: Path
    sumber: str  # "--kantor", "DESA_KANTOR", "folder kerja" or "folder pengguna"

    @property
    def ada(self) -> bool:
        return (self.folder / KANTOR_YAML).is_file()

    @property
    def katalog(self) -> Path:
        return self.folder / "katalog"

    @property
    def templates_surat(self) -> Path:
        return self.folder / "templates_surat"


def default_folder() -> Path:
    """The per-user office folder, used when nothing else names one."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("desa", appauthor=False))


def find(option: str | None, cwd: Path | None = None) -> LokasiKantor | None:
    """The office in use: `--kantor`, else DESA_KANTOR, else the nearest kantor.yaml from the
    working folder upward, else the per-user folder if it holds an office; None when none does."""
    for value, source in ((option, "--kantor"), (os.environ.get("DESA_KANTOR"), "DESA_KANTOR")):
        if value:
            folder = Path(value).expanduser()
            if not folder.is_dir():
                raise DesaError(
                    f"Folder kantor '{folder}' ({source}) tidak ada. Buat kantor dengan 'desa init {folder}'."
                )
            return LokasiKantor(folder.resolve(), source)
    here = (cwd or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / KANTOR_YAML).is_file():
            return LokasiKantor(folder, "folder kerja")
    folder = default_folder()
    if (folder / KANTOR_YAML).is_file():
        return LokasiKantor(folder, "folder pengguna")
    return None


def read_tingkat(lokasi: LokasiKantor | None) -> str:
    """The office's level (desa, kelurahan, kecamatan); a village when it is not known yet."""
    if lokasi is None or not lokasi.ada:
        return "desa"
    import yaml

    try:
        data = yaml.safe_load((lokasi.folder / KANTOR_YAML).read_bytes())
    except (OSError, yaml.YAMLError):
        return "desa"
    tingkat = data.get("tingkat") if isinstance(data, dict) else None
    return tingkat if tingkat in ("desa", "kelurahan", "kecamatan") else "desa"
