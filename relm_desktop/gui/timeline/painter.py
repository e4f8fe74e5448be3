"""Paints the timeline chart: only the rows and links inside the viewport.

One painter for the whole chart (no graphics item per task), so memory stays
flat and a repaint costs the same at 100 or 50,000 tasks.
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
    QPolygonF,
)

from relm_desktop.gui.timeline.prefetch import BlockPrefetcher
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
from relm_desktop.layout.link_blocks import RouteBook, blocks_for
from relm_desktop.layout.scale import Zoom
from relm_desktop.layout.timeline import LinkItem, Node, RowKind

if TYPE_CHECKING:
    from relm_desktop.gui.timeline.chart import GanttChart

HEADER_TIER = 22
HEADER_HEIGHT = 2 * HEADER_TIER
#: Rows in one background tile: a multiple of the 2-row stripe whose height
#: is also a multiple of the 8-pixel hatch pattern, so tiles join seamlessly.
TILE_ROWS = 4
TILE_ROWS_PX = TILE_ROWS * ROW_HEIGHT
#: Blocks of arrow paths kept while scrolling (each ~BLOCK_ROWS rows tall).
BLOCK_CACHE = 24
#: (normal lines, critical lines, normal heads, critical heads) of one block.
_BlockPaths = tuple[QPainterPath, QPainterPath, QPainterPath, QPainterPath]


def qrect(rect: Rect) -> QRectF:
    return QRectF(rect.x, rect.y, rect.w, rect.h)


class ChartPainter:
    """Draws one frame of a ``GanttChart`` in content coordinates."""

    def __init__(self, chart: GanttChart) -> None:
        self.chart = chart
        self._tile: QPixmap | None = None
        self._tile_key: object = None
        self._header_pixmap: QPixmap | None = None
        self._header_key: object = None
        self._book: RouteBook | None = None
        self._book_key: object = None
        self._blocks: OrderedDict[tuple[int, bool], _BlockPaths] = OrderedDict()
        self._tile_refs: object = None
        self.prefetcher = BlockPrefetcher(self._prefetch_block, chart)

    def metrics(self) -> BarMetrics:
        return BarMetrics(ROW_HEIGHT, self.chart.show_baseline)

    def paint(self, p: QPainter) -> None:
        chart = self.chart
        width = chart.viewport().width()
        height = chart.viewport().height()
        x0 = float(chart.horizontalScrollBar().value())
        y0 = float(chart.verticalScrollBar().value())
        body_h = max(height - HEADER_HEIGHT, 0)
        layout = chart.row_layout
        rows = visible_rows(y0, body_h, ROW_HEIGHT, len(layout) if layout else 0)
        # The background only depends on the horizontal position: one cached
        # tile, repeated down the rows, instead of hundreds of tall fills.
        tile = self._background_tile(x0, width)
        p.drawTiledPixmap(
            QRectF(0, HEADER_HEIGHT, width, body_h), tile, QPointF(0, y0 % TILE_ROWS_PX)
        )
        p.save()
        p.setClipRect(QRectF(0, HEADER_HEIGHT, width, body_h))
        p.translate(-x0, HEADER_HEIGHT - y0)
        if layout is not None:
            self.route_book()  # drops arrow blocks of another zoom or layout first
            self._paint_selection(p, rows, x0, x0 + width)
            self._paint_link_lines(p, rows)
            self._paint_rows(p, rows, x0, x0 + width)
            self._paint_link_heads(p, rows)
            if chart.gesture is not None:
                chart.gesture.paint(p, self)
            show = chart.show_critical
            cached = {index for index, shown in self._blocks if shown == show}
            self.prefetcher.queue(rows, len(layout), cached)
        p.restore()
        self._paint_freeze_labels(p, x0, width)
        p.drawPixmap(0, 0, self._header(x0, width))

    def invalidate(self) -> None:
        """Forget cached tiles (colours, calendar or freezes changed)."""
        self._tile_key = None
        self._header_key = None
        self._book_key = None

    def _paint_selection(self, p: QPainter, rows: range, x0: float, x1: float) -> None:
        chart = self.chart
        if not chart.selected or chart.row_layout is None:
            return
        for row in rows:
            if chart.row_layout.node_at(row).key in chart.selected:
                p.fillRect(
                    QRectF(x0, row * ROW_HEIGHT, x1 - x0, ROW_HEIGHT), chart.colors.selection
                )

    def _pixmap(self, width: int, height: int) -> QPixmap:
        ratio = self.chart.devicePixelRatioF()
        pixmap = QPixmap(max(int(width * ratio), 1), max(int(height * ratio), 1))
        pixmap.setDevicePixelRatio(ratio)
        return pixmap

    def _background_tile(self, x0: float, width: int) -> QPixmap:
        chart = self.chart
        key = (
            x0,
            width,
            chart.scale.zoom,
            id(chart.colors),
            id(chart.timeline),
            chart.today,
            chart.devicePixelRatioF(),
        )
        if key == self._tile_key and self._tile is not None:
            return self._tile
        tile = self._pixmap(width, TILE_ROWS_PX)
        tile.fill(chart.colors.background)
        p = QPainter(tile)
        try:
            p.translate(-x0, 0)
            self._paint_background(p, x0, x0 + width)
            self._paint_today(p, 0, TILE_ROWS_PX)
        finally:
            p.end()
        self._tile, self._tile_key = tile, key
        self._tile_refs = (chart.colors, chart.timeline)  # keep ids in the key unique
        return tile

    def _header(self, x0: float, width: int) -> QPixmap:
        chart = self.chart
        key = (
            x0,
            width,
            chart.scale.zoom,
            id(chart.colors),
            chart.today,
            chart.devicePixelRatioF(),
            chart.header_font.key(),
        )
        if key == self._header_key and self._header_pixmap is not None:
            return self._header_pixmap
        pixmap = self._pixmap(width, HEADER_HEIGHT)
        pixmap.fill(chart.colors.header_bg)
        p = QPainter(pixmap)
        try:
            self._paint_header(p, x0, width)
        finally:
            p.end()
        self._header_pixmap, self._header_key = pixmap, key
        return pixmap

    # -- background ---------------------------------------------------------------
    def _paint_background(self, p: QPainter, x0: float, x1: float) -> None:
        """One tile (TILE_ROWS rows tall) of stripes, days off, grid and freezes."""
        chart, colors = self.chart, self.chart.colors
        top, span = 0.0, float(TILE_ROWS_PX)
        for row in range(1, TILE_ROWS, 2):
            p.fillRect(QRectF(x0, row * ROW_HEIGHT, x1 - x0, ROW_HEIGHT), colors.alt_row)
        scale = chart.scale
        if scale.zoom <= Zoom.WEEK and chart.calendar is not None:
            for x, w in scale.off_spans(x0, x1, chart.calendar.is_working):
                p.fillRect(QRectF(x, top, w, span), colors.nonworking)
        # Grid lines at the lower header unit, so bars can be read against dates.
        p.setPen(QPen(colors.grid, 0))
        _, lower = scale.tiers(x0, x1)
        for cell in lower:
            p.drawLine(QPointF(cell.x, top), QPointF(cell.x, top + span))
        if chart.timeline is not None:
            hatch = QBrush(colors.freeze.darker(130), Qt.BrushStyle.BDiagPattern)
            for freeze in chart.timeline.freezes:
                fx = scale.x_of(freeze.start)
                fw = scale.x_after(freeze.finish) - fx
                if fx > x1 or fx + fw < x0:
                    continue
                band = QRectF(fx, top, fw, span)
                p.fillRect(band, colors.freeze)
                p.fillRect(band, hatch)

    def _paint_today(self, p: QPainter, y0: float, body_h: float) -> None:
        chart = self.chart
        x = chart.scale.x_of(chart.today) + chart.scale.px_per_day / 2
        pen = QPen(chart.colors.today, 2)
        p.setPen(pen)
        p.drawLine(QPointF(x, y0), QPointF(x, y0 + body_h))

    def _paint_freeze_labels(self, p: QPainter, x0: float, width: float) -> None:
        chart = self.chart
        if chart.timeline is None or not chart.timeline.freezes:
            return
        p.setFont(chart.small_font)
        fm = QFontMetricsF(chart.small_font)
        for freeze in chart.timeline.freezes:
            fx = chart.scale.x_of(freeze.start) - x0
            fw = chart.scale.x_after(freeze.finish) - chart.scale.x_of(freeze.start)
            if fx > width or fx + fw < 0:
                continue
            text = f"❄ {freeze.name}"
            tw = fm.horizontalAdvance(text) + 10
            left = max(fx, 0.0) if tw <= fw else fx
            box = QRectF(left, HEADER_HEIGHT + 2, tw, fm.height() + 4)
            p.fillRect(box, chart.colors.background)
            p.setPen(QPen(chart.colors.freeze_text, 1))
            p.drawRect(box.adjusted(0.5, 0.5, -0.5, -0.5))
            p.drawText(box, Qt.AlignmentFlag.AlignCenter, text)

    # -- rows -------------------------------------------------------------------
    def _paint_rows(self, p: QPainter, rows: range, x0: float, x1: float) -> None:
        chart = self.chart
        layout = chart.row_layout
        assert layout is not None
        metrics = self.metrics()
        p.setFont(chart.font())
        fm = chart.label_metrics
        for row in rows:
            node = layout.node_at(row)
            if node.start is None or node.finish is None:
                continue
            top = row * ROW_HEIGHT
            if chart.show_baseline and node.kind is RowKind.TASK:
                self._paint_baseline(p, node, top, metrics)
            if node.kind is not RowKind.TASK:
                shape = self._paint_summary(p, node, top, metrics)
            elif node.milestone:
                shape = self._paint_milestone(p, node, node.start, top, metrics)
            else:
                shape = self._paint_bar(p, node, top, metrics)
            if shape.x > x1 or shape.right + 400 < x0:
                continue
            self._paint_label(p, node, shape, top, fm)

    def critical(self, node: Node) -> bool:
        return self.chart.show_critical and node.critical and node.kind is RowKind.TASK

    def _paint_bar(self, p: QPainter, node: Node, top: float, metrics: BarMetrics) -> Rect:
        assert node.start is not None and node.finish is not None
        colors = self.chart.colors
        rect = bar_rect(self.chart.scale, node.start, node.finish, top, metrics)
        critical = self.critical(node)
        fill = colors.critical if critical else colors.bar
        done = colors.critical_progress if critical else colors.bar_progress
        outline = colors.critical_outline if critical else colors.bar_outline
        p.fillRect(qrect(rect), fill)
        if node.percent:
            p.fillRect(qrect(progress_rect(rect, node.percent)), done)
        # Critical bars get a heavier outline: a second cue besides colour.
        p.setPen(QPen(outline, 1.6 if critical else 0.8))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(qrect(rect))
        return rect

    def _paint_milestone(
        self, p: QPainter, node: Node, day: date, top: float, metrics: BarMetrics
    ) -> Rect:
        colors = self.chart.colors
        box = milestone_rect(self.chart.scale, day, top, metrics)
        critical = self.critical(node)
        cx, cy, r = box.x + box.w / 2, box.center_y, box.w / 2
        diamond = QPolygonF(
            [QPointF(cx, cy - r), QPointF(cx + r, cy), QPointF(cx, cy + r), QPointF(cx - r, cy)]
        )
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setPen(QPen(colors.critical_outline if critical else colors.background, 1.2))
        p.setBrush(colors.critical_progress if critical else colors.milestone)
        p.drawPolygon(diamond)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        return box

    def _paint_summary(self, p: QPainter, node: Node, top: float, metrics: BarMetrics) -> Rect:
        assert node.start is not None and node.finish is not None
        colors = self.chart.colors
        rect = summary_rect(self.chart.scale, node.start, node.finish, top, metrics)
        color = colors.summary
        p.fillRect(qrect(rect), color)
        if node.percent:
            done = progress_rect(rect, node.percent)
            p.fillRect(QRectF(done.x, done.y + 2, done.w, done.h - 4), colors.bar_progress)
        # Downward tips at both ends: the classic summary bracket.
        tip = 5.0
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(color)
        for x, sign in ((rect.x, 1), (rect.right, -1)):
            p.drawPolygon(
                QPolygonF(
                    [
                        QPointF(x, rect.bottom),
                        QPointF(x + sign * tip * 1.2, rect.bottom),
                        QPointF(x, rect.bottom + tip),
                    ]
                )
            )
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        return rect

    def _paint_baseline(self, p: QPainter, node: Node, top: float, metrics: BarMetrics) -> None:
        if node.baseline_start is None or node.baseline_finish is None:
            return
        colors = self.chart.colors
        rect = baseline_rect(
            self.chart.scale, node.baseline_start, node.baseline_finish, top, metrics
        )
        if node.milestone:
            box = milestone_rect(self.chart.scale, node.baseline_start, top, metrics)
            p.setPen(QPen(colors.baseline, 1.2, Qt.PenStyle.DotLine))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(QRectF(box.x + 3, box.y + 3, box.w - 6, box.h - 6))
            return
        p.fillRect(qrect(rect), colors.baseline)

    def _paint_label(
        self, p: QPainter, node: Node, shape: Rect, top: float, fm: QFontMetricsF
    ) -> None:
        chart = self.chart
        text = node.name
        if node.kind is RowKind.TASK and node.milestone and node.start is not None:
            text = f"{node.name}  {node.start.day} {node.start.strftime('%b')}"
        slip = node.slip if chart.show_baseline else None
        x = shape.right + 6
        y = top + (ROW_HEIGHT + fm.ascent() - fm.descent()) / 2
        p.setFont(chart.bold_font if node.kind is not RowKind.TASK else chart.font())
        p.setPen(chart.colors.text if node.kind is not RowKind.TASK else chart.colors.muted_text)
        p.drawText(QPointF(x, y), text)
        if slip:
            width = QFontMetricsF(p.font()).horizontalAdvance(text)
            p.setFont(chart.small_font)
            p.setPen(chart.colors.critical_progress if slip > 0 else chart.colors.bar_progress)
            p.drawText(QPointF(x + width + 6, y), f"{slip:+d}d")

    # -- links ------------------------------------------------------------------
    def route_book(self) -> RouteBook | None:
        """Routes for the current rows, zoom and bar metrics (rebuilt when any changes)."""
        chart = self.chart
        layout = chart.row_layout
        if layout is None:
            return None
        key = (id(layout), chart.scale.zoom, chart.scale.origin, chart.show_baseline)
        if key != self._book_key or self._book is None:
            # The book holds the layout, so its id cannot be reused while cached.
            self._book = RouteBook(layout, chart.scale, self.metrics())
            self._book_key = key
            self._blocks.clear()
            self.prefetcher.cancel()
        return self._book

    def _prefetch_block(self, index: int) -> None:
        if self.chart.row_layout is not None:
            self._link_paths(index)

    def _link_paths(self, index: int) -> _BlockPaths:
        """Painter paths of one block of rows, built once and kept while scrolling."""
        show = self.chart.show_critical
        cached = self._blocks.get((index, show))
        if cached is not None:
            self._blocks.move_to_end((index, show))
            return cached
        book = self.route_book()
        assert book is not None
        block = book.block(index, show_critical=show)
        lines: list[QPainterPath] = []
        heads: list[QPainterPath] = []
        for critical in (False, True):
            path = QPainterPath()
            for x0, y0, x1, y1 in block.lines[critical]:
                path.moveTo(x0, y0)
                path.lineTo(x1, y1)
            lines.append(path)
            tips = QPainterPath()
            for (ax, ay), (bx, by), (cx, cy) in block.heads[critical]:
                tips.moveTo(ax, ay)
                tips.lineTo(bx, by)
                tips.lineTo(cx, cy)
                tips.closeSubpath()
            heads.append(tips)
        paths = (lines[0], lines[1], heads[0], heads[1])
        self._blocks[(index, show)] = paths
        while len(self._blocks) > BLOCK_CACHE:
            self._blocks.popitem(last=False)
        return paths

    def _paint_link_lines(self, p: QPainter, rows: range) -> None:
        """Arrow lines of the visible blocks, drawn before the bars so they pass beneath."""
        if self.chart.row_layout is None or not rows:
            return
        colors = self.chart.colors
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        normal, critical = QPen(colors.link, 1.0), QPen(colors.critical_progress, 2.0)
        for index in blocks_for(rows.start, rows.stop - 1):
            paths = self._link_paths(index)
            for path, pen in ((paths[0], normal), (paths[1], critical)):
                if not path.isEmpty():
                    p.setPen(pen)
                    p.drawPath(path)

    def _paint_link_heads(self, p: QPainter, rows: range) -> None:
        """Arrowheads over the bars they point at."""
        if self.chart.row_layout is None or not rows:
            return
        colors = self.chart.colors
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setPen(Qt.PenStyle.NoPen)
        for index in blocks_for(rows.start, rows.stop - 1):
            paths = self._link_paths(index)
            for path, color in ((paths[2], colors.link), (paths[3], colors.critical_progress)):
                if not path.isEmpty():
                    p.setBrush(color)
                    p.drawPath(path)

    def link_route(self, link: LinkItem) -> tuple[tuple[tuple[float, float], ...], Any] | None:
        """The polyline and arrowhead of ``link`` (tests and the link gesture)."""
        book = self.route_book()
        return book.route_of(link) if book is not None else None

    def shape_of_row(self, row: int) -> Rect | None:
        """The bar (or milestone box) of the task on ``row``, in content coordinates."""
        book = self.route_book()
        return book.shape(row) if book is not None else None

    # -- header -----------------------------------------------------------------
    def _paint_header(self, p: QPainter, x0: float, width: float) -> None:
        chart, colors = self.chart, self.chart.colors
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        upper, lower = chart.scale.tiers(x0, x0 + width)
        p.setFont(chart.header_font)
        line = QPen(colors.header_line, 0)
        for tier, cells in enumerate((upper, lower)):
            y = tier * HEADER_TIER
            for cell in cells:
                x = cell.x - x0
                p.setPen(line)
                p.drawLine(QPointF(x, y), QPointF(x, y + HEADER_TIER))
                if not cell.label:
                    continue
                p.setPen(colors.header_text)
                if tier == 0:
                    # Keep the upper label visible while its cell is scrolled half away.
                    left = max(x, 0.0) + 6
                    box = QRectF(left, y, max(cell.x + cell.width - x0 - left - 2, 0), HEADER_TIER)
                    p.drawText(box, int(Qt.AlignmentFlag.AlignVCenter), cell.label)
                else:
                    box = QRectF(x, y, cell.width, HEADER_TIER)
                    p.drawText(box, int(Qt.AlignmentFlag.AlignCenter), cell.label)
        p.setPen(line)
        p.drawLine(QPointF(0, HEADER_TIER), QPointF(width, HEADER_TIER))
        p.drawLine(QPointF(0, HEADER_HEIGHT - 0.5), QPointF(width, HEADER_HEIGHT - 0.5))
        today_x = chart.scale.x_of(chart.today) + chart.scale.px_per_day / 2 - x0
        if 0 <= today_x <= width:
            p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(colors.today)
            y = float(HEADER_HEIGHT)
            p.drawPolygon(
                QPolygonF(
                    [QPointF(today_x - 5, y - 6), QPointF(today_x + 5, y - 6), QPointF(today_x, y)]
                )
            )


def bold(font: QFont) -> QFont:
    out = QFont(font)
    out.setBold(True)
    return out


def smaller(font: QFont, delta: float = 1.0) -> QFont:
    out = QFont(font)
    out.setPointSizeF(max(font.pointSizeF() - delta, 6.0))
    return out


__all__ = ["HEADER_HEIGHT", "ChartPainter", "QColor", "bold", "smaller"]
