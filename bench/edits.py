"""Edit speed on a big plan: indent, paste of 500 tasks, predecessor edit, as a user makes them.

    .venv/bin/python bench/edits.py [N]        (also: bench/gantt.py N --edits)

Opens an N-task plan (default 10,000) in the real main window (offscreen)
and makes each edit with the keys a user presses, so the real undo commands
run: Alt+Shift+Right on a selected row; Ctrl+C on 500 selected rows, then
Ctrl+V on a row further down; F2 on a Predecessors cell, the new text
typed, Enter. For each it prints the time from the key that commits the
edit until the new schedule is shown (median and max of several), and the
longest stall of the GUI thread meanwhile (the longest gap of a 5 ms timer,
until 0.3 s after the schedule is shown). Targets at 10,000 tasks: < 400 ms
and no stall > 100 ms. ``--profile`` adds a cProfile of the GUI thread per
gesture (it slows the figures down: they are not the bench's then).
"""

from __future__ import annotations

import cProfile
import os
import pstats
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit

from relm_desktop.gui.app import make_application
from relm_desktop.gui.context import AppContext
from relm_desktop.gui.document import PlanDocument
from relm_desktop.gui.main_window import MainWindow
from relm_desktop.gui.timeline.tree_model import Column
from relm_desktop.gui.timeline.view import TimelineView
from relm_desktop.layout.timeline import RowKind
from relm_desktop.scheduling.synthetic import random_plan
from relm_desktop.services.bulk import write_schedule_input
from relm_desktop.services.links import LinkSpec, format_links

ALT_SHIFT = Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier
INDENTS, PASTES, PREDECESSOR_EDITS = 5, 3, 5
PASTED = 500
TARGET_MS, STALL_MS = 400, 100


Gesture = Callable[[QApplication, MainWindow, TimelineView, PlanDocument], "Runs"]


def load_average() -> str:
    """The machine is shared: wall-clock figures mean little without it."""
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def reference_ms() -> float:
    """A fixed pure-Python loop (as bench/gantt.py's): the machine's speed at the time.

    It swings up to 2x from minute to minute here, and every step of an edit
    with it, so a figure means something only beside this one (~95 ms when fast).
    """
    start = time.perf_counter()
    total = 0
    for i in range(3_000_000):
        total += i
    return (time.perf_counter() - start) * 1000


def pump_until(app: QApplication, done: Callable[[], bool]) -> None:
    """Run the event loop as an idle application would until ``done()``."""
    while not done():
        app.processEvents()
        time.sleep(0.001)


@dataclass
class Runs:
    """One gesture's measurements: ms to the new schedule shown, and longest stall."""

    name: str
    shown: list[float] = field(default_factory=list)
    stalls: list[float] = field(default_factory=list)
    #: The process's CPU time (all threads) over the same span: on a busy machine
    #: the wall-clock figure is this plus waiting for a CPU.
    cpu: list[float] = field(default_factory=list)
    #: The key press alone, on the GUI thread: the undo command's service call,
    #: unless the command writes behind (indent, paste: PlanDocument.push_behind).
    committed: list[float] = field(default_factory=list)

    def line(self) -> str:
        median, worst, stall = statistics.median(self.shown), max(self.shown), max(self.stalls)
        verdict = "ok" if worst < TARGET_MS and stall < STALL_MS else "MISSED"
        return (
            f"{self.name:<18} new schedule shown: median {median:4.0f} ms, max {worst:4.0f} ms"
            f" over {len(self.shown)}; longest GUI stall {stall:4.0f} ms   [{verdict}]"
            f"\n{'':<18} of which the key press (GUI thread): median"
            f" {statistics.median(self.committed):4.0f} ms; CPU time: median"
            f" {statistics.median(self.cpu):4.0f} ms"
        )


def measure(
    app: QApplication, document: PlanDocument, runs: Runs, press: Callable[[], None]
) -> None:
    """Time ``press()`` (the committing key) until the new schedule is shown, stalls included."""
    snapshot = document.snapshot
    depth = document.undo_stack.index()
    worst = [0.0]
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        worst[0] = max(worst[0], now - last[0])
        last[0] = now

    meter = QTimer()
    meter.setInterval(5)
    meter.timeout.connect(tick)
    meter.start()
    cpu = time.process_time()
    started = last[0] = time.perf_counter()
    press()
    runs.committed.append((time.perf_counter() - started) * 1000)
    pump_until(app, lambda: document.snapshot is not snapshot and not document.is_busy())
    shown = time.perf_counter()
    runs.cpu.append((time.process_time() - cpu) * 1000)
    quiet = shown + 0.3
    pump_until(app, lambda: time.perf_counter() > quiet)
    meter.stop()
    # The edit must have been made (one undo step), or the figure would time nothing.
    assert document.undo_stack.index() == depth + 1, f"{runs.name}: no edit was made"
    runs.shown.append((shown - started) * 1000)
    runs.stalls.append(worst[0] * 1000)
    print(
        f"  {runs.name}: key press {runs.committed[-1]:.0f} ms, shown after"
        f" {runs.shown[-1]:.0f} ms (CPU {runs.cpu[-1]:.0f} ms),"
        f" stall {runs.stalls[-1]:.0f} ms"
    )


def indents(
    app: QApplication, window: MainWindow, view: TimelineView, document: PlanDocument
) -> Runs:
    runs = Runs("indent")
    for k in range(INDENTS):
        assert document.snapshot is not None
        tasks = document.snapshot.data.tasks
        task = tasks[(k + 1) * len(tasks) // (INDENTS + 1) + 3]
        view.select_keys([(RowKind.TASK, task.id)])
        measure(app, document, runs, lambda: QTest.keyClick(view.tree, Qt.Key.Key_Right, ALT_SHIFT))
    return runs


def pastes(
    app: QApplication, window: MainWindow, view: TimelineView, document: PlanDocument
) -> Runs:
    runs = Runs(f"paste of {PASTED}")
    for k in range(PASTES):
        assert document.snapshot is not None
        tasks = document.snapshot.data.tasks
        first = (k + 1) * len(tasks) // (PASTES + 2)
        view.select_keys([(RowKind.TASK, t.id) for t in tasks[first : first + PASTED]])
        QTest.keyClick(view.tree, Qt.Key.Key_C, CTRL)
        assert window.copied is not None and len(window.copied) == PASTED
        view.select_keys([(RowKind.TASK, tasks[first + PASTED + 200].id)])
        measure(app, document, runs, lambda: QTest.keyClick(view.tree, Qt.Key.Key_V, CTRL))
    return runs


def predecessor_edits(
    app: QApplication, window: MainWindow, view: TimelineView, document: PlanDocument
) -> Runs:
    """F2 on the Predecessors cell, the list typed, then Enter (the commit is timed)."""
    runs = Runs("predecessor edit")
    model = view.model
    view.tree.setColumnHidden(int(Column.PREDECESSORS), False)
    for k in range(PREDECESSOR_EDITS):
        assert document.snapshot is not None
        tasks = document.snapshot.data.tasks
        task = tasks[(k + 1) * len(tasks) // (PREDECESSOR_EDITS + 1)]
        current = model.predecessors(task.id)
        # One more predecessor from upstream (a predecessor's predecessor): never a loop.
        upstream = [p for s in current for p in model.predecessors(s.predecessor)]
        known = {s.predecessor for s in current}
        extra = [LinkSpec(p.predecessor, lag=2) for p in upstream if p.predecessor not in known]
        specs = [*current[1:], *extra[:1]] or [LinkSpec(tasks[0].id)]
        index = model.index_of((RowKind.TASK, task.id), int(Column.PREDECESSORS))
        view.tree.scrollTo(index)
        view.tree.setCurrentIndex(index)
        view.tree.setFocus()
        QTest.keyClick(view.tree, Qt.Key.Key_F2)
        editor = QApplication.focusWidget()
        assert isinstance(editor, QLineEdit), editor
        editor.selectAll()
        QTest.keyClicks(editor, format_links(specs))
        measure(app, document, runs, lambda e=editor: QTest.keyClick(e, Qt.Key.Key_Return))  # type: ignore[misc]
    return runs


def profiled(gesture: Gesture) -> Gesture:
    """``gesture`` under cProfile (the GUI thread only); prints its top functions."""

    def run(app: QApplication, win: MainWindow, view: TimelineView, doc: PlanDocument) -> Runs:
        profile = cProfile.Profile()
        profile.enable()
        try:
            return gesture(app, win, view, doc)
        finally:
            profile.disable()
            stats = pstats.Stats(profile).strip_dirs().sort_stats("cumulative")
            print(f"--- GUI thread, {gesture.__name__} ---")
            stats.print_stats(22)

    return run


def main(n: int, profile: bool = False) -> list[Runs]:
    app = make_application([])
    generated = random_plan(n, seed=7, links_per_task=1.5)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.relm"
        write_schedule_input(path, generated).close()
        window = MainWindow(AppContext.for_file(Path(tmp) / "settings.ini"))
        window.resize(1600, 1000)
        window.show()
        window.activateWindow()
        window.open_plan(path)
        document, view = window.document, window.timeline
        assert document is not None and view is not None
        pump_until(app, lambda: document.snapshot is not None and not document.is_busy())
        end = time.perf_counter() + 1.5
        pump_until(app, lambda: time.perf_counter() > end)  # the other views get built
        print(
            f"edits on {n:,} tasks, {len(generated.links):,} links (real keys, real undo commands)"
        )
        print(f"load average at start: {load_average()}; reference loop {reference_ms():.0f} ms")
        gestures: list[Gesture] = [indents, pastes, predecessor_edits]
        results = [
            (profiled(gesture) if profile else gesture)(app, window, view, document)
            for gesture in gestures
        ]
        for runs in results:
            print(runs.line())
        print(f"  targets: shown < {TARGET_MS} ms, no GUI stall > {STALL_MS} ms")
        print(
            f"load average at end: {load_average()} on {os.cpu_count()} cores;"
            f" reference loop {reference_ms():.0f} ms (3M additions in Python)"
        )
        window.close_plan()
        window.close()
    return results


if __name__ == "__main__":
    arguments = [a for a in sys.argv[1:] if not a.startswith("--")]
    main(int(arguments[0]) if arguments else 10_000, profile="--profile" in sys.argv)
