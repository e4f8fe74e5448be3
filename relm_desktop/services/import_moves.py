"""Which imported tasks the plan moves off the dates the file states, by how much and why.

Run inside the rehearsal of an import (the real apply, rolled back): the plan
is scheduled with the imported rows in it, and each task's first (or, with no
start written, last) working day is compared with the file's. The reason named
is the first that explains the difference: the task's actual start, a freeze
window, a predecessor, the release's or plan's start, a non-working day or
holiday, a constraint it cannot keep, else the plan's calendar.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from sqlalchemy.orm import Session

from relm_desktop.domain.enums import ChangeAction, DependencyType
from relm_desktop.exchange.merge import ADD, CHANGE, MergePreview, RowChange
from relm_desktop.exchange.moves import MoveNote, TaskMove, day_text, moves_summary
from relm_desktop.scheduling import schedule
from relm_desktop.scheduling.calendar import WorkCalendar
from relm_desktop.scheduling.model import ConflictKind, ScheduleResult
from relm_desktop.services.calendars import public_holidays
from relm_desktop.services.edits import Change
from relm_desktop.services.records import PlanData, load_plan
from relm_desktop.services.scheduling import schedule_input

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def imported_task_ids(
    preview: MergePreview, rows: Sequence[RowChange], changes: Sequence[Change]
) -> dict[str, int]:
    """Preview row key → plan task id, for the task rows an apply added or changed."""
    added = [r.key for r in rows if r.entity == "task" and r.action == ADD]
    created = [c for c in changes if c.entity == "task" and c.action == ChangeAction.CREATE]
    ids: dict[str, int] = {}
    # apply_rows creates the added tasks in one batch, in the order of the rows.
    batch = next((c for c in created if len(c.ids) == len(added)), None)
    if batch is not None:
        ids.update(zip(added, batch.ids, strict=True))
    for row in rows:
        if row.entity == "task" and row.action == CHANGE and row.ident is not None:
            ids[row.key] = row.ident
    return ids


def task_moves(
    session: Session,
    preview: MergePreview,
    rows: Sequence[RowChange],
    changes: Sequence[Change],
) -> list[TaskMove]:
    """The accepted task rows whose scheduled dates differ from the file's, in sheet order."""
    stated = preview.parsed.stated_dates
    if not any(start or finish for start, finish in stated.values()):
        return []
    ids = imported_task_ids(preview, rows, changes)
    data = load_plan(session, check=False)
    facts = schedule_input(data)
    result = schedule(facts)
    why = _Reasons(data, facts.calendar, result)
    by_key = {r.key: r for r in rows}
    moves = []
    for key, task_id in ids.items():
        start, finish = stated.get(key, (None, None))
        got = result.tasks.get(task_id)
        if got is None or (start is None and finish is None) or task_id in why.summaries:
            continue
        cal = facts.calendar
        if start is not None:
            moved, shift = got.start != start, cal.working_days_between(start, got.start)
        else:
            assert finish is not None
            # A finish written on a weekend is the same last working day.
            moved = got.finish != finish and got.finish != cal.prev_working(finish)
            shift = cal.working_days_between(finish, got.finish)
        if not moved:
            continue
        row = by_key[key]
        moves.append(
            TaskMove(
                key,
                row.label,
                row.sheet,
                row.row,
                start,
                finish,
                got.start,
                got.finish,
                shift,
                why.of(task_id, start, finish, got.start, got.finish),
            )
        )
    moves.sort(key=lambda m: (m.sheet, m.row or 0))
    return moves


def move_notes(
    session: Session,
    preview: MergePreview,
    rows: Sequence[RowChange],
    changes: Sequence[Change],
) -> list[MoveNote]:
    """The "what moved" report: one summary line, then a line per moved task.

    Nothing when no accepted task row states a date (a native workbook, or a
    foreign one without dates: there is nothing to keep).
    """
    stated = preview.parsed.stated_dates
    dated = [r for r in rows if r.entity == "task" and any(stated.get(r.key, (None, None)))]
    if not dated:
        return []
    moves = task_moves(session, preview, rows, changes)
    return [moves_summary(dated[0].sheet, moves, len(dated)), *(m.note() for m in moves)]


class _Reasons:
    """Why a scheduled task is not on the file's dates, from the plan and its schedule."""

    def __init__(self, data: PlanData, calendar: WorkCalendar, result: ScheduleResult) -> None:
        self.calendar = calendar
        self.result = result
        self.tasks = {t.id: t for t in data.tasks}
        self.summaries = {t.parent_id for t in data.tasks if t.parent_id is not None}
        self.preds: dict[int, list[tuple[int, DependencyType, int]]] = defaultdict(list)
        for link in data.links:
            self.preds[link.successor_id].append((link.predecessor_id, link.type, link.lag))
        self.releases = {r.id: r for r in data.releases}
        self.plan_start = data.info.start if data.info is not None else None
        self.holidays = {d.day: d.name for d in data.days_off}
        self.country = (data.calendar.country, data.calendar.subdivision) if data.calendar else None
        self.conflicts: dict[int, list[str]] = defaultdict(list)
        for conflict in result.conflicts:
            if conflict.kind in (ConflictKind.FREEZE, ConflictKind.CONSTRAINT):
                for task_id in conflict.task_ids:
                    self.conflicts[task_id].append(conflict.message)

    def of(
        self, task_id: int, start: date | None, finish: date | None, got: date, got_end: date
    ) -> str:
        task = self.tasks[task_id]
        cal = self.calendar
        if task.actual_start is not None and start is not None and task.actual_start != start:
            return f"its actual start is {day_text(task.actual_start)}"
        if self.conflicts.get(task_id):
            return self.conflicts[task_id][0]
        pushed = self._predecessor(task_id, start, finish, got)
        if pushed:
            return pushed
        release = self.releases.get(task.release_id)
        when = start or finish
        assert when is not None
        if release is not None and release.start is not None and when < release.start:
            return f"release '{release.name}' starts {day_text(release.start)}"
        if self.plan_start is not None and when < self.plan_start:
            return f"the plan starts {day_text(self.plan_start)}"
        if not cal.is_working(when):
            if when.weekday() not in cal.workdays:
                days = "–".join(_WEEKDAYS[d][:3] for d in (min(cal.workdays), max(cal.workdays)))
                return f"{day_text(when)} is not a working day (the plan works {days})"
            name = self.holidays.get(when) or self._public_holiday(when)
            return f"{day_text(when)} is a holiday" + (f" ({name})" if name else "")
        if task.constraint_type is not None and task.constraint_date is not None:
            return (
                f"its constraint: {task.constraint_type.label.lower()} "
                f"{day_text(task.constraint_date)}"
            )
        if start is not None and finish is not None and got == start and got_end != finish:
            return "the plan's calendar has other working days between its start and finish"
        return "the plan's calendar and outline"

    def _public_holiday(self, day: date) -> str:
        """The name of a public holiday of the plan's country (the calendar keeps dates only)."""
        if self.country is None or not self.country[0]:
            return ""
        try:
            return public_holidays(self.country[0], self.country[1], [day.year]).get(day, "")
        except ValueError:  # a country the holidays package no longer knows
            return ""

    def _predecessor(
        self, task_id: int, start: date | None, finish: date | None, got: date
    ) -> str | None:
        """The predecessor that sets the task's start: later than written, or, for a
        linked task (no date of its own is kept), earlier."""
        cal = self.calendar
        best: tuple[date, str, str] | None = None  # bound, its name and link, what it does
        for pred_id, kind, lag in self.preds.get(task_id, ()):
            pred = self.result.tasks.get(pred_id)
            if pred is None:
                continue
            name = self.tasks[pred_id].name if pred_id in self.tasks else f"#{pred_id}"
            link = f"'{name}'" + (f" ({kind.value}{lag:+d}d)" if lag or kind.value != "FS" else "")
            if kind == DependencyType.FS:
                bound = cal.add_working_days(pred.finish, 1 + lag)
                does = f"finishes {day_text(pred.finish)}"
            elif kind == DependencyType.SS:
                bound = cal.add_working_days(pred.start, lag)
                does = f"starts {day_text(pred.start)}"
            else:  # FF, SF bound the finish; named when they are what the task waits for
                bound = got
                does = f"finishes {day_text(pred.finish)}"
            if best is None or bound > best[0]:
                best = (bound, link, does)
        if best is None:
            return None
        _bound, link, does = best
        if start is not None and got < start:  # a linked task keeps no date of its own
            return f"it follows its predecessor {link} ({does}), not the date written"
        return f"its predecessor {link} {does}"
