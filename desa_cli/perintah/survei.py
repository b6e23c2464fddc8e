"""The `desa survei` group (under 'Pengawasan'): isi, hasil."""

from __future__ import annotations

import click

from .. import survei
from . import _bersama
from ._bersama import KelompokPerintah, cetak_json, opsi_json, pass_app, periksa_keluaran, tanya, tulis_dokumen
from .jenis import BULAN, JENJANG, KELAMIN, USIA


@click.group("survei", cls=KelompokPerintah)
def survei_cmd():
    """Survei kepuasan masyarakat (PermenPAN-RB 14/2017)."""


def _opsi_unsur(f):
    from ..survei import UNSUR

    for key, label, words in reversed(UNSUR):
        hint = "; ".join(f"{i} {w.lower()}" for i, w in enumerate(words, 1))
        f = click.option(f"--{key}", key, metavar="1-4", help=f"{label}: {hint}.")(f)
    return f


@survei_cmd.command("isi")
@click.option("--layanan", "layanan_kode", required=True, help="Layanan yang diterima responden.")
@_opsi_unsur
@click.option("--usia", type=USIA, help="Kelompok usia.")
@click.option("--jenis-kelamin", type=KELAMIN)
@click.option("--pendidikan", type=JENJANG)
@click.option("--pekerjaan")
@opsi_json
@pass_app
def survei_isi_cmd(app, layanan_kode, usia, jenis_kelamin, pendidikan, pekerjaan, as_json, **jawaban):
    """Catat jawaban satu responden untuk sembilan unsur (1 sampai 4).

    Unsur yang tidak dijawab dibiarkan kosong (opsinya tidak diberikan, atau Enter saja saat ditanya);
    sedikitnya satu unsur harus dijawab."""
    from ..katalog import cari
    from ..survei import UNSUR, periksa_jawaban

    info = app.kantor()
    layanan = cari(app.katalog(), layanan_kode, info.tingkat)
    if _bersama.interaktif():
        # Enter alone leaves an element blank (a partly filled form); the form is refused when all are.
        for key, label, words in UNSUR:
            if jawaban.get(key) is None:
                choices = " / ".join(f"{i}. {w}" for i, w in enumerate(words, 1))
                jawaban[key] = tanya(f"{label} [{choices}; Enter bila tidak dijawab]", wajib=False,
                                     proses=lambda t, k=key: periksa_jawaban({k: t})[k])  # fmt: skip
    clean = periksa_jawaban(jawaban)  # a form with no element answered is refused before the profile
    profil = {"usia": usia, "jenis_kelamin": jenis_kelamin, "pendidikan": pendidikan, "pekerjaan": pekerjaan}
    if _bersama.interaktif():
        _tanya_profil(profil)
    with app.register(info) as reg:
        row = survei.catat(reg, layanan.kode, clean, profil)
    if as_json:
        cetak_json(row)
    else:
        click.echo(f"Terima kasih. Jawaban responden no. {row['no']} ({layanan.nama}) tercatat.")


def _tanya_profil(profil: dict) -> None:
    """The respondent's profile not given by an option, asked one by one; Enter skips each."""
    from ..survei import PROFIL, baca_profil

    for key, label, choices in PROFIL:
        if profil.get(key) is not None:
            continue
        shown = " / ".join(f"{i}. {c}" for i, c in enumerate(choices, 1)) + "; " if choices else ""
        profil[key] = tanya(f"{label} [{shown}Enter bila dilewati]", wajib=False,
                            proses=lambda t, k=key: baca_profil(k, t))  # fmt: skip


@survei_cmd.command("hasil")
@click.option("--bulan", type=BULAN, help="Hanya bulan ini, misalnya 2026-11.")
@click.option("--tahun", type=int, help="Tahun survei (bawaan: tahun ini).")
@click.option("--layanan", "layanan_kode", help="Hanya responden layanan ini.")
@click.option("--docx", "docx_path", metavar="BERKAS", help="Tulis juga laporannya ke berkas .docx.")
@opsi_json
@pass_app
def survei_hasil_cmd(app, bulan, tahun, layanan_kode, docx_path, as_json):
    """Indeks Kepuasan Masyarakat per unsur dan seluruhnya, dengan mutu pelayanan."""

    from ..survei import hitung

    info = app.kantor()
    periksa_keluaran(docx_path, akhiran=(".docx",))
    kode = None
    if layanan_kode:
        from ..katalog import cari

        kode = cari(app.katalog(), layanan_kode, info.tingkat).kode
    from ..saksi import teks_ujung

    with app.register(info) as reg:
        tahun = int(bulan[:4]) if bulan else (tahun or reg.sekarang.year)
        rows = survei.responden(reg, tahun)
        rantai = teks_ujung(reg.ujung(), info.data.get("kode_wilayah"))
    rows = [r for r in rows if (not bulan or r["waktu"].startswith(bulan)) and (kode is None or r["layanan"] == kode)]
    result = hitung(rows)
    result["periode"] = bulan or str(tahun)
    if docx_path:
        from .. import terbitan

        tulis_dokumen(docx_path, terbitan.laporan_survei(info, result, app.sekarang().date(), rantai))
    if as_json:
        cetak_json(result)
        return
    from .. import tampil

    tampil.cetak(tampil.hasil_survei(result, info.nama))
    click.echo(f"Responden: {result['responden']}")
    click.echo(f"IKM: {result['ikm']:.3f} (skala 1-4), nilai konversi {result['ikm_konversi']:.2f}")
    click.echo(f"Mutu pelayanan: {result['mutu']} ({result['kinerja']})")
    for line in survei.catatan_survei(result):
        click.echo(line)
