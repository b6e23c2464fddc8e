"""`desa kantor ubah`, `desa kantor logo`, `desa kantor ttd ...`: change kantor.yaml after init."""

from __future__ import annotations

from pathlib import Path

import click

from ._bersama import KelompokPerintah, cetak_json, ingat_standar, opsi_json, pass_app


@click.command("ubah")
@click.argument("kunci")
@click.argument("nilai")
@pass_app
def ubah_cmd(app, kunci, nilai):
    """Ubah satu isian kantor.yaml (alamat, telepon, email, kode_pos, kertas, huruf, margin.kiri ...).

    Nama dan kode wilayah tidak diubah di sini: keduanya dari daftar resmi Kemendagri."""
    from .. import kantor_ubah

    info = app.kantor()
    kantor_ubah.ubah(info.folder, kunci, nilai)
    click.echo(f"kantor.yaml: {kunci} diubah menjadi {nilai.strip()}.")
    ingat_standar(app)


@click.command("logo")
@click.argument("berkas", type=click.Path(dir_okay=False))
@pass_app
def logo_cmd(app, berkas):
    """Pasang logo kop surat (gambar PNG atau JPEG) ke folder kantor."""
    from .. import kantor_ubah

    info = app.kantor()
    name = kantor_ubah.pasang_logo(info.folder, Path(berkas))
    click.echo(f"Logo disalin ke {info.folder / name} dan dicatat di kantor.yaml.")
    ingat_standar(app)


@click.group("ttd", cls=KelompokPerintah)
def ttd_cmd():
    """Penandatangan surat: tambah, hapus, daftar (dipilih saat cetak dengan --ttd KUNCI)."""


@ttd_cmd.command("tambah")
@click.argument("kunci")
@click.option("--jabatan", required=True, help="Jabatan, misalnya 'Sekretaris Desa'.")
@click.option("--nama", required=True, help="Nama lengkap dengan gelar.")
@click.option("--nip", help="NIP, bila PNS (18 angka).")
@click.option("--pangkat", help="Pangkat/golongan, bila PNS, misalnya 'Penata Tingkat I (III/d)'.")
@click.option(
    "--sebagai",
    type=click.Choice(("an", "ub", "plt", "plh", "pj")),
    help="a.n. (bawaan), u.b. (dengan --melalui), Plt., Plh. atau Pj. kepala kantor.",
)
@click.option("--melalui", metavar="KUNCI", help="Untuk u.b.: kunci pejabat a.n. di antaranya, misalnya sekdes.")
@pass_app
def ttd_tambah_cmd(app, kunci, **isian):
    """Tambah atau ganti penandatangan KUNCI (misalnya sekdes, kasi_pelayanan, kepala)."""
    from .. import kantor_ubah

    info = app.kantor()
    baru = kantor_ubah.ttd_tambah(info.folder, kunci, isian)
    click.echo(f"Penandatangan '{kunci}' {'ditambahkan' if baru else 'diubah'}: {isian['jabatan']}, {isian['nama']}.")
    ingat_standar(app)


@ttd_cmd.command("hapus")
@click.argument("kunci")
@pass_app
def ttd_hapus_cmd(app, kunci):
    """Hapus penandatangan KUNCI (surat lama tetap mencatat penandatangannya)."""
    from .. import kantor_ubah

    kantor_ubah.ttd_hapus(app.kantor().folder, kunci)
    click.echo(f"Penandatangan '{kunci}' dihapus.")
    ingat_standar(app)


@ttd_cmd.command("daftar")
@opsi_json
@pass_app
def ttd_daftar_cmd(app, as_json):
    """Daftar penandatangan dan bentuk blok tanda tangannya."""
    from .. import penandatangan, tampil

    info = app.kantor()
    rows = [penandatangan.bentuk(info, kunci) for kunci in info.data["penandatangan"]]
    if as_json:
        cetak_json(rows)
        return
    tampil.cetak(tampil.baris([(row["kunci"], penandatangan.ringkas(row)) for row in rows]))
