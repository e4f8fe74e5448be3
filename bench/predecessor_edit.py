"""Predecessor edit speed: type a predecessor list into a 10,000-task plan's table.

    .venv/bin/python bench/predecessor_edit.py [N] [--duration]

Opens an N-task plan (default 10,000) in the real main window (offscreen),
then commits new predecessor text for tasks across the plan through the
Predecessors cell's model (what the cell editor's Enter does) and prints,
for each, the time until the new schedule is shown, and the longest stall
of the GUI thread meanwhile. ``--duration`` makes a plain duration edit
through the same path instead, for comparison. Target at 10,000 tasks: < 400 ms, no stall > 100 ms.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from relm_desktop.gui.app import make_application
from relm_desktop.gui.context import AppContext
from relm_desktop.gui.main_window import MainWindow
from relm_desktop.gui.timeline.tree_model import Column
from relm_desktop.layout.timeline import RowKind
from relm_desktop.scheduling.synthetic import random_plan
from relm_desktop.services.bulk import write_schedule_input
from relm_desktop.services.links import LinkSpec, format_links

EDITS = 7


def pump_until(app: QApplication, done: object) -> None:
    while not done():  # type: ignore[operator]
        app.processEvents()
        time.sleep(0.001)


def main(n: int, compare: bool = False) -> None:
    app = make_application([])
    generated = random_plan(n, seed=7, links_per_task=1.5)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.relm"
        write_schedule_input(path, generated).close()
        window = MainWindow(AppContext.for_file(Path(tmp) / "settings.ini"))
        window.resize(1600, 1000)
        window.show()
        window.open_plan(path)
        document = window.document
        assert document is not None and window.timeline is not None
        pump_until(app, lambda: document.snapshot is not None and not document.is_busy())
        end = time.perf_counter() + 1.5
        pump_until(app, lambda: time.perf_counter() > end)  # the other views get built
        model = window.timeline.model
        took: list[float] = []
        stalls: list[float] = []
        for k in range(EDITS):
            snapshot = document.snapshot
            assert snapshot is not None
            tasks = snapshot.data.tasks
            task = tasks[(k + 1) * len(tasks) // (EDITS + 1)]
            current = model.predecessors(task.id)
            # One more predecessor from upstream (a predecessor's predecessor): never a loop.
            upstream = [p for s in current for p in model.predecessors(s.predecessor)]
            known = {s.predecessor for s in current}
            extra = [LinkSpec(p.predecessor, lag=2) for p in upstream if p.predecessor not in known]
            specs = [*current[1:], *extra[:1]] or [LinkSpec(tasks[0].id)]
            index = model.index_of((RowKind.TASK, task.id), int(Column.PREDECESSORS))
            worst = [0.0]
            last = [time.perf_counter()]

            def tick(worst: list[float] = worst, last: list[float] = last) -> None:
                now = time.perf_counter()
                worst[0] = max(worst[0], now - last[0])
                last[0] = now

            meter = QTimer()
            meter.setInterval(5)
            meter.timeout.connect(tick)
            meter.start()
            started = last[0] = time.perf_counter()
            if compare:  # the same path with a plain field (duration), for comparison
                index = model.index_of((RowKind.TASK, task.id), int(Column.DURATION))
                accepted = model.setData(index, task.duration + 1)
            else:
                accepted = model.setData(index, format_links(specs))
            committed = time.perf_counter()
            pump_until(
                app, lambda s=snapshot: document.snapshot is not s and not document.is_busy()
            )
            took.append(time.perf_counter() - started)
            print(
                f"  edit of task {task.id}: committed in {(committed - started) * 1000:.0f} ms,"
                f" shown after {took[-1] * 1000:.0f} ms"
            )
            quiet = time.perf_counter() + 0.3
            pump_until(app, lambda until=quiet: time.perf_counter() > until)
            meter.stop()
            stalls.append(worst[0])
            assert accepted, model.last_error
        ms = 1000
        print(f"{n:,} tasks, {len(generated.links):,} links")
        what = "duration edit" if compare else "predecessor edit"
        print(
            f"{what} → new schedule shown: median {statistics.median(took) * ms:.0f} ms,"
            f" max {max(took) * ms:.0f} ms over {EDITS} edits"
        )
        print(f"longest GUI stall during an edit: {max(stalls) * ms:.0f} ms")
        window.close_plan()
        window.close()


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    main(int(args[0]) if args else 10_000, compare="--duration" in sys.argv)
