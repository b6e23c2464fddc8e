"""The one Jinja environment every letter template and catalogue body is rendered with.

Templates travel between offices, so they are untrusted input. Jinja's own sandbox only blocks
underscore attributes; an object with public methods in the context (docxtpl's InlineImage had
`.tpl.render` and `.tpl.save`) still lets a template run code or write files. So here templates
see plain data only (str, numbers, bool, None, dict, list), may read attributes of plain data
only (a short list of harmless methods), get no globals that are Python objects, and have
ranges and repetition capped. `periksa` finds the same things without rendering a letter.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from pathlib import Path

from jinja2 import nodes
from jinja2.runtime import LoopContext, Undefined
from jinja2.sandbox import SandboxedEnvironment, SecurityError
from markupsafe import Markup

# Total items all range() calls of one render may produce; Jinja's own cap is per call, so two
# nested ranges could still run 10**10 times.
BATAS_RANGE = 100_000
# Longest text or list a `*` may build, and the largest integer `*` or `**` may build (10**(10**10) would
# otherwise hang even the compiler, which folds constants that are not intercepted).
BATAS_ULANG = 100_000
BATAS_BIT = 4096
GLOBAL_DIBUANG = ("cycler", "joiner", "namespace", "lipsum")

# The methods a template may call on plain data: reading and reshaping text, reading a dict.
# No format/format_map (attribute access inside the format string), nothing that builds a
# string of a size the template chooses (center, ljust, zfill, expandtabs).
_METODE_TEKS = frozenset(
    "capitalize casefold count endswith find index isalnum isalpha isdecimal isdigit islower "
    "isnumeric isspace istitle isupper join lower lstrip partition removeprefix removesuffix "
    "replace rfind rindex rpartition rsplit rstrip split splitlines startswith strip swapcase "
    "title upper striptags unescape".split()
)
_METODE_DICT = frozenset({"get", "items", "keys", "values"})
_METODE_DAFTAR = frozenset({"count", "index"})
_ATRIBUT_LOOP = frozenset(
    "index index0 revindex revindex0 first last length depth depth0 previtem nextitem cycle changed".split()
)
# A %-conversion: optional (key), flags, width, precision.
_SPESIFIKASI_FORMAT = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(?P<lebar>\*|\d+)?(?:\.(?P<presisi>\*|\d+))?")
_DATA = (str, int, float, bool, type(None), dict, list, tuple)


class TemplatDitolak(SecurityError):
    """A template used something it may not; the message says what, in Indonesian.
    `dari_data`: refused only because of the value it met (a method a text does not offer), so a
    trial render with sample data must not count it."""

    def __init__(self, message: str, dari_data: bool = False) -> None:
        super().__init__(message)
        self.dari_data = dari_data


class Gambar(Markup):
    """A picture (qr, logo) as the XML of its run: text that is only ever shown; no attribute,
    not even a text method, may be read from it."""

    __slots__ = ()


def _nama_jenis(obj) -> str:
    if isinstance(obj, str):
        return "teks"
    if isinstance(obj, (dict, list, tuple)):
        return "daftar"
    if isinstance(obj, (int, float)):
        return "angka"
    return f"objek {type(obj).__name__}"


class Lingkungan(SandboxedEnvironment):
    """SandboxedEnvironment hardened for office templates (see the module's docstring)."""

    intercepted_binops = frozenset({"*", "**"})

    def __init__(self, autoescape: bool = False) -> None:
        super().__init__(autoescape=autoescape)
        for name in GLOBAL_DIBUANG:
            self.globals.pop(name, None)
        self.globals["range"] = self._range
        self._sisa_range = BATAS_RANGE
        self.filters["attr"] = self._filter_attr
        # `format` is %-formatting: no attribute access, but `%0999999999d` builds a gigabyte.
        self.filters["format"] = self._filter_format

    # --- attribute and item access ---------------------------------------------------------

    def _boleh(self, obj, attr: str) -> bool:
        """Whether `obj.attr` names a harmless existing attribute of plain data."""
        if not isinstance(attr, str) or attr.startswith("_"):
            return False
        if isinstance(obj, str):
            return attr in _METODE_TEKS
        if isinstance(obj, dict):
            return attr in _METODE_DICT
        if isinstance(obj, tuple):  # groupby's (grouper, list) is a named tuple
            return attr in _METODE_DAFTAR or attr in getattr(type(obj), "_fields", ())
        if isinstance(obj, list):
            return attr in _METODE_DAFTAR
        if isinstance(obj, LoopContext):
            return attr in _ATRIBUT_LOOP
        return False

    def is_safe_attribute(self, obj, attr, value) -> bool:
        return self._boleh(obj, attr) and super().is_safe_attribute(obj, attr, value)

    def getattr(self, obj, attribute):
        if not isinstance(attribute, str) or attribute.startswith("_"):
            raise TemplatDitolak(f"atribut '{attribute}'")
        if isinstance(obj, Gambar):
            raise TemplatDitolak(f"atribut '{attribute}' pada gambar (qr dan logo hanya bisa ditampilkan)")
        if isinstance(obj, Undefined):
            return getattr(obj, attribute)  # raises the usual "is undefined"
        if isinstance(obj, dict) and attribute in obj:
            return obj[attribute]
        if self._boleh(obj, attribute) and hasattr(obj, attribute):
            return getattr(obj, attribute)
        if isinstance(obj, (dict, list, tuple, int, float, type(None))) and not hasattr(obj, attribute):
            return self.undefined(obj=obj, name=attribute)  # a missing key or field prints empty
        raise TemplatDitolak(f"atribut '{attribute}' pada {_nama_jenis(obj)}", dari_data=isinstance(obj, _DATA))

    def getitem(self, obj, argument):
        if isinstance(argument, str) and argument.startswith("_"):
            raise TemplatDitolak(f"atribut '{argument}'")
        if isinstance(obj, Gambar):
            raise TemplatDitolak("isi dari gambar (qr dan logo hanya bisa ditampilkan)")
        if isinstance(obj, Undefined):
            return obj[argument]
        if isinstance(obj, (int, float, type(None))):  # an unset field: prints empty, as before
            return self.getattr(obj, argument) if isinstance(argument, str) else self.undefined(obj=obj)
        if isinstance(obj, (dict, list, tuple, str)):
            try:
                return obj[argument]
            except (TypeError, LookupError):
                pass
            if isinstance(argument, str):
                return self.getattr(obj, argument)
            return self.undefined(obj=obj, name=argument)
        if isinstance(obj, LoopContext) and isinstance(argument, str):
            return self.getattr(obj, argument)
        raise TemplatDitolak(f"isi dari {_nama_jenis(obj)}", dari_data=isinstance(obj, _DATA))

    def _filter_attr(self, obj, name):
        raise TemplatDitolak("filter attr")

    @staticmethod
    def _filter_format(value, *args, **kwargs):
        from markupsafe import soft_str

        text = soft_str(value)
        for spec in _SPESIFIKASI_FORMAT.finditer(text):
            width, precision = spec.group("lebar"), spec.group("presisi")
            if "*" in (width, precision) or any(n and int(n) > 999 for n in (width, precision)):
                raise TemplatDitolak("filter format dengan lebar lebih dari 999")
        if args and kwargs:
            raise TemplatDitolak("filter format dengan dua macam isian")
        return text % (kwargs or args)

    # --- size ------------------------------------------------------------------------------

    def _range(self, *args):
        rng = range(*args)
        try:
            size = len(rng)
        except OverflowError:  # more than sys.maxsize
            size = self._sisa_range + 1
        if size > self._sisa_range:
            raise TemplatDitolak(f"range lebih dari {BATAS_RANGE} langkah")
        self._sisa_range -= size
        return rng

    def call_binop(self, context, operator, left, right):
        if operator == "**":
            if _bulat(left) and _bulat(right) and right > 0 and abs(left) > 1:
                if right * abs(left).bit_length() > BATAS_BIT:
                    raise TemplatDitolak(f"angka lebih dari {BATAS_BIT} bit karena '**'")
            return left**right
        if _bulat(left) and _bulat(right) and left.bit_length() + right.bit_length() > BATAS_BIT:
            raise TemplatDitolak(f"angka lebih dari {BATAS_BIT} bit karena '*'")
        # text or a list repeated to a size the template chooses
        for seq, count in ((left, right), (right, left)):
            if isinstance(seq, (str, list, tuple)) and _bulat(count):
                if len(seq) * max(count, 0) > BATAS_ULANG:
                    raise TemplatDitolak(f"teks atau daftar lebih dari {BATAS_ULANG} karena '*'")
        return left * right


def _bulat(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def lingkungan(autoescape: bool) -> Lingkungan:
    """A fresh environment: the range budget counts per render."""
    return Lingkungan(autoescape=autoescape)


def polos(value):
    """The value as plain data: dates become ISO text, tuples lists; anything else becomes its
    text, so no object with methods reaches a template."""
    if isinstance(value, (str, bool, int, type(None))):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, dict):
        return {str(k): polos(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [polos(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    return str(value)


def pesan_tolak(exc: BaseException) -> str:
    """The reason of a SecurityError on one printable line (a template chooses part of it)."""
    text = "".join(ch if ch.isprintable() else " " for ch in str(exc))
    text = " ".join(text.split())
    return text[:200] or "hal yang tidak diizinkan"


# --- static check ---------------------------------------------------------------------------


def periksa_sumber(env: Lingkungan, source: str, gambar=("qr", "logo")) -> list:
    """What in a template's Jinja source would be refused, as short Indonesian reasons (empty
    when nothing). Catches at a glance what a trial render might not reach (an `{% if %}` branch
    that the sample data skips)."""
    tree = env.parse(source)
    found: list = []

    def add(reason: str) -> None:
        if reason not in found:
            found.append(reason)

    assigned = {n.name for n in tree.find_all(nodes.Name) if n.ctx in ("store", "param")}

    def nama_atribut(name: str) -> None:
        if name.startswith("_"):
            add(f"atribut '{name}'")
        elif name in ("format", "format_map"):
            add(f"'.{name}'")

    def pada_gambar(target, text: str) -> None:
        if isinstance(target, nodes.Name) and target.name in gambar and target.name not in assigned:
            add(text.format(target.name))

    for node in tree.find_all((nodes.Getattr, nodes.Getitem, nodes.Filter, nodes.Call, nodes.Name)):
        if isinstance(node, nodes.Getattr):
            nama_atribut(node.attr)
            pada_gambar(node.node, f"atribut '{node.attr}' pada {{}} (gambar hanya bisa ditampilkan)")
        elif isinstance(node, nodes.Getitem):
            if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
                nama_atribut(node.arg.value)
            pada_gambar(node.node, "isi dari {} (gambar hanya bisa ditampilkan)")
        elif isinstance(node, nodes.Filter):
            if node.name == "attr":
                add("filter attr")
        elif isinstance(node, nodes.Name):
            if node.ctx == "load" and node.name in GLOBAL_DIBUANG and node.name not in assigned:
                add(f"'{node.name}'")
    return found
