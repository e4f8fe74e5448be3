"""Prints the timeline: the table's visible columns and the chart, paged down and across.

Each page has a title line, the table's header and the chart's date header,
then a run of whole rows: the table's columns on the left (repeated on every
page across, like the PDF pack's Gantt repeats its labels) and the chart for
that page's date span on the right. Rows are what the view shows (folded and
filtered rows stay so); colours are the light palette's whatever the app's.

The chart half is painted by the screen's own code (the date header, the
background tiles, bars, labels and arrows of ``ChartPainter``) on a hidden
chart that mirrors the view's, so print and screen cannot drift apart. Units
are the screen's pixels: the printer is set to the screen's logical DPI, so
fonts and geometry keep the proportions they have on screen.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPainter,
    QPen,
)
from PySide6.QtPrintSupport import QPrinter

from relm_desktop.gui import dates
from relm_desktop.gui.theme import LIGHT
from relm_desktop.gui.timeline.backdrop import TILE_ROWS, TILE_ROWS_PX
from relm_desktop.gui.timeline.chart import GanttChart
from relm_desktop.gui.timeline.header import HEADER_HEIGHT, paint_header
from relm_desktop.gui.timeline.painter import PaintInputs, bold
from relm_desktop.gui.timeline.table import INDENT
from relm_desktop.gui.timeline.table_paint import PIN_WIDTH, paint_arrow, paint_pin
from relm_desktop.gui.timeline.tree_model import Column
from relm_desktop.layout.geometry import ROW_HEIGHT
from relm_desktop.layout.link_blocks import blocks_for
from relm_desktop.layout.print_pages import PageGrid, column_spans, row_pages
from relm_desktop.layout.scale import DateScale
from relm_desktop.layout.timeline import RowKind, RowLayout

if TYPE_CHECKING:
    from relm_desktop.gui.timeline.view import TimelineView

#: Height of the title line above the headers (screen pixels).
TITLE_HEIGHT = 30
#: Page margins (millimetres).
MARGIN_MM = 10.0
#: Days of chart shown before the plan's first and after its last date.
MARGIN_DAYS = 7
#: The table may take at most this share of a page's width; a wider one is
#: printed smaller, so the chart keeps room.
TABLE_SHARE = 0.5
#: Countries that print on US Letter rather than A4.
_LETTER = frozenset(
    {
        QLocale.Country.UnitedStates,
        QLocale.Country.Canada,
        QLocale.Country.Mexico,
        QLocale.Country.Philippines,
        QLocale.Country.Chile,
        QLocale.Country.Colombia,
    }
)
_NAME = int(Column.NAME)
_CONSTRAINT = int(Column.CONSTRAINT)


def timeline_printer() -> QPrinter:
    """A printer set up for the timeline: the locale's paper, landscape, 10 mm margins."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    paper = (
        QPageSize.PageSizeId.Letter if QLocale().territory() in _LETTER else QPageSize.PageSizeId.A4
    )
    printer.setPageLayout(
        QPageLayout(
            QPageSize(paper),
            QPageLayout.Orientation.Landscape,
            QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
            QPageLayout.Unit.Millimeter,
        )
    )
    return printer


def screen_dpi() -> int:
    """The logical DPI fonts are measured at (what the printer is set to)."""
    screen = QGuiApplication.primaryScreen()
    return round(screen.logicalDotsPerInch()) if screen is not None else 96


@dataclass(frozen=True, slots=True)
class PrintColumn:
    """A column of the table as printed."""

    column: int
    title: str
    width: int
    right_aligned: bool


def visible_columns(view: TimelineView) -> list[PrintColumn]:
    """The table's shown columns, in the order the user sees them."""
    tree = view.tree
    header = tree.horizontalHeader()
    model = view.model
    out = []
    for visual in range(header.count()):
        column = header.logicalIndex(visual)
        if tree.isColumnHidden(column) or header.sectionSize(column) <= 0:
            continue
        title = model.headerData(column, Qt.Orientation.Horizontal)
        align = model.data(model.index(0, column), Qt.ItemDataRole.TextAlignmentRole)
        right = bool(align and int(align) & int(Qt.AlignmentFlag.AlignRight))
        out.append(PrintColumn(column, str(title or ""), header.sectionSize(column), right))
    return out


@dataclass(frozen=True, slots=True)
class PrintResult:
    """What a print run put on paper."""

    grid: PageGrid
    #: Pages printed: fewer than asked for when the job was cancelled.
    printed: int


class TimelinePrint:
    """The timeline of ``view`` laid out for one printer's pages."""

    def __init__(self, view: TimelineView, printer: QPrinter, *, printed: date | None = None):
        if printer.resolution() != screen_dpi():
            printer.setResolution(screen_dpi())
        self.view = view
        self.printer = printer
        self.printed = printed or date.today()
        self.title = view.document.title
        self.columns = visible_columns(view)
        self.layout: RowLayout | None = view.model.row_layout
        self.table_width = sum(c.width for c in self.columns)
        source = view.chart
        self.timeline = source.timeline
        self.scale = DateScale(source.scale.origin, source.scale.zoom)
        paint = printer.pageLayout().paintRectPixels(printer.resolution())
        page_w, page_h = float(paint.width()), float(paint.height())
        # A table too wide for the page is printed smaller with everything else.
        self.zoom = min(1.0, TABLE_SHARE * page_w / max(self.table_width, 1))
        self.page_w, self.page_h = page_w / self.zoom, page_h / self.zoom
        self.chart_w = self.page_w - self.table_width
        per_page = math.floor((self.page_h - TITLE_HEIGHT - HEADER_HEIGHT) / ROW_HEIGHT)
        count = len(self.layout) if self.layout is not None else 0
        left, right, boundaries = self._date_span()
        self.grid = PageGrid(
            row_pages(count, per_page), column_spans(left, right, self.chart_w, boundaries)
        )

    def _mirror_chart(self) -> GanttChart:
        """A hidden chart showing what the view's shows, in the light palette."""
        source = self.view.chart
        chart = GanttChart(self.view.document, self.view)
        chart.hide()  # a child of the view, never shown: the view owns it if printing fails
        chart.setFont(source.font())
        chart.colors = LIGHT
        chart.timeline = self.timeline
        chart.calendar = source.calendar
        chart.row_layout = self.layout
        chart.show_critical = source.show_critical
        chart.show_baseline = source.show_baseline
        chart.today = source.today
        chart.scale = self.scale
        return chart

    def _date_span(self) -> tuple[float, float, list[float]]:
        """The chart's content x to print, and where its lower header cells start."""
        scale = self.scale
        timeline = self.timeline
        first = timeline.start if timeline is not None and timeline.start else self.printed
        last = timeline.finish if timeline is not None and timeline.finish else first
        first -= timedelta(days=MARGIN_DAYS)
        last += timedelta(days=MARGIN_DAYS)
        x0, x1 = scale.x_of(first), scale.x_after(last)
        cells = scale.tiers(x0, x1)[1]
        if cells:  # start on a whole cell: the first week or month is not cut
            x0 = cells[0].x
        return x0, x1, [cell.x for cell in cells]

    # -- pages ---------------------------------------------------------------------
    def wanted(self) -> range:
        """Pages (from 0) the printer asks for: all, or the dialog's range."""
        pages = len(self.grid)
        printer = self.printer
        if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
            first = min(printer.fromPage(), pages)
            last = min(max(printer.toPage(), first), pages)
            return range(first - 1, last)
        return range(pages)

    def print(self, progress: Callable[[int, int], bool] | None = None) -> PrintResult:
        """Paint the wanted pages on the printer. ``progress(done, total)`` is told
        before each page; when it returns False the job is aborted."""
        pages = self.wanted()
        chart = self._mirror_chart()
        printed = 0
        p = QPainter()
        try:
            if not p.begin(self.printer):
                raise OSError("The printer could not be started")
            for number in pages:
                if progress is not None and not progress(printed, len(pages)):
                    self.printer.abort()
                    break
                if number != pages.start:
                    self.printer.newPage()
                p.save()
                p.scale(self.zoom, self.zoom)
                self.paint_page(p, number, chart)
                p.restore()
                printed += 1
        finally:
            if p.isActive():
                p.end()
            chart.deleteLater()
        return PrintResult(self.grid, printed)

    def paint_page(self, p: QPainter, number: int, chart: GanttChart) -> None:
        """Page ``number`` (from 0), in screen pixels from the top left of the paper's
        printable area; ``chart`` mirrors the view's (``_mirror_chart``)."""
        down, across = self.grid.place(number)
        rows = self.grid.rows[down]
        x0, x1 = self.grid.spans[across]
        self._paint_title(p, down, across, rows, x0, x1)
        top = float(TITLE_HEIGHT)
        body_h = len(rows) * ROW_HEIGHT
        self._paint_table(p, rows, top)
        self._paint_chart(p, chart, rows, x0, x1, top)
        # The frame around headers and rows, and the line between table and chart.
        p.setPen(QPen(LIGHT.header_line, 1))
        p.setBrush(Qt.BrushStyle.NoBrush)
        width = self.table_width + (x1 - x0)
        p.drawRect(QRectF(0, top, width, HEADER_HEIGHT + body_h))
        p.drawLine(
            QPointF(self.table_width, top), QPointF(self.table_width, top + HEADER_HEIGHT + body_h)
        )

    def _paint_title(
        self, p: QPainter, down: int, across: int, rows: range, x0: float, x1: float
    ) -> None:
        font = QFont(self.view.tree.font())
        box = QRectF(0, 0, self.page_w, TITLE_HEIGHT - 8)
        p.setPen(LIGHT.text)
        p.setFont(bold(font))
        p.drawText(box, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), self.title)
        scale = self.scale
        first, last = scale.date_at(x0), scale.date_at(x1 - 0.5)
        span = dates.format_span(first, last)
        if rows:
            span = f"Rows {rows.start + 1}–{rows.stop} · {span}"
        grid = self.grid
        page = f"Page {down + 1}/{across + 1} of {grid.down}×{grid.across}"
        where = f"Printed {dates.format_date(self.printed)} · {page}"
        p.setFont(font)
        p.setPen(LIGHT.muted_text)
        p.drawText(box, int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter), span)
        p.drawText(box, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), where)

    # -- table ---------------------------------------------------------------------
    def _paint_table(self, p: QPainter, rows: range, top: float) -> None:
        plain = QFont(self.view.tree.font())
        strong = bold(plain)
        p.fillRect(QRectF(0, top, self.table_width, HEADER_HEIGHT), LIGHT.header_bg)
        p.setFont(strong)
        x = 0.0
        for column in self.columns:
            p.setPen(LIGHT.header_text)
            cell = QRectF(x + 4, top, column.width - 8, HEADER_HEIGHT)
            align = (
                Qt.AlignmentFlag.AlignLeft
                if column.column == _NAME
                else Qt.AlignmentFlag.AlignHCenter
            )
            p.drawText(cell, int(align | Qt.AlignmentFlag.AlignVCenter), column.title)
            x += column.width
            p.setPen(QPen(LIGHT.header_line, 0))
            p.drawLine(QPointF(x, top), QPointF(x, top + HEADER_HEIGHT))
        layout = self.layout
        if layout is None:
            return
        metrics = {False: QFontMetricsF(plain), True: QFontMetricsF(strong)}
        body = top + HEADER_HEIGHT
        folded = self.view.collapsed
        model = self.view.model
        for row in rows:
            y = body + (row - rows.start) * ROW_HEIGHT
            p.fillRect(
                QRectF(0, y, self.table_width, ROW_HEIGHT),
                LIGHT.alt_row if row % 2 else LIGHT.background,
            )
            node_index = layout.rows[row]
            node = layout.timeline.nodes[node_index]
            summary = node.kind is not RowKind.TASK
            texts = model.display_row(node_index)
            p.setFont(strong if summary else plain)
            x = 0.0
            for column in self.columns:
                left, right = x + 4, x + column.width - 4
                if column.column == _NAME:
                    left = x + node.depth * INDENT
                    if summary and node.children:
                        paint_arrow(p, left, y, node.key in folded, LIGHT.text, INDENT)
                    left += INDENT + 2
                    if texts[_CONSTRAINT] and right - PIN_WIDTH > left:
                        right -= PIN_WIDTH
                        paint_pin(p, right, y, LIGHT.muted_text)
                x += column.width
                room = right - left
                text = texts[column.column]
                if not text or room <= 4:
                    continue
                shown = metrics[summary].elidedText(text, Qt.TextElideMode.ElideRight, room)
                align = (
                    Qt.AlignmentFlag.AlignRight
                    if column.right_aligned
                    else Qt.AlignmentFlag.AlignLeft
                )
                p.setPen(LIGHT.text)
                p.drawText(
                    QRectF(left, y, room, ROW_HEIGHT),
                    int(align | Qt.AlignmentFlag.AlignVCenter),
                    shown,
                )

    # -- chart ---------------------------------------------------------------------
    def _paint_chart(
        self, p: QPainter, chart: GanttChart, rows: range, x0: float, x1: float, top: float
    ) -> None:
        painter = chart.painter
        backdrop = painter.backdrop
        width = x1 - x0
        body_h = len(rows) * ROW_HEIGHT
        left = float(self.table_width)
        p.save()
        p.translate(left, top)
        p.setClipRect(QRectF(0, 0, width, HEADER_HEIGHT + body_h))
        p.fillRect(QRectF(0, 0, width, HEADER_HEIGHT), LIGHT.header_bg)
        paint_header(p, chart, x0, width)
        if rows:
            # The rows' content coordinates: row r at y = r * ROW_HEIGHT, day d at scale.x_of(d).
            p.save()
            p.setClipRect(QRectF(0, HEADER_HEIGHT, width, body_h))
            p.translate(-x0, HEADER_HEIGHT - rows.start * ROW_HEIGHT)
            inputs = dataclasses.replace(
                PaintInputs.of(chart), x0=math.floor(x0), width=math.ceil(width) + 1, selected=set()
            )
            # The screen paints one tile of TILE_ROWS rows and repeats it; the
            # same painting, tile by tile, stays vector on paper. (The backdrop
            # and the painter offer no public per-rows entry: these private
            # calls are the screen's own frame painting, reused, not copied.)
            for tile in range(rows.start // TILE_ROWS, (rows.stop - 1) // TILE_ROWS + 1):
                p.save()
                p.translate(0, tile * TILE_ROWS_PX)
                backdrop._paint_background(p, inputs, x1)
                backdrop._paint_today(p, inputs, TILE_ROWS_PX)
                p.restore()
            blocks = [painter.links.paths(b) for b in blocks_for(rows.start, rows.stop - 1)]
            painter._now = inputs  # what the row painter paints from, as in a frame
            try:
                painter._paint_content(p, rows, x0, x1, blocks)
            finally:
                painter._now = None
            p.restore()
        backdrop.paint_freeze_labels(p, x0, width)
        p.restore()


def print_timeline(
    view: TimelineView, printer: QPrinter, *, printed: date | None = None
) -> PrintResult:
    """Print the timeline of ``view`` on ``printer`` (dated ``printed``); what was printed."""
    return TimelinePrint(view, printer, printed=printed).print()


__all__ = [
    "PrintColumn",
    "PrintResult",
    "TimelinePrint",
    "print_timeline",
    "timeline_printer",
    "visible_columns",
]
