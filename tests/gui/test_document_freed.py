"""A closed plan is freed: nothing stays frozen out of the collector's reach for it."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QThreadPool
from PySide6.QtWidgets import QApplication

from relm_desktop import gcpause
from relm_desktop.gui.document import PlanDocument
from relm_desktop.gui.main_window import MainWindow
from relm_desktop.gui.views.depgraph import DependencyView
from relm_desktop.services.plan import PlanService
from tests.gui.gui_helpers import settle


class Cycle:
    """Cyclic garbage: only a collection frees it, never reference counting."""

    def __init__(self) -> None:
        self.me = self


def scheduled(qtbot: Any, path: Path) -> PlanDocument:
    document = PlanDocument(PlanService.open(path))
    document.reschedule()
    qtbot.waitUntil(lambda: document.snapshot is not None and not document.is_busy())
    return document


def test_a_closed_document_and_its_plan_are_freed(qtbot: Any, app: Any, demo_path: Path) -> None:
    gcpause.collect()  # what earlier tests left
    before = gcpause.freeze_count()
    document = scheduled(qtbot, demo_path)
    assert document.snapshot is not None
    # The plan's snapshot is referenced from the document and sits in a cycle (as
    # Qt wrappers and caches may hold it): reference counting alone cannot free it.
    cycle = Cycle()
    cycle.snapshot = document.snapshot  # type: ignore[attr-defined]
    document.cycle = cycle  # type: ignore[attr-defined]
    cycle.document = document  # type: ignore[attr-defined]
    gone = weakref.ref(document)
    snapshot = weakref.ref(document.snapshot)
    cycle_gone = weakref.ref(cycle)
    document.reschedule()  # each reschedule freezes again: nothing may stay frozen
    document.wait()
    QApplication.sendPostedEvents()  # its result reaches the document (and is frozen)
    assert not document.is_busy()
    assert gcpause.freeze_count() > before
    document.close()
    assert gcpause.full_wanted()
    del document, cycle
    QApplication.sendPostedEvents()  # queued results of the jobs
    gcpause.collect()
    assert gone() is None
    assert snapshot() is None
    assert cycle_gone() is None
    assert gcpause.freeze_count() == before
    assert not gcpause.full_wanted()


def test_closing_one_plan_keeps_the_other_frozen(
    qtbot: Any, app: Any, demo_path: Path, tmp_path: Path
) -> None:
    other_path = tmp_path / "other.relm"
    other_path.write_bytes(demo_path.read_bytes())
    gcpause.collect()
    first = scheduled(qtbot, demo_path)
    second = scheduled(qtbot, other_path)
    first.close()
    gcpause.collect()
    assert gcpause.freeze_count() > 0  # the open plan's snapshot is still out of reach
    assert second.snapshot is not None
    second.close()
    gcpause.collect()
    assert gcpause.freeze_count() == 0


def test_a_plan_closed_in_the_window_is_freed(
    qtbot: Any, opened: MainWindow, tmp_path: Path, demo_path: Path
) -> None:
    document = opened.document
    assert document is not None and document.snapshot is not None
    # Every view holds the plan: build them all and show each once, so each drew it.
    qtbot.waitUntil(lambda: len(opened.views) == 4, timeout=5_000)
    for view in opened.views:
        opened.tabs.setCurrentWidget(view)
        QApplication.processEvents()
    graph = next(v for v in opened.views if isinstance(v, DependencyView))
    qtbot.waitUntil(lambda g=graph: not g.is_laying_out(), timeout=15_000)
    gone = weakref.ref(document)
    snapshot = weakref.ref(document.snapshot)
    service = weakref.ref(document.service)  # the History panel's too
    views = [weakref.ref(view) for view in opened.views]
    del graph, view
    assert gcpause.freeze_count() > 0
    opened.close_plan()
    del document
    assert gcpause.full_wanted() and gcpause.freeze_count() == 0
    assert opened.views == [] and opened.tabs.count() == 0
    # Freed at once: no other plan needs to open and replace the views. A job
    # already running on the pool (a view's background load) may hold the plan
    # until it returns; that is not a leak, so wait for the pool first.
    assert (opened.pool or QThreadPool.globalInstance()).waitForDone(15_000)
    # Its result, queued to the GUI thread, is delivered (and dropped) first.
    QCoreApplication.sendPostedEvents()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gcpause.collect()
    assert gone() is None
    assert snapshot() is None
    held = service()
    holders = [type(r).__name__ for r in gc.get_referrers(held)] if held is not None else []
    del held
    assert service() is None, f"the closed plan's service is still held by {holders}"
    assert [view() for view in views] == [None] * 4
    assert gcpause.freeze_count() == 0
    # The next plan's views are its own, and its snapshot is frozen after a collection.
    other = tmp_path / "other.relm"
    other.write_bytes(demo_path.read_bytes())
    assert opened.open_plan(other)
    settle(qtbot, opened)
    qtbot.waitUntil(lambda: len(opened.views) == 4, timeout=5_000)
    gcpause.collect()
    assert gcpause.freeze_count() > 0


def test_paused_blocks_overlap_and_the_last_one_turns_the_collector_back_on() -> None:
    assert gc.isenabled()
    outer = gcpause.gc_paused()
    inner = gcpause.gc_paused()
    outer.__enter__()
    inner.__enter__()
    assert not gc.isenabled() and gcpause.busy()
    outer.__exit__(None, None, None)  # the first to start ends first (another thread's)
    assert not gc.isenabled() and gcpause.busy()
    inner.__exit__(None, None, None)
    assert gc.isenabled() and not gcpause.busy()
