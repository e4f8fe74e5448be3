"""What the table and the chart's tooltips say of a task's held dates and rolled-up days."""

from __future__ import annotations

from datetime import timedelta

from relm_desktop.domain.records import TaskRecord
from relm_desktop.gui.dates import format_date
from relm_desktop.layout.timeline import Node, RowKind
from relm_desktop.scheduling.calendar import WorkCalendar


def constraint_text(node: Node) -> str:
    """A task's constraint as shown in the table ("Start no earlier than 5 Jan 27")."""
    if node.kind is not RowKind.TASK:
        return ""
    record = node.task
    kind = record.constraint_type
    if kind is None:
        return ""
    day = format_date(record.constraint_date)
    return f"{kind.label} {day}" if day else kind.label


def outside_text(task: TaskRecord) -> list[str]:
    """Dates held by work outside the plan (the releases a one-release workbook left out).

    They are not the user's constraint, so the table's Constraint column does
    not show them; the tooltips say why such a task cannot move.
    """
    lines = []
    if task.outside_start is not None:
        after = "the end of " if task.outside_day_end else ""
        day = format_date(task.outside_start)
        lines.append(f"Work outside this plan: starts no earlier than {after}{day}")
    if task.outside_finish is not None:
        day = format_date(task.outside_finish)
        lines.append(f"Work outside this plan needs it finished by {day}")
    return lines


def rolled_up_days(node: Node, calendar: WorkCalendar | None) -> int | None:
    """A summary row's duration: the working days from its start to its finish."""
    if node.start is None or node.finish is None or calendar is None:
        return None
    return max(0, calendar.working_days_between(node.start, node.finish + timedelta(days=1)))
