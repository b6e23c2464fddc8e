"""The office's population data (data penduduk): stored, replaced by an import, looked up.

Files in the office's `data/penduduk/`, private like the rest of the register and written in the
register's transactions (storage.py), so an import is whole or not at all:

- `NN.json`: the residents whose NIK ends in NN, {nik: resident};
- `kk-N.json`: the families whose No. KK ends in N, {no_kk: [nik, ...]};
- `impor.json`: the last import, as its event in the chain says it.

A lookup reads one shard (about 1/100 of the population), never the whole of it. A resident the
new file no longer has is kept, marked `Pindah/Mati`: a register must never forget a person
silently. The import is an event in the chain with the file's name, rows and SHA-256 and the
digest of what was stored, which `desa periksa` checks the files against.
"""

from __future__ import annotations

import hashlib

from .berkas_aman import dumps
from .penduduk_kode import HUBUNGAN, STATUS_DASAR

FOLDER = "penduduk"
INFO = f"{FOLDER}/impor"
HIDUP = STATUS_DASAR[1]
TIDAK_ADA = "Pindah/Mati"  # no longer in the newest file: moved away or died, the file does not say
# Which keys a resident may carry, in the order they are shown.
KUNCI = (
    "nik", "no_kk", "nama", "jenis_kelamin", "tempat_lahir", "tanggal_lahir", "agama", "status_perkawinan",
    "pekerjaan", "pendidikan", "kewarganegaraan", "hubungan", "kk_level", "alamat", "rt", "rw", "dusun", "desa",
    "nik_ayah", "nama_ayah", "nik_ibu", "nama_ibu", "status_dasar", "tidak_ada_sejak",
)  # fmt: skip
# The standard applicant fields (pemohon.py) a resident fills: what every letter prints (the
# address with RT, RW and dusun). No. KK and education only for a service that needs them
# (`pemohon_wajib`): the register keeps only what the letter needs (UU 27/2022 Pasal 16(2)).
KE_PEMOHON = (
    "nik", "nama", "tempat_lahir", "tanggal_lahir", "jenis_kelamin", "agama", "status_perkawinan", "pekerjaan",
    "kewarganegaraan", "alamat", "rt", "rw", "dusun",
)  # fmt: skip
KE_PEMOHON_BILA_PERLU = ("no_kk", "pendidikan")


def shard(nik: str) -> str:
    return f"{FOLDER}/{nik[-2:]}"


def shard_kk(no_kk: str) -> str:
    return f"{FOLDER}/kk-{no_kk[-1]}"


SHARDS = tuple(f"{FOLDER}/{n:02d}" for n in range(100))
SHARDS_KK = tuple(f"{FOLDER}/kk-{n}" for n in range(10))


def ringkasan_isi(files: dict) -> str:
    """The digest of the stored population: SHA-256 over each file's name and SHA-256, in order.
    `files`: {name: bytes}. The audit recomputes it from the files as they lie."""
    lines = "".join(f"{name}\0{hashlib.sha256(raw).hexdigest()}\n" for name, raw in sorted(files.items()))
    return hashlib.sha256(lines.encode("utf-8")).hexdigest()


def _urutan_keluarga(orang: dict) -> tuple:
    return (orang.get("kk_level") or 99, orang.get("tanggal_lahir") or "9999", orang["nik"])


class DataPenduduk:
    """Reads of the population data inside one transaction."""

    def __init__(self, tx):
        self.tx = tx

    def ada(self) -> bool:
        return self.tx.exists(INFO)

    def info(self) -> dict | None:
        return self.tx.read(INFO) or None if self.ada() else None

    def ambil(self, nik: str) -> dict | None:
        if not self.ada():
            return None
        return self.tx.read(shard(nik)).get(nik)

    def keluarga(self, no_kk: str) -> list:
        """The members of a family (No. KK), head first, then by relation and age."""
        if not self.ada():
            return []
        members = []
        for nik in self.tx.read(shard_kk(no_kk)).get(no_kk, ()):
            orang = self.ambil(nik)
            if orang is not None:
                members.append(orang)
        return sorted(members, key=_urutan_keluarga)

    def cari(self, kata: str, batas: int = 50) -> tuple:
        """(residents whose name, NIK or No. KK holds `kata`, up to `batas`; how many matched)."""
        needle = " ".join(kata.lower().split())
        found: list = []
        count = 0
        if not self.ada() or not needle:
            return found, count
        for name in SHARDS:
            for orang in self.tx.read(name).values():
                if needle in orang["nama"].lower() or needle in orang["nik"] or needle in orang.get("no_kk", ""):
                    count += 1
                    if len(found) < batas:
                        found.append(orang)
        found.sort(key=lambda o: (o["nama"].lower(), o["nik"]))
        return found, count


def impor(reg, bacaan, berkas: str, sha256: str, maju=None) -> dict:
    """Replace the population data with the residents of `bacaan` (penduduk_baca.Bacaan), in the
    transaction of `reg` (a Register); those the file no longer has are kept as `Pindah/Mati`.
    Returns the summary written to the chain. `maju()` is called after each of the 100 shards."""
    tx = reg.tx
    today = reg.sekarang.date().isoformat()
    by_shard: dict = {}
    for orang in bacaan.penduduk:
        by_shard.setdefault(shard(orang["nik"]), {})[orang["nik"]] = orang
    counts = {"baru": 0, "diperbarui": 0, "tidak_ada": 0}
    families: dict = {}
    written: dict = {}
    had = tx.exists(INFO)
    for name in SHARDS:
        new = by_shard.pop(name, {})
        old = tx.read(name) if had and tx.exists(name) else {}
        for nik, orang in old.items():
            if nik in new:
                counts["diperbarui"] += 1
                continue
            kept = dict(orang)
            if kept.get("status_dasar") == HIDUP:
                kept["status_dasar"] = TIDAK_ADA
            kept.setdefault("tidak_ada_sejak", today)
            new[nik] = kept
            counts["tidak_ada"] += 1
        counts["baru"] += sum(1 for nik in new if nik not in old)
        content = {nik: {k: new[nik][k] for k in KUNCI if k in new[nik]} for nik in sorted(new)}
        for nik, orang in content.items():
            if orang.get("no_kk"):
                families.setdefault(orang["no_kk"], []).append(nik)
        written[name] = dumps(content)
        tx.tulis_mentah(name, written[name])
        if maju is not None:
            maju()
    for name in SHARDS_KK:
        written[name] = dumps({})
    grouped: dict = {}
    for no_kk, niks in families.items():
        grouped.setdefault(shard_kk(no_kk), {})[no_kk] = niks
    for name, content in grouped.items():
        written[name] = dumps(dict(sorted(content.items())))
    for name in SHARDS_KK:
        tx.tulis_mentah(name, written[name])
    summary = {
        "berkas": berkas,
        "format": bacaan.format,
        "sha256": sha256,
        "baris": bacaan.baris,
        "diterima": len(bacaan.penduduk),
        "ditolak": len(bacaan.ditolak),
        "penduduk": counts["baru"] + counts["diperbarui"] + counts["tidak_ada"],
        **counts,
        "keluarga": len(families),
        "isi": ringkasan_isi(written),
        "waktu": reg.sekarang.isoformat(timespec="seconds"),
    }
    event = reg.catat_peristiwa("impor_penduduk", "-", summary)
    tx.write(INFO, {**summary, "urut": event["urut"]})
    return summary


def sebagai_pemohon(orang: dict, perlu=()) -> dict:
    """The applicant's standard fields a resident fills (the rest is asked or typed); `perlu`: the
    optional ones the service needs (its `pemohon_wajib`)."""
    keys = (*KE_PEMOHON, *(k for k in KE_PEMOHON_BILA_PERLU if k in perlu))
    return {k: orang[k] for k in keys if orang.get(k) not in (None, "")}


def label_hubungan(orang: dict) -> str:
    return orang.get("hubungan") or HUBUNGAN.get(orang.get("kk_level"), "")


class PendudukKantor:
    """The population data looked up outside a command's main transaction: each lookup opens the
    register (`buka()`: a context manager giving a Register) for as long as it reads, and what it
    read is kept for the rest of the command."""

    def __init__(self, buka):
        self.buka = buka
        self._ada = None
        self._info = None
        self._orang: dict = {}
        self._keluarga: dict = {}

    def muat(self, tx, nik: str) -> None:
        """Read what a lookup of `nik` needs inside a transaction the command has open anyway."""
        data = DataPenduduk(tx)
        self._ada = data.ada()
        self._info = data.info() if self._ada else None
        self._orang[nik] = data.ambil(nik) if self._ada else None

    def ada(self) -> bool:
        if self._ada is None:
            with self.buka() as reg:
                data = DataPenduduk(reg.tx)
                self._ada = data.ada()
                self._info = data.info() if self._ada else None
        return self._ada

    def info(self) -> dict | None:
        return self._info if self.ada() else None

    def ambil(self, nik: str) -> dict | None:
        if not self.ada():
            return None
        if nik not in self._orang:
            with self.buka() as reg:
                self._orang[nik] = DataPenduduk(reg.tx).ambil(nik)
        return self._orang[nik]

    def keluarga(self, no_kk: str) -> list:
        if not self.ada():
            return []
        if no_kk not in self._keluarga:
            with self.buka() as reg:
                self._keluarga[no_kk] = DataPenduduk(reg.tx).keluarga(no_kk)
        return self._keluarga[no_kk]

    def sebagai_pemohon(self, nik: str, lama: dict | None, perlu=()) -> dict | None:
        """The applicant's earlier data: from the population data when the NIK is there (what the
        last application had fills the rest), else the last application's. `perlu`: the service's
        `pemohon_wajib`."""
        from .penduduk_isi import sebagai_pemohon

        orang = self.ambil(nik)
        return lama if orang is None else sebagai_pemohon(orang, lama, self.info(), perlu)
