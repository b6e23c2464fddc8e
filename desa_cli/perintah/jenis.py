"""Click parameter types shared by the command modules: a month, a registration number, and choices
built from the core's own constants, so the CLI never writes a list out again.

A wrong value is a usage error (exit 2) with an Indonesian reason; Click adds the option's name.
The core modules imported here are light (no TinyDB, no rich), so start-up stays quick.
"""

from __future__ import annotations

import re

import click

from ..katalog import TINGKAT
from ..register import LABEL_STATUS, PermohonanTidakAda, normal_noreg
from ..survei import JENIS_KELAMIN, KELOMPOK_USIA, PENDIDIKAN

_POLA_BULAN = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


class Bulan(click.ParamType):
    """A month written YYYY-MM, such as 2026-11."""

    name = "bulan"

    def get_metavar(self, param, ctx=None):  # ctx: Click 8.2 passes it, older Clicks do not
        return "YYYY-MM"

    def convert(self, value, param, ctx):
        text = str(value).strip()
        if not _POLA_BULAN.fullmatch(text):
            self.fail(f"'{value}' bukan bulan; tulis seperti 2026-11.", param, ctx)
        return text


class Noreg(click.ParamType):
    """A registration number, normalised: 2026-42 becomes 2026-00042."""

    name = "noreg"

    def get_metavar(self, param, ctx=None):
        return "NOREG"

    def convert(self, value, param, ctx):
        try:
            return normal_noreg(str(value))
        except PermohonanTidakAda as error:
            self.fail(str(error), param, ctx)


BULAN = Bulan()
NOREG = Noreg()
STATUS = click.Choice([*LABEL_STATUS, "semua"])
TINGKAT_KANTOR = click.Choice(list(TINGKAT))
USIA = click.Choice(list(KELOMPOK_USIA))
KELAMIN = click.Choice(list(JENIS_KELAMIN))
JENJANG = click.Choice(list(PENDIDIKAN))
