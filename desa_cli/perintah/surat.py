"""Commands under 'Surat': cetak, serahkan, buku, verifikasi (periksa, terbitkan)."""

from __future__ import annotations

import sys

import click

from .. import buku_surat
from ..kesalahan import DesaError
from ._bersama import KelompokPerintah, antrean_adil, cetak_json, opsi_json, pass_app
from .jenis import NOREG


@click.command("cetak")
@click.argument("noreg", type=NOREG, required=False)
@click.option("--semua", is_flag=True, help="Cetak semua permohonan yang lengkap, menurut urutan datang.")
@click.option("--pdf", is_flag=True, help="Buat juga PDF dengan LibreOffice.")
@click.option("--buka", is_flag=True, help="Buka surat dengan program bawaan komputer.")
@click.option(
    "--printer",
    is_flag=False,
    flag_value="",
    default=None,
    metavar="[NAMA]",
    help="Cetak surat ke printer (bawaan, atau NAMA) lewat LibreOffice.",
)
@opsi_json
@pass_app
def cetak_cmd(app, noreg, semua, pdf, buka, printer, as_json):
    """Cetak surat permohonan yang lengkap, dengan nomor dari buku surat keluar."""
    from .. import cetak as cetak_mod

    if bool(noreg) == bool(semua):
        raise click.UsageError("Sebutkan satu NOREG, atau --semua.")
    info = app.kantor()
    katalog_aktif = app.katalog()
    if semua:
        with app.register(info) as reg:
            antre = [r["noreg"] for r in reg.daftar(hanya_terbuka=True) if r["status"] == "lengkap"]
        if not antre:
            click.echo("Tidak ada permohonan lengkap yang menunggu dicetak.")
            return
    else:
        antre = [noreg]
    hasil = []

    # --semua prints in arrival order already; one letter picked out of turn gets a warning.
    note = None if semua else antrean_adil(app, info, noreg, "mencetak")

    def satu(nomor_registrasi):
        with app.register(info) as reg:
            record, path, baru = cetak_mod.cetak(reg, info, katalog_aktif, nomor_registrasi, catatan=note)
        hasil.append((record, path, baru))

    if semua and not as_json:
        from rich.progress import Progress

        from .. import tampil

        with Progress(console=tampil.console(stderr=True), transient=True) as progress:
            task = progress.add_task("Mencetak surat", total=len(antre))
            for item in antre:
                satu(item)
                progress.advance(task)
    else:
        for item in antre:
            satu(item)
    pdfs: dict = {}
    pdf_error = None
    if pdf:
        try:
            made = cetak_mod.ke_pdf([path for _, path, _ in hasil], info.data_folder)
            pdfs = {path: pdf_path for (_, path, _), pdf_path in zip(hasil, made, strict=False)}
        except DesaError as exc:
            pdf_error = str(exc)
    if as_json:
        rows = [
            {"noreg": r["noreg"], "nomor": r["surat"]["nomor"], "tanggal": r["surat"]["tanggal"],
             "berkas": str(path), "pdf": str(pdfs[path]) if path in pdfs else None,
             "kode_verifikasi": r["surat"]["kode_verifikasi"], "sha256": r["surat"]["sha256"], "baru": baru}
            for r, path, baru in hasil
        ]  # fmt: skip
        cetak_json(rows if semua else rows[0])
    else:
        for record, path, baru in hasil:
            tanda = "" if baru else " (cetak ulang, nomor tetap)"
            click.echo(f"{record['noreg']}: surat {record['surat']['nomor']}{tanda}")
            click.echo(f"  {path}")
            if path in pdfs:
                click.echo(f"  {pdfs[path]}")
        if semua:
            click.echo(f"{len(hasil)} surat dicetak.")
    if pdf_error:
        click.echo(f"Peringatan: {pdf_error}", err=True)
        if printer is not None:
            sys.exit(1)
        return
    if printer is not None:  # the letters themselves, in one LibreOffice run
        cetak_mod.kirim_printer([path for _, path, _ in hasil], info.data_folder, printer or None)
    if buka:
        for _, path, _ in hasil:
            cetak_mod.buka(pdfs.get(path, path))


@click.command("serahkan")
@click.argument("noreg", type=NOREG)
@opsi_json
@pass_app
def serahkan_cmd(app, noreg, as_json):
    """Catat bahwa surat sudah diserahkan kepada pemohon."""
    with app.register() as reg:
        record = reg.serahkan(noreg)
    if as_json:
        cetak_json(record)
    else:
        click.echo(f"{record['noreg']}: surat {record['surat']['nomor']} sudah diserahkan.")


@click.command("buku")
@click.option("--tahun", type=int, help="Tahun buku (bawaan: tahun ini).")
@opsi_json
@pass_app
def buku_cmd(app, tahun, as_json):
    """Buku agenda surat keluar: nomor, tanggal, layanan, pemohon, status."""

    with app.register(baca_saja=True) as reg:
        tahun = tahun or reg.sekarang.year
        entries = buku_surat.daftar(reg.tx, tahun)
    if as_json:
        cetak_json(entries)
        return
    if not entries:
        click.echo(f"Buku surat keluar {tahun} masih kosong.")
        return
    from .. import tampil

    tampil.cetak(tampil.buku(entries, tahun))


class KelompokVerifikasi(KelompokPerintah):
    """`desa verifikasi KODE` checks a code (the subcommand `periksa`, named or not);
    `desa verifikasi terbitkan FOLDER` writes the page for the website."""

    def parse_args(self, ctx, args):
        first = next((a for a in args if not a.startswith("-")), None)
        if first is not None and first not in self.commands:
            args = ["periksa", *args]
        return super().parse_args(ctx, args)


@click.group("verifikasi", cls=KelompokVerifikasi)
def verifikasi_cmd():
    """Periksa kode verifikasi surat (desa verifikasi KODE), atau terbitkan halaman verifikasi."""


@verifikasi_cmd.command("periksa")
@click.argument("kode")
@opsi_json
@pass_app
def verifikasi_periksa_cmd(app, kode, as_json):
    """Periksa apakah kode verifikasi milik surat yang tercatat di kantor ini."""
    from ..kalender import tanggal
    from ..nik import samarkan
    from ..surat import normal_kode

    with app.register(baca_saja=True) as reg:
        entry = buku_surat.cari_verifikasi(reg.tx, normal_kode(kode))
    if entry is None:
        if as_json:
            cetak_json({"sah": False, "kode": normal_kode(kode)})
            sys.exit(1)
        raise DesaError(f"Kode {normal_kode(kode)} tidak dikenal: surat dengan kode ini tidak tercatat di kantor ini.")
    shown = {
        "sah": entry["status"] == "terbit",
        "kode": entry["kode_verifikasi"],
        "nomor": entry["nomor"],
        "tanggal": entry["tanggal"],
        "layanan": entry["layanan_nama"],
        "nama": entry["nama"],
        "nik": samarkan(entry["nik"]),
        "status": entry["status"],
    }
    if as_json:
        cetak_json(shown)
    else:
        head = "SAH: surat ini tercatat di register" if shown["sah"] else "DIBATALKAN: nomor surat ini sudah dibatalkan"
        click.echo(head)
        click.echo(f"  Nomor   : {entry['nomor']}")
        click.echo(f"  Tanggal : {tanggal(entry['tanggal'])}")
        from ..tampil import terlihat

        click.echo(terlihat(f"  Layanan : {entry['layanan_nama']}"))
        click.echo(terlihat(f"  Pemohon : {entry['nama']} (NIK {shown['nik']})"))
    if not shown["sah"]:
        sys.exit(1)


@verifikasi_cmd.command("terbitkan")
@click.argument("folder", type=click.Path(file_okay=False))
@opsi_json
@pass_app
def verifikasi_terbitkan_cmd(app, folder, as_json):
    """Tulis halaman verifikasi (index.html dan surat.json) untuk situs web desa: nomor, tanggal,
    layanan, nama tersamar dan SHA-256 setiap surat, tanpa NIK atau alamat."""
    from pathlib import Path

    from .. import verifikasi_web
    from ..kalender import tanggal

    info = app.kantor()
    with app.register(info, baca_saja=True) as reg:
        terbit = f"{tanggal(reg.sekarang.date())} pukul {reg.sekarang:%H.%M}"
        jumlah = verifikasi_web.terbitkan(reg.tx, info, Path(folder), terbit)
    index = Path(folder) / "index.html"
    if as_json:
        cetak_json({"folder": str(folder), "index": str(index), "surat": jumlah})
        return
    click.echo(f"Halaman verifikasi ({jumlah} surat) ditulis di {index}.")
    url = info.data.get("verifikasi_url")
    if url:
        click.echo(f"Unggah isi folder itu ke {url} (kode QR surat menunjuk ke sana).")
    else:
        click.echo("Isi verifikasi_url di kantor.yaml dengan alamat halaman itu agar kode QR surat menunjuk ke sana.")
