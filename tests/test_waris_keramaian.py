"""Issue 12, letter by letter: ahli waris (heirs' table that fits the page, two witnesses, the
camat's endorsement), izin keramaian (a past event refused, the police's 14 working days warned,
an end after midnight dated), the recommendation to the Kapolsek or Kapolres, and a service taken
only at its own level (the IUMK turned into a keterangan for the NIB)."""

import json
import subprocess
from pathlib import Path

import yaml
from conftest import SITI, buat_kantor
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm
from test_kata_surat import PONGGOK
from test_tata_surat import PERLU_LIBREOFFICE, SOFFICE, halaman

from desa_cli import dokumen, katalog

SAKSI = {
    "nama_saksi_1": "Slamet Riyadi", "nik_saksi_1": "3505011203700001", "alamat_saksi_1": "Dusun Krajan, Bacem",
    "nama_saksi_2": "Sri Wahyuni", "nik_saksi_2": "3505015506750002", "alamat_saksi_2": "Dusun Kebonsari, Bacem",
}  # fmt: skip
ACARA = {
    "nama_acara": "Resepsi pernikahan", "jam_mulai": "19.00", "jam_selesai": "01.00",
    "tempat_acara": "Halaman rumah, Dusun Krajan", "jumlah_undangan": 300, "hiburan": "Organ tunggal",
}  # fmt: skip


def kecamatan(tmp_path) -> Path:
    from desa_cli import kantor as kantor_mod

    kantor_mod.buat(tmp_path / "ponggok", PONGGOK)
    return tmp_path / "ponggok"


def pakai(monkeypatch, folder: Path, waktu: str = "2026-11-23T09:00:00") -> Path:
    monkeypatch.setenv("DESA_KANTOR", str(folder))
    monkeypatch.setenv("DESA_PETUGAS", "Sari")
    monkeypatch.setenv("DESA_WAKTU", waktu)
    return folder


def ajukan(run, tmp_path, kode, *args, **isian):
    path = tmp_path / f"isian-{kode}.yaml"
    pemohon = {k: v for k, v in SITI.items() if k != "keperluan"}
    path.write_text(yaml.safe_dump({**pemohon, **isian}, allow_unicode=True), "utf-8")
    return run("ajukan", kode, "--data", str(path), "--ada", "semua", *args)


def noreg_of(result) -> str:
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)["noreg"]


def cetak(run, noreg: str) -> Path:
    result = run("cetak", noreg, "--json")
    assert result.exit_code == 0, result.stderr
    return Path(json.loads(result.stdout)["berkas"])


def heirs(jumlah: int) -> list:
    # "30 September" is the longest date a table column must hold on one line.
    return [
        {"nama": f"Ahli Waris Nomor {i + 1}", "nik": f"350501300985{i + 1:04d}", "tanggal_lahir": "1985-09-30",
         "hubungan": "Anak Kandung"}
        for i in range(jumlah)
    ]  # fmt: skip


def ajukan_waris(run, tmp_path, jumlah: int) -> str:
    return noreg_of(
        ajukan(
            run, tmp_path, "ahli-waris", "--json", nama_pewaris="Sukardi", tanggal_meninggal="2026-10-01",
            tempat_meninggal="Blitar", ahli_waris=heirs(jumlah), keperluan="balik nama sertifikat", **SAKSI,
        )
    )  # fmt: skip


# --- table widths ---------------------------------------------------------------------------------


def lebar(tbl) -> int:
    cols = sum(int(c.get(qn("w:w"))) for c in tbl.tblGrid.findall(qn("w:gridCol")))
    indent = tbl.tblPr.find(qn("w:tblInd"))
    return cols + (int(indent.get(qn("w:w"))) if indent is not None else 0)


def test_tables_shrink_to_the_usable_width_of_an_a4_page():
    path = Path(katalog.bundled_folder()).parent / "templates_surat" / "keterangan-ahli-waris.docx"
    doc = Document(str(path))
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    usable = section.page_width.twips - section.left_margin.twips - section.right_margin.twips
    tables = [t._tbl for t in doc.tables]
    assert max(lebar(t) for t in tables) > usable  # drawn for F4: 165 mm
    dokumen.tata(doc, margin={"kiri": 3, "kanan": 2})
    assert all(lebar(t) <= usable + 28 for t in tables)
    # the cells follow the grid (Word reads the cells, LibreOffice the grid)
    heirs_table = next(t for t in doc.tables if t.rows[0].cells[0].text == "No.")
    assert sum(c.width for c in heirs_table.rows[0].cells) <= Mm(160) + 50
    # an F4 page keeps the widths as drawn
    doc = Document(str(path))
    before = [lebar(t._tbl) for t in doc.tables]
    dokumen.tata(doc, margin={"kiri": 3, "kanan": 2})
    assert [lebar(t._tbl) for t in doc.tables] == before


@PERLU_LIBREOFFICE
def test_heirs_dates_and_niks_never_wrap_on_f4_and_a4_with_witnesses_and_the_camat(run, tmp_path, monkeypatch):
    letters = {}
    for kertas in ("f4", "a4"):
        folder = pakai(monkeypatch, buat_kantor(tmp_path / kertas))
        yaml_path = folder / "kantor.yaml"
        yaml_path.write_text(yaml_path.read_text("utf-8").replace("kertas: f4", f"kertas: {kertas}"), "utf-8")
        for n in (12, 14, 30):
            letters[(kertas, n)] = cetak(run, ajukan_waris(run, tmp_path, n))
    out = tmp_path / "pdf"
    for kertas in ("f4", "a4"):
        paths = [str(p) for (k, _), p in letters.items() if k == kertas]
        (out / kertas).mkdir(parents=True)
        subprocess.run([SOFFICE, "--headless", "--convert-to", "pdf", "--outdir", str(out / kertas), *paths],
                       check=True, capture_output=True, timeout=600)  # fmt: skip
    for (kertas, n), path in letters.items():
        pages = halaman(path, out / kertas)
        pdf = out / kertas / (path.stem + ".pdf")
        size = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
        assert ("595" if kertas == "a4" else "609") in size.stdout  # A4 is 595 x 842 pt, F4 609 x 936
        text = "".join(pages)
        assert text.count("30 September 1985") == n, (kertas, n)  # one line: never "30 September\n1985"
        assert all(f"350501300985{i:04d}" in text for i in range(1, n + 1)), (kertas, n)
        for word in ("Saksi-saksi:", "1. Slamet Riyadi", "2. Sri Wahyuni", "NIK 3505011203700001", "Dusun Kebonsari"):
            assert word in text, (kertas, n, word)
        last = pages[-1]
        for word in ("Mengetahui,", "Nomor: ....", "Tanggal: ....", "CAMAT PONGGOK", "NIP. ...."):
            assert word in last, (kertas, n, word)
        signed = next(page for page in pages if "Suyanto" in page)
        assert "KEPALA DESA BACEM" in signed and "Demikian surat keterangan ini dibuat" in signed


# --- izin keramaian -------------------------------------------------------------------------------


def test_an_event_in_the_past_is_refused(run, tmp_path, monkeypatch):
    pakai(monkeypatch, buat_kantor(tmp_path / "bacem"))
    result = ajukan(run, tmp_path, "izin-keramaian", tanggal_acara="2026-11-22", **ACARA)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Tanggal acara (22 November 2026) sudah lewat" in lines[0], result.stderr
    assert "hari ini 23 November 2026" in lines[0]
    # today is not past
    assert ajukan(run, tmp_path, "izin-keramaian", "--json", tanggal_acara="2026-11-23", **ACARA).exit_code == 0


def test_fewer_than_14_working_days_warned_at_ajukan_and_at_cetak(run, tmp_path, monkeypatch):
    pakai(monkeypatch, buat_kantor(tmp_path / "bacem"))
    # Monday 23 November to Saturday 5 December 2026: 9 working days (Monday to Friday).
    result = ajukan(run, tmp_path, "izin-keramaian", tanggal_acara="2026-12-05", **ACARA)
    assert result.exit_code == 0
    warned = [line for line in result.stderr.splitlines() if "14 hari kerja" in line]
    assert len(warned) == 1 and "tinggal 9 hari kerja" in warned[0] and "Perpol 7/2023" in warned[0], result.stderr
    noreg = noreg_of(ajukan(run, tmp_path, "izin-keramaian", "--json", tanggal_acara="2026-12-05", **ACARA))
    result = run("cetak", noreg, "--json")
    assert result.exit_code == 0
    assert any("tinggal 9 hari kerja" in line for line in json.loads(result.stdout)["peringatan"])
    noreg = noreg_of(ajukan(run, tmp_path, "izin-keramaian", "--json", tanggal_acara="2026-12-05", **ACARA))
    result = run("cetak", noreg)
    assert result.exit_code == 0 and "tinggal 9 hari kerja" in result.stderr
    # 14 working days or more: no warning; the json of ajukan carries it as peringatan
    far = json.loads(ajukan(run, tmp_path, "izin-keramaian", "--json", tanggal_acara="2026-12-14", **ACARA).stdout)
    assert not any("14 hari kerja" in line for line in far["peringatan"])
    edge = json.loads(ajukan(run, tmp_path, "izin-keramaian", "--json", tanggal_acara="2026-12-11", **ACARA).stdout)
    assert not any("14 hari kerja" in line for line in edge["peringatan"])  # Friday: 14 working days
    near = json.loads(ajukan(run, tmp_path, "izin-keramaian", "--json", tanggal_acara="2026-12-10", **ACARA).stdout)
    assert any("tinggal 13 hari kerja" in line for line in near["peringatan"])


def test_an_end_after_midnight_shows_its_date(run, tmp_path, monkeypatch):
    pakai(monkeypatch, buat_kantor(tmp_path / "bacem"))
    noreg = noreg_of(ajukan(run, tmp_path, "izin-keramaian", "--json", tanggal_acara="2026-12-19", **ACARA))
    text = "\n".join(p.text for p in Document(str(cetak(run, noreg))).paragraphs)
    cells = "\n".join(c.text for t in Document(str(cetak(run, noreg))).tables for r in t.rows for c in r.cells)
    assert "Pukul 19.00 s.d. 01.00 WIB (Minggu, 20 Desember 2026)" in cells, text
    same_day = {**ACARA, "jam_selesai": "23.00"}
    noreg = noreg_of(ajukan(run, tmp_path, "izin-keramaian", "--json", tanggal_acara="2026-12-19", **same_day))
    cells = "\n".join(c.text for t in Document(str(cetak(run, noreg))).tables for r in t.rows for c in r.cells)
    assert "Pukul 19.00 s.d. 23.00 WIB\n" in cells + "\n" and "(Minggu" not in cells


# --- rekomendasi keramaian, tingkat, IUMK ---------------------------------------------------------


def rekomendasi(run, tmp_path, skala: str) -> str:
    return noreg_of(
        ajukan(
            run, tmp_path, "rekomendasi-keramaian", "--json", nomor_surat_desa="300/015/35.05.06.2006/2026",
            tanggal_acara="2026-12-19", skala=skala, **ACARA,
        )
    )  # fmt: skip


def test_the_recommendation_goes_to_the_kapolsek_or_the_kapolres_by_the_events_scale(run, tmp_path, monkeypatch):
    pakai(monkeypatch, kecamatan(tmp_path))
    for skala, tujuan in (("kecamatan", "Kapolsek Ponggok\ndi Ponggok"), ("kabupaten", "Kapolres Blitar\ndi Blitar")):
        doc = Document(str(cetak(run, rekomendasi(run, tmp_path, skala))))
        text = "\n".join(p.text for p in doc.paragraphs)
        assert f"Kepada Yth.\n{tujuan}\n" in text, text
        assert "pukul 19.00 sampai dengan 01.00 (Minggu, 20 Desember 2026)" in text
    result = ajukan(run, tmp_path, "rekomendasi-keramaian", nomor_surat_desa="1", tanggal_acara="2026-12-19",
                    skala="provinsi", **ACARA)  # fmt: skip
    assert result.exit_code == 1 and "kecamatan" in result.stderr


def test_a_service_is_taken_only_at_its_own_level(run, tmp_path, monkeypatch):
    pakai(monkeypatch, buat_kantor(tmp_path / "bacem"))
    usaha = {"nama_usaha": "Keripik Bu Siti", "kegiatan_usaha": "Produksi keripik", "sarana_usaha": "Rumah tinggal",
             "alamat_usaha": "Dusun Krajan", "modal_usaha": 5000000}  # fmt: skip
    for kode in ("izin-usaha-mikro", "iumk", "rekomendasi-keramaian"):
        result = ajukan(run, tmp_path, kode, **usaha)
        assert result.exit_code == 1
        assert result.stderr.strip().splitlines() == [
            f"Kesalahan: Layanan {katalog.cari(katalog.load([katalog.bundled_folder()]), kode).kode} hanya "
            "dilayani di kantor kecamatan."
        ], result.stderr
    assert "Dilayani di kantor kecamatan" in run("syarat", "iumk").output
    assert "Dilayani di kantor desa/kelurahan" in run("syarat", "domisili").output
    # a kecamatan does not take a village's letter
    pakai(monkeypatch, kecamatan(tmp_path))
    result = ajukan(run, tmp_path, "keterangan-domisili", keperluan="Melamar kerja")
    assert result.exit_code == 1 and "hanya dilayani di kantor desa/kelurahan" in result.stderr
    # at the kecamatan the former IUMK is a keterangan for the NIB, never an izin
    noreg = noreg_of(ajukan(run, tmp_path, "iumk", "--json", **usaha))
    text = "\n".join(p.text for p in Document(str(cetak(run, noreg))).paragraphs)
    assert "SURAT KETERANGAN USAHA" in text and "pendaftaran Nomor Induk Berusaha (NIB)" in text
    assert "tidak berlaku sebagai izin usaha" in text and "IZIN USAHA MIKRO" not in text
    assert "Demikian surat keterangan ini dibuat" in text
