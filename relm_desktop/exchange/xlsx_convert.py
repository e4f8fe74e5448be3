"""Column-wise fast conversion of a native workbook's cells.

Reading a 10,000-task export cell by cell through the general converter
(``xlsx_native._Cells.convert``) costs about a second. Nearly every cell holds
what our own export wrote (text, a date, a whole number, an enum label), so
each column gets one small function for exactly that case. Whatever it does
not recognise comes back as :data:`SLOW`, and the row is then converted by the
general path, which also reports the problems: results and messages are the
same either way.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from relm_desktop.exchange import xlsx_layout as lay

SLOW: Any = object()  # "let the general converter decide" (and report)
TRUE_WORDS = frozenset({"yes", "y", "true", "1", "x", "ja", "oui", "sí", "si", "wahr", "vrai"})
FALSE_WORDS = frozenset({"no", "n", "false", "0", "nein", "non", "falsch", "faux", ""})

Converter = Callable[[Any], Any]


def _text(value: Any) -> Any:
    if type(value) is str:
        return value.strip()
    return "" if value is None else SLOW


def _date(value: Any) -> Any:
    if type(value) is date:
        return value
    return None if value is None or value == "" else SLOW


def _whole(value: Any) -> Any:
    if type(value) is float and value.is_integer():
        return int(value)
    return None if value is None or value == "" else SLOW


def _list(value: Any) -> Any:
    if type(value) is str:
        return tuple(part.strip() for part in value.strip().split(";") if part.strip())
    return () if value is None else SLOW


def _bool(value: Any) -> Any:
    if value is None or value == "":
        return None
    if type(value) is str:
        word = value.strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
    return SLOW


def _slow(value: Any) -> Any:
    return SLOW


def _enum(enum: Any) -> Converter:
    known: dict[str, Any] = {}  # each label is parsed once per column, not once per cell

    def convert(value: Any) -> Any:
        if type(value) is str:
            found = known.get(value)
            if found is not None:
                return found
            text = value.strip()
            if not text:
                return None
            try:
                member = enum.parse(text)
            except ValueError:
                return SLOW
            known[value] = member
            return member
        return None if value is None else SLOW

    return convert


def fast_converter(column: lay.Column) -> Converter:
    """The fast conversion of one column's cells (same results as the general path)."""
    kind = column.kind
    if kind in (lay.Kind.TEXT, lay.Kind.REF, lay.Kind.PREDECESSORS):
        return _text
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
