"""Driving the Dependencies view as a user does: tabs, rows and nodes clicked, keys pressed."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QPoint, Qt

from relm_desktop.gui.main_window import MainWindow
from relm_desktop.gui.views.depgraph import DependencyView
from relm_desktop.layout.timeline import RowKind

LEFT = Qt.MouseButton.LeftButton


def click_tab(qtbot: Any, win: MainWindow, title: str) -> None:
    """Click the view tab called ``title``."""
    bar = win.tabs.tabBar()
    index = next(k for k in range(bar.count()) if bar.tabText(k) == title)
    qtbot.mouseClick(bar, LEFT, pos=bar.tabRect(index).center())
    assert win.tabs.currentIndex() == index


def graph_of(win: MainWindow) -> DependencyView:
    return next(v for v in win.views if isinstance(v, DependencyView))


def laid_out(qtbot: Any, view: DependencyView) -> None:
    """Wait until the layout worker delivered the graph the view asked for."""
    qtbot.waitUntil(
        lambda: (
            view.content is not None and not view.is_laying_out() and view.canvas.item is not None
        ),
        timeout=30_000,
    )


def click_task_row(qtbot: Any, win: MainWindow, ident: int) -> None:
    """Click a task's name cell in the timeline table."""
    assert win.timeline is not None
    view = win.timeline
    index = view.model.index_of((RowKind.TASK, ident), 0)
    assert index.isValid()
    view.tree.scrollTo(index)
    qtbot.mouseClick(view.tree.viewport(), LEFT, pos=view.tree.visualRect(index).center())


def node_point(view: DependencyView, ident: int) -> QPoint:
    """Viewport point inside node ``ident`` (scrolled into view, zoom kept)."""
    item = view.canvas.item
    assert item is not None
    box = item.layout.nodes[ident]
    view.canvas.ensureVisible(box.x, box.y, box.w, box.h, 20, 20)
    return view.canvas.mapFromScene(box.x + min(box.w / 2, 30), box.center_y)


def closure(ident: int, links: Iterable[tuple[int, int]]) -> set[int]:
    """``ident`` and everything linked to it upstream or downstream, the slow obvious way."""
    pairs = list(links)
    found = {ident}
    for forward in (True, False):
        reached = {ident}
        grew = True
        while grew:
            grew = False
            for a, b in pairs:
                src, dst = (a, b) if forward else (b, a)
                if src in reached and dst not in reached:
                    reached.add(dst)
                    grew = True
        found |= reached
    return found
