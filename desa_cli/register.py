"""The register: applications, their numbers and the append-only, hash-chained event log.

Files in the office's `data/` folder, written together in one transaction (storage.py):

- `permohonan-2026-11.json`: the applications received that month (TinyDB);
- `peristiwa-2026-11.json`: the events that happened that month (TinyDB), one chain over all months;
- `nomor.json`: each year's counters, which month file holds which registration numbers, the open
  applications, and the head of the event chain;
- `pemohon/NN.json`: each NIK's last standard fields, sharded by the NIK's last two digits.

Taking an application reads and writes only the small files of this month, so it stays as quick
after five busy years (50,000 applications) as on the first day: a file per year would have to
be parsed whole on every command (about 0.3 s for 10,000 applications here).
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import json
import re

from . import buku_surat, prioritas
from .kesalahan import DesaError
from .storage import Transaksi

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
NOMOR = "nomor"


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

    def __init__(self, tx: Transaksi, petugas: str, sekarang: dt.datetime, kalender=None, kode_wilayah=None):
        self.tx = tx
        self.petugas = petugas
        self.sekarang = sekarang
        self.kalender = kalender
        self.kode_wilayah = kode_wilayah  # written on every event: another office's register copied in shows
        self._dbs: dict = {}

    # --- files -------------------------------------------------------------------------

    def _db(self, name: str):
        if name not in self._dbs:
            self._dbs[name] = self.tx.tinydb(name)
        return self._dbs[name]

    def _nomor(self) -> dict:
        return self.tx.read(NOMOR)

    def _nomor_ubah(self, nomor: dict) -> None:
        self.tx.write(NOMOR, nomor)

    def _bulan_ini(self) -> str:
        return f"{self.sekarang.year}-{self.sekarang.month:02d}"

    def bulan_ada(self) -> list:
        """The months that have applications, oldest first."""
        months = {n[len("permohonan-") :] for n in self.tx.daftar("permohonan-")}
        months.update(n[len("permohonan-") :] for n in self._dbs if n.startswith("permohonan-"))
        return sorted(m for m in months if re.fullmatch(r"\d{4}-\d{2}", m))

    # --- events ------------------------------------------------------------------------

    def catat_peristiwa(self, aksi: str, noreg: str, data: dict, catatan: dict | None = None) -> dict:
        """Append an event to the one chain of the office (complaints and surveys write here too)."""
        nomor = self._nomor()
        head = nomor.get("rantai") or {"urut": 0, "hash": GENESIS}
        event = {
            "urut": head["urut"] + 1,
            "waktu": self.sekarang.isoformat(timespec="seconds"),
            "petugas": self.petugas,
            "aksi": aksi,
            "noreg": noreg,
            "data": data,
            "sebelum": head["hash"],
        }
        if catatan:  # what was said and chosen at the counter; not part of the application's state
            event["catatan"] = catatan
        if self.kode_wilayah:
            event["wilayah"] = self.kode_wilayah
        event["hash"] = hash_peristiwa(event)
        month = self._bulan_ini()
        if month < (nomor.get("rantai") or {}).get("bulan", month):
            # The clock went back: this event lies in an earlier month's file than the one before it.
            # `riwayat` reads these months too, so that no later event is hidden.
            mundur = nomor.setdefault("bulan_mundur", [])
            if month not in mundur:
                mundur.append(month)
        self._db(f"peristiwa-{month}").table("peristiwa").insert(event)
        nomor["rantai"] = {"urut": event["urut"], "hash": event["hash"], "bulan": month}
        self._nomor_ubah(nomor)
        return event

    def catat_ekspor_nik(self, berkas: str, jumlah: int, periode: str) -> dict:
        """Who wrote applicants' full NIKs out of the office, when, how many and where (UU 27/2022)."""
        return self.catat_peristiwa("ekspor_nik", "-", {"berkas": berkas, "jumlah": jumlah, "periode": periode})

    def riwayat(self, noreg: str) -> list:
        """The events of one application, oldest first: they lie from its own month onward, and in
        the months an event was written to after the clock went back."""
        from tinydb import Query

        record = self.ambil(noreg)
        since = record["diterima"][:7]
        mundur = set(self._nomor().get("bulan_mundur") or ())
        months = sorted(
            m
            for m in (n[len("peristiwa-") :] for n in self.tx.daftar("peristiwa-"))
            if re.fullmatch(r"\d{4}-\d{2}", m) and (m >= since or m in mundur)
        )
        events = []
        for month in months:
            events.extend(self._db(f"peristiwa-{month}").table("peristiwa").search(Query().noreg == record["noreg"]))
        return sorted(events, key=lambda e: e["urut"])

    def ujung(self) -> dict | None:
        """The chain head {"urut", "hash"}: what reports and exports carry as an outside witness."""
        return self._nomor().get("rantai")

    def peristiwa_terakhir(self, jumlah: int) -> list:
        """The last `jumlah` events of the office, oldest first."""
        events: list = []
        months = sorted((n[len("peristiwa-") :] for n in self.tx.daftar("peristiwa-")), reverse=True)
        mundur = [m for m in self._nomor().get("bulan_mundur") or () if m in months]
        for month in mundur:  # written after the clock went back: may hold the newest events
            events += self._db(f"peristiwa-{month}").table("peristiwa").all()
        for month in (m for m in months if m not in mundur):
            events = self._db(f"peristiwa-{month}").table("peristiwa").all() + events
            if len(events) >= jumlah:
                break
        return sorted(events, key=lambda e: e["urut"])[-jumlah:] if jumlah > 0 else []

    # --- numbers -----------------------------------------------------------------------

    def nomor_berikut(self, jenis: str, tahun: int) -> int:
        """The next number of a year's sequence (noreg, surat, aduan): never reused, never shared.
        A number already in use (its book entry, its application or its archived letter exists,
        say after a counter was lowered by hand) is passed over, not handed out again."""
        nomor = self._nomor()
        counters = nomor.setdefault(jenis, {})
        urut = counters.get(str(tahun), 0) + 1
        while self._terpakai(jenis, tahun, urut):
            urut += 1
        counters[str(tahun)] = urut
        self._nomor_ubah(nomor)
        return urut

    def _terpakai(self, jenis: str, tahun: int, urut: int) -> bool:
        if jenis == "surat":
            return str(urut) in self.tx.read(f"surat-{tahun}").get("surat", {})
        if jenis == "aduan":
            return str(urut) in self.tx.read(f"aduan-{tahun}").get("aduan", {})
        if jenis == "masuk":
            return str(urut) in self.tx.read(f"masuk-{tahun}").get("masuk", {})
        if jenis != "noreg":
            return False
        from tinydb import Query

        noreg = f"{tahun}-{urut:05d}"
        if noreg in self._arsip_noreg(tahun):
            return True
        ranges = self._nomor().get("rentang", {}).get(str(tahun), [])
        index = bisect.bisect_right([start for start, _ in ranges], urut) - 1
        months = {self._bulan_ini()} | ({ranges[index][1]} if index >= 0 else set())
        return any(
            self.tx.exists(f"permohonan-{month}")
            and self._db(f"permohonan-{month}").table("permohonan").contains(Query().noreg == noreg)
            for month in months
        )

    def _arsip_noreg(self, tahun: int) -> set:
        """The registration numbers that have a letter in arsip/<tahun>/ (read once per command)."""
        cache = self.__dict__.setdefault("_arsip_cache", {})
        if tahun not in cache:
            cache[tahun] = self.tx.arsip_noreg(tahun)
        return cache[tahun]

    # --- applicants --------------------------------------------------------------------

    @staticmethod
    def _shard(nik: str) -> str:
        return f"pemohon/{nik[-2:]}"

    def pemohon_lama(self, nik: str) -> dict | None:
        """The standard fields this NIK gave last time, with the noreg they came from."""
        return self.tx.read(self._shard(nik)).get(nik)

    def _ingat_pemohon(self, pemohon: dict, noreg: str) -> None:
        shard = self._shard(pemohon["nik"])
        index = self.tx.read(shard)
        index[pemohon["nik"]] = {**pemohon, "noreg_terakhir": noreg}
        self.tx.write(shard, index)

    # --- applications ------------------------------------------------------------------

    def _status_dan_tenggat(self, record: dict) -> None:
        if kurang(record):
            record["status"] = "belum_lengkap"
            return
        if record["status"] == "belum_lengkap" or record.get("lengkap_pada") is None:
            today = self.sekarang.date()
            record["status"] = "lengkap"
            record["lengkap_pada"] = today.isoformat()
            record["tenggat"] = self.kalender.tenggat(today, record["hari_kerja"]).isoformat()

    def _tandai_terbuka(self, record: dict, month: str) -> None:
        nomor = self._nomor()
        terbuka = nomor.setdefault("terbuka", {})
        if record["status"] in TERBUKA:
            terbuka[record["noreg"]] = month
        else:
            terbuka.pop(record["noreg"], None)
        self._nomor_ubah(nomor)

    def ajukan(self, layanan, pemohon: dict, isian: dict, ada: set, prioritas: str | None = None) -> dict:
        tahun = self.sekarang.year
        urut = self.nomor_berikut("noreg", tahun)
        noreg = f"{tahun}-{urut:05d}"
        month = self._bulan_ini()
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
            **({"prioritas": prioritas} if prioritas else {}),  # the clerk's mark (prioritas.py)
        }
        self._status_dan_tenggat(record)
        self._db(f"permohonan-{month}").table("permohonan").insert(record)
        nomor = self._nomor()
        ranges = nomor.setdefault("rentang", {}).setdefault(str(tahun), [])
        if not ranges or ranges[-1][1] != month:
            ranges.append([urut, month])  # from this number on, applications are in this month's file
        self._nomor_ubah(nomor)
        self._tandai_terbuka(record, month)
        self.catat_peristiwa("ajukan", noreg, record)
        self._ingat_pemohon(pemohon, noreg)
        return record

    def _bulan_noreg(self, noreg: str) -> str | None:
        tahun = tahun_noreg(noreg)
        urut = int(noreg.split("-")[1])
        ranges = self._nomor().get("rentang", {}).get(str(tahun), [])
        if not ranges or urut > self._nomor().get("noreg", {}).get(str(tahun), 0):
            return None
        index = bisect.bisect_right([start for start, _ in ranges], urut) - 1
        return ranges[index][1] if index >= 0 else None

    def ambil(self, noreg: str) -> dict:
        from tinydb import Query

        noreg = normal_noreg(noreg)
        month = self._bulan_noreg(noreg)
        found = None
        if month is not None:
            found = self._db(f"permohonan-{month}").table("permohonan").get(Query().noreg == noreg)
        if found is None:
            raise PermohonanTidakAda(f"Permohonan {noreg} tidak ada di register. Lihat 'desa daftar'.")
        return found

    def _ubah(self, record, aksi: str, perubahan: dict, catatan: dict | None = None) -> dict:
        perubahan = {**perubahan, "diubah": self.sekarang.isoformat(timespec="seconds")}
        month = self._bulan_noreg(record["noreg"])  # the month file it was read from (see ambil)
        self._db(f"permohonan-{month}").table("permohonan").update(perubahan, doc_ids=[record.doc_id])
        baru = {**record, **perubahan}
        self._tandai_terbuka(baru, month)
        self.catat_peristiwa(aksi, record["noreg"], perubahan, catatan)
        return baru

    def lengkapi(self, noreg: str, ada, catatan: dict | None = None) -> dict:
        """Papers handed in later: a set of codes, or the text of `--ada` (see baca_ada)."""
        record = self.ambil(noreg)
        if record["status"] not in TERBUKA:
            raise TidakBoleh(
                f"Permohonan {record['noreg']} berstatus {LABEL_STATUS[record['status']]}; berkas tidak bisa ditambah."
            )
        ada = baca_ada(ada, record["persyaratan"]) if isinstance(ada, str) else periksa_kode(ada, record["persyaratan"])
        baru = dict(record)
        baru["persyaratan"] = [{**p, "ada": p["ada"] or p["kode"] in ada} for p in record["persyaratan"]]
        self._status_dan_tenggat(baru)
        perubahan = {k: baru[k] for k in ("persyaratan", "status", "lengkap_pada", "tenggat")}
        return self._ubah(record, "lengkapi", perubahan, catatan)

    def akhiri(self, noreg: str, status: str, alasan: str, boleh_dari: tuple) -> dict:
        """Refuse (ditolak) or withdraw (batal) an application, keeping the reason."""
        from .isian import alasan_wajib

        record = self.ambil(noreg)
        alasan = alasan_wajib(alasan)
        if record["status"] not in boleh_dari:
            raise TidakBoleh(
                f"Permohonan {record['noreg']} berstatus {LABEL_STATUS[record['status']]}; "
                f"tidak bisa diubah menjadi {LABEL_STATUS[status]}."
            )
        aksi = "tolak" if status == "ditolak" else "batal"
        if status == "batal":
            buku_surat.batalkan(self.tx, record)
        return self._ubah(record, aksi, {"status": status, "alasan": alasan})

    # --- letters -----------------------------------------------------------------------

    def catat_surat(self, record, surat: dict, ulang: bool = False, catatan: dict | None = None) -> dict:
        """Store a printed letter with its application, in the year's letter book, and as an event."""
        buku_surat.catat(self.tx, record, surat)
        perubahan = {"surat": surat}
        if not ulang:
            perubahan["status"] = "selesai"
        return self._ubah(record, "cetak_ulang" if ulang else "cetak", perubahan, catatan)

    def lebih_dulu(self, noreg: str) -> list:
        """Complete waiting applications to serve before `noreg`: by arrival, priority first (prioritas.py)."""
        from .prioritas import lebih_dulu

        return lebih_dulu(self, normal_noreg(noreg))

    def catat_antrean(self, noreg: str, catatan: dict) -> None:
        """Keep the queue warning and the clerk's choice when the action was put off."""
        self.catat_peristiwa("peringatan_antrean", normal_noreg(noreg), {}, catatan)

    def serahkan(self, noreg: str) -> dict:
        record = self.ambil(noreg)
        if record["status"] == "diambil":  # said with when and by whom: the clerk is on the event only
            from .pemberitahuan import sudah_diserahkan

            oleh = next((e["petugas"] for e in reversed(self.riwayat(noreg)) if e["aksi"] == "serahkan"), None)
            raise TidakBoleh(sudah_diserahkan(record, oleh))
        if record["status"] != "selesai":
            raise TidakBoleh(
                f"Permohonan {record['noreg']} berstatus {LABEL_STATUS[record['status']]}; "
                "hanya surat yang sudah dicetak (selesai) yang bisa diserahkan."
            )
        return self._ubah(record, "serahkan", {"status": "diambil", "diambil": self.sekarang.isoformat()})

    def daftar(self, bulan: str | None = None, hanya_terbuka: bool = False) -> list:
        """Applications in the order they came: of one month, the open ones, or all."""
        if bulan is not None:
            months = [bulan]
        elif hanya_terbuka:
            months = sorted(set(self._nomor().get("terbuka", {}).values()))
        else:
            months = self.bulan_ada()
        records = []
        for month in months:
            if self.tx.exists(f"permohonan-{month}"):
                records.extend(self._db(f"permohonan-{month}").table("permohonan").all())
        if hanya_terbuka:
            records = [r for r in records if r["status"] in TERBUKA]
        records.sort(key=lambda r: r["noreg"])
        return records

    def antrean(self, status=None, layanan=None, bulan=None, cari=None, terlambat=False) -> tuple:
        """What `desa daftar` shows: (applications, {noreg: working days left}) after the filters.

        `status`: one status, 'semua', or None for the open ones; `cari`: a name part or a whole NIK;
        `terlambat`: only those past their deadline. Days left are counted for open applications only.
        """
        wanted = TERBUKA if status is None else (None if status == "semua" else (status,))
        records = self.daftar(bulan, hanya_terbuka=wanted is not None and set(wanted) <= set(TERBUKA))
        needle = (cari or "").strip().lower()
        records = [
            r
            for r in records
            if (wanted is None or r["status"] in wanted)
            and (layanan is None or r["layanan"] == layanan)
            and (not bulan or r["diterima"].startswith(bulan))
            and (not needle or needle in r["pemohon"]["nama"].lower() or needle == r["pemohon"]["nik"])
        ]
        today = self.sekarang.date()
        sisa = {
            r["noreg"]: self.kalender.sisa(today, dt.date.fromisoformat(r["tenggat"]))
            for r in records
            if r.get("tenggat") and r["status"] in TERBUKA
        }
        if terlambat:
            records = [r for r in records if sisa.get(r["noreg"], 0) < 0]
        return prioritas.urutkan(records), sisa  # open priority applications first, then by arrival


def periksa_kode(kode: set, persyaratan: list) -> set:
    """The requirement codes, refused with the known ones listed when any is not in `persyaratan`."""
    known = [p["kode"] for p in persyaratan]
    unknown = sorted(set(kode) - set(known))
    if unknown:
        raise TidakBoleh(f"Kode persyaratan tidak dikenal: {', '.join(unknown)}. Yang ada: {', '.join(known)}.")
    return set(kode)


def baca_ada(text: str | None, persyaratan: list) -> set | None:
    """The requirement codes of `--ada`: a comma list, or 'semua'. None when not given."""
    if text is None:
        return None
    if text.strip().lower() == "semua":
        return {p["kode"] for p in persyaratan}
    # `ktp-el` or `KTP_EL` is `ktp_el`: catalogue files may write a code so too (katalog_skema.py).
    return periksa_kode({c.strip().lower().replace("-", "_") for c in text.split(",") if c.strip()}, persyaratan)


def kurang(record: dict) -> list:
    """Codes of the mandatory papers not handed in yet."""
    return [p["kode"] for p in record["persyaratan"] if p["wajib"] and not p["ada"]]
