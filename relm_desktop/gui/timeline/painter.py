"""Paints the timeline chart: only the rows and links inside the viewport.

One painter for the whole chart (no graphics item per task), so memory stays
flat and a repaint costs the same at 100 or 50,000 tasks.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
    QStaticText,
)

from relm_desktop.gui import dates
from relm_desktop.gui.timeline.backdrop import TILE_ROWS_PX, Backdrop
from relm_desktop.gui.timeline.header import HEADER_HEIGHT
from relm_desktop.gui.timeline.links import BlockPaths, LinkLayer, paint_heads, paint_lines
from relm_desktop.gui.timeline.overdue import paint_overdue
from relm_desktop.gui.timeline.prefetch import RowPrefetcher
from relm_desktop.gui.timeline.strips import (
    REF,
    STRIP_PX,
    STRIP_ROWS,
    VALUE,
    VIEW,
    StripCache,
    StripState,
    keyed,
    state_of,
)
from relm_desktop.layout.filters import overdue_since
from relm_desktop.layout.geometry import (
    ROW_HEIGHT,
    BarMetrics,
    Rect,
    bar_rect,
    baseline_rect,
    milestone_rect,
    progress_rect,
    summary_rect,
    visible_rows,
)
from relm_desktop.layout.link_blocks import RouteBook
from relm_desktop.layout.scale import DateScale
from relm_desktop.layout.timeline import Key, LinkItem, Node, RowKind, RowLayout, Timeline
from relm_desktop.scheduling.calendar import WorkCalendar

if TYPE_CHECKING:
    from relm_desktop.gui.theme import ChartColors
    from relm_desktop.gui.timeline.chart import GanttChart

#: Laid-out bar labels kept; bounded so scrolling 50,000 rows stays flat.
#: A screen shows ~35 and idle work lays out three screens' worth, so this
#: covers scrolling back and forth a few screens. Kept small: each is a Qt
#: wrapper that a full garbage collection visits at ~6 µs apiece (1,500 of
#: them made an idle collection 10 ms longer).
LABEL_CACHE = 500


def qrect(rect: Rect) -> QRectF:
    return QRectF(rect.x, rect.y, rect.w, rect.h)


def _view_of(scale: DateScale) -> tuple[object, ...]:
    return (scale.origin, scale.px_per_day)


@dataclass(frozen=True, eq=False)
class PaintInputs:
    """Everything the chart's rows' pixels depend on, read off the chart once per
    frame or strip: the painter and the background tiles paint from it, and the
    row strips' key is made of its fields (``strips.state_of``). A new toggle
    is a new field here, and so forgets the strips when it changes."""

    rows: RowLayout | None = field(metadata=keyed(REF))
    timeline: Timeline | None = field(metadata=keyed(REF))
    calendar: WorkCalendar | None = field(metadata=keyed(REF))
    colors: ChartColors = field(metadata=keyed(REF))
    #: Replaced, never changed in place (``GanttChart.set_selected``).
    selected: set[Key] = field(metadata=keyed(REF))
    width: int = field(metadata=keyed(VALUE))
    ratio: float = field(metadata=keyed(VALUE))
    row_height: int = field(metadata=keyed(VALUE))
    show_critical: bool = field(metadata=keyed(VALUE))
    show_baseline: bool = field(metadata=keyed(VALUE))
    today: date = field(metadata=keyed(VALUE))
    #: Keys of the plain and bold label fonts, and of the small (slip) font.
    label_font: tuple[str, str] = field(metadata=keyed(VALUE))
    small_font: str = field(metadata=keyed(VALUE))
    #: The zoom level's scale (its origin and pixels per day) and the horizontal scroll.
    scale: DateScale = field(metadata=keyed(VIEW, _view_of))
    x0: int = field(metadata=keyed(VIEW))

    @classmethod
    def of(cls, chart: GanttChart) -> PaintInputs:
        return cls(
            chart.row_layout,
            chart.timeline,
            chart.calendar,
            chart.colors,
            chart.selected,
            chart.viewport().width(),
            chart.devicePixelRatioF(),
            ROW_HEIGHT,
            chart.show_critical,
            chart.show_baseline,
            chart.today,
            chart.label_font_key,
            chart.small_font_key,
            chart.scale,
            chart.horizontalScrollBar().value(),
        )


class ChartPainter:
    """Draws one frame of a ``GanttChart`` in content coordinates."""

    def __init__(self, chart: GanttChart) -> None:
        self.chart = chart
        self.backdrop = Backdrop(chart)
        #: (text, bold) → laid-out label and its ascent, in ``_fonts``.
        self._labels: dict[tuple[str, bool], tuple[QStaticText, float]] = {}
        self._label_key: object = None
        self._pens_for: object = None
        self._pens: tuple[QPen, QPen] = (QPen(), QPen())
        self._fonts: tuple[QFont, QFont] = (QFont(), QFont())
        #: What the current frame or strip is painted from (``inputs``).
        self._now: PaintInputs | None = None
        self.links = LinkLayer(chart)
        self.strips = StripCache(
            chart,
            self._render_strip,
            self._strip_state,
            HEADER_HEIGHT,
            lambda: bool(self.links.prefetcher.pending()),
        )
        self.prefetcher = self.links.prefetcher
        # Laying out a label costs ~60 µs: a zoom that brings 30 new labels into
        # view, or a scroll step, would spend 2-4 ms of its frame on it. After
        # each paint the labels a page around the viewport are laid out on idle
        # ticks instead, whether or not they are in view sideways.
        self.label_prefetcher = RowPrefetcher(
            self._label_ready, self._prefetch_label, self._labels_valid, chart
        )

    def metrics(self) -> BarMetrics:
        return BarMetrics(ROW_HEIGHT, self.chart.show_baseline)

    def inputs(self) -> PaintInputs:
        """What the chart's rows would be painted from now."""
        return PaintInputs.of(self.chart)

    @property
    def now(self) -> PaintInputs:
        """The inputs of the frame or strip being painted (outside one: ``inputs()``)."""
        return self._now if self._now is not None else PaintInputs.of(self.chart)

    def paint(self, p: QPainter, region: QRect | None = None) -> None:
        """Paint the viewport, or only the part of it in ``region`` (viewport pixels)."""
        self._now = self.inputs()
        try:
            self._paint(p, region)
        finally:
            self._now = None

    def _paint(self, p: QPainter, region: QRect | None) -> None:
        started = time.perf_counter()
        chart, now = self.chart, self.now
        width = now.width
        height = chart.viewport().height()
        x0 = float(now.x0)
        y0 = float(chart.verticalScrollBar().value())
        body_h = max(height - HEADER_HEIGHT, 0)
        clip = QRect(0, 0, width, height)
        if region is not None:
            clip = clip.intersected(region)
        body = clip.intersected(QRect(0, HEADER_HEIGHT, width, body_h))
        layout = now.rows
        if not body.isEmpty():
            count = len(layout) if layout else 0
            rows = visible_rows(y0 + body.top() - HEADER_HEIGHT, body.height(), ROW_HEIGHT, count)
            rest = body
            strips = self.strips
            usable = strips.usable()
            if usable:
                rest = strips.paint(p, body, int(y0))
            if not rest.isEmpty():
                self._paint_body(p, rest, x0, y0, started)
            else:
                self.links.want(rows)
            if layout is not None:
                page = max(height // ROW_HEIGHT, 1)
                strips.queue(visible_rows(y0, body_h, ROW_HEIGHT, count), count, page)
                if not usable:  # painting strips lays their labels out
                    self._queue_labels(rows, count, height)
        backdrop = self.backdrop
        if clip.top() < HEADER_HEIGHT + backdrop.freeze_label_strip():
            p.save()
            p.setClipRect(clip)
            backdrop.paint_freeze_labels(p, x0, width)
            p.restore()
        if clip.top() < HEADER_HEIGHT:
            p.drawPixmap(0, 0, backdrop.header(x0, width))

    def _paint_body(self, p: QPainter, body: QRect, x0: float, y0: float, started: float) -> None:
        """Paint the rows in ``body`` (viewport pixels) now: what no strip had."""
        chart, now = self.chart, self.now
        top = y0 + body.top() - HEADER_HEIGHT
        tile = self.backdrop.tile(now)
        p.drawTiledPixmap(QRectF(body), tile, QPointF(body.left(), top % TILE_ROWS_PX))
        layout = now.rows
        if layout is None:
            return
        rows = visible_rows(top, body.height(), ROW_HEIGHT, len(layout))
        p.save()
        p.setClipRect(body)
        p.translate(-x0, HEADER_HEIGHT - y0)
        blocks = self.links.ready(rows, started)
        self._paint_content(p, rows, x0 + body.left(), x0 + body.right() + 1, blocks)
        if chart.gesture is not None:
            chart.gesture.paint(p, self)
        p.restore()

    def _paint_content(
        self, p: QPainter, rows: range, left: float, right: float, blocks: list[BlockPaths]
    ) -> None:
        """Selection, arrows and bars of ``rows`` between content x ``left`` and ``right``."""
        colors = self.now.colors
        self._paint_selection(p, rows, left, right)
        paint_lines(p, blocks, colors, rows)
        self._paint_rows(p, rows, left, right)
        paint_heads(p, blocks, colors)

    def _strip_state(self) -> StripState:
        """Everything the rows' pixels depend on: the paint inputs (see strips.py)."""
        now = self.now  # the frame's, or on an idle tick the chart's now
        ratio = now.ratio
        usable = self.chart.gesture is None and now.rows is not None and ratio == int(ratio)
        return state_of(now, usable)

    def _render_strip(self, index: int, deadline: float | None) -> QPixmap | None:
        """Strip ``index`` painted as the viewport would show it (idle ticks);
        None while its arrows are still being routed."""
        # The inputs the cache was synced to at the start of this idle tick.
        self._now = self.inputs()
        try:
            return self._render(index, deadline)
        finally:
            self._now = None

    def _render(self, index: int, deadline: float | None) -> QPixmap | None:
        now = self.now
        layout = now.rows
        assert layout is not None
        rows = range(index * STRIP_ROWS, min((index + 1) * STRIP_ROWS, len(layout)))
        blocks = self.links.built(rows, deadline)
        if blocks is None:
            return None
        x0 = float(now.x0)
        width = now.width
        pixmap = self.backdrop.pixmap(width, STRIP_PX)
        p = QPainter(pixmap)
        try:
            # A strip starts on a whole tile (STRIP_PX is a multiple of TILE_ROWS_PX).
            p.drawTiledPixmap(QRectF(0, 0, width, STRIP_PX), self.backdrop.tile(now))
            p.translate(-x0, -index * STRIP_PX)
            self._paint_content(p, rows, x0, x0 + width, blocks)
        finally:
            p.end()
        return pixmap

    def invalidate(self) -> None:
        """Forget cached tiles (colours, calendar or freezes changed)."""
        self.backdrop.forget()
        self.links.invalidate()
        self.strips.forget()

    def _paint_selection(self, p: QPainter, rows: range, x0: float, x1: float) -> None:
        now = self.now
        if not now.selected or now.rows is None:
            return
        for row in rows:
            if now.rows.node_at(row).key in now.selected:
                p.fillRect(QRectF(x0, row * ROW_HEIGHT, x1 - x0, ROW_HEIGHT), now.colors.selection)

    # -- rows -------------------------------------------------------------------
    def _paint_rows(self, p: QPainter, rows: range, x0: float, x1: float) -> None:
        chart, now = self.chart, self.now
        layout = now.rows
        assert layout is not None
        metrics = BarMetrics(ROW_HEIGHT, now.show_baseline)
        self._label_fonts()
        fm = chart.label_metrics
        # Labels are drawn after every bar, plain then bold: a font or pen
        # change between each bar and its label cost ~1 ms a zoomed-out frame.
        labels: list[tuple[float, float, Node]] = []
        aa = Smooth()
        status = now.today  # the status date: overdue work is flagged against it
        late: list[Rect] = []
        for row in rows:
            node = layout.node_at(row)
            if node.start is None or node.finish is None:
                continue
            top = row * ROW_HEIGHT
            if now.show_baseline and node.kind is RowKind.TASK:
                self._paint_baseline(p, node, top, metrics)
            if node.is_summary:
                shape = self._paint_summary(p, node, top, metrics, aa)
            elif node.milestone:
                shape = self._milestone(node, node.start, top, metrics, aa)
            else:
                shape = self._paint_bar(p, node, top, metrics)
            if shape.x > x1 or shape.right + 400 < x0:
                continue
            if node.kind is RowKind.TASK and overdue_since(node, status) is not None:
                late.append(shape)
            labels.append((shape.right + 6, top, node))
        aa.paint(p, now.colors)
        if late:
            paint_overdue(p, late, now.colors)
        self._paint_labels(p, labels, fm)

    def critical(self, node: Node) -> bool:
        return self.now.show_critical and node.critical and node.kind is RowKind.TASK

    def _paint_bar(self, p: QPainter, node: Node, top: float, metrics: BarMetrics) -> Rect:
        assert node.start is not None and node.finish is not None
        now = self.now
        colors = now.colors
        rect = bar_rect(now.scale, node.start, node.finish, top, metrics)
        critical = self.critical(node)
        fill = colors.critical if critical else colors.bar
        done = colors.critical_progress if critical else colors.bar_progress
        box = qrect(rect)
        p.fillRect(box, fill)
        if node.percent:
            p.fillRect(qrect(progress_rect(rect, node.percent)), done)
        # Critical bars get a heavier outline: a second cue besides colour.
        p.setPen(self._outline_pens(colors)[critical])
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(box)
        return rect

    def _outline_pens(self, colors: ChartColors) -> tuple[QPen, QPen]:
        """Bar outlines, normal and critical, made once per palette."""
        if self._pens_for is not colors:
            self._pens = (QPen(colors.bar_outline, 0.8), QPen(colors.critical_outline, 1.6))
            self._pens_for = colors
        return self._pens

    def _milestone(
        self, node: Node, day: date, top: float, metrics: BarMetrics, aa: Smooth
    ) -> Rect:
        """A milestone's diamond, added to ``aa`` (drawn with the frame's other smooth shapes)."""
        box = milestone_rect(self.now.scale, day, top, metrics)
        cx, cy, r = box.x + box.w / 2, box.center_y, box.w / 2
        path = aa.diamonds[self.critical(node)]
        path.moveTo(cx, cy - r)
        path.lineTo(cx + r, cy)
        path.lineTo(cx, cy + r)
        path.lineTo(cx - r, cy)
        path.closeSubpath()
        return box

    def _paint_summary(
        self, p: QPainter, node: Node, top: float, metrics: BarMetrics, aa: Smooth
    ) -> Rect:
        assert node.start is not None and node.finish is not None
        now = self.now
        colors = now.colors
        rect = summary_rect(now.scale, node.start, node.finish, top, metrics)
        p.fillRect(qrect(rect), colors.summary)
        if node.percent:
            done = progress_rect(rect, node.percent)
            p.fillRect(QRectF(done.x, done.y + 2, done.w, done.h - 4), colors.bar_progress)
        # Downward tips at both ends: the classic summary bracket.
        tip = 5.0
        # Both wound the same way: on a bar narrower than its tips they overlap,
        # and opposite windings would cancel out into a hole.
        tips, bottom = aa.tips, rect.bottom
        for x, side, end in (
            (rect.x, rect.x + tip * 1.2, 0),
            (rect.right, rect.right - tip * 1.2, 1),
        ):
            tips.moveTo(x, bottom)
            if end:
                tips.lineTo(x, bottom + tip)
                tips.lineTo(side, bottom)
            else:
                tips.lineTo(side, bottom)
                tips.lineTo(x, bottom + tip)
            tips.closeSubpath()
        return rect

    def _paint_baseline(self, p: QPainter, node: Node, top: float, metrics: BarMetrics) -> None:
        if node.baseline_start is None or node.baseline_finish is None:
            return
        now = self.now
        colors = now.colors
        rect = baseline_rect(now.scale, node.baseline_start, node.baseline_finish, top, metrics)
        if node.milestone:
            box = milestone_rect(now.scale, node.baseline_start, top, metrics)
            p.setPen(QPen(colors.baseline, 1.2, Qt.PenStyle.DotLine))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(QRectF(box.x + 3, box.y + 3, box.w - 6, box.h - 6))
            return
        p.fillRect(qrect(rect), colors.baseline)

    def _queue_labels(self, rows: range, count: int, height: int) -> None:
        page = max(height // ROW_HEIGHT, 1)
        self.label_prefetcher.around(rows.start, rows.stop, page, count)

    def _labels_valid(self) -> bool:
        """Before an idle slice: rows to label, and labels of the current font."""
        self._label_fonts()  # forgets the labels if the font changed
        return self.chart.row_layout is not None

    def _label_ready(self, row: int) -> bool:
        layout = self.chart.row_layout
        assert layout is not None
        if row >= len(layout):
            return True
        return self._label_spec(layout.node_at(row)) in self._labels

    def _prefetch_label(self, row: int) -> None:
        layout = self.chart.row_layout
        assert layout is not None
        self._label(*self._label_spec(layout.node_at(row)))

    def _label_spec(self, node: Node) -> tuple[str, bool]:
        """A row's label text, and whether it is a summary's (bold)."""
        text = node.name
        if node.kind is RowKind.TASK and node.milestone and node.start is not None:
            text = f"{node.name}  {dates.format_date(node.start)}"
        return text, node.is_summary

    def _label_fonts(self) -> tuple[QFont, QFont]:
        """The plain and bold label fonts; laid-out labels are forgotten when they change."""
        chart = self.chart
        key = chart.label_font_key
        if key != self._label_key:
            self._labels.clear()
            self._label_key = key
            self._fonts = (QFont(chart.font()), QFont(chart.bold_font))
        return self._fonts

    def _label(self, text: str, bold: bool) -> tuple[QStaticText, float]:
        """``text`` laid out in the label font (bold for summaries), and its ascent."""
        key = (text, bold)
        found = self._labels.get(key)
        if found is None:
            if len(self._labels) >= LABEL_CACHE:
                del self._labels[next(iter(self._labels))]  # the oldest
            font = self._label_fonts()[bold]
            static = QStaticText(text)
            static.setTextFormat(Qt.TextFormat.PlainText)
            static.prepare(font=font)
            found = self._labels[key] = (static, QFontMetricsF(font).ascent())
        return found

    def _paint_labels(
        self, p: QPainter, labels: list[tuple[float, float, Node]], fm: QFontMetricsF
    ) -> None:
        """Bar labels at (x, row top), and slips beside them when baselines show."""
        chart, now = self.chart, self.now
        colors = now.colors
        baseline = (ROW_HEIGHT + fm.ascent() - fm.descent()) / 2
        specs = [(x, top, node, self._label_spec(node)) for x, top, node in labels]
        for summary in (False, True):
            p.setFont(self._fonts[summary])
            p.setPen(colors.text if summary else colors.muted_text)
            for x, top, _, (text, bold) in specs:
                if bold is summary:
                    # Laid out once per text (drawText shapes it again on every frame).
                    static, ascent = self._label(text, bold)
                    p.drawStaticText(QPointF(x, top + baseline - ascent), static)
        if not now.show_baseline:
            return
        p.setFont(chart.small_font)
        for x, top, node, key in specs:
            if node.slip:
                width = self._label(*key)[0].size().width()
                p.setPen(colors.critical_progress if node.slip > 0 else colors.bar_progress)
                p.drawText(QPointF(x + width + 6, top + baseline), f"{node.slip:+d}d")

    # -- links ------------------------------------------------------------------
    def route_book(self) -> RouteBook | None:
        """Routes for the current rows, zoom and bar metrics (kept per zoom level)."""
        return self.links.book()

    def link_route(self, link: LinkItem) -> tuple[tuple[tuple[float, float], ...], Any] | None:
        """The polyline and arrowhead of ``link`` (tests and the link gesture)."""
        book = self.route_book()
        return book.route_of(link) if book is not None else None

    def shape_of_row(self, row: int) -> Rect | None:
        """The bar (or milestone box) of the task on ``row``, in content coordinates."""
        book = self.route_book()
        return book.shape(row) if book is not None else None


class Smooth:
    """Anti-aliased shapes of a frame's rows (summary tips, milestone diamonds),
    gathered and drawn in three calls after the bars: switching anti-aliasing
    on and off and drawing a polygon for each row cost ~40 µs a row."""

    def __init__(self) -> None:
        self.tips = QPainterPath()
        #: Diamonds of normal [0] and critical [1] milestones.
        self.diamonds = (QPainterPath(), QPainterPath())
        for path in (self.tips, *self.diamonds):
            path.setFillRule(Qt.FillRule.WindingFill)

    def paint(self, p: QPainter, colors: ChartColors) -> None:
        if self.tips.isEmpty() and all(path.isEmpty() for path in self.diamonds):
            return
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if not self.tips.isEmpty():
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(colors.summary)
            p.drawPath(self.tips)
        styles = (
            (colors.background, colors.milestone),
            (colors.critical_outline, colors.critical_progress),
        )
        for path, (outline, fill) in zip(self.diamonds, styles, strict=True):
            if not path.isEmpty():
                p.setPen(QPen(outline, 1.2))
                p.setBrush(fill)
                p.drawPath(path)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)


def bold(font: QFont) -> QFont:
    out = QFont(font)
    out.setBold(True)
    return out


def smaller(font: QFont, delta: float = 1.0) -> QFont:
    out = QFont(font)
    out.setPointSizeF(max(font.pointSizeF() - delta, 6.0))
    return out


__all__ = ["HEADER_HEIGHT", "ChartPainter", "PaintInputs", "QColor", "bold", "smaller"]
