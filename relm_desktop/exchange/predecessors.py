"""MS Project predecessor notation: ``3``, ``3FS``, ``3SS+2d``, ``5FF-1d``, lists.

A reference is a row id (``3``), a WBS id (``1.2.3``) or a letter id (``A``)
as some hand-made plans use. Items are separated by ``,`` or ``;``. Lags are in
working days; ``w`` (5 days) and ``mo`` (20) are accepted. A comma inside a
WBS id cannot occur, so ``1.2, 3`` is two references.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from relm_desktop.exchange.durations import DurationError, parse_duration

_ITEM = re.compile(
    r"""^\s*
    (?P<ref>[A-Za-z]{1,2}?|\d+(?:\.\d+)*|[A-Za-z]+\d+(?:\.\d+)*)   # row id, WBS id or letters
    \s*(?P<type>FS|SS|FF|SF|EA|AA|EE|AE|DF|DD|FD)?               # English or German types
    \s*(?:(?P<sign>[-+])\s*(?P<lag>\d+(?:[.,]\d+)?\s*[A-Za-zäéí]*\.?))?
    \s*$""",
    re.VERBOSE | re.IGNORECASE,
)
# German MS Project writes EA (Ende-Anfang), AA, EE, AE; French FD (fin-début), DD, FF, DF.
_TYPE_ALIASES = {
    "EA": "FS",
    "AA": "SS",
    "EE": "FF",
    "AE": "SF",
    "FD": "FS",
    "DD": "SS",
    "DF": "SF",
}


# What our own export writes: ASCII ids, upper-case types, whole-day lags ("12", "12SS+2d").
_PLAIN_ITEM = re.compile(r"\s*([0-9]+)(FS|SS|FF|SF)?(?:([-+])([0-9]{1,9})d)?\s*")
_SEPARATOR = re.compile(r"[;,]")

_LETTER_RANGE = re.compile(r"\b([A-Z]{1,2})\s*-\s*([A-Z]{1,2})\b")


def expand_letter_ranges(text: str, order: list[str] | None = None) -> str:
    """``A - C`` → ``A, B, C`` by the order of the letter ids in the sheet.

    Without ``order`` (a plausibility check) a range becomes its two ends.
    """

    def expand(match: re.Match[str]) -> str:
        a, b = match.group(1), match.group(2)
        if order is None:
            return f"{a}, {b}"
        if a in order and b in order and order.index(a) <= order.index(b):
            return ", ".join(order[order.index(a) : order.index(b) + 1])
        return match.group(0)

    return _LETTER_RANGE.sub(expand, text.upper())


class PredecessorError(ValueError):
    """A predecessor list could not be read; the message quotes the bad item."""


@dataclass(frozen=True, slots=True)
class Predecessor:
    """One parsed item: the reference as written, the link type and the lag in working days."""

    ref: str
    type: str = "FS"
    lag: int = 0


def _split(text: str) -> list[str]:
    return [item for item in _SEPARATOR.split(text) if item.strip()]


def parse_predecessors(value: object) -> list[Predecessor]:
    """Parse a predecessor cell; an empty cell or ``-`` gives an empty list."""
    if value is None:
        return []
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    # Runs of white space folded first: _ITEM backtracks on long runs (cubic).
    text = " ".join(str(value).split())
    if text in ("", "-", "–", "—"):
        return []
    if isinstance(value, float):
        raise PredecessorError(f"{value!r} is not a predecessor reference")
    items: list[Predecessor] = []
    for raw in _split(text):
        plain = _PLAIN_ITEM.fullmatch(raw)
        if plain is not None:  # the common case, read without the general pattern
            ref, kind, sign, days = plain.groups()
            if kind is None and sign is None:  # a plain row id
                items.append(Predecessor(str(int(ref))))
            else:
                lag = int(days) if sign == "+" else -int(days) if sign else 0
                items.append(Predecessor(ref, kind or "FS", lag))
            continue
        match = _ITEM.match(raw)
        if not match:
            raise PredecessorError(
                f"{raw.strip()!r} is not a predecessor (e.g. 3, 3FS, 3SS+2d, 5FF-1d)"
            )
        kind = (match.group("type") or "FS").upper()
        kind = _TYPE_ALIASES.get(kind, kind)
        lag = 0
        if match.group("lag"):
            lag_text = match.group("lag").replace(" ", "").rstrip(".")
            if lag_text.endswith("%"):
                raise PredecessorError(f"{raw.strip()!r}: lags in % are not supported")
            try:
                lag = parse_duration(lag_text)
            except DurationError as exc:
                raise PredecessorError(f"{raw.strip()!r}: {exc}") from None
            if match.group("sign") == "-":
                lag = -lag
        items.append(Predecessor(match.group("ref").upper(), kind, lag))
    return items


def format_predecessor(ref: str | int, type: str = "FS", lag: int = 0) -> str:
    """One item in the notation MS Project writes: ``12`` for FS without lag, else ``12SS+2d``."""
    text = str(ref)
    if type == "FS" and lag == 0:
        return text
    text += type
    if lag:
        text += f"{lag:+d}d"
    return text


def format_predecessors(items: list[tuple[str | int, str, int]]) -> str:
    """A predecessor cell: items joined by ``;`` (safe whatever the list separator)."""
    return "; ".join(format_predecessor(ref, kind, lag) for ref, kind, lag in items)
