"""Column-wise fast conversion of a native workbook's cells.

Reading a 10,000-task export cell by cell through the general converter
(``native._Cells.convert``) costs about a second. Nearly every cell holds
what our own export wrote (text, a date, a whole number, an enum label), so
each column gets one small function for exactly that case. Whatever it does
not recognise comes back as :data:`SLOW`, and the row is then converted by the
general path, which also reports the problems: results and messages are the
same either way.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any, Final, TypeVar, overload

from relm_desktop.domain.enums import LabelledEnum
from relm_desktop.exchange.xlsx import layout as lay
from relm_desktop.exchange.xlsx.model import LinkRef

SLOW: Final = object()  # "let the general converter decide" (and report)
TRUE_WORDS = frozenset({"yes", "y", "true", "1", "x", "ja", "oui", "sí", "si", "wahr", "vrai"})
FALSE_WORDS = frozenset({"no", "n", "false", "0", "nein", "non", "falsch", "faux", ""})

# A predecessor item as the export writes it: task id, upper-case type, whole-day lag.
_LINK = re.compile(r"([0-9]{1,15})(FS|SS|FF|SF)?(?:([-+])([0-9]{1,9})d)?")
_SEPARATOR = re.compile(r"[;,]")

ColumnConverter = Callable[[list[Any]], list[Any]]


_T = TypeVar("_T")


@overload
def squashed(value: str) -> str: ...
@overload
def squashed(value: _T) -> _T: ...
def squashed(value: object) -> object:
    """Text with each run of white space made one space (other values as they are):
    predecessor text kept for display, letter ranges before they are expanded. The
    cell parsers fold white space themselves (their patterns backtrack on long runs)."""
    return " ".join(value.split()) if type(value) is str else value


# Each takes a column's cells and inlines the common case, so most cells cost no call.
def _text(values: list[Any]) -> list[Any]:
    return [v.strip() if type(v) is str else "" if v is None else SLOW for v in values]


def _predecessors(values: list[Any]) -> list[Any]:
    # Kept as text only until the links are parsed; empty reads as None here.
    return [
        v.strip() if type(v) is str and v else None if v is None or v == "" else SLOW
        for v in values
    ]


def _date(values: list[Any]) -> list[Any]:
    return [v if type(v) is date else None if v is None or v == "" else SLOW for v in values]


def _whole(values: list[Any]) -> list[Any]:
    return [
        int(v) if type(v) is float and v.is_integer() else None if v is None or v == "" else SLOW
        for v in values
    ]


def _list(values: list[Any]) -> list[Any]:
    return [
        tuple(part.strip() for part in v.strip().split(";") if part.strip())
        if type(v) is str
        else ()
        if v is None
        else SLOW
        for v in values
    ]


def _word(value: object) -> object:
    if value is None or value == "":
        return None
    if type(value) is str:
        word = value.strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
    return SLOW


def _bool(values: list[Any]) -> list[Any]:
    return [_word(v) for v in values]


def _slow(values: list[Any]) -> list[Any]:
    return [SLOW] * len(values)


def _enum(enum: type[LabelledEnum]) -> ColumnConverter:
    def member(value: object, known: dict[str, LabelledEnum]) -> object:
        if type(value) is not str:
            return None if value is None else SLOW
        text = value.strip()
        if not text:
            return None
        try:
            found = known[value] = enum.parse(text)
        except ValueError:
            return SLOW
        return found

    def convert(values: list[Any]) -> list[Any]:
        known: dict[
            str, LabelledEnum
        ] = {}  # each label is parsed once per column, not once per cell
        return [known[v] if v in known else member(v, known) for v in values]

    return convert


def fast_converter(column: lay.Column) -> ColumnConverter:
    """The fast conversion of a column's cells (same results as the general path)."""
    kind = column.kind
    if kind in (lay.Kind.TEXT, lay.Kind.REF):
        return _text
    if kind is lay.Kind.PREDECESSORS:
        return _predecessors
    if kind is lay.Kind.DATE:
        return _date
    if kind in (lay.Kind.INT, lay.Kind.ID):
        return _whole
    if kind is lay.Kind.LIST:
        return _list
    if kind is lay.Kind.BOOL:
        return _bool
    if kind is lay.Kind.ENUM and column.enum is not None:
        return _enum(column.enum)
    return _slow


def fast_links(value: object) -> list[LinkRef] | None:
    """A Predecessors cell in export notation as links; None when the general parser must
    read it (and report what is wrong)."""
    if type(value) is not str:
        return None
    links = []
    for part in _SEPARATOR.split(value):
        item = part.strip()
        if not item:
            continue
        match = _LINK.fullmatch(item)
        if match is None:
            return None
        ref, kind, sign, days = match.groups()
        lag = 0 if sign is None else int(days) if sign == "+" else -int(days)
        links.append(LinkRef(f"task:{int(ref)}", kind or "FS", lag))
    return links
