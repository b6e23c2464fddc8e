"""Which numbers the register files show as taken, read from the raw bytes: what a restore must
not hand out again (storage.pulihkan), and the letters in the archive that hold a noreg."""

from __future__ import annotations

import os
import re

JENIS_NOMOR = ("noreg", "surat", "aduan", "masuk")  # the sequences that are never reused

_NOREG_BERKAS = re.compile(r"(\d{4}-\d{1,6})_")


def noreg_arsip(arsip, tahun: int):
    """The noregs named by the letter files of one year's archive folder."""
    try:
        names = [entry.name for entry in os.scandir(arsip / str(tahun))]
    except OSError:
        return
    for name in names:
        match = _NOREG_BERKAS.match(name)
        if match:
            yield match.group(1)


# What a register file says about its numbers, read from the bytes as they are, so that a file
# cut short or hand-edited still tells which numbers were taken.
_POLA_NOREG = re.compile(rb'"noreg"\s*:\s*"(\d{4})-(\d{1,6})"')
_POLA_ADUAN = re.compile(rb'"nomor"\s*:\s*"ADU-(\d{4})-(\d{1,6})"')
_POLA_MASUK = re.compile(rb'"nomor"\s*:\s*"SM-(\d{4})-(\d{1,6})"')
_POLA_KODE = re.compile(rb'"nomor_kode"\s*:\s*"(\d{4})/([^"/\\]{1,40})/(\d{1,9})"')
_POLA_SURAT = re.compile(
    rb'"urut"\s*:\s*(\d{1,9})\s*,\s*(?:"nomor"\s*:\s*"(?:[^"\\]|\\.)*"\s*,\s*)?"tanggal"\s*:\s*"(\d{4})-'
)
_POLA_PENGHITUNG = re.compile(rb'"(noreg|surat|aduan|masuk)"\s*:\s*\{([^{}]*)\}')
_POLA_TAHUN = re.compile(rb'"(\d{4})"\s*:\s*(\d{1,9})')
_POLA_BUKU = re.compile(r"(surat|aduan|masuk)-(\d{4})")
_POLA_KUNCI = re.compile(rb'"(\d{1,9})"\s*:\s*\{')


def angka_tertinggi(folders: list, arsip=None) -> dict:
    """The highest noreg, letter and complaint number of each year that any register file under
    `folders` shows (counters, books, applications, events; damaged files too), and the noregs of
    the letters under `arsip`: {"noreg": {"2026": 42}, "surat": {...}, "aduan": {...}}."""

    top: dict = {jenis: {} for jenis in JENIS_NOMOR}

    def saw(jenis: str, year, number) -> None:
        year = year.decode() if isinstance(year, bytes) else str(year)
        number = int(number)
        if number > top[jenis].get(year, 0):
            top[jenis][year] = number

    for relative, raw in _isi_berkas(folders):
        for year, number in _POLA_NOREG.findall(raw):
            saw("noreg", year, number)
        for year, number in _POLA_ADUAN.findall(raw):
            saw("aduan", year, number)
        for year, number in _POLA_MASUK.findall(raw):
            saw("masuk", year, number)
        for number, year in _POLA_SURAT.findall(raw):
            saw("surat", year, number)
        for jenis, body in _POLA_PENGHITUNG.findall(raw):
            for year, number in _POLA_TAHUN.findall(body):
                saw(jenis.decode(), year, number)
        book = _POLA_BUKU.fullmatch(relative.stem)
        if book:  # a book's keys are its numbers
            for number in _POLA_KUNCI.findall(raw):
                saw(book.group(1), book.group(2), number)
    if arsip is not None and arsip.is_dir():
        for year_folder in arsip.iterdir():
            if re.fullmatch(r"\d{4}", year_folder.name):
                for noreg in noreg_arsip(arsip, int(year_folder.name)):
                    year, number = noreg.split("-")
                    saw("noreg", year, number)
    return top


def _isi_berkas(folders: list):
    """(relative path, bytes) of every register file under `folders` that can be read."""
    from .storage import berkas_register

    for folder in folders:
        for relative in berkas_register(folder):
            try:
                yield relative, (folder / relative).read_bytes()
            except OSError:
                continue


def kode_tertinggi(folders: list) -> dict:
    """The highest per-classification letter number of each year and code that any register file
    under `folders` shows, by the `nomor_kode` token every such letter carries (its book entry, its
    event, its application), and the counters of nomor.json: {"2026": {"005": 3}}."""
    from .berkas_aman import loads

    top: dict = {}

    def saw(year: str, kode: str, number) -> None:
        codes = top.setdefault(year, {})
        if isinstance(number, int) and not isinstance(number, bool) and number > codes.get(kode, 0):
            codes[kode] = number

    for relative, raw in _isi_berkas(folders):
        for year, kode, number in _POLA_KODE.findall(raw):
            saw(year.decode(), kode.decode("utf-8", "replace"), int(number))
        if relative.as_posix() == "nomor.json":
            try:
                counters = loads(raw).get("surat_kode")
            except (ValueError, AttributeError):
                continue
            for year, codes in counters.items() if isinstance(counters, dict) else ():
                for kode, number in codes.items() if isinstance(codes, dict) else ():
                    saw(str(year), str(kode), number)
    return {year: codes for year, codes in top.items() if codes}
