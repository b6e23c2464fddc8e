"""Partly filled survey forms, the exact weight 1/9 beside the rounded 0.111, and no footnote (issue 11)."""

import json
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from docx import Document

from desa_cli import survei

KEYS = survei.KUNCI_UNSUR
# The issue's case: 10 respondents, element sums 37,36,38,36,34,32,35,34,36.
SUMS = (37, 36, 38, 36, 34, 32, 35, 34, 36)


def issue_case():
    """10 forms of 3s and 4s whose element sums are SUMS (sum - 30 forms answer 4)."""
    return [{key: 4 if i < total - 30 else 3 for key, total in zip(KEYS, SUMS, strict=True)} for i in range(10)]


@pytest.fixture
def office(kantor, monkeypatch):
    monkeypatch.setenv("DESA_KANTOR", str(kantor))
    monkeypatch.setenv("DESA_WAKTU", "2026-11-23T09:00:00")
    return kantor


def isi(run, answers: dict, *extra):
    flags = [part for key, value in answers.items() for part in (f"--{key}", str(value))]
    return run("survei", "isi", "--layanan", "sktm", *flags, *extra)


def words(path: Path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    parts += [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_the_issue_arithmetic_by_hand():
    # Exact: sum of NRR = 31.8; 31.8 / 9 * 25 = 88.333... -> 88.33, A (from 88.31).
    # Rounded: 31.8 * 0.111 * 25 = 88.245 -> 88.25, B (88.25 < 88.31).
    nrr_sum = sum(Fraction(s, 10) for s in SUMS)
    assert nrr_sum == Fraction(318, 10)
    assert nrr_sum / 9 * 25 == Fraction(2650, 30)
    assert nrr_sum * Fraction("0.111") * 25 == Fraction("88.245")
    assert survei.mutu(Decimal("88.33"))[0] == "A" and survei.mutu(Decimal("88.245"))[0] == "B"


def test_rounded_weight_is_reported_when_the_grade_differs():
    result = survei.hitung([{"jawaban": form} for form in issue_case()])
    assert (result["ikm_konversi"], result["mutu"], result["kinerja"]) == (88.33, "A", "Sangat Baik")
    assert result["cara_lama"] == {"bobot": 0.111, "ikm_konversi": 88.25, "mutu": "B", "kinerja": "Baik"}
    assert survei.catatan_survei(result) == ["Dengan bobot 0.111 (cara lama): 88.25 (B, Baik)."]
    assert "catatan" not in result


def test_rounded_weight_is_not_reported_when_the_grade_is_the_same():
    # All 4s: 100.00 exactly, 99.90 with 0.111; both A.
    result = survei.hitung([{"jawaban": dict.fromkeys(KEYS, 4)}])
    assert (result["ikm_konversi"], result["mutu"], result["cara_lama"]) == (100.0, "A", None)
    assert survei.catatan_survei(result) == []


def test_each_element_divides_by_the_forms_that_answered_it():
    full = dict.fromkeys(KEYS, 4)
    partial = {k: v for k, v in dict.fromkeys(KEYS, 2).items() if k != "waktu"}
    result = survei.hitung([{"jawaban": full}, {"jawaban": partial}])
    by_key = {u["unsur"]: u for u in result["unsur"]}
    assert (by_key["waktu"]["nrr"], by_key["waktu"]["terisi"]) == (4.0, 1)  # 4 / 1, not 4 / 2
    assert (by_key["biaya"]["nrr"], by_key["biaya"]["terisi"]) == (3.0, 2)
    assert result["ikm"] == round((8 * 3 + 4) / 9, 3) and result["unsur_dihitung"] == 9


def test_an_element_nobody_answered_is_left_out_with_weight_one_over_the_others():
    form = {k: 4 for k in KEYS if k != "biaya"}
    form["sarana"] = 2
    result = survei.hitung([{"jawaban": form}, {"jawaban": form}])
    by_key = {u["unsur"]: u for u in result["unsur"]}
    assert (by_key["biaya"]["nrr"], by_key["biaya"]["konversi"], by_key["biaya"]["terisi"]) == (None, None, 0)
    assert result["unsur_dihitung"] == 8
    assert result["ikm"] == 3.75 and result["ikm_konversi"] == 93.75  # (7*4 + 2) / 8, not / 9
    assert survei.catatan_survei(result)[0] == "Unsur tanpa jawaban (tidak dihitung, bobot 1/8): Biaya/tarif."
    assert survei.nilai_unsur(by_key["biaya"]) == ("-", "-")


def test_a_form_without_any_answer_is_refused_and_blanks_are_left_out():
    for empty in ({}, dict.fromkeys(KEYS), dict.fromkeys(KEYS, ""), {"waktu": "  "}):
        with pytest.raises(survei.SurveiSalah, match="Tidak ada unsur yang dijawab"):
            survei.periksa_jawaban(empty)
    assert survei.periksa_jawaban({"waktu": "3", "biaya": "", "sarana": None}) == {"waktu": 3}
    assert list(survei.periksa_jawaban(dict.fromkeys(reversed(KEYS), "4"))) == list(KEYS)


def test_partial_form_through_the_command_and_the_audit(run, office):
    assert isi(run, dict.fromkeys(KEYS, 4)).exit_code == 0
    result = isi(run, {"persyaratan": 2, "waktu": ""}, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["jawaban"] == {"persyaratan": 2}
    data = json.loads(run("survei", "hasil", "--json").stdout)
    by_key = {u["unsur"]: u for u in data["unsur"]}
    assert (by_key["persyaratan"]["nrr"], by_key["waktu"]["nrr"], by_key["waktu"]["terisi"]) == (3.0, 4.0, 1)
    refused = run("survei", "isi", "--layanan", "sktm", "--waktu", "")
    assert refused.exit_code == 1 and "Tidak ada unsur yang dijawab" in refused.stderr
    assert run("periksa").exit_code == 0  # the chain and survei-2026.json agree for full and partial forms


def test_full_form_is_stored_as_before(run, office):
    # The stored row of a full form: same keys, same order as before partial forms were allowed.
    assert isi(run, dict.fromkeys(reversed(KEYS), 3), "--usia", "30-39").exit_code == 0
    book = json.loads((office / "data" / "survei-2026.json").read_text("utf-8"))
    row = book["responden"]["1"]
    assert list(row) == ["no", "waktu", "layanan", "jawaban", "usia"]
    assert json.dumps(row["jawaban"]) == json.dumps(dict.fromkeys(KEYS, 3))


def test_blank_at_the_prompt(run, office, monkeypatch):
    import desa_cli.perintah._bersama as bersama

    monkeypatch.setattr(bersama, "interaktif", lambda: True)
    answers = ["4", "", "7", "3", "", "", "", "", "", ""]  # the 7 is refused and asked again
    answers += ["", "", "", ""]  # the profile skipped
    result = run("survei", "isi", "--layanan", "sktm", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "Enter bila tidak dijawab" in result.output and "harus 1, 2, 3 atau 4" in result.output
    row = json.loads((office / "data" / "survei-2026.json").read_text("utf-8"))["responden"]["1"]
    assert row["jawaban"] == {"persyaratan": 4, "waktu": 3}
    empty = run("survei", "isi", "--layanan", "sktm", input="\n" * 9)
    assert empty.exit_code == 1 and "Tidak ada unsur yang dijawab" in empty.stderr


def test_screen_json_and_report_show_the_old_figure_beside_the_exact_one(run, office, tmp_path):
    for form in issue_case():
        assert isi(run, form).exit_code == 0
    shown = run("survei", "hasil")
    assert "nilai konversi 88.33" in shown.output and "Mutu pelayanan: A (Sangat Baik)" in shown.output
    assert "Dengan bobot 0.111 (cara lama): 88.25 (B, Baik)." in shown.output
    assert "Bobot setiap unsur" not in shown.output
    data = json.loads(run("survei", "hasil", "--json").stdout)
    assert data["cara_lama"]["ikm_konversi"] == 88.25 and data["cara_lama"]["mutu"] == "B"
    out = tmp_path / "skm.docx"
    assert run("survei", "hasil", "--docx", str(out)).exit_code == 0
    text = words(out)
    assert "88,33" in text and "A (Sangat Baik)" in text  # printed: the Indonesian decimal comma
    assert "Dengan bobot 0,111 (cara lama): 88,25 (B, Baik)." in text
    assert "1/9" not in text and "Bobot setiap unsur" not in text
