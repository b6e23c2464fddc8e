"""The audit of the population data (`desa periksa`): the files are what the last import made.

An import writes the digest of every file it stored into its event (penduduk.ringkasan_isi); the
files are hashed again here as they lie. A resident added, changed or removed by hand, a shard
swapped for an older one, or data with no import in the chain is a finding.
"""

from __future__ import annotations

from pathlib import Path

from .audit_bentuk import _data, _read


def _penduduk(data_folder: Path, events: list, hasil) -> None:
    from . import penduduk as penduduk_mod

    imports = [e for e in events if e.get("aksi") == "impor_penduduk"]
    folder = data_folder / penduduk_mod.FOLDER
    present = sorted(folder.glob("*.json")) if folder.is_dir() else []
    hasil.diperiksa["penduduk"] = len(present)
    if not imports:
        if present:
            hasil.salah("penduduk", "Ada data penduduk di data/penduduk, tetapi riwayat tidak mencatat impornya.")
        return
    last = _data(imports[-1])
    files = {}
    for name in (*penduduk_mod.SHARDS, *penduduk_mod.SHARDS_KK):
        path = data_folder / f"{name}.json"
        try:
            files[name] = path.read_bytes()
        except OSError:
            hasil.salah("penduduk", f"Berkas data penduduk {path.name} dari impor {last.get('waktu')} tidak ada.")
    if len(files) == len(penduduk_mod.SHARDS) + len(penduduk_mod.SHARDS_KK):
        if penduduk_mod.ringkasan_isi(files) != last.get("isi"):
            hasil.salah(
                "penduduk",
                f"Data penduduk berbeda dari yang disimpan impor {last.get('berkas')} ({last.get('waktu')}): "
                "ada yang diubah di luar 'desa penduduk impor'. Impor ulang berkasnya atau pulihkan dari cadangan.",
            )
    info = (
        _read(data_folder / f"{penduduk_mod.INFO}.json", hasil, "penduduk")
        if (data_folder / f"{penduduk_mod.INFO}.json").is_file()
        else None
    )
    if info is None:
        hasil.salah("penduduk", "Ringkasan impor data penduduk (penduduk/impor.json) tidak ada.")
    elif info != {**last, "urut": imports[-1].get("urut")}:
        hasil.salah("penduduk", "Ringkasan impor data penduduk (penduduk/impor.json) berbeda dari riwayatnya.")
