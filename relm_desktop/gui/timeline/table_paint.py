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

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QItemSelectionRange, QPointF, QRect, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QFontMetricsF,
    QPainter,
    QPalette,
    QPen,
    QPixmap,
    QPolygonF,
    QStaticText,
)

from relm_desktop.gui.timeline.overdue import paint_dot
from relm_desktop.gui.timeline.prefetch import RowPrefetcher
from relm_desktop.gui.timeline.strips import (
    REF,
    STRIP_PX,
    STRIP_ROWS,
    VALUE,
    StripCache,
    StripState,
    keyed,
    state_of,
)
from relm_desktop.gui.timeline.tree_model import NUMBER_COLUMNS, Column, negative_color
from relm_desktop.layout.filters import overdue_since
from relm_desktop.layout.geometry import ROW_HEIGHT
from relm_desktop.layout.timeline import Key, RowLayout

if TYPE_CHECKING:
    from relm_desktop.gui.timeline.table import TaskTable

#: Laid-out strings kept; bounded so scrolling 50,000 rows stays flat. A row
#: has ~6, and idle work lays out three screens of ~35 rows; kept small as
#: each is a Qt wrapper a full garbage collection visits (see painter.py).
TEXT_CACHE = 1200
#: Rows whose cell layout is kept (each refers to its cells' laid-out texts).
ROW_CACHE = 400
#: Seconds of laying out rows ahead per idle tick: a row takes ~150 µs, and a
#: half-page wheel step brings ~18 new ones into view; 3 ms only just kept up.
PREFETCH_SLICE = 0.005
_NAME = int(Column.NAME)
_FLOAT = int(Column.TOTAL_FLOAT)
_PERCENT = int(Column.PERCENT)
_Fonts = tuple[QFont, QFont, QFontMetrics, QFontMetrics]
#: Visible columns as (column, x, width), in viewport pixels.
_Columns = tuple[tuple[int, int, int], ...]
#: (summary?, fold arrow x, constraint pin x, [(x, dy, laid-out text)], negative float cell)
_Cell = tuple[float, float, QStaticText]
#: ... and where the overdue dot goes in the Done cell (None: not overdue).
_RowEntry = tuple[bool, float | None, float | None, list[_Cell], _Cell | None, float | None]
#: Room the constraint pin takes at the right of a constrained task's Task cell.
PIN_WIDTH = 12
_CONSTRAINT = int(Column.CONSTRAINT)


def _font_key(fonts: _Fonts) -> str:
    return fonts[0].key()  # the bold one is made from it


def _rgba(paint: QBrush | QColor) -> int:
    return QBrush(paint).color().rgba()


@dataclass(frozen=True, eq=False)
class TableInputs:
    """Everything the table's rows' pixels depend on, read off the table once per
    frame or idle tick (``TablePainter._setup``): rows are painted from it alone,
    and the row strips' key is made of its fields (``strips.state_of``), as the
    chart's is of ``PaintInputs``. Something new the rows show is a new field
    here, and so forgets the strips when it changes."""

    #: The rows (a new schedule, fold or filter is a new layout) and their count.
    layout: RowLayout = field(metadata=keyed(REF))
    count: int = field(metadata=keyed(VALUE))
    #: Visible columns as (column, x, width), in viewport pixels.
    columns: _Columns = field(metadata=keyed(VALUE))
    #: Plain and bold font and their metrics (compared by the font's key).
    fonts: _Fonts = field(metadata=keyed(VALUE, _font_key))
    #: Selected rows as (first, last) spans.
    spans: tuple[tuple[int, int], ...] = field(metadata=keyed(VALUE))
    #: Summary rows shown folded (their arrow points right).
    folded: frozenset[Key] = field(metadata=keyed(VALUE))
    base: QBrush = field(metadata=keyed(VALUE, _rgba))
    alternate: QBrush = field(metadata=keyed(VALUE, _rgba))
    highlight: QBrush = field(metadata=keyed(VALUE, _rgba))
    text: QColor = field(metadata=keyed(VALUE, _rgba))
    selected_text: QColor = field(metadata=keyed(VALUE, _rgba))
    #: Negative float's text (red, for the palette's base).
    negative: QColor = field(metadata=keyed(VALUE, _rgba))
    #: The viewport's width and device-pixel ratio (a strip's size).
    width: int = field(metadata=keyed(VALUE))
    ratio: float = field(metadata=keyed(VALUE))
    #: The plan's status date: overdue tasks get a red dot in the Done cell.
    status: date = field(metadata=keyed(VALUE))


class TablePainter:
    """Draws rows of a ``TaskTable`` the way ``TaskDelegate`` draws its cells."""

    def __init__(self, table: TaskTable, indent: int) -> None:
        self.table = table
        self.indent = indent
        #: The status date overdue is judged at (the view sets the plan's).
        self.status = date.today()
        self._font_key: object = None
        self._fonts: tuple[QFont, QFont, QFontMetrics, QFontMetrics] | None = None
        self._exact: dict[bool, QFontMetricsF] = {}
        #: Node index → (summary?, fold arrow x, [(x, dy, laid-out text)]) for the
        #: current rows, column geometry and font.
        self._row_cache: dict[int, _RowEntry] = {}
        self._row_layout: object = None
        self._row_geometry: object = None
        # Rows a page above and below are laid out while the GUI is idle, so
        # scrolling finds them ready (with the columns and fonts of the last paint).
        self._ahead: tuple[_Columns, _Fonts] | None = None
        self.prefetcher = RowPrefetcher(
            self._row_ready, self._prefetch_row, self._rows_valid, table, PREFETCH_SLICE
        )
        #: What the current paint or idle tick paints rows with (``_strip_state``).
        self._frame: TableInputs | None = None
        # Whole rows painted while idle, copied by frames (strips.py).
        self.strips = StripCache(table, self._render_strip, self._strip_state)
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
            if len(self._texts) >= TEXT_CACHE:
                del self._texts[next(iter(self._texts))]  # the oldest, not all at once
            shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
            static = QStaticText(shown)
            static.setTextFormat(Qt.TextFormat.PlainText)
            static.prepare(font=font)
            found = self._texts[key] = (static, self._exact[bold].horizontalAdvance(shown))
        return found

    def _setup(self) -> TableInputs | None:
        """What every row of a frame is painted with; None when there is nothing to paint."""
        table = self.table
        model = table.task_model
        layout = model.row_layout
        count = model.rowCount()
        if layout is None or count == 0:
            return None
        header = table.horizontalHeader()
        # Left to right as shown: the column chooser may have moved sections.
        columns = tuple(
            sorted(
                (
                    (column, header.sectionViewportPosition(column), header.sectionSize(column))
                    for column in range(len(Column))
                    if not header.isSectionHidden(column) and header.sectionSize(column) > 0
                ),
                key=lambda cell: cell[1],
            )
        )
        if not columns:
            return None
        palette = table.palette()
        group = (
            QPalette.ColorGroup.Disabled
            if not table.isEnabled()
            else QPalette.ColorGroup.Active
            if table.isActiveWindow()
            else QPalette.ColorGroup.Inactive
        )
        fonts = self._font_pair()
        geometry = (columns, self._font_key)
        if layout is not self._row_layout or geometry != self._row_geometry:
            self._row_cache.clear()
            self._row_layout, self._row_geometry = layout, geometry
        # Row spans of the selection, read once: isRowSelected asks the model
        # for every column's flags (a call into Python each: ~40 µs a row).
        selection = cast("Iterable[QItemSelectionRange]", table.selectionModel().selection())
        spans = tuple((span.top(), span.bottom()) for span in selection)  # iterable; stubs omit it
        return TableInputs(
            layout,
            count,
            columns,
            fonts,
            spans,
            frozenset(table.folded),
            palette.brush(group, QPalette.ColorRole.Base),
            palette.brush(group, QPalette.ColorRole.AlternateBase),
            palette.brush(group, QPalette.ColorRole.Highlight),
            palette.color(group, QPalette.ColorRole.Text),
            palette.color(group, QPalette.ColorRole.HighlightedText),
            negative_color(palette.color(group, QPalette.ColorRole.Base)),
            table.viewport().width(),
            table.devicePixelRatioF(),
            self.status,
        )

    def paint(self, painter: QPainter, region: QRect) -> None:
        """Paint every row of the viewport that ``region`` touches: copied from
        strips painted while idle where there are some, drawn now elsewhere."""
        strips = self.strips
        usable = strips.usable()  # asks ``_strip_state``, which sets up ``_frame``
        frame = self._frame
        if frame is None:
            return
        table = self.table
        offset = table.verticalOffset()
        rest = strips.paint(painter, region, offset) if usable else region
        if not rest.isEmpty():
            first = max((rest.top() + offset) // ROW_HEIGHT, 0)
            last = min((rest.bottom() + offset) // ROW_HEIGHT, frame.count - 1)
            self._paint_rows(painter, frame, first, last, offset)
        height = table.viewport().height()
        page = max(height // ROW_HEIGHT, 1)
        shown = range(
            max(offset // ROW_HEIGHT, 0), min((offset + height) // ROW_HEIGHT + 1, frame.count)
        )
        self._ahead = (frame.columns, frame.fonts)
        if usable:
            strips.queue(shown, frame.count, page)  # painting them lays the rows out
        else:
            self.prefetcher.around(shown.start, shown.stop, page, frame.count)

    def _paint_rows(
        self, painter: QPainter, frame: TableInputs, first: int, last: int, offset: int
    ) -> None:
        """Rows ``first``..``last`` with row 0 at ``-offset``."""
        columns = frame.columns
        left_edge = columns[0][1]
        right_edge = columns[-1][1] + columns[-1][2]
        spans = [(top, bottom) for top, bottom in frame.spans if bottom >= first and top <= last]
        plain, bold = frame.fonts[0], frame.fonts[1]
        nodes = frame.layout.timeline.nodes
        rows = frame.layout.rows
        cache = self._row_cache
        current_font: QFont | None = None
        current_pen = None
        for row in range(first, last + 1):
            y = row * ROW_HEIGHT - offset
            selected = any(top <= row <= bottom for top, bottom in spans) if spans else False
            fill = frame.highlight if selected else frame.alternate if row % 2 else frame.base
            if selected or row % 2:
                painter.fillRect(QRect(left_edge, y, right_edge - left_edge, ROW_HEIGHT), fill)
            index = rows[row]
            entry = cache.get(index)
            if entry is None:
                entry = self._row_entry(index, columns, frame.fonts)
            summary, arrow_left, pin_left, cells, negative, late_x = entry
            color = frame.selected_text if selected else frame.text
            if arrow_left is not None:
                node = nodes[index]
                paint_arrow(painter, arrow_left, y, node.key in frame.folded, color, self.indent)
            if pin_left is not None:
                paint_pin(painter, pin_left, y, color)
            font = bold if summary else plain
            if current_font is not font:
                painter.setFont(font)
                current_font = font
            if current_pen is not color:
                painter.setPen(color)
                current_pen = color
            for x, dy, static in cells:
                painter.drawStaticText(QPointF(x, y + dy), static)
            if negative is not None:
                x, dy, static = negative
                painter.setPen(color if selected else frame.negative)
                current_pen = None
                painter.drawStaticText(QPointF(x, y + dy), static)
            if late_x is not None:
                paint_dot(painter, late_x, y, ROW_HEIGHT, frame.negative)
                current_pen = None

    def _strip_state(self) -> StripState:
        """Everything the rows' pixels depend on: the table's inputs (see strips.py)."""
        # Set up once per paint (or idle tick) here, for it as well.
        frame = self._frame = self._setup()
        if frame is None:
            return StripState((), (), (), False)
        return state_of(frame, frame.ratio == int(frame.ratio))

    def _render_strip(self, index: int, deadline: float | None) -> QPixmap | None:
        """Strip ``index`` painted as the viewport would show it (idle ticks, each
        set up by asking whether strips are usable)."""
        frame = self._frame
        if frame is None:
            return None
        width, ratio = frame.width, frame.ratio
        pixmap = QPixmap(max(int(width * ratio), 1), max(int(STRIP_PX * ratio), 1))
        pixmap.setDevicePixelRatio(ratio)
        painter = QPainter(pixmap)
        try:
            painter.fillRect(QRect(0, 0, width, STRIP_PX), frame.base)
            first = index * STRIP_ROWS
            last = min(first + STRIP_ROWS - 1, frame.count - 1)
            if first <= last:
                self._paint_rows(painter, frame, first, last, first * ROW_HEIGHT)
        finally:
            painter.end()
        return pixmap

    def _rows_valid(self) -> bool:
        layout = self.table.task_model.row_layout
        return layout is not None and layout is self._row_layout and self._ahead is not None

    def _rows(self) -> RowLayout:
        # The prefetcher and the painter ask only while the model has rows (``_rows_valid``).
        return cast(RowLayout, self.table.task_model.row_layout)

    def _row_ready(self, row: int) -> bool:
        rows = self._rows().rows
        return row >= len(rows) or rows[row] in self._row_cache

    def _prefetch_row(self, row: int) -> None:
        assert self._ahead is not None
        rows = self._rows().rows
        self._row_entry(rows[row], *self._ahead)

    def _row_entry(self, index: int, columns: _Columns, fonts: _Fonts) -> _RowEntry:
        """Where each cell's laid-out text of node ``index`` goes, relative to its row."""
        table = self.table
        node = self._rows().timeline.nodes[index]
        plain, bold, plain_fm, bold_fm = fonts
        summary = node.is_summary
        font, metrics = (bold, bold_fm) if summary else (plain, plain_fm)
        dy = (ROW_HEIGHT - metrics.height()) / 2
        texts = table.task_model.display_row(index)
        arrow_left: float | None = None
        pin_left: float | None = None
        cells: list[_Cell] = []
        negative: _Cell | None = None
        late = overdue_since(node, self.status) is not None
        late_x: float | None = None
        for column, x, width in columns:
            left = x + 4
            right = x + width - 1
            if late and column == _PERCENT:
                late_x = x + 6
            if column == _NAME:
                left = x + node.depth * self.indent
                if summary and node.children:
                    arrow_left = left
                left += self.indent + 2
                if texts[_CONSTRAINT] and right - PIN_WIDTH > left:
                    right -= PIN_WIDTH
                    pin_left = right
            text = texts[column]
            room = right - left - 3
            if not text or room <= 4:
                continue
            static, advance = self._text(text, room, summary, metrics, font)
            tx = left + room - advance if column in NUMBER_COLUMNS else left
            if column == _FLOAT and text.startswith("-"):
                negative = (tx, dy, static)  # painted in red, after the row's other cells
            else:
                cells.append((tx, dy, static))
        entry = (summary, arrow_left, pin_left, cells, negative, late_x)
        if len(self._row_cache) >= ROW_CACHE:
            del self._row_cache[next(iter(self._row_cache))]
        self._row_cache[index] = entry
        return entry


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


def paint_pin(painter: QPainter, x: float, y: float, color: QColor) -> None:
    """The pin of a task that carries a constraint: a round head on a short needle."""
    cx, cy = x + PIN_WIDTH / 2, y + ROW_HEIGHT / 2
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(QPen(color, 1.4))
    painter.drawLine(QPointF(cx, cy - 1), QPointF(cx, cy + 6))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(color)
    painter.drawEllipse(QPointF(cx, cy - 3), 3.2, 3.2)
    painter.restore()
