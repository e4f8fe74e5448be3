"""MS Project's durations and lags turned into whole working days, and back.

MSPDI writes a duration as ``PT8H0M0S`` of working time (or of elapsed time
for the elapsed formats) and a lag as tenths of a minute with a LagFormat code.
A working day is the project's MinutesPerDay; an elapsed day is 24 hours, and
counts 5/7 of a working day. Parts of a day round up: half a day still takes it.
"""

from __future__ import annotations

import math
import re

# Duration/lag format codes (MSPDI schema): the estimated variant of a code is code + 32.
_ELAPSED = {4, 6, 8, 10, 12, 20}
_PERCENT = {19, 20}
_WEEKS = {9, 10}
_MONTHS = {11, 12}

_ISO = re.compile(
    r"^(-)?P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)D)?"
    r"(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$"
)


def base_format(code: int) -> int:
    """The format without its "estimated" flag (35 → 3, 39 → 7, 53 → 21)."""
    return code - 32 if code >= 35 else code


def is_elapsed(code: int) -> bool:
    return base_format(code) in _ELAPSED


def iso_minutes(value: str) -> float:
    """Minutes in an ISO-8601 duration as MSPDI writes it (``PT7H30M0S``, ``P2D``)."""
    found = _ISO.match(value.strip())
    if not found:
        raise ValueError(f"{value!r} is not a duration")
    sign, years, months, days, hours, minutes, seconds = found.groups()
    total = (
        float(years or 0) * 525_600
        + float(months or 0) * 43_200
        + float(days or 0) * 1440
        + float(hours or 0) * 60
        + float(minutes or 0)
        + float(seconds or 0) / 60
    )
    return -total if sign else total


def _whole_days(days: float) -> int:
    """Round to whole days, a part of a day up (away from zero for leads)."""
    if abs(days - round(days)) < 1e-6:
        return round(days)
    return math.ceil(days) if days > 0 else -math.ceil(-days)


def duration_days(value: str, code: int, minutes_per_day: float) -> int:
    """A task's duration in working days (0 is a milestone)."""
    minutes = iso_minutes(value)
    if minutes <= 0:
        return 0
    if is_elapsed(code):
        return max(_whole_days(minutes / 1440 * 5 / 7), 1)
    return max(_whole_days(minutes / minutes_per_day), 1)


def lag_days(link_lag: float, code: int, minutes_per_day: float, predecessor_days: int) -> int:
    """A link's lag in working days. ``link_lag`` is tenths of a minute, or for a
    percent lag tenths of a percent of the predecessor's duration."""
    base = base_format(code)
    if base in _PERCENT:
        return _whole_days(predecessor_days * link_lag / 1000)
    minutes = link_lag / 10
    if base in _ELAPSED:
        return _whole_days(minutes / 1440 * 5 / 7)
    return _whole_days(minutes / minutes_per_day)


def iso_duration(days: int, minutes_per_day: float) -> str:
    """Working days as MSPDI writes a duration: ``PT16H0M0S``."""
    total = round(days * minutes_per_day)
    return f"PT{total // 60}H{total % 60}M0S"
