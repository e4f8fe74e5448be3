"""What the chart says about the bar, milestone, summary or arrow under the mouse.

Worked out only when Qt asks (``QEvent.ToolTip``), never while painting:
the hit test reuses the shapes and arrow routes the painter already has.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from datetime import date
from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint

from relm_desktop.domain.text import plural
from relm_desktop.gui.timeline.header import HEADER_HEIGHT
from relm_desktop.gui.timeline.task_texts import constraint_text, outside_text, rolled_up_days
from relm_desktop.gui.timeline.tree_model import format_date
from relm_desktop.layout.filters import overdue_since
from relm_desktop.layout.geometry import ROW_HEIGHT
from relm_desktop.layout.timeline import LinkItem, Node, RowKind
from relm_desktop.scheduling.calendar import WorkCalendar

if TYPE_CHECKING:
    from relm_desktop.gui.timeline.chart import GanttChart

#: How near (pixels) the mouse must be to an arrow's line to be "on" it.
ARROW_REACH = 4.0
#: Pixels around a bar or diamond that still count as on it.
SHAPE_REACH = 3.0
_LINK_NAMES = {
    "FS": "finish-to-start",
    "SS": "start-to-start",
    "FF": "finish-to-finish",
    "SF": "start-to-finish",
}


def short_date(day: date) -> str:
    return f"{day.day} {day:%b}"


def overdue_text(node: Node, status: date) -> str:
    """ "Overdue: should have finished 12 Jan", or "" when the task is not behind."""
    found = overdue_since(node, status)
    if found is None:
        return ""
    what, day = found
    return f"Overdue: should have {what} {short_date(day)}"


def task_tip(
    node: Node, status: date, teams: Mapping[int, str], calendar: WorkCalendar | None = None
) -> str:
    """Name, dates, duration, float, % complete, constraint, team and any overdue flag.

    A summary task's duration is its subtasks' span in working days (``calendar``).
    """
    task = node.task
    lines = [node.name]
    if node.start is not None and node.finish is not None:
        if node.milestone:
            lines.append(f"Milestone: {format_date(node.start)}")
        else:
            lines.append(f"{format_date(node.start)} – {format_date(node.finish)}")
    days = rolled_up_days(node, calendar) if node.is_summary else task.duration
    if not node.milestone and days is not None:
        lines.append(f"Duration: {plural(days, 'working day')}")
    if node.total_float is not None:
        critical = " (critical)" if node.critical else ""
        lines.append(f"Total float: {plural(node.total_float, 'working day')}{critical}")
    lines.append(f"Complete: {node.percent}%")
    pinned = constraint_text(node)
    if pinned:
        lines.append(f"Constraint: {pinned}")
    lines.extend(outside_text(task))
    team = teams.get(task.team_id) if task.team_id is not None else None
    lines.append(f"Team: {team}" if team else "Team: none")
    late = overdue_text(node, status)
    if late:
        lines.append(late)
    return "\n".join(lines)


def summary_tip(node: Node) -> str:
    """A release, phase or group row: name, dates, % complete."""
    lines = [node.name]
    if node.start is not None and node.finish is not None:
        lines.append(f"{format_date(node.start)} – {format_date(node.finish)}")
    lines.append(f"Complete: {node.percent}%")
    return "\n".join(lines)


def link_tip(link: LinkItem, names: Mapping[int, str]) -> str:
    """ "Design → Build, finish-to-start, lag +2 days"."""
    kind = _LINK_NAMES.get(link.type.upper(), link.type)
    lag = (
        "no lag"
        if link.lag == 0
        else f"lag {link.lag:+d} {'day' if abs(link.lag) == 1 else 'days'}"
    )
    pred = names.get(link.predecessor, f"#{link.predecessor}")
    succ = names.get(link.successor, f"#{link.successor}")
    return f"{pred} → {succ}, {kind}, {lag}"


def tip_at(chart: GanttChart, pos: QPoint) -> str:
    """The tooltip for viewport point ``pos`` ("" over nothing)."""
    layout = chart.row_layout
    if layout is None or pos.y() < HEADER_HEIGHT:
        return ""
    x, y = chart.content_pos(pos)
    row = chart.row_at(y)
    summary: Node | None = None
    if row is not None:
        node = layout.node_at(row)
        shape = chart.painter.shape_of_row(row)
        if shape is not None and shape.x - SHAPE_REACH <= x <= shape.right + SHAPE_REACH:
            if node.kind is RowKind.TASK:
                return task_tip(node, chart.today, team_names(chart), chart.calendar)
            summary = node  # an arrow crossing the summary bar is drawn over it: it wins
    first = max(int(y // ROW_HEIGHT) - 1, 0)
    link = _link_near(chart, layout.links_near(first, first + 2), x, y)
    if link is None:
        return summary_tip(summary) if summary is not None else ""
    timeline = layout.timeline
    names = {}
    for ident in (link.predecessor, link.successor):
        end = timeline.node(RowKind.TASK, ident)
        if end is not None:
            names[ident] = end.name
    return link_tip(link, names)


def team_names(chart: GanttChart) -> dict[int, str]:
    snapshot = chart.document.snapshot if chart.document is not None else None
    return {t.id: t.name for t in snapshot.data.teams} if snapshot is not None else {}


def _link_near(chart: GanttChart, links: Iterable[LinkItem], x: float, y: float) -> LinkItem | None:
    best: tuple[float, LinkItem] | None = None
    for link in links:
        found = chart.painter.link_route(link)
        if found is None:
            continue
        points = found[0]
        for (x0, y0), (x1, y1) in pairwise(points):
            distance = _to_segment(x, y, x0, y0, x1, y1)
            if distance <= ARROW_REACH and (best is None or distance < best[0]):
                best = (distance, link)
    return best[1] if best is not None else None


def _to_segment(px: float, py: float, x0: float, y0: float, x1: float, y1: float) -> float:
    dx, dy = x1 - x0, y1 - y0
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, ((px - x0) * dx + (py - y0) * dy) / length))
    return math.hypot(px - (x0 + t * dx), py - (y0 + t * dy))
