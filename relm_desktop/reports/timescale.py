"""Date ↔ x for the printed Gantt chart, and its two-level time scale."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from relm_desktop.domain.periods import next_unit, unit_start

#: 1 mm in points: the least a day may get on a printed Gantt page.
MM = 72 / 25.4

# lower unit, upper unit, smallest points per day at which the pair is readable
_TIERS = (
    ("day", "week", 11.0),
    ("week", "month", 1.6),
    ("month", "quarter", 0.32),
    ("quarter", "year", 0.0),
)


def label(day: date, unit: str, width: float, upper: bool) -> str:
    """The text for one unit cell of ``width`` points ('' when nothing fits)."""
    if unit == "day":
        return str(day.day) if width >= 8 else ""
    if unit == "week":
        if upper:
            return f"w/c {day:%d %b %Y}" if width >= 70 else f"{day:%d %b}"
        return f"{day:%d %b}" if width >= 26 else (str(day.day) if width >= 10 else "")
    if unit == "month":
        if upper or width >= 40:
            return f"{day:%B %Y}" if width >= 70 else f"{day:%b %Y}" if width >= 34 else f"{day:%b}"
        return f"{day:%b}" if width >= 18 else (f"{day:%b}"[0] if width >= 6 else "")
    if unit == "quarter":
        q = (day.month - 1) // 3 + 1
        return f"Q{q} {day.year}" if upper or width >= 40 else (f"Q{q}" if width >= 12 else "")
    return str(day.year) if width >= 20 else ""


@dataclass(frozen=True, slots=True)
class TimeScale:
    """Maps days to x between ``x0`` and ``x0 + width``; ``end`` is exclusive."""

    start: date
    end: date
    x0: float
    width: float
    lower: str
    upper: str

    @classmethod
    def fit(cls, first: date, last: date, x0: float, width: float) -> TimeScale:
        """A scale showing ``first``…``last`` (inclusive) with a little room either side."""
        days = max(1, (last - first).days + 1)
        per_day = width / (days + 4)
        lower, upper = next((lo, up) for lo, up, need in _TIERS if per_day >= need)
        start = unit_start(first - timedelta(days=1), lower)
        end = next_unit(unit_start(last + timedelta(days=2), lower), lower)
        return cls(start, end, x0, width, lower, upper)

    @classmethod
    def pages(
        cls, first: date, last: date, x0: float, width: float, min_per_day: float = MM
    ) -> list[TimeScale]:
        """Scales side by side ("pages across") giving each day at least ``min_per_day``.

        One scale when ``fit`` already gives that much; otherwise equal windows of
        whole weeks, the last running on past ``last`` so every page has one scale.
        """
        one = cls.fit(first, last, x0, width)
        if one.per_day >= min_per_day:
            return [one]
        per_page = max(7, int(width // min_per_day) // 7 * 7)
        per_day = width / per_page
        lower, upper = next((lo, up) for lo, up, need in _TIERS if per_day >= need)
        start = unit_start(first - timedelta(days=1), "week")
        end = last + timedelta(days=2)
        out: list[TimeScale] = []
        while start < end:
            stop = start + timedelta(days=per_page)
            out.append(cls(start, stop, x0, width, lower, upper))
            start = stop
        return out

    @property
    def per_day(self) -> float:
        return self.width / max(1, (self.end - self.start).days)

    def x(self, day: date) -> float:
        """Left edge of ``day``."""
        return self.x0 + (day - self.start).days * self.per_day

    def x_end(self, day: date) -> float:
        """Right edge of ``day`` (the end of a task finishing on it)."""
        return self.x(day) + self.per_day

    def units(self, unit: str) -> Iterator[tuple[date, float, float]]:
        """(first day, x left, x right) of every ``unit`` cell, clipped to the scale."""
        day = unit_start(self.start, unit)
        while day < self.end:
            following = next_unit(day, unit)
            left = max(self.x0, self.x(day))
            right = min(self.x0 + self.width, self.x(following))
            if right > left:
                yield day, left, right
            day = following

    def contains(self, day: date) -> bool:
        return self.start <= day < self.end
