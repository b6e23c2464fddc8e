"""Values that must not be stored as they are (issue 9): control and invisible characters, formulas
in CSV/XLSX cells, endless lists and text; and the record of every full-NIK export."""

import csv
import datetime as dt
import io
import json
import unicodedata

import pytest
import yaml
from conftest import BUNDLED, SITI, buat_kantor, register_isi, snapshot
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from desa_cli import ekspor, isian

KEYS = ("persyaratan", "prosedur", "waktu", "biaya", "produk", "kompetensi", "perilaku", "sarana", "pengaduan")
TERLARANG = ("Cc", "Cf", "Cs", "Zl", "Zp")
# The characters the issue names, always tried: ESC (CSI and OSC), NUL, C1 CSI, bidi overrides and
# isolates, marks, zero-width characters and the BOM.
DISEBUT = "\x00\x07\x1b\x7f\x9b\x9d\u061c\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2066\u2067\u2068\u2069\ufeff"  # noqa: E501
# Every code point Unicode puts in those categories (in this Python's Unicode version).
SEMUA = [chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) in TERLARANG and chr(c) not in "\t\n\r"]
semua_terlarang = st.sampled_from(SEMUA)
# An environment variable cannot hold NUL or most lone surrogates; a YAML file turns NEL into a line break.
tanpa_surrogate = st.sampled_from([c for c in SEMUA if unicodedata.category(c) != "Cs" and c not in "\x00\x85"])
CEPAT = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def heir(number: int, **changes) -> dict:
    return {"nama": f"Anak ke-{number}", "nik": f"350501010185{number:04d}", "tanggal_lahir": "1985-01-01",
            "hubungan": "Anak", **changes}  # fmt: skip


PEWARIS = {**SITI, "nama_pewaris": "Sukardi", "tanggal_meninggal": "2026-10-01", "tempat_meninggal": "Blitar",
           "keperluan": "Balik nama sertifikat", "nama_saksi_1": "Slamet Riyadi", "nik_saksi_1": "3505011203700001",
           "alamat_saksi_1": "Dusun Krajan, Bacem", "nama_saksi_2": "Sri Wahyuni", "nik_saksi_2": "3505015506750002",
           "alamat_saksi_2": "Dusun Krajan, Bacem"}  # fmt: skip


@pytest.fixture
def office(run, kantor, monkeypatch, tmp_path):
    """Bacem with one application (2026-00001) and one complaint (ADU-2026-0001)."""
    monkeypatch.setenv("DESA_KANTOR", str(kantor))
    monkeypatch.setenv("DESA_PETUGAS", "Sari")
    monkeypatch.setenv("DESA_WAKTU", "2026-11-20T10:00:00")
    assert ajukan(run, tmp_path, SITI).exit_code == 0
    assert run("aduan", "catat", "--nama", "Budi", "--isi", "Antrean lama").exit_code == 0
    return kantor


def ajukan(run, tmp_path, data, *extra, kode="domisili", **kwargs):
    path = tmp_path / "isian.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return run("ajukan", kode, "--data", str(path), "--ada", "semua", *extra, **kwargs)


def refused(result, field: str, char: str) -> None:
    """Exit 1 with one line naming the field and the character, never a crash."""
    assert result.exit_code == 1, (char, result.output)
    # Bytes that are not UTF-8 on the command line are refused before parsing, naming the option.
    named = field in result.stderr or (unicodedata.category(char) == "Cs" and "Nilai --" in result.stderr)
    assert named and result.stderr.count("\n") == 1, result.stderr
    expected = "UTF-8" if unicodedata.category(char) == "Cs" else f"U+{ord(char):04X}"
    assert expected in result.stderr and "tak terduga" not in result.stderr, result.stderr


# --- bad characters, each kind of field ------------------------------------------------------------

FIELDS = {
    # name: (what the message names, how the character is given)
    "opsi --nama": ("Nama lengkap", lambda run, tmp, c: ajukan(run, tmp, SITI, "--nama", f"Siti{c}Aminah")),
    "opsi --alamat": ("Alamat", lambda run, tmp, c: ajukan(run, tmp, SITI, "--alamat", f"Jl. Melati{c} 1")),
    "--isi": ("Keperluan", lambda run, tmp, c: ajukan(run, tmp, SITI, "--isi", f"keperluan=Melamar{c}kerja")),
    "tolak --alasan": ("Alasan", lambda run, tmp, c: run("tolak", "2026-00001", "--alasan", f"Palsu{c}")),
    "batal --alasan": ("Alasan", lambda run, tmp, c: run("batal", "2026-00001", "--alasan", f"{c}Tidak jadi")),
    "aduan --nama": ("Nama pelapor", lambda run, tmp, c: run("aduan", "catat", "--nama", f"Budi{c}", "--isi", "x")),
    "aduan --kontak": ("Kontak pelapor", lambda run, tmp, c: run("aduan", "catat", "--nama", "Budi",
                                                                 "--kontak", f"08{c}12", "--isi", "x")),
    "aduan --isi": ("Isi aduan", lambda run, tmp, c: run("aduan", "catat", "--nama", "Budi", "--isi", f"a{c}b")),
    "tanggapi --isi": ("Isi tanggapan", lambda run, tmp, c: run("aduan", "tanggapi", "ADU-2026-0001", "--isi", c)),
    "selesai --isi": ("Isi penyelesaian", lambda run, tmp, c: run("aduan", "selesai", "ADU-2026-0001",
                                                                  "--isi", f"Sudah{c}")),
    "survei --pekerjaan": ("Pekerjaan", lambda run, tmp, c: run("survei", "isi", "--layanan", "domisili",
                                                                *(p for k in KEYS for p in (f"--{k}", "4")),
                                                                "--pekerjaan", f"Guru{c}")),
}  # fmt: skip


@pytest.mark.parametrize("field", FIELDS)
def test_control_and_invisible_characters_are_refused(run, office, tmp_path, field):
    label, command = FIELDS[field]
    before = snapshot(office / "data")

    @CEPAT
    @given(char=semua_terlarang)
    @example(char="\x1b")
    @example(char="\u202e")
    @example(char="\x1c")  # str.split() takes it for a space: refused, not silently turned into one
    def check(char):
        refused(command(run, tmp_path, char), label, char)
        assert snapshot(office / "data") == before

    check()


@pytest.mark.parametrize("where", ["keperluan", "pemohon", "ahli waris"])
def test_bad_characters_in_a_data_file_are_refused(run, office, tmp_path, where):
    before = snapshot(office / "data")

    @CEPAT
    @given(char=tanpa_surrogate)
    @example(char="\u202e")
    @example(char="\x00")
    def check(char):
        if where == "keperluan":
            label, result = "Keperluan", ajukan(run, tmp_path, {**SITI, "keperluan": f"Melamar{char}"})
        elif where == "pemohon":
            label, result = "Tempat lahir", ajukan(run, tmp_path, {**SITI, "tempat_lahir": f"Bli{char}tar"})
        else:
            rows = [heir(1), heir(2, nama=f"Rina{char}Wati")]
            result = ajukan(run, tmp_path, {**PEWARIS, "ahli_waris": rows}, kode="ahli-waris")
            label = "Daftar ahli waris: baris ke-2, Nama"
        refused(result, label, char)
        assert snapshot(office / "data") == before

    check()


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(char=tanpa_surrogate)
@example(char="\x1b")
@example(char="\u200b")
def test_desa_petugas_with_bad_characters_is_refused(run, office, tmp_path, char):
    before = snapshot(office / "data")
    result = ajukan(run, tmp_path, SITI, env={"DESA_PETUGAS": f"Sari{char}"})
    refused(result, "DESA_PETUGAS", char)
    assert snapshot(office / "data") == before


def test_a_prompt_asks_again_after_a_bad_character(run, office, monkeypatch):
    import desa_cli.perintah._bersama as bersama

    monkeypatch.setattr(bersama, "interaktif", lambda: True)
    answers = ["3505014708900002", "Siti\x1b[2JAminah", "Siti Aminah", "Blitar", "y", "1", "Kawin",  # y: NIK's date
               "Petani", "", "Jl. Melati", "", "", "", "", "", "",  # RT .. telephone, left empty
               "", "", "Melamar kerja", "y", "y", "y"]  # fmt: skip
    result = run("ajukan", "domisili", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "U+001B" in result.output
    records, _, _ = register_isi(office / "data")
    assert [r["pemohon"]["nama"] for r in records] == ["Siti Aminah", "Siti Aminah"]


def test_teks_aman_refuses_every_control_and_format_character():
    assert set(DISEBUT) <= set(SEMUA) and len(SEMUA) > 2000
    for char in SEMUA:
        with pytest.raises(isian.IsianSalah, match="Nama"):
            isian.teks_aman(f"Siti{char}", "Nama")
    # Tab and line breaks are spaces in a one-line field; ordinary letters of every script pass.
    assert isian.teks_aman(" Siti\tAminah\r\n", "Nama") == "Siti Aminah"
    for text in ("Ni Luh Putu Ayu", "Dra. Hj. Siti 'Aisyah, S.Pd.", "Jl. Melati & Mawar <RT 01>", "ꦱꦶꦠꦶ", "Zoë 😀"):
        assert isian.teks_aman(text, "Nama") == text


def test_a_catalogue_text_with_a_bad_character_is_a_fault(run, office, tmp_path):
    text = (BUNDLED / "keterangan-domisili.yaml").read_text("utf-8")
    (office / "katalog" / "keterangan-domisili.yaml").write_text(
        text.replace("nama: Surat Keterangan Domisili", 'nama: "Surat Keterangan\\e[2J Domisili"', 1), "utf-8"
    )
    result = run("katalog", "periksa")
    assert result.exit_code == 1 and "keterangan-domisili.yaml" in result.stderr and "U+001B" in result.stderr
    before = snapshot(office / "data")
    assert ajukan(run, tmp_path, SITI).exit_code == 1
    assert snapshot(office / "data") == before


# --- what is already stored is shown, never sent to the terminal ------------------------------------


def test_stored_escape_sequences_are_shown_not_sent(run, office, monkeypatch):
    """A register written by an old version, which stored whatever was typed."""
    monkeypatch.setenv("COLUMNS", "250")  # no wrapping inside the strings looked for
    from desa_cli import kantor as kantor_mod
    from desa_cli import katalog
    from desa_cli.register import Register
    from desa_cli.storage import Transaksi

    info = kantor_mod.muat(kantor_mod.find(str(office)))
    layanan = katalog.load([BUNDLED]).layanan["keterangan-domisili"]
    jahat = "\x1b]8;;http://x\x07klik\x1b]8;;\x07\x1b[2J\u202e[bold]Siti\x9b31m"
    pemohon = {"nik": "3505014708900001", "nama": jahat, "tempat_lahir": "Blitar", "tanggal_lahir": "1990-08-07",
               "jenis_kelamin": "P", "agama": "Islam", "status_perkawinan": "Kawin", "pekerjaan": "Petani",
               "kewarganegaraan": "WNI", "alamat": "Bacem\x00"}  # fmt: skip
    with Transaksi(info.data_folder) as tx:
        reg = Register(tx, "Sari\x1b[31m", dt.datetime(2026, 11, 20, 11), info.kalender())
        record = reg.ajukan(layanan, pemohon, {"keperluan": "Melamar\x1b[5m"}, {"ktp_el"})
        reg._ubah(reg.ambil(record["noreg"]), "tolak", {"status": "ditolak", "alasan": "Palsu\x1b[8m"})
    for args in (("lihat", "2026-00002"), ("daftar", "--status", "semua"), ("riwayat",), ("riwayat", "2026-00002")):
        result = run(*args)
        assert result.exit_code == 0, result.output
        shown = result.stdout + result.stderr
        assert not any(c in shown for c in "\x1b\x07\x9b\x00\u202e"), (args, shown)
        assert "\\x1b" in shown, (args, shown)  # written out, not hidden
    shown = run("lihat", "2026-00002").stdout
    assert "[bold]Siti\\x9b31m" in shown and "Bacem\\x00" in shown and "Palsu\\x1b[8m" in shown
    shown = run("lihat", "2026-00002", "--json").stdout
    assert not any(c in shown for c in "\x1b\x07\x9b\x00\u202e")
    assert json.loads(shown)["pemohon"]["nama"] == jahat  # the same data, escaped the JSON way


# --- CSV and XLSX: formulas are text ----------------------------------------------------------------

RUMUS = ['=HYPERLINK("http://x","klik")', "@SUM(1+1)", "+1", "-1+1"]


def test_sel_aman_neutralises_and_reads_back():
    for value in [*RUMUS, "\tx", "\r=1", "'=1", "'", "''x"]:
        written = ekspor.sel_aman(value)
        assert written.startswith("'") and ekspor.baca_sel(written) == value
    assert ekspor.sel_aman(-5) == -5 and ekspor.sel_aman(2.5) == 2.5 and ekspor.sel_aman(None) is None
    for value in ("Siti", "2026-11-02", "", "O'Brien"):
        assert ekspor.sel_aman(value) == value == ekspor.baca_sel(value)


@pytest.mark.parametrize("rumus", RUMUS)
def test_ekspor_csv_cells_are_never_formulas(run, office, tmp_path, rumus):
    assert ajukan(run, tmp_path, {**SITI, "nama": rumus}).exit_code == 0
    out = tmp_path / "e.csv"
    assert run("ekspor", "--bulan", "2026-11", "--keluar", str(out)).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    assert rows[-1]["nama"] == "'" + rumus


def racun_katalog(office, nama: str) -> None:
    """The office's own copy of the domisili service, with a formula for a name."""
    text = (BUNDLED / "keterangan-domisili.yaml").read_text("utf-8")
    (office / "katalog" / "keterangan-domisili.yaml").write_text(
        text.replace("nama: Surat Keterangan Domisili", f"nama: {json.dumps(nama)}", 1), "utf-8"
    )


def test_laporan_csv_and_xlsx_cells_are_never_formulas(run, office, tmp_path, monkeypatch):
    rumus = RUMUS[0]
    racun_katalog(office, rumus)
    monkeypatch.setenv("DESA_WAKTU", "2026-12-01T09:00:00")  # alone in its month, under the new name
    assert ajukan(run, tmp_path, SITI).exit_code == 0
    csv_path, xlsx_path = tmp_path / "l.csv", tmp_path / "l.xlsx"
    assert run("laporan", "--csv", str(csv_path), "--xlsx", str(xlsx_path)).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(csv_path.read_bytes().decode("utf-8-sig"))))
    assert "'" + rumus in [r["layanan_nama"] for r in rows]
    sheet = load_workbook(xlsx_path).active
    cells = [c for row in sheet.iter_rows(min_row=3) for c in row if c.value == rumus]
    assert cells and all(c.data_type == "s" and c.quotePrefix for c in cells)
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    top = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(row=r, column=1).value == "Kode layanan")
    header = [c.value for c in sheet[top]]
    total = next(r for r in range(top, sheet.max_row + 1) if sheet.cell(row=r, column=1).value == "Jumlah")
    assert sheet.cell(row=total, column=header.index("Diterima") + 1).value == 1  # numbers stay numbers


def test_gabung_neutralises_and_reads_ekspor_back(run, office, tmp_path, monkeypatch):
    rumus = RUMUS[0]
    racun_katalog(office, rumus)
    monkeypatch.setenv("DESA_WAKTU", "2026-12-01T09:00:00")
    assert ajukan(run, tmp_path, SITI).exit_code == 0
    bacem = tmp_path / "bacem.csv"
    assert run("ekspor", "--bulan", "2026-12", "--keluar", str(bacem)).exit_code == 0
    # A village file whose office name is a formula.
    lain = tmp_path / "lain.jsonl"
    row = {"kantor": "@SUM(1+1)", "layanan": "keterangan-domisili", "layanan_nama": "-1+1", "status": "lengkap",
           "diterima": "2026-11-02T09:00:00", "lengkap_pada": "2026-11-02", "tenggat": "2026-11-03",
           "tanggal_surat": ""}  # fmt: skip
    lain.write_text(json.dumps(row) + "\n", "utf-8")
    kecamatan = buat_kantor(tmp_path / "ponggok", tingkat="kecamatan", kode_wilayah="35.05.06", desa=None)
    monkeypatch.setenv("DESA_KANTOR", str(kecamatan))
    rows = json.loads(run("gabung", str(bacem), str(lain), "--json").stdout)
    assert rumus in [r["layanan_nama"] for r in rows]  # the quote ekspor added is gone again
    csv_path, xlsx_path = tmp_path / "g.csv", tmp_path / "g.xlsx"
    assert run("gabung", str(bacem), str(lain), "--csv", str(csv_path), "--xlsx", str(xlsx_path)).exit_code == 0
    written = list(csv.DictReader(io.StringIO(csv_path.read_bytes().decode("utf-8-sig"))))
    cells = {cell for r in written for cell in r.values()}
    assert {"'" + rumus, "'@SUM(1+1)", "'-1+1"} <= cells
    assert not any(c.startswith(("=", "+", "-", "@")) for c in cells)
    sheet = load_workbook(xlsx_path).active
    found = {c.value: c for row in sheet.iter_rows(min_row=3) for c in row if isinstance(c.value, str)}
    for value in (rumus, "@SUM(1+1)", "-1+1"):
        assert found[value].data_type == "s" and found[value].quotePrefix, value


# --- sane maximums -------------------------------------------------------------------------------------


def test_fifty_one_heirs_are_refused_ten_taken(run, office, tmp_path):
    before = snapshot(office / "data")
    result = ajukan(run, tmp_path, {**PEWARIS, "ahli_waris": [heir(n) for n in range(1, 52)]}, kode="ahli-waris")
    assert result.exit_code == 1 and "Daftar ahli waris" in result.stderr and "50" in result.stderr, result.stderr
    assert snapshot(office / "data") == before
    result = ajukan(run, tmp_path, {**PEWARIS, "ahli_waris": [heir(n) for n in range(1, 11)]}, "--json",
                    kode="ahli-waris")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)["isian"]["ahli_waris"]) == 10


def test_a_huge_data_file_is_refused_before_it_is_read(run, office, tmp_path):
    before = snapshot(office / "data")
    result = ajukan(run, tmp_path, {**PEWARIS, "ahli_waris": [heir(n % 9999 + 1) for n in range(3000)]},
                    kode="ahli-waris")  # fmt: skip
    assert (tmp_path / "isian.yaml").stat().st_size > isian.BERKAS_DATA_MAKS
    assert result.exit_code == 1 and "terlalu besar" in result.stderr and "256 KB" in result.stderr, result.stderr
    assert snapshot(office / "data") == before


@pytest.mark.parametrize(
    "label, command",
    [
        ("Nama lengkap", lambda run, tmp: ajukan(run, tmp, {**SITI, "nama": "Siti " * 20 + "A"})),  # 101
        ("Alamat", lambda run, tmp: ajukan(run, tmp, {**SITI, "alamat": "Jl. Melati " * 19})),  # 208
        (
            "Nama",
            lambda run, tmp: ajukan(
                run, tmp, {**PEWARIS, "ahli_waris": [heir(1, nama="Budi " * 30)]}, kode="ahli-waris"
            ),
        ),  # fmt: skip
        ("Alasan", lambda run, tmp: run("tolak", "2026-00001", "--alasan", "Palsu " * 100)),
        ("Isi aduan", lambda run, tmp: run("aduan", "catat", "--nama", "Budi", "--isi", "Lama " * 250)),
        ("Nama pelapor", lambda run, tmp: run("aduan", "catat", "--nama", "Budi " * 30, "--isi", "Lama")),
        ("DESA_PETUGAS", lambda run, tmp: ajukan(run, tmp, SITI, env={"DESA_PETUGAS": "Sari " * 30})),
    ],
)
def test_long_text_is_refused(run, office, tmp_path, label, command):
    before = snapshot(office / "data")
    result = command(run, tmp_path)
    assert result.exit_code == 1 and label in result.stderr and "terlalu panjang" in result.stderr, result.stderr
    assert snapshot(office / "data") == before


# --- full NIKs leave the office on the record ---------------------------------------------------------


def test_ekspor_nik_lengkap_is_an_event_and_masked_ekspor_is_not(run, office, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "250")
    data = office / "data"
    before = snapshot(data)
    assert run("ekspor", "--bulan", "2026-11", "--keluar", str(tmp_path / "samar.csv")).exit_code == 0
    assert snapshot(data) == before  # a masked export changes nothing
    monkeypatch.setenv("DESA_PETUGAS", "Joko")
    monkeypatch.setenv("DESA_WAKTU", "2026-11-21T08:30:00")
    target = tmp_path / "lengkap.csv"
    result = run("ekspor", "--bulan", "2026-11", "--keluar", str(target), "--nik-lengkap")
    assert result.exit_code == 0, result.output
    assert "3505014708900001" in target.read_text("utf-8-sig")
    _, events, _ = register_isi(data)
    event = events[-1]
    assert (event["aksi"], event["noreg"], event["petugas"], event["waktu"]) == (
        "ekspor_nik", "-", "Joko", "2026-11-21T08:30:00")  # fmt: skip
    assert event["data"] == {"berkas": str(target), "jumlah": 1, "periode": "2026-11"}
    result = run("ekspor", "--tahun", "2026", "--keluar", "-", "--nik-lengkap", "--format", "jsonl")
    assert result.exit_code == 0 and "3505014708900001" in result.stdout
    _, events, _ = register_isi(data)
    assert events[-1]["data"] == {"berkas": "-", "jumlah": 1, "periode": "2026"}
    shown = run("riwayat").stdout
    assert "ekspor_nik" in shown and "Joko" in shown and "NIK lengkap: 1 permohonan 2026-11" in shown
    assert run("periksa").exit_code == 0
