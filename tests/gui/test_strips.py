"""Row strips of the chart and the task table: painted while idle, copied by frames,
pixel for pixel the same."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QImage, QPainter, QPalette

from relm_desktop.gui.main_window import MainWindow
from relm_desktop.gui.theme import DARK, LIGHT
from relm_desktop.gui.timeline import strips as strips_module
from relm_desktop.gui.timeline.chart import GanttChart
from relm_desktop.gui.timeline.painter import ChartPainter, PaintInputs
from relm_desktop.gui.timeline.strips import REF, STRIP_ROWS, StripState, keyed, state_of
from relm_desktop.gui.timeline.table_paint import TableInputs, TablePainter
from relm_desktop.layout.geometry import ROW_HEIGHT
from relm_desktop.layout.scale import DateScale, Zoom
from tests.gui.gui_helpers import view_of


def frame(chart: GanttChart) -> QImage:
    """The whole viewport as the chart's painter draws it now."""
    ratio = chart.devicePixelRatioF()
    size = chart.viewport().size() * ratio
    image = QImage(size, QImage.Format.Format_RGB32)
    image.setDevicePixelRatio(ratio)
    painter = QPainter(image)
    chart.painter.paint(painter)
    painter.end()
    return image


def settle(qtbot: Any, chart: GanttChart) -> None:
    """Let idle ticks route the arrows and paint the strips around the viewport."""
    frame(chart)
    strips, links = chart.painter.strips, chart.painter.links
    qtbot.waitUntil(lambda: not links.pending() and not strips.pending(), timeout=10_000)


class DirectPaints:
    """Counts the rows the painter had to paint itself (no strip had them)."""

    def __init__(self, monkeypatch: Any) -> None:
        self.heights: list[int] = []
        original = ChartPainter._paint_body

        def counted(painter: ChartPainter, p: Any, body: Any, *args: Any) -> None:
            self.heights.append(body.height())
            original(painter, p, body, *args)

        monkeypatch.setattr(ChartPainter, "_paint_body", counted)


def test_a_frame_copied_from_strips_equals_one_painted_afresh(
    qtbot: Any, opened: MainWindow, monkeypatch: Any
) -> None:
    chart = view_of(opened).chart
    chart.verticalScrollBar().setValue(5 * ROW_HEIGHT + 7)  # strips cut rows mid-way
    settle(qtbot, chart)
    strips = chart.painter.strips
    strips.forget()
    assert strips.cached() == []
    direct = DirectPaints(monkeypatch)
    afresh = frame(chart)
    assert direct.heights  # nothing to copy: painted afresh
    qtbot.waitUntil(lambda: not strips.pending(), timeout=10_000)
    direct.heights.clear()
    copied = frame(chart)
    assert direct.heights == []
    assert copied == afresh


def test_rows_scrolling_into_view_come_from_strips_painted_while_idle(
    qtbot: Any, opened: MainWindow, monkeypatch: Any
) -> None:
    chart = view_of(opened).chart
    bar = chart.verticalScrollBar()
    bar.setValue(0)
    settle(qtbot, chart)
    visible = chart.viewport().height() // ROW_HEIGHT
    # A page below the viewport is ready before the user scrolls there.
    assert max(chart.painter.strips.cached()) * STRIP_ROWS >= visible
    direct = DirectPaints(monkeypatch)
    bar.setValue(bar.value() + chart.viewport().height() // 2)
    chart.viewport().repaint()
    assert direct.heights == []


def test_what_the_strips_show_changing_forgets_them(qtbot: Any, opened: MainWindow) -> None:
    chart = view_of(opened).chart
    settle(qtbot, chart)
    strips = chart.painter.strips
    assert strips.cached()
    assert chart.row_layout is not None
    chart.set_selected({chart.row_layout.node_at(3).key})
    selected = frame(chart)
    assert strips.cached() == []
    qtbot.waitUntil(lambda: not strips.pending(), timeout=10_000)
    assert strips.cached()
    assert frame(chart) == selected
    chart.show_critical = not chart.show_critical
    frame(chart)
    assert strips.cached() == []


def test_zooming_back_copies_the_strips_of_the_view_it_left(
    qtbot: Any, opened: MainWindow, monkeypatch: Any
) -> None:
    chart = view_of(opened).chart
    chart.set_zoom(Zoom.WEEK)
    settle(qtbot, chart)
    week = frame(chart)
    chart.set_zoom(Zoom.MONTH)
    frame(chart)
    direct = DirectPaints(monkeypatch)
    chart.set_zoom(Zoom.WEEK)
    assert frame(chart) == week
    assert direct.heights == []


def test_views_kept_for_zooming_back_are_bounded_in_bytes(
    qtbot: Any, opened: MainWindow, monkeypatch: Any
) -> None:
    chart = view_of(opened).chart
    strips = chart.painter.strips
    for zoom in (Zoom.DAY, Zoom.WEEK, Zoom.MONTH, Zoom.QUARTER):
        chart.set_zoom(zoom)
        settle(qtbot, chart)
    assert strips.recent_views() == strips_module.RECENT_VIEWS
    monkeypatch.setattr(strips_module, "RECENT_BYTES", 1)
    chart.set_zoom(Zoom.MONTH)  # back: one view taken out, the one left put in
    frame(chart)
    assert strips.recent_views() == 1  # the latest only, whatever its size


def test_strips_wait_while_a_gesture_is_previewed(opened: MainWindow) -> None:
    chart = view_of(opened).chart
    assert chart.painter.strips.usable()
    chart.gesture = object()  # type: ignore[assignment]
    try:
        assert not chart.painter.strips.usable()
    finally:
        chart.gesture = None


def test_zooming_in_and_out_at_one_spot_returns_to_the_same_position(
    opened: MainWindow,
) -> None:
    chart = view_of(opened).chart
    chart.set_zoom(Zoom.DAY)
    bar = chart.horizontalScrollBar()
    bar.setValue(bar.maximum() // 2 + 13)
    start = bar.value()
    positions: dict[Zoom, set[int]] = {}
    for zoom in (Zoom.WEEK, Zoom.MONTH, Zoom.QUARTER, Zoom.MONTH, Zoom.WEEK, Zoom.DAY):
        chart.set_zoom(zoom, anchor=611.0)
        positions.setdefault(zoom, set()).add(bar.value())
    assert all(len(seen) == 1 for seen in positions.values())
    assert positions[Zoom.DAY] == {start}


def table_frame(table: Any) -> QImage:
    return table.viewport().grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


def test_the_task_table_copies_strips_painted_while_idle_too(
    qtbot: Any, opened: MainWindow, monkeypatch: Any
) -> None:
    table = view_of(opened).tree
    strips = table.row_painter.strips
    table.verticalScrollBar().setValue(3)  # strips cut rows mid-way
    strips.forget()
    painted: list[int] = []
    original = TablePainter._paint_rows

    def counted(painter: TablePainter, p: Any, frame: Any, first: int, last: int, *a: Any) -> None:
        painted.append(last - first + 1)
        original(painter, p, frame, first, last, *a)

    monkeypatch.setattr(TablePainter, "_paint_rows", counted)
    afresh = table_frame(table)
    qtbot.waitUntil(lambda: not strips.pending() and bool(strips.cached()), timeout=10_000)
    painted.clear()
    copied = table_frame(table)
    # The only rows painted were the idle ticks' (into strips), none in the frame.
    assert painted == [] and copied == afresh
    # Rows scrolled into view come from strips too.
    table.verticalScrollBar().setValue(table.verticalScrollBar().value() + 5 * ROW_HEIGHT)
    table.viewport().repaint()
    assert painted == []


def test_a_new_selection_in_the_table_forgets_its_strips(qtbot: Any, opened: MainWindow) -> None:
    view = view_of(opened)
    table = view.tree
    strips = table.row_painter.strips
    table_frame(table)
    qtbot.waitUntil(lambda: not strips.pending() and bool(strips.cached()), timeout=10_000)
    table.selectRow(2)
    selected = table_frame(table)
    assert strips.cached() == []
    qtbot.waitUntil(lambda: not strips.pending() and bool(strips.cached()), timeout=10_000)
    assert table_frame(table) == selected


def content_and_view(state: StripState) -> tuple[object, ...]:
    """What the strip cache compares (strips.py ``StripCache.sync``)."""
    return (*map(id, state.refs), *state.values), state.view


def test_every_paint_input_is_in_the_strips_key(opened: MainWindow) -> None:
    """Whatever the painter paints from, a change of it shows in the strips' state."""
    chart = view_of(opened).chart
    now = chart.painter.inputs()
    content, view = content_and_view(state_of(now, True))
    others = {"scale": DateScale(now.scale.origin, Zoom((now.scale.zoom + 1) % len(Zoom)))}
    for field in dataclasses.fields(PaintInputs):
        other = dataclasses.replace(now, **{field.name: others.get(field.name, object())})
        changed = content_and_view(state_of(other, True))
        if field.name in VIEW_INPUTS:  # another view: its strips are kept aside
            assert changed[0] == content and changed[1] != view, field.name
        else:
            assert changed[0] != content, field.name


def test_a_paint_input_that_does_not_say_how_it_is_compared_is_refused() -> None:
    @dataclasses.dataclass(frozen=True)
    class Inputs:
        rows: object = dataclasses.field(metadata=keyed(REF))
        shading: bool = True  # a new toggle, left out of the key by mistake

    with pytest.raises(TypeError, match="shading"):
        state_of(Inputs(None), True)


#: Paint inputs that only change the view (zoom level, horizontal position).
VIEW_INPUTS = {"scale", "x0"}
#: Paint inputs this test cannot change on a chart: a new schedule's (its test
#: is above: a new snapshot is new rows), the screen's, a constant.
UNCHANGEABLE = {"timeline", "calendar", "ratio", "row_height"}


def test_each_setting_of_the_chart_reaches_its_paint_inputs_and_forgets_strips(
    qtbot: Any, opened: MainWindow
) -> None:
    chart = view_of(opened).chart
    painter = chart.painter
    layout = chart.row_layout
    assert layout is not None
    font = QFont(chart.font())
    font.setPointSizeF(font.pointSizeF() + 2)
    bar = chart.horizontalScrollBar()
    settings: dict[str, Callable[[], None]] = {
        "show_critical": lambda: setattr(chart, "show_critical", not chart.show_critical),
        "show_baseline": lambda: setattr(chart, "show_baseline", not chart.show_baseline),
        "today": lambda: setattr(chart, "today", chart.today + timedelta(days=1)),
        "colors": lambda: chart.set_colors(DARK if chart.colors is not DARK else LIGHT),
        "selected": lambda: chart.set_selected({layout.node_at(2).key}),
        "label_font": lambda: chart.setFont(font),
        "small_font": lambda: chart.setFont(QFont(font.family(), 30)),
        "rows": lambda: chart.set_collapsed({layout.node_at(0).key}),
        "width": lambda: chart.resize(chart.width() - 40, chart.height()),
        "scale": lambda: chart.set_zoom(
            Zoom.MONTH if chart.scale.zoom != Zoom.MONTH else Zoom.WEEK
        ),
        "x0": lambda: bar.setValue(bar.value() + 50),
    }
    names = {field.name for field in dataclasses.fields(PaintInputs)}
    assert set(settings) | UNCHANGEABLE == names  # a new input needs a line here
    for name, change in settings.items():
        settle(qtbot, chart)
        assert painter.strips.cached(), name
        before = painter.inputs()
        change()
        after = painter.inputs()
        assert getattr(after, name) != getattr(before, name) or (
            getattr(after, name) is not getattr(before, name)
        ), name
        assert painter.strips.usable(), name
        assert painter.strips.cached() == [], name  # nothing painted for this yet


def table_inputs(table: Any) -> TableInputs:
    """What the table's rows would be painted from now."""
    inputs = table.row_painter._setup()
    assert inputs is not None
    return inputs


def test_every_input_of_the_table_is_in_its_strips_key(opened: MainWindow) -> None:
    """Whatever the table's rows are painted from, a change of it shows in the strips' state
    (the table has no view part: every change forgets its strips)."""
    now = table_inputs(view_of(opened).tree)
    content, _ = content_and_view(state_of(now, True))
    font = QFont(now.fonts[0])
    font.setPointSizeF(font.pointSizeF() + 3)
    red = QColor("#ff0000")
    others: dict[str, object] = {
        "fonts": (font, font, QFontMetrics(font), QFontMetrics(font)),
        **{name: QBrush(red) for name in ("base", "alternate", "highlight")},
        **{name: red for name in ("text", "selected_text", "negative")},
    }
    for field in dataclasses.fields(TableInputs):
        other = dataclasses.replace(now, **{field.name: others.get(field.name, object())})
        assert content_and_view(state_of(other, True))[0] != content, field.name


#: Table inputs this test cannot change on a table: the screen's.
TABLE_UNCHANGEABLE = {"ratio"}


def test_each_setting_of_the_table_reaches_its_inputs_and_forgets_strips(
    qtbot: Any, opened: MainWindow
) -> None:
    view = view_of(opened)
    table = view.tree
    strips = table.row_painter.strips
    layout = view.chart.row_layout
    assert layout is not None
    summary = next(n.key for n in layout.timeline.nodes if n.children)
    font = QFont(table.font())
    font.setPointSizeF(font.pointSizeF() + 2)
    header = table.horizontalHeader()
    roles = QPalette.ColorRole
    colour_roles = {
        "base": roles.Base,
        "alternate": roles.AlternateBase,
        "highlight": roles.Highlight,
        "text": roles.Text,
        "selected_text": roles.HighlightedText,
    }

    def recolour(role: QPalette.ColorRole) -> Callable[[], None]:
        def change() -> None:
            palette = table.palette()
            palette.setColor(role, QColor("#7f3f1f"))
            table.setPalette(palette)

        return change

    def flip_base() -> None:
        # Negative float's red follows the base: lighter on a dark table.
        palette = table.palette()
        dark = palette.color(roles.Base).lightness() < 128
        palette.setColor(roles.Base, QColor("#f4f4f4" if dark else "#151515"))
        table.setPalette(palette)

    settings: dict[str, Callable[[], None]] = {
        "layout": lambda: view.set_folded(summary, True),
        "count": lambda: view.set_folded(summary, False),
        "folded": lambda: table.folded.add(summary),  # as the fold arrow reads it
        "columns": lambda: header.resizeSection(1, header.sectionSize(1) + 30),
        "fonts": lambda: table.setFont(font),
        "spans": lambda: table.selectRow(3),
        **{name: recolour(role) for name, role in colour_roles.items()},
        "negative": flip_base,
        "width": lambda: table.resize(table.width() - 40, table.height()),
        # The plan's status date, as the view hands it over (overdue dots).
        "status": lambda: setattr(table.row_painter, "status", date(2001, 1, 1)),
    }
    names = {field.name for field in dataclasses.fields(TableInputs)}
    assert set(settings) | TABLE_UNCHANGEABLE == names  # a new input needs a line here
    for name, change in settings.items():
        table_frame(table)
        qtbot.waitUntil(lambda: not strips.pending() and bool(strips.cached()), timeout=10_000)
        before = table_inputs(table)
        change()
        after = table_inputs(table)
        old, new = getattr(before, name), getattr(after, name)
        if name in colour_roles or name == "negative":
            old, new = QBrush(old).color().rgba(), QBrush(new).color().rgba()
        elif name == "fonts":
            old, new = old[0].key(), new[0].key()
        assert new != old or (name == "layout" and new is not old), name
        assert strips.usable(), name
        assert strips.cached() == [], name  # nothing painted for this yet
