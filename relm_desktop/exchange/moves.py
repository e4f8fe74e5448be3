"""What an import moved: tasks the plan schedules on other dates than the file states.

The rehearsal of an import (``services.import_moves``) schedules the plan with
the imported rows in it and compares each task's dates with the ones the file
gives; each difference is a :class:`TaskMove` with the reason. They travel as
problems of the import (:class:`MoveNote`, severity info), so the merge preview
and ``relm import --dry-run`` list them with the rest, sheet and row first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from relm_desktop.domain.text import plural
from relm_desktop.exchange.xlsx.model import Problem, Severity


def day_text(day: date) -> str:
    """``Mon 2026-01-12``: a date with its weekday, for the command line."""
    return f"{day:%a} {day.isoformat()}"


@dataclass(frozen=True, slots=True)
class TaskMove:
    """One imported task whose scheduled dates differ from the file's."""

    key: str  # the preview row's key
    name: str
    sheet: str
    row: int | None
    stated_start: date | None
    stated_finish: date | None
    start: date
    finish: date
    shift: int  # working days the start (or, without a stated start, the finish) moved; + later
    reason: str

    @property
    def stated(self) -> date:
        """The date compared: the file's start, else its finish."""
        stated = self.stated_start or self.stated_finish
        assert stated is not None
        return stated

    @property
    def scheduled(self) -> date:
        return self.start if self.stated_start is not None else self.finish

    def amount(self) -> str:
        """``3 working days later``; a move within the same working day is named as such."""
        which = "starts" if self.stated_start is not None else "finishes"
        if self.shift == 0:
            return f"{which} on the next working day" if self.scheduled > self.stated else which
        days = plural(abs(self.shift), "working day")
        return f"{which} {days} {'later' if self.shift > 0 else 'earlier'}"

    def describe(self) -> str:
        return (
            f"moved: '{self.name}' {self.amount()}, {day_text(self.scheduled)} instead of "
            f"{day_text(self.stated)}: {self.reason}"
        )

    def note(self) -> MoveNote:
        return MoveNote(self.sheet, self.row, None, self.describe(), Severity.INFO, self)


@dataclass(frozen=True, slots=True)
class MoveNote(Problem):
    """A line of the "what moved" report; ``move`` is None on the summary line."""

    move: TaskMove | None = None


def moves_summary(sheet: str, moves: list[TaskMove], dated: int) -> MoveNote:
    """One line: how many of the ``dated`` tasks moved, or that none did."""
    if not moves:
        text = f"nothing moved: all {plural(dated, 'dated task')} keep the dates the file gives"
    else:
        text = (
            f"{plural(len(moves), 'task')} of {dated} moved off the dates the file gives "
            "(listed with the reason)"
        )
    return MoveNote(sheet, None, None, text, Severity.INFO)
