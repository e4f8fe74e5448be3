"""Idle prefetching waits while a plan is being rescheduled (its rows are about to go)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QObject

from relm_desktop import gcpause
from relm_desktop.gui.timeline.prefetch import WAIT_MS, BlockPrefetcher, RowPrefetcher
from relm_desktop.layout.link_blocks import BLOCK_ROWS


@pytest.fixture
def rescheduling() -> Iterator[QObject]:
    """Background work holding on, as ``PlanDocument.reschedule`` holds while its job runs."""
    owner = QObject()
    gcpause.hold(owner)
    yield owner
    gcpause.release(owner)


def test_arrow_blocks_wait_for_the_reschedule_then_build(qtbot: Any, rescheduling: QObject) -> None:
    built: list[int] = []
    prefetcher = BlockPrefetcher(built.append)
    prefetcher.queue(range(BLOCK_ROWS + 5, 3 * BLOCK_ROWS - 1), 100 * BLOCK_ROWS, cached=set())
    qtbot.wait(6 * WAIT_MS)
    assert built == [] and prefetcher.pending() == [3, 0, 4]  # kept, not dropped
    gcpause.release(rescheduling)
    qtbot.waitUntil(lambda: built == [3, 0, 4])


def test_rows_wait_for_the_reschedule_then_are_prepared(qtbot: Any, rescheduling: QObject) -> None:
    prepared: list[int] = []
    prefetcher = RowPrefetcher(lambda row: row in prepared, prepared.append, lambda: True)
    prefetcher.around(10, 20, 5, 100)
    qtbot.wait(6 * WAIT_MS)
    assert prepared == []
    gcpause.release(rescheduling)
    qtbot.waitUntil(lambda: prepared == list(range(5, 25)))
