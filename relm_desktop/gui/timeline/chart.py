"""The Gantt chart widget: one scroll area painting only the visible rows.

Its vertical scroll follows the task table's (they share rows); the
horizontal axis is a ``DateScale``. Mouse presses start gestures
(gestures.py); painting is delegated to ``ChartPainter``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QEvent, QPoint, QRect, Qt, QTimer, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QFontMetricsF,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QFrame, QToolTip, QWidget

from relm_desktop.gui.theme import LIGHT, ChartColors
from relm_desktop.gui.timeline.gestures import Gesture, PendingDrag, ResizeGesture, refine
from relm_desktop.gui.timeline.painter import HEADER_HEIGHT, ChartPainter, bold, smaller
from relm_desktop.gui.timeline.tooltips import tip_at
from relm_desktop.layout.arrow_hits import nearest
from relm_desktop.layout.geometry import ROW_HEIGHT, Hit, hit_bar
from relm_desktop.layout.scale import DateScale, Zoom
from relm_desktop.layout.timeline import Key, LinkItem, Node, RowKind, RowLayout, Timeline
from relm_desktop.scheduling.calendar import WorkCalendar

if TYPE_CHECKING:
    from relm_desktop.gui.document import PlanDocument

#: Calendar days shown before the plan's first and after its last date.
MARGIN_DAYS = 21


class GanttChart(QAbstractScrollArea):
    """The chart half of the timeline."""

    #: A row was clicked: (kind, id, keyboard modifiers as int).
    row_clicked = Signal(str, int, int)
    #: A row was double-clicked: (kind, id).
    row_activated = Signal(str, int)
    #: A dependency arrow was double-clicked: (link id).
    link_activated = Signal(int)
    #: The right mouse button asked for a task's menu: (task id, global position).
    menu_requested = Signal(int, QPoint)
    #: Text for the status bar while a gesture runs ("" when done).
    status = Signal(str)
    #: The zoom level changed.
    zoomed = Signal(int)

    def __init__(self, document: PlanDocument, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.viewport().setMouseTracking(True)
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.colors: ChartColors = LIGHT
        self.timeline: Timeline | None = None
        self.row_layout: RowLayout | None = None
        self.calendar: WorkCalendar | None = None
        self.collapsed: set[Key] = set()
        self.selected: set[Key] = set()
        self.show_critical = True
        self.show_baseline = False
        self.today = date.today()
        self.scale = DateScale(self.today - timedelta(days=MARGIN_DAYS), Zoom.WEEK)
        self._scales: dict[Zoom, DateScale] = {}
        #: Days from the origin the last zoom kept under its anchor, the anchor,
        #: and where it scrolled.
        self._zoom_anchor: tuple[float, float, int] | None = None
        self.gesture: Gesture | None = None
        self.painter = ChartPainter(self)
        self.frame_times: list[float] = []  # filled by the benchmark when it measures
        self._refresh_fonts()
        # Coalesce bursts of layout changes into one repaint.
        self._update_timer = QTimer(self)
        self._update_timer.setSingleShot(True)
        self._update_timer.setInterval(0)
        self._update_timer.timeout.connect(self.viewport().update)

    # -- feeding ------------------------------------------------------------------
    def _refresh_fonts(self) -> None:
        self.bold_font = bold(self.font())
        self.small_font = smaller(self.font())
        self.header_font = smaller(self.font(), 0.5)
        self.label_metrics = QFontMetricsF(self.font())
        # Fonts' keys, asked for every frame (QFont.key() formats a string).
        self.label_font_key = (self.font().key(), self.bold_font.key())
        self.header_font_key = self.header_font.key()
        self.small_font_key = self.small_font.key()

    def set_colors(self, colors: ChartColors) -> None:
        self.colors = colors
        self.painter.invalidate()
        self.viewport().update()

    def set_timeline(
        self,
        timeline: Timeline | None,
        calendar: WorkCalendar | None,
        rows: RowLayout | None = None,
    ) -> None:
        """Show a new schedule; ``rows`` (laid out by the worker) saves doing it here."""
        first_time = self.timeline is None and timeline is not None
        self.timeline = timeline
        self.calendar = calendar
        self.gesture = None
        if timeline is not None and timeline.start is not None and first_time:
            self.scale = DateScale(timeline.start - timedelta(days=MARGIN_DAYS), self.scale.zoom)
        if rows is not None and rows.timeline is timeline:
            self.set_row_layout(rows)
        else:
            self._relayout()
        if first_time and timeline is not None:
            # Recent history and what comes next: from five weeks before today,
            # but never before the plan starts.
            start = timeline.start or self.today
            finish = timeline.finish or self.today
            focus = min(max(self.today - timedelta(days=35), start), finish)
            self.scroll_to_date(focus - timedelta(days=7))

    def set_collapsed(self, collapsed: set[Key]) -> None:
        self.collapsed = set(collapsed)
        self._relayout()

    def set_selected(self, keys: set[Key]) -> None:
        if keys != self.selected:
            self.selected = set(keys)
            self.viewport().update()

    def set_row_layout(self, rows: RowLayout) -> None:
        """Show rows the table already laid out (both halves share one layout)."""
        self.row_layout = rows
        self._update_ranges()
        self._update_timer.start()

    def _relayout(self) -> None:
        self.row_layout = RowLayout(self.timeline, self.collapsed) if self.timeline else None
        self._update_ranges()
        self._update_timer.start()

    def _update_ranges(self) -> None:
        bar = self.horizontalScrollBar()
        end = self.timeline.finish if self.timeline and self.timeline.finish else self.today
        end = max(end, self.today) + timedelta(days=MARGIN_DAYS * 3)
        content = self.scale.x_of(end)
        page = self.viewport().width()
        bar.setRange(0, max(int(content - page), 0))
        bar.setPageStep(max(page, 1))
        bar.setSingleStep(max(int(self.scale.px_per_day * 7), 8))

    # -- zoom and scroll ------------------------------------------------------------------
    def set_zoom(self, zoom: Zoom, anchor: float | None = None) -> None:
        """Change zoom, keeping the date under ``anchor`` (viewport x) in place."""
        if zoom == self.scale.zoom:
            return
        bar = self.horizontalScrollBar()
        if anchor is None:
            anchor = self.viewport().width() / 2
        # The point in time under the anchor stays there, to the fraction of a
        # day; zooming on at the same spot keeps the point it started from
        # (read back from whole pixels it would drift a little at each step,
        # and zooming back would not land where it started).
        kept = self._zoom_anchor
        if kept is not None and kept[1:] == (anchor, bar.value()):
            days = kept[0]
        else:
            days = (bar.value() + anchor) / self.scale.px_per_day
        self.scale = self._scale_for(zoom)
        self._update_ranges()
        bar.setValue(round(days * self.scale.px_per_day - anchor))
        self._zoom_anchor = (days, anchor, bar.value())
        self.viewport().update()
        self.zoomed.emit(int(zoom))

    def _scale_for(self, zoom: Zoom) -> DateScale:
        """The scale of ``zoom`` from the same origin, kept with what it has computed."""
        origin = self.scale.origin
        found = self._scales.get(zoom)
        if found is None or found.origin != origin:
            found = self._scales[zoom] = DateScale(origin, zoom)
        return found

    def scroll_to_date(self, day: date) -> None:
        self.horizontalScrollBar().setValue(int(self.scale.x_of(day)))

    def ensure_visible(self, node: Node) -> None:
        """Scroll sideways so the start of ``node`` shows."""
        if node.start is None:
            return
        x = self.scale.x_of(node.start)
        bar = self.horizontalScrollBar()
        if not bar.value() <= x <= bar.value() + self.viewport().width() - 120:
            bar.setValue(int(x - 80))

    # -- geometry helpers -----------------------------------------------------------------
    def update_rows(self, first: int, stop: int) -> None:
        """Schedule a repaint of rows ``first``..``stop - 1`` (and a row's margin
        around them: arrowheads reach a little past their row)."""
        top = HEADER_HEIGHT + (first - 1) * ROW_HEIGHT - self.verticalScrollBar().value()
        height = (stop - first + 2) * ROW_HEIGHT
        viewport = self.viewport()
        rect = QRect(0, max(top, HEADER_HEIGHT), viewport.width(), height).intersected(
            QRect(0, HEADER_HEIGHT, viewport.width(), viewport.height() - HEADER_HEIGHT)
        )
        if not rect.isEmpty():
            viewport.update(rect)

    def content_pos(self, pos: QPoint) -> tuple[float, float]:
        """Viewport point → (content x, content y of the rows area)."""
        x = pos.x() + self.horizontalScrollBar().value()
        y = pos.y() - HEADER_HEIGHT + self.verticalScrollBar().value()
        return float(x), float(y)

    def viewport_point(self, x: float, y: float) -> QPoint:
        """Content coordinates → viewport point (tests and the benchmark drive the mouse)."""
        vx = x - self.horizontalScrollBar().value()
        vy = y + HEADER_HEIGHT - self.verticalScrollBar().value()
        return QPoint(round(vx), round(vy))

    def row_at(self, y: float) -> int | None:
        if self.row_layout is None or y < 0:
            return None
        row = int(y // ROW_HEIGHT)
        return row if row < len(self.row_layout) else None

    def hit(self, pos: QPoint) -> tuple[int | None, Node | None, Hit]:
        x, y = self.content_pos(pos)
        if pos.y() < HEADER_HEIGHT:
            return None, None, Hit.NONE
        row = self.row_at(y)
        if row is None or self.row_layout is None:
            return None, None, Hit.NONE
        node = self.row_layout.node_at(row)
        shape = self.painter.shape_of_row(row)
        if node.is_summary or shape is None:  # summary dates come from their children
            return row, node, Hit.NONE
        return row, node, hit_bar(shape, x, y, milestone=node.milestone)

    # -- Qt events ----------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # QAbstractScrollArea.paintEvent
        p = QPainter(self.viewport())
        try:
            # Rect by rect: after a scroll the region is a strip at one edge plus
            # the freeze labels at the top, whose bounding rect is everything.
            for rect in cast("Iterable[QRect]", event.region()):  # iterable; stubs omit it
                self.painter.paint(p, rect)
        finally:
            p.end()

    def scrollContentsBy(self, dx: int, dy: int) -> None:  # QAbstractScrollArea
        # Move the pixels already painted and paint only what comes into view,
        # like Qt's item views; the header stays put (it moves only sideways).
        viewport = self.viewport()
        width = viewport.width()
        # Freeze labels keep their place at the top of the body: the pixels
        # below them move, and the strip they sit in is painted afresh.
        strip = self.painter.backdrop.freeze_label_strip()
        top = HEADER_HEIGHT + strip
        moved = QRect(0, top, width, max(viewport.height() - top, 0))
        if self.gesture is not None or abs(dy) >= moved.height() or abs(dx) >= width:
            viewport.update()
            return
        viewport.scroll(dx, dy, moved)
        # The header moves only sideways; the labels' strip is always painted.
        viewport.update(QRect(0, 0 if dx else HEADER_HEIGHT, width, top if dx else strip))

    def resizeEvent(self, event: QResizeEvent) -> None:  # QAbstractScrollArea.resizeEvent
        super().resizeEvent(event)
        self._update_ranges()

    def viewportEvent(self, event: QEvent) -> bool:  # QAbstractScrollArea.viewportEvent
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            # Worked out here, when Qt asks, never while painting.
            text = tip_at(self, event.pos())
            if text:
                QToolTip.showText(event.globalPos(), text, self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def changeEvent(self, event: QEvent) -> None:  # QWidget.changeEvent
        super().changeEvent(event)
        self._refresh_fonts()

    def wheelEvent(self, event: QWheelEvent) -> None:  # QAbstractScrollArea.wheelEvent
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            step = 1 if event.angleDelta().y() < 0 else -1
            zoom = Zoom(min(max(self.scale.zoom + step, Zoom.DAY), Zoom.QUARTER))
            self.set_zoom(zoom, event.position().x())
            event.accept()
            return
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            bar = self.horizontalScrollBar()
            bar.setValue(bar.value() - event.angleDelta().y())
            event.accept()
            return
        super().wheelEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # QAbstractScrollArea.mousePressEvent
        row, node, hit = self.hit(event.position().toPoint())
        if node is None or row is None:
            return
        self.row_clicked.emit(node.kind.value, node.id, int(event.modifiers().value))
        if event.button() != Qt.MouseButton.LeftButton or hit is Hit.NONE:
            return
        shape = self.painter.shape_of_row(row)
        if shape is None or self.document is None:
            return
        x, y = self.content_pos(event.position().toPoint())
        if hit is Hit.END:
            self.gesture = ResizeGesture(self, node, row, shape, x, y)
        elif event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            from relm_desktop.gui.timeline.gestures import LinkGesture

            self.gesture = LinkGesture(self, node, row, shape, x, y)
        else:
            self.gesture = PendingDrag(self, node, row, shape, x, y)
        self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # QAbstractScrollArea.mouseMoveEvent
        pos = event.position().toPoint()
        if self.gesture is None:
            _, _, hit = self.hit(pos)
            cursor = {
                Hit.END: Qt.CursorShape.SizeHorCursor,
                Hit.BODY: Qt.CursorShape.OpenHandCursor,
            }.get(hit, Qt.CursorShape.ArrowCursor)
            self.viewport().setCursor(cursor)
            return
        x, y = self.content_pos(pos)
        if isinstance(self.gesture, PendingDrag):
            decided = self.gesture.decide(x, y)
            if decided is None:
                return
            self.gesture = decided
        self.gesture = refine(self.gesture, y)
        self.gesture.move(x, y, event.modifiers())
        self.status.emit(self.gesture.status)
        self.viewport().update()

    def mouseReleaseEvent(
        self, event: QMouseEvent
    ) -> None:  # QAbstractScrollArea.mouseReleaseEvent
        gesture, self.gesture = self.gesture, None
        self.viewport().setCursor(Qt.CursorShape.ArrowCursor)
        self.status.emit("")
        if gesture is None:
            return
        x, y = self.content_pos(event.position().toPoint())
        if isinstance(gesture, PendingDrag):
            gesture = gesture.decide(x, y)
            if gesture is None:
                self.viewport().update()
                return
        gesture = refine(gesture, y)
        gesture.move(x, y, event.modifiers())
        if gesture.finish(event.modifiers()) and gesture.done:
            self.status.emit(gesture.done)  # no silent changes: say what the move set
        self.viewport().update()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # QWidget.mouseDoubleClickEvent
        pos = event.position().toPoint()
        _, node, hit = self.hit(pos)
        link = self.link_at(pos) if hit is Hit.NONE else None
        if link is not None:
            self.link_activated.emit(link.id)
        elif node is not None:
            self.row_activated.emit(node.kind.value, node.id)

    def link_at(self, pos: QPoint) -> LinkItem | None:
        """The dependency arrow passing nearest viewport point ``pos``, if one is near."""
        layout = self.row_layout
        if layout is None or pos.y() < HEADER_HEIGHT:
            return None
        x, y = self.content_pos(pos)
        row = max(int(y // ROW_HEIGHT), 0)
        routes = []
        for link in layout.links_near(max(row - 1, 0), row + 1):
            found = self.painter.link_route(link)
            if found is not None:
                routes.append((link, found[0]))
        return nearest(x, y, routes)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # QWidget.contextMenuEvent
        _, node, _ = self.hit(self.viewport().mapFrom(self, event.pos()))
        if node is not None and node.kind is RowKind.TASK:
            self.menu_requested.emit(node.id, event.globalPos())

    def keyPressEvent(self, event: QKeyEvent) -> None:  # QWidget.keyPressEvent
        if event.key() == Qt.Key.Key_Escape and self.gesture is not None:
            self.gesture = None
            self.status.emit("")
            self.viewport().update()
            return
        super().keyPressEvent(event)
