"""Commands under 'Untuk dipajang dan dilaporkan': standar, maklumat, laporan, gabung."""

from __future__ import annotations

import click

from ._bersama import cetak_json, opsi_json, pass_app, periksa_keluaran, tulis_dokumen
from .jenis import BULAN


@click.command("standar")
@click.argument("kode", nargs=-1)
@click.option("--semua", is_flag=True, help="Semua layanan kantor ini dalam satu dokumen.")
@click.option("--docx", "docx_path", required=True, metavar="BERKAS", help="Berkas .docx yang ditulis.")
@pass_app
def standar_cmd(app, kode, semua, docx_path):
    """Standar pelayanan untuk dipajang: persyaratan, prosedur, waktu, biaya, produk, pengaduan."""
    from .. import terbitan
    from ..katalog import cari

    kode = " ".join(kode)
    if bool(kode) == bool(semua):
        raise click.UsageError("Sebutkan satu KODE layanan, atau --semua.")
    periksa_keluaran(docx_path, akhiran=(".docx",))
    info = app.kantor()
    katalog_aktif = app.katalog()
    if semua:
        village = info.tingkat != "kecamatan"
        daftar = [s for s in katalog_aktif.semua() if (s.tingkat != "kecamatan") == village]
    else:
        daftar = [cari(katalog_aktif, kode, info.tingkat)]
    from ..meja import nomor_mentah
    from ..saksi import rantai_kantor

    rantai = rantai_kantor(nomor_mentah(info), info.data.get("kode_wilayah"))
    tulis_dokumen(docx_path, terbitan.standar(info, daftar, app.sekarang().date(), rantai))


@click.command("maklumat")
@click.option("--docx", "docx_path", required=True, metavar="BERKAS", help="Berkas .docx yang ditulis.")
@pass_app
def maklumat_cmd(app, docx_path):
    """Maklumat pelayanan, ditandatangani kepala kantor (teks dari kantor.yaml: maklumat)."""
    from .. import terbitan

    periksa_keluaran(docx_path, akhiran=(".docx",))
    info = app.kantor()
    teks = info.data.get("maklumat") or terbitan.MAKLUMAT
    tulis_dokumen(docx_path, terbitan.maklumat(info, teks, app.sekarang().date()))


def _keluaran_laporan(rows, judul, as_json, csv_path, xlsx_path, per_kantor=False, kepala=(), rows_json=None):
    """The report's table on screen, and whichever files were asked for; `kepala`: the office, the
    period in words and the paper, for the spreadsheet's heading and page; `rows_json`: what --json
    shows when it holds more than the files."""
    from .. import keluaran
    from .. import laporan as lap

    if csv_path:
        keluaran.tulis(csv_path, lap.ke_csv(rows))
    if xlsx_path:
        keluaran.tulis(xlsx_path, lap.ke_xlsx(rows, judul, *kepala))
    if as_json:
        cetak_json(rows if rows_json is None else rows_json)
        return
    from .. import tampil

    tampil.cetak(tampil.laporan(rows, judul, per_kantor))
    for path in (csv_path, xlsx_path):
        if path:
            click.echo(f"Ditulis: {path}")


def _periode(bulan, tahun, sekarang):
    if bulan and tahun:
        raise click.UsageError("Pilih --bulan atau --tahun, tidak keduanya.")
    if not bulan and not tahun:
        bulan = f"{sekarang.year}-{sekarang.month:02d}"
    return bulan, tahun


@click.command("laporan")
@click.option(
    "--bulan", type=BULAN, help="Permohonan yang diterima pada bulan ini (bawaan: bulan ini), misalnya 2026-11."
)
@click.option("--tahun", type=int, help="Permohonan yang diterima pada tahun ini.")
@click.option("--csv", "csv_path", metavar="BERKAS", help="Tulis juga ke CSV.")
@click.option("--xlsx", "xlsx_path", metavar="BERKAS", help="Tulis juga ke lembar kerja Excel.")
@click.option("--grafik", "grafik_path", metavar="BERKAS.png", help="Gambar permohonan per minggu dan % tepat waktu.")
@opsi_json
@pass_app
def laporan_cmd(app, bulan, tahun, csv_path, xlsx_path, grafik_path, as_json):
    """Laporan pelayanan: diterima, selesai, tepat waktu, lama, ditolak, batal, terbuka, terlambat."""
    from .. import laporan as lap

    info = app.kantor()
    bulan, tahun = _periode(bulan, tahun, app.sekarang())
    periksa_keluaran(csv_path, xlsx_path)
    periksa_keluaran(grafik_path, akhiran=lap.FORMAT_GRAFIK)
    from ..saksi import teks_ujung

    with app.register(info) as reg:
        months = [bulan] if bulan else [f"{tahun}-{m:02d}" for m in range(1, 13)]
        records = [r for month in months for r in reg.daftar(month)]
        today = reg.sekarang.date()
        rantai = teks_ujung(reg.ujung(), info.data.get("kode_wilayah"))
    rows = [lap.dari_permohonan(r, info.nama) for r in records]
    periode = bulan or str(tahun)
    judul = f"Laporan pelayanan {info.nama}, {periode}"
    if grafik_path:
        from .. import keluaran

        keluaran.tulis(grafik_path, lap.grafik(rows, grafik_path, judul))
        click.echo(f"Ditulis: {grafik_path}", err=as_json)
    hasil = [{**row, "rantai": rantai} for row in lap.hitung(rows, info.kalender(), today)]
    from .. import prioritas

    utama = prioritas.laporan(records, info.kalender(), today)
    # The priority services per group go with the total row of the JSON (which keeps its list);
    # the CSV and spreadsheet keep their columns.
    rows_json = hasil[:-1] + [{**hasil[-1], "prioritas": utama}] if utama else None
    words = lap.nama_bulan(bulan) if bulan else f"Tahun {tahun}"
    _keluaran_laporan(
        hasil,
        judul,
        as_json,
        csv_path,
        xlsx_path,
        kepala=(lap.nama_wilayah(info), words, info.data["kertas"]),
        rows_json=rows_json,
    )
    if utama and not as_json:
        _cetak_prioritas(utama)


def _cetak_prioritas(utama: dict) -> None:
    """The priority services of the period, per group, under the report's table."""
    from ..prioritas import GRUP

    click.echo("Layanan prioritas kelompok rentan (UU 25/2009 Pasal 29):")
    for group, row in utama.items():
        share = "-" if row["persen_tepat"] is None else f"{row['persen_tepat']:.1f}".replace(".", ",") + "%"
        click.echo(
            f"  {GRUP[group]}: {row['diterima']} diterima, {row['selesai']} selesai, "
            f"{row['tepat_waktu']} tepat waktu ({share})"
        )


@click.command("gabung")
@click.argument("berkas", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--csv", "csv_path", metavar="BERKAS", help="Tulis juga ke CSV.")
@click.option("--xlsx", "xlsx_path", metavar="BERKAS", help="Tulis juga ke lembar kerja Excel.")
@opsi_json
@pass_app
def gabung_cmd(app, berkas, csv_path, xlsx_path, as_json):
    """Gabungkan berkas 'desa ekspor' desa-desa menjadi satu laporan kecamatan."""
    from pathlib import Path

    from .. import laporan as lap

    info = app.kantor()
    periksa_keluaran(csv_path, xlsx_path)
    rows = [row for path in berkas for row in lap.baca_ekspor(Path(path), app.sekarang().date())]
    periode = lap.periode_baris(rows)
    # The villages of the office's kecamatan, whichever office joins them.
    judul = f"Laporan pelayanan desa/kelurahan di Kecamatan {info.data['kecamatan']}"
    judul += f", {periode}" if periode else ""
    hasil = lap.hitung(rows, info.kalender(), app.sekarang().date(), per_kantor=True)
    heads = lap.ujung_per_kantor(rows)  # each village's chain head, kept as the kecamatan's witness
    hasil = [{**row, "rantai": heads.get(row["kantor"], "")} for row in hasil]
    kepala = (lap.nama_wilayah(info), periode, info.data["kertas"])
    _keluaran_laporan(hasil, judul, as_json, csv_path, xlsx_path, per_kantor=True, kepala=kepala)
