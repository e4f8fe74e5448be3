"""Mouse gestures on the chart: move a bar, resize it, link two bars.

Each gesture previews locally while the button is down and, on release,
makes exactly one document call (one undo command, then a reschedule) — the
orange-canvas "interaction" pattern.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPen

from relm_desktop.domain.enums import ConstraintType, DependencyType
from relm_desktop.domain.text import plural
from relm_desktop.gui import dates
from relm_desktop.layout.geometry import ROW_HEIGHT, Rect
from relm_desktop.layout.timeline import Node, RowKind

if TYPE_CHECKING:
    from relm_desktop.gui.timeline.chart import GanttChart
    from relm_desktop.gui.timeline.painter import ChartPainter

#: Pixels the pointer must travel before a press becomes a drag.
DRAG_START = 4.0


def link_type_for(modifiers: Qt.KeyboardModifier) -> DependencyType:
    """Shift: start-to-start, Alt: finish-to-finish, both: start-to-finish, none: FS."""
    shift = bool(modifiers & Qt.KeyboardModifier.ShiftModifier)
    alt = bool(modifiers & Qt.KeyboardModifier.AltModifier)
    if shift and alt:
        return DependencyType.SF
    if shift:
        return DependencyType.SS
    if alt:
        return DependencyType.FF
    return DependencyType.FS


class Gesture:
    """A drag in progress; ``x``/``y`` are content coordinates."""

    def __init__(self, chart: GanttChart, node: Node, row: int, shape: Rect, x: float, y: float):
        self.chart = chart
        self.node = node
        self.row = row
        self.shape = shape
        self.press_x = x
        self.press_y = y
        self.x = x
        self.y = y

    @property
    def status(self) -> str:
        """Text for the status bar while the gesture runs."""
        return ""

    @property
    def done(self) -> str:
        """Text for the status bar once the gesture has made its edit ("" for none)."""
        return ""

    def move(self, x: float, y: float, modifiers: Qt.KeyboardModifier) -> None:
        self.x, self.y = x, y

    def finish(self, modifiers: Qt.KeyboardModifier) -> bool:
        """Commit; returns True when an edit was made."""
        return False

    def paint(self, p: QPainter, painter: ChartPainter) -> None:
        pass

    def _ghost(self, p: QPainter, rect: QRectF) -> None:
        colors = self.chart.colors
        p.setPen(QPen(colors.bar_progress, 1.2, Qt.PenStyle.DashLine))
        p.setBrush(colors.preview)
        p.drawRect(rect)


class MoveGesture(Gesture):
    """Drag a bar sideways: on release the task starts no earlier than the drop day."""

    def days(self) -> int:
        return round((self.x - self.press_x) / self.chart.scale.px_per_day)

    def new_start(self) -> date | None:
        if self.node.start is None:
            return None
        day = self.node.start + timedelta(days=self.days())
        calendar = self.chart.calendar
        if calendar is None:
            return day
        # Land on a working day: forwards when dragged later, backwards when earlier.
        return calendar.next_working(day) if self.days() >= 0 else calendar.prev_working(day)

    @property
    def status(self) -> str:
        start = self.new_start()
        return f"Move '{self.node.name}' to start {dates.format_weekday(start)}" if start else ""

    def paint(self, p: QPainter, painter: ChartPainter) -> None:
        start = self.new_start()
        if start is None or self.node.start is None:
            return
        dx = self.chart.scale.x_of(start) - self.chart.scale.x_of(self.node.start)
        self._ghost(p, QRectF(self.shape.x + dx, self.shape.y, self.shape.w, self.shape.h))

    @property
    def done(self) -> str:
        start = self.new_start()
        if start is None:
            return ""
        return (
            f"'{self.node.name}' now starts no earlier than {dates.format_date(start)}"
            " (constraint set by the move)"
        )

    def finish(self, modifiers: Qt.KeyboardModifier) -> bool:
        start = self.new_start()
        if start is None or start == self.node.start or abs(self.x - self.press_x) < DRAG_START:
            return False
        return self.chart.document.update(
            "task",
            self.node.id,
            {"constraint_type": ConstraintType.START_NO_EARLIER_THAN, "constraint_date": start},
            f"Move '{self.node.name}'",
        )


class ResizeGesture(Gesture):
    """Drag a bar's right end: on release the duration becomes the working days covered."""

    def new_finish(self) -> date | None:
        if self.node.start is None or self.node.finish is None:
            return None
        scale = self.chart.scale
        finish = scale.date_at(self.shape.right + (self.x - self.press_x) - 1)
        return max(finish, self.node.start)

    def duration(self) -> int:
        finish = self.new_finish()
        if finish is None or self.node.start is None:
            return int(self.node.task.duration)
        calendar = self.chart.calendar
        if calendar is None:
            return (finish - self.node.start).days + 1
        return max(calendar.working_days_between(self.node.start, finish + timedelta(days=1)), 1)

    @property
    def status(self) -> str:
        return f"Duration of '{self.node.name}': {plural(self.duration(), 'working day')}"

    def paint(self, p: QPainter, painter: ChartPainter) -> None:
        finish = self.new_finish()
        if finish is None:
            return
        right = self.chart.scale.x_after(finish)
        self._ghost(p, QRectF(self.shape.x, self.shape.y, right - self.shape.x, self.shape.h))

    def finish(self, modifiers: Qt.KeyboardModifier) -> bool:
        days = self.duration()
        if days == self.node.task.duration or abs(self.x - self.press_x) < DRAG_START:
            return False
        return self.chart.document.update(
            "task",
            self.node.id,
            {"duration": days},
            f"Change duration of '{self.node.name}' to {plural(days, 'day')}",
        )


class LinkGesture(Gesture):
    """Drag from one bar to another: on release the two are linked (FS by default)."""

    def target(self) -> Node | None:
        layout = self.chart.row_layout
        row = int(self.y // ROW_HEIGHT)
        if layout is None or not 0 <= row < len(layout) or row == self.row:
            return None
        node = layout.node_at(row)
        if node.kind is not RowKind.TASK or node.start is None:
            return None
        return node

    @property
    def status(self) -> str:
        target = self.target()
        if target is None:
            return "Drop on another task to link · Shift: SS · Alt: FF · Shift+Alt: SF"
        return f"Link '{self.node.name}' → '{target.name}' · Shift: SS · Alt: FF · Shift+Alt: SF"

    def paint(self, p: QPainter, painter: ChartPainter) -> None:
        colors = self.chart.colors
        target = self.target()
        if target is not None:
            row = (
                self.chart.row_layout.row_of_task.get(target.id) if self.chart.row_layout else None
            )
            shape = painter.shape_of_row(row) if row is not None else None
            if shape is not None:
                p.setPen(QPen(colors.bar_progress, 2))
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawRect(QRectF(shape.x - 2, shape.y - 2, shape.w + 4, shape.h + 4))
        p.setPen(QPen(colors.bar_progress, 1.5, Qt.PenStyle.DashLine))
        p.drawLine(QPointF(self.shape.right, self.shape.center_y), QPointF(self.x, self.y))

    def finish(self, modifiers: Qt.KeyboardModifier) -> bool:
        target = self.target()
        if target is None:
            return False
        return self.chart.document.link(self.node.id, target.id, link_type_for(modifiers))


class PendingDrag(Gesture):
    """A press on a bar body: becomes a move (sideways) or a link (off the row)."""

    def decide(self, x: float, y: float) -> Gesture | None:
        dx, dy = abs(x - self.press_x), abs(y - self.press_y)
        args = (self.chart, self.node, self.row, self.shape, self.press_x, self.press_y)
        if dy > ROW_HEIGHT * 0.6 and dy > dx:
            return LinkGesture(*args)
        if dx >= DRAG_START:
            return MoveGesture(*args)
        return None


def refine(gesture: Gesture, y: float) -> Gesture:
    """A move dragged well off its row turns into a link (bars only move sideways)."""
    if isinstance(gesture, MoveGesture) and abs(y - gesture.press_y) > ROW_HEIGHT * 0.8:
        g = gesture
        return LinkGesture(g.chart, g.node, g.row, g.shape, g.press_x, g.press_y)
    return gesture
