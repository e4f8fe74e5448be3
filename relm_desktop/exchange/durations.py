"""Durations as people type them: 5, 5d, 2w, 3 days, 1.5 wks, 0 (a milestone).

Everything becomes whole working days (a week is 5, a month 20, as in MS
Project's defaults). Fractions of a day round up, because a task that takes
half a day still occupies that day.
"""

from __future__ import annotations

import functools
import math
import re

_UNITS: dict[str, int] = {}
for _words, _days in (
    (
        (
            "",
            "d",
            "day",
            "days",
            "dy",
            "dys",
            "t",
            "tag",
            "tage",
            "j",
            "jour",
            "jours",
            "jr",
            "jrs",
            "día",
            "días",
            "dia",
            "dias",
            "wd",
            "wday",
            "wdays",
            "edays",
            "ed",
        ),
        1,
    ),
    (
        (
            "w",
            "wk",
            "wks",
            "week",
            "weeks",
            "wo",
            "woche",
            "wochen",
            "sem",
            "semaine",
            "semaines",
            "semana",
            "semanas",
        ),
        5,
    ),
    (("mo", "mon", "mons", "month", "months", "monat", "monate", "mois", "mes", "meses"), 20),
):
    for _word in _words:
        _UNITS[_word] = _days

_PATTERN = re.compile(r"^\s*([-+]?\d+(?:[.,]\d+)?)\s*([^\d\s?]*)\s*\??\s*$")


class DurationError(ValueError):
    """The text is not a duration; the message says what was expected."""


def parse_duration(value: object, *, unit_days: int = 1) -> int:
    """Working days in ``value``.

    ``unit_days`` is the unit of a bare number (1 for days; 5 when the column
    header says weeks). Raises :class:`DurationError` for anything else.
    """
    if isinstance(value, str):  # a schedule repeats its durations: each text read once
        return _parse_text(value, unit_days)
    return _parse(value, unit_days)


@functools.lru_cache(maxsize=1 << 14)
def _parse_text(value: str, unit_days: int) -> int:
    return _parse(value, unit_days)


def _parse(value: object, unit_days: int) -> int:
    if isinstance(value, bool):
        raise DurationError(f"{value!r} is not a duration")
    if isinstance(value, int | float):
        number = float(value)
        unit = unit_days
    else:
        # Runs of white space folded first: the pattern backtracks on long runs
        # ("1" + 1,000 spaces + "1" took 2 s, growing with the cube of the run).
        text = " ".join(str(value).split()).lower()
        match = _PATTERN.match(text)
        if not match:
            raise DurationError(f"{value!r} is not a duration (e.g. 5, 5d, 2w, 3 days)")
        number = float(match.group(1).replace(",", "."))
        word = match.group(2).rstrip(".")
        if word not in _UNITS:
            raise DurationError(f"{value!r}: unknown unit {match.group(2)!r} (use d, w or mo)")
        unit = _UNITS[word] if word else unit_days
    if number < 0:
        raise DurationError(f"{value!r}: a duration cannot be negative")
    if not math.isfinite(number):
        raise DurationError(f"{value!r} is not a duration")
    return math.ceil(round(number * unit, 6))


def format_duration(days: int) -> str:
    """How an export writes a duration: a plain number of working days."""
    return str(days)
