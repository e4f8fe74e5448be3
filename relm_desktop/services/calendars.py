"""The plan's working calendar: weekdays, public holidays and named days off."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Protocol

from relm_desktop.scheduling.calendar import WorkCalendar


class CalendarFields(Protocol):
    """What a calendar is built from: a ``CalendarRecord``, or the lean path's row."""

    @property
    def workdays(self) -> str: ...
    @property
    def country(self) -> str | None: ...
    @property
    def subdivision(self) -> str | None: ...


class DayOffFields(Protocol):
    """A named day off: a ``CalendarDayRecord``, or the lean path's row (NULL if hand-edited)."""

    @property
    def day(self) -> date | None: ...


def public_holidays(
    country: str | None, subdivision: str | None, years: Iterable[int]
) -> dict[date, str]:
    """Public holidays of a country (and region) from the ``holidays`` package."""
    if not country:
        return {}
    import holidays as holidays_lib  # ~40 ms to import: only for plans that name a country

    try:
        found = holidays_lib.country_holidays(
            country, subdiv=subdivision or None, years=list(years)
        )
    except NotImplementedError as exc:
        raise ValueError(f"unknown country or region {country}/{subdivision}") from exc
    return dict(found.items())


def known_country(country: str, subdivision: str | None = None) -> bool:
    import holidays as holidays_lib

    try:
        holidays_lib.country_holidays(country, subdiv=subdivision or None, years=[2026])
    except NotImplementedError:
        return False
    return True


def work_calendar(
    calendar: CalendarFields | None,
    days_off: Iterable[DayOffFields],
    start: date,
    years: int = 6,
) -> WorkCalendar:
    """Build the scheduler's calendar from the plan's calendar records."""
    workdays = frozenset(int(ch) for ch in (calendar.workdays if calendar else "01234"))
    span = range(start.year - 1, start.year + years)
    off = set(
        public_holidays(
            calendar.country if calendar else None, calendar.subdivision if calendar else None, span
        )
    )
    off.update(d.day for d in days_off if d.day is not None)
    return WorkCalendar(workdays=workdays, holidays=frozenset(off))
