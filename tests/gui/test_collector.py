"""Full garbage collections wait for a pause in the user's input."""

from __future__ import annotations

import gc
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QApplication, QWidget

import relm_desktop
from relm_desktop import gcpause
from relm_desktop.gui import app as app_module
from relm_desktop.gui import collector as collector_module
from relm_desktop.gui.collector import (
    FULL_AFTER,
    IDLE_SECONDS,
    LONGEST_WAIT,
    NEVER,
    IdleCollector,
)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def watched(qtbot: Any) -> Iterator[tuple[QWidget, IdleCollector, Clock]]:
    widget = QWidget()
    qtbot.addWidget(widget)
    clock = Clock()
    before = gc.get_threshold()
    collector = IdleCollector(widget, clock)
    yield widget, collector, clock
    collector.uninstall(widget)
    assert gc.get_threshold() == before


def make_due() -> None:
    for _ in range(FULL_AFTER):
        gc.collect(1)  # each younger collection counts towards the next full one


def test_automatic_full_collections_are_off_while_installed(watched: Any) -> None:
    assert gc.get_threshold()[2] == NEVER
    assert gc.get_threshold()[:2] == watched[1]._saved[:2]


def test_nothing_runs_until_enough_survivors_piled_up(watched: Any) -> None:
    _, collector, clock = watched
    gc.collect()
    clock.now += 10 * IDLE_SECONDS
    assert not collector.due()
    assert not collector.check() and collector.collections == 0


def test_input_holds_a_due_collection_back_until_the_user_pauses(watched: Any) -> None:
    widget, collector, clock = watched
    make_due()
    clock.now += 0.5
    key = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Down, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, key)
    assert collector.last_input == clock.now
    clock.now += IDLE_SECONDS / 2
    assert not collector.check()  # the user is busy
    clock.now += IDLE_SECONDS
    assert collector.check() and collector.collections == 1
    assert not collector.due()  # the full collection reset Python's counter


def test_other_events_do_not_count_as_input(watched: Any) -> None:
    widget, collector, clock = watched
    clock.now += 5.0
    QApplication.sendEvent(widget, QEvent(QEvent.Type.UpdateRequest))
    assert collector.last_input == 1000.0


def test_a_user_who_never_pauses_still_gets_a_collection_after_a_while(watched: Any) -> None:
    widget, collector, clock = watched
    make_due()
    for _ in range(int(LONGEST_WAIT / 0.5)):
        clock.now += 0.5
        move = QMouseEvent(  # dragging, say, a bar along
            QEvent.Type.MouseMove,
            QPointF(5, 5),
            QPointF(5, 5),
            Qt.MouseButton.NoButton,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
        QApplication.sendEvent(widget, move)
        if collector.check():
            break
    assert collector.collections == 1
    assert clock.now - 1000.0 >= LONGEST_WAIT


def test_background_work_holds_a_due_collection_back_until_it_ends(watched: Any) -> None:
    _, collector, clock = watched
    owner = QWidget()
    make_due()
    collector_module.hold(owner)
    try:
        clock.now += 5 * IDLE_SECONDS  # the user is idle, but a plan is loading
        assert not collector.check() and collector.collections == 0
        collector_module.release(owner)
        assert collector.check() and collector.collections == 1
        make_due()
        collector_module.hold(owner)
        clock.now += LONGEST_WAIT  # work that never ends does not hold it forever
        assert collector.check() and collector.collections == 2
    finally:
        collector_module.release(owner)


def test_bulk_work_with_the_collector_paused_holds_a_due_collection_back(
    watched: Any,
) -> None:
    _, collector, clock = watched
    make_due()
    clock.now += 5 * IDLE_SECONDS
    with gcpause.gc_paused():  # an import or a schedule on a worker
        assert not collector.check() and collector.collections == 0
    assert collector.check() and collector.collections == 1


def test_a_closed_plan_makes_a_full_collection_due_at_once(watched: Any) -> None:
    _, collector, clock = watched
    owner = QWidget()
    gc.collect()
    assert not collector.due()
    gcpause.freeze(owner)
    gcpause.thaw(owner)  # the plan closed: its frozen objects are back in reach
    assert gcpause.freeze_count() == 0
    assert collector.due()
    clock.now += 5 * IDLE_SECONDS
    assert collector.check() and collector.collections == 1
    assert not collector.due()


#: Calls that change the collector's settings; only gcpause makes them.
_SETTINGS = re.compile(r"\bgc\.(freeze|unfreeze|disable|enable|set_threshold)\(")


def test_only_gcpause_changes_the_collectors_settings() -> None:
    root = Path(relm_desktop.__file__).parent
    changing = {
        path.relative_to(root).as_posix()
        for path in root.rglob("*.py")
        if _SETTINGS.search(path.read_text(encoding="utf-8"))
    }
    assert changing == {"gcpause.py"}


def test_a_plan_holds_collections_while_it_is_scheduled(qtbot: Any, opened: Any) -> None:
    document = opened.document
    assert not gcpause.holding(document)
    document.reschedule()
    assert gcpause.holding(document)
    qtbot.waitUntil(lambda: not document.is_busy())
    assert not gcpause.holding(document)


def test_opening_a_plan_holds_collections_until_it_is_shown(
    qtbot: Any, window: Any, demo_path: Any
) -> None:
    window.open_plan(demo_path)
    document = window.document
    assert gcpause.holding(document)  # before the first paint, too
    qtbot.waitUntil(lambda: document.snapshot is not None and not document.is_busy())
    assert not gcpause.holding(document)


def test_the_application_has_one_that_watches_the_focused_window(qtbot: Any) -> None:
    app_module.make_application([])
    app_module.make_application([])
    collector = app_module._collector
    assert isinstance(collector, IdleCollector)
    assert gc.get_threshold()[2] == NEVER
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is widget.windowHandle())
    before = collector.last_input
    time.sleep(0.01)
    # Input reaches the window first, whichever widget it is for.
    key = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget.windowHandle(), key)
    assert collector.last_input > before


def test_a_sweep_collects_what_survived_into_the_young_generations() -> None:
    kept = [[index] for index in range(3 * collector_module.YOUNG_SWEPT)]
    assert gc.get_count()[0] > collector_module.YOUNG_SWEPT or gc.get_count()[1] > 0
    collector_module.sweep()
    assert gc.get_count()[:2] == (0, 0)
    swept = collector_module.sweeps_since_full()
    collector_module.sweep()  # nothing new: no collection
    assert collector_module.sweeps_since_full() == swept
    assert len(kept) == 3 * collector_module.YOUNG_SWEPT


def test_sweeps_weigh_a_tenth_of_pythons_own_collections_towards_a_full_one(
    watched: Any,
) -> None:
    _, collector, clock = watched
    gc.collect()
    assert collector_module.sweeps_since_full() == 0
    clock.now += 10 * IDLE_SECONDS
    kept: list[list[int]] = []
    for _ in range(FULL_AFTER):
        kept.extend([index] for index in range(2 * collector_module.YOUNG_SWEPT))
        collector_module.sweep()
    assert collector_module.sweeps_since_full() == FULL_AFTER
    assert not collector.due()
    make_due()
    assert collector.due()
    assert collector.check()
    assert collector_module.sweeps_since_full() == 0


def test_a_full_collection_forgets_the_sweeps_before_it(watched: Any) -> None:
    _, collector, clock = watched
    clock.now += 10 * IDLE_SECONDS
    kept: list[list[int]] = []
    for _ in range(3):
        kept.extend([index] for index in range(2 * collector_module.YOUNG_SWEPT))
        collector_module.sweep()
    assert collector_module.sweeps_since_full() >= 3
    gc.collect()
    make_due()  # more middle collections than there had been at the last sweep
    assert collector_module.sweeps_since_full() == 0
    assert collector.due()
