"""Calendar units (day, week, month, quarter, year): where one starts, where the next does.

The one copy of this arithmetic: the timeline's header (``layout.scale``) and the
printed Gantt chart (``reports.timescale``) both step through dates with it.
Weeks start on Monday; quarters in January, April, July and October.
"""

from __future__ import annotations

from datetime import date, timedelta

_MONTHS_IN = {"month": 1, "quarter": 3, "year": 12}


def unit_start(day: date, unit: str) -> date:
    """The first day of the ``unit`` (day, week, month, quarter, year) holding ``day``."""
    if unit == "day":
        return day
    if unit == "week":
        return day - timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    if unit == "quarter":
        return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    if unit == "year":
        return date(day.year, 1, 1)
    raise ValueError(f"unknown time unit {unit!r}")


def next_unit(day: date, unit: str) -> date:
    """The first day of the unit after the one starting on ``day``."""
    if unit == "day":
        return day + timedelta(days=1)
    if unit == "week":
        return day + timedelta(days=7)
    months = _MONTHS_IN.get(unit)
    if months is None:
        raise ValueError(f"unknown time unit {unit!r}")
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)
