"""Arrow blocks next to the viewport are built on idle ticks, one per tick."""

from __future__ import annotations

from typing import Any

from relm_desktop.gui.main_window import MainWindow
from relm_desktop.gui.timeline.prefetch import BlockPrefetcher
from relm_desktop.layout.link_blocks import BLOCK_ROWS
from tests.gui.gui_helpers import view_of


def test_builds_the_neighbours_nearest_first_skipping_cached(qtbot: Any) -> None:
    built: list[int] = []
    prefetcher = BlockPrefetcher(built.append)
    rows = range(BLOCK_ROWS + 5, 3 * BLOCK_ROWS - 1)  # blocks 1 and 2 on screen
    prefetcher.queue(rows, 100 * BLOCK_ROWS, cached={4})
    assert prefetcher.pending() == [3, 0]  # 4 is cached, -1 does not exist
    assert built == []  # nothing is built inside the paint
    qtbot.waitUntil(lambda: built == [3, 0])
    assert prefetcher.pending() == []


def test_cancel_and_the_end_of_the_plan(qtbot: Any) -> None:
    built: list[int] = []
    prefetcher = BlockPrefetcher(built.append)
    prefetcher.queue(range(0, BLOCK_ROWS), BLOCK_ROWS, cached=set())
    assert prefetcher.pending() == []  # one block only: nothing around it
    prefetcher.queue(range(BLOCK_ROWS, BLOCK_ROWS + 3), 10 * BLOCK_ROWS, cached=set())
    prefetcher.cancel()
    qtbot.wait(20)
    assert built == []


def test_chart_prefetches_after_painting(qtbot: Any, opened: MainWindow) -> None:
    chart = view_of(opened).chart
    chart.viewport().repaint()
    qtbot.waitUntil(lambda: not chart.painter.prefetcher.pending())
