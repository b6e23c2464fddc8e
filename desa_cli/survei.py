"""The satisfaction survey (Survei Kepuasan Masyarakat, PermenPAN-RB 14/2017).

Nine elements, each answered 1 to 4. Per element the average over respondents (NRR); the index
IKM = sum of NRR x 1/9 on the 1-4 scale, converted to 25-100 by x 25. The regulation prints the
weight rounded (0.111), which would cap the index below 100; we use the exact 1/9.
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


class SurveiSalah(DesaError):
    pass


def periksa_jawaban(jawaban: dict) -> dict:
    """Every element answered with a whole number from 1 to 4; keys as in UNSUR."""
    missing = [key for key in KUNCI_UNSUR if jawaban.get(key) in (None, "")]
    if missing:
        raise SurveiSalah(f"Jawaban belum lengkap: {', '.join(missing)} (setiap unsur dijawab 1 sampai 4).")
    unknown = sorted(set(jawaban) - set(KUNCI_UNSUR))
    if unknown:
        raise SurveiSalah(f"Unsur tidak dikenal: {', '.join(unknown)}.")
    clean = {}
    for key in KUNCI_UNSUR:
        text = str(jawaban[key]).strip()
        if text not in ("1", "2", "3", "4"):
            raise SurveiSalah(f"Jawaban unsur {key} harus 1, 2, 3 atau 4, bukan '{text}'.")
        clean[key] = int(text)
    return clean


def mutu(nilai_konversi: Decimal) -> tuple:
    """(grade, label) of a converted index (25-100), compared at two decimals as the table is printed."""
    value = nilai_konversi.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    for lowest, grade, label in MUTU:
        if value >= lowest:
            return grade, label
    return "D", "Tidak Baik"


def _dec(value: Fraction, places: str = "0.001") -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal(places), rounding=ROUND_HALF_UP)


def hitung(responden: list) -> dict:
    """The index of a set of responses, per element and overall, exactly (fractions), rounded only to show."""
    count = len(responden)
    if count == 0:
        raise SurveiSalah("Belum ada responden pada periode ini.")
    per_unsur = []
    total = Fraction(0)
    for key, label, _ in UNSUR:
        nrr = Fraction(sum(r["jawaban"][key] for r in responden), count)
        total += nrr * Fraction(1, 9)
        per_unsur.append(
            {"unsur": key, "label": label, "nrr": float(_dec(nrr)), "konversi": float(_dec(nrr * 25, "0.01"))}
        )
    konversi = _dec(total * 25, "0.01")
    grade, label = mutu(Decimal(total.numerator * 25) / Decimal(total.denominator))
    return {
        "responden": count,
        "unsur": per_unsur,
        "ikm": float(_dec(total)),
        "ikm_konversi": float(konversi),
        "mutu": grade,
        "kinerja": label,
        "catatan": "Bobot setiap unsur tepat 1/9 (bukan 0,111 yang dibulatkan), sehingga nilai 100 dapat dicapai.",
    }


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
