"""The timeline's date ↔ pixel scale and its two-level time header."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from enum import IntEnum

from relm_desktop.domain.periods import next_unit, unit_start


class Zoom(IntEnum):
    """Zoom levels, finest first; each names the unit of the lower header row."""

    DAY = 0
    WEEK = 1
    MONTH = 2
    QUARTER = 3

    @property
    def label(self) -> str:
        return self.name.capitalize()


#: Pixels per calendar day at each zoom level (at 1.0 device-independent scale).
PX_PER_DAY: dict[Zoom, float] = {
    Zoom.DAY: 30.0,
    Zoom.WEEK: 11.0,
    Zoom.MONTH: 3.4,
    Zoom.QUARTER: 1.25,
}

#: Spans of header cells a scale keeps (see ``DateScale._cells``).
CELLS_KEPT = 32

# (upper unit, lower unit) of the header at each zoom level.
_TIERS: dict[Zoom, tuple[str, str]] = {
    Zoom.DAY: ("week", "day"),
    Zoom.WEEK: ("month", "week"),
    Zoom.MONTH: ("quarter", "month"),
    Zoom.QUARTER: ("year", "quarter"),
}

_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
_MONTHS_LONG = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@dataclass(frozen=True, slots=True)
class HeaderCell:
    """One cell of a header row: the unit starting at ``start``, drawn at ``x``."""

    start: date
    x: float
    width: float
    label: str
    #: The unit (day, week, month, quarter, year): a shorter label can be asked for.
    unit: str = ""


def unit_label(day: date, unit: str, width: float) -> str:
    """A label for the unit starting on ``day`` that fits roughly in ``width`` pixels."""
    if unit == "day":
        return str(day.day) if width >= 14 else ""
    if unit == "week":
        week = day.isocalendar().week
        if width >= 150:
            return f"Week {week} · {day.day} {_MONTHS[day.month - 1]} {day.year}"
        if width >= 58:
            return f"{day.day} {_MONTHS[day.month - 1]}"
        return f"W{week}" if width >= 26 else ""
    if unit == "month":
        if width >= 120:
            return f"{_MONTHS_LONG[day.month - 1]} {day.year}"
        if width >= 28:
            return _MONTHS[day.month - 1]
        return _MONTHS[day.month - 1][0] if width >= 10 else ""
    if unit == "quarter":
        quarter = (day.month - 1) // 3 + 1
        return f"Q{quarter} {day.year}" if width >= 60 else f"Q{quarter}"
    return str(day.year)


def label_within(
    cell: HeaderCell, room: float, advance: Callable[[str], float], tries: int = 6
) -> str:
    """``cell``'s label, or a shorter one, that is at most ``room`` wide ("" if none is).

    The header keeps the upper tier's label in view while its cell scrolls
    away: "December 2026", then "Dec", then nothing, instead of "Decem".
    """
    if advance(cell.label) <= room:
        return cell.label
    width = room
    for _ in range(tries):
        text = unit_label(cell.start, cell.unit, width)
        if not text or advance(text) <= room:
            return text
        width *= 0.7
    return ""


class DateScale:
    """Maps dates to x pixels from ``origin`` (x = 0) at a zoom level.

    A day occupies ``[x_of(day), x_of(day) + px_per_day)``; a task's bar spans
    from the start of its first working day to the end of its last.
    """

    def __init__(self, origin: date, zoom: Zoom = Zoom.WEEK, factor: float = 1.0) -> None:
        self.origin = origin
        self.zoom = zoom
        self.px_per_day = PX_PER_DAY[zoom] * factor
        #: Cells already made, by (unit, first unit's start, days covered): the
        #: header and the chart's grid ask for the same span in one frame, a
        #: sideways scroll mostly for the same days, and zooming back for the
        #: span it left (~0.4 ms to make at day zoom). Cells are in content
        #: pixels, so they hold whatever the scroll position.
        self._cells: dict[tuple[str, date, int], list[HeaderCell]] = {}

    def x_of(self, day: date) -> float:
        """Left edge of ``day``."""
        return (day - self.origin).days * self.px_per_day

    def x_after(self, day: date) -> float:
        """Right edge of ``day`` (the left edge of the next one)."""
        return self.x_of(day) + self.px_per_day

    def date_at(self, x: float) -> date:
        """The day under pixel ``x``."""
        return self.origin + timedelta(days=math.floor(x / self.px_per_day))

    def nearest_boundary(self, x: float) -> date:
        """The day whose left edge is nearest to ``x`` (for snapping a drag)."""
        return self.origin + timedelta(days=round(x / self.px_per_day))

    def width_of(self, first: date, last: date) -> float:
        """Pixels from the start of ``first`` to the end of ``last``."""
        return self.x_after(last) - self.x_of(first)

    def tiers(self, x0: float, x1: float) -> tuple[list[HeaderCell], list[HeaderCell]]:
        """The upper and lower header cells that cover pixels ``[x0, x1)``."""
        upper, lower = _TIERS[self.zoom]
        return self.cells(upper, x0, x1), self.cells(lower, x0, x1)

    def cells(self, unit: str, x0: float, x1: float) -> list[HeaderCell]:
        """Header cells of one unit covering ``[x0, x1)`` (do not change the list)."""
        day = unit_start(self.date_at(x0), unit)
        # Day n is covered when its left edge n * px_per_day is left of x1.
        key = (unit, day, math.ceil(x1 / self.px_per_day))
        found = self._cells.get(key)
        if found is not None:
            return found
        if len(self._cells) >= CELLS_KEPT:
            del self._cells[next(iter(self._cells))]  # the oldest
        out: list[HeaderCell] = []
        self._cells[key] = out
        while True:
            x = self.x_of(day)
            if x >= x1:
                break
            following = next_unit(day, unit)
            width = self.x_of(following) - x
            out.append(HeaderCell(day, x, width, unit_label(day, unit, width), unit))
            day = following
        return out

    def days(self, x0: float, x1: float) -> Iterator[date]:
        """Every day that is at least partly inside ``[x0, x1)``."""
        day = self.date_at(x0)
        last = self.date_at(x1)
        while day <= last:
            yield day
            day += timedelta(days=1)

    def off_spans(
        self, x0: float, x1: float, is_workday: Callable[[date], bool]
    ) -> list[tuple[float, float]]:
        """Runs of non-working days inside ``[x0, x1)`` as ``(x, width)`` pairs."""
        spans: list[tuple[float, float]] = []
        run_start: date | None = None
        previous: date | None = None
        for day in self.days(x0, x1):
            if not is_workday(day):
                if run_start is None:
                    run_start = day
                previous = day
            elif run_start is not None and previous is not None:
                spans.append((self.x_of(run_start), self.width_of(run_start, previous)))
                run_start = None
        if run_start is not None and previous is not None:
            spans.append((self.x_of(run_start), self.width_of(run_start, previous)))
        return spans


def zoom_in(zoom: Zoom) -> Zoom:
    """One level finer (stays at DAY)."""
    return Zoom(max(zoom - 1, Zoom.DAY))


def zoom_out(zoom: Zoom) -> Zoom:
    """One level coarser (stays at QUARTER)."""
    return Zoom(min(zoom + 1, Zoom.QUARTER))
