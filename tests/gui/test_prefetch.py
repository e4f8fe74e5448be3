"""Work for rows next to the viewport is done on idle ticks: arrow blocks one per tick,
labels and table rows in slices."""

from __future__ import annotations

import time
from typing import Any

from relm_desktop.gui.main_window import MainWindow
from relm_desktop.gui.timeline.prefetch import BlockPrefetcher, RowPrefetcher
from relm_desktop.gui.timeline.strips import StripCache
from relm_desktop.layout.geometry import ROW_HEIGHT
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


def test_chart_prefetches_after_painting(qtbot: Any, opened: MainWindow, monkeypatch: Any) -> None:
    # Without strips: painting them a page around would route those blocks too.
    monkeypatch.setattr(StripCache, "usable", lambda self: False)
    chart = view_of(opened).chart
    links = chart.painter.links
    layout = chart.row_layout
    assert layout is not None
    last = (len(layout) - 1) // BLOCK_ROWS
    assert last >= 2, "the demo plan should span three arrow blocks"
    chart.verticalScrollBar().setValue(BLOCK_ROWS * ROW_HEIGHT)  # block 1 at the top
    links.invalidate()
    chart.viewport().repaint()
    visible = links._visible
    assert visible and 1 in visible
    around = [i for i in (visible.start - 1, visible.stop) if 0 <= i <= last]
    assert around, (visible, last)
    # The paint left the blocks around the viewport for later (and what its
    # frame budget did not cover of the visible ones).
    assert all(links._cached(i) is None for i in around)
    assert set(around) <= set(chart.painter.prefetcher.pending())
    qtbot.waitUntil(lambda: not chart.painter.prefetcher.pending(), timeout=5000)
    # Idle ticks built them: scrolling there finds its arrows ready.
    for index in [*visible, *around]:
        assert links._cached(index) is not None, index


def test_rows_around_the_viewport_are_prepared_in_slices(qtbot: Any) -> None:
    done: set[int] = {12}
    ticks: list[int] = []

    def prepare(row: int) -> None:
        time.sleep(0.002)  # a slice (3 ms) holds one or two of these
        done.add(row)
        ticks.append(row)

    valid = [True]
    rows = RowPrefetcher(lambda row: row in done, prepare, lambda: valid[0])
    rows.around(10, 20, page=5, count=22)
    assert rows.pending() == range(5, 22)  # a page above, the end of the plan below
    assert not ticks  # nothing inside the paint
    qtbot.waitUntil(lambda: not rows.pending())
    assert done == set(range(5, 22))
    assert sorted(ticks) == ticks and 12 not in ticks  # in order, ready rows skipped
    rows.around(40, 50, page=10, count=100)
    valid[0] = False  # the rows changed before the first slice: nothing is done
    qtbot.wait(20)
    assert not rows.pending() and max(done) == 21


def test_table_lays_out_the_rows_a_page_below_while_idle(
    qtbot: Any, opened: MainWindow, monkeypatch: Any
) -> None:
    # Where strips cannot be used (a fractional pixel ratio); with them,
    # painting the strips a page around lays the rows out.
    monkeypatch.setattr(StripCache, "usable", lambda self: False)
    table = view_of(opened).tree
    painter = table.row_painter
    layout = table.task_model.row_layout
    assert layout is not None and len(layout) > 40
    table.verticalScrollBar().setValue(0)
    painter._row_cache.clear()
    table.viewport().repaint()
    page = table.viewport().height() // ROW_HEIGHT
    below = [layout.rows[row] for row in range(page + 2, min(2 * page, len(layout)))]
    assert not set(below) & set(painter._row_cache)  # not painted: not laid out yet
    qtbot.waitUntil(lambda: set(below) <= set(painter._row_cache), timeout=2000)
