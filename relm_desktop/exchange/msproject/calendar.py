"""MS Project calendars: the working week and the days off, recurring ones expanded.

Since Project 2007 a calendar lists its exceptions twice: as ``<Exceptions>``
(recurrences described) and as legacy ``WeekDay`` entries of DayType 0 (every
occurrence spelt out) for older readers. We read the exceptions when they are
there and the legacy entries only when they are not, so nothing counts twice.
"""

from __future__ import annotations

import calendar as cal
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from relm_desktop.exchange.safe_xml import number, text

if TYPE_CHECKING:  # the element type only: parsing is safe_xml's (defusedxml)
    from xml.etree.ElementTree import Element

#: MSPDI DayType 1 = Sunday … 7 = Saturday; ours 0 = Monday … 6 = Sunday.
_OURS = {1: 6, 2: 0, 3: 1, 4: 2, 5: 3, 6: 4, 7: 5}
#: MonthItem 3 = Sunday … 9 = Saturday, as Python's weekday numbers.
_ITEM_DAY = {3: 6, 4: 0, 5: 1, 6: 2, 7: 3, 8: 4, 9: 5}
_MAX_SPAN = 366 * 30  # days one exception may cover; beyond that it is not a holiday list


def day_of(value: str) -> date | None:
    """The date part of an MSPDI date-time (None for empty or unreadable text)."""
    try:
        return datetime.fromisoformat(value.strip()[:19]).date() if value.strip() else None
    except ValueError:
        return None


def _span(elem: Element) -> tuple[date, date] | None:
    first = day_of(text(elem, "TimePeriod/FromDate"))
    last = day_of(text(elem, "TimePeriod/ToDate"))
    if first is None or last is None or last < first or (last - first).days > _MAX_SPAN:
        return None
    return first, last


def _days(first: date, last: date) -> Iterator[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


def _nth(year: int, month: int, item: int, position: int) -> date | None:
    """The ``position``-th (0-based; 4 = last) day of kind ``item`` in a month."""
    _, length = cal.monthrange(year, month)
    days = [date(year, month, d) for d in range(1, length + 1)]
    if item == 0:
        chosen = days
    elif item == 1:
        chosen = [d for d in days if d.weekday() < 5]
    elif item == 2:
        chosen = [d for d in days if d.weekday() >= 5]
    elif item in _ITEM_DAY:
        chosen = [d for d in days if d.weekday() == _ITEM_DAY[item]]
    else:
        return None
    if not chosen:
        return None
    return chosen[-1] if position >= 4 else chosen[min(position, len(chosen) - 1)]


def _months(first: date, last: date, period: int) -> Iterator[tuple[int, int]]:
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        yield year, month
        month += period
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1


def expand(exc: Element) -> list[date]:
    """Every day an ``<Exception>`` covers, recurrences expanded within its period."""
    span = _span(exc)
    if span is None:
        return []
    first, last = span
    kind = int(number(exc, "Type", 1))
    period = max(int(number(exc, "Period", 1)), 1)
    if kind == 1:  # daily, every day
        return list(_days(first, last))
    if kind == 7:  # every ``period`` days
        return [d for i, d in enumerate(_days(first, last)) if i % period == 0]
    if kind == 6:  # weekly: DaysOfWeek is a mask, 1 = Sunday … 64 = Saturday
        mask = int(number(exc, "DaysOfWeek", 0))
        wanted = {_OURS[bit + 1] for bit in range(7) if mask & (1 << bit)}
        week0 = first - timedelta(days=(first.weekday() + 1) % 7)  # the Sunday starting it
        return [
            d
            for d in _days(first, last)
            if d.weekday() in wanted and ((d - week0).days // 7) % period == 0
        ]
    out: list[date] = []
    if kind in (4, 5):  # monthly: on a day number, or the nth weekday
        for year, month in _months(first, last, period):
            if kind == 4:
                day_no = min(int(number(exc, "MonthDay", 1)), cal.monthrange(year, month)[1])
                found: date | None = date(year, month, day_no)
            else:
                found = _nth(
                    year, month, int(number(exc, "MonthItem")), int(number(exc, "MonthPosition"))
                )
            if found is not None and first <= found <= last:
                out.append(found)
        return out
    if kind in (2, 3):  # yearly: Month is 0-based
        month = int(number(exc, "Month")) + 1
        if not 1 <= month <= 12:
            return []
        for year in range(first.year, last.year + 1):
            if kind == 2:
                day_no = min(int(number(exc, "MonthDay", 1)), cal.monthrange(year, month)[1])
                found = date(year, month, day_no)
            else:
                found = _nth(
                    year, month, int(number(exc, "MonthItem")), int(number(exc, "MonthPosition"))
                )
            if found is not None and first <= found <= last:
                out.append(found)
        return out
    return list(_days(first, last))


def calendar_chain(calendars: dict[str, Element], uid: str) -> list[Element]:
    """A calendar and the base calendars it derives from, nearest first (no loops)."""
    chain: list[Element] = []
    while uid in calendars and calendars[uid] not in chain:
        chain.append(calendars[uid])
        uid = text(calendars[uid], "BaseCalendarUID", "-1")
    return chain


def working_week(chain: list[Element]) -> str:
    """Working weekdays as ``Calendar.workdays`` (``"01234"``), nearest calendar first."""
    working: dict[int, bool] = {}
    for calendar in reversed(chain):
        for weekday in calendar.findall("WeekDays/WeekDay"):
            kind = int(number(weekday, "DayType", -1))
            if kind in _OURS:
                working[_OURS[kind]] = text(weekday, "DayWorking") == "1"
    if not working:
        return "01234"
    return "".join(str(d) for d in range(7) if working.get(d, d < 5))


def days_off(chain: list[Element], notes: list[str]) -> dict[date, str]:
    """Non-working days (with their names) of a calendar and its bases."""
    out: dict[date, str] = {}
    working_days: set[date] = set()
    for calendar in reversed(chain):
        exceptions = calendar.findall("Exceptions/Exception")
        if exceptions:
            for exc in exceptions:
                days = expand(exc)
                if text(exc, "DayWorking") == "1":
                    working_days.update(days)
                    for day in days:
                        out.pop(day, None)
                    continue
                name = text(exc, "Name")
                for day in days:
                    out[day] = name
            continue
        for weekday in calendar.findall("WeekDays/WeekDay"):
            if text(weekday, "DayType") != "0":
                continue
            span = _span(weekday)
            if span is None:
                continue
            if text(weekday, "DayWorking") == "1":
                working_days.update(_days(*span))
                continue
            for day in _days(*span):
                out[day] = ""
    if working_days:
        notes.append(
            f"{len(working_days)} extra working days (exceptions that make a day working) "
            "are not kept: a RELM calendar has only days off"
        )
    return out
