"""Numbers as Indonesian documents write them: a decimal comma and a dot between thousands
(87,50; 1.234.567). Babel's CLDR data for `id` gives the symbols; spreadsheets keep real numbers
and get a number format instead (NUMFMT_*)."""

from __future__ import annotations

from decimal import Decimal

# Number formats for openpyxl cells. [$-421] is the Indonesian locale (LCID 0x0421): LibreOffice
# then shows 1.234,5 whatever the machine's own locale; Excel shows the machine's separators,
# which are these on an Indonesian Windows.
LOKAL_XLSX = "[$-421]"
NUMFMT_BULAT = LOKAL_XLSX + "#,##0"
NUMFMT_SATU = LOKAL_XLSX + "#,##0.0"
NUMFMT_PERSEN = LOKAL_XLSX + "0.0%"


def angka(value, digits: int | None = None) -> str:
    """`value` written the Indonesian way; `digits` fixes the decimals (None: as many as it has,
    up to three). "-" for a missing value."""
    if value is None:
        return "-"
    from babel.numbers import format_decimal

    if digits is None:
        pattern = "#,##0.###"
    else:
        # Rounded as Python rounds the same number on screen (f"{x:.2f}"), so both agree.
        value = Decimal(f"{value:.{digits}f}")
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale="id", decimal_quantization=True)
