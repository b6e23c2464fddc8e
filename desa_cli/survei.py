"""The satisfaction survey (Survei Kepuasan Masyarakat, PermenPAN-RB 14/2017).

The regulation's formula (Pedoman Penyusunan Survei Kepuasan Masyarakat, annex, "Pengolahan data"):
- NRR per unsur = jumlah nilai per unsur / jumlah kuesioner yang terisi (the element's average over
  the forms that answered it);
- nilai rata-rata tertimbang = jumlah bobot / jumlah unsur = 1/9 (the annex prints it rounded; offices'
  spreadsheets and reports use 0,111: "NRR tertimbang per unsur = NRR per unsur x 0,111");
- IKM = sum of NRR x nilai rata-rata tertimbang, on the 1-4 scale; converted to 25-100 by x 25;
- mutu: A 88,31-100,00 Sangat Baik; B 76,61-88,30 Baik; C 65,00-76,60 Kurang Baik; D 25,00-64,99
  Tidak Baik.
(As printed e.g. under the SKM data sheets of Kab. Tulang Bawang Barat,
https://e-smile.tubaba.go.id/main/skm/laporan/online: "NRR Per Unsur = Jumlah nilai per unsur dibagi
[jumlah kuesioner yang terisi]", "NRR tertimbang per unsur = NRR per unsur x 0,111", IKM = "Jumlah NRR
Tertimbang x 25", and the same A-D table.) The 2004 guideline with 14 elements (KEP/25/M.PAN/2/2004),
whose weighted-average method the 2017 one keeps, wrote IKM = (total nilai persepsi per unsur / total
unsur yang terisi) x nilai penimbang, with nilai penimbang = jumlah bobot / jumlah unsur.

Partly filled forms: each element's NRR divides by the forms that answered THAT element, as the
regulation's "kuesioner yang terisi" says. An element no form answered has no NRR; it is left out and
the weight is 1 / (number of elements answered at least once), the regulation's "jumlah bobot / jumlah
unsur" over the elements actually measured ("unsur yang terisi" above), so the weights still sum to 1
and the index stays on the 1-4 scale (counting it as 0 would push the index below 25, the scale's
floor; refusing would block a whole period's report over one question). The report names such an
element. A form with no element answered is refused.

The weight is exactly 1/(number of elements), not the rounded 0,111: with 0,111 all answers 4 give
99,90, and the index is lowered near a grade boundary. When the rounded weight gives another grade,
`hitung` reports that figure too (`cara_lama`), so an office can compare with earlier reports.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from .kesalahan import DesaError

# Stored by these keys, never by position, so a form printed in another order cannot mix them up.
UNSUR = (
    ("persyaratan", "Persyaratan", ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai")),
    ("prosedur", "Sistem, mekanisme dan prosedur", ("Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah")),
    ("waktu", "Waktu penyelesaian", ("Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat")),
    ("biaya", "Biaya/tarif", ("Sangat mahal", "Cukup mahal", "Murah", "Gratis")),
    ("produk", "Produk spesifikasi jenis pelayanan", ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai")),
    ("kompetensi", "Kompetensi pelaksana", ("Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten")),
    (
        "perilaku",
        "Perilaku pelaksana",
        ("Tidak sopan dan ramah", "Kurang sopan dan ramah", "Sopan dan ramah", "Sangat sopan dan ramah"),
    ),
    (
        "pengaduan",
        "Penanganan pengaduan, saran dan masukan",
        ("Tidak ada", "Ada tetapi tidak berfungsi", "Berfungsi kurang maksimal", "Dikelola dengan baik"),
    ),
    ("sarana", "Sarana dan prasarana", ("Buruk", "Cukup", "Baik", "Sangat baik")),
)
KUNCI_UNSUR = tuple(key for key, _, _ in UNSUR)
# (lowest converted value, grade, label) on the 25-100 scale.
MUTU = ((Decimal("88.31"), "A", "Sangat Baik"), (Decimal("76.61"), "B", "Baik"), (Decimal("65.00"), "C", "Kurang Baik"))
KELOMPOK_USIA = ("<20", "20-29", "30-39", "40-49", "50-59", ">=60")
PENDIDIKAN = ("SD", "SMP", "SMA", "D1-D3", "D4/S1", "S2/S3", "Lainnya")
JENIS_KELAMIN = ("L", "P")
# The respondent's profile the regulation's questionnaire asks (PermenPAN-RB 14/2017, annex, the
# "Profil" block: jenis kelamin, usia, pendidikan, pekerjaan): (key, label, choices; None for free
# text). Every one may be left blank: the index does not use them.
PROFIL = (
    ("usia", "Kelompok usia", KELOMPOK_USIA),
    ("jenis_kelamin", "Jenis kelamin", JENIS_KELAMIN),
    ("pendidikan", "Pendidikan", PENDIDIKAN),
    ("pekerjaan", "Pekerjaan", None),
)


class SurveiSalah(DesaError):
    pass


def kosong(value) -> bool:
    """An element left blank: not given, or given empty (an option `--waktu ""`, Enter at the prompt)."""
    return value is None or not str(value).strip()


def periksa_jawaban(jawaban: dict) -> dict:
    """The answered elements, each a whole number from 1 to 4, keys in UNSUR order; blank ones are left
    out (a full form gives all nine keys, stored as before). At least one element must be answered."""
    unknown = sorted(set(jawaban) - set(KUNCI_UNSUR))
    if unknown:
        raise SurveiSalah(f"Unsur tidak dikenal: {', '.join(unknown)}.")
    if all(kosong(jawaban.get(key)) for key in KUNCI_UNSUR):
        raise SurveiSalah("Tidak ada unsur yang dijawab: isi sedikitnya satu unsur dengan 1 sampai 4.")
    clean = {}
    for key in KUNCI_UNSUR:
        if kosong(jawaban.get(key)):
            continue
        text = str(jawaban[key]).strip()
        if text not in ("1", "2", "3", "4"):
            raise SurveiSalah(f"Jawaban unsur {key} harus 1, 2, 3 atau 4, bukan '{text}'.")
        clean[key] = int(text)
    return clean


def baca_profil(key: str, value) -> str | None:
    """One answer of the profile as stored: a choice by its text (any case) or its number, or the
    occupation as one line of text; None when left blank. A wrong answer is a SurveiSalah."""
    from .isian import PANJANG_NAMA, IsianSalah, teks_aman

    if kosong(value):
        return None
    _, label, choices = next(p for p in PROFIL if p[0] == key)
    text = str(value).strip()
    if choices is None:
        try:
            return teks_aman(text, label, PANJANG_NAMA)
        except IsianSalah as exc:
            raise SurveiSalah(str(exc)) from None
    for choice in choices:
        if text.lower() == choice.lower():
            return choice
    if text.isdigit() and 1 <= int(text) <= len(choices):
        return choices[int(text) - 1]
    raise SurveiSalah(f"{label}: '{text}' tidak ada dalam pilihan: {', '.join(choices)}.")


def mutu(nilai_konversi: Decimal) -> tuple:
    """(grade, label) of a converted index (25-100), compared at two decimals as the table is printed."""
    value = nilai_konversi.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    for lowest, grade, label in MUTU:
        if value >= lowest:
            return grade, label
    return "D", "Tidak Baik"


def _dec(value: Fraction, places: str = "0.001") -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal(places), rounding=ROUND_HALF_UP)


def bobot_lama(jumlah_unsur: int) -> Decimal:
    """The weight as many offices' spreadsheets round it: 1/9 -> 0.111 (three decimals)."""
    return (Decimal(1) / Decimal(jumlah_unsur)).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)


def hitung(responden: list) -> dict:
    """The index of a set of responses, per element and overall, exactly (fractions), rounded only to show.

    Per element: NRR = sum of its answers / the forms that answered it (`terisi`); an element nobody
    answered has `nrr` None and is left out of the index (weight 1/answered elements; see the module)."""
    count = len(responden)
    if count == 0:
        raise SurveiSalah("Belum ada responden pada periode ini.")
    per_unsur = []
    nrrs = []
    for key, label, _ in UNSUR:
        values = [r["jawaban"][key] for r in responden if r["jawaban"].get(key) is not None]
        row = {"unsur": key, "label": label, "terisi": len(values), "nrr": None, "konversi": None}
        if values:
            nrr = Fraction(sum(values), len(values))
            nrrs.append(nrr)
            row.update(nrr=float(_dec(nrr)), konversi=float(_dec(nrr * 25, "0.01")))
        per_unsur.append(row)
    total = sum(nrrs, Fraction(0)) / len(nrrs)  # each NRR x exactly 1/(elements answered)
    grade, label = mutu(Decimal(total.numerator * 25) / Decimal(total.denominator))
    # The same figures with the weight rounded to 0.111, as many offices compute it.
    weight = bobot_lama(len(nrrs))
    old = sum(nrrs, Fraction(0)) * Fraction(weight) * 25
    old_grade, old_label = mutu(Decimal(old.numerator) / Decimal(old.denominator))
    return {
        "responden": count,
        "unsur": per_unsur,
        "unsur_dihitung": len(nrrs),
        "ikm": float(_dec(total)),
        "ikm_konversi": float(_dec(total * 25, "0.01")),
        "mutu": grade,
        "kinerja": label,
        # Only when the rounded weight gives another grade: what last year's reports would have shown.
        "cara_lama": None
        if old_grade == grade
        else {
            "bobot": float(weight),
            "ikm_konversi": float(_dec(old, "0.01")),
            "mutu": old_grade,
            "kinerja": old_label,
        },
    }


def nilai_unsur(row: dict) -> tuple:
    """(NRR, converted) of one element as printed; "-" for an element no form answered."""
    if row["nrr"] is None:
        return "-", "-"
    return f"{row['nrr']:.3f}", f"{row['konversi']:.2f}"


def _titik(value: float, digits: int) -> str:
    return f"{value:.{digits}f}"


def catatan_survei(result: dict, angka=_titik) -> list:
    """The lines under the survey's totals, on screen and in the printed report: elements nobody
    answered (left out of the index), and the figure with the rounded weight 0.111 when its grade
    differs, so an office can compare with earlier reports. `angka(value, digits)` writes a number
    (the printed report: the Indonesian way, 0,111)."""
    lines = []
    blank = [row["label"] for row in result["unsur"] if row["nrr"] is None]
    if blank:
        lines.append(f"Unsur tanpa jawaban (tidak dihitung, bobot 1/{result['unsur_dihitung']}): {', '.join(blank)}.")
    old = result.get("cara_lama")
    if old:
        lines.append(
            f"Dengan bobot {angka(old['bobot'], 3)} (cara lama): {angka(old['ikm_konversi'], 2)} "
            f"({old['mutu']}, {old['kinerja']})."
        )
    return lines


def catat(reg, layanan: str, jawaban: dict, profil: dict) -> dict:
    """Store one respondent's answers in `survei-<tahun>.json` and as an event of the chain; anonymous:
    no name, no NIK. `reg` is the Register whose transaction this is written in."""
    from .isian import PANJANG_NAMA, teks_aman

    if profil.get("pekerjaan"):
        profil = {**profil, "pekerjaan": teks_aman(profil["pekerjaan"], "Pekerjaan", PANJANG_NAMA)}
    tahun = reg.sekarang.year
    book = reg.tx.read(f"survei-{tahun}")
    rows = book.setdefault("responden", {})
    row = {
        "no": len(rows) + 1,
        "waktu": reg.sekarang.isoformat(timespec="seconds"),
        "layanan": layanan,
        "jawaban": jawaban,
        **{k: v for k, v in profil.items() if v},
    }
    rows[str(row["no"])] = row
    reg.tx.write(f"survei-{tahun}", book)
    reg.catat_peristiwa("survei", f"SKM-{tahun}-{row['no']:05d}", row)
    return row


def responden(reg, tahun: int) -> list:
    """The stored responses of a year, in the order they came."""
    rows = reg.tx.read(f"survei-{tahun}").get("responden", {})
    return [rows[k] for k in sorted(rows, key=int)]
