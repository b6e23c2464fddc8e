"""The satisfaction survey: the index and grade as PermenPAN-RB 14/2017 computes them."""

import json
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desa_cli import survei

KEYS = survei.KUNCI_UNSUR


def respondents(*answer_sets):
    return [{"jawaban": dict(zip(KEYS, answers, strict=False))} for answers in answer_sets]


def test_worked_example_from_the_domain_notes():
    # 4 respondents; every element answered 4,3,3,4 -> NRR 3.5 each -> IKM 3.5 -> 87.5, B (Baik).
    result = survei.hitung(respondents(*([a] * 9 for a in (4, 3, 3, 4))))
    assert [u["nrr"] for u in result["unsur"]] == [3.5] * 9
    assert (result["ikm"], result["ikm_konversi"], result["mutu"], result["kinerja"]) == (3.5, 87.5, "B", "Baik")
    assert result["responden"] == 4


def test_all_fours_reach_100_and_all_threes_are_75():
    best = survei.hitung(respondents([4] * 9, [4] * 9))
    assert (best["ikm_konversi"], best["mutu"], best["kinerja"]) == (100.0, "A", "Sangat Baik")
    threes = survei.hitung(respondents([3] * 9))
    assert (threes["ikm_konversi"], threes["mutu"], threes["kinerja"]) == (75.0, "C", "Kurang Baik")
    worst = survei.hitung(respondents([1] * 9))
    assert (worst["ikm_konversi"], worst["mutu"]) == (25.0, "D")


@pytest.mark.parametrize(
    "value,grade",
    [("88.31", "A"), ("88.30", "B"), ("76.61", "B"), ("76.60", "C"), ("65.00", "C"), ("64.99", "D"), ("88.305", "A")],
)
def test_grade_boundaries(value, grade):
    assert survei.mutu(Decimal(value))[0] == grade


def test_elements_are_weighed_equally_and_by_key_not_position():
    answers = dict.fromkeys(KEYS, 4)
    answers["biaya"] = 1
    result = survei.hitung([{"jawaban": answers}])
    by_key = {u["unsur"]: u["nrr"] for u in result["unsur"]}
    assert by_key["biaya"] == 1.0 and by_key["sarana"] == 4.0
    assert result["ikm_konversi"] == round((8 * 4 + 1) / 9 * 25, 2)


@given(st.lists(st.lists(st.integers(1, 4), min_size=9, max_size=9), min_size=1, max_size=30))
def test_index_is_the_mean_of_the_element_means(answer_sets):
    result = survei.hitung(respondents(*answer_sets))
    expected = sum(sum(col) / len(answer_sets) for col in zip(*answer_sets, strict=False)) / 9
    assert abs(result["ikm"] - expected) < 0.0006
    assert 25 <= result["ikm_konversi"] <= 100


def test_answers_are_checked():
    with pytest.raises(survei.SurveiSalah, match="Tidak ada unsur yang dijawab"):
        survei.periksa_jawaban({"persyaratan": ""})
    with pytest.raises(survei.SurveiSalah, match="1, 2, 3 atau 4"):
        survei.periksa_jawaban({**dict.fromkeys(KEYS, "4"), "waktu": "5"})
    with pytest.raises(survei.SurveiSalah, match="Belum ada responden"):
        survei.hitung([])


def test_survei_commands(run, kantor, monkeypatch):
    monkeypatch.setenv("DESA_KANTOR", str(kantor))
    monkeypatch.setenv("DESA_WAKTU", "2026-11-23T10:00:00")
    for answer in (4, 3, 3, 4):
        flags = [part for key in KEYS for part in (f"--{key}", str(answer))]
        result = run("survei", "isi", "--layanan", "sktm", *flags, "--usia", "30-39", "--jenis-kelamin", "P")
        assert result.exit_code == 0, result.output
    bad = run("survei", "isi", "--layanan", "sktm")
    assert bad.exit_code == 1 and "Tidak ada unsur yang dijawab" in bad.stderr
    data = json.loads(run("survei", "hasil", "--json").stdout)
    assert (data["responden"], data["ikm_konversi"], data["mutu"]) == (4, 87.5, "B")
    shown = run("survei", "hasil", "--bulan", "2026-11")
    assert "Mutu pelayanan: B (Baik)" in shown.output and "87.50" in shown.output and "Persyaratan" in shown.output
    assert json.loads(run("survei", "hasil", "--layanan", "sktm", "--json").stdout)["responden"] == 4
    none = run("survei", "hasil", "--bulan", "2026-10")
    assert none.exit_code == 1 and "Belum ada responden" in none.stderr
    assert run("periksa").exit_code == 0


def test_survei_isi_asks_each_element_at_a_terminal(run, kantor, monkeypatch):
    import desa_cli.perintah._bersama as bersama

    monkeypatch.setenv("DESA_KANTOR", str(kantor))
    monkeypatch.setattr(bersama, "interaktif", lambda: True)
    answers = ["4", "5", "3", "4", "4", "4", "3", "4", "2", "4"]  # the 5 is refused and asked again
    answers += ["", "", "", ""]  # the profile (age group, sex, education, occupation) skipped
    result = run("survei", "isi", "--layanan", "domisili", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "Sangat sesuai" in result.output and "harus 1, 2, 3 atau 4" in result.output
    data = json.loads(run("survei", "hasil", "--json").stdout)
    assert {u["unsur"]: u["nrr"] for u in data["unsur"]}["waktu"] == 4.0
    assert {u["unsur"]: u["nrr"] for u in data["unsur"]}["pengaduan"] == 2.0
