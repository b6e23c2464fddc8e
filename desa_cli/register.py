"""The register: applications, their numbers and the append-only, hash-chained event log.

One TinyDB file per year (`data/register-2026.json`) with the year's applications, its events
and its counters, so a write never serialises more than one year and a year's numbers change
in the same file as its applications. `data/pemohon.json` remembers each NIK's last standard
fields so that a returning applicant need not be typed in again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re

from .kesalahan import DesaError
from .storage import Transaksi

STATUS = ("belum_lengkap", "lengkap", "selesai", "diambil", "ditolak", "batal")
TERBUKA = ("belum_lengkap", "lengkap")
LABEL_STATUS = {
    "belum_lengkap": "belum lengkap",
    "lengkap": "lengkap",
    "selesai": "selesai",
    "diambil": "diambil",
    "ditolak": "ditolak",
    "batal": "batal",
}
GENESIS = "0" * 64


class PermohonanTidakAda(DesaError):
    pass


class TidakBoleh(DesaError):
    """The action does not fit the application's status."""


def hash_peristiwa(event: dict) -> str:
    """The hash of an event over its content and its predecessor's hash (stored in 'sebelum')."""
    body = {k: v for k, v in event.items() if k != "hash"}
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def tahun_noreg(noreg: str) -> int:
    match = re.fullmatch(r"(\d{4})-(\d{1,6})", noreg.strip())
    if not match:
        raise PermohonanTidakAda(f"'{noreg}' bukan nomor registrasi; bentuknya seperti 2026-00042.")
    return int(match.group(1))


def normal_noreg(noreg: str) -> str:
    tahun = tahun_noreg(noreg)
    return f"{tahun}-{int(noreg.strip().split('-')[1]):05d}"


class Register:
    """Reads and changes of the register, inside one transaction."""

    def __init__(self, tx: Transaksi, petugas: str, sekarang: dt.datetime, kalender=None):
        self.tx = tx
        self.petugas = petugas
        self.sekarang = sekarang
        self.kalender = kalender
        self._dbs: dict = {}

    # --- files -------------------------------------------------------------------------

    def _db(self, tahun: int):
        if tahun not in self._dbs:
            self._dbs[tahun] = self.tx.tinydb(f"register-{tahun}")
        return self._dbs[tahun]

    def tahun_ada(self) -> list:
        years = {int(p.stem.split("-")[1]) for p in self.tx.folder.glob("register-*.json") if p.stem[9:].isdigit()}
        years.update(self._dbs)
        return sorted(years)

    # --- events ------------------------------------------------------------------------

    def _catat(self, tahun: int, aksi: str, noreg: str, data: dict) -> dict:
        table = self._db(tahun).table("peristiwa")
        last = self._peristiwa_terakhir(tahun)
        if last is None:
            sebelum = self._hash_terakhir(tahun - 1)
            urut = 1
        else:
            sebelum, urut = last["hash"], last["urut"] + 1
        event = {
            "urut": urut,
            "waktu": self.sekarang.isoformat(timespec="seconds"),
            "petugas": self.petugas,
            "aksi": aksi,
            "noreg": noreg,
            "data": data,
            "sebelum": sebelum,
        }
        event["hash"] = hash_peristiwa(event)
        table.insert(event)
        return event

    def _hash_terakhir(self, tahun: int) -> str:
        """The last hash of an earlier year's log, so that the years' logs hang together."""
        if not self.tx.exists(f"register-{tahun}"):
            return GENESIS
        last = self._peristiwa_terakhir(tahun)
        return last["hash"] if last else GENESIS

    def _peristiwa_terakhir(self, tahun: int) -> dict | None:
        raw = self.tx.read(f"register-{tahun}").get("peristiwa") or {}
        return raw[max(raw, key=int)] if raw else None

    def riwayat(self, noreg: str) -> list:
        from tinydb import Query

        tahun = tahun_noreg(noreg)
        return self._db(tahun).table("peristiwa").search(Query().noreg == noreg)

    # --- numbers -----------------------------------------------------------------------

    def _nomor_berikut(self, tahun: int, jenis: str) -> int:
        from tinydb import Query

        table = self._db(tahun).table("nomor")
        found = table.get(Query().jenis == jenis)
        urut = (found["terakhir"] if found else 0) + 1
        if found:
            table.update({"terakhir": urut}, doc_ids=[found.doc_id])
        else:
            table.insert({"jenis": jenis, "terakhir": urut})
        return urut

    # --- applicants --------------------------------------------------------------------

    def pemohon_lama(self, nik: str) -> dict | None:
        """The standard fields this NIK gave last time, with the noreg they came from."""
        return self.tx.read("pemohon").get(nik)

    def _ingat_pemohon(self, pemohon: dict, noreg: str) -> None:
        index = self.tx.read("pemohon")
        index[pemohon["nik"]] = {**pemohon, "noreg_terakhir": noreg}
        self.tx.write("pemohon", index)

    # --- applications ------------------------------------------------------------------

    def _status_dan_tenggat(self, record: dict) -> None:
        kurang = [p["kode"] for p in record["persyaratan"] if p["wajib"] and not p["ada"]]
        if kurang:
            record["status"] = "belum_lengkap"
            return
        if record["status"] == "belum_lengkap" or record.get("lengkap_pada") is None:
            today = self.sekarang.date()
            record["status"] = "lengkap"
            record["lengkap_pada"] = today.isoformat()
            record["tenggat"] = self.kalender.tenggat(today, record["hari_kerja"]).isoformat()

    def ajukan(self, layanan, pemohon: dict, isian: dict, ada: set) -> dict:
        tahun = self.sekarang.year
        urut = self._nomor_berikut(tahun, "noreg")
        noreg = f"{tahun}-{urut:05d}"
        record = {
            "noreg": noreg,
            "layanan": layanan.kode,
            "layanan_nama": layanan.nama,
            "versi_katalog": layanan.versi,
            "pemohon": pemohon,
            "isian": isian,
            "persyaratan": [
                {"kode": p["kode"], "nama": p["nama"], "wajib": p["wajib"], "ada": p["kode"] in ada}
                for p in layanan.data["persyaratan"]
            ],
            "status": "belum_lengkap",
            "hari_kerja": layanan.hari_kerja,
            "biaya": layanan.data["biaya"]["tarif"],
            "diterima": self.sekarang.isoformat(timespec="seconds"),
            "lengkap_pada": None,
            "tenggat": None,
            "petugas": self.petugas,
            "alasan": None,
            "diubah": self.sekarang.isoformat(timespec="seconds"),
        }
        self._status_dan_tenggat(record)
        self._db(tahun).table("permohonan").insert(record)
        self._catat(tahun, "ajukan", noreg, record)
        self._ingat_pemohon(pemohon, noreg)
        return record

    def ambil(self, noreg: str) -> dict:
        from tinydb import Query

        noreg = normal_noreg(noreg)
        tahun = tahun_noreg(noreg)
        if not self.tx.exists(f"register-{tahun}"):
            raise PermohonanTidakAda(f"Permohonan {noreg} tidak ada di register. Lihat 'desa daftar'.")
        found = self._db(tahun).table("permohonan").get(Query().noreg == noreg)
        if found is None:
            raise PermohonanTidakAda(f"Permohonan {noreg} tidak ada di register. Lihat 'desa daftar'.")
        return found

    def _ubah(self, record, aksi: str, perubahan: dict) -> dict:
        perubahan = {**perubahan, "diubah": self.sekarang.isoformat(timespec="seconds")}
        tahun = tahun_noreg(record["noreg"])
        self._db(tahun).table("permohonan").update(perubahan, doc_ids=[record.doc_id])
        self._catat(tahun, aksi, record["noreg"], perubahan)
        return {**record, **perubahan}

    def lengkapi(self, noreg: str, ada: set) -> dict:
        record = self.ambil(noreg)
        if record["status"] not in TERBUKA:
            raise TidakBoleh(
                f"Permohonan {record['noreg']} berstatus {LABEL_STATUS[record['status']]}; berkas tidak bisa ditambah."
            )
        known = {p["kode"] for p in record["persyaratan"]}
        unknown = sorted(set(ada) - known)
        if unknown:
            raise TidakBoleh(
                f"Kode persyaratan tidak dikenal: {', '.join(unknown)}. Yang ada: {', '.join(sorted(known))}."
            )
        baru = dict(record)
        baru["persyaratan"] = [{**p, "ada": p["ada"] or p["kode"] in ada} for p in record["persyaratan"]]
        self._status_dan_tenggat(baru)
        perubahan = {k: baru[k] for k in ("persyaratan", "status", "lengkap_pada", "tenggat")}
        return self._ubah(record, "lengkapi", perubahan)

    def akhiri(self, noreg: str, status: str, alasan: str, boleh_dari: tuple) -> dict:
        """Refuse (ditolak) or withdraw (batal) an application, keeping the reason."""
        record = self.ambil(noreg)
        alasan = " ".join((alasan or "").split())
        if not alasan:
            raise TidakBoleh('Alasan wajib diisi (--alasan "...").')
        if record["status"] not in boleh_dari:
            raise TidakBoleh(
                f"Permohonan {record['noreg']} berstatus {LABEL_STATUS[record['status']]}; "
                f"tidak bisa diubah menjadi {LABEL_STATUS[status]}."
            )
        aksi = "tolak" if status == "ditolak" else "batal"
        return self._ubah(record, aksi, {"status": status, "alasan": alasan})

    def daftar(self, tahun: list | None = None) -> list:
        """Every application of the given years (all years when None), in the order they came."""
        records = []
        for year in tahun if tahun is not None else self.tahun_ada():
            if self.tx.exists(f"register-{year}"):
                records.extend(self._db(year).table("permohonan").all())
        records.sort(key=lambda r: r["noreg"])
        return records


def kurang(record: dict) -> list:
    """Codes of the mandatory papers not handed in yet."""
    return [p["kode"] for p in record["persyaratan"] if p["wajib"] and not p["ada"]]
