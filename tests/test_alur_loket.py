"""The clerk's flow at the counter (issue 15): the birth date and sex shown from the NIK, a value
that disagrees with the NIK asked again alone, one yes/no prompt that takes ya/tidak/y/t, and the
survey respondent's profile."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from conftest import SITI, pakai_kantor
from hypothesis import given
from hypothesis import strategies as st

from desa_cli import nik as nik_mod
from desa_cli.perintah import _bersama as bersama

NIK = SITI["nik"]  # 47 08 90: a woman born on 7 August (19)90
KONFIRMASI = "Tanggal lahir menurut NIK: 7 Agustus 1990, perempuan. Benar? [Y/t]"


@pytest.fixture
def loket(kantor, monkeypatch):
    pakai_kantor(monkeypatch, kantor)
    monkeypatch.setattr(bersama, "interaktif", lambda: True)
    return kantor


def jawaban(*lahir: str, nik: str = NIK, kertas=("y", "y", "y")) -> list:
    """The answers of a terminal `ajukan domisili` for SITI; `lahir` is what is typed where the
    birth date and sex come (the confirmation and whatever follows it)."""
    return [
        nik, "Siti Aminah", "Blitar", *lahir, "1", "Kawin", "Petani", "", "Bacem",
        "", "", "", "", "", "",  # RT, RW, dusun, No. KK, education, telephone: empty
        "", "",  # the service's current address and since when: empty
        "Melamar kerja", *kertas,
    ]  # fmt: skip


def ajukan(run, answers: list, *args):
    result = run("ajukan", "domisili", *args, input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output + result.stderr
    return result, json.loads(run("lihat", "2026-00001", "--json").stdout)


def pemohon_siti(record: dict) -> None:
    """Every answer typed is in the record: nothing was lost on the way."""
    expected = {k: v for k, v in SITI.items() if k != "keperluan"}
    assert record["pemohon"] == {**expected, "kewarganegaraan": "WNI"}
    assert record["isian"] == {"keperluan": "Melamar kerja"} and record["status"] == "lengkap"


def test_the_nik_gives_the_birth_date_and_sex_confirmed_not_typed(run, loket):
    result, record = ajukan(run, jawaban("y"))
    assert KONFIRMASI in result.output
    assert "Tanggal lahir:" not in result.output and "Jenis kelamin" not in result.output  # not asked
    pemohon_siti(record)


def test_enter_confirms_too(run, loket):
    _, record = ajukan(run, jawaban(""))
    pemohon_siti(record)


def test_a_typed_date_that_disagrees_asks_only_that_field_again(run, loket):
    # Not right, says the clerk; types 17-8-1990; the NIK is right; the date again; Enter keeps the sex.
    result, record = ajukan(run, jawaban("t", "17-8-1990", "y", "7-8-1990", ""))
    out = result.output
    assert "Tanggal lahir dalam NIK (07-08-..90) tidak sama dengan tanggal lahir pemohon (17-08-1990)." in out
    assert f"NIK {NIK} benar? [Y/t]" in out
    assert out.count("Nama lengkap") == 1 and out.count("Tempat lahir") == 1 and out.count("Agama") == 1
    assert out.count("Tanggal lahir [07-08-1990]") == 2  # typed, then asked again: nothing else
    pemohon_siti(record)


def test_enter_at_the_date_asked_again_takes_the_niks(run, loket):
    _, record = ajukan(run, jawaban("t", "17-8-1990", "", "", ""))
    pemohon_siti(record)


def test_a_sex_that_disagrees_is_asked_again(run, loket):
    result, record = ajukan(run, jawaban("t", "", "L", "ya", "P"))
    assert "NIK ini milik perempuan (hari lahir +40), tidak cocok dengan jenis kelamin L" in result.output
    pemohon_siti(record)


def test_a_wrong_nik_is_asked_again_and_the_rest_is_kept(run, loket):
    # 3505010708900001 reads as a man born 7-8-1990: the clerk corrects the sex, then finds the
    # NIK was mistyped (07 for 47) and types it again; nothing else is asked again.
    wrong = "3505010708900001"
    result, record = ajukan(run, jawaban("t", "", "P", "tidak", NIK, nik=wrong))
    assert f"NIK {wrong} benar?" in result.output and result.output.count("Nama lengkap") == 1
    pemohon_siti(record)


def test_a_flag_that_disagrees_is_asked_again_at_a_terminal(run, loket):
    result, record = ajukan(run, jawaban("y", "y", "7-8-1990"), "--tanggal-lahir", "08-08-1990")
    assert "tidak sama dengan tanggal lahir pemohon (08-08-1990)" in result.output
    assert "Tanggal lahir menurut NIK" not in result.output  # the sex alone is confirmed
    assert "Jenis kelamin menurut NIK: perempuan. Benar? [Y/t]" in result.output
    pemohon_siti(record)


def test_a_future_date_is_asked_again_without_blaming_the_nik(run, loket, monkeypatch):
    result, record = ajukan(run, jawaban("y", "7-8-1990"), "--tanggal-lahir", "07-08-2090")
    assert "Tanggal lahir tidak boleh sesudah hari ini." in result.output and "benar?" not in result.output
    pemohon_siti(record)


def test_without_a_terminal_a_contradiction_is_still_refused(run, kantor, monkeypatch):
    pakai_kantor(monkeypatch, kantor)
    data = {**SITI, "tanggal_lahir": "08-08-1990"}
    args = [p for k, v in data.items() if k != "keperluan" for p in (f"--{k.replace('_', '-')}", v)]
    result = run("ajukan", "domisili", *args, "--isi", "keperluan=Melamar kerja", "--ada", "semua")
    assert result.exit_code == 1 and "tidak sama dengan tanggal lahir" in result.stderr
    assert "Traceback" not in result.stderr


# --- the century --------------------------------------------------------------------------------


@given(st.integers(1, 28), st.integers(1, 12), st.integers(0, 99), st.booleans(), st.dates(dt.date(2000, 1, 1)))
def test_the_century_is_the_latest_date_not_after_today(hari, bulan, yy, perempuan, today):
    nomor = f"350501{hari + 40 * perempuan:02d}{bulan:02d}{yy:02d}0001"
    parsed = nik_mod.urai(nomor)
    born = nik_mod.tanggal_lahir(parsed, today)
    assert (born.day, born.month, born.year % 100) == (hari, bulan, yy)
    assert born <= today and born.year in (1900 + yy, 2000 + yy)
    assert born.year == 2000 + yy or dt.date(2000 + yy, bulan, hari) > today  # the latest one


def test_born_in_1925_is_shown_as_1925_until_the_2025_date_passes():
    parsed = nik_mod.urai("3505010101250001")
    assert nik_mod.tanggal_lahir(parsed, dt.date(2024, 12, 31)).year == 1925
    assert nik_mod.tanggal_lahir(parsed, dt.date(2026, 11, 20)).year == 2025  # the clerk corrects it


# --- yes or no ----------------------------------------------------------------------------------

YA = ["y", "ya", "yes"]
TIDAK = ["t", "tidak", "n", "no"]


def ejaan(words: list):
    """Each word in any mix of upper and lower case, with spaces around."""

    def mix(word):
        return st.tuples(*(st.sampled_from([c.lower(), c.upper()]) for c in word)).map("".join)

    return st.builds(lambda w, a, b: a + w + b, st.sampled_from(words).flatmap(mix), st.sampled_from(["", " "]),
                     st.sampled_from(["", " "]))  # fmt: skip


@given(ejaan(YA), ejaan(TIDAK))
def test_baca_setuju_takes_every_spelling(ya, tidak):
    assert bersama.baca_setuju(ya) is True and bersama.baca_setuju(tidak) is False


@pytest.mark.parametrize("word", ["ok", "yat", "0", "1", "tidakk", "-"])
def test_baca_setuju_refuses_anything_else(word):
    with pytest.raises(Exception, match="jawab ya atau tidak"):
        bersama.baca_setuju(word)


@pytest.mark.parametrize("ya,tidak", [("ya", "tidak"), ("y", "t"), ("Y", "TIDAK"), ("YA", "T"), ("Ya", "Tidak")])
def test_the_papers_and_the_nik_take_ya_and_tidak(run, loket, ya, tidak):
    result, record = ajukan(run, jawaban(ya, kertas=(ya, tidak, "maybe", ya)))
    assert "Kesalahan: jawab ya atau tidak (y/t)" in result.output  # "maybe" asked again
    assert "ada? [y/T]" in result.output and KONFIRMASI in result.output
    assert record["status"] == "belum_lengkap" and record["pemohon"]["tanggal_lahir"] == "1990-08-07"
    handed = [p["kode"] for p in record["persyaratan"] if p["ada"]]
    assert len(handed) == 2


@pytest.mark.parametrize("ya", ["ya", "Y", "YA"])
def test_earlier_data_is_taken_with_ya(run, loket, ya):
    ajukan(run, jawaban("y"))
    answers = [NIK, ya, *[""] * 8, "Bank", "y", "y", "y"]  # RT .. telephone and the two addresses empty
    result = run("ajukan", "domisili", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "Pakai data ini? [Y/t]" in result.output
    assert json.loads(run("lihat", "2026-00002", "--json").stdout)["pemohon"]["nama"] == "Siti Aminah"


@pytest.mark.parametrize("tidak", ["t", "tidak", "TIDAK", "n"])
def test_the_fair_queue_question_takes_tidak(run, loket, tidak):
    ajukan(run, jawaban("y"))
    run("ajukan", "domisili", input="\n".join(jawaban("y")) + "\n")
    result = run("cetak", "2026-00002", input=tidak + "\n")
    assert result.exit_code == 1 and "[y/T]" in result.stderr and "ditunda" in result.stderr


# --- the survey's profile -----------------------------------------------------------------------


def test_survei_isi_asks_the_profile_and_stores_it(run, loket):
    answers = ["4"] * 9 + ["anak", "2", "p", "sma", "  Petani  "]  # "anak" is no age group: asked again
    result = run("survei", "isi", "--layanan", "domisili", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "Kelompok usia [1. <20 / 2. 20-29" in result.output and "Enter bila dilewati" in result.output
    assert "'anak' tidak ada dalam pilihan" in result.output
    row = json.loads((loket / "data" / "survei-2026.json").read_text("utf-8"))["responden"]["1"]
    assert {k: row[k] for k in ("usia", "jenis_kelamin", "pendidikan", "pekerjaan")} == {
        "usia": "20-29", "jenis_kelamin": "P", "pendidikan": "SMA", "pekerjaan": "Petani"}  # fmt: skip


def test_survei_profile_skipped_or_given_by_option(run, loket):
    answers = ["3"] * 9 + ["", "", ""]  # occupation given as an option: not asked; the rest skipped
    result = run("survei", "isi", "--layanan", "domisili", "--pekerjaan", "Guru", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "Pekerjaan [" not in result.output
    row = json.loads((loket / "data" / "survei-2026.json").read_text("utf-8"))["responden"]["1"]
    assert row["pekerjaan"] == "Guru" and not {"usia", "jenis_kelamin", "pendidikan"} & set(row)


def test_every_yes_no_question_goes_through_setuju():
    from pathlib import Path

    import desa_cli

    root = Path(desa_cli.__file__).parent
    found = [str(p.relative_to(root)) for p in root.rglob("*.py") if "click.confirm(" in p.read_text("utf-8")]
    assert found == []


# --- the core, without Click ----------------------------------------------------------------------


def susun_dengan(jawab: dict, setuju_jawab: list | None, raw: dict | None = None):
    """isian.susun over the domisili fields with scripted prompts; (values, fields asked in order)."""
    from desa_cli import isian
    from desa_cli.katalog import bundled_folder, cari, load

    layanan = cari(load([bundled_folder()]), "domisili", "desa")
    fields = isian.semua(layanan)
    asked, answers, questions = [], {k: list(v) for k, v in jawab.items()}, list(setuju_jawab or ())

    def tanya(spec, default):
        asked.append(spec["nama"])
        queue = answers.get(spec["nama"])
        return queue.pop(0) if queue else (default if default is not None else "")

    def setuju(question, default):
        asked.append("?")
        return questions.pop(0)

    base = {"nik": NIK, "nama": "Siti Aminah", "tempat_lahir": "Blitar", "agama": "Islam", "status_perkawinan": "Kawin",
            "pekerjaan": "Petani", "kewarganegaraan": "WNI", "alamat": "Bacem", "keperluan": "Melamar kerja",
            **(raw or {})}  # fmt: skip
    setuju = setuju if setuju_jawab is not None else None
    values, _ = isian.susun(fields, base, lambda nik: None, tanya, None, None, setuju, dt.date(2026, 11, 20))
    return values, [n for n in asked if n in ("?", "nik", "tanggal_lahir", "jenis_kelamin")]


def test_susun_asks_only_the_field_at_fault():
    values, asked = susun_dengan({"tanggal_lahir": ["17-08-1990", "07-08-1990"]}, [False, True])
    # the NIK's date refused; typed 17-08 (wrong); the NIK is right; the date again; the sex (default P)
    assert asked == ["?", "tanggal_lahir", "?", "tanggal_lahir", "jenis_kelamin"]
    assert (values["tanggal_lahir"], values["jenis_kelamin"]) == ("1990-08-07", "P")


def test_susun_takes_the_niks_values_when_agreed():
    values, asked = susun_dengan({}, [True])
    assert asked == ["?"] and (values["tanggal_lahir"], values["jenis_kelamin"]) == ("1990-08-07", "P")


def test_susun_without_setuju_asks_as_before():
    from desa_cli import isian

    values, asked = susun_dengan({"tanggal_lahir": ["08-08-1990"], "jenis_kelamin": ["P"]}, None)
    assert asked == ["tanggal_lahir", "jenis_kelamin"]  # asked, not offered; checked at the end
    with pytest.raises(isian.IsianSalah, match="NIK"):
        isian.periksa_pemohon({k: values[k] for k in ("nik", "tanggal_lahir", "jenis_kelamin")})
