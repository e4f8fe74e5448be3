"""The Release calendar: go-lives, deployments and freeze windows per environment.

One month or one quarter at a time. Deployments that clash with another
release's on the same environment, or that sit in (or were pushed out of) a
freeze window, are marked, from the scheduler's conflicts. Clicking an entry
selects its task everywhere.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPolygonF,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from relm_desktop.domain.text import plural
from relm_desktop.gui import dates
from relm_desktop.gui.views.base import SnapshotView, chart_colors, release_color
from relm_desktop.gui.views.selection import SelectionBus
from relm_desktop.gui.worker import Snapshot
from relm_desktop.layout.calendar import (
    GOLIVE_LANE,
    CalendarEntry,
    CalendarLayout,
    EntryBox,
    FreezeSpan,
    Span,
    calendar_layout,
    period,
    period_title,
    shift,
)
from relm_desktop.layout.timeline import Key, RowKind
from relm_desktop.scheduling.model import ConflictKind
from relm_desktop.services.changes import SCHEDULE_KINDS

if TYPE_CHECKING:
    from relm_desktop.gui.document import PlanDocument

CLASH_COLOR = QColor("#cf222e")
FREEZE_MARK = QColor("#8a3f6b")


def calendar_entries(snapshot: Snapshot) -> list[CalendarEntry]:
    """Go-lives and deployment tasks with their scheduled dates and conflict marks."""
    data, result = snapshot.data, snapshot.result
    releases = {r.id: r for r in data.releases}
    marks: dict[int, tuple[bool, bool, list[str]]] = {}
    for conflict in result.conflicts:
        if conflict.kind not in (ConflictKind.ENVIRONMENT_CLASH, ConflictKind.FREEZE):
            continue
        for tid in conflict.task_ids:
            clash, freeze, notes = marks.get(tid, (False, False, []))
            clash = clash or conflict.kind is ConflictKind.ENVIRONMENT_CLASH
            freeze = freeze or conflict.kind is ConflictKind.FREEZE
            marks[tid] = (clash, freeze, [*notes, conflict.message])
    out = []
    for task in data.tasks:
        sched = result.tasks.get(task.id)
        release = releases.get(task.release_id)
        if sched is None or release is None:
            continue
        clash, freeze, notes = marks.get(task.id, (False, False, []))
        if task.is_golive:
            out.append(
                CalendarEntry(
                    task.id, release.id, GOLIVE_LANE, f"{release.name} {release.version} go-live",
                    sched.finish, sched.finish, milestone=True, note="\n".join(notes),
                )
            )  # fmt: skip
        if task.environment_id is not None:
            prefix = ("⚠ " if clash else "") + ("❄ " if freeze else "")
            out.append(
                CalendarEntry(
                    task.id, release.id, task.environment_id,
                    f"{prefix}{release.name}: {task.name}",
                    sched.start, sched.finish, milestone=task.duration == 0,
                    clash=clash, freeze=freeze, note="\n".join(notes),
                )
            )  # fmt: skip
    return out


class CalendarCanvas(QWidget):
    """Paints a ``CalendarLayout``; emits ``entry_clicked(task_id)``."""

    entry_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("calendar-canvas")
        self.span = Span.MONTH
        self.first, self.last = period(date.today(), Span.MONTH)
        self.lanes: list[tuple[int, str]] = []
        self.entries: list[CalendarEntry] = []
        self.freezes: list[FreezeSpan] = []
        self.positions: dict[int, int] = {}  # release id → portfolio position (colour)
        self.selected: set[int] = set()
        self.today = date.today()
        self.layout_now: CalendarLayout | None = None
        self.small = QFont(self.font())
        self.small.setPointSizeF(max(6.0, self.font().pointSizeF() - 1))
        self.setMouseTracking(True)

    def relayout(self) -> None:
        fm = QFontMetricsF(self.small)
        self.layout_now = calendar_layout(
            self.first, self.last, self.lanes, self.entries, self.freezes,
            width=max(400, self.width()), text_width=fm.horizontalAdvance, span=self.span,
        )  # fmt: skip
        self.setMinimumHeight(int(self.layout_now.height) + 2)
        self.update()

    def sizeHint(self) -> QSize:  # QWidget.sizeHint
        height = int(self.layout_now.height) if self.layout_now else 300
        return QSize(900, height)

    def resizeEvent(self, event: QResizeEvent) -> None:  # QWidget.resizeEvent
        super().resizeEvent(event)
        if self.layout_now is None or abs(self.layout_now.width - self.width()) > 1:
            self.relayout()

    def box_of(self, task_id: int) -> EntryBox | None:
        if self.layout_now is None:
            return None
        return next((b for b in self.layout_now.entries if b.entry.task_id == task_id), None)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # QWidget.mousePressEvent
        if self.layout_now is None:
            return
        box = self.layout_now.entry_at(event.position().x(), event.position().y())
        if box is not None:
            self.entry_clicked.emit(box.entry.task_id)

    def event(self, event: QEvent) -> bool:  # QWidget.event
        if event.type() == QEvent.Type.ToolTip and self.layout_now is not None:
            assert isinstance(event, QHelpEvent)
            box = self.layout_now.entry_at(event.pos().x(), event.pos().y())
            if box is None:
                QToolTip.hideText()
                return True
            e = box.entry
            when = dates.format_weekday(e.start) + (
                "" if e.start == e.finish else f" – {dates.format_weekday(e.finish)}"
            )
            QToolTip.showText(
                event.globalPos(), "\n".join(filter(None, [e.label, when, e.note])), self
            )
            return True
        return super().event(event)

    # -- painting -------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # QWidget.paintEvent
        lay = self.layout_now
        if lay is None:
            return
        c = chart_colors()
        p = QPainter(self)
        p.fillRect(self.rect(), c.background)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        for cell in lay.days:
            if cell.weekend:
                p.fillRect(
                    QRectF(cell.x, lay.header, cell.w, lay.height - lay.header), c.nonworking
                )
        for lane in lay.lanes[1::2]:
            p.fillRect(
                QRectF(0, lane.y, lay.width, lane.h),
                QColor(c.alt_row.red(), c.alt_row.green(), c.alt_row.blue(), 150),
            )
        self._paint_freezes(p, lay)
        self._paint_header(p, lay)
        p.setPen(QPen(c.grid, 1))
        for lane in lay.lanes:
            p.drawLine(QPointF(0, lane.y), QPointF(lay.width, lane.y))
        p.drawLine(QPointF(lay.left, lay.header), QPointF(lay.left, lay.height))
        font = QFont(self.font())
        font.setBold(True)
        p.setFont(font)
        p.setPen(c.text)
        names = QFontMetricsF(font)
        for lane in lay.lanes:
            p.drawText(
                QRectF(10, lane.y, lay.left - 14, min(lane.h, 30)),
                Qt.AlignmentFlag.AlignVCenter,
                names.elidedText(lane.name, Qt.TextElideMode.ElideRight, lay.left - 14),
            )
        if lay.first <= self.today <= lay.last:
            x = lay.x_of(self.today) + lay.day_width / 2
            p.setPen(QPen(c.today, 2))
            p.drawLine(QPointF(x, lay.header), QPointF(x, lay.height))
        for box in lay.entries:
            self._paint_entry(p, box, c)
        p.end()

    def _paint_header(self, p: QPainter, lay: CalendarLayout) -> None:
        c = chart_colors()
        p.fillRect(QRectF(0, 0, lay.width, lay.header), c.header_bg)
        half = lay.header / 2
        p.setFont(self.small)
        for group in lay.groups:
            p.setPen(QPen(c.header_line, 1))
            p.drawLine(QPointF(group.x, 0), QPointF(group.x, half))
            p.setPen(c.header_text)
            p.drawText(
                QRectF(group.x + 4, 0, group.w - 6, half), Qt.AlignmentFlag.AlignVCenter, group.text
            )
        for cell in lay.day_labels:  # the layout kept only those that do not touch
            p.setPen(c.muted_text if cell.weekend else c.header_text)
            p.drawText(QRectF(cell.x, half, cell.w, half), Qt.AlignmentFlag.AlignCenter, cell.text)
        p.setPen(QPen(c.header_line, 1))
        p.drawLine(QPointF(0, lay.header), QPointF(lay.width, lay.header))
        p.drawLine(QPointF(lay.left, half), QPointF(lay.width, half))

    def _paint_freezes(self, p: QPainter, lay: CalendarLayout) -> None:
        c = chart_colors()
        hatch = QColor(c.freeze_text.red(), c.freeze_text.green(), c.freeze_text.blue(), 40)
        for band in lay.freezes:
            rect = QRectF(band.x, band.y, band.w, band.h)
            p.fillRect(rect, c.freeze)
            p.fillRect(rect, QBrush(hatch, Qt.BrushStyle.BDiagPattern))
        p.setFont(self.small)
        fm = QFontMetricsF(self.small)
        for label in lay.freeze_labels:
            rect = QRectF(label.x, label.y, label.w, label.h)
            p.setPen(QPen(c.freeze_text, 1))
            p.setBrush(c.freeze)
            p.drawRoundedRect(rect, 3, 3)
            p.setPen(c.freeze_text)
            p.drawText(
                QRectF(label.label_x, label.y, label.label_w + 1, label.h),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                fm.elidedText(f"❄ {label.name}", Qt.TextElideMode.ElideRight, label.label_w + 0.5),
            )

    def _paint_entry(self, p: QPainter, box: EntryBox, c: object) -> None:
        colors = chart_colors()
        e = box.entry
        color = release_color(self.positions.get(e.release_id, 0))
        selected = e.task_id in self.selected
        warn = e.clash or e.freeze
        if e.milestone:
            cx, cy, r = box.x, box.y + box.h / 2, box.h / 2
            diamond = QPolygonF(
                [QPointF(cx, cy - r), QPointF(cx + r, cy), QPointF(cx, cy + r), QPointF(cx - r, cy)]
            )
            p.setPen(QPen(CLASH_COLOR if warn else colors.milestone, 2 if warn else 1))
            p.setBrush(color)
            p.drawPolygon(diamond)
        else:
            rect = QRectF(box.x, box.y, box.w, box.h)
            fill = QColor(color)
            fill.setAlpha(70)
            p.setBrush(fill)
            p.setPen(QPen(CLASH_COLOR, 2.2) if warn else QPen(color, 1.2))
            p.drawRoundedRect(rect, 3, 3)
            if e.freeze:
                p.fillRect(rect, QBrush(FREEZE_MARK, Qt.BrushStyle.FDiagPattern))
        if selected:
            p.setPen(QPen(colors.bar_progress, 2.5))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRoundedRect(QRectF(box.x - 3, box.y - 2, box.extent - box.x + 3, box.h + 4), 4, 4)
        # The label carries its ⚠ / ❄ marks (the layout measured them); near the
        # right edge it is elided to the room the layout left it.
        fm = QFontMetricsF(self.small)
        p.setFont(self.small)
        p.setPen(CLASH_COLOR if warn else colors.text)
        p.drawText(
            QPointF(box.label_x, box.y + box.h / 2 + fm.ascent() / 2 - 1),
            fm.elidedText(e.label, Qt.TextElideMode.ElideRight, box.label_w + 0.5),
        )


class CalendarView(SnapshotView):
    """Navigation (previous, today, next, month/quarter) over a scrolling canvas."""

    kinds = SCHEDULE_KINDS

    def __init__(
        self, document: PlanDocument, bus: SelectionBus, parent: QWidget | None = None
    ) -> None:
        super().__init__(document, bus, parent)
        self.setObjectName("calendar-view")
        self.canvas = CalendarCanvas(self)
        self.title = QLabel(self)
        self.title.setObjectName("calendar-title")
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() + 3)
        font.setBold(True)
        self.title.setFont(font)
        self.summary = QLabel(self)
        self.summary.setObjectName("calendar-summary")
        self.summary.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._anchored = False
        bar = QHBoxLayout()
        bar.setContentsMargins(8, 6, 8, 2)
        self.buttons: dict[str, QPushButton] = {}
        for key, text in (("prev", "◀"), ("today", "Today"), ("next", "▶")):
            button = QPushButton(text, self)
            button.setObjectName(f"calendar-{key}")
            self.buttons[key] = button
            bar.addWidget(button)
        bar.addSpacing(10)
        bar.addWidget(self.title)
        bar.addSpacing(16)
        bar.addWidget(self.summary, 1)
        group = QButtonGroup(self)
        for span in Span:
            button = QPushButton(span.value.capitalize(), self)
            button.setCheckable(True)
            button.setChecked(span is Span.MONTH)
            button.setObjectName(f"calendar-{span.value}")
            group.addButton(button)
            button.clicked.connect(lambda _=False, s=span: self.set_span(s))
            self.buttons[span.value] = button
            bar.addWidget(button)
        self.buttons["prev"].clicked.connect(lambda: self.go(-1))
        self.buttons["next"].clicked.connect(lambda: self.go(1))
        self.buttons["today"].clicked.connect(lambda: self.show_period(date.today()))
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.canvas)
        self.scroll_area = scroll
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(scroll, 1)
        self.canvas.entry_clicked.connect(self._on_entry_clicked)

    def refresh(self, snapshot: Snapshot) -> None:
        data = snapshot.data
        canvas = self.canvas
        canvas.lanes = [(GOLIVE_LANE, "Go-lives")] + [
            (e.id, e.name) for e in sorted(data.environments, key=lambda e: (e.position, e.id))
        ]
        canvas.entries = calendar_entries(snapshot)
        envs: dict[int, set[int]] = {}
        for freeze_id, env_id in data.freeze_environments:
            envs.setdefault(freeze_id, set()).add(env_id)
        canvas.freezes = [
            FreezeSpan(f.name, f.start, f.finish, frozenset(envs.get(f.id, ())))
            for f in data.freezes
        ]
        canvas.positions = {r.id: k for k, r in enumerate(data.releases)}
        if not self._anchored:
            self._anchored = True
            upcoming = sorted(e.start for e in canvas.entries if e.finish >= date.today())
            anchor = date.today() if not upcoming or upcoming[0] <= date.today() else upcoming[0]
            canvas.first, canvas.last = period(anchor, canvas.span)
        self._relayout()

    def _relayout(self) -> None:
        self.canvas.relayout()
        self.title.setText(period_title(self.canvas.first, self.canvas.span))
        lay = self.canvas.layout_now
        if lay is None:
            return
        shown = [b.entry for b in lay.entries]
        clashes = sum(e.clash for e in shown)
        frozen = sum(e.freeze for e in shown)
        parts = [
            plural(sum(e.milestone and e.lane == GOLIVE_LANE for e in shown), "go-live"),
            plural(sum(e.lane != GOLIVE_LANE for e in shown), "deployment"),
        ]
        if clashes:
            parts.append(f"⚠ {clashes} in environment clashes")
        if frozen:
            parts.append(f"❄ {frozen} hit freeze windows")
        self._set_summary(" · ".join(parts))

    def _set_summary(self, text: str) -> None:
        """The summary, elided to the room the toolbar leaves (whole in the tooltip).

        Whole, a long summary widened the view and with it the main window.
        """
        self.summary.setToolTip(text)
        self.summary.setProperty("full", text)
        fm = self.summary.fontMetrics()
        self.summary.setText(
            fm.elidedText(text, Qt.TextElideMode.ElideRight, max(0, self.summary.width()))
        )

    def resizeEvent(self, event: QResizeEvent) -> None:  # QWidget.resizeEvent
        super().resizeEvent(event)
        self._set_summary(str(self.summary.property("full") or ""))

    def show_period(self, anchor: date) -> None:
        self.canvas.first, self.canvas.last = period(anchor, self.canvas.span)
        self._relayout()

    def go(self, steps: int) -> None:
        self.show_period(shift(self.canvas.first, self.canvas.span, steps))

    def set_span(self, span: Span) -> None:
        self.canvas.span = span
        self.buttons[span.value].setChecked(True)
        self.show_period(self.canvas.first)

    def _on_entry_clicked(self, task_id: int) -> None:
        self.canvas.selected = {task_id}
        self.canvas.update()
        self.publish([(RowKind.TASK, task_id)])

    def follow_selection(self, keys: list[Key]) -> None:
        ids = {ident for kind, ident in keys if kind is RowKind.TASK}
        self.canvas.selected = ids
        entry = next((e for e in self.canvas.entries if e.task_id in ids), None)
        if entry is not None and not (self.canvas.first <= entry.start <= self.canvas.last):
            self.show_period(entry.start)
        self.canvas.update()

    def prepare_screenshot(self) -> None:
        """The quarter holding the demo's freeze window and clashes."""
        frozen = [e for e in self.canvas.entries if e.freeze]
        if frozen:
            self.set_span(Span.QUARTER)
            self.show_period(frozen[0].start)
