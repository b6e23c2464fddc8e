"""The logic behind `desa cetak` and `desa ajukan`, called directly without Click: which letters a
batch prints and how it stops; how an applicant's values are merged from their sources and the
earlier record; warnings for every NIK of a service; a named printer checked before a number."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import SITI, ajukan_siti, siap_ajukan

from desa_cli import cetak, isian
from desa_cli.katalog import ISIAN_PEMOHON
from desa_cli.kesalahan import DesaError
from desa_cli.perintah._bersama import Aplikasi
from desa_cli.register import TidakBoleh
from desa_cli.surat import SuratError

NIK_KECAMATAN_ASING = "3505990708900001"  # kecamatan 35.05.99 is not in the Kemendagri list


def _ajukan(run, tmp_path, kode="domisili", ada="semua", **data) -> dict:
    path = tmp_path / "data.yaml"
    path.write_text(yaml.safe_dump({**SITI, **data}, allow_unicode=True), "utf-8")
    result = run("ajukan", kode, "--data", str(path), "--ada", ada, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


# --- cetak: the batch --------------------------------------------------------------------------------


def test_the_batch_is_the_complete_applications_in_arrival_order_and_stops_at_a_failure(
    run, kantor, tmp_path, monkeypatch
):
    siap_ajukan(monkeypatch, kantor, tmp_path)
    first = ajukan_siti(run, tmp_path)
    unfinished = _ajukan(run, tmp_path, ada="")["noreg"]
    third = ajukan_siti(run, tmp_path)
    app = Aplikasi(str(kantor))
    info = app.kantor()
    with app.register(info) as reg:
        assert cetak.antrean(reg) == [first, third]
    maju = []
    with pytest.raises(TidakBoleh, match="belum lengkap"):
        cetak.cetak_semua(
            lambda: app.register(info), info, app.katalog(), [first, unfinished, third], maju=lambda: maju.append(1)
        )
    assert maju == [1]  # progress is reported through the callback, once per letter printed
    with app.register(info) as reg:
        assert reg.ambil(first)["status"] == "selesai"  # the letter before the failure stays numbered
        assert reg.ambil(third)["status"] == "lengkap"  # the one after it was not printed
    hasil = cetak.cetak_semua(lambda: app.register(info), info, app.katalog(), [third, first])
    assert [(c.record["noreg"], c.baru) for c in hasil] == [(third, True), (first, False)]


# --- ajukan: merging the applicant's values ----------------------------------------------------------


def _fields():
    extra = {"nama": "keperluan", "label": "Keperluan", "jenis": "teks", "wajib": True}
    return [*ISIAN_PEMOHON, extra]


def test_later_sources_win_data_file_then_isi_then_options(tmp_path):
    data = tmp_path / "d.yaml"
    data.write_text("nama: Dari Berkas\nalamat: Bacem\nkeperluan: berkas\n", "utf-8")
    names = [f["nama"] for f in _fields()]
    isi = ["keperluan=dari isi", "alamat=Sumberejo"]
    raw = isian.kumpulkan(str(data), isi, {"nama": "Dari Opsi", "nik": None}, names)
    assert raw == {"nama": "Dari Opsi", "alamat": "Sumberejo", "keperluan": "dari isi"}
    with pytest.raises(DesaError, match="Isian tidak dikenal untuk layanan ini: warna"):
        isian.kumpulkan(None, ["warna=merah"], {}, names)


def test_the_earlier_record_fills_only_empty_fields_with_a_note_when_nothing_is_asked():
    lama = {**SITI, "alamat": "Alamat lama", "pekerjaan": "Guru", "noreg_terakhir": "2026-0001"}
    raw = {"nik": SITI["nik"], "pekerjaan": "Petani", "keperluan": "Melamar kerja"}
    asked_for = []
    values, catatan = isian.susun(_fields(), raw, lambda nik: asked_for.append(nik) or lama)
    assert asked_for == [SITI["nik"]]
    assert values["pekerjaan"] == "Petani"  # typed now wins over the earlier record
    assert values["alamat"] == "Alamat lama"
    assert values["kewarganegaraan"] == "WNI"  # the default when nothing is asked
    assert catatan == ["Data pemohon diambil dari permohonan 2026-0001."]


def test_at_a_prompt_the_callbacks_ask_and_decline_the_earlier_record():
    lama = {**SITI, "noreg_terakhir": "2026-0001"}
    asked = []

    def tanya(spec, default):
        asked.append((spec["nama"], default))
        return {"nik": SITI["nik"], "keperluan": "Sekolah", "kewarganegaraan": "WNI"}.get(spec["nama"], default)

    offered = []

    def pakai_lama(record, names):
        offered.append(list(names))
        return False  # each field is asked again, the earlier value as default

    values, catatan = isian.susun(_fields(), {}, lambda nik: lama, tanya, pakai_lama)
    assert asked[0] == ("nik", None)
    assert offered == [[f["nama"] for f in ISIAN_PEMOHON if f["nama"] in SITI and f["nama"] != "nik"]]
    assert ("nama", "Siti Aminah") in asked and ("keperluan", None) in asked
    assert values["keperluan"] == "Sekolah" and values["nama"] == "Siti Aminah" and catatan == []


def test_a_missing_required_field_is_refused_when_nothing_can_be_asked():
    with pytest.raises(DesaError, match=r"Isian belum diisi: .*Keperluan \(keperluan\)"):
        isian.susun(_fields(), {k: v for k, v in SITI.items() if k != "keperluan"}, lambda nik: None)


# --- ajukan: a warning for every NIK of the service --------------------------------------------------


def test_every_nik_field_warns_of_an_unknown_region_naming_its_field():
    fields = [
        {"nama": "nik_ayah", "label": "NIK ayah", "jenis": "nik"},
        {"nama": "ahli_waris", "label": "Daftar ahli waris", "jenis": "daftar",
         "kolom": [{"nama": "nama", "label": "Nama", "jenis": "teks"},
                   {"nama": "nik", "label": "NIK", "jenis": "nik"}]},
    ]  # fmt: skip
    values = {
        "nik_ayah": NIK_KECAMATAN_ASING,
        "ahli_waris": [{"nama": "A", "nik": SITI["nik"]}, {"nama": "B", "nik": NIK_KECAMATAN_ASING}],
    }
    found = isian.peringatan_nik(fields, values)
    assert len(found) == 2
    assert found[0].startswith("NIK ayah: kode kecamatan 35.05.99")
    assert found[1].startswith("Daftar ahli waris, baris ke-2, NIK: kode kecamatan 35.05.99")


KELAHIRAN = {
    "nama_anak": "Bayu", "jenis_kelamin_anak": "L", "tempat_kelahiran": "Blitar", "tanggal_kelahiran": "2026-11-01",
    "jam_kelahiran": "08:00", "anak_ke": 1, "penolong_kelahiran": "Bidan", "nama_ayah": "Budi",
    "nik_ayah": NIK_KECAMATAN_ASING, "nama_ibu": "Siti Aminah", "nik_ibu": SITI["nik"], "hubungan_pelapor": "Ibu",
}  # fmt: skip


def test_ajukan_shows_the_warning_of_the_fathers_nik(run, kantor, tmp_path, monkeypatch):
    siap_ajukan(monkeypatch, kantor, tmp_path)
    data = {k: v for k, v in {**SITI, **KELAHIRAN}.items() if k != "keperluan"}
    (tmp_path / "lahir.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    result = run("ajukan", "kelahiran", "--data", str(tmp_path / "lahir.yaml"), "--ada", "semua")
    assert result.exit_code == 0, result.stderr
    assert "Peringatan: NIK ayah: kode kecamatan 35.05.99 dalam NIK tidak ada" in result.stderr
    result = run("ajukan", "kelahiran", "--data", str(tmp_path / "lahir.yaml"), "--ada", "semua", "--json")
    assert any(w.startswith("NIK ayah: kode kecamatan 35.05.99") for w in json.loads(result.stdout)["peringatan"])


# --- cetak --printer NAMA: the printer checked first -------------------------------------------------


class Jawab:
    """Stands in for subprocess.run: records each command line, answers with this output."""

    def __init__(self, stdout="", returncode=0, stderr=""):
        self.calls: list = []
        self.stdout, self.returncode, self.stderr = stdout, returncode, stderr

    def __call__(self, cmd, **kwargs):
        self.calls.append(list(cmd))
        return subprocess.CompletedProcess(cmd, self.returncode, self.stdout, self.stderr)


def _which(monkeypatch, found: dict):
    monkeypatch.setattr(cetak.shutil, "which", lambda name: found.get(name))


@pytest.mark.parametrize("system", ["linux", "darwin"])
def test_cups_printers_come_from_lpstat(system, monkeypatch):
    monkeypatch.setattr(sys, "platform", system)
    _which(monkeypatch, {"lpstat": "/usr/bin/lpstat"})
    fake = Jawab("Epson_L3110\nCanon\n")
    monkeypatch.setattr(subprocess, "run", fake)
    assert cetak.daftar_printer() == ["Epson_L3110", "Canon"]
    assert fake.calls == [["/usr/bin/lpstat", "-e"]]
    monkeypatch.setattr(subprocess, "run", Jawab(returncode=1, stderr="lpstat: No destinations added."))
    assert cetak.daftar_printer() == []
    monkeypatch.setattr(subprocess, "run", Jawab(returncode=1, stderr="lpstat: Scheduler is not running."))
    assert cetak.daftar_printer() is None


def test_without_lpstat_the_system_cannot_say_and_printing_goes_on(monkeypatch):
    monkeypatch.setattr(sys, "platform", "linux")
    _which(monkeypatch, {})
    assert cetak.daftar_printer() is None
    cetak.periksa_printer("Printer Apa Saja")  # no refusal


def test_windows_printers_come_from_powershell_without_pywin32(monkeypatch):
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setitem(sys.modules, "win32print", None)  # pywin32 not installed
    _which(monkeypatch, {"powershell": r"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe"})
    fake = Jawab("Microsoft Print to PDF\r\nEpson L3110 (Ruang Pelayanan)\r\n")
    monkeypatch.setattr(subprocess, "run", fake)
    assert cetak.daftar_printer() == ["Microsoft Print to PDF", "Epson L3110 (Ruang Pelayanan)"]
    assert fake.calls[0][:2] == [r"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe", "-NoProfile"]
    assert "Get-Printer" in fake.calls[0][-1]
    cetak.periksa_printer("epson l3110 (ruang pelayanan)")  # names compare without case
    with pytest.raises(SuratError) as exc:
        cetak.periksa_printer("Canon")
    assert str(exc.value) == (
        "Printer 'Canon' tidak ditemukan. Printer yang ada: 'Microsoft Print to PDF', 'Epson L3110 (Ruang Pelayanan)'."
    )


def test_windows_printers_come_from_pywin32_when_there(monkeypatch):
    monkeypatch.setattr(sys, "platform", "win32")

    class Win32Print:
        PRINTER_ENUM_LOCAL, PRINTER_ENUM_CONNECTIONS = 2, 4

        @staticmethod
        def EnumPrinters(flags, name, level):
            assert flags == 6 and level == 1
            return [(0, "desc", "Epson L3110", "")]

    monkeypatch.setitem(sys.modules, "win32print", Win32Print)
    assert cetak.daftar_printer() == ["Epson L3110"]


def test_cetak_to_an_unknown_printer_is_refused_before_a_number_is_taken(run, kantor, tmp_path, monkeypatch):
    siap_ajukan(monkeypatch, kantor, tmp_path)
    noreg = ajukan_siti(run, tmp_path)
    monkeypatch.setattr(cetak, "daftar_printer", lambda: ["Epson L3110"])

    def never(*args, **kwargs):
        raise AssertionError("nothing may be sent to LibreOffice")

    monkeypatch.setattr(cetak, "kirim_printer", never)
    result = run("cetak", noreg, "--printer", "Canon iP2770")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "Kesalahan: Printer 'Canon iP2770' tidak ditemukan. Printer yang ada: 'Epson L3110'."
    ]
    app = Aplikasi(str(kantor))
    with app.register() as reg:
        assert reg.ambil(noreg)["status"] == "lengkap" and "surat" not in reg.ambil(noreg)
    assert not list(Path(kantor).glob("arsip/*/*.docx"))
