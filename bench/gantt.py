"""Timeline speed: open an N-task plan in the real main window (offscreen) and measure.

    .venv/bin/python bench/gantt.py 10000 [--pieces | --profile] [--edits]

Prints open-to-first-paint, the longest stall of the GUI thread while opening
and while an edit is rescheduled, the median and max time of a frame while
scrolling through the whole plan and while zooming, and memory. Targets at
N = 10,000: first paint < 1 s, no stall > 100 ms, frame median < 8 ms and
max < 16 ms, timeline memory < 50 MB whatever N is.

A "window frame" is what the event loop does after a scroll or zoom step:
it paints every widget with a pending update (chart, task table, scroll
bars) into the real window's backing store. The chart moves the pixels it
already has and paints only what scrolls into view, like Qt's item views;
"full repaint" forces every pixel of the chart (the worst case). Arrows the
zoom frame had no time for are routed on idle ticks and painted as they
come: the bench waits for them and reports those frames and ticks too.
Scrolling and zooming are mouse-wheel events on the chart (Ctrl+wheel
zooms), so the application sees a busy user. The machine may be shared:
load average and CPU time are printed beside wall-clock time.

``--pieces`` also prints what the slowest frames spent their time on
(bench/frame_pieces.py), ``--profile`` a cProfile of the frames; both cost
a little time per call, so their figures are not the bench's.

``--edits`` then times the edits a coordinator makes on the same size of plan
(bench/edits.py): an indent, a paste of 500 tasks and a predecessor edit, each
through the real keys and undo commands, until the new schedule is shown
(target < 400 ms, no GUI stall > 100 ms).
"""

from __future__ import annotations

import time

BENCH_START = time.perf_counter()

import gc  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import tracemalloc  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QEvent, QPoint, QPointF, Qt, QTimer  # noqa: E402
from PySide6.QtGui import QImage, QPainter, QWheelEvent  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from relm_desktop.gui.app import make_application  # noqa: E402
from relm_desktop.gui.context import AppContext  # noqa: E402
from relm_desktop.gui.main_window import MainWindow  # noqa: E402
from relm_desktop.gui.timeline.chart import GanttChart  # noqa: E402
from relm_desktop.layout.scale import Zoom  # noqa: E402
from relm_desktop.layout.timeline import RowLayout, build_timeline  # noqa: E402
from relm_desktop.scheduling.synthetic import random_plan  # noqa: E402
from relm_desktop.services.bulk import write_schedule_input  # noqa: E402

IMPORTS = time.perf_counter() - BENCH_START

VIEW_W, VIEW_H = 1600, 900


def reference_ms() -> float:
    """A fixed pure-Python loop: this machine's speed swings up to 2x from
    minute to minute, so figures are comparable only beside this one."""
    start = time.perf_counter()
    total = 0
    for i in range(3_000_000):
        total += i
    return (time.perf_counter() - start) * 1000


def rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


class FullCollections:
    """Times Python's full (oldest-generation) garbage collections."""

    def __init__(self) -> None:
        self.times: list[float] = []
        self._start = 0.0
        gc.callbacks.append(self._callback)

    def _callback(self, phase: str, info: dict[str, int]) -> None:
        if info["generation"] != 2:
            return
        if phase == "start":
            self._start = time.perf_counter()
        else:
            self.times.append(time.perf_counter() - self._start)


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


def pump_until(app: QApplication, done: Callable[[], bool]) -> None:
    """Run the event loop as an idle application would until ``done()``."""
    while not done():
        app.processEvents()
        time.sleep(0.001)


def pump_for(app: QApplication, seconds: float) -> None:
    until = time.perf_counter() + seconds
    pump_until(app, lambda: time.perf_counter() >= until)


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


def wheel(chart: GanttChart, delta: int, modifiers: Qt.KeyboardModifier) -> None:
    """A mouse-wheel event over the chart, delivered to its window as the platform
    would: real input, not a scroll-bar call, so the application knows the user
    is busy (a full garbage collection waits for a pause in input)."""
    viewport = chart.viewport()
    window = viewport.window()
    handle = window.windowHandle()
    pos = QPointF(viewport.mapTo(window, viewport.rect().center()))
    event = QWheelEvent(
        pos,
        QPointF(window.mapToGlobal(pos.toPoint())),
        QPoint(),
        QPoint(0, delta),
        Qt.MouseButton.NoButton,
        modifiers,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(handle, event)


def scroll_down(chart: GanttChart, pixels: int) -> bool:
    """Wheel the chart down about ``pixels``; False at the end of the plan."""
    bar = chart.verticalScrollBar()
    before = bar.value()
    per_notch = QApplication.wheelScrollLines() * bar.singleStep()
    wheel(chart, -max(round(120 * pixels / max(per_notch, 1)), 1), Qt.KeyboardModifier.NoModifier)
    return bar.value() != before


def zoom_to(chart: GanttChart, zoom: Zoom) -> None:
    """Ctrl+wheel notches until the chart shows ``zoom``."""
    while chart.scale.zoom != zoom:
        notch = -120 if zoom > chart.scale.zoom else 120
        wheel(chart, notch, Qt.KeyboardModifier.ControlModifier)


#: CPU time of the GUI thread in each window frame, beside its wall-clock time: when
#: the machine stalls the process, wall time jumps and CPU time does not.
FRAME_CPU: list[float] = []
#: ``--pieces``: the per-frame recorder (bench/frame_pieces.py) and the kind of
#: frame being recorded.
PIECES: list[Any] = []
RECORDING: list[str] = []


def window_frame() -> float:
    """Paint what is pending in the window, as the event loop would; returns the time."""
    pieces = PIECES[0] if PIECES and RECORDING else None
    if pieces is not None:
        pieces.reset()
        pieces.profile_on(RECORDING[0])
    start, cpu = time.perf_counter(), time.thread_time()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.UpdateRequest)
    cpu = time.thread_time() - cpu
    if pieces is not None:
        pieces.profile_off()
    FRAME_CPU.append(cpu)
    wall = time.perf_counter() - start
    if pieces is not None:
        pieces.frame(RECORDING[0], wall, cpu, " ".join(RECORDING[1:]))
    return wall


def full_repaint(chart: GanttChart, frames: list[float]) -> float:
    """Repaint every pixel of the chart's viewport now; returns the time of the whole frame.

    Qt flushes the window's other pending repaints (the task table scrolled
    too) in the same call. ``frames`` gets the chart's own share: its
    painter drawing the same viewport into an image.
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
    reference_before = reference_ms()
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
        cpu_launched = time.process_time()
        window = MainWindow(context)
        window.resize(2400, 1200)
        window.show()
        window_ready = time.perf_counter() - launched
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
        pump_until(app, lambda: bool(painted))
        first_paint = painted[0] - launched
        cpu_open = time.process_time() - cpu_launched
        assert window.document.snapshot is not None
        worker = window.document.snapshot.seconds  # reading, scheduling, laying out
        pump_for(app, 1.0)  # keep watching until the window has settled
        worst_stall = stalls.stop()
        open_rss = rss_mb()
        fit_viewport(app, window)

        collections = FullCollections()
        # Scroll through the whole plan half a page at a time, as the event loop paints.
        bar = chart.verticalScrollBar()
        cpu_scroll = time.process_time()
        wall_scroll = time.perf_counter()
        scroll_frames: list[float] = []
        idle_steps: list[float] = []
        bar.setValue(0)
        window_frame()
        FRAME_CPU.clear()
        RECORDING[:] = ["scrolling"]
        while scroll_down(chart, max(bar.pageStep() // 2, 1)):
            scroll_frames.append(window_frame())
            # The idle moment between two wheel steps: the chart routes the arrow
            # blocks next to the viewport, one slice per 0 ms tick.
            start = time.perf_counter()
            app.processEvents()
            idle_steps.append(time.perf_counter() - start)
        cpu_scroll = time.process_time() - cpu_scroll
        RECORDING.clear()
        scroll_cpu = list(FRAME_CPU)
        wall_scroll = time.perf_counter() - wall_scroll

        # The same, forcing every pixel of the chart to be painted again.
        full_frames: list[float] = []
        chart_frames: list[float] = []
        bar.setValue(0)
        window_frame()
        while scroll_down(chart, max(bar.pageStep() // 2, 1)):
            full_frames.append(full_repaint(chart, chart_frames))
            app.processEvents()

        # Zoom through every level at a few scroll positions; after each step the
        # idle ticks route the arrows the frame had no time for.
        cpu_zoom = time.process_time()
        zoom_frames: list[float] = []
        zoom_cpu: list[float] = []
        zoom_ticks: list[float] = []
        zoom_settle: list[float] = []
        sideways = chart.horizontalScrollBar()
        start_x = sideways.value()
        for step, position in enumerate(
            (0, bar.maximum() // 3, bar.maximum() * 2 // 3, bar.maximum())
        ):
            bar.setValue(position)
            # A new sideways position too, so no zoom finds its dates' header
            # and background made at an earlier position.
            sideways.setValue(start_x + step * sideways.pageStep() // 3)
            window_frame()
            for zoom in (Zoom.DAY, Zoom.WEEK, Zoom.MONTH, Zoom.QUARTER, Zoom.MONTH, Zoom.WEEK):
                start = time.perf_counter()
                zoom_to(chart, zoom)
                FRAME_CPU.clear()
                RECORDING[:] = ["zooming", f"{zoom.name.lower()} at {position:,} px"]
                zoom_frames.append(window_frame())
                RECORDING.clear()
                zoom_cpu.extend(FRAME_CPU)
                while chart.painter.links.pending():
                    # One idle slice of routing, and the repaint when a block is done.
                    tick = time.perf_counter()
                    app.processEvents()
                    zoom_ticks.append(time.perf_counter() - tick)
                zoom_settle.append(time.perf_counter() - start)
        cpu_zoom = time.process_time() - cpu_zoom
        gc.callbacks.remove(collections._callback)
        after_rss = rss_mb()

        # An edit as the properties panel makes it (one undo command), then the
        # reschedule on the worker and the new schedule shown, window live.
        document = window.document
        shown = document.snapshot
        assert shown is not None
        task = shown.data.tasks[len(shown.data.tasks) // 2]
        stalls = StallMeter()
        stalls.start()
        edited = time.perf_counter()
        document.update("task", task.id, {"duration": task.duration + 1}, "Bench edit")
        pump_until(app, lambda: document.snapshot is not shown and not document.is_busy())
        rescheduled = time.perf_counter() - edited
        pump_for(app, 1.0)
        worst_reschedule = stalls.stop()

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

    def spread(values: list[float]) -> str:
        return (
            f"median {statistics.median(values) * ms:5.2f} ms   max {max(values) * ms:5.2f} ms"
            f"   ({len(values)})"
        )

    print(
        f"tasks                       {n:,} ({len(data.links):,} links), viewport {VIEW_W}×{VIEW_H}"
    )
    print(f"load average                {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    print(
        f"reference loop              {reference_before:7.0f} ms before, {reference_ms():.0f} ms"
        " after (3M additions in Python: the machine's speed at the time)"
    )
    print(
        f"open → first paint          {first_paint * ms:7.0f} ms  (CPU {cpu_open * ms:.0f} ms;"
        f" before it: importing the app {IMPORTS * ms:.0f} ms)"
    )
    print(
        f"  of which                  {window_ready * ms:7.0f} ms to build and show the window,"
        f" {worker * ms:.0f} ms on the worker (read, schedule, lay out)"
    )
    print(f"longest GUI stall on open   {worst_stall * ms:7.0f} ms")
    print(
        f"edit → new schedule shown   {rescheduled * ms:7.0f} ms  (longest GUI stall"
        f" {worst_reschedule * ms:.0f} ms)"
    )
    print(
        f"window frame, scrolling     {spread(scroll_frames)}"
        f"   wall {wall_scroll:.2f} s, CPU {cpu_scroll:.2f} s"
    )
    print(f"  its GUI-thread CPU time   {spread(scroll_cpu)}")
    print(f"idle step between scrolls   {spread(idle_steps)}")
    print(f"full repaint, scrolling     {spread(full_frames)}   (every chart pixel + table)")
    print(f"chart painter alone         {spread(chart_frames)}")
    print(f"window frame, zooming       {spread(zoom_frames)}   CPU {cpu_zoom:.2f} s")
    print(f"  its GUI-thread CPU time   {spread(zoom_cpu)}")
    if zoom_ticks:
        print(f"idle arrow routing, zooming {spread(zoom_ticks)}   (a slice + its repaint)")
    print(f"zoom step until all arrows  {spread(zoom_settle)}")
    longest = max(collections.times, default=0.0) * ms
    print(
        f"full GCs while scrolling/zoom {len(collections.times):5d}"
        f"   (longest {longest:.1f} ms; they wait for a pause in input)"
    )
    print(f"timeline rows + link index  {timeline_mb:7.1f} MB (Python objects)")
    print(f"process memory after open   +{open_rss - base_rss:6.1f} MB (plan, schedule, views)")
    print(f"growth while scrolling/zoom +{after_rss - open_rss:6.1f} MB")
    for pieces in PIECES:
        pieces.report("scrolling")
        pieces.report("zooming")
        pieces.report_collections()


if __name__ == "__main__":
    arguments = [a for a in sys.argv[1:] if not a.startswith("--")]
    if "--pieces" in sys.argv or "--profile" in sys.argv:
        from frame_pieces import Pieces

        PIECES.append(Pieces(profile="--profile" in sys.argv))
    main(int(arguments[0]) if arguments else 10_000)
    if "--edits" in sys.argv:
        from edits import main as edits

        print()
        edits(int(arguments[0]) if arguments else 10_000)
