"""Dependency graph speed: layout of N tasks, and painting it (fitted and at 100 %).

    .venv/bin/python bench/depgraph.py 2000

Target: 2,000 tasks laid out in under 1 s. Painting runs offscreen; a fitted
view paints every node without labels, a 100 % view only the visible ones.
"""

from __future__ import annotations

import os
import statistics
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from relm_desktop.layout.depgraph import layout_graph
from relm_desktop.scheduling.synthetic import random_plan


def main(n: int) -> None:
    plan = random_plan(n, seed=7, links_per_task=1.5)
    ids = [t.id for t in plan.tasks]
    edges = [(k.predecessor, k.successor) for k in plan.links]
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        lay = layout_graph(ids, edges)
        times.append(time.perf_counter() - t0)
    print(
        f"tasks {n}  links {len(edges)}  layers {len(lay.layers)}  dummies {lay.dummies}  "
        f"crossings {lay.crossings}  size {lay.width:.0f}×{lay.height:.0f}"
    )
    layout_ms = statistics.median(times) * 1000
    print(f"layout                 {layout_ms:8.1f} ms (median of 3; target < 1000 ms at 2k)")

    from PySide6.QtGui import QPainter
    from PySide6.QtWidgets import QApplication, QGraphicsScene, QGraphicsView

    from relm_desktop.gui.theme import LIGHT
    from relm_desktop.gui.views.graph_item import GraphItem
    from relm_desktop.gui.views.graph_model import GraphContent, GraphEdge, GraphMode, GraphNode

    app = QApplication.instance() or QApplication([])
    nodes = {t.id: GraphNode(t.id, t.name, f"{t.duration}d", t.release_id) for t in plan.tasks}
    content = GraphContent(
        GraphMode.TASKS, nodes, [GraphEdge(a, b) for a, b in edges], [], layout=lay
    )
    scene = QGraphicsScene()
    item = GraphItem(content, LIGHT, app.font())
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
    fitted = [frame() for _ in range(5)]
    all_nodes = item.painted_nodes
    view.resetTransform()
    view.centerOn(lay.width / 3, lay.height / 2)
    actual = [frame() for _ in range(5)]
    fit_ms = statistics.median(fitted) * 1000
    one_ms = statistics.median(actual) * 1000
    print(f"paint, fitted view     {fit_ms:8.1f} ms ({all_nodes} nodes drawn, no labels)")
    print(f"paint, 100 % view      {one_ms:8.1f} ms ({item.painted_nodes} nodes drawn)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
