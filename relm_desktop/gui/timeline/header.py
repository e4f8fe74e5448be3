"""The chart's date header: two tiers of date cells and the today marker."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPen, QPolygonF, QStaticText

from relm_desktop.layout.scale import label_within

if TYPE_CHECKING:
    from relm_desktop.gui.timeline.chart import GanttChart

HEADER_TIER = 22
HEADER_HEIGHT = 2 * HEADER_TIER


#: Short labels (lower-tier dates, freeze names) laid out once: at day zoom a
#: header has ~60 of them, and drawText lays each out again on every zoom or
#: sideways scroll (~2 ms).
_LABELS: dict[tuple[str, str], tuple[QStaticText, float, float]] = {}
_LABELS_KEPT = 512


def laid_out(text: str, font: QFont, font_key: str) -> tuple[QStaticText, float, float]:
    """``text`` laid out in ``font`` (whose ``key()`` is ``font_key``), with its size."""
    key = (text, font_key)
    found = _LABELS.get(key)
    if found is None:
        if len(_LABELS) >= _LABELS_KEPT:
            _LABELS.clear()
        static = QStaticText(text)
        static.setTextFormat(Qt.TextFormat.PlainText)
        static.prepare(font=font)
        size = static.size()
        found = _LABELS[key] = (static, size.width(), size.height())
    return found


def paint_header(p: QPainter, chart: GanttChart, x0: float, width: float) -> None:
    """The two-tier date header and the today marker, for a viewport scrolled to ``x0``."""
    colors = chart.colors
    p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    upper, lower = chart.scale.tiers(x0, x0 + width)
    p.setFont(chart.header_font)
    metrics = QFontMetricsF(chart.header_font)
    line = QPen(colors.header_line, 0)
    # Cell borders in one call, then the labels in one pen: at day zoom a
    # header has ~120 cells, and a pen change and a line each cost a call.
    p.setPen(line)
    p.drawLines(
        [
            QLineF(cell.x - x0, y, cell.x - x0, y + HEADER_TIER)
            for y, cells in ((0, upper), (HEADER_TIER, lower))
            for cell in cells
        ]
    )
    p.setPen(colors.header_text)
    for cell in upper:
        if not cell.label:
            continue
        # Keep the upper label visible while its cell is scrolled half away,
        # shortened to what still fits rather than cut off.
        left = max(cell.x - x0, 0.0) + 6
        box = QRectF(left, 0, max(cell.x + cell.width - x0 - left - 2, 0), HEADER_TIER)
        label = label_within(cell, box.width(), metrics.horizontalAdvance)
        p.drawText(box, int(Qt.AlignmentFlag.AlignVCenter), label)
    font, font_key = chart.header_font, chart.header_font_key
    for cell in lower:
        if not cell.label:
            continue
        x = cell.x - x0
        static, w, h = laid_out(cell.label, font, font_key)
        if w <= cell.width:
            p.drawStaticText(
                QPointF(x + (cell.width - w) / 2, HEADER_TIER + (HEADER_TIER - h) / 2), static
            )
        else:  # too wide for its cell: clipped to it
            box = QRectF(x, HEADER_TIER, cell.width, HEADER_TIER)
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
