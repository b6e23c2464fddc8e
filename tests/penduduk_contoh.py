"""Generated population files in OpenSID's and SIAK's layouts, for the tests and bench/penduduk.py.

Residents come in families (a head, a wife, children) of Kecamatan Ponggok (35.05.06) with NIKs
that agree with their birth dates and sex; the files are written the way each system writes them
(OpenSID: codes as numbers; SIAK: names in Title Case, dates as date cells).
"""

from __future__ import annotations

import csv
import datetime as dt
import random

OPENSID_KOLOM = (
    "alamat dusun rw rt nama no_kk nik sex tempatlahir tanggallahir agama_id pendidikan_kk_id "
    "pendidikan_sedang_id pekerjaan_id status_kawin kk_level warganegara_id ayah_nik nama_ayah ibu_nik "
    "nama_ibu golongan_darah_id akta_lahir dokumen_pasport tanggal_akhir_paspor dokumen_kitas akta_perkawinan "
    "tanggalperkawinan akta_perceraian tanggalperceraian cacat_id cara_kb_id hamil ktp_el status_rekam "
    "alamat_sekarang status_dasar suku tag_id_card id_asuransi no_asuransi lat lng"
).split()
SIAK_KOLOM = [
    "Nomor KK", "NIK", "Nama Penduduk", "Status", "Tempat Lahir", "Tanggal Lahir", "Kelamin", "NIK Ayah", "Ayah",
    "NIK Ibu", "Ibu", "Status Kawin", "SHDK", "Agama", "Kecamatan", "Desa/Kel", "Alamat", "RW", "RT", "Pendidikan",
    "Pekerjaan", "Deskripsi Pekerjaan", "Gol. Darah", "Cacat", "Cetak KTP", "Ganti KTP", "KTP Berakhir",
    "Nomor Paspor", "Nomor Akta Lahir", "Nomor Akta Kawin", "Tanggal Kwn", "Nomor Akta Cerai", "Tgl Cerai",
    "Petugas Registrasi", "Tgl Ubah", "Petugas Entri", "Tgl Entri",
]  # fmt: skip
assert len(OPENSID_KOLOM) == 43 and len(SIAK_KOLOM) == 37

WILAYAH = "350506"
DEPAN_L = ["Budi", "Agus", "Slamet", "Joko", "Hadi", "Eko", "Bambang", "Dwi", "Yusuf", "Rudi"]
DEPAN_P = ["Siti", "Sri", "Dewi", "Rina", "Wati", "Ani", "Endang", "Ratna", "Nur", "Yuni"]
BELAKANG = ["Santoso", "Wibowo", "Lestari", "Rahayu", "Hidayat", "Saputra", "Aminah", "Kusuma", "Pratama", "Utami"]
DUSUN = ["Krajan", "Sumberejo", "Ngemplak", "Sidomulyo"]
PEKERJAAN_SIAK = {1: "Belum/Tidak Bekerja", 2: "Mengurus Rumah Tangga", 3: "Pelajar/Mahasiswa", 9: "Petani/Pekebun"}
PENDIDIKAN_SIAK = {1: "Tidak/Belum Sekolah", 3: "Tamat SD/Sederajat", 4: "SLTP/Sederajat", 5: "SLTA/Sederajat"}
SHDK_SIAK = {1: "Kepala Keluarga", 3: "Istri", 4: "Anak"}
KAWIN_SIAK = {1: "Belum Kawin", 2: "Kawin"}


def nik(lahir: dt.date, perempuan: bool, urut: int, wilayah: str = WILAYAH) -> str:
    return f"{wilayah}{lahir.day + (40 if perempuan else 0):02d}{lahir.month:02d}{lahir.year % 100:02d}{urut:04d}"


def penduduk(jumlah: int, seed: int = 1) -> list:
    """`jumlah` residents in families, as `desa` stores them (the expected result of an import)."""
    rng = random.Random(seed)
    people: list = []
    serial = 0
    family = 0
    while len(people) < jumlah:
        family += 1
        serial_kk = family % 9999 + 1
        terbit = dt.date(2015, 1, 1) + dt.timedelta(days=family // 9999)
        no_kk = f"{WILAYAH}{terbit:%d%m%y}{serial_kk:04d}"
        dusun = DUSUN[family % len(DUSUN)]
        rt, rw = 1 + family % 12, 1 + family % 4
        surname = rng.choice(BELAKANG)
        head_born = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 35))
        members = [("L", head_born, 1, "Kawin", 9, 3)]
        members.append(("P", head_born + dt.timedelta(days=rng.randrange(300, 1500)), 3, "Kawin", 2, 4))
        for child in range(rng.randrange(0, 4)):
            born = head_born + dt.timedelta(days=365 * (22 + 3 * child) + rng.randrange(0, 300))
            members.append((rng.choice("LP"), born, 4, "Belum Kawin", 3, 1))
        head = wife = None
        for sex, born, level, kawin, kerja, didik in members:
            if len(people) >= jumlah:
                break
            serial += 1
            perempuan = sex == "P"
            first = rng.choice(DEPAN_P if perempuan else DEPAN_L)
            orang = {
                "nik": nik(born, perempuan, serial % 9999 + 1, f"3505{6 + serial // 9999 % 90:02d}"),
                "no_kk": no_kk, "nama": f"{first} {surname}", "jenis_kelamin": sex, "tempat_lahir": "Blitar",
                "tanggal_lahir": born.isoformat(), "agama": "Islam", "status_perkawinan": kawin,
                "pekerjaan": {1: "Belum/Tidak Bekerja", 2: "Mengurus Rumah Tangga", 3: "Pelajar/Mahasiswa",
                              9: "Petani/Pekebun"}[kerja],
                "pendidikan": {1: "Tidak/Belum Sekolah", 3: "Tamat SD/Sederajat", 4: "SLTP/Sederajat",
                               5: "SLTA/Sederajat"}[didik],
                "kewarganegaraan": "WNI", "hubungan": {1: "Kepala Keluarga", 3: "Istri", 4: "Anak"}[level],
                "kk_level": level, "alamat": f"Jl. Mawar No. {family % 90 + 1}", "rt": rt, "rw": rw,
                "dusun": dusun, "status_dasar": "Hidup",
            }  # fmt: skip
            orang["_kode"] = {"pekerjaan": kerja, "pendidikan": didik}
            if level == 4 and head and wife:
                orang.update(nik_ayah=head["nik"], nama_ayah=head["nama"], nik_ibu=wife["nik"], nama_ibu=wife["nama"])
            head = orang if level == 1 else head
            wife = orang if level == 3 else wife
            people.append(orang)
    return people


def baris_opensid(orang: dict, nama_kode: bool = False) -> list:
    """One row of OpenSID's 'Data Penduduk' sheet: codes as numbers (or as names, which it accepts too)."""
    sex = {"L": 1, "P": 2}[orang["jenis_kelamin"]]
    kawin = {"Belum Kawin": 1, "Kawin": 2, "Cerai Hidup": 3, "Cerai Mati": 4}[orang["status_perkawinan"]]
    code = orang.get("_kode", {"pekerjaan": 9, "pendidikan": 3})
    values = {
        "alamat": orang.get("alamat", ""), "dusun": orang.get("dusun", ""), "rw": f"{orang.get('rw', 1):03d}",
        "rt": f"{orang.get('rt', 1):03d}", "nama": orang["nama"], "no_kk": orang.get("no_kk", ""), "nik": orang["nik"],
        "sex": "PEREMPUAN" if nama_kode and sex == 2 else sex, "tempatlahir": orang.get("tempat_lahir", ""),
        "tanggallahir": dt.date.fromisoformat(orang["tanggal_lahir"]), "agama_id": "ISLAM" if nama_kode else 1,
        "pendidikan_kk_id": code["pendidikan"], "pendidikan_sedang_id": "", "pekerjaan_id": code["pekerjaan"],
        "status_kawin": kawin, "kk_level": orang.get("kk_level", 1), "warganegara_id": 1,
        "ayah_nik": orang.get("nik_ayah", ""), "nama_ayah": orang.get("nama_ayah", ""),
        "ibu_nik": orang.get("nik_ibu", ""), "nama_ibu": orang.get("nama_ibu", ""), "golongan_darah_id": 13,
        "cacat_id": 7, "hamil": 0, "ktp_el": 2, "status_rekam": 4, "status_dasar": 1, "suku": "Jawa",
    }  # fmt: skip
    return [values.get(c, "") for c in OPENSID_KOLOM]


def baris_siak(orang: dict) -> list:
    """One row of the SIAK export: names in Title Case, dates as date cells, RT/RW as numbers."""
    code = orang.get("_kode", {"pekerjaan": 9, "pendidikan": 3})
    values = {
        "Nomor KK": orang.get("no_kk", ""), "NIK": orang["nik"], "Nama Penduduk": orang["nama"].upper(),
        "Status": "Hidup", "Tempat Lahir": orang.get("tempat_lahir", "").upper(),
        "Tanggal Lahir": dt.date.fromisoformat(orang["tanggal_lahir"]),
        "Kelamin": "Laki-Laki" if orang["jenis_kelamin"] == "L" else "Perempuan",
        "NIK Ayah": orang.get("nik_ayah", ""), "Ayah": orang.get("nama_ayah", "").upper(),
        "NIK Ibu": orang.get("nik_ibu", ""), "Ibu": orang.get("nama_ibu", "").upper(),
        "Status Kawin": orang["status_perkawinan"], "SHDK": SHDK_SIAK.get(orang.get("kk_level", 1), "Anak"),
        "Agama": "Islam", "Kecamatan": "PONGGOK", "Desa/Kel": "BACEM", "Alamat": orang.get("alamat", ""),
        "RW": float(orang.get("rw", 1)), "RT": float(orang.get("rt", 1)),
        "Pendidikan": PENDIDIKAN_SIAK[code["pendidikan"]], "Pekerjaan": PEKERJAAN_SIAK[code["pekerjaan"]],
        "Gol. Darah": "Tdk Th", "Tgl Entri": dt.date(2020, 1, 2),
    }  # fmt: skip
    return [values.get(c, "") for c in SIAK_KOLOM]


def tulis_xlsx(path, kolom: list, rows: list, lembar: str = "Data Penduduk", judul: str | None = None) -> None:
    """A workbook like the real ones: an optional title row above the header, the "Kode Data"
    sheet beside OpenSID's data."""
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(lembar)
    if judul:
        sheet.append([judul])
        sheet.append([])
    sheet.append(list(kolom))
    for row in rows:
        sheet.append(list(row))
    if lembar == "Data Penduduk":
        book.create_sheet("Kode Data").append(["Kode", "Keterangan"])
    book.save(path)


def tulis_csv(path, kolom: list, rows: list, delimiter: str = ";", encoding: str = "utf-8-sig") -> None:
    """A CSV as Excel saves one: dates as DD-MM-YYYY text."""
    with open(path, "w", newline="", encoding=encoding) as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(kolom)
        for row in rows:
            writer.writerow([v.strftime("%d-%m-%Y") if isinstance(v, dt.date) else v for v in row])


def tanpa_kode(orang: dict) -> dict:
    """A resident as `desa` stores it: the generator's codes taken off."""
    return {k: v for k, v in orang.items() if not k.startswith("_")}
