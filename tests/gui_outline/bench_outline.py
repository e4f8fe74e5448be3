"""Outline edit speed on a 10,000-task plan: indent (Alt+Shift+Right), paste of 500 (Ctrl+V).

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.gui_outline.bench_outline [N]

Prints, for each gesture, the time from the key press to the new schedule shown
and the longest stall of the GUI thread meanwhile (a 5 ms timer's longest gap).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from relm_desktop.gui.app import make_application
from relm_desktop.gui.context import AppContext
from relm_desktop.gui.main_window import MainWindow
from relm_desktop.layout.timeline import RowKind
from relm_desktop.scheduling.synthetic import random_plan
from relm_desktop.services.bulk import write_schedule_input

ALT_SHIFT = Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def pump_until(app: QApplication, done: Callable[[], bool]) -> None:
    while not done():
        app.processEvents()
        time.sleep(0.001)


def measure(
    app: QApplication, window: MainWindow, key: Qt.Key, modifiers: Qt.KeyboardModifier
) -> tuple[float, float, float]:
    """(ms to the new schedule shown, ms the service call took, longest stall ms)."""
    document = window.document
    assert document is not None and window.timeline is not None
    snapshot = document.snapshot
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
    started = last[0] = time.perf_counter()
    QTest.keyClick(window.timeline.tree, key, modifiers)
    pushed = time.perf_counter()
    pump_until(app, lambda: document.snapshot is not snapshot and not document.is_busy())
    shown = time.perf_counter()
    quiet = shown + 0.3
    pump_until(app, lambda: time.perf_counter() > quiet)
    meter.stop()
    return (shown - started) * 1000, (pushed - started) * 1000, worst[0] * 1000


def main(n: int) -> None:
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
        document = window.document
        assert document is not None
        pump_until(app, lambda: document.snapshot is not None and not document.is_busy())
        end = time.perf_counter() + 1.5
        pump_until(app, lambda: time.perf_counter() > end)
        view = window.timeline
        assert view is not None and document.snapshot is not None
        tasks = document.snapshot.data.tasks
        indents = []
        for k in range(5):
            task = tasks[(k + 1) * len(tasks) // 6 + 3]
            view.select_keys([(RowKind.TASK, task.id)])
            indents.append(measure(app, window, Qt.Key.Key_Right, ALT_SHIFT))
            print(
                f"  indent of task {task.id}: shown after {indents[-1][0]:.0f} ms "
                f"(service {indents[-1][1]:.0f} ms, stall {indents[-1][2]:.0f} ms)"
            )
        pastes = []
        for k in range(3):
            assert document.snapshot is not None
            tasks = document.snapshot.data.tasks
            first = (k + 1) * len(tasks) // 5
            view.select_keys([(RowKind.TASK, t.id) for t in tasks[first : first + 500]])
            started = time.perf_counter()
            QTest.keyClick(view.tree, Qt.Key.Key_C, CTRL)
            copied = (time.perf_counter() - started) * 1000
            view.select_keys([(RowKind.TASK, tasks[first + 700].id)])
            pastes.append(measure(app, window, Qt.Key.Key_V, CTRL))
            assert window.copied is not None
            print(
                f"  paste of {len(window.copied)} tasks: copy {copied:.0f} ms, shown after "
                f"{pastes[-1][0]:.0f} ms (service {pastes[-1][1]:.0f} ms, "
                f"stall {pastes[-1][2]:.0f} ms)"
            )
        undo = []
        for _ in range(2):
            started = time.perf_counter()
            undo.append(measure(app, window, Qt.Key.Key_Z, CTRL))
            print(
                f"  undo of a paste: shown after {undo[-1][0]:.0f} ms (stall {undo[-1][2]:.0f} ms)"
            )
        print(f"{n:,} tasks, {len(generated.links):,} links")
        for name, runs in (("indent", indents), ("paste 500", pastes), ("undo paste", undo)):
            print(
                f"{name:>10}: median {statistics.median(r[0] for r in runs):.0f} ms, max "
                f"{max(r[0] for r in runs):.0f} ms; longest stall {max(r[2] for r in runs):.0f} ms"
            )
        window.close_plan()
        window.close()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
