"""Paints the task table's visible rows in one pass.

``QTableView`` paints cell by cell, and each cell crosses into Python for the
delegate with a fresh ``QStyleOptionViewItem`` and ``QModelIndex``
(~100-170 µs a cell: 20-35 ms for a 1600×900 screen, every scroll step).
Here the table paints the rows itself from the model's cached strings, each
laid out once as a ``QStaticText``: a screen costs a couple of milliseconds.
The look is the delegate's (``TaskDelegate.paint``), which still serves
anything else that asks it to paint a cell.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPointF, QRect, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QFontMetricsF,
    QPainter,
    QPalette,
    QPolygonF,
    QStaticText,
)

from relm_desktop.gui.timeline.tree_model import Column
from relm_desktop.layout.geometry import ROW_HEIGHT
from relm_desktop.layout.timeline import RowKind

if TYPE_CHECKING:
    from relm_desktop.gui.timeline.table import TaskTable

#: Laid-out strings kept; bounded so scrolling 50,000 rows stays flat.
TEXT_CACHE = 8000
_RIGHT_ALIGNED = frozenset({int(Column.DURATION), int(Column.PERCENT)})
_NAME = int(Column.NAME)


class TablePainter:
    """Draws rows of a ``TaskTable`` the way ``TaskDelegate`` draws its cells."""

    def __init__(self, table: TaskTable, indent: int) -> None:
        self.table = table
        self.indent = indent
        self._font_key: object = None
        self._fonts: tuple[QFont, QFont, QFontMetrics, QFontMetrics] | None = None
        self._exact: dict[bool, QFontMetricsF] = {}
        #: (text, width, bold) → (laid-out text, its advance).
        self._texts: dict[tuple[str, int, bool], tuple[QStaticText, float]] = {}

    def _font_pair(self) -> tuple[QFont, QFont, QFontMetrics, QFontMetrics]:
        font = self.table.font()
        key = font.key()
        if key != self._font_key or self._fonts is None:
            plain = QFont(font)
            bold = QFont(font)
            bold.setBold(True)
            self._fonts = (plain, bold, QFontMetrics(plain), QFontMetrics(bold))
            # Fractional advances: right-aligned text lands where drawText puts it.
            self._exact = {False: QFontMetricsF(plain), True: QFontMetricsF(bold)}
            self._font_key = key
            self._texts.clear()
        return self._fonts

    def _text(
        self, text: str, width: int, bold: bool, metrics: QFontMetrics, font: QFont
    ) -> tuple[QStaticText, float]:
        key = (text, width, bold)
        found = self._texts.get(key)
        if found is None:
            if len(self._texts) > TEXT_CACHE:
                self._texts.clear()
            shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
            static = QStaticText(shown)
            static.setTextFormat(Qt.TextFormat.PlainText)
            static.prepare(font=font)
            found = self._texts[key] = (static, self._exact[bold].horizontalAdvance(shown))
        return found

    def paint(self, painter: QPainter, region: QRect) -> None:
        """Paint every row of the viewport that ``region`` touches."""
        table = self.table
        model = table.task_model
        layout = model.row_layout
        count = model.rowCount()
        if layout is None or count == 0:
            return
        offset = table.verticalOffset()
        first = max((region.top() + offset) // ROW_HEIGHT, 0)
        last = min((region.bottom() + offset) // ROW_HEIGHT, count - 1)
        header = table.horizontalHeader()
        columns = [
            (column, header.sectionViewportPosition(column), header.sectionSize(column))
            for column in range(len(Column))
            if not header.isSectionHidden(column) and header.sectionSize(column) > 0
        ]
        if not columns:
            return
        palette = table.palette()
        group = (
            QPalette.ColorGroup.Disabled
            if not table.isEnabled()
            else QPalette.ColorGroup.Active
            if table.isActiveWindow()
            else QPalette.ColorGroup.Inactive
        )
        base = palette.brush(group, QPalette.ColorRole.Base)
        alternate = palette.brush(group, QPalette.ColorRole.AlternateBase)
        highlight = palette.brush(group, QPalette.ColorRole.Highlight)
        text_color = palette.color(group, QPalette.ColorRole.Text)
        selected_color = palette.color(group, QPalette.ColorRole.HighlightedText)
        plain, bold, plain_fm, bold_fm = self._font_pair()
        top_pad = {False: (ROW_HEIGHT - plain_fm.height()) / 2}
        top_pad[True] = (ROW_HEIGHT - bold_fm.height()) / 2
        left_edge = columns[0][1]
        right_edge = columns[-1][1] + columns[-1][2]
        selection = table.selectionModel()
        root = QModelIndex()
        nodes = layout.timeline.nodes
        rows = layout.rows
        display = model.display_row
        folded = table.is_folded
        indent = self.indent
        current_font: QFont | None = None
        current_pen = None
        for row in range(first, last + 1):
            y = row * ROW_HEIGHT - offset
            selected = selection.isRowSelected(row, root)
            fill = highlight if selected else alternate if row % 2 else base
            if selected or row % 2:
                painter.fillRect(QRect(left_edge, y, right_edge - left_edge, ROW_HEIGHT), fill)
            node = nodes[rows[row]]
            summary = node.kind is not RowKind.TASK
            color = selected_color if selected else text_color
            texts = display(node.index)
            font, metrics = (bold, bold_fm) if summary else (plain, plain_fm)
            for column, x, width in columns:
                left = x + 4
                if column == _NAME:
                    left = x + node.depth * indent
                    if summary and node.children:
                        paint_arrow(painter, left, y, folded(node.key), color, indent)
                    left += indent + 2
                text = texts[column]
                if not text:
                    continue
                room = x + width - 1 - left - 3
                if room <= 4:
                    continue
                static, advance = self._text(text, room, summary, metrics, font)
                if current_font is not font:
                    painter.setFont(font)
                    current_font = font
                if current_pen is not color:
                    painter.setPen(color)
                    current_pen = color
                tx = left + room - advance if column in _RIGHT_ALIGNED else left
                painter.drawStaticText(QPointF(tx, y + top_pad[summary]), static)


def paint_arrow(
    painter: QPainter, x: float, y: float, folded: bool, color: QColor, indent: int
) -> None:
    """The fold arrow of a summary row: ▸ when folded, ▾ when open."""
    cx, cy = x + indent / 2, y + ROW_HEIGHT / 2
    if folded:
        points = [QPointF(cx - 2, cy - 4), QPointF(cx + 3, cy), QPointF(cx - 2, cy + 4)]
    else:
        points = [QPointF(cx - 4, cy - 2), QPointF(cx + 4, cy - 2), QPointF(cx, cy + 3)]
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(color)
    painter.drawPolygon(QPolygonF(points))
    painter.restore()
