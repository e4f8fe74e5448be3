"""The 5×5 probability × impact heat map widget: counts per cell, click to filter."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from relm_desktop.domain.text import plural
from relm_desktop.gui.views.base import chart_colors
from relm_desktop.layout.heatmap import Band, Cell, CellBox, HeatmapLayout, heatmap_layout

BAND_COLORS = {
    Band.LOW: QColor("#cfe8d5"),
    Band.MEDIUM: QColor("#f7e59b"),
    Band.HIGH: QColor("#f6bd86"),
    Band.CRITICAL: QColor("#ee9a9a"),
}
BAND_COLORS_DARK = {
    Band.LOW: QColor("#2f5a3b"),
    Band.MEDIUM: QColor("#6b5d1f"),
    Band.HIGH: QColor("#7a4a1e"),
    Band.CRITICAL: QColor("#7d2f2f"),
}


class HeatMap(QWidget):
    """Emits ``cell_clicked(probability, impact)``; ``selected`` is outlined."""

    cell_clicked = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("risk-heatmap")
        self.counts: dict[Cell, int] = {}
        self.selected: Cell | None = None
        self.setMouseTracking(True)
        self.setMinimumSize(260, 260)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def set_counts(self, counts: dict[Cell, int]) -> None:
        self.counts = dict(counts)
        self.update()

    def set_selected(self, cell: Cell | None) -> None:
        self.selected = cell
        self.update()

    def geometry_now(self) -> HeatmapLayout:
        return heatmap_layout(self.width(), self.height())

    def cell_center(self, probability: int, impact: int) -> QPointF:
        """Where a cell is on screen (tests click there)."""
        box = self.geometry_now().cell(probability, impact)
        return QPointF(box.x + box.w / 2, box.y + box.h / 2)

    def fonts(self) -> tuple[QFont, QFont]:
        """The score's small font and the count's big one."""
        big = QFont(self.font())
        big.setPointSizeF(self.font().pointSizeF() + 5)
        big.setBold(True)
        small = QFont(self.font())
        small.setPointSizeF(max(6.0, self.font().pointSizeF() - 1.5))
        return small, big

    def text_rects(self, box: CellBox, count: int) -> tuple[QRectF, QRectF, QFont]:
        """Where a cell's score (top right) and its count go, and the count's font.

        The count is centred in what is left below the score's line, so the
        two never overlap; a cell too small for the big font gets a small count.
        """
        small, big = self.fonts()
        score_fm, count_fm = QFontMetricsF(small), QFontMetricsF(big)
        rect = QRectF(box.x, box.y, box.w, box.h)
        score_w = score_fm.horizontalAdvance(str(box.score))
        score = QRectF(rect.right() - 4 - score_w, rect.top() + 2, score_w, score_fm.height())
        below = QRectF(rect.left(), score.bottom(), rect.width(), rect.bottom() - score.bottom())
        font, fm = (big, count_fm) if count_fm.height() <= below.height() else (small, score_fm)
        count_w = fm.horizontalAdvance(str(count)) if count else 0.0
        text = QRectF(0, 0, count_w, min(fm.height(), below.height()))
        text.moveCenter(below.center())
        return score, text, font

    def sizeHint(self) -> QSize:  # QWidget.sizeHint
        return QSize(340, 340)

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (QWidget.heightForWidth)
        return width

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (QWidget.hasHeightForWidth)
        return True

    def mousePressEvent(self, event: QMouseEvent) -> None:  # QWidget.mousePressEvent
        cell = self.geometry_now().cell_at(event.position().x(), event.position().y())
        if cell is not None and event.button() == Qt.MouseButton.LeftButton:
            self.cell_clicked.emit(*cell)
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # QWidget.mouseMoveEvent
        cell = self.geometry_now().cell_at(event.position().x(), event.position().y())
        if cell is None:
            self.setToolTip("")
            return
        p, i = cell
        n = self.counts.get(cell, 0)
        self.setToolTip(
            f"Probability {p} × impact {i} = {p * i}: {plural(n, 'risk')}"
            " — click to filter the register, click again to clear"
        )

    def paintEvent(self, event: QPaintEvent) -> None:  # QWidget.paintEvent
        colors = chart_colors()
        dark = colors.background.lightness() < 128
        bands = BAND_COLORS_DARK if dark else BAND_COLORS
        layout = self.geometry_now()
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        small = self.fonts()[0]
        for box in layout.cells:
            rect = QRectF(box.x, box.y, box.w, box.h)
            count = self.counts.get(box.key, 0)
            fill = QColor(bands[box.band])
            if not count:
                fill.setAlpha(110)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(fill)
            p.drawRoundedRect(rect, 4, 4)
            if box.key == self.selected:
                p.setPen(QPen(colors.bar_progress, 3.5))
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawRoundedRect(rect.adjusted(1.5, 1.5, -1.5, -1.5), 4, 4)
            score_rect, count_rect, count_font = self.text_rects(box, count)
            p.setPen(colors.muted_text)
            p.setFont(small)
            p.drawText(
                score_rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, str(box.score)
            )
            if count:
                p.setPen(colors.text)
                p.setFont(count_font)
                p.drawText(count_rect, Qt.AlignmentFlag.AlignCenter, str(count))
        p.setPen(colors.text)
        p.setFont(self.font())
        for label in layout.labels:
            rect = QRectF(label.x, label.y, label.w, label.h)
            if label.text.startswith("Probability"):
                p.save()
                p.translate(rect.center())
                p.rotate(-90)
                p.drawText(
                    QRectF(-rect.height() / 2, -rect.width() / 2, rect.height(), rect.width()),
                    Qt.AlignmentFlag.AlignCenter,
                    label.text,
                )
                p.restore()
            else:
                p.drawText(rect, Qt.AlignmentFlag.AlignCenter, label.text)
        p.end()
