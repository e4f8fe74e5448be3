"""The graph at Fit: names readable, a lane per release, big plans labelled sparingly."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QColor, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QToolButton

from relm_desktop.gui.main_window import MainWindow
from relm_desktop.gui.views.base import release_color
from relm_desktop.gui.views.depgraph import DependencyView
from relm_desktop.gui.views.graph_item import NAME_ZOOM
from relm_desktop.scheduling.synthetic import random_plan
from relm_desktop.services.bulk import write_schedule_input
from tests.gui_depgraph.graph_helpers import LEFT, click_tab, graph_of, laid_out
from tests.gui_views.conftest import settle

#: Smallest label we call readable, in screen pixels (about 7 pt at 96 dpi).
READABLE = 9.0


def fitted(qtbot: Any, win: MainWindow) -> DependencyView:
    """The Dependencies tab in a 1280×720 window, the Fit button clicked."""
    win.resize(1280, 720)
    click_tab(qtbot, win, "Dependencies")
    view = graph_of(win)
    laid_out(qtbot, view)
    fit = view.findChild(QToolButton, "depgraph-fit")
    qtbot.mouseClick(fit, LEFT)
    return view


def dark_pixels(image: QImage, rect: QRect) -> int:
    """Pixels in ``rect`` dark enough to be text on a light node."""
    return sum(
        1
        for x in range(rect.left(), rect.right())
        for y in range(rect.top(), rect.bottom())
        if image.pixelColor(x, y).lightness() < 110
    )


def test_names_are_readable_at_fit_on_the_demo(qtbot: Any, opened: MainWindow) -> None:
    view = fitted(qtbot, opened)
    item = view.canvas.item
    assert item is not None and view.content is not None
    zoom = view.canvas.transform().m11()
    font = item.label_font(zoom)
    assert font is not None, f"no names painted at the fit zoom {zoom:.2f}"
    assert font.pixelSize() * zoom >= READABLE
    viewport = view.canvas.viewport().rect()
    for band in item.layout.lanes:  # every release's lane is in view, top to bottom
        top = view.canvas.mapFromScene(0, band.y0).y()
        bottom = view.canvas.mapFromScene(0, band.y1).y()
        assert 0 <= top < bottom <= viewport.bottom(), band
    image = view.canvas.viewport().grab().toImage()
    # The names are on the screen: dark text pixels inside the visible, non-critical boxes.
    shown = view.canvas.mapToScene(viewport).boundingRect()
    boxes = [
        b
        for b in item.layout.nodes.values()
        if not view.content.nodes[b.id].critical
        and shown.contains(b.x, b.y)
        and shown.contains(b.x + b.w, b.y + b.h)
    ]
    assert len(boxes) >= 10
    for box in boxes[:10]:
        rect = view.canvas.mapFromScene(box.x + 12, box.y + 6, box.w - 20, box.h - 12)
        assert dark_pixels(image, rect.boundingRect()) > 25, view.content.nodes[box.id].title


def test_lane_names_stay_at_the_left_edge_while_panning(qtbot: Any, opened: MainWindow) -> None:
    view = fitted(qtbot, opened)
    item = view.canvas.item
    assert item is not None and len(item.layout.lanes) == 5
    bar = view.canvas.horizontalScrollBar()
    before = bar.value()
    port = view.canvas.viewport()
    start = QPoint(port.width() - 40, port.height() // 2)
    QTest.mousePress(port, LEFT, pos=start)  # drag the background: the graph pans
    for step in range(1, 11):
        QTest.mouseMove(port, QPoint(start.x() - 60 * step, start.y()))
    QTest.mouseRelease(port, LEFT, pos=QPoint(start.x() - 600, start.y()))
    assert bar.value() > before
    image = port.grab().toImage()
    ratio = port.devicePixelRatioF()
    for band in item.layout.lanes:
        top = view.canvas.mapFromScene(0, band.y0).y()
        # the release's colour swatch of the lane's name, pinned at the left edge
        swatch = image.pixelColor(int(16 * ratio), int((top + 9) * ratio))
        want = release_color(band.key)
        assert _near(swatch, want), (item.lane_name(band.key), swatch.name(), want.name())


def _near(a: QColor, b: QColor) -> bool:
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue()) < 40


def test_a_large_plan_at_fit_labels_only_what_matters(
    qtbot: Any, window: MainWindow, tmp_path: Path
) -> None:
    path = tmp_path / "large.relm"
    write_schedule_input(path, random_plan(2000, seed=3)).close()
    assert window.open_plan(path)
    settle(qtbot, window)
    qtbot.waitUntil(lambda: len(window.views) == 4, timeout=10_000)
    view = fitted(qtbot, window)
    item = view.canvas.item
    assert item is not None and view.content is not None
    zoom = view.canvas.zoom()
    assert zoom < NAME_ZOOM and item.label_font(zoom) is None  # boxes, no smear of names
    shown = view.canvas.mapToScene(view.canvas.viewport().rect()).boundingRect()
    assert shown.contains(item.boundingRect())  # the whole graph
    view.canvas.viewport().grab()
    assert 0 < view.canvas.callouts_drawn <= 400  # the critical path's names, not all 2,000
    assert view.canvas.callouts_drawn < len(view.content.nodes) // 4
    assert all(node.critical for _, node in item.callouts(shown))  # nothing selected yet
    # Hovering a node that is not critical puts its name first.
    plain = next(
        b
        for b in sorted(item.layout.nodes.values(), key=lambda b: (b.layer, b.y))
        if not view.content.nodes[b.id].critical and b.layer > 2
    )
    point = view.canvas.mapFromScene(plain.x + plain.w / 2, plain.center_y)
    QTest.mouseMove(view.canvas.viewport(), point)
    assert item.hovered == plain.id
    first, _ = item.callouts(shown)[0]
    assert first.id == plain.id
    view.canvas.viewport().grab()
    assert view.canvas.callouts_drawn > 0
