"""NIK, working days and typed values: the rules every application is checked by."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desa_cli import isian, kalender, nik
from desa_cli.katalog import ISIAN_PEMOHON

# --- NIK -------------------------------------------------------------------------------


def make_nik(born: dt.date, perempuan: bool, serial: int = 1, wilayah: str = "350501") -> str:
    day = born.day + (40 if perempuan else 0)
    return f"{wilayah}{day:02d}{born.month:02d}{born.year % 100:02d}{serial:04d}"


def test_nik_of_a_woman_carries_day_plus_40():
    parsed = nik.urai("3505014708900001")
    assert parsed.perempuan and (parsed.hari, parsed.bulan, parsed.tahun2) == (7, 8, 90)
    assert parsed.kode_wilayah == "35.05.01"
    assert nik.cocokkan(parsed, dt.date(1990, 8, 7), "P") == []


def test_nik_spaces_and_dots_are_ignored():
    assert nik.urai("3505 0147 0890 0001").nomor == "3505014708900001"


@pytest.mark.parametrize(
    "text,reason",
    [
        ("350501470890001", "16 angka"),
        ("35050147089000012", "16 angka"),
        ("35050147O8900001", "angka 0-9; ada 'O'"),
        ("3505014708900000", "0000"),
        ("3505013213900001", "tanggal lahir"),
        ("3500014708900001", "00"),
        ("3505017302900001", "tanggal lahir"),
    ],
)
def test_impossible_nik_is_refused(text, reason):
    with pytest.raises(nik.NikSalah) as caught:
        nik.urai(text)
    assert reason in str(caught.value)


@pytest.mark.parametrize("prov", ["97", "99", "10", "54"])
def test_a_province_that_does_not_exist_is_refused(prov):
    with pytest.raises(nik.NikSalah, match=f"provinsi {prov} dalam NIK tidak ada"):
        nik.urai(f"{prov}05010708900001")


def test_nik_against_birth_date_and_sex():
    parsed = nik.urai("3505014708900001")
    assert "tanggal lahir" in nik.cocokkan(parsed, dt.date(1990, 8, 8), "P")[0]
    assert "jenis kelamin L" in nik.cocokkan(parsed, dt.date(1990, 8, 7), "L")[0]
    man = nik.urai("3505010708900001")
    assert "laki-laki" in nik.cocokkan(man, dt.date(1990, 8, 7), "P")[0]


def test_masking_keeps_first_six_and_last_four():
    assert nik.samarkan("3505014708900001") == "350501******0001"


@given(born=st.dates(dt.date(1900, 1, 1), dt.date(2026, 11, 23)), perempuan=st.booleans(), serial=st.integers(1, 9999))
def test_any_real_birth_date_and_sex_round_trip(born, perempuan, serial):
    parsed = nik.urai(make_nik(born, perempuan, serial))
    assert nik.cocokkan(parsed, born, "P" if perempuan else "L") == []
    assert nik.cocokkan(parsed, born, "L" if perempuan else "P") != []


@given(st.text(max_size=20))
def test_any_text_is_a_nik_or_refused_by_name(text):
    try:
        nik.urai(text)
    except nik.NikSalah:
        pass


# --- working days ------------------------------------------------------------------------


@pytest.fixture
def kal(tmp_path):
    return kalender.Kalender(cache=tmp_path / "kalender")


def test_deadline_skips_the_weekend(kal):
    friday = dt.date(2026, 11, 20)
    assert kal.tenggat(friday, 1) == dt.date(2026, 11, 23)  # Monday
    assert kal.tenggat(friday, 3) == dt.date(2026, 11, 25)
    assert kal.tenggat(dt.date(2026, 11, 21), 1) == dt.date(2026, 11, 23)  # handed in on a Saturday
    assert kal.tenggat(friday, 0) == friday


def test_deadline_skips_a_national_holiday(kal):
    # 17 August 2026 is a Monday and Independence Day.
    assert kal.libur(dt.date(2026, 8, 17)) == "Hari Kemerdekaan Republik Indonesia"
    assert kal.tenggat(dt.date(2026, 8, 14), 1) == dt.date(2026, 8, 18)


def test_cuti_bersama_closes_the_office_by_default(tmp_path):
    # 25 December 2025 is Christmas, 26 December cuti bersama, then the weekend.
    closed = kalender.Kalender(cache=tmp_path)
    assert closed.tenggat(dt.date(2025, 12, 24), 1) == dt.date(2025, 12, 29)
    assert closed.cuti_bersama_dikenal(2025)
    open_ = kalender.Kalender(cuti_bersama_libur=False, cache=tmp_path)
    assert open_.tenggat(dt.date(2025, 12, 24), 1) == dt.date(2025, 12, 26)


def test_days_the_office_declares_closed(tmp_path):
    kal = kalender.Kalender(cache=tmp_path, libur_tambahan={"2027-12-24": "Cuti Bersama Natal"})
    assert kal.libur(dt.date(2027, 12, 24)) == "Cuti Bersama Natal"
    assert kal.tenggat(dt.date(2027, 12, 23), 1) == dt.date(2027, 12, 27)


def test_an_office_that_serves_on_saturday(tmp_path):
    kal = kalender.Kalender(hari_kerja=("senin", "selasa", "rabu", "kamis", "jumat", "sabtu"), cache=tmp_path)
    assert kal.tenggat(dt.date(2026, 11, 20), 1) == dt.date(2026, 11, 21)


def test_working_days_left(kal):
    monday = dt.date(2026, 11, 23)
    assert kal.sisa(monday, dt.date(2026, 11, 25)) == 2
    assert kal.sisa(monday, monday) == 0
    assert kal.sisa(monday, dt.date(2026, 11, 20)) == -1  # due last Friday


def test_holidays_are_built_once_then_read_from_the_cache(tmp_path, monkeypatch):
    kalender.Kalender(cache=tmp_path).libur(dt.date(2026, 8, 17))
    assert (tmp_path / "libur-2026.json").is_file()

    def no_build(year):
        raise AssertionError("holidays rebuilt although cached")

    monkeypatch.setattr(kalender, "_build_year", no_build)
    assert kalender.Kalender(cache=tmp_path).libur(dt.date(2026, 8, 17))


def test_dates_in_indonesian():
    assert kalender.tanggal(dt.date(2026, 11, 22)) == "22 November 2026"
    assert kalender.hari_tanggal("2026-11-23") == "Senin, 23 November 2026"


# --- typed values ------------------------------------------------------------------------

SPEC = {f["nama"]: f for f in ISIAN_PEMOHON}


@pytest.mark.parametrize("text", ["17-08-1990", "1990-08-17", "17/08/1990", "17.8.1990", dt.date(1990, 8, 17)])
def test_date_formats(text):
    assert isian.baca(SPEC["tanggal_lahir"], text) == "1990-08-17"


@pytest.mark.parametrize("text", ["31-02-1990", "1990/17/08", "kemarin", "17-08-90"])
def test_bad_dates_are_refused(text):
    with pytest.raises(isian.IsianSalah) as caught:
        isian.baca(SPEC["tanggal_lahir"], text)
    assert caught.value.label == "Tanggal lahir"


def test_choices_by_name_any_case_or_number():
    assert isian.baca(SPEC["agama"], "islam") == "Islam"
    assert isian.baca(SPEC["agama"], "2") == "Kristen"
    with pytest.raises(isian.IsianSalah) as caught:
        isian.baca(SPEC["agama"], "Jedi")
    assert "tidak ada dalam pilihan" in str(caught.value)


@pytest.mark.parametrize(
    "jenis,text,value",
    [
        ("angka", "12", 12),
        ("rupiah", "Rp 1.500.000", 1500000),
        ("rupiah", "750000", 750000),
        ("rupiah", "10.000,-", 10000),
        ("waktu", "8.30", "08.30"),
        ("waktu", "19:00", "19.00"),
        ("waktu", 510, "08.30"),
    ],
)
def test_numbers_money_and_times(jenis, text, value):
    assert isian.baca({"nama": "x", "label": "X", "jenis": jenis}, text) == value


@pytest.mark.parametrize(
    "jenis,text", [("angka", "dua belas"), ("angka", "-3"), ("rupiah", "1,5 juta"), ("waktu", "25.00"), ("teks", "  ")]
)
def test_bad_numbers_money_and_times(jenis, text):
    with pytest.raises(isian.IsianSalah):
        isian.baca({"nama": "x", "label": "X", "jenis": jenis}, text)


def test_list_rows_are_checked_by_their_columns():
    spec = {
        "nama": "ahli_waris",
        "label": "Ahli waris",
        "jenis": "daftar",
        "kolom": [
            {"nama": "nama", "label": "Nama", "jenis": "teks", "wajib": True},
            {"nama": "nik", "label": "NIK", "jenis": "nik", "wajib": True},
        ],
    }
    rows = isian.baca(spec, [{"nama": "Budi", "nik": "3505010101900001"}])
    assert rows == [{"nama": "Budi", "nik": "3505010101900001"}]
    with pytest.raises(isian.IsianSalah) as caught:
        isian.baca(spec, [{"nama": "Budi", "nik": "123"}])
    assert "baris ke-1, NIK" in str(caught.value)
    with pytest.raises(isian.IsianSalah):
        isian.baca(spec, "Budi")


@pytest.mark.parametrize(
    "text",
    [
        "٣٥٠٥٠١٤٧٠٨٩٠٠٠٠١",  # Arabic-Indic
        "３５０５０１４７０８９０００１",  # fullwidth
        "३५०५०१४७०८९०००१",  # Devanagari
        "350501470890000" + "\u0661",  # one Arabic-Indic digit at the end
    ],
)
def test_a_nik_has_ascii_digits_only(text):
    with pytest.raises(nik.NikSalah, match="angka 0-9") as caught:
        nik.urai(text)
    assert "bukan angka biasa" in str(caught.value)


def test_a_superscript_digit_is_named_not_counted():
    with pytest.raises(nik.NikSalah) as caught:
        nik.urai("350501470890000²")
    assert "'²' bukan angka biasa" in str(caught.value) and "karakter" not in str(caught.value)


@pytest.mark.parametrize("yy", range(100))
def test_29_february_needs_a_leap_year_in_either_century(yy):
    text = f"35050129 02{yy:02d}0001".replace(" ", "")
    if yy % 4 == 0:
        assert (nik.urai(text).hari, nik.urai(text).bulan) == (29, 2)
    else:
        with pytest.raises(nik.NikSalah, match="tidak ada pada tahun"):
            nik.urai(text)


@pytest.mark.parametrize("field", ["nik_ayah", "nik_almarhum", "nik_pewaris"])
def test_every_nik_field_refuses_an_impossible_29_february(field):
    spec = {"nama": field, "label": field, "jenis": "nik"}
    with pytest.raises(isian.IsianSalah, match="tidak ada pada tahun 1901 maupun 2001"):
        isian.baca(spec, "3505012902010001")
    assert isian.baca(spec, "3505016902040001") == "3505016902040001"
