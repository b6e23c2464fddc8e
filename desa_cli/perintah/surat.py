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
@click.option("--semua", is_flag=True, help="Cetak semua permohonan yang lengkap: prioritas dulu, lalu urutan datang.")
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
@click.option("--ttd", metavar="KUNCI", help="Penandatangan dari kantor.yaml (bawaan: pilihan katalog, atau kepala).")
@opsi_json
@pass_app
def cetak_cmd(app, noreg, semua, pdf, buka, printer, ttd, as_json):
    """Cetak surat permohonan yang lengkap, dengan nomor dari buku surat keluar."""
    from .. import cetak as cetak_mod

    if bool(noreg) == bool(semua):
        raise click.UsageError("Sebutkan satu NOREG, atau --semua.")
    if printer:  # a printer the system does not know: refused before a number is taken
        cetak_mod.periksa_printer(printer)
    info = app.kantor()
    katalog_aktif = app.katalog()
    if semua:
        with app.register(info) as reg:
            antre = cetak_mod.antrean(reg)
        if not antre:
            click.echo("Tidak ada permohonan lengkap yang menunggu dicetak.")
            return
    else:
        antre = [noreg]
    # --semua prints in the queue's order already (priority first, then arrival); one letter picked
    # out of turn gets a warning, a priority one served ahead gets its reason on the event (cetak.cetak).
    note = None if semua else antrean_adil(app, info, noreg, "mencetak")
    hasil = _cetak_dengan_kemajuan(app, info, katalog_aktif, antre, note, ttd, semua and not as_json)
    pdf_error = cetak_mod.lampirkan_pdf(hasil, info.data_folder) if pdf else None
    from .. import pemberitahuan

    kabar = [pemberitahuan.siap(c.record, info, katalog_aktif) for c in hasil]
    _tampilkan_cetakan(hasil, kabar, semua, as_json)
    if pdf_error:
        click.echo(f"Peringatan: {pdf_error}", err=True)
        if printer is not None:
            sys.exit(1)
        return
    if printer is not None:  # the letters themselves, in one LibreOffice run
        cetak_mod.kirim_printer([c.path for c in hasil], info.data_folder, printer or None)
    if buka:
        for c in hasil:
            cetak_mod.buka(c.pdf or c.path)


def _cetak_dengan_kemajuan(app, info, katalog_aktif, antre, note, ttd, kemajuan) -> list:
    """The core's batch, with a progress bar on stderr when asked."""
    from .. import cetak as cetak_mod

    def buka_register():
        return app.register(info)

    if not kemajuan:
        return cetak_mod.cetak_semua(buka_register, info, katalog_aktif, antre, catatan=note, ttd=ttd)
    from rich.progress import Progress

    from .. import tampil

    with Progress(console=tampil.console(stderr=True), transient=True) as progress:
        task = progress.add_task("Mencetak surat", total=len(antre))
        return cetak_mod.cetak_semua(
            buka_register, info, katalog_aktif, antre, catatan=note, ttd=ttd, maju=lambda: progress.advance(task)
        )


def _tampilkan_cetakan(hasil, kabar, semua, as_json) -> None:
    if as_json:
        rows = [
            {"noreg": c.record["noreg"], "nomor": c.record["surat"]["nomor"], "tanggal": c.record["surat"]["tanggal"],
             "berkas": str(c.path), "pdf": str(c.pdf) if c.pdf else None,
             "kode_verifikasi": c.record["surat"]["kode_verifikasi"], "sha256": c.record["surat"]["sha256"],
             "baru": c.baru, "peringatan": c.peringatan, "pemberitahuan": k}
            for c, k in zip(hasil, kabar, strict=True)
        ]  # fmt: skip
        cetak_json(rows if semua else rows[0])
        return
    for c, k in zip(hasil, kabar, strict=True):
        for line in c.peringatan:
            click.echo(f"Peringatan: {c.record['noreg']}: {line}", err=True)
        tanda = "" if c.baru else " (cetak ulang, nomor tetap)"
        click.echo(f"{c.record['noreg']}: surat {c.record['surat']['nomor']}{tanda}")
        click.echo(f"  {c.path}")
        if c.pdf:
            click.echo(f"  {c.pdf}")
        _tampilkan_kabar(k, "Kabari pemohon bahwa suratnya siap")
    if semua:
        click.echo(f"{len(hasil)} surat dicetak.")


@click.command("serahkan")
@click.argument("noreg", type=NOREG)
@opsi_json
@pass_app
def serahkan_cmd(app, noreg, as_json):
    """Catat bahwa surat sudah diserahkan kepada pemohon."""
    from .. import pemberitahuan

    info = app.kantor()
    with app.register(info) as reg:
        record = reg.serahkan(noreg)
    # Not the ready notice (the letter is in the applicant's hand now) but a confirmation of the
    # hand-over: when someone else fetched it, the applicant learns that the letter left the office.
    # A wrong catalogue file must not turn a recorded hand-over into a refusal: the title only.
    kabar = pemberitahuan.diserahkan(record, info, app.katalog(utuh=False, peringatan=False))
    if as_json:
        cetak_json({**record, "pemberitahuan": kabar})
        return
    click.echo(f"{record['noreg']}: surat {record['surat']['nomor']} sudah diserahkan.")
    _tampilkan_kabar(kabar, "Konfirmasi penyerahan untuk pemohon")


def _tampilkan_kabar(kabar, judul) -> None:
    """The notice as the clerk sends it by hand: the WhatsApp link to open, the SMS to type."""
    if kabar is None:
        return
    click.echo(f"  {judul} ({kabar['telepon']}):")
    click.echo(f"  WhatsApp: {kabar['whatsapp']}")
    click.echo(f"  SMS: {kabar['sms']}")


@click.group("buku", cls=KelompokPerintah, invoke_without_command=True)
@click.option("--tahun", type=int, help="Tahun buku (bawaan: tahun ini).")
@click.option("--xlsx", "xlsx_path", metavar="BERKAS", help="Tulis buku agenda surat keluar ke BERKAS.xlsx.")
@click.option("--docx", "docx_path", metavar="BERKAS", help="Tulis buku agenda surat keluar (mendatar) ke BERKAS.docx.")
@opsi_json
@pass_app
@click.pass_context
def buku_cmd(ctx, app, tahun, xlsx_path, docx_path, as_json):
    """Buku agenda surat keluar: nomor, tanggal, layanan, pemohon, status (catat: surat buatan luar)."""
    from ._bersama import periksa_keluaran

    if ctx.invoked_subcommand is not None:
        return

    periksa_keluaran(xlsx_path, akhiran=(".xlsx",))
    periksa_keluaran(docx_path, akhiran=(".docx",))
    info = app.kantor() if xlsx_path or docx_path else None
    with app.register(info, baca_saja=True) as reg:
        tahun = tahun or reg.sekarang.year
        entries = buku_surat.daftar(reg.tx, tahun)
    if xlsx_path or docx_path:
        _tulis_agenda(info, entries, tahun, xlsx_path, docx_path)
        return
    if as_json:
        cetak_json(entries)
        return
    if not entries:
        click.echo(f"Buku surat keluar {tahun} masih kosong.")
        return
    from .. import tampil

    tampil.cetak(tampil.buku(entries, tahun))


def _tulis_agenda(info, entries, tahun, xlsx_path, docx_path) -> None:
    """The book as the administrasi desa books print it (agenda.py); an empty year is written too."""
    from .. import agenda, keluaran

    if xlsx_path:
        keluaran.tulis(xlsx_path, agenda.ke_xlsx(entries, info.nama, tahun))
        click.echo(f"Ditulis: {xlsx_path}")
    if docx_path:
        keluaran.tulis(docx_path, agenda.ke_docx(entries, info.nama, tahun, info.data.get("kertas", "f4")))
        click.echo(f"Ditulis: {docx_path}")


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
