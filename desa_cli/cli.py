"""The `desa` command: parse, call the core, show the result. No logic of its own lives here.

Heavy libraries (rich, and later docxtpl, holidays) are imported inside the commands that use
them, so that `desa --help` and `desa syarat` start quickly on an old office laptop.
"""

from __future__ import annotations

import json
import os
import sys

import click

from . import __version__, klik_id
from .kesalahan import DesaError, bukan_utf8, pesan_berkas

klik_id.pasang()

# Commands under headings in `desa --help`, in the order a clerk meets them.
KELOMPOK = (
    ("Layanan dan persyaratan", ("layanan", "syarat")),
    ("Permohonan", ("ajukan", "lengkapi", "daftar", "lihat", "tolak", "batal")),
    ("Surat", ("cetak", "serahkan", "buku", "verifikasi")),
    ("Pengawasan", ("periksa", "riwayat", "ekspor", "pulihkan", "aduan", "survei")),
    ("Untuk dipajang dan dilaporkan", ("laporan", "gabung", "standar", "maklumat")),
    ("Pengelolaan", ("init", "kantor", "katalog")),
)


class Aplikasi:
    """What every command shares: the office in use, the catalogue, the screen."""

    def __init__(self, kantor: str | None):
        self.opsi_kantor = kantor
        self._lokasi = None
        self._lokasi_dicari = False

    @property
    def lokasi(self):
        """The office folder in use, or None when there is none yet."""
        if not self._lokasi_dicari:
            from . import kantor

            self._lokasi = kantor.find(self.opsi_kantor)
            self._lokasi_dicari = True
        return self._lokasi

    def folder_katalog(self) -> list:
        from . import katalog

        folders = [katalog.bundled_folder()]
        if self.lokasi is not None:
            folders.append(self.lokasi.katalog)
        return folders

    def katalog(self, utuh: bool = True):
        """The catalogue in force; with `utuh`, refuse to go on while any file is wrong."""
        from . import katalog

        loaded = katalog.load(self.folder_katalog())
        if utuh and loaded.faults:
            raise katalog.KatalogRusak(loaded.faults)
        return loaded

    def tingkat(self) -> str:
        from . import kantor

        return kantor.read_tingkat(self.lokasi)

    def kantor(self):
        """The office in use, or the one-line refusal that names `desa init`."""
        from . import kantor

        return kantor.muat(self.lokasi)

    @staticmethod
    def petugas() -> str:
        """The clerk's name, kept with every event: checked like any text that goes into the register."""
        import getpass

        from .isian import PANJANG_NAMA, teks_aman

        name = os.environ.get("DESA_PETUGAS", "")
        if name.strip():
            return teks_aman(name, "Nama petugas (DESA_PETUGAS)", PANJANG_NAMA)
        try:
            name = getpass.getuser()
        except Exception:  # no user name on some Windows set-ups
            return "petugas"
        return teks_aman(name, "Nama pengguna komputer (atur DESA_PETUGAS)", PANJANG_NAMA)

    @staticmethod
    def sekarang():
        """The time of the action; DESA_WAKTU (ISO) fixes it, for tests and training."""
        import datetime as dt

        fixed = os.environ.get("DESA_WAKTU")
        if fixed:
            try:
                return dt.datetime.fromisoformat(fixed)
            except ValueError:
                raise DesaError(f"DESA_WAKTU '{fixed}' bukan waktu ISO (contoh: 2026-11-23T09:00).") from None
        return dt.datetime.now().replace(microsecond=0)

    def register(self, kantor=None, baca_saja: bool = False):
        """`with app.register() as reg:` one locked transaction over the office's register.
        `baca_saja`: the command only reads, and may run on a folder that cannot be written."""
        import contextlib

        from .register import Register
        from .storage import Transaksi

        kantor = kantor or self.kantor()

        @contextlib.contextmanager
        def opened():
            self.sekarang()  # a wrong DESA_WAKTU is refused before the lock is taken
            with Transaksi(kantor.data_folder, baca_saja=baca_saja) as tx:
                # The time is read under the lock: a command that waited for it must not write an
                # event dated before the one written while it waited (periksa: time never goes back).
                sekarang = self.sekarang()
                tx.hari_ini = sekarang.date()
                yield Register(
                    tx, self.petugas(), sekarang, kantor.kalender(), kode_wilayah=kantor.data.get("kode_wilayah")
                )

        return opened()


def cetak_json(data) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=2)
    if not text.isascii():
        import re
        import unicodedata

        from .isian import KATEGORI_TERLARANG

        # Control and invisible characters stored by old versions go out as \u escapes, the same JSON.
        def escape(match):
            char = match.group()
            return json.dumps(char)[1:-1] if unicodedata.category(char) in KATEGORI_TERLARANG else char

        text = re.sub(r"[^\x00-\x7f]", escape, text)
    click.echo(text)


class KelompokPerintah(click.Group):
    """A group that lists its commands under headings and turns refusals into one clean line."""

    def list_commands(self, ctx):
        order = [name for _, names in KELOMPOK for name in names]
        rest = sorted(name for name in self.commands if name not in order)
        return [name for name in order if name in self.commands] + rest

    def format_commands(self, ctx, formatter):
        placed = set()
        for heading, names in KELOMPOK:
            self._section(ctx, formatter, heading, [n for n in names if n in self.commands])
            placed.update(names)
        self._section(ctx, formatter, "Perintah lain", sorted(n for n in self.commands if n not in placed))

    def _section(self, ctx, formatter, heading, names):
        rows = []
        for name in names:
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=formatter.width - 20)))
        if rows:
            with formatter.section(heading):
                formatter.write_dl(rows)

    def parse_args(self, ctx, args):
        # Bytes that are not UTF-8 (a terminal in another code page) arrive as lone surrogates and
        # would break the register's JSON; refuse them before anything runs.
        for number, arg in enumerate(args):
            if bukan_utf8(arg):
                if arg.startswith("--") and "=" in arg:
                    name = f"Nilai {arg.split('=', 1)[0]}"
                elif number and args[number - 1].startswith("-"):
                    name = f"Nilai {args[number - 1]}"
                else:
                    name = f"Argumen ke-{number + 1}"
                raise click.ClickException(
                    f"{name} berisi huruf yang tidak terbaca (bukan UTF-8). Ketik ulang nilainya, "
                    "atau atur terminal ke UTF-8."
                )
        return super().parse_args(ctx, args)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except DesaError as exc:
            # One line always: a typed value with a line break in it is shown as \n.
            raise click.ClickException(str(exc).replace("\r", "\\r").replace("\n", "\\n")) from None
        except BrokenPipeError:
            raise  # the reader of our output left: main() says nothing
        except OSError as exc:  # a full disk, a missing folder, a file in use: name it, in words
            raise click.ClickException(pesan_berkas(exc).replace("\r", "\\r").replace("\n", "\\n")) from None


@click.group("desa", cls=KelompokPerintah, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--kantor",
    metavar="FOLDER",
    help="Folder kantor yang dipakai (bawaan: DESA_KANTOR, lalu kantor.yaml terdekat, lalu folder pengguna).",
)
@click.version_option(__version__, "--version", "-V", prog_name="desa")
@click.pass_context
def cli(ctx, kantor):
    """Layanan surat di loket kantor desa, kelurahan dan kecamatan.

    Persyaratan, antrean dan batas waktu yang sama untuk setiap warga.
    """
    ctx.obj = Aplikasi(kantor)


pass_app = click.make_pass_decorator(Aplikasi)
opsi_json = click.option("--json", "as_json", is_flag=True, help="Keluaran JSON untuk skrip.")


@cli.command()
@click.argument("kata", required=False)
@click.option("--tingkat", type=click.Choice(["desa", "kelurahan", "kecamatan"]), help="Hanya layanan tingkat ini.")
@opsi_json
@pass_app
def layanan(app, kata, tingkat, as_json):
    """Daftar layanan: kode, nama, tingkat, waktu dan biaya.

    KATA menyaring layanan, misalnya 'desa layanan usaha'.
    """
    from .katalog import saring

    daftar = saring(app.katalog(), kata)
    if tingkat:
        daftar = [layanan for layanan in daftar if layanan.tingkat == tingkat]
    if as_json:
        cetak_json([layanan.data for layanan in daftar])
        return
    from . import tampil

    if not daftar:
        click.echo(f"Tidak ada layanan yang cocok dengan '{kata}'. Lihat semua layanan dengan 'desa layanan'.")
        return
    tampil.cetak(tampil.tabel_layanan(daftar))
    click.echo("Lihat persyaratan satu layanan dengan: desa syarat KODE")


@cli.command()
@click.argument("kode")
@opsi_json
@pass_app
def syarat(app, kode, as_json):
    """Standar pelayanan satu layanan: persyaratan, prosedur, waktu, biaya.

    KODE boleh kode layanan (izin-keramaian), singkatan (sktm) atau kata dari namanya (keramaian).
    """
    from .katalog import cari

    layanan = cari(app.katalog(), kode, app.tingkat())
    if as_json:
        cetak_json(layanan.data)
        return
    from . import tampil

    tampil.cetak(tampil.standar_layanan(layanan))


@cli.group(cls=KelompokPerintah)
def katalog():
    """Periksa katalog layanan bawaan dan milik kantor."""


@katalog.command("periksa")
@opsi_json
@pass_app
def katalog_periksa(app, as_json):
    """Periksa semua berkas katalog dan templat surat, dan laporkan semua kesalahan sekaligus."""
    from .surat import periksa_templat

    loaded = app.katalog(utuh=False)
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


def interaktif() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def tanya(label: str, wajib: bool = True, default=None, proses=None):
    """Ask until the answer is acceptable; `proses` raises DesaError for a wrong one."""

    def check(text):
        if not str(text).strip():
            if wajib:
                raise click.UsageError("wajib diisi")
            return None
        if proses is None:
            return text
        try:
            return proses(text)
        except DesaError as exc:
            raise click.UsageError(str(exc)) from None

    return click.prompt(
        label,
        default=default if default is not None else ("" if not wajib else None),
        value_proc=check,
        show_default=default not in (None, ""),
    )


@cli.command()
@click.argument("folder", required=False, type=click.Path(file_okay=False))
@click.option("--tingkat", type=click.Choice(["desa", "kelurahan", "kecamatan"]), help="Tingkat kantor (bawaan: desa).")
@click.option("--provinsi")
@click.option("--kabupaten", help="Nama kabupaten/kota.")
@click.option("--kecamatan")
@click.option("--desa", help="Nama desa.")
@click.option("--kelurahan", help="Nama kelurahan (untuk kantor kelurahan).")
@click.option("--kode-wilayah", help="Kode wilayah Kemendagri, misalnya 35.05.01.2001.")
@click.option("--kepala-desa", help="Nama kepala desa atau lurah.")
@click.option("--camat", help="Nama camat (untuk kantor kecamatan).")
@click.option("--nip", help="NIP kepala kantor, bila PNS.")
@click.option("--alamat", help="Alamat kantor.")
@click.option("--kode-pos")
@click.option("--telepon")
@click.option("--email")
@click.option("--logo", type=click.Path(exists=True, dir_okay=False), help="Berkas gambar lambang kabupaten.")
@pass_app
def init(app, folder, **nilai):
    """Buat folder kantor baru (kantor.yaml, katalog, templat, data, arsip)."""
    from pathlib import Path

    from . import kantor

    target = Path(folder) if folder else kantor.default_folder()
    if (target / kantor.KANTOR_YAML).exists():
        raise DesaError(f"Sudah ada kantor di {target}; tidak ditimpa.")
    ask = interaktif()
    tingkat = nilai["tingkat"] or (
        tanya(
            "Tingkat kantor (desa/kelurahan/kecamatan)",
            default="desa",
            proses=lambda t: _pilih(t, ["desa", "kelurahan", "kecamatan"]),
        )
        if ask
        else "desa"
    )
    nama_desa = nilai["kelurahan"] if tingkat == "kelurahan" else nilai["desa"]
    nama_desa = nama_desa or nilai["desa"] or nilai["kelurahan"]
    kepala = nilai["camat"] if tingkat == "kecamatan" else nilai["kepala_desa"]
    kepala = kepala or nilai["kepala_desa"] or nilai["camat"]
    values = {
        "tingkat": tingkat,
        "provinsi": nilai["provinsi"],
        "kabupaten": nilai["kabupaten"],
        "kecamatan": nilai["kecamatan"],
        "desa": nama_desa,
        "kode_wilayah": nilai["kode_wilayah"],
        "kepala": kepala,
        "nip": nilai["nip"],
        "alamat": nilai["alamat"],
        "kode_pos": nilai["kode_pos"],
        "telepon": nilai["telepon"],
        "email": nilai["email"],
    }
    kepala_label = {"desa": "Nama kepala desa", "kelurahan": "Nama lurah", "kecamatan": "Nama camat"}[tingkat]
    wajib = [
        ("provinsi", "Provinsi", "--provinsi"),
        ("kabupaten", "Kabupaten/kota", "--kabupaten"),
        ("kecamatan", "Kecamatan", "--kecamatan"),
    ]
    if tingkat != "kecamatan":
        wajib.append(("desa", "Nama " + tingkat, "--" + tingkat))
    wajib += [
        ("kode_wilayah", "Kode wilayah Kemendagri", "--kode-wilayah"),
        ("kepala", kepala_label, "--camat" if tingkat == "kecamatan" else "--kepala-desa"),
    ]
    pilihan = [
        ("nip", "NIP kepala (kosongkan bila bukan PNS)"),
        ("alamat", "Alamat kantor"),
        ("kode_pos", "Kode pos"),
        ("telepon", "Telepon"),
        ("email", "E-mail"),
    ]
    if ask:
        for key, label, _ in wajib:
            if not values[key]:
                proses = (lambda t: kantor.periksa_kode_wilayah(t, tingkat)[0]) if key == "kode_wilayah" else None
                values[key] = tanya(label, proses=proses)
        for key, label in pilihan:
            if not values[key]:
                values[key] = tanya(label, wajib=False)
    missing = [flag for key, _, flag in wajib if not values[key]]
    if missing:
        raise DesaError(f"Isian kantor belum lengkap: {', '.join(missing)}.")
    made, warnings = kantor.buat(target, values, Path(nilai["logo"]) if nilai["logo"] else None)
    for warning in warnings:
        click.echo(f"Peringatan: {warning}", err=True)
    click.echo(f"Kantor {made.nama} dibuat di {made.folder}")
    click.echo("Periksa dan lengkapi kantor.yaml (alamat, penandatangan), lalu lihat dengan 'desa kantor'.")


def _pilih(text: str, choices: list) -> str:
    for choice in choices:
        if text.strip().lower() == choice:
            return choice
    raise DesaError(f"pilih salah satu: {', '.join(choices)}")


@cli.command("kantor")
@opsi_json
@pass_app
def kantor_cmd(app, as_json):
    """Tampilkan kantor yang dipakai dan letak berkasnya."""
    info = app.kantor()
    years = sorted(p.name for p in info.data_folder.glob("register-*.json"))
    if as_json:
        cetak_json(
            {"folder": str(info.folder), "dipilih_dari": info.lokasi.sumber, "kantor": info.data, "register": years}
        )
        return
    from . import tampil

    d = info.data
    rows = [
        ("Kantor", info.nama),
        ("Wilayah", f"Kecamatan {d['kecamatan']}, {d['kabupaten']}, {d['provinsi']}"),
        ("Kode wilayah", d["kode_wilayah"]),
        ("Kepala", f"{d['penandatangan']['kepala']['jabatan']}: {d['penandatangan']['kepala']['nama']}"),
        ("Folder", f"{info.folder} (dipilih dari {info.lokasi.sumber})"),
        ("Register", ", ".join(years) if years else "belum ada permohonan"),
        ("Hari kerja", ", ".join(d["hari_kerja"]) + ("; cuti bersama libur" if d["cuti_bersama_libur"] else "")),
    ]
    tampil.cetak(tampil.baris(rows))
    year = app.sekarang().year
    if d["cuti_bersama_libur"] and not info.kalender().cuti_bersama_dikenal(year):
        click.echo(
            f"Peringatan: cuti bersama {year} belum dikenal aplikasi ini (paket holidays). Perbarui aplikasi, "
            "atau tulis tanggalnya di libur_tambahan dalam kantor.yaml.",
            err=True,
        )


def _ada(text: str | None, layanan_persyaratan: list) -> set | None:
    """The requirement codes of `--ada`: a comma list, or 'semua'. None when not given."""
    if text is None:
        return None
    known = [p["kode"] for p in layanan_persyaratan]
    if text.strip().lower() == "semua":
        return set(known)
    codes = {c.strip() for c in text.split(",") if c.strip()}
    unknown = sorted(codes - set(known))
    if unknown:
        raise DesaError(f"Kode persyaratan tidak dikenal: {', '.join(unknown)}. Yang ada: {', '.join(known)}.")
    return codes


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


@cli.command()
@click.argument("kode")
@_opsi_pemohon
@click.option(
    "--isi", multiple=True, metavar="NAMA=NILAI", help='Isian lain, misalnya --isi keperluan="Melamar kerja".'
)
@click.option("--data", "data_file", type=click.Path(exists=True, dir_okay=False), help="Berkas YAML berisi isian.")
@click.option("--ada", help="Persyaratan yang diserahkan: kode dipisah koma, atau 'semua'.")
@opsi_json
@pass_app
def ajukan(app, kode, isi, data_file, ada, as_json, **flags):
    """Catat permohonan baru dan cetak tanda terimanya.

    Isian dari opsi, --isi NAMA=NILAI, --data berkas.yaml, atau ditanyakan satu per satu.
    """
    from . import isian as isian_mod
    from .katalog import cari

    info = app.kantor()
    layanan = cari(app.katalog(), kode, info.tingkat)
    fields = isian_mod.semua(layanan)
    by_name = {f["nama"]: f for f in fields}
    raw = _kumpulkan(data_file, isi, flags, by_name)
    ask = interaktif() and not as_json
    values: dict = {}

    def take(spec):
        if raw.get(spec["nama"]) not in (None, ""):
            values[spec["nama"]] = isian_mod.baca(spec, raw[spec["nama"]])

    nik_spec = by_name["nik"]
    if raw.get("nik") in (None, "") and ask:
        raw["nik"] = tanya(nik_spec["label"], proses=lambda t: isian_mod.baca(nik_spec, t))
    take(nik_spec)
    catatan = []
    if "nik" in values:
        with app.register(info) as reg:
            lama = reg.pemohon_lama(values["nik"])
        if lama:
            from .katalog import NAMA_ISIAN_PEMOHON

            kosong = [n for n in NAMA_ISIAN_PEMOHON if raw.get(n) in (None, "") and lama.get(n)]
            if kosong and ask:
                ringkas = ", ".join(f"{by_name[n]['label']}: {lama[n]}" for n in kosong)
                click.echo(f"Pemohon ini pernah datang ({lama['noreg_terakhir']}). {ringkas}")
                if click.confirm("Pakai data ini?", default=True):
                    raw.update({n: lama[n] for n in kosong})
                else:
                    for n in kosong:
                        raw[n] = tanya(
                            by_name[n]["label"], default=lama[n], proses=lambda t, s=by_name[n]: isian_mod.baca(s, t)
                        )
            elif kosong:
                raw.update({n: lama[n] for n in kosong})
                catatan.append(f"Data pemohon diambil dari permohonan {lama['noreg_terakhir']}.")
    if raw.get("kewarganegaraan") in (None, "") and not ask:
        raw["kewarganegaraan"] = "WNI"
    for spec in fields:
        if spec["nama"] in values:
            continue
        if raw.get(spec["nama"]) in (None, "") and ask:
            raw[spec["nama"]] = _tanya_isian(spec, isian_mod)
        take(spec)
    missing = [f"{s['label']} ({s['nama']})" for s in fields if s["wajib"] and s["nama"] not in values]
    if missing:
        raise DesaError(
            f"Isian belum diisi: {', '.join(missing)}. Isi dengan opsi, --isi NAMA=NILAI atau --data berkas.yaml."
        )
    pemohon = {n: values[n] for n in STANDAR_OPSI if n in values}
    extra = {s["nama"]: values[s["nama"]] for s in layanan.data["isian"] if s["nama"] in values}
    peringatan = isian_mod.periksa_pemohon(pemohon)
    diserahkan = _ada(ada, layanan.data["persyaratan"])
    if diserahkan is None:
        diserahkan = set()
        if ask:
            click.echo("Periksa berkas yang diserahkan:")
            for p in layanan.data["persyaratan"]:
                if click.confirm(f"  {p['nama']}{'' if p['wajib'] else ' (tidak wajib)'} ada?", default=False):
                    diserahkan.add(p["kode"])
    with app.register(info) as reg:
        record = reg.ajukan(layanan, pemohon, extra, diserahkan)
    from .register import kurang

    if as_json:
        cetak_json({**record, "kurang": kurang(record), "peringatan": peringatan + catatan})
        return
    from . import tampil

    for line in peringatan:
        click.echo(f"Peringatan: {line}", err=True)
    for line in catatan:
        click.echo(line, err=True)
    tampil.cetak(tampil.tanda_terima(record, info.nama, layanan.biaya_teks))


def _kumpulkan(data_file, isi, flags, by_name) -> dict:
    """Values from --data, then --isi, then the named flags: a later source wins."""
    raw: dict = {}
    if data_file:
        from .isian import BERKAS_DATA_MAKS

        if os.path.getsize(data_file) > BERKAS_DATA_MAKS:
            raise DesaError(
                f"Berkas --data {data_file} terlalu besar ({os.path.getsize(data_file) // 1024} KB; paling besar "
                f"{BERKAS_DATA_MAKS // 1024} KB untuk isian satu permohonan)."
            )
        import yaml

        from .yamlskema import YamlBerbahaya, muat_aman

        try:
            with open(data_file, "rb") as handle:
                loaded = muat_aman(handle.read())
        except YamlBerbahaya as exc:
            raise DesaError(f"Berkas --data {data_file}, baris {exc.line}: ditolak: {exc.reason}.") from None
        except yaml.reader.ReaderError:
            raise DesaError(f"Berkas --data {data_file} bukan teks UTF-8; simpan ulang sebagai UTF-8.") from None
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f", baris {mark.line + 1}" if mark else ""
            raise DesaError(f"Berkas --data {data_file}{where}: penulisan YAML salah.") from None
        if loaded is None:
            loaded = {}
        if not isinstance(loaded, dict):
            raise DesaError(f"Berkas --data {data_file} harus berisi pasangan 'nama: nilai'.")
        raw.update({str(k): v for k, v in loaded.items()})
    for item in isi:
        if "=" not in item:
            raise DesaError(f"--isi '{item}' harus berbentuk NAMA=NILAI.")
        key, value = item.split("=", 1)
        raw[key.strip()] = value
    raw.update({k: v for k, v in flags.items() if v is not None})
    unknown = sorted(k for k in raw if k not in by_name)
    if unknown:
        # A name typed with a line break or a tab is shown as such, so the message stays one line.
        shown = ", ".join(k if k.isprintable() and k.strip() == k and k else repr(k) for k in unknown)
        raise DesaError(f"Isian tidak dikenal untuk layanan ini: {shown}. Yang ada: {', '.join(by_name)}.")
    return raw


def _tanya_isian(spec: dict, isian_mod):
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
    default = "WNI" if spec["nama"] == "kewarganegaraan" else None
    return tanya(label, wajib=spec["wajib"], default=default, proses=lambda t: isian_mod.baca(spec, t))


def antrean_adil(app, info, noreg: str, tindakan: str) -> dict | None:
    """Warn (never refuse) when complete applications that came earlier still wait; ask at a
    terminal whether to go on. Returns the note kept with the event, or exits when put off."""
    with app.register(info) as reg:
        earlier = reg.lebih_dulu(noreg)
    if not earlier:
        return None
    click.echo(
        f"Peringatan: {len(earlier)} permohonan lengkap yang datang lebih dulu masih menunggu; "
        f"yang tertua {earlier[0]}. Layani menurut urutan datang.",
        err=True,
    )
    note = {"antrean": {"menunggu": len(earlier), "tertua": earlier[0], "pilihan": "lanjut"}}
    if interaktif() and not click.confirm(f"Tetap {tindakan} {noreg} sekarang?", default=False, err=True):
        note["antrean"]["pilihan"] = "tunda"
        with app.register(info) as reg:
            reg.catat_antrean(noreg, note)
        raise DesaError(f"{noreg} ditunda; layani dulu {earlier[0]}.")
    return note


@cli.command()
@click.argument("noreg")
@click.option("--ada", required=True, help="Persyaratan yang diserahkan: kode dipisah koma, atau 'semua'.")
@opsi_json
@pass_app
def lengkapi(app, noreg, ada, as_json):
    """Catat berkas yang diserahkan menyusul; status mengikuti."""
    from .register import kurang

    info = app.kantor()
    note = antrean_adil(app, info, noreg, "melengkapi")
    with app.register(info) as reg:
        record = reg.lengkapi(noreg, _ada(ada, reg.ambil(noreg)["persyaratan"]), catatan=note)
    if as_json:
        cetak_json({**record, "kurang": kurang(record)})
        return
    from . import tampil

    if kurang(record):
        click.echo(f"{record['noreg']}: masih kurang {', '.join(kurang(record))}.")
    else:
        click.echo(f"{record['noreg']}: berkas lengkap. Selesai paling lambat {tampil.tenggat_teks(record)}.")


def _akhiri(app, noreg, alasan, status, boleh_dari, as_json):
    with app.register() as reg:
        record = reg.akhiri(noreg, status, alasan, boleh_dari)
    if as_json:
        cetak_json(record)
    else:
        click.echo(f"{record['noreg']}: {status}. Alasan: {record['alasan']}")


@cli.command()
@click.argument("noreg")
@click.option("--alasan", required=True, help="Alasan penolakan (wajib).")
@opsi_json
@pass_app
def tolak(app, noreg, alasan, as_json):
    """Tolak permohonan, dengan alasannya."""
    _akhiri(app, noreg, alasan, "ditolak", ("belum_lengkap", "lengkap"), as_json)


@cli.command()
@click.argument("noreg")
@click.option("--alasan", required=True, help="Alasan pembatalan (wajib).")
@opsi_json
@pass_app
def batal(app, noreg, alasan, as_json):
    """Batalkan permohonan atas permintaan pemohon, dengan alasannya."""
    _akhiri(app, noreg, alasan, "batal", ("belum_lengkap", "lengkap", "selesai"), as_json)


@cli.command()
@click.option(
    "--status",
    "status_",
    type=click.Choice(["belum_lengkap", "lengkap", "selesai", "diambil", "ditolak", "batal", "semua"]),
    help="Hanya status ini (bawaan: yang masih terbuka).",
)
@click.option("--layanan", "layanan_kode", help="Hanya layanan ini (kode, singkatan atau kata).")
@click.option("--bulan", help="Hanya yang diterima pada bulan ini, misalnya 2026-11.")
@click.option("--cari", help="Nama atau NIK pemohon.")
@click.option("--terlambat", is_flag=True, help="Hanya yang sudah lewat tenggat.")
@opsi_json
@pass_app
def daftar(app, status_, layanan_kode, bulan, cari, terlambat, as_json):
    """Antrean permohonan menurut urutan datang, dengan tenggat dan sisa hari kerja."""
    import re

    from .register import TERBUKA

    info = app.kantor()
    if bulan and not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", bulan):
        raise DesaError(f"--bulan '{bulan}' salah; tulis seperti 2026-11.")
    kode = None
    if layanan_kode:
        from .katalog import cari as cari_layanan

        kode = cari_layanan(app.katalog(), layanan_kode, info.tingkat).kode
    wanted = TERBUKA if status_ is None else (None if status_ == "semua" else (status_,))
    with app.register(info, baca_saja=True) as reg:
        records = reg.daftar(bulan, hanya_terbuka=wanted is not None and set(wanted) <= set(TERBUKA))
        today = reg.sekarang.date()
    needle = (cari or "").strip().lower()
    records = [
        r
        for r in records
        if (wanted is None or r["status"] in wanted)
        and (kode is None or r["layanan"] == kode)
        and (not bulan or r["diterima"].startswith(bulan))
        and (not needle or needle in r["pemohon"]["nama"].lower() or needle == r["pemohon"]["nik"])
    ]
    import datetime as dt

    kal = info.kalender()
    sisa = {
        r["noreg"]: kal.sisa(today, dt.date.fromisoformat(r["tenggat"]))
        for r in records
        if r.get("tenggat") and r["status"] in TERBUKA
    }
    if terlambat:
        records = [r for r in records if sisa.get(r["noreg"], 0) < 0]
    if as_json:
        cetak_json([{**r, "sisa_hari_kerja": sisa.get(r["noreg"])} for r in records])
        return
    if not records:
        click.echo("Tidak ada permohonan yang cocok.")
        return
    from . import tampil

    tampil.cetak(tampil.tabel_daftar(records, sisa))
    lewat = sum(1 for v in sisa.values() if v < 0)
    click.echo(f"{len(records)} permohonan" + (f", {lewat} lewat tenggat." if lewat else "."))


@cli.command()
@click.argument("noreg")
@opsi_json
@pass_app
def lihat(app, noreg, as_json):
    """Tampilkan satu permohonan lengkap dengan riwayatnya."""
    from . import isian as isian_mod
    from .katalog import ISIAN_PEMOHON

    with app.register(baca_saja=True) as reg:
        record = reg.ambil(noreg)
        riwayat = reg.riwayat(record["noreg"])
    record.pop("_bulan", None)
    if as_json:
        cetak_json({**record, "riwayat": riwayat})
        return
    from . import tampil

    labels = {f["nama"]: f["label"] for f in ISIAN_PEMOHON}
    try:
        layanan = app.katalog().layanan.get(record["layanan"])
        if layanan is not None:
            labels.update({f["nama"]: f["label"] for f in isian_mod.semua(layanan)})
    except DesaError:
        pass  # a broken catalogue must not hide the register: show raw field names
    tampil.cetak(tampil.permohonan(record, riwayat, labels))


@cli.command()
@click.argument("noreg", required=False)
@click.option("--semua", is_flag=True, help="Cetak semua permohonan yang lengkap, menurut urutan datang.")
@click.option("--pdf", is_flag=True, help="Buat juga PDF dengan LibreOffice.")
@click.option("--buka", is_flag=True, help="Buka surat dengan program bawaan komputer.")
@click.option(
    "--printer",
    is_flag=False,
    flag_value="",
    default=None,
    metavar="[NAMA]",
    help="Kirim PDF ke printer (bawaan, atau NAMA).",
)
@opsi_json
@pass_app
def cetak(app, noreg, semua, pdf, buka, printer, as_json):
    """Cetak surat permohonan yang lengkap, dengan nomor dari buku surat keluar."""
    from . import cetak as cetak_mod
    from . import surat as surat_mod

    if bool(noreg) == bool(semua):
        raise click.UsageError("Sebutkan satu NOREG, atau --semua.")
    info = app.kantor()
    katalog_aktif = app.katalog()
    pdf = pdf or printer is not None
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

        from . import tampil

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
            made = surat_mod.ke_pdf([path for _, path, _ in hasil], info.data_folder)
            pdfs = {path: pdf_path for (_, path, _), pdf_path in zip(hasil, made)}
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
    for _, path, _ in hasil:
        if printer is not None:
            surat_mod.kirim_printer(pdfs[path], printer or None)
        if buka:
            surat_mod.buka(pdfs.get(path, path))


@cli.command()
@click.argument("noreg")
@opsi_json
@pass_app
def serahkan(app, noreg, as_json):
    """Catat bahwa surat sudah diserahkan kepada pemohon."""
    with app.register() as reg:
        record = reg.serahkan(noreg)
    if as_json:
        cetak_json(record)
    else:
        click.echo(f"{record['noreg']}: surat {record['surat']['nomor']} sudah diserahkan.")


@cli.command()
@click.option("--tahun", type=int, help="Tahun buku (bawaan: tahun ini).")
@opsi_json
@pass_app
def buku(app, tahun, as_json):
    """Buku agenda surat keluar: nomor, tanggal, layanan, pemohon, status."""
    from .nik import samarkan

    with app.register(baca_saja=True) as reg:
        tahun = tahun or reg.sekarang.year
        entries = reg.buku(tahun)
    if as_json:
        cetak_json(entries)
        return
    if not entries:
        click.echo(f"Buku surat keluar {tahun} masih kosong.")
        return
    from rich import box
    from rich.table import Table

    from . import tampil

    table = Table(title=f"Buku surat keluar {tahun}", title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    for name in ("No.", "Nomor surat", "Tanggal", "Layanan", "Pemohon", "NIK", "Status"):
        table.add_column(name, no_wrap=name in ("No.", "Nomor surat", "Tanggal", "NIK"))
    for entry in entries:
        cells = (entry["urut"], entry["nomor"], tampil.pendek(entry["tanggal"]), entry["layanan"], entry["nama"],
                 samarkan(entry["nik"]), entry["status"])  # fmt: skip
        table.add_row(*map(tampil.aman, cells), style="dim strike" if entry["status"] == "batal" else "")
    tampil.cetak(table)


@cli.command()
@click.argument("kode")
@opsi_json
@pass_app
def verifikasi(app, kode, as_json):
    """Periksa apakah kode verifikasi milik surat yang tercatat di kantor ini."""
    from .kalender import tanggal
    from .nik import samarkan
    from .surat import normal_kode

    with app.register(baca_saja=True) as reg:
        entry = reg.cari_verifikasi(normal_kode(kode))
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
        from .tampil import terlihat

        click.echo(terlihat(f"  Layanan : {entry['layanan_nama']}"))
        click.echo(terlihat(f"  Pemohon : {entry['nama']} (NIK {shown['nik']})"))
    if not shown["sah"]:
        sys.exit(1)


@cli.command()
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
def periksa(app, saksi_files, saksi_tulis, as_json):
    """Periksa register dan arsip terhadap rantai catatan peristiwa.

    Menemukan perubahan tangan pada register, buku surat, penghitung nomor, aduan, survei dan indeks
    pemohon. Rantai tidak berkunci: orang dalam yang mengubah berkas lalu menghitung ulang semua
    sidiknya hanya ketahuan lewat saksi di luar kantor (--saksi).
    """
    from pathlib import Path

    from . import audit

    info = app.kantor()
    kode = info.data.get("kode_wilayah")
    saksi = [head for path in saksi_files for head in audit.baca_saksi(Path(path), kode)]
    with app.register(info, baca_saja=True):  # under the lock: no half-written state is read
        hasil = audit.periksa(info.data_folder, info.folder, kode_wilayah=kode, saksi=saksi)
    ujung = audit.teks_ujung(hasil.ujung, kode)
    if saksi_tulis and hasil.baik and hasil.ujung:
        from .storage import write_private

        waktu = app.sekarang().isoformat(timespec="seconds")
        write_private(Path(saksi_tulis), audit.tulis_saksi(hasil, info.nama, kode, waktu))
    if as_json:
        cetak_json({"baik": hasil.baik, "diperiksa": hasil.diperiksa, "kesalahan": hasil.kesalahan, "ujung": ujung})
    else:
        for key, label in audit.CHECKS.items():
            faults = hasil.kesalahan.get(key, [])
            if not faults and not hasil.diperiksa.get(key) and key in ("saksi", "berkas"):
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


@cli.command()
@click.argument("noreg", required=False)
@click.option("--jumlah", type=int, default=50, show_default=True, help="Tanpa NOREG: berapa peristiwa terakhir.")
@opsi_json
@pass_app
def riwayat(app, noreg, jumlah, as_json):
    """Catatan peristiwa: siapa melakukan apa dan kapan, yang terbaru paling bawah."""
    with app.register(baca_saja=True) as reg:
        events = reg.riwayat(noreg) if noreg else reg.peristiwa_terakhir(jumlah)
    if as_json:
        cetak_json(events)
        return
    if not events:
        click.echo("Belum ada peristiwa.")
        return
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from . import tampil

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for name in ("No.", "Waktu", "Petugas", "Peristiwa", "No. reg", "Keterangan"):
        table.add_column(name, no_wrap=name != "Keterangan")
    for event in events:
        cells = (event["urut"], event["waktu"][:16].replace("T", " "), event["petugas"], event["aksi"], event["noreg"])
        table.add_row(*map(tampil.aman, cells), Text(tampil.ringkas_peristiwa(event)))
    tampil.cetak(table)


@cli.command()
@click.argument("tanggal", required=False)
@click.option(
    "--mulai-baru",
    is_flag=True,
    help="Register rusak tanpa cadangan yang baik: simpan berkasnya dan mulai register baru (nomor berlanjut).",
)
@pass_app
def pulihkan(app, tanggal, mulai_baru):
    """Daftar cadangan register, atau pulihkan cadangan TANGGAL setelah diperiksa."""
    from . import audit, storage

    info = app.kantor()
    if mulai_baru and tanggal:
        raise click.UsageError("Pilih satu: TANGGAL, atau --mulai-baru.")
    if tanggal is None and not mulai_baru:
        backups = storage.daftar_cadangan(info.data_folder)
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
    aside = storage.pulihkan(
        info.data_folder, tanggal, app.petugas(), app.sekarang(), info.folder / "arsip", info.data.get("kode_wilayah")
    )
    if tanggal is None:
        click.echo(f"Register baru dimulai; berkas lama disimpan di {aside}. Nomor berikutnya melanjutkan nomor lama.")
    else:
        click.echo(f"Register dipulihkan dari cadangan {tanggal}. Berkas yang diganti disimpan di {aside}.")
        click.echo("Perubahan sesudah cadangan itu dibuat perlu dicatat ulang; nomornya tidak dipakai lagi.")
    click.echo("Periksa dengan 'desa periksa'.")


@cli.command()
@click.option("--bulan", help="Permohonan yang diterima pada bulan ini, misalnya 2026-11.")
@click.option("--tahun", type=int, help="Permohonan yang diterima pada tahun ini.")
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl"]), default="csv", show_default=True)
@click.option("--keluar", "keluar", required=True, metavar="BERKAS", help="Berkas tujuan, atau - untuk layar.")
@click.option("--nik-lengkap", is_flag=True, help="Tulis NIK utuh (bawaan: disamarkan, 6 angka awal dan 4 akhir).")
@pass_app
def ekspor(app, bulan, tahun, fmt, keluar, nik_lengkap):
    """Tulis permohonan satu periode ke CSV atau JSON Lines, untuk kecamatan atau arsip."""
    import re

    from . import ekspor as ekspor_mod

    if bool(bulan) == bool(tahun):
        raise click.UsageError("Pilih satu periode: --bulan 2026-11 atau --tahun 2026.")
    if bulan and not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", bulan):
        raise DesaError(f"--bulan '{bulan}' salah; tulis seperti 2026-11.")
    from .audit import teks_ujung

    info = app.kantor()
    berkas = "-" if keluar == "-" else os.path.abspath(keluar)
    if nik_lengkap:
        from .isian import periksa_karakter

        periksa_karakter(berkas, "Berkas --keluar", spasi_boleh=False)
    if keluar != "-":
        from . import keluaran

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
        click.echo(data.decode("utf-8"), nl=False)
        return
    keluaran.tulis(keluar, data)
    click.echo(f"{len(records)} permohonan ditulis ke {keluar}" + ("" if nik_lengkap else " (NIK disamarkan)."))


def periksa_keluaran(*paths, akhiran: tuple = ()) -> None:
    """Refuse an output path that cannot be written before the work that fills it."""
    from . import keluaran

    for path in paths:
        if path:
            keluaran.periksa(path, akhiran)


def tulis_dokumen(path: str, data: bytes) -> None:
    from . import keluaran

    keluaran.tulis(keluaran.periksa(path, (".docx",)), data)
    click.echo(f"Ditulis: {path}")


@cli.command()
@click.argument("kode", required=False)
@click.option("--semua", is_flag=True, help="Semua layanan kantor ini dalam satu dokumen.")
@click.option("--docx", "docx_path", required=True, metavar="BERKAS", help="Berkas .docx yang ditulis.")
@pass_app
def standar(app, kode, semua, docx_path):
    """Standar pelayanan untuk dipajang: persyaratan, prosedur, waktu, biaya, produk, pengaduan."""
    from . import terbitan
    from .katalog import cari

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
    from .audit import rantai_kantor

    rantai = rantai_kantor(info.data_folder, info.data.get("kode_wilayah"))
    tulis_dokumen(docx_path, terbitan.standar(info, daftar, app.sekarang().date(), rantai))


@cli.command()
@click.option("--docx", "docx_path", required=True, metavar="BERKAS", help="Berkas .docx yang ditulis.")
@pass_app
def maklumat(app, docx_path):
    """Maklumat pelayanan, ditandatangani kepala kantor (teks dari kantor.yaml: maklumat)."""
    from . import terbitan

    periksa_keluaran(docx_path, akhiran=(".docx",))
    info = app.kantor()
    teks = info.data.get("maklumat") or terbitan.MAKLUMAT
    tulis_dokumen(docx_path, terbitan.maklumat(info, teks, app.sekarang().date()))


def _keluaran_laporan(rows, judul, as_json, csv_path, xlsx_path, per_kantor=False):
    """The report's table on screen, and whichever files were asked for."""
    from . import keluaran
    from . import laporan as lap

    if csv_path:
        keluaran.tulis(csv_path, lap.ke_csv(rows))
    if xlsx_path:
        keluaran.tulis(xlsx_path, lap.ke_xlsx(rows, judul))
    if as_json:
        cetak_json(rows)
        return
    from rich import box
    from rich.table import Table

    from . import tampil

    table = Table(title=judul, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    table.caption = "hk: hari kerja dari berkas lengkap sampai surat dicetak"
    # The chain head(s): a printed report is an outside witness of the register.
    heads = dict.fromkeys(
        f"{row['kantor']}: {row['rantai']}" if per_kantor else row["rantai"] for row in rows if row.get("rantai")
    )
    if heads:
        table.caption += "\n" + "\n".join(heads)
    if per_kantor:
        table.add_column("Kantor", no_wrap=True)
    table.add_column("Layanan", ratio=1, min_width=12, overflow="fold")
    for _, label in lap.KOLOM:
        table.add_column(label, justify="right", no_wrap=True, min_width=len(label))
    for row in rows:
        cells = [tampil.aman(row["kantor"])] if per_kantor else []  # a village's file is untrusted input
        cells.append("Jumlah" if row["layanan"] == "jumlah" else tampil.aman(row["layanan"]))  # the code clerks type
        for key, _ in lap.KOLOM:
            value = row[key]
            cells.append("-" if value is None else (f"{value:.1f}" if isinstance(value, float) else str(value)))
        style = "bold" if row["layanan"] == "jumlah" else ("red" if row["terlambat"] else "")
        table.add_row(*cells, style=style)
    tampil.cetak(table)
    for path in (csv_path, xlsx_path):
        if path:
            click.echo(f"Ditulis: {path}")


def _periode(bulan, tahun, sekarang):
    import re

    if bulan and tahun:
        raise click.UsageError("Pilih --bulan atau --tahun, tidak keduanya.")
    if bulan and not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", bulan):
        raise DesaError(f"--bulan '{bulan}' salah; tulis seperti 2026-11.")
    if not bulan and not tahun:
        bulan = f"{sekarang.year}-{sekarang.month:02d}"
    return bulan, tahun


@cli.command()
@click.option("--bulan", help="Permohonan yang diterima pada bulan ini (bawaan: bulan ini), misalnya 2026-11.")
@click.option("--tahun", type=int, help="Permohonan yang diterima pada tahun ini.")
@click.option("--csv", "csv_path", metavar="BERKAS", help="Tulis juga ke CSV.")
@click.option("--xlsx", "xlsx_path", metavar="BERKAS", help="Tulis juga ke lembar kerja Excel.")
@click.option("--grafik", "grafik_path", metavar="BERKAS.png", help="Gambar permohonan per minggu dan % tepat waktu.")
@opsi_json
@pass_app
def laporan(app, bulan, tahun, csv_path, xlsx_path, grafik_path, as_json):
    """Laporan pelayanan: diterima, selesai, tepat waktu, lama, ditolak, batal, terbuka, terlambat."""
    from . import laporan as lap

    info = app.kantor()
    bulan, tahun = _periode(bulan, tahun, app.sekarang())
    periksa_keluaran(csv_path, xlsx_path)
    periksa_keluaran(grafik_path, akhiran=lap.FORMAT_GRAFIK)
    from .audit import teks_ujung

    with app.register(info) as reg:
        months = [bulan] if bulan else [f"{tahun}-{m:02d}" for m in range(1, 13)]
        records = [r for month in months for r in reg.daftar(month)]
        today = reg.sekarang.date()
        rantai = teks_ujung(reg.ujung(), info.data.get("kode_wilayah"))
    rows = [lap.dari_permohonan(r, info.nama) for r in records]
    periode = bulan or str(tahun)
    judul = f"Laporan pelayanan {info.nama}, {periode}"
    if grafik_path:
        from . import keluaran

        keluaran.tulis(grafik_path, lap.grafik(rows, grafik_path, judul))
        click.echo(f"Ditulis: {grafik_path}", err=as_json)
    hasil = [{**row, "rantai": rantai} for row in lap.hitung(rows, info.kalender(), today)]
    _keluaran_laporan(hasil, judul, as_json, csv_path, xlsx_path)


@cli.command()
@click.argument("berkas", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--csv", "csv_path", metavar="BERKAS", help="Tulis juga ke CSV.")
@click.option("--xlsx", "xlsx_path", metavar="BERKAS", help="Tulis juga ke lembar kerja Excel.")
@opsi_json
@pass_app
def gabung(app, berkas, csv_path, xlsx_path, as_json):
    """Gabungkan berkas 'desa ekspor' desa-desa menjadi satu laporan kecamatan."""
    from pathlib import Path

    from . import laporan as lap

    info = app.kantor()
    periksa_keluaran(csv_path, xlsx_path)
    rows = [row for path in berkas for row in lap.baca_ekspor(Path(path), app.sekarang().date())]
    judul = f"Laporan pelayanan desa/kelurahan di {info.nama}"
    hasil = lap.hitung(rows, info.kalender(), app.sekarang().date(), per_kantor=True)
    heads = lap.ujung_per_kantor(rows)  # each village's chain head, kept as the kecamatan's witness
    hasil = [{**row, "rantai": heads.get(row["kantor"], "")} for row in hasil]
    _keluaran_laporan(hasil, judul, as_json, csv_path, xlsx_path, per_kantor=True)


KELAS_ADUAN = {
    "informasi": "permintaan informasi atau aduan sederhana",
    "tanpa_pemeriksaan": "aduan yang tidak perlu pemeriksaan lapangan",
    "pemeriksaan_lapangan": "aduan yang perlu pemeriksaan lapangan",
}


@cli.group(cls=KelompokPerintah)
def aduan():
    """Pengaduan, saran dan masukan: catat, tanggapi, selesaikan tepat waktu."""


@aduan.command("catat")
@click.option("--nama", required=True, help="Nama pelapor (boleh 'Tanpa nama').")
@click.option("--kontak", help="Telepon atau alamat untuk jawaban.")
@click.option("--layanan", "layanan_kode", help="Layanan yang diadukan.")
@click.option("--noreg", help="Nomor registrasi permohonan yang diadukan.")
@click.option("--isi", required=True, help="Isi aduan.")
@click.option("--kelas", type=click.Choice(list(KELAS_ADUAN)), default="informasi", show_default=True,
              help="Menentukan batas waktu penyelesaian.")  # fmt: skip
@opsi_json
@pass_app
def aduan_catat(app, nama, kontak, layanan_kode, noreg, isi, kelas, as_json):
    """Catat aduan baru, dengan nomor dan batas waktunya."""
    info = app.kantor()
    kode = None
    if layanan_kode:
        from .katalog import cari

        kode = cari(app.katalog(), layanan_kode, info.tingkat).kode
    data = {"pelapor": nama, "kontak": kontak or "", "layanan": kode, "noreg": noreg, "isi": isi, "kelas": kelas}
    with app.register(info) as reg:
        if noreg:
            data["noreg"] = reg.ambil(noreg)["noreg"]
        record = reg.catat_aduan(data, info.data["batas_pengaduan"])
    if as_json:
        cetak_json(record)
        return
    from .kalender import hari_tanggal

    click.echo(f"Aduan {record['nomor']} tercatat ({KELAS_ADUAN[kelas]}).")
    click.echo(f"  Tanggapan awal paling lambat {hari_tanggal(record['batas_tanggapan'])}.")
    click.echo(f"  Selesai paling lambat {hari_tanggal(record['batas_selesai'])}.")


@aduan.command("tanggapi")
@click.argument("nomor")
@click.option("--isi", required=True, help="Isi tanggapan.")
@opsi_json
@pass_app
def aduan_tanggapi(app, nomor, isi, as_json):
    """Catat tanggapan atas aduan."""
    with app.register() as reg:
        record = reg.ubah_aduan(nomor, "aduan_tanggapi", isi)
    cetak_json(record) if as_json else click.echo(f"Aduan {record['nomor']}: tanggapan dicatat.")


@aduan.command("selesai")
@click.argument("nomor")
@click.option("--isi", help="Penyelesaian yang disampaikan kepada pelapor.")
@opsi_json
@pass_app
def aduan_selesai(app, nomor, isi, as_json):
    """Tandai aduan selesai."""
    with app.register() as reg:
        record = reg.ubah_aduan(nomor, "aduan_selesai", isi)
    cetak_json(record) if as_json else click.echo(f"Aduan {record['nomor']} selesai.")


@aduan.command("daftar")
@click.option("--semua", is_flag=True, help="Termasuk yang sudah selesai.")
@opsi_json
@pass_app
def aduan_daftar(app, semua, as_json):
    """Daftar aduan; yang lewat batas waktu ditandai."""
    import datetime as dt

    info = app.kantor()
    with app.register(info) as reg:
        records = reg.daftar_aduan()
        today = reg.sekarang.date()
    if not semua:
        records = [r for r in records if r["status"] != "selesai"]
    for record in records:
        late = []
        if record["status"] == "baru" and today > dt.date.fromisoformat(record["batas_tanggapan"]):
            late.append("tanggapan awal")
        if record["status"] != "selesai" and today > dt.date.fromisoformat(record["batas_selesai"]):
            late.append("penyelesaian")
        record["terlambat"] = late
    if as_json:
        cetak_json(records)
        return
    if not records:
        click.echo("Tidak ada aduan yang terbuka." if not semua else "Belum ada aduan.")
        return
    from rich import box
    from rich.table import Table

    from . import tampil

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for name in ("Nomor", "Diterima", "Pelapor", "Aduan", "Status", "Tanggapan s.d.", "Selesai s.d.", "Terlambat"):
        table.add_column(name, no_wrap=name not in ("Aduan", "Pelapor"))
    for r in records:
        cells = (
            r["nomor"],
            tampil.pendek(r["diterima"][:10]),
            r["pelapor"],
            r["isi"],
            r["status"],
            tampil.pendek(r["batas_tanggapan"]),
            tampil.pendek(r["batas_selesai"]),
            ", ".join(r["terlambat"]) or "-",
        )
        table.add_row(*map(tampil.aman, cells), style="bold red" if r["terlambat"] else "")
    tampil.cetak(table)


@cli.group(cls=KelompokPerintah)
def survei():
    """Survei kepuasan masyarakat (PermenPAN-RB 14/2017)."""


def _opsi_unsur(f):
    from .survei import UNSUR

    for key, label, words in reversed(UNSUR):
        hint = "; ".join(f"{i} {w.lower()}" for i, w in enumerate(words, 1))
        f = click.option(f"--{key}", key, metavar="1-4", help=f"{label}: {hint}.")(f)
    return f


@survei.command("isi")
@click.option("--layanan", "layanan_kode", required=True, help="Layanan yang diterima responden.")
@_opsi_unsur
@click.option("--usia", type=click.Choice(["<20", "20-29", "30-39", "40-49", "50-59", ">=60"]), help="Kelompok usia.")
@click.option("--jenis-kelamin", type=click.Choice(["L", "P"]))
@click.option("--pendidikan", type=click.Choice(["SD", "SMP", "SMA", "D1-D3", "D4/S1", "S2/S3", "Lainnya"]))
@click.option("--pekerjaan")
@opsi_json
@pass_app
def survei_isi(app, layanan_kode, usia, jenis_kelamin, pendidikan, pekerjaan, as_json, **jawaban):
    """Catat jawaban satu responden untuk sembilan unsur (1 sampai 4)."""
    from .katalog import cari
    from .survei import UNSUR, periksa_jawaban

    info = app.kantor()
    layanan = cari(app.katalog(), layanan_kode, info.tingkat)
    if interaktif():
        for key, label, words in UNSUR:
            if jawaban.get(key) is None:
                choices = " / ".join(f"{i}. {w}" for i, w in enumerate(words, 1))
                jawaban[key] = tanya(f"{label} [{choices}]", proses=lambda t, k=key: periksa_jawaban(
                    {**dict.fromkeys((u for u, _, _ in UNSUR), "4"), k: t})[k])  # fmt: skip
    clean = periksa_jawaban(jawaban)
    profil = {"usia": usia, "jenis_kelamin": jenis_kelamin, "pendidikan": pendidikan, "pekerjaan": pekerjaan}
    with app.register(info) as reg:
        row = reg.catat_survei(layanan.kode, clean, profil)
    if as_json:
        cetak_json(row)
    else:
        click.echo(f"Terima kasih. Jawaban responden no. {row['no']} ({layanan.nama}) tercatat.")


@survei.command("hasil")
@click.option("--bulan", help="Hanya bulan ini, misalnya 2026-11.")
@click.option("--tahun", type=int, help="Tahun survei (bawaan: tahun ini).")
@click.option("--layanan", "layanan_kode", help="Hanya responden layanan ini.")
@click.option("--docx", "docx_path", metavar="BERKAS", help="Tulis juga laporannya ke berkas .docx.")
@opsi_json
@pass_app
def survei_hasil(app, bulan, tahun, layanan_kode, docx_path, as_json):
    """Indeks Kepuasan Masyarakat per unsur dan seluruhnya, dengan mutu pelayanan."""
    import re

    from .survei import hitung

    info = app.kantor()
    if bulan and not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", bulan):
        raise DesaError(f"--bulan '{bulan}' salah; tulis seperti 2026-11.")
    periksa_keluaran(docx_path, akhiran=(".docx",))
    kode = None
    if layanan_kode:
        from .katalog import cari

        kode = cari(app.katalog(), layanan_kode, info.tingkat).kode
    from .audit import teks_ujung

    with app.register(info) as reg:
        tahun = int(bulan[:4]) if bulan else (tahun or reg.sekarang.year)
        rows = reg.survei(tahun)
        rantai = teks_ujung(reg.ujung(), info.data.get("kode_wilayah"))
    rows = [r for r in rows if (not bulan or r["waktu"].startswith(bulan)) and (kode is None or r["layanan"] == kode)]
    result = hitung(rows)
    result["periode"] = bulan or str(tahun)
    if docx_path:
        from . import terbitan

        tulis_dokumen(docx_path, terbitan.laporan_survei(info, result, app.sekarang().date(), rantai))
    if as_json:
        cetak_json(result)
        return
    from rich import box
    from rich.table import Table

    from . import tampil

    table = Table(title=f"Indeks Kepuasan Masyarakat {info.nama}, {result['periode']}", title_justify="left",
                  box=box.SIMPLE_HEAD, pad_edge=False)  # fmt: skip
    table.add_column("No.", justify="right")
    table.add_column("Unsur")
    table.add_column("NRR", justify="right")
    table.add_column("Nilai (25-100)", justify="right")
    for number, row in enumerate(result["unsur"], 1):
        table.add_row(str(number), row["label"], f"{row['nrr']:.3f}", f"{row['konversi']:.2f}")
    tampil.cetak(table)
    click.echo(f"Responden: {result['responden']}")
    click.echo(f"IKM: {result['ikm']:.3f} (skala 1-4), nilai konversi {result['ikm_konversi']:.2f}")
    click.echo(f"Mutu pelayanan: {result['mutu']} ({result['kinerja']})")
    click.echo(result["catatan"])


def main() -> None:
    """Entry point: Click's own errors as Click shows them, anything unexpected in one line."""
    try:
        cli(prog_name="desa")
    except BrokenPipeError:
        # `desa layanan | head`: the reader left; say nothing more.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
    except Exception as exc:  # the last guard before a traceback reaches a clerk
        if os.environ.get("DESA_DEBUG"):
            raise
        click.echo(f"Kesalahan tak terduga: {exc.__class__.__name__}: {exc}", err=True)
        click.echo("Jalankan lagi dengan DESA_DEBUG=1 untuk rinciannya, lalu laporkan ke pengelola.", err=True)
        sys.exit(1)
