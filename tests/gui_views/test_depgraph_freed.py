"""A plan closed while its dependency graph is being laid out is freed, layout and all."""

from __future__ import annotations

import gc
import threading
import weakref
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QThreadPool

from relm_desktop import gcpause
from relm_desktop.gui.main_window import MainWindow
from relm_desktop.gui.views import graph_worker
from relm_desktop.gui.views.depgraph import DependencyView
from relm_desktop.gui.views.graph_worker import LayoutJob, LayoutResult, LayoutSignals
from relm_desktop.layout.depgraph import GraphLayout, Metrics, layout_graph
from tests.gui_views.conftest import view_of


class HeldLayouts:
    """Layouts wait on the worker until ``release``; remembers each one made."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.gate = threading.Event()
        self.made: list[weakref.ref[GraphLayout]] = []
        real = layout_graph

        def held(*args: Any, **kwargs: Any) -> GraphLayout:
            assert self.gate.wait(15), "never released"
            layout = real(*args, **kwargs)
            self.made.append(weakref.ref(layout))
            return layout

        monkeypatch.setattr(graph_worker, "layout_graph", held)

    def release(self) -> None:
        self.gate.set()
        assert QThreadPool.globalInstance().waitForDone(15_000)


def deliver_queued_signals() -> None:
    """What the worker emitted reaches its slots (and nothing else happens)."""
    QCoreApplication.sendPostedEvents(None, QEvent.Type.MetaCall)


def delete_later_ones() -> None:
    for _ in range(3):  # a deletion may ask for more (the document's views)
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def alive(cls: type) -> int:
    return sum(1 for o in gc.get_objects() if type(o) is cls)


@pytest.mark.parametrize("finishes", ["after the close", "before the close, delivered after"])
def test_a_plan_closed_while_its_graph_is_laid_out_is_freed(
    qtbot: Any, opened: MainWindow, monkeypatch: pytest.MonkeyPatch, finishes: str
) -> None:
    gcpause.collect()
    before = [alive(cls) for cls in (LayoutResult, LayoutJob, LayoutSignals)]
    held = HeldLayouts(monkeypatch)
    view = view_of(opened, DependencyView)  # shown: its layout starts, and waits
    assert view.is_laying_out()
    job = view._jobs[view._generation]
    document = opened.document
    assert document is not None and document.snapshot is not None
    watched: dict[str, Callable[[], object]] = {
        "document": weakref.ref(document),
        "snapshot": weakref.ref(document.snapshot),
        "view": weakref.ref(view),
        "job": weakref.ref(job),
        "graph": weakref.ref(view.pending),
    }
    if finishes != "after the close":
        held.release()  # done: its result is queued for the GUI thread
    opened.close_plan()
    assert job._stop.is_set()  # closing cancels the layout
    if finishes == "after the close":
        held.release()  # it stops at its next progress point
    deliver_queued_signals()
    # The closed plan's view, still there until deleted, took nothing in.
    assert view.content is None and view.pending is None and view.canvas.item is None
    assert not opened.views and opened.tabs.count() == 0
    del view, job, document
    delete_later_ones()
    gcpause.collect()
    assert {name for name, ref in watched.items() if ref() is not None} == set()
    assert [made() for made in held.made] == [None] * len(held.made)
    # Nothing of the job is left either: not its inputs, signals nor result.
    assert [alive(cls) for cls in (LayoutResult, LayoutJob, LayoutSignals)] == before


def test_a_finished_layout_job_leaves_nothing_behind(qtbot: Any, app: Any) -> None:
    """Neither the pool nor the job's own signals keep a job once its result arrived."""
    job = LayoutJob(1, [1, 2, 3], [(1, 2), (2, 3)], Metrics())
    results: list[object] = []
    job.signals.done.connect(lambda _g, result: results.append(result))
    signals = weakref.ref(job.signals)
    gone = weakref.ref(job)
    graph_worker.start_layout(QThreadPool.globalInstance(), job)
    del job
    qtbot.waitUntil(lambda: bool(results))
    results.clear()
    delete_later_ones()
    gc.collect()
    assert gone() is None and signals() is None
