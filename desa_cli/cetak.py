"""Printing one application's letter: take the number, render, archive, record.

Everything happens inside the caller's register transaction, so the number, the file and the
record belong together: if the command dies before its commit, the number was never taken and
the next print writes the same file again.
"""

from __future__ import annotations

from pathlib import Path

from . import surat as surat_mod
from .register import LABEL_STATUS, TidakBoleh, kurang


def _layanan(katalog, record):
    layanan = katalog.layanan.get(record["layanan"])
    if layanan is None:
        raise TidakBoleh(f"Layanan '{record['layanan']}' dari permohonan {record['noreg']} tidak ada lagi di katalog.")
    return layanan


def cetak(reg, kantor, katalog, noreg: str, catatan: dict | None = None) -> tuple:
    """(record, path of the .docx, True when a new number was taken)."""
    record = reg.ambil(noreg)
    stored = record.get("surat")
    if stored and record["status"] in ("selesai", "diambil"):
        path = kantor.folder / stored["berkas"]
        if path.is_file():
            record.pop("_bulan", None)
            return record, path, False  # a reprint is the same letter
        # The archived file is gone: write it again with the same number, date and code.
        layanan = _layanan(katalog, record)
        data = _render(kantor, layanan, record, stored)
        sha = surat_mod.tulis_arsip(path, data)
        record = reg.catat_surat(record, {**stored, "sha256": sha}, ulang=True)
        return record, path, False
    if record["status"] != "lengkap":
        missing = kurang(record)
        if record["status"] == "belum_lengkap" and missing:
            names = [p["nama"] for p in record["persyaratan"] if p["kode"] in missing]
            raise TidakBoleh(
                f"Permohonan {record['noreg']} belum lengkap; surat tidak dicetak. Kurang: {'; '.join(names)}. "
                f"Catat dengan 'desa lengkapi {record['noreg']} --ada KODE'."
            )
        raise TidakBoleh(
            f"Permohonan {record['noreg']} berstatus {LABEL_STATUS[record['status']]}; surat tidak dicetak."
        )
    layanan = _layanan(katalog, record)
    today = reg.sekarang.date()
    ttd = surat_mod.penandatangan(kantor, layanan.data["surat"]["penandatangan"])
    # Check the number format before a number is taken: a wrong format must not burn one.
    surat_mod.nomor_surat(kantor.data["format_nomor"], "0", 1, kantor.data["kode_wilayah"], today)
    urut = reg.nomor_berikut("surat", today.year)
    nomor = surat_mod.nomor_surat(
        kantor.data["format_nomor"], layanan.data["surat"]["kode_klasifikasi"], urut, kantor.data["kode_wilayah"], today
    )
    cetakan = {
        "nomor": nomor,
        "urut": urut,
        "tanggal": today.isoformat(),
        "kode_verifikasi": surat_mod.kode_verifikasi(),
        "penandatangan": ttd,
        "templat": surat_mod.templat_layanan(layanan),
        "versi_katalog": layanan.versi,
    }
    data = _render(kantor, layanan, record, cetakan)
    # Never over an existing file: an archived letter is not replaced by another letter.
    relative = Path("arsip") / str(today.year) / surat_mod.nama_berkas(record)
    relative = surat_mod.berkas_arsip_bebas(kantor.folder, relative)
    sha = surat_mod.tulis_arsip(kantor.folder / relative, data)
    record = reg.catat_surat(record, {**cetakan, "berkas": relative.as_posix(), "sha256": sha}, catatan=catatan)
    return record, kantor.folder / relative, True


def _render(kantor, layanan, record, cetakan) -> bytes:
    templat = surat_mod.cari_templat(
        cetakan.get("templat") or surat_mod.templat_layanan(layanan), kantor.folder / "templates_surat"
    )
    context = surat_mod.konteks(record, layanan, kantor, cetakan)
    return surat_mod.render(templat, context, kantor.logo, kantor.data["kertas"])
