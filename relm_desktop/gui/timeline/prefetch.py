"""Work for the rows next to the viewport, done while the GUI is idle.

Routing the arrows of one block of rows costs a few to tens of milliseconds
at 10,000 tasks; done inside a paint it makes that frame miss its budget.
After each paint, ``BlockPrefetcher`` queues the visible blocks the frame
had no time for, then the blocks just above and below, and works on one per
0 ms timer tick. A build step may stop early (returning False) and is called
again on the next tick, so user input is never held up for long and
scrolling finds the blocks it enters already cached.

``RowPrefetcher`` does the same for cheaper per-row work (laying out the
table's cells and the chart's bar labels, ~60 µs a row): a page of rows on
each side of the viewport, in slices of a few milliseconds.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Container, Sequence

from PySide6.QtCore import QObject, QTimer

from relm_desktop import gcpause
from relm_desktop.gui import collector
from relm_desktop.layout.link_blocks import BLOCK_ROWS, blocks_for

#: Blocks built ahead on each side of the visible ones.
AHEAD = 2
#: Milliseconds between looks while a plan is being rescheduled (``deferred``).
WAIT_MS = 20


def deferred(timer: QTimer) -> bool:
    """Whether an idle tick should wait: a plan is being read or rescheduled.

    Its rows are about to be replaced, so the work would be thrown away, and
    it would hold the GIL the worker needs: at 10,000 tasks the idle ticks
    during an edit's reschedule cost ~50 ms of the worker's time. The single-shot
    ``timer`` looks again in ``WAIT_MS``; the queue is kept.
    """
    if gcpause.busy():
        timer.start(WAIT_MS)
        return True
    if timer.interval():
        timer.setInterval(0)
    return False


class BlockPrefetcher(QObject):
    """Queues the blocks around the viewport and builds one per idle tick."""

    def __init__(
        self,
        build: Callable[[int], bool | None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._build = build
        self._wanted: list[int] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._tick)

    def queue(
        self,
        rows: range,
        row_count: int,
        cached: Container[int],
        missing: Sequence[int] = (),
    ) -> None:
        """After painting ``rows``: want ``missing`` (visible, not built), then the
        uncached blocks within ``AHEAD`` of them."""
        if not rows or row_count <= 0:
            self._wanted = []
            return
        visible = blocks_for(rows.start, rows.stop - 1)
        last = (row_count - 1) // BLOCK_ROWS
        near = [
            index
            for step in range(1, AHEAD + 1)
            for index in (visible.stop - 1 + step, visible.start - step)
        ]
        self._wanted = [*missing, *(i for i in near if 0 <= i <= last and i not in cached)]
        if self._wanted and not self._timer.isActive():
            self._timer.start()

    def cancel(self) -> None:
        """Forget the queue (the rows or the zoom changed)."""
        self._wanted = []
        self._timer.stop()

    def pending(self) -> list[int]:
        """Blocks still to build, nearest first (tests)."""
        return list(self._wanted)

    def _tick(self) -> None:
        if deferred(self._timer):
            return
        # A step that returns False is not finished: it goes on next tick.
        # (The step may also have cancelled the queue: the rows or zoom changed.)
        if self._wanted:
            index = self._wanted[0]
            done = self._build(index) is not False
            if done and self._wanted and self._wanted[0] == index:
                self._wanted.pop(0)
            collector.sweep()
        if self._wanted:
            self._timer.start()


#: Seconds of per-row work per idle tick (unless a prefetcher is given its own).
ROW_SLICE = 0.003


class RowPrefetcher(QObject):
    """Prepares the rows a page around the viewport, a slice per idle tick.

    ``ready(row)`` says whether a row needs nothing (out of range included);
    ``prepare(row)`` does its work. ``valid()`` is asked before each slice:
    when the rows changed since the paint that queued them, the queue is
    dropped (the next paint queues the new ones).
    """

    def __init__(
        self,
        ready: Callable[[int], bool],
        prepare: Callable[[int], object],
        valid: Callable[[], bool],
        parent: QObject | None = None,
        slice_seconds: float = ROW_SLICE,
    ) -> None:
        super().__init__(parent)
        self._slice = slice_seconds
        self._ready = ready
        self._prepare = prepare
        self._valid = valid
        self._wanted = range(0)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._tick)

    def around(self, first: int, stop: int, page: int, count: int) -> None:
        """After painting rows ``first``..``stop - 1``: want a ``page`` of rows on each side."""
        self._wanted = range(max(first - page, 0), min(stop + page, count))
        if self._wanted and not self._timer.isActive():
            self._timer.start()

    def pending(self) -> range:
        """Rows still to look at (tests)."""
        return self._wanted

    def _tick(self) -> None:
        if deferred(self._timer):
            return
        wanted, self._wanted = self._wanted, range(0)
        if not wanted or not self._valid():
            return
        deadline = time.perf_counter() + self._slice
        for row in wanted:
            if self._ready(row):
                continue
            if time.perf_counter() > deadline:
                self._wanted = range(row, wanted.stop)
                self._timer.start()
                break
            self._prepare(row)
        collector.sweep()
