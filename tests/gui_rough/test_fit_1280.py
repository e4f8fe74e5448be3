"""At 1280×720 (and 1920×1080) the risks and calendar views fit without overlaps."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import combinations
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect, QRectF, Qt
from PySide6.QtWidgets import QAbstractButton, QWidget

from relm_desktop.gui.context import AppContext
from relm_desktop.gui.main_window import MainWindow
from relm_desktop.gui.views.calendar import CalendarView
from relm_desktop.gui.views.risks import RiskView
from relm_desktop.layout.calendar import CalendarLayout
from tests.gui_rough.conftest import open_window

SIZES = [(1280, 720), (1920, 1080)]
LEFT = Qt.MouseButton.LeftButton


@pytest.fixture(params=SIZES, ids=["1280x720", "1920x1080"])
def sized(
    qtbot: Any, request: pytest.FixtureRequest, app: Any, context: AppContext, demo_path: Any
) -> Iterator[MainWindow]:
    win = open_window(qtbot, context, demo_path, request.param)
    yield win
    win.close_plan()


def _click_tab(qtbot: Any, win: MainWindow, title: str) -> QWidget:
    bar = win.tabs.tabBar()
    index = next(i for i in range(bar.count()) if bar.tabText(i) == title)
    qtbot.mouseClick(bar, LEFT, pos=bar.tabRect(index).center())
    qtbot.waitUntil(lambda: win.tabs.currentIndex() == index)
    return win.tabs.currentWidget()


def _rect_in(widget: QWidget, ancestor: QWidget) -> QRect:
    return QRect(widget.mapTo(ancestor, QPoint(0, 0)), widget.size())


def test_risks_view_widgets_do_not_overlap(qtbot: Any, sized: MainWindow) -> None:
    width = sized.width()
    view = _click_tab(qtbot, sized, "Risks")
    assert isinstance(view, RiskView)
    qtbot.wait(50)  # one round of layout after the tab is shown
    assert sized.width() == width, "the risks view widened the window"
    parts: list[QWidget] = [
        view.heatmap, view.cell_label, view.table, view.search, view.release_box,
        view.closed_box, view.add_button, view.edit_button, view.delete_button,
    ]  # fmt: skip
    summary = view.findChild(QWidget, "risk-summary-scroll")
    assert summary is not None
    rects = {w.objectName() or type(w).__name__: _rect_in(w, view) for w in parts}
    for widget in parts:
        assert widget.isVisible()
        hint = widget.minimumSizeHint()
        # Nothing squeezed below what it needs to show itself (the search box was "Fi…").
        assert widget.width() >= hint.width(), widget.objectName()
        if isinstance(widget, QAbstractButton):
            assert widget.height() >= hint.height(), widget.text()
    register = [w for w in parts if w not in (view.heatmap, view.cell_label)]
    for widget in register:
        assert not _rect_in(widget, view).intersects(_rect_in(summary, view)), widget.objectName()
    for (a, ra), (b, rb) in combinations(rects.items(), 2):
        assert not ra.intersects(rb), (a, b)
    # Inside the heat map, a cell's count never sits on its score.
    for box in view.heatmap.geometry_now().cells:
        count = view.heatmap.counts.get(box.key, 0)
        score, number, _ = view.heatmap.text_rects(box, max(count, 8))
        cell = QRectF(box.x, box.y, box.w, box.h)
        assert not score.intersects(number), box.key
        assert cell.contains(score) and cell.contains(number), box.key


def _label_rects(lay: CalendarLayout) -> list[tuple[str, QRectF]]:
    rects = []
    for box in lay.entries:
        x, y, w, h = box.label_box()
        rects.append((box.entry.label, QRectF(x, y, w, h)))
        bar = QRectF(box.x, box.y, box.w, box.h)
        if box.entry.milestone:
            bar = QRectF(box.x - box.h / 2, box.y, box.h, box.h)
        rects.append(("bar of " + box.entry.label, bar))
    for band in lay.freeze_labels:
        rects.append(("❄ " + band.name, QRectF(band.label_x, band.y, band.label_w, band.h)))
    return rects


def _assert_fits(view: CalendarView) -> None:
    canvas = view.canvas
    lay = canvas.layout_now
    assert lay is not None
    assert lay.width <= canvas.width() + 1
    rects = _label_rects(lay)
    for name, rect in rects:
        assert rect.right() <= lay.width + 0.5, (view.title.text(), name)
    for (a, ra), (b, rb) in combinations(rects, 2):
        inside = ra.contains(rb) or rb.contains(ra)  # a label inside its own bar
        assert inside or not ra.adjusted(0.5, 0.5, -0.5, -0.5).intersects(rb), (a, b)
    for a, b in zip(lay.day_labels, lay.day_labels[1:], strict=False):
        assert a.x + a.w < b.x, (view.title.text(), a.text, b.text)
    fm = canvas.fontMetrics()
    small = type(fm)(canvas.small)
    for group in lay.groups:
        assert small.horizontalAdvance(group.text) <= group.w - 6, (view.title.text(), group)


def test_calendar_labels_do_not_overlap(qtbot: Any, sized: MainWindow) -> None:
    width = sized.width()
    view = _click_tab(qtbot, sized, "Release calendar")
    assert isinstance(view, CalendarView)
    result = sized.document.snapshot.result  # type: ignore[union-attr]
    plan_start = min(s.start for s in result.tasks.values())
    summaries = []
    # Back from today through every month and quarter of the plan (the demo runs in 2026).
    for span, steps in (("month", 14), ("quarter", 5)):
        qtbot.mouseClick(view.buttons[span], LEFT)
        qtbot.mouseClick(view.buttons["today"], LEFT)
        for _ in range(steps):
            qtbot.wait(10)
            _assert_fits(view)
            assert sized.width() == width, ("the calendar widened the window", view.title.text())
            summaries.append(view.summary.toolTip())
            qtbot.mouseClick(view.buttons["prev"], LEFT)
    assert view.canvas.first <= plan_start  # went back past the plan's first day
    # Counted as words are: one deployment, not "1 deployments".
    assert not any(re.search(r"\b1 (go-lives|deployments)\b", s) for s in summaries)
    assert any(re.search(r"\b1 (go-live|deployment)\b(?!s)", s) for s in summaries), summaries
