"""Read a YAML file against a small schema, keeping the line of every value.

Clerks edit these files by hand, so every fault must name the file, the line and the field.
We validate the composed node tree rather than the loaded data: nodes keep their lines, and
reading scalars as the text that was typed avoids YAML 1.1 surprises (``kode: 400.10`` read
as the float 400.1, ``pilihan: [Ya, No]`` read as booleans, a repeated key silently dropped).
Schema libraries that keep lines (strictyaml, ruamel) cost more start-up time than the whole
`desa syarat` budget.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

try:  # libyaml when the wheel has it: parsing is about ten times faster
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - pure-Python PyYAML
    from yaml import SafeLoader as _Loader

_NULLS = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "ya", "yes"}
_FALSE = {"false", "tidak", "no"}


@dataclass(frozen=True)
class Fault:
    """One fault in one file: where it is and what is wrong, in words a clerk can act on."""

    path: Path
    line: int
    field: str
    reason: str

    def __str__(self) -> str:
        where = f"{self.path}, baris {self.line}" if self.line else str(self.path)
        return f"{where}: {self.field}: {self.reason}" if self.field else f"{where}: {self.reason}"


class Faults(list):
    """Faults collected while checking one file."""

    def add(self, path: Path, node: Any, field: str, reason: str) -> None:
        line = node.start_mark.line + 1 if node is not None else 0
        self.append(Fault(path, line, field, reason))


def field_name(parts: tuple) -> str:
    """`persyaratan[2].kode`, counting list items from 1 as a clerk does."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            text += f".{part}" if text else part
    return text


@dataclass
class Ctx:
    path: Path
    faults: Faults

    def fault(self, node: Any, parts: tuple, reason: str) -> None:
        self.faults.add(self.path, node, field_name(parts), reason)


class Spec:
    """A kind of value; `read` returns the value or None after recording a fault."""

    def read(self, node: Any, parts: tuple, ctx: Ctx) -> Any:  # pragma: no cover
        raise NotImplementedError


def _scalar(node: Any, parts: tuple, ctx: Ctx, what: str) -> str | None:
    if not isinstance(node, yaml.ScalarNode):
        ctx.fault(node, parts, f"harus berupa {what}, bukan daftar atau pasangan kunci")
        return None
    if node.style is None and node.value in _NULLS:
        ctx.fault(node, parts, "tidak boleh kosong")
        return None
    return node.value


@dataclass
class Text(Spec):
    pattern: str | None = None
    hint: str = ""

    def read(self, node, parts, ctx):
        value = _scalar(node, parts, ctx, "teks")
        if value is None:
            return None
        value = value.strip()
        if not value:
            ctx.fault(node, parts, "tidak boleh kosong")
            return None
        from .isian import karakter_terlarang  # here: isian imports this module

        char = karakter_terlarang(value)  # catalogues travel between offices; names go into the register
        if char is not None:
            ctx.fault(node, parts, f"berisi karakter kendali atau tak terlihat (U+{ord(char):04X}); hapus karakter itu")
            return None
        if self.pattern and not re.fullmatch(self.pattern, value):
            ctx.fault(node, parts, f"'{value}' tidak sah: {self.hint}")
            return None
        return value


def _ribuan(number: int) -> str:
    return f"{number:,}".replace(",", ".")


@dataclass
class Integer(Spec):
    minimum: int = 0
    # Every number the tool stores must fit the register's JSON codec (64 bits) and make sense.
    maximum: int = 1_000_000

    def read(self, node, parts, ctx):
        value = _scalar(node, parts, ctx, "bilangan bulat")
        if value is None:
            return None
        value = value.strip()
        if not re.fullmatch(r"\d+", value):
            ctx.fault(node, parts, f"'{value}' bukan bilangan bulat (contoh: 3)")
            return None
        digits = value.lstrip("0") or "0"  # int() of thousands of digits is slow, or refused
        number = int(digits) if len(digits) <= len(str(self.maximum)) else self.maximum + 1
        if number < self.minimum:
            ctx.fault(node, parts, f"tidak boleh kurang dari {self.minimum}")
            return None
        if number > self.maximum:
            ctx.fault(node, parts, f"tidak boleh lebih dari {_ribuan(self.maximum)}")
            return None
        return number


@dataclass
class Desimal(Spec):
    """A number with an optional decimal part (2.5 or 2,5) between `minimum` and `maximum`."""

    minimum: float
    maximum: float
    satuan: str = ""

    def read(self, node, parts, ctx):
        value = _scalar(node, parts, ctx, "bilangan")
        if value is None:
            return None
        text = value.strip().replace(",", ".")
        unit = f" {self.satuan}" if self.satuan else ""
        if not re.fullmatch(r"\d{1,3}(\.\d{1,2})?", text) or not self.minimum <= float(text) <= self.maximum:
            ctx.fault(node, parts, f"'{value}' tidak sah: harus bilangan {self.minimum:g}–{self.maximum:g}{unit}")
            return None
        number = float(text)
        return int(number) if number.is_integer() else number


# Rp1 triliun: far above any fee or family income, far below what a 64-bit register number holds.
RUPIAH_MAKS = 10**12


def baca_rupiah(value) -> int:
    """Whole rupiah as clerks write it: 10000, 10.000, Rp 10.000, 10.000,-; ValueError otherwise."""
    text = str(value).strip()
    text = re.sub(r"^[Rr][Pp]\.?\s*", "", text)
    text = re.sub(r",-?$|,00$", "", text)
    if isinstance(value, bool) or not re.fullmatch(r"\d{1,3}(\.\d{3})+|\d+", text):
        raise ValueError(f"'{value}' bukan jumlah rupiah; tulis seperti 10.000")
    digits = text.replace(".", "").lstrip("0") or "0"
    if len(digits) > len(str(RUPIAH_MAKS)) or int(digits) > RUPIAH_MAKS:
        raise ValueError(f"terlalu besar (paling banyak Rp{_ribuan(RUPIAH_MAKS)}); periksa lagi")
    return int(digits)


class Rupiah(Spec):
    def read(self, node, parts, ctx):
        value = _scalar(node, parts, ctx, "jumlah rupiah")
        if value is None:
            return None
        try:
            return baca_rupiah(value)
        except ValueError as exc:
            ctx.fault(node, parts, str(exc))
            return None


class Boolean(Spec):
    def read(self, node, parts, ctx):
        value = _scalar(node, parts, ctx, "true atau false")
        if value is None:
            return None
        word = value.strip().lower()
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
        ctx.fault(node, parts, f"'{value}' harus true atau false")
        return None


@dataclass
class OneOf(Spec):
    choices: tuple

    def read(self, node, parts, ctx):
        value = _scalar(node, parts, ctx, "teks")
        if value is None:
            return None
        word = value.strip().lower()
        if word not in self.choices:
            ctx.fault(node, parts, f"'{value}' tidak dikenal; pilih salah satu: {', '.join(self.choices)}")
            return None
        return word


@dataclass
class ListOf(Spec):
    item: Spec
    min_items: int = 0

    def read(self, node, parts, ctx):
        if not isinstance(node, yaml.SequenceNode):
            if isinstance(node, yaml.ScalarNode) and node.style is None and node.value in _NULLS:
                if self.min_items:
                    ctx.fault(node, parts, "tidak boleh kosong")
                    return None
                return []
            if isinstance(node, yaml.ScalarNode) and isinstance(self.item, (Text, OneOf)):
                # `pengaduan: Kotak pengaduan` is a list of one: a clerk need not know YAML's '- '.
                value = self.item.read(node, parts, ctx)
                return None if value is None else [value]
            ctx.fault(node, parts, "harus berupa daftar (setiap butir diawali '- ')")
            return None
        if len(node.value) < self.min_items:
            ctx.fault(node, parts, f"harus berisi paling sedikit {self.min_items} butir")
            return None
        values = [self.item.read(child, parts + (i,), ctx) for i, child in enumerate(node.value)]
        return None if any(v is None for v in values) else values


def _pairs(node, parts: tuple, ctx: Ctx, key_pattern: str | None = None):
    """(name, value node) of each key of a mapping node once, after faulting keys that are not
    text, do not fit `key_pattern`, or are written twice. Returns (pairs, ok)."""
    if not isinstance(node, yaml.MappingNode):
        ctx.fault(node, parts, "harus berupa pasangan 'kunci: nilai'")
        return None, False
    pairs: dict = {}
    ok = True
    for key_node, value_node in node.value:
        name = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if name is None:
            ctx.fault(key_node, parts, "kunci harus berupa teks")
            ok = False
        elif key_pattern and not re.fullmatch(key_pattern, name):
            ctx.fault(key_node, parts, "kunci harus huruf kecil, angka dan garis bawah")
            ok = False
        elif name in pairs:
            ctx.fault(key_node, parts + (name,), "kunci ini ditulis dua kali")
            ok = False
        else:
            pairs[name] = (key_node, value_node)
    return pairs, ok


@dataclass
class MapOf(Spec):
    """A mapping of names chosen by the clerk (e.g. signatories) to values of one kind."""

    value: Spec
    key_pattern: str = r"[a-z][a-z0-9_]*"

    def read(self, node, parts, ctx):
        pairs, ok = _pairs(node, parts, ctx, self.key_pattern)
        if pairs is None:
            return None
        result = {}
        for name, (_, value_node) in pairs.items():
            result[name] = self.value.read(value_node, parts + (name,), ctx)
            ok = ok and result[name] is not None
        return result if ok else None


@dataclass
class Key:
    spec: Spec
    required: bool = True
    default: Any = None


@dataclass
class Mapping(Spec):
    keys: dict
    # A check over the whole mapping once its keys are read: (value, node, parts, ctx) -> None.
    check: Callable | None = field(default=None)

    def read(self, node, parts, ctx):
        seen, ok = _pairs(node, parts, ctx)
        if seen is None:
            return None
        value: dict = {}
        for name, (key_node, value_node) in seen.items():
            if name not in self.keys:
                ctx.fault(key_node, parts + (name,), _unknown_key(name, self.keys))
                ok = False
                continue
            read = self.keys[name].spec.read(value_node, parts + (name,), ctx)
            if read is None:
                ok = False
            value[name] = read
        for name, key in self.keys.items():
            if name in seen:
                continue
            if key.required:
                ctx.fault(node, parts + (name,) if parts else (name,), "wajib ada, tetapi tidak ditulis")
                ok = False
            elif key.default is not None:
                value[name] = key.default() if callable(key.default) else key.default
        if not ok:
            return None
        if self.check is not None:
            before = len(ctx.faults)
            self.check(value, node, parts, ctx)
            if len(ctx.faults) > before:
                return None
        return value


def _unknown_key(name: str, known: dict) -> str:
    from difflib import get_close_matches

    close = get_close_matches(name, list(known), n=1)
    hint = f"; maksud Anda '{close[0]}'?" if close else f"; yang dikenal: {', '.join(known)}"
    return f"kunci tidak dikenal{hint}"


# Office files travel between offices, so a file is untrusted input. These bounds are checked on
# the event stream before anything is composed: libyaml's composer recurses in C (a file nested
# 40,000 deep kills the interpreter), and a few anchors that fan out ("billion laughs") make a
# tree whose walk takes minutes and gigabytes. Real catalogue files nest under 10 levels, use no
# aliases and have a few hundred values.
PALING_DALAM = 50
PALING_BANYAK_ALIAS = 100
PALING_BANYAK_NILAI = 100_000


class YamlBerbahaya(yaml.YAMLError):
    """A YAML file beyond the bounds above: refused before it is composed or loaded."""

    def __init__(self, line: int, reason: str):
        self.line = line
        self.reason = reason
        super().__init__(reason)


def periksa_batas(data: bytes) -> None:
    """Raise YamlBerbahaya when `data` nests too deep or its aliases fan out too far.

    One pass over the parser's events (libyaml's parser keeps its own stack, it does not recurse),
    stopping at the first event past a bound, so a hostile file costs nothing. Each finished node
    carries its expanded size and height, so an alias counts as the whole node it repeats.
    Syntax errors are raised as the parser's own yaml errors.
    """
    loader = _Loader(data)
    try:
        _periksa_peristiwa(loader)
    except yaml.YAMLError as exc:
        # Newer PyYAML (6.0.4 here) stops a flow nested about 1,000 deep in its scanner, which
        # reads ahead of the events above: the same refusal, in the same words.
        if "maximum nesting depth" not in str(getattr(exc, "problem", "") or exc):
            raise
        mark = getattr(exc, "problem_mark", None)
        raise YamlBerbahaya(
            mark.line + 1 if mark else 1,
            f"bersarang lebih dari {PALING_DALAM} tingkat; berkas seperti ini bukan tulisan petugas",
        ) from None
    finally:
        loader.dispose()


def _periksa_peristiwa(loader) -> None:
    """The pass over the parser's events of `periksa_batas`."""
    frames: list = []  # per open collection: [anchor, expanded size, height of children]
    done: dict = {}  # anchor -> (expanded size, height)
    aliases = 0
    while loader.check_event():
        event = loader.get_event()
        kind = type(event)
        if kind is yaml.ScalarEvent:
            size, height, anchor = 1, 0, event.anchor
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            frames.append([event.anchor, 1, 0])
            if len(frames) > PALING_DALAM:
                raise YamlBerbahaya(
                    event.start_mark.line + 1,
                    f"bersarang lebih dari {PALING_DALAM} tingkat; berkas seperti ini bukan tulisan petugas",
                )
            continue
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            anchor, size, height = frames.pop()
            height += 1
        elif kind is yaml.AliasEvent:
            aliases += 1
            if aliases > PALING_BANYAK_ALIAS:
                raise YamlBerbahaya(
                    event.start_mark.line + 1, f"memakai alias YAML (*nama) lebih dari {PALING_BANYAK_ALIAS} kali"
                )
            if event.anchor not in done:
                if any(frame[0] == event.anchor for frame in frames):
                    raise YamlBerbahaya(event.start_mark.line + 1, f"alias *{event.anchor} menunjuk dirinya sendiri")
                continue  # an undefined alias: the composer reports it in its own words
            (size, height), anchor = done[event.anchor], None
        else:
            continue  # stream and document events
        if anchor is not None:
            done[anchor] = (size, height)
        if frames:
            top = frames[-1]
            top[1] += size
            top[2] = max(top[2], height)
            if top[1] > PALING_BANYAK_NILAI or len(frames) + height > PALING_DALAM:
                raise YamlBerbahaya(
                    event.start_mark.line + 1,
                    "alias YAML (*nama) mengembang menjadi "
                    + (f"lebih dari {PALING_BANYAK_NILAI:,} nilai".replace(",", ".")
                       if top[1] > PALING_BANYAK_NILAI else f"lebih dari {PALING_DALAM} tingkat"),
                )  # fmt: skip


def susun_aman(data: bytes) -> Any:
    """The node tree of one YAML document, after `periksa_batas`."""
    periksa_batas(data)
    return yaml.compose(data, Loader=_Loader)


class _IsianLoader(_Loader):
    """Dates stay text: `1990-02-30` must reach the field check (and be refused in words), not
    make the YAML constructor raise."""


_IsianLoader.add_constructor("tag:yaml.org,2002:timestamp", _IsianLoader.construct_yaml_str)


def muat_aman(data: bytes) -> Any:
    """The plain data of a YAML file a clerk hands in (`--data`), after `periksa_batas`."""
    periksa_batas(data)
    return yaml.load(data, Loader=_IsianLoader)


def compose(path: Path, data: bytes, faults: Faults, terpercaya: bool = False) -> Any:
    """The node tree of a YAML document, or None after recording why it cannot be read.

    Given bytes, so that a byte-order mark from Notepad does no harm and the machine's code
    page plays no part. `terpercaya` (files shipped inside the package, which are code like the
    rest of it) skips the bounds, which cost about as much as composing.
    """
    try:
        node = yaml.compose(data, Loader=_Loader) if terpercaya else susun_aman(data)
    except YamlBerbahaya as exc:
        faults.append(Fault(path, exc.line, "", f"ditolak: {exc.reason}"))
        return None
    except yaml.reader.ReaderError:
        faults.add(path, None, "", "bukan teks UTF-8; simpan ulang berkas ini sebagai UTF-8")
        return None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        problem = exc.problem or exc.context or "penulisan salah"
        faults.append(
            Fault(path, line, "", f"penulisan YAML salah ({problem}); periksa titik dua, tanda kutip dan indentasi")
        )
        return None
    except yaml.YAMLError as exc:
        faults.add(path, None, "", f"penulisan YAML salah ({exc})")
        return None
    if node is None:
        faults.add(path, None, "", "berkas kosong")
    return node


def read_document(path: Path, data: bytes, spec: Spec, terpercaya: bool = False) -> tuple:
    """(value or None, faults) for the bytes of one YAML file read against `spec`."""
    faults = Faults()
    node = compose(path, data, faults, terpercaya)
    if node is None:
        return None, faults
    value = spec.read(node, (), Ctx(path, faults))
    return (value if not faults else None), faults
