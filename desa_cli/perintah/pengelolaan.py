"""Commands under 'Pengelolaan': init, kantor, katalog."""

from __future__ import annotations

import sys

import click

from ..kesalahan import DesaError
from . import _bersama
from ._bersama import KelompokPerintah, cetak_json, opsi_json, pass_app, tanya
from .jenis import TINGKAT_KANTOR


@click.command("init")
@click.argument("folder", required=False, type=click.Path(file_okay=False))
@click.option("--tingkat", type=TINGKAT_KANTOR, help="Tingkat kantor (bawaan: dari kode wilayah).")
@click.option(
    "--kode-wilayah",
    help="Kode wilayah Kemendagri, misalnya 35.05.06.2006; nama wilayah dan kode pos diisi dari daftar resmi.",
)
@click.option("--wilayah-baru", is_flag=True, help="Kode wilayah baru yang belum ada dalam daftar Kemendagri.")
@click.option("--provinsi")
@click.option("--kabupaten", help="Nama kabupaten/kota.")
@click.option("--kecamatan")
@click.option("--desa", help="Nama desa.")
@click.option("--kelurahan", help="Nama kelurahan (untuk kantor kelurahan).")
@click.option("--kepala-desa", help="Nama kepala desa atau lurah.")
@click.option("--camat", help="Nama camat (untuk kantor kecamatan).")
@click.option("--nip", help="NIP kepala kantor, bila PNS.")
@click.option("--alamat", help="Alamat kantor untuk kop surat, misalnya 'Jl. Raya Bacem No. 1' (wajib).")
@click.option("--kode-pos")
@click.option("--telepon")
@click.option("--email")
@click.option("--logo", type=click.Path(exists=True, dir_okay=False), help="Berkas gambar lambang kabupaten.")
@click.option(
    "--basis-data",
    envvar="DESA_BASIS_DATA",
    metavar="URL",
    help="Register di PostgreSQL untuk beberapa meja loket, misalnya postgresql://loket@server/desa_bacem. "
    "Meja berikutnya cukup: desa init --basis-data URL FOLDER.",
)
@pass_app
def init_cmd(app, folder, basis_data, **nilai):
    """Buat folder kantor baru (kantor.yaml, katalog, templat, data, arsip)."""
    from pathlib import Path

    from .. import kantor

    target = Path(folder).expanduser() if folder else _folder_baru(app)
    if (target / kantor.KANTOR_YAML).exists():
        raise DesaError(f"Sudah ada kantor di {target}; tidak ditimpa.")
    if basis_data:
        from .. import meja
        from ..storage_pg import alamat_aman, buat_skema, periksa_url

        periksa_url(basis_data)
        if meja.kantor_ada(basis_data):
            given = [key for key, value in nilai.items() if value and key != "wilayah_baru"]
            made = meja.gabung(basis_data, target)
            if given:
                click.echo("Peringatan: isian kantor diambil dari basis data; opsi lain diabaikan.", err=True)
            click.echo(f"Meja ini bergabung dengan {made.nama} di {alamat_aman(basis_data)}; kantor di {made.folder}")
            return
        buat_skema(basis_data)
    ask = _bersama.interaktif()
    values = _nilai_kantor(nilai)
    if ask and not values["kode_wilayah"]:
        values["kode_wilayah"] = tanya(
            "Kode wilayah Kemendagri (misalnya 35.05.06.2006)",
            proses=lambda t: _kode_terdaftar(t, values["tingkat"], values["wilayah_baru"]),
        )
    if values["kode_wilayah"]:  # the official list gives the level and every name
        kantor.lengkapi_wilayah(values, values["wilayah_baru"])
    elif not values["tingkat"]:
        values["tingkat"] = "desa"
    tingkat = values["tingkat"]
    wajib, pilihan = _isian_init(tingkat)
    if ask:
        for key, label, _ in wajib:
            if not values[key]:
                values[key] = tanya(label)
        for key, label in pilihan:
            if not values[key]:
                values[key] = tanya(label, wajib=False)
    missing = [flag for key, _, flag in wajib if not values[key]]
    if missing:
        raise DesaError(f"Isian kantor belum lengkap: {', '.join(missing)}.")
    if basis_data:
        values["basis_data"] = basis_data.strip()
    made, warnings = kantor.buat(target, values, Path(nilai["logo"]) if nilai["logo"] else None)
    for warning in warnings:
        click.echo(f"Peringatan: {warning}", err=True)
    if basis_data:
        from .. import meja

        meja.terbitkan(made, app.petugas(), app.sekarang(), "init")
        click.echo(f"Kantor {made.nama} dibuat di {made.folder}, register di {alamat_aman(basis_data)}")
    else:
        click.echo(f"Kantor {made.nama} dibuat di {made.folder}")
    click.echo("Periksa dan lengkapi kantor.yaml (penandatangan, telepon, e-mail), lalu lihat dengan 'desa kantor'.")


def _nilai_kantor(nilai: dict) -> dict:
    """The options of `init` as the values of kantor.buat (desa or kelurahan, kepala or camat)."""
    tingkat = nilai["tingkat"]
    nama_desa = nilai["kelurahan"] if tingkat == "kelurahan" else nilai["desa"]
    kepala = nilai["camat"] if tingkat == "kecamatan" else nilai["kepala_desa"]
    values = {key: nilai[key] for key in ("tingkat", "provinsi", "kabupaten", "kecamatan", "kode_wilayah")}
    values.update({key: nilai[key] for key in ("nip", "alamat", "kode_pos", "telepon", "email")})
    values["desa"] = nama_desa or nilai["desa"] or nilai["kelurahan"]
    values["kepala"] = kepala or nilai["kepala_desa"] or nilai["camat"]
    values["wilayah_baru"] = nilai["wilayah_baru"]
    return values


def _kode_terdaftar(text: str, tingkat: str | None, baru: bool) -> str:
    """The typed code, once its shape is right and it is in the list (or said to be new)."""
    from .. import kantor

    probe = {"tingkat": tingkat, "kode_wilayah": text}
    kantor.lengkapi_wilayah(probe, baru)
    return probe["kode_wilayah"]


def _isian_init(tingkat: str) -> tuple:
    """(required values as (key, prompt, flag), optional ones as (key, prompt)) for this level."""
    kepala_label = {"desa": "Nama kepala desa", "kelurahan": "Nama lurah", "kecamatan": "Nama camat"}[tingkat]
    wajib = [
        ("kode_wilayah", "Kode wilayah Kemendagri", "--kode-wilayah"),
        ("provinsi", "Provinsi", "--provinsi"),
        ("kabupaten", "Kabupaten/kota", "--kabupaten"),
        ("kecamatan", "Kecamatan", "--kecamatan"),
    ]
    if tingkat != "kecamatan":
        wajib.append(("desa", "Nama " + tingkat, "--" + tingkat))
    wajib.append(("kepala", kepala_label, "--camat" if tingkat == "kecamatan" else "--kepala-desa"))
    wajib.append(("alamat", "Alamat kantor (misalnya Jl. Raya Bacem No. 1)", "--alamat"))
    pilihan = [
        ("nip", "NIP kepala (kosongkan bila bukan PNS)"),
        ("kode_pos", "Kode pos"),
        ("telepon", "Telepon"),
        ("email", "E-mail"),
    ]
    return wajib, pilihan


def _folder_baru(app):
    """Where `desa init` without FOLDER makes the office: --kantor, else DESA_KANTOR, else the
    per-user folder (the places `desa` later looks first)."""
    import os
    from pathlib import Path

    from .. import kantor

    chosen = app.opsi_kantor or os.environ.get("DESA_KANTOR")
    return Path(chosen).expanduser() if chosen else kantor.default_folder()


@click.group("kantor", cls=KelompokPerintah, invoke_without_command=True)
@click.option("--pribadikan", is_flag=True, help="Jadikan folder data dan arsip hanya untuk pengguna ini.")
@opsi_json
@click.pass_context
def kantor_cmd(ctx, pribadikan, as_json):
    """Tampilkan kantor yang dipakai dan letak berkasnya; ubah isinya (ubah, logo, ttd)."""
    if ctx.invoked_subcommand is None:
        _tampil_kantor(ctx.find_object(_bersama.Aplikasi), pribadikan, as_json)


def _tampil_kantor(app, pribadikan, as_json):
    from .. import kantor

    info = app.kantor()
    if pribadikan:
        for name in kantor.FOLDER_PRIBADI:
            (info.folder / name).mkdir(exist_ok=True)
            failed = kantor.jadikan_pribadi(info.folder / name)
            if failed:
                raise DesaError(f"Folder {name} tidak dapat dijadikan pribadi: {failed}.")
    from .. import meja

    tempat = meja.letak(info)
    register = meja.ringkasan_kantor(info, tempat)
    privasi = kantor.status_pribadi(info.folder)
    if as_json:
        cetak_json(
            {
                "folder": str(info.folder),
                "dipilih_dari": info.lokasi.sumber,
                "kantor": info.data,
                "register": register,
                "letak_register": tempat,
                "privasi": privasi,
            }
        )
        return
    from .. import tampil
    from ..wilayah import nama_kabupaten

    d = info.data
    rows = [
        ("Kantor", info.nama),
        (
            "Wilayah",
            f"Kecamatan {d['kecamatan']}, {nama_kabupaten(d['kabupaten'], d['kode_wilayah'])}, {d['provinsi']}",
        ),
        ("Kode wilayah", d["kode_wilayah"]),
        ("Kepala", f"{d['penandatangan']['kepala']['jabatan']}: {d['penandatangan']['kepala']['nama']}"),
        ("Folder", f"{info.folder} (dipilih dari {info.lokasi.sumber})"),
        ("Privasi", _teks_privasi(privasi)),
        ("Register di", _teks_letak(tempat)),
        ("Register", _teks_register(register) if register is not None else "tidak terbaca (basis data terputus)"),
        ("Hari kerja", ", ".join(d["hari_kerja"]) + ("; cuti bersama libur" if d["cuti_bersama_libur"] else "")),
    ]
    tampil.cetak(tampil.baris(rows))
    if privasi["pribadi"] is False:
        click.echo(
            "Peringatan: data pemohon (NIK, alamat) dapat dibuka akun lain di komputer ini. "
            "Perbaiki dengan 'desa kantor --pribadikan'.",
            err=True,
        )
    _peringatan(app, info)


def _teks_letak(tempat: dict) -> str:
    if tempat["jenis"] == "berkas":
        return f"berkas di {tempat['tempat']} (satu komputer)"
    where = f"PostgreSQL {tempat['tempat']} (dari {tempat['dipilih_dari']})"
    if tempat["terhubung"]:
        return f"{where}: terhubung, server {tempat['server']}, {tempat['ms']} ms"
    return f"{where}: TIDAK TERHUBUNG. {tempat['pesan']}"


def _peringatan(app, info) -> None:
    """What the office still lacks: an address for the letterhead, the year's cuti bersama."""

    d = info.data
    if not (d.get("alamat") or "").strip():
        click.echo(
            "Peringatan: alamat kantor belum ada, surat tidak dapat dicetak. Isi dengan "
            "'desa kantor ubah alamat \"Jl. ...\"'.",
            err=True,
        )
    year = app.sekarang().year
    if d["cuti_bersama_libur"] and not info.kalender().cuti_bersama_dikenal(year):
        click.echo(
            f"Peringatan: cuti bersama {year} belum dikenal aplikasi ini (paket holidays). Perbarui aplikasi, "
            f"atau tulis cuti bersama {year} di libur_tambahan dalam kantor.yaml.",
            err=True,
        )


def _teks_privasi(privasi: dict) -> str:
    if privasi["pribadi"]:
        return "pribadi: data dan arsip hanya dapat dibuka pengguna ini"
    if privasi["pribadi"] is None:
        return "tidak diketahui (hak akses folder tidak dapat dibaca)"
    terbuka = privasi["terbuka"].items()
    return "TIDAK pribadi: " + "; ".join(f"{name} dapat dibuka {', '.join(who)}" for name, who in terbuka)


def _teks_register(register: dict) -> str:
    if not register["nomor_terbaca"]:
        return "nomor.json tidak terbaca; periksa dengan 'desa periksa'"
    if not register["jumlah_permohonan"]:
        return "belum ada permohonan"
    years = ", ".join(f"{year}: {n}" for year, n in register["permohonan"].items())
    text = f"{register['jumlah_permohonan']} permohonan ({years})"
    if register["bulan"]:
        first, last = register["bulan"][0], register["bulan"][-1]
        text += f", bulan {first}" + (f" s.d. {last}" if last != first else "")
    surat = sum(register["surat"].values())
    return text + (f"; {surat} surat" if surat else "")


@click.group("katalog", cls=KelompokPerintah)
def katalog_cmd():
    """Periksa katalog layanan bawaan dan milik kantor."""


@katalog_cmd.command("periksa")
@opsi_json
@pass_app
def katalog_periksa_cmd(app, as_json):
    """Periksa semua berkas katalog dan templat surat, dan laporkan semua kesalahan sekaligus."""
    from ..katalog import salah_nama_faults
    from ..surat_periksa import periksa_templat

    loaded = app.katalog(utuh=False, peringatan=False)
    loaded.faults.extend(salah_nama_faults(loaded))
    loaded.faults.extend(periksa_templat(loaded, app.lokasi.templates_surat if app.lokasi else None))
    if as_json:
        cetak_json(
            {
                "berkas": loaded.files,
                "layanan": len(loaded.layanan),
                "kesalahan": [
                    {"berkas": str(f.path), "baris": f.line, "bagian": f.field, "alasan": f.reason}
                    for f in loaded.faults
                ],
            }
        )
    else:
        for fault in loaded.faults:
            click.echo(str(fault), err=True)
        folders = " dan ".join(str(f) for f in app.folder_katalog() if f.is_dir())
        if loaded.faults:
            click.echo(f"{len(loaded.faults)} kesalahan dalam {loaded.files} berkas katalog ({folders}).", err=True)
        else:
            click.echo(f"Katalog baik: {loaded.files} berkas, {len(loaded.layanan)} layanan ({folders}).")
    if loaded.faults:
        sys.exit(1)


def _pasang_perintah_kantor() -> None:
    from . import meja
    from .kantor_ubah import logo_cmd, ttd_cmd, ubah_cmd

    for command in (ubah_cmd, logo_cmd, ttd_cmd):
        kantor_cmd.add_command(command)
    meja.pasang(kantor_cmd)


_pasang_perintah_kantor()
