"""Dependency graph layout with release lanes (the view's task mode) against without.

    .venv/bin/python bench/depgraph_lanes.py 2000 10000

For the demo plan and seeded plans of N tasks: the layout as it was (no
lanes, the old roomy boxes) and as the view now asks for it (a lane per
release, compact boxes), medians of 3 in CPU time with the collector
paused as the worker runs it; then the focus set of a mid-plan task and its layout; then,
for the largest N, the lanes layout in the view's worker while a 10 ms timer
ticks on the GUI thread (the longest gap is how long the window froze).
"""

from __future__ import annotations

import gc
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from relm_desktop.layout.depgraph import Metrics, layout_graph
from relm_desktop.layout.depgraph_focus import focus_on
from relm_desktop.scheduling.synthetic import random_plan

TASK_METRICS = Metrics(node_width=190, node_height=42, layer_gap=46, node_gap=10, lane_header=40)

Graph = tuple[list[int], list[tuple[int, int]], list[int]]


def median_ms(run: Callable[[], object]) -> float:
    times = []
    for _ in range(3):
        gc.collect()
        gc.disable()  # as the view's worker runs it (graph_worker._sharing_the_gil)
        start = time.process_time()  # CPU time: wall time swings with other jobs' load
        run()
        times.append(time.process_time() - start)
        gc.enable()
    return statistics.median(times) * 1000


def demo_graph() -> Graph:
    from relm_desktop.services.demo import build_demo

    with tempfile.TemporaryDirectory() as tmp:
        service = build_demo(Path(tmp) / "demo.relm", start=date(2027, 1, 4))
        data = service.load()
        service.close()
    return (
        [t.id for t in data.tasks],
        [(k.predecessor_id, k.successor_id) for k in data.links],
        [t.release_id for t in data.tasks],
    )


def synthetic_graph(n: int) -> Graph:
    plan = random_plan(n, seed=7, links_per_task=1.5)
    return (
        [t.id for t in plan.tasks],
        [(k.predecessor, k.successor) for k in plan.links],
        [t.release_id for t in plan.tasks],
    )


def report(name: str, graph: Graph) -> None:
    ids, edges, lanes = graph
    old = median_ms(lambda: layout_graph(ids, edges))
    new = median_ms(lambda: layout_graph(ids, edges, metrics=TASK_METRICS, lanes=lanes))
    lay = layout_graph(ids, edges, metrics=TASK_METRICS, lanes=lanes)
    before = layout_graph(ids, edges)
    print(
        f"{name:>12}: {len(ids):6} tasks  before {old:7.1f} ms ({before.width:.0f}×"
        f"{before.height:.0f})  lanes {new:7.1f} ms ({lay.width:.0f}×{lay.height:.0f},"
        f" {len(lay.lanes)} lanes)"
    )
    root = ids[len(ids) // 2]
    focus_ms = median_ms(lambda: focus_on({root}, edges))
    keep = focus_on({root}, edges).members
    sub_ids = [i for i in ids if i in keep]
    sub_edges = [(a, b) for a, b in edges if a in keep and b in keep]
    sub_lanes = [lane for i, lane in zip(ids, lanes, strict=True) if i in keep]
    sub_ms = median_ms(
        lambda: layout_graph(sub_ids, sub_edges, metrics=TASK_METRICS, lanes=sub_lanes)
    )
    print(
        f"{'':>14}focus on one task: {len(keep)} tasks, set {focus_ms:.1f} ms,"
        f" layout {sub_ms:.1f} ms"
    )


def gui_stall(graph: Graph) -> None:
    from PySide6.QtCore import QElapsedTimer, QThreadPool, QTimer
    from PySide6.QtWidgets import QApplication

    from relm_desktop.gui.views.graph_worker import LayoutJob, start_layout

    app = QApplication.instance() or QApplication([])
    ids, edges, lanes = graph
    job = LayoutJob(1, ids, edges, TASK_METRICS, None, lanes)
    finished: list[int] = []
    clock = QElapsedTimer()
    gaps: list[int] = []
    last = [0]

    def tick() -> None:
        now = clock.elapsed()
        gaps.append(now - last[0])
        last[0] = now

    job.signals.done.connect(lambda _g, _r: finished.append(clock.elapsed()))
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(tick)
    clock.start()
    timer.start()
    start_layout(QThreadPool.globalInstance(), job)
    while not finished:
        app.processEvents()
        time.sleep(0.001)
    timer.stop()
    print(f"{'':>14}worker with lanes {finished[0]} ms; GUI thread longest gap {max(gaps)} ms")


def main(sizes: list[int]) -> None:
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    report("demo", demo_graph())
    graph: Graph | None = None
    for n in sizes:
        graph = synthetic_graph(n)
        report("synthetic", graph)
    if graph is not None:
        gui_stall(graph)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [2000, 10000])
