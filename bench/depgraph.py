"""Dependency graph speed: layout of N tasks, painting it, and the GUI thread meanwhile.

    .venv/bin/python bench/depgraph.py 2000

Target: 2,000 tasks laid out in under 1 s (10,000 in about 1-2 s). The
layout is timed called directly and with the garbage collector paused, as
the view's worker runs it. Painting runs offscreen; a fitted view paints
every node without labels, with the link paths the worker prebuilds; a
100 % view only the visible ones. Last, the layout runs in the view's
worker (``LayoutJob`` on a ``QThreadPool``) while a 10 ms timer ticks on the
GUI thread: the longest gap between ticks is how long the window could not
respond. The machine's load average is printed first: compare runs at
similar load.
"""

from __future__ import annotations

import gc
import os
import statistics
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from relm_desktop.layout.depgraph import layout_graph
from relm_desktop.scheduling.synthetic import random_plan


def main(n: int) -> None:
    """Print layout, paint and GUI-stall figures for a seeded plan of ``n`` tasks."""
    plan = random_plan(n, seed=7, links_per_task=1.5)
    ids = [t.id for t in plan.tasks]
    edges = [(k.predecessor, k.successor) for k in plan.links]
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    times, paused = [], []
    for _ in range(3):
        for runs, collect in ((times, True), (paused, False)):
            gc.collect()
            if not collect:  # as the view's worker runs it (see graph_worker.LayoutJob)
                gc.disable()
            t0 = time.perf_counter()
            lay = layout_graph(ids, edges)
            runs.append(time.perf_counter() - t0)
            gc.enable()
    print(
        f"tasks {n}  links {len(edges)}  layers {len(lay.layers)}  dummies {lay.dummies}  "
        f"crossings {lay.crossings}  size {lay.width:.0f}×{lay.height:.0f}"
    )
    layout_ms = statistics.median(times) * 1000
    best_ms = min(times) * 1000
    print(f"layout                 {layout_ms:8.1f} ms (median of 3, best {best_ms:.1f} ms)")
    paused_ms = statistics.median(paused) * 1000
    paused_best = min(paused) * 1000
    print(f"layout, gc paused      {paused_ms:8.1f} ms (best {paused_best:.1f} ms; as the worker)")

    from PySide6.QtCore import QElapsedTimer, QThreadPool, QTimer
    from PySide6.QtGui import QPainter
    from PySide6.QtWidgets import QApplication, QGraphicsScene, QGraphicsView

    from relm_desktop.gui.theme import LIGHT
    from relm_desktop.gui.views.graph_item import GraphItem
    from relm_desktop.gui.views.graph_model import GraphContent, GraphEdge, GraphMode, GraphNode
    from relm_desktop.gui.views.graph_worker import LayoutJob, far_paths, start_layout

    app = QApplication.instance() or QApplication([])
    nodes = {t.id: GraphNode(t.id, t.name, f"{t.duration}d", t.release_id) for t in plan.tasks}
    content = GraphContent(
        GraphMode.TASKS, nodes, [GraphEdge(a, b) for a, b in edges], [], layout=lay
    )
    t0 = time.perf_counter()
    far = far_paths(lay, [(False, False, False)] * len(edges))  # done by the worker
    print(f"far-view paths         {(time.perf_counter() - t0) * 1000:8.1f} ms (in the worker)")
    scene = QGraphicsScene()
    item = GraphItem(content, LIGHT, app.font(), far)
    scene.addItem(item)
    view = QGraphicsView(scene)
    view.resize(1400, 800)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.show()

    def frame() -> float:
        t0 = time.perf_counter()
        view.viewport().grab()
        return time.perf_counter() - t0

    view.fitInView(item.boundingRect())
    first = frame()
    fitted = [frame() for _ in range(5)]
    all_nodes = item.painted_nodes
    view.resetTransform()
    view.centerOn(lay.width / 3, lay.height / 2)
    actual = [frame() for _ in range(5)]
    fit_ms = statistics.median(fitted) * 1000
    one_ms = statistics.median(actual) * 1000
    print(f"paint, fitted, first   {first * 1000:8.1f} ms")
    print(f"paint, fitted view     {fit_ms:8.1f} ms ({all_nodes} nodes drawn, no labels)")
    print(f"paint, 100 % view      {one_ms:8.1f} ms ({item.painted_nodes} nodes drawn)")

    # The view's way: layout on a worker while the GUI thread keeps ticking.
    app.processEvents()  # repaints still pending from above are not the worker's doing

    def on_worker(paint: bool) -> tuple[float, int, int, float]:
        """Worker time, longest GUI gap, ticks, and a repaint's time while it ran."""
        job = LayoutJob(1, ids, edges, lay.metrics)
        finished: list[float] = []
        clock = QElapsedTimer()
        gaps: list[int] = []
        last = [0]

        def tick() -> None:
            now = clock.elapsed()
            gaps.append(now - last[0])
            last[0] = now

        job.signals.done.connect(lambda _g, _result: finished.append(clock.elapsed()))
        timer = QTimer()
        timer.setInterval(10)
        timer.timeout.connect(tick)
        clock.start()
        timer.start()
        start_layout(QThreadPool.globalInstance(), job)  # as the view starts it: freed after
        during = 0.0
        while not finished:
            app.processEvents()
            if paint and not during and clock.elapsed() > 200:
                during = frame()  # as if the user panned the old graph meanwhile
            time.sleep(0.001)
        timer.stop()
        return finished[0], max(gaps, default=0), len(gaps), during

    took, gap, ticks, _ = on_worker(paint=False)
    print(f"worker layout          {took:8.1f} ms; GUI thread longest gap {gap} ms ({ticks} ticks)")
    _, _, _, during = on_worker(paint=True)
    if during:
        print(f"paint, 100 %, during   {during * 1000:8.1f} ms (GIL shared with the worker)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
