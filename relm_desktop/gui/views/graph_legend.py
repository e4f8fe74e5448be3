"""The dependency graph's legend: one strip under the canvas, never over a node."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QSize, Qt
from PySide6.QtGui import QFontMetricsF, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from relm_desktop.gui.views.base import chart_colors
from relm_desktop.gui.views.graph_item import CROSS_COLOR, CYCLE_COLOR, SUPPLIER_COLOR

SAMPLE = 26  # length of a sample line
SPACING = 18  # between two entries


class GraphLegend(QWidget):
    """What each kind of line means, in one row, in the palette's colours."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("depgraph-legend")

    def entries(self) -> list[tuple[str, QPen]]:
        """(text, sample pen) of every line style, in the current colours."""
        colors = chart_colors()
        return [
            ("Critical path", QPen(colors.critical_progress, 2.2)),
            ("Cross-release link", QPen(CROSS_COLOR, 1.6, Qt.PenStyle.DashLine)),
            ("Supplier link", QPen(SUPPLIER_COLOR, 1.6, Qt.PenStyle.DashDotLine)),
            ("Cycle", QPen(CYCLE_COLOR, 2.6)),
            ("Link", QPen(colors.link, 1.1)),
        ]

    def sizeHint(self) -> QSize:  # QWidget.sizeHint
        fm = QFontMetricsF(self.font())
        width = sum(SAMPLE + 6 + fm.horizontalAdvance(t) + SPACING for t, _ in self.entries())
        return QSize(int(width) + 16, int(fm.height()) + 8)

    def paintEvent(self, event: QPaintEvent) -> None:  # QWidget.paintEvent
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colors = chart_colors()
        fm = QFontMetricsF(self.font())
        y = self.height() / 2
        x = 10.0
        for text, pen in self.entries():
            painter.setPen(pen)
            painter.drawLine(QPointF(x, y), QPointF(x + SAMPLE, y))
            x += SAMPLE + 6
            painter.setPen(colors.muted_text)
            painter.drawText(QPointF(x, y + fm.ascent() / 2 - 1), text)
            x += fm.horizontalAdvance(text) + SPACING
        painter.end()
