"""The question a sheet of week or period numbers raises, and the user's answer.

Plain data at the bottom of the Excel modules, so ``model.ParsedImport`` can
carry the question; :mod:`.week_anchor` finds the numbers and dates them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class WeekAnchor:
    """The user's answer: the day week (or period) 1 starts, and a period's length
    (either may be left to what the sheet says)."""

    week_one: date | None = None
    period_weeks: int | None = None


@dataclass(frozen=True, slots=True)
class WeekQuestion:
    """Numbers in place of dates that the sheet does not anchor: what to ask the user."""

    sheet: str
    headers: tuple[str, ...]  # e.g. ("Start Week", "End Week"), or the calendar's first label
    letters: str  # "B–C"
    unit: str  # week, period or sprint
    first: int
    last: int
    calendar: bool  # bars drawn under numbered columns rather than numbers in cells
    needs_date: bool
    needs_length: bool  # periods or sprints of a length the sheet does not state
    found_date: date | None = None  # the anchor written on the sheet, if any

    def what(self) -> str:
        """``Columns Start Week and End Week hold week numbers 1–14``."""
        numbers = f"{self.unit} numbers {self.first}–{self.last}"
        if self.calendar:
            return f"The calendar {self.letters} on sheet {self.sheet!r} counts {numbers}"
        names = " and ".join(self.headers)
        noun, verb = ("Columns", "hold") if len(self.headers) > 1 else ("Column", "holds")
        return f"{noun} {names} ({self.letters} on sheet {self.sheet!r}) {verb} {numbers}"

    def lacks(self) -> str:
        """What the sheet does not say: the date they count from, a period's length."""
        missing = []
        if self.needs_date:
            missing.append("no date they count from")
        if self.needs_length:
            missing.append(f"no length of a {self.unit}")
        return " and ".join(missing)

    def option_hint(self) -> str:
        """The command-line options that answer it."""
        hints = []
        if self.needs_date:
            hints.append(f"--week-one YYYY-MM-DD (the day {self.unit} 1 starts)")
        if self.needs_length:
            hints.append(f"--period-weeks N (weeks in a {self.unit})")
        return " and ".join(hints)

    def __str__(self) -> str:
        return f"{self.what()} but the sheet has {self.lacks()}"
