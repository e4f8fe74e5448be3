"""The dependency-graph layout off the GUI thread: a cancellable job and its overlay.

At 10,000 tasks the layout takes a second or two; on the GUI thread that
would freeze the window. ``LayoutJob`` runs ``layout_graph`` on a
``QThreadPool`` thread and reports progress, the result or a cancellation
through signals tagged with a generation number, so the view can drop a
stale result. The job holds plain data only and never touches widgets.
``LayoutOverlay`` is what the view shows meanwhile: "Laying out N tasks…",
a progress bar and Cancel.
"""

from __future__ import annotations

import contextlib
import sys
import threading
import time
import traceback
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from PySide6.QtCore import (
    QCoreApplication,
    QObject,
    QRectF,
    QRunnable,
    Qt,
    QThreadPool,
    Signal,
)
from PySide6.QtGui import QPainterPath
from PySide6.QtWidgets import QFrame, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from relm_desktop import gcpause
from relm_desktop.layout.depgraph import GraphLayout, LayoutCancelled, Metrics, layout_graph

#: Progress is reported at most this often (seconds): signals cost GUI time too.
PROGRESS_INTERVAL = 0.05
#: Far-view paths are cut into blocks of this many columns, painted only when visible.
BLOCK_COLUMNS = 6

#: How a link is drawn: (on a cycle, critical, cross-release, supplier).
EdgeStyle = tuple[bool, bool, bool, bool]


@dataclass(frozen=True, slots=True)
class FarPath:
    """Links of one style starting in one block of columns, as one path."""

    style: EdgeStyle
    extent: QRectF
    path: QPainterPath


def far_paths(layout: GraphLayout, styles: Sequence[tuple[bool, bool, bool]]) -> list[FarPath]:
    """Every route as plain polylines, grouped by style and block of columns.

    ``styles`` holds (critical, cross-release, supplier) per input edge.
    Zoomed far out the whole graph is visible: a few paths draw it in a few
    calls. Building them takes a while at 10,000 tasks, so the layout
    worker does it (``QPainterPath`` is a value type, safe off the GUI thread).
    """
    groups: dict[tuple[EdgeStyle, int], tuple[QPainterPath, list[float]]] = {}
    step = layout.column_width
    margin = layout.metrics.margin
    for route in layout.edges:
        x0, y0, x1, y1 = route.bbox
        block = int((x0 - margin) // step) // BLOCK_COLUMNS
        key = ((route.in_cycle, *styles[route.index]), block)
        entry = groups.get(key)
        if entry is None:
            entry = groups[key] = (QPainterPath(), [x0, y0, x1, y1])
        path, extent = entry
        pts = route.points
        path.moveTo(*pts[0])
        for x, y in pts[1:]:
            path.lineTo(x, y)
        extent[0], extent[1] = min(extent[0], x0), min(extent[1], y0)
        extent[2], extent[3] = max(extent[2], x1), max(extent[3], y1)
    return [
        FarPath(style, QRectF(e[0], e[1], e[2] - e[0], e[3] - e[1]), path)
        for (style, _), (path, e) in groups.items()
    ]


@dataclass(frozen=True, slots=True)
class LayoutResult:
    """What a ``LayoutJob`` hands back: the layout and its far-view paths."""

    layout: GraphLayout
    far: list[FarPath]


#: GIL switch interval while a layout runs (Python's default is 5 ms). The GUI
#: thread gives the GIL up around Qt calls while painting; with a pure-Python
#: worker busy, getting it back took up to the whole interval each time, so a
#: repaint took about 3x as long. 1 ms halves that for a few % of layout time.
LAYOUT_SWITCH_INTERVAL = 0.001

_gil_lock = threading.Lock()
_gil_users = 0
_gil_saved = 0.005


@contextlib.contextmanager
def _sharing_the_gil() -> Iterator[None]:
    """While any layout runs: a short GIL switch interval and the collector paused.

    The layout makes a few hundred thousand short-lived containers and no
    reference cycles. Left on, the cyclic collector would run full passes
    over the whole heap meanwhile, holding the GIL for a large fraction of a
    second each: the GUI thread would stall. The pause is ``gcpause``'s
    (counted with every other bulk job, and holding the idle collector's
    full collections off meanwhile); the switch interval is counted here:
    the last layout to end restores it.
    """
    global _gil_users, _gil_saved
    with _gil_lock:
        if _gil_users == 0:
            _gil_saved = sys.getswitchinterval()
            sys.setswitchinterval(LAYOUT_SWITCH_INTERVAL)
        _gil_users += 1
    try:
        with gcpause.gc_paused():
            yield
    finally:
        with _gil_lock:
            _gil_users -= 1
            if _gil_users == 0:
                sys.setswitchinterval(_gil_saved)


class LayoutSignals(QObject):
    """Signals of a ``LayoutJob``; created on the GUI thread, so slots run there."""

    progress = Signal(int, float)  # generation, fraction done
    done = Signal(int, object)  # generation, LayoutResult
    cancelled = Signal(int)
    failed = Signal(int, str)


class LayoutJob(QRunnable):
    """One layout of ``node_ids`` and ``edges``, tagged with the view's generation."""

    def __init__(
        self,
        generation: int,
        node_ids: Sequence[int],
        edges: Sequence[tuple[int, int]],
        metrics: Metrics,
        styles: Sequence[tuple[bool, bool, bool]] | None = None,
        lanes: Sequence[int] | None = None,
    ) -> None:
        super().__init__()
        self.generation = generation
        self.node_ids = list(node_ids)
        self.edges = list(edges)
        self.lanes = list(lanes) if lanes is not None else None
        self.styles = list(styles) if styles is not None else [(False, False, False)] * len(edges)
        self.metrics = metrics
        self.signals = LayoutSignals()
        self._stop = threading.Event()
        self._reported = 0.0

    def cancel(self) -> None:
        """Ask the job to stop at its next progress point (thread-safe)."""
        self._stop.set()

    def _progress(self, fraction: float) -> None:
        if self._stop.is_set():
            raise LayoutCancelled
        now = time.monotonic()
        if now - self._reported >= PROGRESS_INTERVAL:
            self._reported = now
            self.signals.progress.emit(self.generation, fraction)

    def run(self) -> None:  # QRunnable.run
        with _sharing_the_gil():
            self._lay_out()

    def _lay_out(self) -> None:
        try:
            layout = layout_graph(
                self.node_ids,
                self.edges,
                metrics=self.metrics,
                progress=self._progress,
                lanes=self.lanes,
            )
            self._progress(1.0)
            result = LayoutResult(layout, far_paths(layout, self.styles))
        except LayoutCancelled:
            self.signals.cancelled.emit(self.generation)
            return
        except Exception as exc:  # reported in the view, never lost in a thread
            traceback.print_exc()
            self.signals.failed.emit(self.generation, f"{type(exc).__name__}: {exc}")
            return
        self.signals.done.emit(self.generation, result)


def start_layout(pool: QThreadPool, job: LayoutJob) -> None:
    """Run ``job`` on ``pool``; everything of it is let go once its last signal arrived.

    The pool is handed the job's ``run``, not the job: PySide keeps a
    ``QRunnable`` given to ``QThreadPool.start`` referenced from the pool's
    wrapper, in C++ where no collection sees it, until its C++ side is
    deleted, and with auto-delete off (so that a view closed meanwhile cannot
    free a job its thread still runs) that was never: every layout's job
    stayed, with its inputs (~40,000 objects at 10,000 tasks), and with a
    closure that referred to it from its own signals (a cycle through a C++
    connection, which no collection breaks either). A callable is held by the
    pool while it runs and dropped after, and no slot here refers to the job.

    The signals' ``QObject`` belongs to the GUI thread, where their slots
    run; the job's last reference may go on the worker's thread, so they
    are the application's child meanwhile and deleted on the GUI thread
    after the job's last signal (``deleteLater``), never on the worker's.
    """
    signals = job.signals
    signals.setParent(QCoreApplication.instance())
    for last in (signals.done, signals.cancelled, signals.failed):
        last.connect(signals.deleteLater)
    pool.start(job.run)


class LayoutOverlay(QFrame):
    """A small panel centred over the graph while a layout runs: text, progress, Cancel."""

    cancel_clicked = Signal()
    retry_clicked = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("depgraph-progress")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.label = QLabel(self)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 100)
        self.bar.setTextVisible(False)
        self.button = QPushButton("Cancel", self)
        self.button.setObjectName("depgraph-cancel")
        self.button.clicked.connect(self._clicked)
        box = QVBoxLayout(self)
        box.setContentsMargins(16, 12, 16, 12)
        box.addWidget(self.label)
        box.addWidget(self.bar)
        box.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        self.setFixedWidth(300)
        self.hide()

    def running(self, text: str) -> None:
        """Show ``text`` with an empty bar and a Cancel button."""
        self.label.setText(text)
        self.bar.setValue(0)
        self.bar.show()
        self.button.setText("Cancel")
        self._place()
        self.show()
        self.raise_()

    def stopped(self, text: str) -> None:
        """Show ``text`` (cancelled or failed) with a button to lay out again."""
        self.label.setText(text)
        self.bar.hide()
        self.button.setText("Lay out again")
        self._place()
        self.show()
        self.raise_()

    def set_fraction(self, fraction: float) -> None:
        """Move the bar to ``fraction`` (0 … 1) of the work."""
        self.bar.setValue(round(100 * min(1.0, max(0.0, fraction))))

    def is_running(self) -> bool:
        """Whether the overlay shows a layout in progress (not a stopped one)."""
        return self.isVisible() and self.bar.isVisible()

    def _clicked(self) -> None:
        if self.bar.isVisible():
            self.cancel_clicked.emit()
        else:
            self.retry_clicked.emit()

    def _place(self) -> None:
        self.adjustSize()
        parent = self.parentWidget()
        if parent is not None:
            self.move((parent.width() - self.width()) // 2, (parent.height() - self.height()) // 3)

    def reposition(self) -> None:
        """Keep centred after the parent was resized."""
        if self.isVisible():
            self._place()
