"""The `desa penduduk` group (under 'Pengelolaan'): impor, cari, lihat, keluarga."""

from __future__ import annotations

import click

from ..kesalahan import DesaError
from ._bersama import Aplikasi, KelompokPerintah, cetak_json, opsi_json, pass_app

TAMPIL_DITOLAK = 30  # refused rows listed on the screen; --json lists them all


@click.group("penduduk", cls=KelompokPerintah, invoke_without_command=True)
@opsi_json
@click.pass_context
def penduduk_cmd(ctx, as_json):
    """Data penduduk kantor: impor dari OpenSID atau SIAK, cari, lihat, keluarga."""
    if ctx.invoked_subcommand is not None:
        return
    from ..penduduk import DataPenduduk

    app = ctx.find_object(Aplikasi)
    info = app.kantor()
    with app.register(info, baca_saja=True) as reg:
        last = DataPenduduk(reg.tx).info()
    if as_json:
        cetak_json(last)
        return
    if last is None:
        click.echo("Belum ada data penduduk. Impor dengan: desa penduduk impor BERKAS.xlsx")
        return
    from .. import tampil, tampil_penduduk
    from ..penduduk_baca import NAMA_FORMAT

    click.echo(f"Data penduduk, impor {last['waktu'].replace('T', ' ')}:")
    tampil.cetak(tampil_penduduk.hasil_impor(last, NAMA_FORMAT.get(last["format"], last["format"])))


@penduduk_cmd.command("impor")
@click.argument("berkas", type=click.Path(dir_okay=False))
@click.option("--lewati-salah", is_flag=True, help="Impor baris yang benar saja; baris yang ditolak dilewati.")
@click.option("--coba", is_flag=True, help="Periksa berkasnya saja; data penduduk tidak diubah.")
@opsi_json
@pass_app
def impor_cmd(app, berkas, lewati_salah, coba, as_json):
    """Impor data penduduk dari OpenSID (Data Penduduk) atau SIAK: .xlsx, .xls atau .csv.

    Impor ulang mengganti data lama seluruhnya; penduduk yang tidak ada lagi di berkas tetap
    disimpan dengan status Pindah/Mati. Bila ada baris yang ditolak, tidak ada yang diimpor
    (kecuali dengan --lewati-salah).
    """
    import hashlib
    from pathlib import Path

    from .. import kantor
    from .. import penduduk as penduduk_mod
    from ..penduduk_baca import NAMA_FORMAT, baca

    info = app.kantor()
    path = Path(berkas)
    if not coba:
        _periksa_pribadi(kantor.status_pribadi(info.folder))
    bacaan = _dengan_kemajuan("Membaca data penduduk", lambda maju: baca(path, maju), as_json)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if bacaan.ditolak and not (lewati_salah or coba):
        _tolak(bacaan, path, as_json)
    if not bacaan.penduduk:
        raise DesaError(f"Berkas {path.name} tidak berisi satu pun penduduk yang bisa diimpor; tidak ada yang diubah.")
    if coba:
        _laporan_coba(bacaan, path, as_json)
        return
    baru = not (info.data_folder / penduduk_mod.FOLDER).exists()
    with app.register(info) as reg:
        summary = _dengan_kemajuan(
            "Menyimpan data penduduk",
            lambda maju: penduduk_mod.impor(reg, bacaan, path.name, digest, maju=lambda: maju(1, 100)),
            as_json,
            langkah=True,
        )
    if baru:
        failed = kantor.jadikan_pribadi(info.data_folder / penduduk_mod.FOLDER)
        if failed:
            click.echo(f"Peringatan: folder data penduduk tidak dapat dijadikan pribadi: {failed}.", err=True)
    if as_json:
        cetak_json({**summary, "ditolak_baris": _baris(bacaan.ditolak), "peringatan": _baris(bacaan.peringatan)})
        return
    _cetak_baris("Dilewati", bacaan.ditolak)
    _cetak_baris("Peringatan", bacaan.peringatan)
    from .. import tampil, tampil_penduduk

    click.echo("Data penduduk diimpor.")
    tampil.cetak(tampil_penduduk.hasil_impor(summary, NAMA_FORMAT[bacaan.format]))


def _periksa_pribadi(status: dict) -> None:
    """Population data goes only where no other account can read it (UU 27/2022)."""
    terbuka = status.get("terbuka", {}).get("data")
    if terbuka:
        raise DesaError(
            f"Folder data kantor ini bisa dibuka akun lain ({', '.join(terbuka)}); data penduduk tidak diimpor. "
            "Jalankan 'desa kantor --pribadikan' dulu."
        )


def _dengan_kemajuan(judul: str, kerja, as_json: bool, langkah: bool = False):
    """Run `kerja(maju)` with a progress bar on stderr at a terminal; `maju(done, total)`."""
    import sys

    if as_json or not (sys.stderr is not None and sys.stderr.isatty()):
        return kerja(lambda done, total: None)
    from rich.progress import Progress

    from .. import tampil

    with Progress(console=tampil.console(stderr=True), transient=True) as progress:
        task = progress.add_task(judul, total=None)

        def maju(done, total):
            if langkah:
                progress.update(task, total=total, advance=done)
            else:
                progress.update(task, total=total, completed=done)

        return kerja(maju)


def _baris(items: list) -> list:
    return [{"baris": number, "alasan": reason} for number, reason in items]


def _cetak_baris(judul: str, items: list) -> None:
    for number, reason in items[:TAMPIL_DITOLAK]:
        click.echo(f"{judul}: baris {number}: {reason}", err=True)
    if len(items) > TAMPIL_DITOLAK:
        click.echo(
            f"{judul}: ... dan {len(items) - TAMPIL_DITOLAK} baris lain (lihat semuanya dengan --json).", err=True
        )


def _tolak(bacaan, path, as_json: bool) -> None:
    if as_json:
        cetak_json({"diimpor": False, "ditolak_baris": _baris(bacaan.ditolak), "peringatan": _baris(bacaan.peringatan)})
    else:
        _cetak_baris("Ditolak", bacaan.ditolak)
    raise DesaError(
        f"Impor dibatalkan: {len(bacaan.ditolak)} dari {bacaan.baris} baris {path.name} ditolak; data penduduk "
        "tidak diubah. Perbaiki baris itu, atau impor sisanya dengan --lewati-salah."
    )


def _laporan_coba(bacaan, path, as_json: bool) -> None:
    from ..penduduk_baca import NAMA_FORMAT

    if as_json:
        cetak_json(
            {
                "format": bacaan.format,
                "baris": bacaan.baris,
                "diterima": len(bacaan.penduduk),
                "ditolak_baris": _baris(bacaan.ditolak),
                "peringatan": _baris(bacaan.peringatan),
            }
        )
        return
    _cetak_baris("Ditolak", bacaan.ditolak)
    _cetak_baris("Peringatan", bacaan.peringatan)
    click.echo(
        f"{path.name} ({NAMA_FORMAT[bacaan.format]}): {bacaan.baris} baris, {len(bacaan.penduduk)} bisa diimpor, "
        f"{len(bacaan.ditolak)} ditolak. Tidak ada yang diubah (--coba)."
    )


def _baca(app, kerja):
    """`kerja(data)` over the population data, read-only; refused when nothing was imported yet."""
    from ..penduduk import DataPenduduk

    info = app.kantor()
    with app.register(info, baca_saja=True) as reg:
        data = DataPenduduk(reg.tx)
        if not data.ada():
            raise DesaError("Belum ada data penduduk. Impor dulu: desa penduduk impor BERKAS.xlsx")
        return kerja(data)


def _nomor(text: str) -> str | None:
    """A NIK or No. KK as typed (spaces, dots), or None when it is not 16 digits."""
    from ..nik import bersihkan

    nomor = bersihkan(text)
    return nomor if len(nomor) == 16 and nomor.isascii() and nomor.isdigit() else None


@penduduk_cmd.command("cari")
@click.argument("kata", nargs=-1, required=True)
@click.option(
    "--batas", type=click.IntRange(1, 10000), default=50, show_default=True, help="Paling banyak ditampilkan."
)
@opsi_json
@pass_app
def cari_cmd(app, kata, batas, as_json):
    """Cari penduduk menurut nama, NIK atau nomor KK."""
    found, count = _baca(app, lambda data: data.cari(" ".join(kata), batas))
    if as_json:
        cetak_json({"jumlah": count, "penduduk": found})
        return
    if not found:
        click.echo(f"Tidak ada penduduk dengan '{' '.join(kata)}'.")
        return
    from .. import tampil, tampil_penduduk

    tampil.cetak(tampil_penduduk.daftar(found))
    if count > len(found):
        click.echo(f"{count} ditemukan; {len(found)} pertama ditampilkan (--batas untuk lebih banyak).")


@penduduk_cmd.command("lihat")
@click.argument("nik")
@opsi_json
@pass_app
def lihat_cmd(app, nik, as_json):
    """Satu penduduk menurut NIK, dengan keluarganya."""

    def kerja(data):
        orang = data.ambil(_nomor(nik)) if _nomor(nik) else None
        return orang, (data.keluarga(orang["no_kk"]) if orang and orang.get("no_kk") else [])

    orang, keluarga = _baca(app, kerja)
    if orang is None:
        raise DesaError(f"NIK {nik} tidak ada dalam data penduduk.")
    if as_json:
        cetak_json({**orang, "keluarga": keluarga})
        return
    from .. import tampil, tampil_penduduk

    tampil.cetak(tampil_penduduk.orang(orang, keluarga))


@penduduk_cmd.command("keluarga")
@click.argument("no_kk")
@opsi_json
@pass_app
def keluarga_cmd(app, no_kk, as_json):
    """Anggota satu keluarga menurut nomor KK."""
    nomor = _nomor(no_kk)
    keluarga = _baca(app, lambda data: data.keluarga(nomor) if nomor else [])
    if not keluarga:
        raise DesaError(f"No. KK {no_kk} tidak ada dalam data penduduk.")
    if as_json:
        cetak_json({"no_kk": nomor, "anggota": keluarga})
        return
    from .. import tampil, tampil_penduduk

    click.echo(f"Kartu Keluarga {nomor}:")
    tampil.cetak(tampil_penduduk.daftar(keluarga, judul_kk=True))
