"""Timeline speed: open an N-task plan in the real main window (offscreen) and measure.

    .venv/bin/python bench/gantt.py 10000

Prints open-to-first-paint, the longest stall of the GUI thread while opening,
the median and max time to repaint a 1600×900 chart viewport while scrolling
through the whole plan and while zooming, and memory. Targets at N = 10,000:
first paint < 1 s, repaint median < 8 ms and max < 16 ms, timeline memory
< 50 MB whatever N is.
"""

from __future__ import annotations

import gc
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication

from relm_desktop.gui.app import make_application
from relm_desktop.gui.context import AppContext
from relm_desktop.gui.main_window import MainWindow
from relm_desktop.gui.timeline.chart import GanttChart
from relm_desktop.layout.scale import Zoom
from relm_desktop.layout.timeline import RowLayout, build_timeline
from relm_desktop.scheduling.synthetic import random_plan
from relm_desktop.services.bulk import write_schedule_input

VIEW_W, VIEW_H = 1600, 900


def rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


class StallMeter:
    """Ticks every 5 ms on the GUI thread; the longest gap is the worst freeze."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)
        self.last = time.perf_counter()
        self.worst = 0.0

    def _tick(self) -> None:
        now = time.perf_counter()
        self.worst = max(self.worst, now - self.last)
        self.last = now

    def start(self) -> None:
        self.last = time.perf_counter()
        self.timer.start()

    def stop(self) -> float:
        self.timer.stop()
        return self.worst


def fit_viewport(app: QApplication, window: MainWindow) -> None:
    """Resize the window until the chart's viewport is exactly 1600×900."""
    assert window.timeline is not None
    chart = window.timeline.chart
    for _ in range(4):
        app.processEvents()
        size = chart.viewport().size()
        dw, dh = VIEW_W - size.width(), VIEW_H - size.height()
        if dw == 0 and dh == 0:
            return
        window.resize(window.width() + dw, window.height() + dh)


def timed_repaint(chart: GanttChart, frames: list[float]) -> float:
    """Repaint the chart's viewport now; returns the time of the whole frame.

    Qt flushes the window's other pending repaints (the task table scrolled
    too) in the same call, so this is what the user waits for. ``frames``
    gets the chart's own share: its painter drawing the same viewport.
    """
    start = time.perf_counter()
    chart.viewport().repaint()
    whole = time.perf_counter() - start
    image = QImage(chart.viewport().size(), QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(image)
    start = time.perf_counter()
    chart.painter.paint(painter)
    frames.append(time.perf_counter() - start)
    painter.end()
    return whole


def main(n: int) -> None:
    app = make_application([])
    generated = random_plan(n, seed=7, links_per_task=1.5)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.relm"
        write_schedule_input(path, generated).close()
        gc.collect()
        base_rss = rss_mb()
        context = AppContext.for_file(Path(tmp) / "settings.ini")
        context.settings.setValue("scheme", "light")

        launched = time.perf_counter()
        window = MainWindow(context)
        window.resize(2400, 1200)
        window.show()
        stalls = StallMeter()
        stalls.start()
        window.open_plan(path)
        assert window.timeline is not None and window.document is not None
        chart = window.timeline.chart
        painted: list[float] = []
        original = chart.paintEvent

        def paint_hook(event: object) -> None:
            original(event)  # type: ignore[arg-type]
            if chart.row_layout is not None and not painted:
                painted.append(time.perf_counter())

        chart.paintEvent = paint_hook  # type: ignore[method-assign]
        while not painted:
            app.processEvents()
            time.sleep(0.001)
        first_paint = painted[0] - launched
        worst_stall = stalls.stop()
        open_rss = rss_mb()
        fit_viewport(app, window)

        # Scroll through the whole plan a page at a time.
        bar = chart.verticalScrollBar()
        scroll_times: list[float] = []
        scroll_chart: list[float] = []
        bar.setValue(0)
        timed_repaint(chart, [])  # warm caches
        value = 0
        while value <= bar.maximum():
            bar.setValue(value)
            scroll_times.append(timed_repaint(chart, scroll_chart))
            # The idle moment between two wheel steps: lets the chart build the
            # arrow blocks next to the viewport (one per 0 ms tick), as it would
            # for a user scrolling.
            app.processEvents()
            value += max(bar.pageStep() // 2, 1)

        # Zoom through every level at a few scroll positions.
        zoom_times: list[float] = []
        for position in (0, bar.maximum() // 3, bar.maximum() * 2 // 3, bar.maximum()):
            bar.setValue(position)
            for zoom in (Zoom.DAY, Zoom.WEEK, Zoom.MONTH, Zoom.QUARTER, Zoom.MONTH, Zoom.WEEK):
                start = time.perf_counter()
                chart.set_zoom(zoom)
                chart.viewport().repaint()
                zoom_times.append(time.perf_counter() - start)
        after_rss = rss_mb()

        snapshot = window.document.snapshot
        assert snapshot is not None
        data, result = snapshot.data, snapshot.result
        tracemalloc.start()
        timeline = build_timeline(
            releases=data.releases,
            phases=data.phases,
            tasks=data.tasks,
            links=data.links,
            result=result,
            freezes=data.freezes,
        )
        layout = RowLayout(timeline, set())
        timeline_mb = tracemalloc.get_traced_memory()[0] / 2**20
        tracemalloc.stop()
        del layout, timeline
        window.close()

    ms = 1000.0
    print(
        f"tasks                       {n:,} ({len(data.links):,} links), viewport {VIEW_W}×{VIEW_H}"
    )
    print(f"open → first paint          {first_paint * ms:7.0f} ms")
    print(f"longest GUI stall on open   {worst_stall * ms:7.0f} ms")
    print(
        f"chart repaint, scrolling    median {statistics.median(scroll_chart) * ms:5.2f} ms"
        f"   max {max(scroll_chart) * ms:5.2f} ms   ({len(scroll_chart)} frames)"
    )
    print(
        f"window frame, scrolling     median {statistics.median(scroll_times) * ms:5.2f} ms"
        f"   max {max(scroll_times) * ms:5.2f} ms   (chart + task table)"
    )
    print(
        f"repaint while zooming       median {statistics.median(zoom_times) * ms:5.2f} ms"
        f"   max {max(zoom_times) * ms:5.2f} ms   ({len(zoom_times)} frames)"
    )
    print(f"timeline rows + link index  {timeline_mb:7.1f} MB (Python objects)")
    print(f"process memory after open   +{open_rss - base_rss:6.1f} MB (plan, schedule, views)")
    print(f"growth while scrolling/zoom +{after_rss - open_rss:6.1f} MB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
