"""What the chart's rows sit on: background tiles, the date header, freeze labels.

The background only depends on the horizontal position and zoom: one tile
of TILE_ROWS rows, repeated down the viewport, instead of hundreds of tall
fills. Tiles and headers are kept for the latest few views, so zooming back
finds them made.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetricsF, QPainter, QPen, QPixmap

from relm_desktop.gui.timeline.header import HEADER_HEIGHT, laid_out, paint_header
from relm_desktop.gui.timeline.strips import RECENT_VIEWS
from relm_desktop.layout.geometry import ROW_HEIGHT
from relm_desktop.layout.scale import Zoom

if TYPE_CHECKING:
    from relm_desktop.gui.timeline.chart import GanttChart
    from relm_desktop.gui.timeline.painter import PaintInputs

#: Rows in one background tile: a multiple of the 2-row stripe whose height
#: is also a multiple of the 8-pixel hatch pattern, so tiles join seamlessly.
TILE_ROWS = 4
TILE_ROWS_PX = TILE_ROWS * ROW_HEIGHT


class Backdrop:
    """Background tiles, headers and freeze labels of one chart."""

    def __init__(self, chart: GanttChart) -> None:
        self.chart = chart
        #: Background tiles by position and zoom, the latest few, for ``_tiles_for``:
        #: the palette, schedule, calendar, day and pixel ratio they were made for.
        self._tiles: dict[tuple[object, ...], QPixmap] = {}
        self._tiles_for: tuple[object, ...] = ()
        self._tiles_refs: tuple[object, ...] = ()
        #: Header pixmaps by position, zoom, palette...: the latest few.
        self._headers: dict[tuple[object, ...], QPixmap] = {}

    def forget(self) -> None:
        """Drop the tiles and headers (colours, calendar or freezes changed)."""
        self._tiles.clear()
        self._headers.clear()

    def freeze_label_strip(self) -> int:
        """Height below the header where freeze labels sit (0: none); see chart scrolling."""
        chart = self.chart
        if chart.timeline is None or not chart.timeline.freezes:
            return 0
        return int(QFontMetricsF(chart.small_font).height()) + 8

    def pixmap(self, width: int, height: int) -> QPixmap:
        """A pixmap of ``width`` × ``height`` logical pixels at the chart's pixel ratio."""
        ratio = self.chart.devicePixelRatioF()
        pixmap = QPixmap(max(int(width * ratio), 1), max(int(height * ratio), 1))
        pixmap.setDevicePixelRatio(ratio)
        return pixmap

    def tile(self, now: PaintInputs) -> QPixmap:
        """The background of TILE_ROWS rows across the viewport, painted from the
        frame's inputs (the same the rows on it are painted from)."""
        x0, width, scale = float(now.x0), now.width, now.scale
        refs = (now.colors, now.timeline, now.calendar)
        content = (*map(id, refs), now.today, now.ratio)
        if content != self._tiles_for:
            self._tiles.clear()
            # The objects are kept with their ids, so no id in the key is reused.
            self._tiles_for, self._tiles_refs = content, refs
        key = (x0, width, scale.zoom, scale.origin)

        def paint(p: QPainter) -> None:
            p.translate(-x0, 0)
            self._paint_background(p, now, x0 + width)
            self._paint_today(p, now, TILE_ROWS_PX)

        return self._kept(self._tiles, key, width, TILE_ROWS_PX, now.colors.background, paint)

    def header(self, x0: float, width: int) -> QPixmap:
        """The date header of the viewport scrolled to ``x0``."""
        chart = self.chart
        key = (
            x0,
            width,
            chart.scale.zoom,
            chart.scale.origin,
            id(chart.colors),
            chart.today,
            chart.devicePixelRatioF(),
            chart.header_font_key,
        )
        return self._kept(
            self._headers,
            key,
            width,
            HEADER_HEIGHT,
            chart.colors.header_bg,
            lambda p: paint_header(p, chart, x0, width),
        )

    def _kept(
        self,
        kept: dict[tuple[object, ...], QPixmap],
        key: tuple[object, ...],
        width: int,
        height: int,
        fill: QColor,
        paint: Callable[[QPainter], None],
    ) -> QPixmap:
        """``kept[key]``, or a pixmap filled and painted now and kept with the
        latest few (zooming back finds it made)."""
        found = kept.get(key)
        if found is not None:
            return found
        pixmap = self.pixmap(width, height)
        pixmap.fill(fill)
        p = QPainter(pixmap)
        try:
            paint(p)
        finally:
            p.end()
        if len(kept) > RECENT_VIEWS:
            del kept[next(iter(kept))]
        kept[key] = pixmap
        return pixmap

    def _paint_background(self, p: QPainter, now: PaintInputs, x1: float) -> None:
        """One tile (TILE_ROWS rows tall) of stripes, days off, grid and freezes."""
        colors, x0 = now.colors, float(now.x0)
        top, span = 0.0, float(TILE_ROWS_PX)
        for row in range(1, TILE_ROWS, 2):
            p.fillRect(QRectF(x0, row * ROW_HEIGHT, x1 - x0, ROW_HEIGHT), colors.alt_row)
        scale = now.scale
        if scale.zoom <= Zoom.WEEK and now.calendar is not None:
            for x, w in scale.off_spans(x0, x1, now.calendar.is_working):
                p.fillRect(QRectF(x, top, w, span), colors.nonworking)
        # Grid lines at the lower header unit, so bars can be read against dates.
        p.setPen(QPen(colors.grid, 0))
        _, lower = scale.tiers(x0, x1)
        p.drawLines([QLineF(cell.x, top, cell.x, top + span) for cell in lower])
        if now.timeline is not None:
            hatch = QBrush(colors.freeze.darker(130), Qt.BrushStyle.BDiagPattern)
            for freeze in now.timeline.freezes:
                fx = scale.x_of(freeze.start)
                fw = scale.x_after(freeze.finish) - fx
                if fx > x1 or fx + fw < x0:
                    continue
                band = QRectF(fx, top, fw, span)
                p.fillRect(band, colors.freeze)
                p.fillRect(band, hatch)

    def _paint_today(self, p: QPainter, now: PaintInputs, body_h: float) -> None:
        x = now.scale.x_of(now.today) + now.scale.px_per_day / 2
        pen = QPen(now.colors.today, 2)
        p.setPen(pen)
        p.drawLine(QPointF(x, 0.0), QPointF(x, body_h))

    def paint_freeze_labels(self, p: QPainter, x0: float, width: float) -> None:
        """Freeze windows' names at the top of the rows, kept in view while scrolled."""
        chart = self.chart
        if chart.timeline is None or not chart.timeline.freezes:
            return
        font = chart.small_font
        font_key = chart.small_font_key
        box_h = QFontMetricsF(font).height() + 4
        frame = QPen(chart.colors.freeze_text, 1)
        p.setFont(font)
        for freeze in chart.timeline.freezes:
            fx = chart.scale.x_of(freeze.start) - x0
            fw = chart.scale.x_after(freeze.finish) - chart.scale.x_of(freeze.start)
            if fx > width or fx + fw < 0:
                continue
            # Laid out once (zoomed out, a screen shows dozens of freezes).
            static, text_w, text_h = laid_out(f"❄ {freeze.name}", font, font_key)
            tw = text_w + 10
            left = max(fx, 0.0) if tw <= fw else fx
            box = QRectF(left, HEADER_HEIGHT + 2, tw, box_h)
            p.fillRect(box, chart.colors.background)
            p.setPen(frame)
            p.drawRect(box.adjusted(0.5, 0.5, -0.5, -0.5))
            p.drawStaticText(QPointF(left + 5, box.top() + (box_h - text_h) / 2), static)


__all__ = ["TILE_ROWS", "TILE_ROWS_PX", "Backdrop"]
