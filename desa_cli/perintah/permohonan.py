"""Commands under 'Permohonan': ajukan, lengkapi, prioritas, daftar, lihat, tolak, batal."""

from __future__ import annotations

import click

from ..kesalahan import DesaError
from ..prioritas import GRUP
from . import _bersama
from ._bersama import antrean_adil, cetak_json, opsi_json, pass_app, setuju, tanya
from .jenis import BULAN, NOREG, STATUS

STANDAR_OPSI = (
    "nik",
    "nama",
    "tempat_lahir",
    "tanggal_lahir",
    "jenis_kelamin",
    "agama",
    "status_perkawinan",
    "pekerjaan",
    "kewarganegaraan",
    "alamat",
)


def _opsi_pemohon(f):
    for name in reversed(STANDAR_OPSI):
        f = click.option("--" + name.replace("_", "-"), name, help=None)(f)
    return f


@click.command("ajukan")
@click.argument("kode")
@_opsi_pemohon
@click.option(
    "--isi", multiple=True, metavar="NAMA=NILAI", help='Isian lain, misalnya --isi keperluan="Melamar kerja".'
)
@click.option("--data", "data_file", type=click.Path(exists=True, dir_okay=False), help="Berkas YAML berisi isian.")
@click.option("--ada", help="Persyaratan yang diserahkan: kode dipisah koma, atau 'semua'.")
@click.option(
    "--keluarga",
    "pakai_keluarga",
    is_flag=True,
    help="Isi daftar anggota keluarga (SKTM, pindah, ahli waris) dari data penduduk tanpa ditanya.",
)
@click.option(
    "--prioritas",
    "grup_prioritas",
    type=click.Choice(list(GRUP)),
    help="Layanan prioritas bagi kelompok rentan (UU 25/2009 Pasal 29).",
)
@opsi_json
@pass_app
def ajukan_cmd(app, kode, isi, data_file, ada, pakai_keluarga, grup_prioritas, as_json, **flags):
    """Catat permohonan baru dan cetak tanda terimanya.

    Isian dari opsi, --isi NAMA=NILAI, --data berkas.yaml, atau ditanyakan satu per satu.
    """
    from .. import acara
    from .. import isian as isian_mod
    from ..katalog import cari, periksa_tingkat

    info = app.kantor()
    layanan = cari(app.katalog(), kode, info.tingkat)
    periksa_tingkat(layanan, info.tingkat)
    fields = isian_mod.semua(layanan)
    raw = isian_mod.kumpulkan(data_file, isi, flags, [f["nama"] for f in fields])
    ask = _bersama.interaktif() and not as_json

    from ..penduduk import PendudukKantor

    data = PendudukKantor(lambda: app.register(info, baca_saja=True))

    def pemohon_lama(nik):
        with app.register(info, baca_saja=True) as reg:
            lama = reg.pemohon_lama(nik)
            data.muat(reg.tx, nik)
        return data.sebagai_pemohon(nik, lama, layanan.data.get("pemohon_wajib") or ())

    from ..penduduk_isi import Pengisi

    keluarga = _setuju_keluarga if ask and not pakai_keluarga else ((lambda *a: True) if pakai_keluarga else None)
    pengisi = Pengisi(data, info.tingkat, keluarga)
    hari_ini = app.sekarang().date()
    values, catatan = isian_mod.susun(
        fields,
        raw,
        pemohon_lama,
        *((_tanya, _pakai_lama(fields)) if ask else (None, None)),
        pengisi,
        setuju=setuju if ask else None,
        hari_ini=hari_ini,
    )
    pemohon, extra, peringatan = isian_mod.periksa(layanan, values, hari_ini)
    acara.periksa_dispensasi(extra, info.kalender())
    diserahkan = _diserahkan(layanan, ada, ask)
    grup_prioritas = grup_prioritas or (_tawarkan_prioritas(pemohon, hari_ini) if ask else None)
    with app.register(info) as reg:
        record = reg.ajukan(layanan, pemohon, extra, diserahkan, grup_prioritas)
    peringatan += reg.kalender.peringatan_tenggat(record.get("tenggat"))
    peringatan += acara.peringatan(record["isian"], reg.sekarang.date(), reg.kalender)
    from ..register import kurang

    if as_json:
        cetak_json({**record, "kurang": kurang(record), "peringatan": peringatan + catatan})
        return
    from .. import tampil

    for line in peringatan:
        click.echo(f"Peringatan: {line}", err=True)
    for line in catatan:
        click.echo(line, err=True)
    tampil.cetak(tampil.tanda_terima(record, info.nama, layanan.biaya_teks))


def _tawarkan_prioritas(pemohon: dict, hari_ini) -> str | None:
    """At a terminal: an applicant aged 60 or more (or under 18) by the NIK's birth date is offered
    the priority service; the mark is set only when the clerk says yes."""
    from .. import prioritas

    found = prioritas.tawaran(pemohon, hari_ini)
    if found is None:
        return None
    group, age = found
    question = f"Pemohon berusia {age} tahun menurut tanggal lahirnya. Layani sebagai prioritas {GRUP[group]}?"
    return group if setuju(question, default=False) else None


def _diserahkan(layanan, ada, ask) -> set:
    """The requirements handed in: from --ada, else asked one by one at a terminal, else none."""
    from ..register import baca_ada

    diserahkan = baca_ada(ada, layanan.data["persyaratan"])
    if diserahkan is not None:
        return diserahkan
    diserahkan = set()
    if ask:
        click.echo("Periksa berkas yang diserahkan:")
        for p in layanan.data["persyaratan"]:
            if setuju(f"  {p['nama']}{'' if p['wajib'] else ' (tidak wajib)'} ada?", default=False):
                diserahkan.add(p["kode"])
    return diserahkan


def _tanya(spec: dict, default=None):
    """One field asked at the terminal; with a default, the applicant's earlier value."""
    from .. import isian as isian_mod

    if spec.get("alasan"):
        click.echo(spec["alasan"] + ".")  # why the field is asked again (isian_nik.betulkan)
    if default is not None and spec["jenis"] in ("tanggal", "pilihan"):
        return _tanya_isian(spec, isian_mod, default)  # the NIK's value offered: the choices shown too
    if default is not None:
        return tanya(spec["label"], default=default, proses=lambda t: isian_mod.baca(spec, t))
    return _tanya_isian(spec, isian_mod)


def _pakai_lama(fields: list):
    labels = {f["nama"]: f["label"] for f in fields}

    def pakai_lama(lama: dict, names: list) -> bool:
        ringkas = ", ".join(f"{labels[n]}: {lama[n]}" for n in names)
        if lama.get("asal"):
            click.echo(f"Pemohon ada dalam {lama['asal']}. {ringkas}")
        else:
            click.echo(f"Pemohon ini pernah datang ({lama['noreg_terakhir']}). {ringkas}")
        return setuju("Pakai data ini?", default=True)

    return pakai_lama


def _setuju_keluarga(spec: dict, rows: list, orang: dict) -> bool:
    """At a terminal: show the family found and ask whether it fills the list."""
    click.echo(f"{spec['label']}: dari KK {orang['no_kk']} ({orang['nama']}) dalam data penduduk:")
    for number, row in enumerate(rows, 1):
        shown = ", ".join(str(v) for v in row.values())
        click.echo(f"  {number}. {shown}")
    return setuju("Isi daftar ini dengan mereka?", default=True)


def _tanya_isian(spec: dict, isian_mod, default=None):
    label = spec["label"]
    if spec.get("bantuan"):
        label += f" ({spec['bantuan']})"
    if spec["jenis"] == "pilihan":
        label += " [" + " / ".join(f"{i}. {c}" for i, c in enumerate(spec["pilihan"], 1)) + "]"
    if spec["jenis"] == "daftar":
        rows = []
        click.echo(f"{spec['label']}: isi baris demi baris; kosongkan kolom pertama untuk selesai.")
        while len(rows) < isian_mod.BARIS_DAFTAR:
            row = {}
            first = spec["kolom"][0]
            value = tanya(f"  Baris {len(rows) + 1}, {first['label']}", wajib=not rows)
            if not value:
                break
            row[first["nama"]] = value
            for kolom in spec["kolom"][1:]:
                row[kolom["nama"]] = tanya(
                    f"  Baris {len(rows) + 1}, {kolom['label']}",
                    wajib=kolom["wajib"],
                    proses=lambda t, k=kolom: isian_mod.baca(k, t),
                )
            rows.append(row)
        return rows
    if default is None and spec["nama"] == "kewarganegaraan":
        default = "WNI"
    return tanya(label, wajib=spec["wajib"], default=default, proses=lambda t: isian_mod.baca(spec, t))


@click.command("lengkapi")
@click.argument("noreg", type=NOREG)
@click.option("--ada", required=True, help="Persyaratan yang diserahkan: kode dipisah koma, atau 'semua'.")
@opsi_json
@pass_app
def lengkapi_cmd(app, noreg, ada, as_json):
    """Catat berkas yang diserahkan menyusul; status mengikuti."""
    from ..register import kurang

    info = app.kantor()
    note = antrean_adil(app, info, noreg, "melengkapi")
    with app.register(info) as reg:
        record = reg.lengkapi(noreg, ada, catatan=note)
    if as_json:
        cetak_json({**record, "kurang": kurang(record)})
        return
    from .. import tampil

    if kurang(record):
        click.echo(f"{record['noreg']}: masih kurang {', '.join(kurang(record))}.")
    else:
        click.echo(f"{record['noreg']}: berkas lengkap. Selesai paling lambat {tampil.tenggat_teks(record)}.")


@click.command("prioritas")
@click.argument("noreg", type=NOREG)
@click.argument("grup", type=click.Choice(list(GRUP)), required=False, metavar="[GRUP]")
@click.option("--hapus", is_flag=True, help="Hapus tanda prioritas.")
@click.option("--alasan", required=True, help="Alasan perubahan (wajib), tercatat dalam riwayat.")
@opsi_json
@pass_app
def prioritas_cmd(app, noreg, grup, hapus, alasan, as_json):
    """Pasang atau hapus tanda layanan prioritas (kelompok rentan) pada permohonan yang masih terbuka.

    GRUP: lansia, disabilitas, hamil, anak, bencana. Contoh: desa prioritas 2026-00042 lansia
    --alasan "Pemohon berusia 70 tahun, lupa disebut saat pengajuan".
    """
    from .. import prioritas

    if bool(grup) == bool(hapus):
        raise click.UsageError("Sebutkan GRUP, atau --hapus.")
    with app.register() as reg:
        record = prioritas.ubah(reg, noreg, None if hapus else grup, alasan)
    if as_json:
        cetak_json(record)
    elif hapus:
        click.echo(f"{record['noreg']}: tanda prioritas dihapus. Alasan: {record['alasan_prioritas']}")
    else:
        click.echo(f"{record['noreg']}: layanan prioritas {GRUP[grup]}. Alasan: {record['alasan_prioritas']}")


def _akhiri(app, noreg, alasan, status, boleh_dari, as_json):
    with app.register() as reg:
        record = reg.akhiri(noreg, status, alasan, boleh_dari)
    if as_json:
        cetak_json(record)
    else:
        click.echo(f"{record['noreg']}: {status}. Alasan: {record['alasan']}")


@click.command("tolak")
@click.argument("noreg", type=NOREG)
@click.option("--alasan", required=True, help="Alasan penolakan (wajib).")
@opsi_json
@pass_app
def tolak_cmd(app, noreg, alasan, as_json):
    """Tolak permohonan, dengan alasannya."""
    _akhiri(app, noreg, alasan, "ditolak", ("belum_lengkap", "lengkap"), as_json)


@click.command("batal")
@click.argument("noreg", type=NOREG)
@click.option("--alasan", required=True, help="Alasan pembatalan (wajib).")
@opsi_json
@pass_app
def batal_cmd(app, noreg, alasan, as_json):
    """Batalkan permohonan atas permintaan pemohon, dengan alasannya."""
    _akhiri(app, noreg, alasan, "batal", ("belum_lengkap", "lengkap", "selesai"), as_json)


@click.command("daftar")
@click.option(
    "--status",
    "status_",
    type=STATUS,
    help="Hanya status ini (bawaan: yang masih terbuka).",
)
@click.option("--layanan", "layanan_kode", help="Hanya layanan ini (kode, singkatan atau kata).")
@click.option("--bulan", type=BULAN, help="Hanya yang diterima pada bulan ini, misalnya 2026-11.")
@click.option("--cari", help="Nama atau NIK pemohon.")
@click.option("--terlambat", is_flag=True, help="Hanya yang sudah lewat tenggat.")
@opsi_json
@pass_app
def daftar_cmd(app, status_, layanan_kode, bulan, cari, terlambat, as_json):
    """Antrean permohonan: layanan prioritas dulu, lalu menurut urutan datang, dengan tenggat dan sisa hari kerja."""
    info = app.kantor()
    kode = None
    if layanan_kode:
        from ..katalog import cari as cari_layanan

        kode = cari_layanan(app.katalog(), layanan_kode, info.tingkat).kode
    with app.register(info, baca_saja=True) as reg:
        records, sisa = reg.antrean(status_, kode, bulan, cari, terlambat)
    if as_json:
        cetak_json([{**r, "sisa_hari_kerja": sisa.get(r["noreg"])} for r in records])
        return
    if not records:
        click.echo("Tidak ada permohonan yang cocok.")
        return
    from .. import tampil

    tampil.cetak(tampil.tabel_daftar(records, sisa))
    lewat = sum(1 for v in sisa.values() if v < 0)
    click.echo(f"{len(records)} permohonan" + (f", {lewat} lewat tenggat." if lewat else "."))


@click.command("lihat")
@click.argument("noreg", type=NOREG)
@opsi_json
@pass_app
def lihat_cmd(app, noreg, as_json):
    """Tampilkan satu permohonan lengkap dengan riwayatnya."""
    from .. import isian as isian_mod
    from ..katalog import ISIAN_PEMOHON

    with app.register(baca_saja=True) as reg:
        record = reg.ambil(noreg)
        riwayat = reg.riwayat(record["noreg"])
    if as_json:
        cetak_json({**record, "riwayat": riwayat})
        return
    from .. import tampil

    labels = {f["nama"]: f["label"] for f in ISIAN_PEMOHON}
    try:
        layanan = app.katalog().layanan.get(record["layanan"])
        if layanan is not None:
            labels.update({f["nama"]: f["label"] for f in isian_mod.semua(layanan)})
    except DesaError:
        pass  # a broken catalogue must not hide the register: show raw field names
    tampil.cetak(tampil.permohonan(record, riwayat, labels))


@click.command("tanda-terima")
@click.argument("noreg", type=NOREG)
@click.option("--docx", "docx_path", metavar="BERKAS", help="Tulis tanda terima setengah halaman (A5) ke BERKAS.docx.")
@click.option("--pdf", is_flag=True, help="Buat juga PDF dari --docx dengan LibreOffice.")
@click.option("--teks", type=click.Choice(["58", "80"]), help="Teks untuk printer struk 58 mm atau 80 mm.")
@click.option("--keluar", metavar="BERKAS", help="Tulis --teks ke BERKAS, bukan ke layar.")
@pass_app
def tanda_terima_cmd(app, noreg, docx_path, pdf, teks, keluar):
    """Cetak ulang tanda terima permohonan: setengah halaman .docx/PDF, atau teks printer struk.

    Tanda terima bukan surat: tidak memakai nomor dari buku surat keluar.
    """
    from .. import keluaran, tanda_terima

    if not docx_path and not teks:
        raise click.UsageError("Sebutkan --docx BERKAS.docx, atau --teks 58 / --teks 80.")
    if pdf and not docx_path:
        raise click.UsageError("--pdf dibuat dari --docx BERKAS.docx; sebutkan juga --docx.")
    if keluar and not teks:
        raise click.UsageError("--keluar menulis teks --teks 58 / --teks 80; sebutkan juga --teks.")
    _bersama.periksa_keluaran(docx_path, akhiran=(".docx",))
    _bersama.periksa_keluaran(keluar)
    info = app.kantor()
    with app.register(info, baca_saja=True) as reg:
        record = reg.ambil(noreg)
    try:
        layanan = app.katalog().layanan.get(record["layanan"])
    except DesaError:
        layanan = None  # a broken catalogue must not keep the receipt from the applicant
    data = tanda_terima.isi(record, info.nama, layanan, info.data.get("alamat") or "")
    if docx_path:
        _bersama.tulis_dokumen(docx_path, tanda_terima.docx(data))
    if pdf:
        from pathlib import Path

        from .. import cetak as cetak_mod

        click.echo(f"Ditulis: {cetak_mod.ke_pdf([Path(docx_path)], info.data_folder)[0]}")
    if teks:
        text = tanda_terima.teks(data, tanda_terima.LEBAR[teks])
        if keluar:
            keluaran.tulis(keluar, text.encode("ascii"))
            click.echo(f"Ditulis: {keluar}")
        else:
            click.echo(text, nl=False)
