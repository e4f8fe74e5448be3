"""Printing the timeline to PDF: pages down and across, visible columns, folds, palette."""

from __future__ import annotations

import calendar
import re
import unicodedata
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtPrintSupport import QPrinter

from relm_desktop.gui.main_window import MainWindow
from relm_desktop.gui.theme import DARK, LIGHT, Scheme
from relm_desktop.gui.timeline.printing import TimelinePrint, print_timeline
from relm_desktop.gui.timeline.tree_model import Column
from relm_desktop.layout.geometry import ROW_HEIGHT, BarMetrics, bar_rect
from relm_desktop.layout.timeline import RowKind, RowLayout
from tests.gui.gui_helpers import view_of
from tests.gui_print.pdf_tools import page_count, page_image, page_texts, pdf_printer, qpdf_check


def _plain(text: str) -> str:
    """Ligatures unfolded ("ﬀ" → "ff"), as the task names were typed."""
    return unicodedata.normalize("NFKC", text)


def _shows(text: str, name: str) -> bool:
    """Whether ``name`` stands on its own in ``text`` ("Build 2" is not in "Build 21")."""
    return re.search(rf"(?<![\w]){re.escape(name)}(?![\w])", text) is not None


def _task_names(layout: RowLayout, rows: range) -> list[str]:
    return [layout.node_at(row).name for row in rows if layout.node_at(row).kind is RowKind.TASK]


def _layout(window: MainWindow) -> RowLayout:
    layout = view_of(window).model.row_layout
    assert layout is not None
    return layout


def test_pages_go_down_the_rows_and_across_the_dates(window: MainWindow, tmp_path: Path) -> None:
    out = tmp_path / "timeline.pdf"
    result = print_timeline(view_of(window), pdf_printer(out))
    grid = result.grid
    qpdf_check(out)
    # 200 tasks do not fit a page down, nor their half year a page across.
    assert grid.down >= 3 and grid.across >= 2
    assert page_count(out) == result.printed == grid.down * grid.across
    texts = [_plain(text) for text in page_texts(out)]
    assert len(texts) == len(grid)
    layout = _layout(window)
    assert [row for rows in grid.rows for row in rows] == list(range(len(layout)))
    for down, rows in enumerate(grid.rows):
        # Every page across repeats its rows' names in the table's columns.
        for across in range(grid.across):
            text = texts[down * grid.across + across]
            assert all(_shows(text, name) for name in _task_names(layout, rows))
            assert f"Page {down + 1}/{across + 1} of {grid.down}×{grid.across}" in text
            assert f"Rows {rows.start + 1}–{rows.stop}" in text
    first, last = texts[0], texts[(grid.down - 1) * grid.across]
    later = _task_names(layout, grid.rows[-1])
    assert later and not any(_shows(first, name) for name in later)
    assert all(_shows(last, name) for name in later)
    # The date header is on every page, each across page showing its own months.
    months = [
        set(re.findall(rf"\b(?:{'|'.join(calendar.month_name[1:])})\b", t))
        for t in texts[: grid.across]
    ]
    assert all(months) and months[0] != months[-1]


def test_prints_the_visible_columns_in_their_order(window: MainWindow, tmp_path: Path) -> None:
    tree = view_of(window).tree
    tree.setColumnHidden(int(Column.TEAM), True)
    tree.setColumnHidden(int(Column.WBS), False)
    header = tree.horizontalHeader()
    # Finish dragged before Start.
    header.moveSection(
        header.visualIndex(int(Column.FINISH)), header.visualIndex(int(Column.START))
    )
    out = tmp_path / "columns.pdf"
    printer = pdf_printer(out)
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(1, 1)
    result = print_timeline(view_of(window), printer)
    assert result.printed == 1 and page_count(out) == 1
    text = page_texts(out)[0]
    heading = next(line for line in text.splitlines() if "Task" in line and "Days" in line)
    titles = re.findall(r"Task|Days|Finish|Start|Done|WBS", heading)
    assert titles == ["Task", "Days", "Finish", "Start", "Done", "WBS"]
    # Neither the hidden column's title nor its cells ("Team 2") are printed.
    assert "Team" not in text


def test_folded_rows_stay_folded(qtbot: Any, window: MainWindow, tmp_path: Path) -> None:
    view = view_of(window)
    full = len(_layout(window))
    release = view.model.index(0, 0)
    node = view.model.node(release)
    assert node is not None and node.kind is RowKind.RELEASE
    names = [n.name for n in _layout(window).timeline.nodes if n.kind is RowKind.TASK]
    # Names only the first release has (each release has its own "Kick-off").
    inside = [n for n in _task_names(_layout(window), range(1, 30)) if names.count(n) == 1]
    assert len(inside) > 15
    rect = view.tree.visualRect(release)
    qtbot.mouseClick(
        view.tree.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(rect.x() + 8, rect.center().y())
    )
    assert view.is_folded(node.key)
    folded = len(_layout(window))
    assert folded < full - 30
    out = tmp_path / "folded.pdf"
    result = print_timeline(view, pdf_printer(out))
    assert sum(len(rows) for rows in result.grid.rows) == folded
    text = _plain("".join(page_texts(out)))
    assert _shows(text, node.name)
    assert not any(_shows(text, name) for name in inside)


def _bar_color(color: QColor, *, progress: bool = True) -> bool:
    """Whether ``color`` is a task bar's fill (or, with ``progress``, its progress fill)."""
    fills: tuple[QColor, ...] = (LIGHT.bar, LIGHT.critical)
    if progress:
        fills += (LIGHT.bar_progress, LIGHT.critical_progress)
    return any(
        max(
            abs(color.red() - f.red()), abs(color.green() - f.green()), abs(color.blue() - f.blue())
        )
        <= 24
        for f in fills
    )


def test_a_bar_cut_by_the_page_edge_goes_on_on_the_next_page(
    window: MainWindow, tmp_path: Path
) -> None:
    view = view_of(window)
    out = tmp_path / "across.pdf"
    printer = pdf_printer(out)
    plan = TimelinePrint(view, printer)
    layout = _layout(window)
    rows = plan.grid.rows[0]
    _, edge = plan.grid.spans[0]
    metrics = BarMetrics(ROW_HEIGHT)
    crossing = [
        (row, rect)
        for row in rows
        if (node := layout.node_at(row)).kind is RowKind.TASK
        and not node.milestone
        and node.start is not None
        and node.finish is not None
        and (rect := bar_rect(plan.scale, node.start, node.finish, 0, metrics)).x < edge - 8
        and edge + 8 < rect.right < plan.grid.spans[1][1] - 8
    ]
    assert crossing, "no bar crosses the first page's right edge and ends on the next"
    row, rect = crossing[0]
    plan.print()
    # At 96 dpi one printed unit is one pixel (times the page's zoom).
    margin = printer.pageLayout().paintRectPixels(96).topLeft()
    zoom = plan.zoom

    def pixel(image_page: int, x: float) -> QColor:
        image = page_image(out, image_page, tmp_path / f"page{image_page}.png", dpi=96)
        y = 30 + 44 + (row - rows.start) * ROW_HEIGHT + rect.y + rect.h / 2
        return image.pixelColor(round(margin.x() + x * zoom), round(margin.y() + y * zoom))

    chart_left = plan.table_width
    assert _bar_color(pixel(1, chart_left + (edge - plan.grid.spans[0][0]) - 3))
    # The rest of the bar from the left edge of the next page, ending on its date.
    assert _bar_color(pixel(2, chart_left + 3))
    end = chart_left + (rect.right - edge)
    # (Its right end is not done yet; an arrow leaving it may be drawn in the progress red.)
    assert _bar_color(pixel(2, end - 3), progress=False)
    assert not _bar_color(pixel(2, end + 3), progress=False)


def test_prints_in_the_light_palette_whatever_the_app_palette(
    window: MainWindow, tmp_path: Path
) -> None:
    view = view_of(window)
    images = []
    for scheme, colors in ((Scheme.LIGHT, LIGHT), (Scheme.DARK, DARK)):
        window.actions_by_id[f"relm.view.theme.{scheme.value}"].trigger()
        assert view.chart.colors is colors  # the screen shows that palette
        out = tmp_path / f"{scheme.value}.pdf"
        printer = pdf_printer(out)
        printer.setPrintRange(QPrinter.PrintRange.PageRange)
        printer.setFromTo(1, 1)
        print_timeline(view, printer)
        images.append(page_image(out, 1, tmp_path / f"{scheme.value}.png"))
    window.actions_by_id["relm.view.theme.light"].trigger()
    light, dark = images
    assert light == dark
    # Paper white behind the rows, not the dark palette's base.
    corner = light.pixelColor(light.width() // 2, light.height() - 5)
    assert corner.lightness() > 240


def test_filtered_rows_stay_filtered(window: MainWindow, tmp_path: Path) -> None:
    names = [n.name for n in _layout(window).timeline.nodes if n.kind is RowKind.TASK]
    tasks = {n.name for n in _layout(window).timeline.nodes if n.kind is RowKind.TASK}
    window.actions_by_id["relm.view.filter.milestones"].trigger()  # View ▸ Filter ▸ Milestones
    layout = _layout(window)
    shown = [layout.node_at(row) for row in range(len(layout))]
    milestones = {n.name for n in shown if n.kind is RowKind.TASK}
    assert milestones and all(n.milestone for n in shown if n.kind is RowKind.TASK)
    hidden = [name for name in tasks - milestones if names.count(name) == 1]
    assert len(hidden) > 100
    out = tmp_path / "milestones.pdf"
    result = print_timeline(view_of(window), pdf_printer(out))
    assert sum(len(rows) for rows in result.grid.rows) == len(layout)
    text = _plain("".join(page_texts(out)))
    assert all(_shows(text, name) for name in milestones)
    assert not any(_shows(text, name) for name in hidden)
