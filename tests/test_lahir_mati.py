"""The death and birth letters put the person they are about in the data block, and facts that
cannot be true are refused at `desa ajukan` (fakta.py, declared in the catalogue)."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from conftest import pakai_kantor
from hypothesis import given, settings
from hypothesis import strategies as st
from test_semua_surat import contoh

from desa_cli import fakta, katalog
from desa_cli.isian import semua

HARI_INI = dt.date(2026, 11, 20)  # conftest's office clock


def layanan(kode: str):
    return katalog.load([katalog.bundled_folder()]).layanan[kode]


def ajukan(run, monkeypatch, kantor, tmp_path, kode: str, **ubah):
    pakai_kantor(monkeypatch, kantor)
    path = tmp_path / "data.yaml"
    path.write_text(yaml.safe_dump({**contoh(kode), **ubah}, allow_unicode=True), encoding="utf-8")
    return run("ajukan", kode, "--data", str(path), "--ada", "semua")


# --- the rules, directly ------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)  # no timing: a loaded CI machine is not a failure
@given(hari=st.integers(min_value=1, max_value=3000))
def test_a_death_after_today_is_refused_and_up_to_today_is_not(hari):
    fields = semua(layanan("keterangan-kematian"))
    values = {**contoh("keterangan-kematian"), "tanggal_kematian": (HARI_INI + dt.timedelta(days=hari)).isoformat()}
    with pytest.raises(fakta.FaktaMustahil, match="Tanggal meninggal .* sesudah hari ini"):
        fakta.periksa(fields, values, HARI_INI)
    values["tanggal_kematian"] = (HARI_INI - dt.timedelta(days=hari % 365)).isoformat()
    fakta.periksa(fields, values, HARI_INI)


@settings(max_examples=60, deadline=None)
@given(lahir=st.dates(min_value=dt.date(1900, 1, 1), max_value=HARI_INI))
def test_a_death_before_the_birth_of_the_deceased_is_refused(lahir):
    fields = semua(layanan("keterangan-kematian"))
    values = {**contoh("keterangan-kematian"), "tanggal_lahir_almarhum": lahir.isoformat()}
    death = dt.date.fromisoformat(str(values["tanggal_kematian"]))
    if lahir > death:
        with pytest.raises(fakta.FaktaMustahil, match="Tanggal meninggal .* lebih awal dari Tanggal lahir almarhum"):
            fakta.periksa(fields, values, HARI_INI)
    else:
        fakta.periksa(fields, values, HARI_INI)


def test_the_deceased_is_not_the_reporter_nor_an_heir():
    fields = semua(layanan("keterangan-kematian"))
    values = {**contoh("keterangan-kematian")}
    values["nik_almarhum"] = values["nik"]
    with pytest.raises(fakta.FaktaMustahil, match="NIK almarhum/almarhumah sama dengan NIK"):
        fakta.periksa(fields, values, HARI_INI)
    fields = semua(layanan("keterangan-ahli-waris"))
    values = {**contoh("keterangan-ahli-waris")}
    values["nik_pewaris"] = values["ahli_waris"][1]["nik"]
    with pytest.raises(fakta.FaktaMustahil, match=r"NIK pewaris sama dengan Daftar ahli waris \(baris ke-2\)"):
        fakta.periksa(fields, values, HARI_INI)


def test_a_child_is_not_born_before_a_parent():
    fields = semua(layanan("pengantar-nikah"))
    values = {**contoh("pengantar-nikah"), "tanggal_lahir_ibu": "2003-01-01"}  # the bride was born in 2001
    with pytest.raises(fakta.FaktaMustahil, match="Tanggal lahir ibu .* tidak lebih awal dari Tanggal lahir"):
        fakta.periksa(fields, values, HARI_INI)
    fields = semua(layanan("keterangan-kelahiran"))
    values = {**contoh("keterangan-kelahiran"), "tanggal_lahir": "2026-11-16"}  # the reporter, a day younger
    with pytest.raises(fakta.FaktaMustahil, match="Tanggal kelahiran .* lebih awal dari Tanggal lahir"):
        fakta.periksa(fields, values, HARI_INI)


def test_a_rule_naming_an_unknown_field_is_a_catalogue_fault(tmp_path):
    text = (katalog.bundled_folder() / "keterangan-kematian.yaml").read_text(encoding="utf-8")
    (tmp_path / "keterangan-kematian.yaml").write_text(
        text.replace("sesudah: [tanggal_lahir_almarhum]", "sesudah: [tanggal_lahir_almarhumah]"), encoding="utf-8"
    )
    loaded = katalog.load([tmp_path])
    assert "keterangan-kematian" not in loaded.layanan  # refused, not taken with the rule switched off
    assert any("'tanggal_lahir_almarhumah' tidak ada di layanan ini" in f.reason for f in loaded.faults)


# --- at the counter ----------------------------------------------------------------------------


def test_ajukan_refuses_an_impossible_fact_in_one_line_and_records_nothing(run, monkeypatch, kantor, tmp_path):
    result = ajukan(run, monkeypatch, kantor, tmp_path, "keterangan-kelahiran", tanggal_kelahiran="2026-12-01")
    assert result.exit_code == 1
    assert "Tanggal kelahiran (1 Desember 2026) sesudah hari ini (20 November 2026)" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert run("daftar", "--json").stdout.strip() in ("[]", "")


def test_the_death_letter_is_about_the_deceased_and_prints_the_cause(run, monkeypatch, kantor, tmp_path):
    from docx import Document

    assert ajukan(run, monkeypatch, kantor, tmp_path, "keterangan-kematian").exit_code == 0
    assert run("cetak", "2026-00001").exit_code == 0
    path = next((kantor / "arsip").rglob("*.docx"))
    cells = [c.text for t in Document(str(path)).tables for row in t.rows for c in row.cells]
    text = "\n".join(cells)
    # The deceased stands first, then the death with its cause, then the reporter.
    assert text.index("Karto Wiyono") < text.index("Sakit biasa/tua") < text.index("Budi Santoso")
    assert "Blitar, 5 Mei 1940 (86 tahun)" in text and "Laki-laki" in text


def test_the_birth_letter_prints_the_child_then_both_parents_nik(run, monkeypatch, kantor, tmp_path):
    from docx import Document

    assert ajukan(run, monkeypatch, kantor, tmp_path, "keterangan-kelahiran").exit_code == 0
    assert run("cetak", "2026-00001").exit_code == 0
    path = next((kantor / "arsip").rglob("*.docx"))
    text = "\n".join(c.text for t in Document(str(path)).tables for row in t.rows for c in row.cells)
    assert text.index("Ahmad Fauzan") < text.index("3505064708900001") < text.index("Ayah kandung")
    assert "3200 gram / 49 cm" in text and "Minggu, 15 November 2026" in text and "Laki-laki" in text
