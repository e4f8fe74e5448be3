"""The Dependencies view: tasks or releases as a layered graph, left to right.

Clicking a node selects its task (or release) in every view; selecting one
elsewhere highlights and centres it here. Wheel zooms about the pointer,
dragging the background pans, the toolbar fits the graph to the window.

Tasks sit in one lane per release, named at the view's left edge. Fit never
zooms out so far that names become unreadable while the lanes still fit the
window's height (the graph then scrolls sideways); only a graph too tall for
that is shown whole, as boxes, with the nodes that matter labelled. Focus
(its button, View ▸ Focus Graph on Selection, Esc to leave) shows only the
selected tasks and what they wait for and what waits for them, following
the selection.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QRectF, Qt, QThreadPool, Signal
from PySide6.QtGui import (
    QAction,
    QKeyEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
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
from relm_desktop.gui.views.graph_canvas import GraphCanvas
from relm_desktop.gui.views.graph_item import GraphItem
from relm_desktop.gui.views.graph_legend import GraphLegend
from relm_desktop.gui.views.graph_model import (
    GraphContent,
    GraphMode,
    focused,
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

#: The window's action that toggles focus mode (declared in gui/actions/view.py).
FOCUS_ACTION = "relm.view.graph_focus"


class DependencyView(SnapshotView):
    """Toolbar (mode, release, zoom, critical path) + cycle banner + graph canvas."""

    kinds = SCHEDULE_KINDS
    #: Focus mode switched on or off (the window's action follows it).
    focus_changed = Signal(bool)

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
        self._focus = False
        self._focus_action: QAction | None = None
        # The content shown before the last install: leaving focus reuses its layout.
        self._previous: GraphContent | None = None
        self.mode_box = QComboBox(self)
        self.mode_box.setObjectName("depgraph-mode")
        self.mode_box.addItem("Tasks", GraphMode.TASKS.value)
        self.mode_box.addItem("Releases", GraphMode.RELEASES.value)
        self.release_box = QComboBox(self)
        self.release_box.setObjectName("depgraph-release")
        self.release_box.setMinimumContentsLength(22)
        self.critical_box = QCheckBox("Critical path", self)
        self.critical_box.setChecked(True)
        self.focus_button = QToolButton(self)
        self.focus_button.setObjectName("depgraph-focus")
        self.focus_button.setText("Focus")
        self.focus_button.setCheckable(True)
        self.focus_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.focus_button.setToolTip(
            "Show only the selected task's upstream and downstream (Ctrl+Shift+G; Esc leaves)"
        )
        self.focus_button.toggled.connect(self.set_focus_mode)
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
        bar.addSpacing(8)
        bar.addWidget(self.focus_button)
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
        self.legend = GraphLegend(self)
        layout.addWidget(self.legend)
        self.mode_box.currentIndexChanged.connect(lambda _: self._rebuild(fit=True))
        self.release_box.currentIndexChanged.connect(lambda _: self._rebuild(fit=True))
        self.critical_box.toggled.connect(self._toggle_critical)
        self.canvas.node_clicked.connect(self._on_node_clicked)

    @property
    def mode(self) -> GraphMode:
        return GraphMode(self.mode_box.currentData())

    def set_mode(self, mode: GraphMode) -> None:
        self.mode_box.setCurrentIndex(self.mode_box.findData(mode.value))

    # -- focus ----------------------------------------------------------------------------
    @property
    def focus_mode(self) -> bool:
        """Whether only the selection's upstream and downstream are shown."""
        return self._focus

    def set_focus_mode(self, on: bool) -> None:
        """Enter or leave focus mode (the button, the window's action, Esc)."""
        if on == self._focus:
            return
        self._focus = on
        self.focus_button.blockSignals(True)
        self.focus_button.setChecked(on)
        self.focus_button.blockSignals(False)
        self.focus_changed.emit(on)
        self._rebuild(fit=True)

    def _focus_roots(self, content: GraphContent) -> set[int]:
        return {i for i in self._selected if i in content.nodes}

    def keyPressEvent(self, event: QKeyEvent) -> None:  # QWidget.keyPressEvent
        if event.key() == Qt.Key.Key_Escape and self._focus:
            self.set_focus_mode(False)
            event.accept()
            return
        super().keyPressEvent(event)

    def showEvent(self, event: QShowEvent) -> None:  # QWidget.showEvent
        super().showEvent(event)
        if self._focus_action is None:  # the window's check action mirrors the button
            action = self.window().findChild(QAction, FOCUS_ACTION)
            if isinstance(action, QAction):
                self._focus_action = action
                action.setChecked(self._focus)
                self.focus_changed.connect(action.setChecked)

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
        if self._focus and self._focus_roots(content):
            content = focused(content, self._focus_roots(content))
        self._fit_pending = self._fit_pending or fit
        if content.reuse_layout(self.content) or content.reuse_layout(self._previous):
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
            content.layout_lanes(),
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
        self.pending = self.content = self._previous = None
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
        if not reused:
            self._previous = self.content
        self.content = content
        scene = self.canvas.scene()
        scene.clear()
        far = self._far[1] if self._far is not None and self._far[0] is content.layout else None
        item = GraphItem(content, chart_colors(), self.font(), far)
        item.show_critical = self.critical_box.isChecked()
        item.selected = {i for i in self._selected if i in content.nodes}
        scene.addItem(item)
        scene.setSceneRect(item.boundingRect().adjusted(-16, -16, 16, 16))
        self.canvas.item = item
        self.banner.setText("⚠ " + content.cycle_text + ". The links on them are drawn in purple.")
        self.banner.setVisible(bool(content.cycle_text))
        self.summary.setText(self._summary(content))
        if self._fit_pending or not reused:
            self.canvas.fit()
        self._fit_pending = False
        after, self._after_layout = self._after_layout, []
        for step in after:
            step()
        if self._selected & set(content.nodes):
            self._highlight(self._selected, centre=True)

    def _summary(self, content: GraphContent) -> str:
        noun = "task" if content.mode is GraphMode.TASKS else "release"
        focus = content.focus
        if focus is not None:
            names = [content.nodes[i].title for i in sorted(focus.roots)]
            who = f"'{names[0]}'" if len(names) == 1 else plural(len(names), noun)
            return (
                f"Focus on {who} · {len(focus.upstream)} upstream · "
                f"{len(focus.downstream)} downstream"
            )
        text = f"{plural(len(content.nodes), noun)} · {plural(len(content.edges), 'link')}"
        if self._focus:
            text += f" · select a {noun} to focus on"
        return text

    def changeEvent(self, event: QEvent) -> None:  # QWidget.changeEvent
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            item = self.canvas.item
            if item is not None:  # light/dark switch: repaint now, not on the next rebuild
                item.colors = chart_colors()
                item.update()
            self.canvas.viewport().update()
            self.legend.update()

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
        if self._focus:  # focus follows the selection: lay out around the new one
            shown = self.pending or self.content
            roots = shown.focus.roots if shown is not None and shown.focus is not None else set()
            if ids != roots and self.isVisible():
                self._rebuild(fit=True)
            elif ids != roots:  # hidden: lay out once when shown, not for every row passed
                self._dirty = True

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
