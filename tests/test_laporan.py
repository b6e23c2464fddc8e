"""`desa laporan` and `desa gabung` on a register built with known dates."""

import csv
import io
import json

import pytest
import yaml
from conftest import buat_kantor
from openpyxl import load_workbook

SITI = {
    "nik": "3505014708900001", "nama": "Siti Aminah", "tempat_lahir": "Blitar", "tanggal_lahir": "1990-08-07",
    "jenis_kelamin": "P", "agama": "Islam", "status_perkawinan": "Kawin", "pekerjaan": "Petani",
    "alamat": "Bacem", "keperluan": "Melamar kerja", "nama_usaha": "Warung", "jenis_usaha": "Warung",
    "alamat_usaha": "Bacem", "keterangan_keperluan": "Sekolah", "penghasilan_keluarga": "500.000",
    "jumlah_tanggungan": 3,
}  # fmt: skip


def build(run, monkeypatch, tmp_path, office):
    """November 2026 at a village: six applications with known fates."""
    monkeypatch.setenv("DESA_KANTOR", str(office))
    data = tmp_path / "isian.yaml"

    def at(when, *args):
        monkeypatch.setenv("DESA_WAKTU", when)
        result = run(*args)
        assert result.exit_code == 0, result.output
        return result

    def ajukan(when, kode, ada="semua"):
        fields = {k: v for k, v in SITI.items() if k not in ("nama_usaha", "jenis_usaha", "alamat_usaha")
                  or kode == "sku"}  # fmt: skip
        if kode != "sktm":
            fields = {k: v for k, v in fields.items() if k not in ("keterangan_keperluan", "penghasilan_keluarga",
                                                                   "jumlah_tanggungan")}  # fmt: skip
        else:
            fields["keperluan"] = "Pendidikan"
            fields["no_kk"] = "3505011203150007"  # an SKTM names the family card (pemohon_wajib)
        data.write_text(yaml.safe_dump(fields), encoding="utf-8")
        return json.loads(at(when, "ajukan", kode, "--data", str(data), "--ada", ada, "--json").stdout)["noreg"]

    a = ajukan("2026-11-02T09:00:00", "domisili")  # due 3 Nov
    at("2026-11-03T10:00:00", "cetak", a)  # on time, 1 working day
    b = ajukan("2026-11-03T09:00:00", "domisili")  # due 4 Nov
    at("2026-11-06T10:00:00", "cetak", b)  # late, 3 working days
    c = ajukan("2026-11-04T09:00:00", "sku")
    at("2026-11-04T11:00:00", "tolak", c, "--alasan", "Usaha tidak ada")
    ajukan("2026-11-05T09:00:00", "sku", ada="ktp_el")  # still incomplete
    ajukan("2026-11-09T09:00:00", "domisili")  # due 10 Nov, still open: overdue on 12 Nov
    f = ajukan("2026-11-10T09:00:00", "sktm")
    at("2026-11-10T10:00:00", "batal", f, "--alasan", "Tidak jadi")
    monkeypatch.setenv("DESA_WAKTU", "2026-11-12T09:00:00")


EXPECTED = {
    "keterangan-domisili": dict(diterima=3, selesai=2, tepat_waktu=1, persen_tepat=50.0, median_hari_kerja=2.0,
                                ditolak=0, batal=0, terbuka=1, terlambat=1),
    "keterangan-usaha": dict(diterima=2, selesai=0, tepat_waktu=0, persen_tepat=None, median_hari_kerja=None,
                             ditolak=1, batal=0, terbuka=1, terlambat=0),
    "keterangan-tidak-mampu": dict(diterima=1, selesai=0, tepat_waktu=0, persen_tepat=None, median_hari_kerja=None,
                                   ditolak=0, batal=1, terbuka=0, terlambat=0),
    "jumlah": dict(diterima=6, selesai=2, tepat_waktu=1, persen_tepat=50.0, median_hari_kerja=2.0,
                   ditolak=1, batal=1, terbuka=2, terlambat=1),
}  # fmt: skip


@pytest.fixture
def report(run, monkeypatch, tmp_path, kantor):
    build(run, monkeypatch, tmp_path, kantor)
    return kantor


def test_figures_per_service_and_in_total(run, report):
    rows = {r["layanan"]: r for r in json.loads(run("laporan", "--bulan", "2026-11", "--json").stdout)}
    for kode, figures in EXPECTED.items():
        assert {k: rows[kode][k] for k in figures} == figures, kode
    assert list(rows)[-1] == "jumlah"
    assert json.loads(run("laporan", "--json").stdout) == list(rows.values())  # this month by default
    assert json.loads(run("laporan", "--tahun", "2026", "--json").stdout)[-1]["diterima"] == 6
    assert json.loads(run("laporan", "--bulan", "2026-10", "--json").stdout)[-1]["diterima"] == 0


def test_report_table_csv_xlsx_and_chart(run, report, tmp_path):
    csv_path, xlsx_path, png = tmp_path / "l.csv", tmp_path / "l.xlsx", tmp_path / "l.png"
    result = run("laporan", "--csv", str(csv_path), "--xlsx", str(xlsx_path), "--grafik", str(png))
    assert result.exit_code == 0, result.output
    assert "Laporan pelayanan Desa Bacem, 2026-11" in result.output
    line = next(line for line in result.output.splitlines() if line.startswith(" keterangan-domisili"))
    assert line.split()[1:] == ["3", "2", "1", "50.0", "2.0", "0", "0", "1", "1"]
    rows = list(csv.DictReader(io.StringIO(csv_path.read_bytes().decode("utf-8-sig"))))
    assert rows[-1]["layanan"] == "jumlah" and rows[-1]["diterima"] == "6" and rows[-1]["persen_tepat"] == "50.0"
    sheet = load_workbook(xlsx_path).active
    top = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(row=r, column=1).value == "Kode layanan")
    header = [c.value for c in sheet[top]]
    assert header[:4] == ["Kode layanan", "Layanan", "Diterima", "Selesai"] and sheet.cell(row=top, column=1).font.bold
    total = next(row for row in sheet.iter_rows() if row[0].value == "Jumlah")
    share = total[header.index("% tepat")]
    assert total[header.index("Diterima")].value == 6 and share.value == 0.5 and share.number_format.endswith("0.0%")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000


def test_gabung_villages_at_the_kecamatan(run, report, tmp_path, monkeypatch):
    bacem = tmp_path / "bacem.csv"
    assert run("ekspor", "--bulan", "2026-11", "--keluar", str(bacem)).exit_code == 0
    other = buat_kantor(tmp_path / "kantor-sidorejo", desa="Sidorejo", kode_wilayah="35.05.06.2012")
    build(run, monkeypatch, tmp_path, other)
    sidorejo = tmp_path / "sidorejo.jsonl"
    assert run("ekspor", "--bulan", "2026-11", "--format", "jsonl", "--keluar", str(sidorejo)).exit_code == 0
    kecamatan = buat_kantor(tmp_path / "ponggok", tingkat="kecamatan", kode_wilayah="35.05.06", desa=None)
    monkeypatch.setenv("DESA_KANTOR", str(kecamatan))
    rows = json.loads(run("gabung", str(bacem), str(sidorejo), "--json").stdout)
    by_key = {(r["kantor"], r["layanan"]): r for r in rows}
    assert by_key[("Desa Bacem", "keterangan-domisili")]["terlambat"] == 1
    assert by_key[("Desa Sidorejo", "keterangan-domisili")]["persen_tepat"] == 50.0
    assert by_key[("Jumlah", "jumlah")]["diterima"] == 12 and by_key[("Jumlah", "jumlah")]["ditolak"] == 2
    shown = run("gabung", str(bacem), str(sidorejo), "--xlsx", str(tmp_path / "g.xlsx"))
    assert "Desa Sidorejo" in shown.output and (tmp_path / "g.xlsx").is_file()
    broken = tmp_path / "rusak.csv"
    broken.write_text("a,b\n1,2\n", encoding="utf-8")
    bad = run("gabung", str(broken))
    assert bad.exit_code == 1 and "rusak.csv" in bad.stderr and "kolom" in bad.stderr
