"""Code tables for importing population (penduduk) data.

Two input formats use these codes:

* OpenSID's import workbook (sheet "Data Penduduk", 43 columns such as ``sex``,
  ``agama_id``, ``kk_level``, ``status_dasar``): coded columns hold the number, but
  OpenSID also accepts the name, matched case-insensitively.
* The Disdukcapil SIAK export (37 columns such as "Kelamin", "Agama", "SHDK",
  "Status"): coded columns hold names in Title Case, e.g. "Laki-Laki", "Kawin",
  "Kepala Keluarga", "Tamat SD/Sederajat".

Every table maps OpenSID's integer code to its name. OpenSID stores most names in
UPPER CASE; here they are in Title Case (acronyms kept), with OpenSID's words and
slash spacing unchanged (double spaces collapsed). :func:`kode` turns a cell value
into a code.

Source of every table, unless its comment says otherwise: repository OpenSID/OpenSID,
commit 4b3d56778f23b0e1230c1e667db554f012bbcdc6 (release v2410.0.0), file
donjo-app/models/seeders/Data_awal_seeder.php (addDataMaster). The same codes and
names are in the "Kode Data" sheet of assets/import/FormatImporExcel.xlsm there.
"""

import re

# tweb_penduduk_sex -- OpenSID/OpenSID, donjo-app/models/seeders/Data_awal_seeder.php @ 4b3d56778f23
# (Title Case as in app/Enums/JenisKelaminEnum.php)
JENIS_KELAMIN: dict[int, str] = {1: "Laki-laki", 2: "Perempuan"}

# tweb_penduduk_agama -- OpenSID/OpenSID, donjo-app/models/seeders/Data_awal_seeder.php @ 4b3d56778f23
AGAMA: dict[int, str] = {
    1: "Islam",
    2: "Kristen",
    3: "Katholik",
    4: "Hindu",
    5: "Budha",
    6: "Khonghucu",
    7: "Kepercayaan Terhadap Tuhan YME / Lainnya",
}

# tweb_penduduk_pendidikan_kk -- OpenSID/OpenSID, donjo-app/models/seeders/Data_awal_seeder.php @ 4b3d56778f23
# (column pendidikan_kk_id; SIAK "Pendidikan")
PENDIDIKAN_KK: dict[int, str] = {
    1: "Tidak / Belum Sekolah",
    2: "Belum Tamat SD/Sederajat",
    3: "Tamat SD / Sederajat",
    4: "SLTP/Sederajat",
    5: "SLTA / Sederajat",
    6: "Diploma I / II",
    7: "Akademi/ Diploma III/S. Muda",
    8: "Diploma IV/ Strata I",
    9: "Strata II",
    10: "Strata III",
}

# tweb_penduduk_pendidikan -- OpenSID/OpenSID, donjo-app/models/seeders/Data_awal_seeder.php @ 4b3d56778f23
# (column pendidikan_sedang_id; not in the SIAK export; OpenSID has a double space in 8 and 11)
PENDIDIKAN_SEDANG: dict[int, str] = {
    1: "Belum Masuk TK/Kelompok Bermain",
    2: "Sedang TK/Kelompok Bermain",
    3: "Tidak Pernah Sekolah",
    4: "Sedang SD/Sederajat",
    5: "Tidak Tamat SD/Sederajat",
    6: "Sedang SLTP/Sederajat",
    7: "Sedang SLTA/Sederajat",
    8: "Sedang D-1/Sederajat",
    9: "Sedang D-2/Sederajat",
    10: "Sedang D-3/Sederajat",
    11: "Sedang S-1/Sederajat",
    12: "Sedang S-2/Sederajat",
    13: "Sedang S-3/Sederajat",
    14: "Sedang SLB A/Sederajat",
    15: "Sedang SLB B/Sederajat",
    16: "Sedang SLB C/Sederajat",
    17: "Tidak Dapat Membaca dan Menulis Huruf Latin/Arab",
    18: "Tidak Sedang Sekolah",
}

# tweb_penduduk_pekerjaan -- OpenSID/OpenSID, donjo-app/models/seeders/Data_awal_seeder.php @ 4b3d56778f23
PEKERJAAN: dict[int, str] = {
    1: "Belum/Tidak Bekerja",
    2: "Mengurus Rumah Tangga",
    3: "Pelajar/Mahasiswa",
    4: "Pensiunan",
    5: "Pegawai Negeri Sipil (PNS)",
    6: "Tentara Nasional Indonesia (TNI)",
    7: "Kepolisian RI (POLRI)",
    8: "Perdagangan",
    9: "Petani/Pekebun",
    10: "Peternak",
    11: "Nelayan/Perikanan",
    12: "Industri",
    13: "Konstruksi",
    14: "Transportasi",
    15: "Karyawan Swasta",
    16: "Karyawan BUMN",
    17: "Karyawan BUMD",
    18: "Karyawan Honorer",
    19: "Buruh Harian Lepas",
    20: "Buruh Tani/Perkebunan",
    21: "Buruh Nelayan/Perikanan",
    22: "Buruh Peternakan",
    23: "Pembantu Rumah Tangga",
    24: "Tukang Cukur",
    25: "Tukang Listrik",
    26: "Tukang Batu",
    27: "Tukang Kayu",
    28: "Tukang Sol Sepatu",
    29: "Tukang Las/Pandai Besi",
    30: "Tukang Jahit",
    31: "Tukang Gigi",
    32: "Penata Rias",
    33: "Penata Busana",
    34: "Penata Rambut",
    35: "Mekanik",
    36: "Seniman",
    37: "Tabib",
    38: "Paraji",
    39: "Perancang Busana",
    40: "Penterjemah",
    41: "Imam Masjid",
    42: "Pendeta",
    43: "Pastor",
    44: "Wartawan",
    45: "Ustadz/Mubaligh",
    46: "Juru Masak",
    47: "Promotor Acara",
    48: "Anggota DPR-RI",
    49: "Anggota DPD",
    50: "Anggota BPK",
    51: "Presiden",
    52: "Wakil Presiden",
    53: "Anggota Mahkamah Konstitusi",
    54: "Anggota Kabinet Kementerian",
    55: "Duta Besar",
    56: "Gubernur",
    57: "Wakil Gubernur",
    58: "Bupati",
    59: "Wakil Bupati",
    60: "Walikota",
    61: "Wakil Walikota",
    62: "Anggota DPRD Provinsi",
    63: "Anggota DPRD Kabupaten/Kota",
    64: "Dosen",
    65: "Guru",
    66: "Pilot",
    67: "Pengacara",
    68: "Notaris",
    69: "Arsitek",
    70: "Akuntan",
    71: "Konsultan",
    72: "Dokter",
    73: "Bidan",
    74: "Perawat",
    75: "Apoteker",
    76: "Psikiater/Psikolog",
    77: "Penyiar Televisi",
    78: "Penyiar Radio",
    79: "Pelaut",
    80: "Peneliti",
    81: "Sopir",
    82: "Pialang",
    83: "Paranormal",
    84: "Pedagang",
    85: "Perangkat Desa",
    86: "Kepala Desa",
    87: "Biarawati",
    88: "Wiraswasta",
    89: "Lainnya",
}

# tweb_penduduk_kawin -- OpenSID/OpenSID, donjo-app/models/seeders/Data_awal_seeder.php @ 4b3d56778f23
STATUS_KAWIN: dict[int, str] = {1: "Belum Kawin", 2: "Kawin", 3: "Cerai Hidup", 4: "Cerai Mati"}

# tweb_penduduk_hubungan -- OpenSID/OpenSID, donjo-app/models/seeders/Data_awal_seeder.php @ 4b3d56778f23
# (column kk_level; SIAK "SHDK")
HUBUNGAN: dict[int, str] = {
    1: "Kepala Keluarga",
    2: "Suami",
    3: "Istri",
    4: "Anak",
    5: "Menantu",
    6: "Cucu",
    7: "Orangtua",
    8: "Mertua",
    9: "Famili Lain",
    10: "Pembantu",
    11: "Lainnya",
}

# tweb_penduduk_warganegara -- OpenSID/OpenSID, donjo-app/models/seeders/Data_awal_seeder.php @ 4b3d56778f23
WARGANEGARA: dict[int, str] = {1: "WNI", 2: "WNA", 3: "Dua Kewarganegaraan"}

# tweb_golongan_darah -- OpenSID/OpenSID, donjo-app/models/seeders/Data_awal_seeder.php @ 4b3d56778f23
GOLONGAN_DARAH: dict[int, str] = {
    1: "A",
    2: "B",
    3: "AB",
    4: "O",
    5: "A+",
    6: "A-",
    7: "B+",
    8: "B-",
    9: "AB+",
    10: "AB-",
    11: "O+",
    12: "O-",
    13: "Tidak Tahu",
}

# tweb_status_dasar -- OpenSID/OpenSID, donjo-app/models/seeders/Data_awal_seeder.php @ 4b3d56778f23
# (no code 5; 6 and 9 exist. SIAK "Status")
STATUS_DASAR: dict[int, str] = {1: "Hidup", 2: "Mati", 3: "Pindah", 4: "Hilang", 6: "Pergi", 9: "Tidak Valid"}

# tweb_cacat -- OpenSID/OpenSID, donjo-app/models/seeders/Data_awal_seeder.php @ 4b3d56778f23
CACAT: dict[int, str] = {
    1: "Cacat Fisik",
    2: "Cacat Netra/Buta",
    3: "Cacat Rungu/Wicara",
    4: "Cacat Mental/Jiwa",
    5: "Cacat Fisik dan Mental",
    6: "Cacat Lainnya",
    7: "Tidak Cacat",
}

# Extra spellings, per table name, for values that differ from the table beyond
# what _normal() evens out (case, repeated spaces, spaces around "/").
ALIAS: dict[str, dict[str, int]] = {
    # OpenSID/OpenSID donjo-app/models/Impor_model.php @ 4b3d56778f23, __construct(): $sex.
    "JENIS_KELAMIN": {"L": 1, "LK": 1, "P": 2, "Pr": 2},
    # Same file, $pendidikan.
    "PENDIDIKAN_KK": {
        "Tidak/Blm Sekolah": 1,
        "Tidak Tamat SD/Sederajat": 2,
        "Akademi/Diploma III/Sarjana Muda": 7,
        "Strata-II": 9,
    },
    # Same file, $status.
    "STATUS_KAWIN": {"BK": 1, "K": 2, "CH": 3, "CM": 4},
    # Same file, $status_dasar; the SIAK sample (below) has "Pindah Dalam Negeri".
    "STATUS_DASAR": {"Pindah Dalam Negeri": 3, "Pindah Luar Negeri": 3},
    # Same file, $golongan_darah; the SIAK sample has "Tdk Th" in every row.
    "GOLONGAN_DARAH": {"Tdk Th": 13},
    # SIAK sample OpenSID/OpenSID assets/import/format_siak.xls @ 4b3d56778f23, column
    # SHDK: "Orang Tua". OpenSID matches it to "ORANGTUA" only because its get_kode()
    # deletes every space; _normal() keeps single spaces, hence the alias.
    "HUBUNGAN": {"Orang Tua": 7},
}

_SPASI = re.compile(r"\s+")
_GARIS_MIRING = re.compile(r"\s*/\s*")
_ANGKA = re.compile(r"\d+(?:\.0*)?")


def _normal(teks: str) -> str:
    """Lowercase, collapse whitespace and drop spaces around "/"."""
    teks = _SPASI.sub(" ", teks.strip().lower())
    return _GARIS_MIRING.sub("/", teks)


def _indeks(tabel: dict[int, str], alias: dict[str, int]) -> dict[str, int]:
    indeks = {_normal(nama): angka for angka, nama in tabel.items()}
    for nama, angka in alias.items():
        indeks.setdefault(_normal(nama), angka)
    return indeks


_NAMA_TABEL = "JENIS_KELAMIN AGAMA PENDIDIKAN_KK PENDIDIKAN_SEDANG PEKERJAAN STATUS_KAWIN HUBUNGAN"
_NAMA_TABEL += " WARGANEGARA GOLONGAN_DARAH STATUS_DASAR CACAT"
_TABEL: dict[str, dict[int, str]] = {n: globals()[n] for n in _NAMA_TABEL.split()}
# id(table) -> (table, name index); the table is kept so that an id is never reused.
_INDEKS = {id(t): (t, _indeks(t, ALIAS.get(n, {}))) for n, t in _TABEL.items()}


def kode(tabel: dict[int, str], nilai: object) -> int | None:
    """Return the code in ``tabel`` for a cell value, or None when it is unknown.

    ``nilai`` may be an int, a whole float (1.0), a digit string ("1", "01", "1.0")
    or a name in any case and spacing ("TAMAT SD / SEDERAJAT", "Laki-Laki", "L").
    Empty cells, "-", codes missing from the table and unknown names give None.
    """
    if nilai is None or isinstance(nilai, bool):
        return None
    if isinstance(nilai, int):
        angka = nilai
    elif isinstance(nilai, float):
        if not nilai.is_integer():
            return None
        angka = int(nilai)
    elif isinstance(nilai, str):
        teks = nilai.strip()
        if not _ANGKA.fullmatch(teks):
            simpan = _INDEKS.get(id(tabel))
            indeks = simpan[1] if simpan and simpan[0] is tabel else _indeks(tabel, {})
            return indeks.get(_normal(teks))
        angka = int(teks.split(".")[0])
    else:
        return None
    return angka if angka in tabel else None
