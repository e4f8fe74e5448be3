"""The Dependencies view: tasks or releases as a layered graph, left to right.

Clicking a node selects its task (or release) in every view; selecting one
elsewhere highlights and centres it here. Wheel zooms about the pointer,
dragging the background pans, the toolbar fits the graph to the window.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, Qt, QThreadPool, Signal
from PySide6.QtGui import (
    QColor,
    QFontMetricsF,
    QMouseEvent,
    QPainter,
    QPen,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from relm_desktop.domain.text import plural
from relm_desktop.gui.banner import Banner
from relm_desktop.gui.theme import Tone
from relm_desktop.gui.views.base import SnapshotView, chart_colors
from relm_desktop.gui.views.graph_item import CROSS_COLOR, CYCLE_COLOR, SUPPLIER_COLOR, GraphItem
from relm_desktop.gui.views.graph_model import (
    GraphContent,
    GraphMode,
    release_graph,
    task_graph,
)
from relm_desktop.gui.views.graph_worker import (
    FarPath,
    LayoutJob,
    LayoutOverlay,
    LayoutResult,
    start_layout,
)
from relm_desktop.gui.views.selection import SelectionBus
from relm_desktop.gui.worker import Snapshot
from relm_desktop.layout.depgraph import GraphLayout
from relm_desktop.layout.timeline import Key, RowKind
from relm_desktop.services.changes import SCHEDULE_KINDS

if TYPE_CHECKING:
    from relm_desktop.gui.document import PlanDocument

MIN_ZOOM, MAX_ZOOM = 0.03, 3.0
READABLE_ZOOM = 0.6


class GraphCanvas(QGraphicsView):
    """Zoom about the pointer, pan by dragging, click a node to pick it."""

    node_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.item: GraphItem | None = None
        self.setObjectName("depgraph-canvas")
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.MinimalViewportUpdate)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        self.setFrameShape(QGraphicsView.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def zoom(self) -> float:
        """The current scale (1.0 = natural size)."""
        return self.transform().m11()

    def resizeEvent(self, event: QResizeEvent) -> None:  # QGraphicsView.resizeEvent
        super().resizeEvent(event)
        for overlay in self.findChildren(LayoutOverlay):
            overlay.reposition()

    def zoom_by(self, factor: float) -> None:
        """Zoom by ``factor``, kept within the zoom limits."""
        target = min(MAX_ZOOM, max(MIN_ZOOM, self.zoom() * factor))
        factor = target / self.zoom()
        self.scale(factor, factor)

    def fit(self) -> None:
        """The whole graph in the window (never enlarged past its natural size)."""
        if self.item is None:
            return
        self.fitInView(self.item.boundingRect(), Qt.AspectRatioMode.KeepAspectRatio)
        if self.zoom() > 1.0:  # a small graph is shown at its natural size
            self.resetTransform()
            self.centerOn(self.item.boundingRect().center())

    def fit_readable(self) -> None:
        """Fit, but not below a zoom where labels stay legible: then show the sources."""
        self.fit()
        if self.item is None or self.zoom() >= READABLE_ZOOM:
            return
        self.resetTransform()
        self.scale(READABLE_ZOOM, READABLE_ZOOM)
        bounds = self.item.boundingRect()
        view = self.viewport().rect()
        visible_h = view.height() / READABLE_ZOOM
        self.centerOn(
            view.width() / READABLE_ZOOM / 2,
            min(bounds.center().y(), visible_h / 2)
            if bounds.height() <= visible_h
            else bounds.center().y(),
        )

    def wheelEvent(self, event: QWheelEvent) -> None:  # QGraphicsView.wheelEvent
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom_by(1.15**steps)
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # QGraphicsView.mousePressEvent
        if event.button() == Qt.MouseButton.LeftButton and self.item is not None:
            point = self.mapToScene(event.position().toPoint())
            hit = self.item.layout.node_at(point.x(), point.y())
            if hit is not None:
                self.node_clicked.emit(hit)
                event.accept()
                return
        super().mousePressEvent(event)

    def drawForeground(self, painter: QPainter, rect: QRectF | QRect) -> None:  # noqa: N802
        # QGraphicsView.drawForeground
        """The legend, fixed in the bottom-left corner of the viewport."""
        painter.save()
        painter.resetTransform()
        colors = chart_colors()
        entries = [
            ("Critical path", QPen(colors.critical_progress, 2.2)),
            ("Cross-release link", QPen(CROSS_COLOR, 1.6, Qt.PenStyle.DashLine)),
            ("Supplier link", QPen(SUPPLIER_COLOR, 1.6, Qt.PenStyle.DashDotLine)),
            ("Cycle", QPen(CYCLE_COLOR, 2.6)),
            ("Link", QPen(colors.link, 1.1)),
        ]
        fm = QFontMetricsF(self.font())
        width = 40 + max(fm.horizontalAdvance(t) for t, _ in entries) + 16
        height = len(entries) * 18 + 10
        box = QRectF(10, self.viewport().height() - height - 10, width, height)
        fill = QColor(colors.background)
        fill.setAlpha(235)
        painter.setPen(QPen(colors.header_line, 1))
        painter.setBrush(fill)
        painter.drawRoundedRect(box, 4, 4)
        painter.setFont(self.font())
        for k, (text, pen) in enumerate(entries):
            y = box.top() + 14 + k * 18
            painter.setPen(pen)
            painter.drawLine(QPointF(box.left() + 10, y), QPointF(box.left() + 38, y))
            painter.setPen(colors.text)
            painter.drawText(QPointF(box.left() + 46, y + fm.ascent() / 2 - 1), text)
        painter.restore()


class DependencyView(SnapshotView):
    """Toolbar (mode, release, zoom, critical path) + cycle banner + graph canvas."""

    kinds = SCHEDULE_KINDS

    def __init__(
        self, document: PlanDocument, bus: SelectionBus, parent: QWidget | None = None
    ) -> None:
        super().__init__(document, bus, parent)
        self.setObjectName("dependencies-view")
        self.content: GraphContent | None = None  # what is drawn now
        self.pending: GraphContent | None = None  # waiting for its layout
        self.canvas = GraphCanvas(self)
        self.overlay = LayoutOverlay(self.canvas)
        self.overlay.cancel_clicked.connect(self.cancel_layout)
        self.overlay.retry_clicked.connect(lambda: self._rebuild(fit=True))
        self.pool = QThreadPool.globalInstance()
        self._generation = 0
        self._jobs: dict[int, LayoutJob] = {}
        self._fit_pending = False
        self._after_layout: list[Callable[[], None]] = []
        self._selected: set[int] = set()
        self._far: tuple[GraphLayout, list[FarPath]] | None = None  # the worker's far paths
        self.mode_box = QComboBox(self)
        self.mode_box.setObjectName("depgraph-mode")
        self.mode_box.addItem("Tasks", GraphMode.TASKS.value)
        self.mode_box.addItem("Releases", GraphMode.RELEASES.value)
        self.release_box = QComboBox(self)
        self.release_box.setObjectName("depgraph-release")
        self.release_box.setMinimumContentsLength(22)
        self.critical_box = QCheckBox("Critical path", self)
        self.critical_box.setChecked(True)
        self.banner = Banner(self, Tone.CYCLE)  # its colours follow the palette
        self.banner.setObjectName("depgraph-cycles")
        self.banner.hide()
        self.summary = QLabel(self)
        self.summary.setObjectName("depgraph-summary")
        bar = QHBoxLayout()
        bar.setContentsMargins(8, 6, 8, 2)
        bar.addWidget(QLabel("Show", self))
        bar.addWidget(self.mode_box)
        bar.addWidget(self.release_box)
        bar.addSpacing(12)
        bar.addWidget(self.critical_box)
        bar.addStretch(1)
        bar.addWidget(self.summary)
        bar.addSpacing(12)
        for text, tip, slot in (
            ("−", "Zoom out (-)", lambda: self.canvas.zoom_by(1 / 1.25)),
            ("+", "Zoom in (+)", lambda: self.canvas.zoom_by(1.25)),
            ("100%", "Actual size", self.canvas.resetTransform),
            ("Fit", "Fit the graph to the window", self.canvas.fit),
        ):
            button = QToolButton(self)
            button.setText(text)
            button.setToolTip(tip)
            button.setObjectName(f"depgraph-{text.lower().replace('%', '')}")
            button.clicked.connect(slot)
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(bar)
        banner_row = QHBoxLayout()
        banner_row.setContentsMargins(8, 0, 8, 0)
        banner_row.addWidget(self.banner)
        layout.addLayout(banner_row)
        layout.addWidget(self.canvas, 1)
        self.mode_box.currentIndexChanged.connect(lambda _: self._rebuild(fit=True))
        self.release_box.currentIndexChanged.connect(lambda _: self._rebuild(fit=True))
        self.critical_box.toggled.connect(self._toggle_critical)
        self.canvas.node_clicked.connect(self._on_node_clicked)

    @property
    def mode(self) -> GraphMode:
        return GraphMode(self.mode_box.currentData())

    def set_mode(self, mode: GraphMode) -> None:
        self.mode_box.setCurrentIndex(self.mode_box.findData(mode.value))

    # -- feeding ------------------------------------------------------------------------
    def refresh(self, snapshot: Snapshot) -> None:
        current = self.release_box.currentData()
        self.release_box.blockSignals(True)
        self.release_box.clear()
        self.release_box.addItem("All releases", None)
        for release in snapshot.data.releases:
            self.release_box.addItem(f"{release.name} {release.version}".strip(), release.id)
        index = self.release_box.findData(current) if current is not None else 0
        self.release_box.setCurrentIndex(max(0, index))
        self.release_box.blockSignals(False)
        self._rebuild(fit=self.content is None)

    def _rebuild(self, *, fit: bool = False) -> None:
        """Rebuild the graph's content; lay it out on a worker unless it is unchanged."""
        snapshot = self.snapshot
        if snapshot is None:
            return
        self.release_box.setEnabled(self.mode is GraphMode.TASKS)
        if self.mode is GraphMode.TASKS:
            content = task_graph(snapshot, self.release_box.currentData())
        else:
            content = release_graph(snapshot)
        self._fit_pending = self._fit_pending or fit
        if content.reuse_layout(self.content):
            self._cancel_jobs()
            self.pending = None
            self.overlay.hide()
            self._install(content)
            return
        styles = [(e.critical, e.cross_release, e.supplier) for e in content.edges]
        running = self._jobs.get(self._generation)
        if (
            running is not None
            and self.pending is not None
            and self.pending.signature() == content.signature()
            and running.styles == styles
        ):
            self.pending = content  # same graph: the running layout serves it
            return
        self._cancel_jobs()
        self._generation += 1
        self.pending = content
        job = LayoutJob(
            self._generation,
            list(content.nodes),
            content.layout_edges(),
            content.metrics(),
            styles,
        )
        job.signals.progress.connect(self._on_progress)
        job.signals.done.connect(self._on_layout)
        job.signals.cancelled.connect(self._on_cancelled)
        job.signals.failed.connect(self._on_failed)
        self._jobs[self._generation] = job
        noun = "tasks" if content.mode is GraphMode.TASKS else "releases"
        self.overlay.running(f"Laying out {len(content.nodes):,} {noun}…")
        start_layout(self.pool, job)

    def is_laying_out(self) -> bool:
        """Whether a layout is still running for what the view should show."""
        return self.pending is not None

    def cancel_layout(self) -> None:
        """Stop the running layout (the Cancel button); the last graph stays shown."""
        self._cancel_jobs()

    def _cancel_jobs(self) -> None:
        for job in self._jobs.values():
            job.cancel()

    def detach(self) -> None:
        """The plan closed: stop its layout and let go of its graph now.

        A layout still running is cancelled and a result already on its way
        is dropped when it arrives (nothing is pending any more): installed,
        it would keep the closed plan's graph, layout and records for as long
        as this view's wrapper lives.
        """
        self._cancel_jobs()
        self._jobs.clear()
        self._generation += 1
        self.pending = self.content = None
        self._far = None
        self._after_layout = []
        self.canvas.item = None
        self.canvas.scene().clear()
        self.overlay.hide()
        self.snapshot = None

    def _take_job(self, generation: int) -> bool:
        """Forget the job; True if its result is for the newest request."""
        self._jobs.pop(generation, None)
        return generation == self._generation and self.pending is not None

    def _on_progress(self, generation: int, fraction: float) -> None:
        if generation == self._generation:
            self.overlay.set_fraction(fraction)

    def _on_layout(self, generation: int, result: LayoutResult) -> None:
        if not self._take_job(generation):
            return  # stale: a newer request superseded it
        content, self.pending = self.pending, None
        assert content is not None
        content.layout = result.layout
        self._far = (result.layout, result.far)
        self.overlay.hide()
        self._install(content)

    def _on_cancelled(self, generation: int) -> None:
        if self._take_job(generation):
            self.pending = None
            self.overlay.stopped("Layout cancelled.")

    def _on_failed(self, generation: int, message: str) -> None:
        if self._take_job(generation):
            self.pending = None
            self.overlay.stopped(f"Layout failed: {message}")

    def _install(self, content: GraphContent) -> None:
        """Show ``content`` (already laid out): one graphics item, banner, summary."""
        assert content.layout is not None
        reused = self.content is not None and self.content.layout is content.layout
        self.content = content
        scene = self.canvas.scene()
        scene.clear()
        far = self._far[1] if self._far is not None and self._far[0] is content.layout else None
        item = GraphItem(content, chart_colors(), self.font(), far)
        item.show_critical = self.critical_box.isChecked()
        item.selected = {i for i in self._selected if i in content.nodes}
        scene.addItem(item)
        scene.setSceneRect(item.boundingRect().adjusted(-40, -40, 40, 40))
        self.canvas.item = item
        self.banner.setText("⚠ " + content.cycle_text + ". The links on them are drawn in purple.")
        self.banner.setVisible(bool(content.cycle_text))
        noun = "task" if content.mode is GraphMode.TASKS else "release"
        self.summary.setText(
            f"{plural(len(content.nodes), noun)} · {plural(len(content.edges), 'link')}"
        )
        if self._fit_pending or not reused:
            self.canvas.fit_readable()
        self._fit_pending = False
        after, self._after_layout = self._after_layout, []
        for step in after:
            step()
        if self._selected & set(content.nodes):
            self._highlight(self._selected, centre=True)

    def changeEvent(self, event: QEvent) -> None:  # QWidget.changeEvent
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            item = self.canvas.item
            if item is not None:  # light/dark switch: repaint now, not on the next rebuild
                item.colors = chart_colors()
                item.update()
            self.canvas.viewport().update()

    def prepare_screenshot(self) -> None:
        """The demo's payments release at a readable zoom (for docs/images)."""
        for index in range(self.release_box.count()):
            if str(self.release_box.itemText(index)).startswith("Payments"):
                self.release_box.setCurrentIndex(index)
        if self.is_laying_out():
            self._after_layout.append(self._screenshot_view)
        else:
            self._screenshot_view()

    def _screenshot_view(self) -> None:
        self.canvas.resetTransform()
        self.canvas.scale(0.8, 0.8)
        self.canvas.centerOn(
            self.canvas.viewport().width() / 1.6, self.canvas.sceneRect().center().y()
        )

    def _toggle_critical(self, on: bool) -> None:
        if self.canvas.item is not None:
            self.canvas.item.show_critical = on
            self.canvas.item.update()

    # -- selection ----------------------------------------------------------------------
    def _on_node_clicked(self, ident: int) -> None:
        kind = RowKind.TASK if self.mode is GraphMode.TASKS else RowKind.RELEASE
        self._highlight({ident}, centre=False)
        self.publish([(kind, ident)])

    def follow_selection(self, keys: list[Key]) -> None:
        kind = RowKind.TASK if self.mode is GraphMode.TASKS else RowKind.RELEASE
        ids = {ident for k, ident in keys if k is kind}
        if self.mode is GraphMode.RELEASES and self.snapshot is not None and not ids:
            tasks = {t.id: t.release_id for t in self.snapshot.data.tasks}
            ids = {tasks[i] for k, i in keys if k is RowKind.TASK and i in tasks}
        self._highlight(ids, centre=True)

    def _highlight(self, ids: set[int], *, centre: bool) -> None:
        self._selected = set(ids)  # kept across layouts: applied when one arrives
        item = self.canvas.item
        if item is None:
            return
        item.selected = {i for i in ids if i in item.layout.nodes}
        item.update()
        if centre and item.selected:
            box = item.layout.nodes[min(item.selected)]
            self.canvas.ensureVisible(QRectF(box.x, box.y, box.w, box.h), 80, 80)

    def selected_ids(self) -> set[int]:
        """Ids highlighted in the graph (also while a new layout is on its way)."""
        shown = self.pending or self.content
        if shown is None:
            return set()
        return {i for i in self._selected if i in shown.nodes}
