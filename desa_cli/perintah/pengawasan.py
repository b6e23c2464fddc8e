"""Commands under 'Pengawasan': periksa, riwayat, pulihkan, ekspor."""

from __future__ import annotations

import os
import sys

import click

from ..kesalahan import DesaError
from ._bersama import cetak_json, opsi_json, pass_app
from .jenis import BULAN, NOREG


@click.command("periksa")
@click.option(
    "--saksi",
    "saksi_files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    metavar="BERKAS",
    help="Berkas saksi dari dulu (hasil 'desa ekspor', laporan, dokumen standar/survei, atau --saksi-tulis): "
    "riwayat sampai saat itu harus masih sama. Boleh berulang.",
)
@click.option(
    "--saksi-tulis",
    "saksi_tulis",
    metavar="BERKAS",
    help="Tulis berkas saksi (ujung rantai sekarang) untuk disimpan di luar kantor, bila register utuh.",
)
@opsi_json
@pass_app
def periksa_cmd(app, saksi_files, saksi_tulis, as_json):
    """Periksa register dan arsip terhadap rantai catatan peristiwa.

    Menemukan perubahan tangan pada register, buku surat, penghitung nomor, aduan, survei dan indeks
    pemohon. Rantai tidak berkunci: orang dalam yang mengubah berkas lalu menghitung ulang semua
    sidiknya hanya ketahuan lewat saksi di luar kantor (--saksi).
    """
    from pathlib import Path

    from .. import audit, meja
    from ..saksi import baca_saksi, teks_ujung, tulis_saksi

    info = app.kantor()
    kode = info.data.get("kode_wilayah")
    saksi = [head for path in saksi_files for head in baca_saksi(Path(path), kode)]
    with app.register(info, baca_saja=True):  # under the lock: no half-written state is read
        hasil = meja.periksa(info, kode, saksi)
    ujung = teks_ujung(hasil.ujung, kode)
    if saksi_tulis and hasil.baik and hasil.ujung:
        from ..berkas_aman import write_private

        waktu = app.sekarang().isoformat(timespec="seconds")
        write_private(Path(saksi_tulis), tulis_saksi(hasil, info.nama, kode, waktu))
    if as_json:
        cetak_json({"baik": hasil.baik, "diperiksa": hasil.diperiksa, "kesalahan": hasil.kesalahan, "ujung": ujung})
    else:
        for key, label in audit.CHECKS.items():
            faults = hasil.kesalahan.get(key, [])
            if not faults and not hasil.diperiksa.get(key) and key in ("saksi", "berkas", "standar"):
                continue  # no witness given, no backup yet
            mark = "✗" if faults else "✓"
            click.echo(f"{mark} {label} ({hasil.diperiksa.get(key, 0)} diperiksa)")
            for fault in faults:
                click.echo(f"    {fault}")
        if ujung:
            click.echo(ujung)
        click.echo("Register dan arsip utuh." if hasil.baik else f"{len(hasil.semua_kesalahan())} kesalahan ditemukan.")
        if saksi_tulis and hasil.baik and hasil.ujung:
            click.echo(f"Saksi ditulis: {saksi_tulis}. Simpan di luar kantor (kecamatan, flashdisk lain).")
    if saksi_tulis and not (hasil.baik and hasil.ujung):
        why = "register belum punya peristiwa" if hasil.baik else "register tidak utuh; selesaikan temuan di atas dulu"
        raise DesaError(f"Saksi {saksi_tulis} tidak ditulis: {why}.")
    if not hasil.baik:
        sys.exit(1)


@click.command("riwayat")
@click.argument("noreg", type=NOREG, required=False)
@click.option("--jumlah", type=int, default=50, show_default=True, help="Tanpa NOREG: berapa peristiwa terakhir.")
@opsi_json
@pass_app
def riwayat_cmd(app, noreg, jumlah, as_json):
    """Catatan peristiwa: siapa melakukan apa dan kapan, yang terbaru paling bawah."""
    with app.register(baca_saja=True) as reg:
        events = reg.riwayat(noreg) if noreg else reg.peristiwa_terakhir(jumlah)
    if as_json:
        cetak_json(events)
        return
    if not events:
        click.echo("Belum ada peristiwa.")
        return
    from .. import tampil

    tampil.cetak(tampil.riwayat(events))


@click.command("pulihkan")
@click.argument("tanggal", required=False)
@click.option(
    "--mulai-baru",
    is_flag=True,
    help="Register rusak tanpa cadangan yang baik: simpan berkasnya dan mulai register baru (nomor berlanjut).",
)
@click.option(
    "--dump",
    "dump",
    type=click.Path(exists=True, dir_okay=False),
    metavar="BERKAS",
    help="Register di PostgreSQL: pulihkan cadangan 'desa cadangkan' (pg_dump) ini setelah diperiksa.",
)
@pass_app
def pulihkan_cmd(app, tanggal, mulai_baru, dump):
    """Daftar cadangan register, atau pulihkan cadangan TANGGAL setelah diperiksa."""
    from .. import audit, cadangan, meja, storage

    info = app.kantor()
    if sum(map(bool, (mulai_baru, tanggal, dump))) > 1:
        raise click.UsageError("Pilih satu: TANGGAL, --mulai-baru, atau --dump BERKAS.")
    url = meja.url_kantor(info)
    if url or dump:
        _pulihkan_pg(app, info, url, dump)
        return
    if tanggal is None and not mulai_baru:
        backups = cadangan.daftar_cadangan(info.data_folder)
        if not backups:
            raise DesaError(
                "Belum ada cadangan register (cadangan dibuat pada perubahan pertama setiap hari). "
                "Register rusak tanpa cadangan: 'desa pulihkan --mulai-baru'."
            )
        click.echo("Cadangan register (keadaan sebelum perubahan pertama hari itu):")
        good = 0
        for folder in backups:
            hasil = audit.periksa(folder)
            good += hasil.baik
            state = "baik" if hasil.baik else f"{len(hasil.semua_kesalahan())} kesalahan, tidak bisa dipulihkan"
            click.echo(f"  {folder.name}  {len(storage.berkas_register(folder))} berkas, {state}")
        if good:
            click.echo("Pulihkan dengan: desa pulihkan TANGGAL")
        else:
            click.echo("Tidak ada cadangan yang baik; register rusak bisa dimulai baru: desa pulihkan --mulai-baru")
        return
    aside = cadangan.pulihkan(
        info.data_folder, tanggal, app.petugas(), app.sekarang(), info.folder / "arsip", info.data.get("kode_wilayah")
    )
    app.perbarui_papan(info)
    if tanggal is None:
        click.echo(f"Register baru dimulai; berkas lama disimpan di {aside}. Nomor berikutnya melanjutkan nomor lama.")
    else:
        click.echo(f"Register dipulihkan dari cadangan {tanggal}. Berkas yang diganti disimpan di {aside}.")
        click.echo("Perubahan sesudah cadangan itu dibuat perlu dicatat ulang; nomornya tidak dipakai lagi.")
    click.echo("Periksa dengan 'desa periksa'.")


def _pulihkan_pg(app, info, url, dump) -> None:
    """`desa pulihkan` for a register in PostgreSQL: from a pg_dump backup only."""
    from pathlib import Path

    from .. import register_pindah

    if not url:
        raise DesaError("--dump hanya untuk register di PostgreSQL; register berkas dipulihkan dari cadangan harian.")
    if not dump:
        raise DesaError(
            "Register kantor ini di PostgreSQL: cadangannya dibuat dengan 'desa cadangkan' (pg_dump). "
            "Pulihkan dengan 'desa pulihkan --dump BERKAS'."
        )
    aside = register_pindah.pulihkan_dump(info, url, Path(dump), app.petugas(), app.sekarang())
    app.perbarui_papan(info)
    click.echo(f"Register dipulihkan dari {dump}. Dokumen yang diganti disimpan di basis data sebagai {aside}/.")
    click.echo("Perubahan sesudah cadangan itu dibuat perlu dicatat ulang; nomornya tidak dipakai lagi.")
    click.echo("Periksa dengan 'desa periksa'.")


@click.command("ekspor")
@click.option("--bulan", type=BULAN, help="Permohonan yang diterima pada bulan ini, misalnya 2026-11.")
@click.option("--tahun", type=int, help="Permohonan yang diterima pada tahun ini.")
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl"]), default="csv", show_default=True)
@click.option("--keluar", "keluar", required=True, metavar="BERKAS", help="Berkas tujuan, atau - untuk layar.")
@click.option("--nik-lengkap", is_flag=True, help="Tulis NIK utuh (bawaan: disamarkan, 6 angka awal dan 4 akhir).")
@pass_app
def ekspor_cmd(app, bulan, tahun, fmt, keluar, nik_lengkap):
    """Tulis permohonan satu periode ke CSV atau JSON Lines, untuk kecamatan atau arsip."""
    from .. import ekspor as ekspor_mod

    if bool(bulan) == bool(tahun):
        raise click.UsageError("Pilih satu periode: --bulan 2026-11 atau --tahun 2026.")
    from ..saksi import teks_ujung

    info = app.kantor()
    berkas = "-" if keluar == "-" else os.path.abspath(keluar)
    if nik_lengkap:
        from ..isian import periksa_karakter

        periksa_karakter(berkas, "Berkas --keluar", spasi_boleh=False)
    if keluar != "-":
        from .. import keluaran

        keluaran.periksa(keluar)
    with app.register(info) as reg:
        months = [bulan] if bulan else [f"{tahun}-{m:02d}" for m in range(1, 13)]
        records = [r for month in months for r in reg.daftar(month)]
        if nik_lengkap:
            # Recorded before the file exists: a full-NIK file never leaves without its event.
            reg.catat_ekspor_nik(berkas, len(records), bulan or str(tahun))
        rantai = teks_ujung(reg.ujung(), info.data.get("kode_wilayah"), penuh=True)
    data = ekspor_mod.tulis(records, info, fmt, nik_lengkap, rantai)
    if keluar == "-":
        # The bytes as the file would hold them (UTF-8, the byte-order mark, \r\n), whatever the
        # screen's encoding: through a text stream, cp1252 refuses the mark and Windows turns \r\n into \r\r\n.
        layar = getattr(sys.stdout, "buffer", None)
        if layar is None:  # a stream with no bytes beneath it (an IDE's console)
            click.echo(data.decode("utf-8"), nl=False)
            return
        sys.stdout.flush()
        layar.write(data)
        layar.flush()
        return
    keluaran.tulis(keluar, data)
    click.echo(f"{len(records)} permohonan ditulis ke {keluar}" + ("" if nik_lengkap else " (NIK disamarkan)."))
