"""Click's own words (usage, help, usage errors) in Bahasa Indonesia.

Click marks its messages for gettext but ships no translations, and gettext picks a language
from the environment, which an office laptop on Windows does not set. So we hand Click's
modules a lookup of our own. A message missing here, or a Click that no longer looks words up
this way, simply shows Click's English: nothing breaks.
"""

from __future__ import annotations

import importlib

TERJEMAHAN = {
    "Usage:": "Cara pakai:",
    "Options": "Opsi",
    "Commands": "Perintah",
    "Positional arguments": "Argumen",
    "Show this message and exit.": "Tampilkan bantuan ini lalu keluar.",
    "Show the version and exit.": "Tampilkan versi lalu keluar.",
    "%(prog)s, version %(version)s": "%(prog)s, versi %(version)s",
    "Error: {message}": "Kesalahan: {message}",
    "Try '{command} {option}' for help.": "Lihat '{command} {option}' untuk bantuan.",
    "No such command {name!r}.": "Perintah {name!r} tidak ada.",
    "No such option: {name}": "Opsi {name} tidak dikenal.",
    "No such option {name!r}.": "Opsi {name!r} tidak dikenal.",
    "Missing command.": "Perintah belum ditulis.",
    "Missing argument": "Argumen belum diisi",
    "Missing option": "Opsi belum diisi",
    "Missing parameter": "Nilai belum diisi",
    "Missing {param_type}": "{param_type} belum diisi",
    "argument": "Argumen",
    "option": "Opsi",
    "parameter": "Nilai",
    "Missing parameter: {param_name}": "Nilai belum diisi: {param_name}",
    "Invalid value for {param_hint}: {message}": "Nilai {param_hint} salah: {message}",
    "Invalid value: {message}": "Nilai salah: {message}",
    "Option {name!r} does not take a value.": "Opsi {name!r} tidak memakai nilai.",
    "Aborted!": "Dibatalkan.",
    "Error: invalid input": "Kesalahan: masukan tidak sah",
    "Choose from:\n\t{choices}": "Pilih salah satu:\n\t{choices}",
    "{value!r} is not a valid {number_type}.": "{value!r} bukan {number_type} yang sah.",
    "integer": "bilangan bulat",
    "float": "bilangan",
    "{value} is not in the range {range}.": "{value} tidak dalam rentang {range}.",
    "{name} {filename!r} does not exist.": "{name} {filename!r} tidak ada.",
    "{name} {filename!r} is a file.": "{name} {filename!r} adalah berkas, bukan folder.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} adalah folder, bukan berkas.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} tidak dapat dibaca.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} tidak dapat ditulisi.",
    "File": "Berkas",
    "Directory": "Folder",
    "Path": "Jalur",
    "file": "berkas",
    "directory": "folder",
    "path": "jalur",
    "default: {default}": "bawaan: {default}",
    "env var: {var}": "variabel lingkungan: {var}",
    "Repeat for confirmation": "Ulangi untuk memastikan",
    "Error: The two entered values do not match.": "Kesalahan: kedua isian tidak sama.",
}

TERJEMAHAN_JAMAK = {
    "Got unexpected extra argument ({args})": "Ada argumen yang tidak dikenal ({args})",
    "Got unexpected extra arguments ({args})": "Ada argumen yang tidak dikenal ({args})",
    "Did you mean {possibility}?": "Maksud Anda {possibility}?",
    "(Did you mean one of: {possibilities}?)": "(Maksud Anda salah satu dari: {possibilities}?)",
    "{value!r} is not {choice}.": "{value!r} bukan {choice}.",
    "{value!r} is not one of {choices}.": "{value!r} bukan salah satu dari {choices}.",
    "Option {name!r} requires an argument.": "Opsi {name!r} memerlukan nilai.",
    "Option {name!r} requires {nargs} arguments.": "Opsi {name!r} memerlukan {nargs} nilai.",
}

_MODULES = ("core", "exceptions", "parser", "types", "formatting", "decorators", "termui", "utils")


def _gettext(message: str) -> str:
    return TERJEMAHAN.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    message = singular if n == 1 else plural
    return TERJEMAHAN_JAMAK.get(message, message)


def pasang() -> None:
    """Make Click speak Indonesian in this process."""
    for name in _MODULES:
        try:
            module = importlib.import_module(f"click.{name}")
        except ImportError:  # pragma: no cover - a Click without that module
            continue
        if hasattr(module, "_"):
            module._ = _gettext
        if hasattr(module, "ngettext"):
            module.ngettext = _ngettext
