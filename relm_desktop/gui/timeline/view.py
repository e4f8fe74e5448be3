"""The timeline view: the task table and the chart side by side, sharing rows."""

from __future__ import annotations

from collections import deque
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPoint,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from relm_desktop.gui import dates
from relm_desktop.gui.commands import OutlineCommand
from relm_desktop.gui.link_commands import push_task_edit
from relm_desktop.gui.link_dialog import show_link_dialog
from relm_desktop.gui.task_info import show_task_info
from relm_desktop.gui.timeline.chart import GanttChart
from relm_desktop.gui.timeline.delegate import TaskDelegate
from relm_desktop.gui.timeline.filtering import FilterBar, shown_timeline, status_of
from relm_desktop.gui.timeline.menu import task_menu
from relm_desktop.gui.timeline.painter import HEADER_HEIGHT
from relm_desktop.gui.timeline.table import INDENT, TaskTable
from relm_desktop.gui.timeline.tree_model import HEADERS, Column, TaskTreeModel
from relm_desktop.gui.timeline.zooming import zoom_keeping, zoom_to_span
from relm_desktop.gui.worker import Snapshot
from relm_desktop.layout.filters import ViewOptions
from relm_desktop.layout.geometry import ROW_HEIGHT
from relm_desktop.layout.scale import Zoom, zoom_in, zoom_out
from relm_desktop.layout.timeline import Key, Node, RowKind, RowLayout

if TYPE_CHECKING:
    from relm_desktop.gui.context import Prompts
    from relm_desktop.gui.document import PlanDocument

#: Widest text each column shows, measured in the bold font of summary rows
#: (release and phase rows are bold, so a plain-font width clips their dates).
_SAMPLES = {
    Column.DURATION: "Days",
    Column.START: "30 Sep 26",
    Column.FINISH: "30 Sep 26",
    Column.PERCENT: "100%",
    Column.WBS: "1.12.4.2",
    Column.CONSTRAINT_DATE: "30 Sep 26",
    Column.TOTAL_FLOAT: "-888d",
    Column.BASELINE_START: "30 Sep 26",
    Column.BASELINE_FINISH: "30 Sep 26",
    Column.SLIP: "+888d",
}
#: Columns of names and text: average characters shown before eliding.
_CHARS = {
    Column.NAME: 26,
    Column.TEAM: 13,
    Column.CONSTRAINT: 22,
    Column.PREDECESSORS: 12,
    Column.ENVIRONMENT: 11,
    Column.NOTES: 28,
}


def column_widths(font: QFont) -> dict[Column, int]:
    """Column widths from the font's metrics, so no font size clips a date."""
    bold = QFont(font)
    bold.setBold(True)
    fm = QFontMetrics(bold)
    widths = {column: fm.horizontalAdvance(text) + 14 for column, text in _SAMPLES.items()}
    # A date column is as wide as the user's date format makes dates ("30 Sep 26" stands for it).
    date_width = fm.horizontalAdvance(dates.widest_date()) + 14
    widths.update({column: date_width for column, text in _SAMPLES.items() if text == "30 Sep 26"})
    average = QFontMetrics(font).averageCharWidth()
    for column, chars in _CHARS.items():
        widths[column] = chars * average + 10
    widths[Column.NAME] += 2 * INDENT + 6
    # An optional column is at least as wide as its title ("Baseline finish").
    for column in Column:
        if column >= Column.PREDECESSORS:
            title = fm.horizontalAdvance(HEADERS[column]) + 14
            widths[column] = max(widths.get(column, title), title)
    return widths


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Sorted row numbers as (first, last) runs of adjacent rows."""
    runs: list[tuple[int, int]] = []
    for row in sorted(set(rows)):
        if runs and runs[-1][1] == row - 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs


class TimelineView(QWidget):
    """Tree-table + Gantt chart of one document."""

    #: The user asked to edit a row's properties: (kind, id).
    edit_requested = Signal(str, int)
    #: The selected rows changed: a list of (kind, id) keys.
    selection_changed = Signal(list)
    #: A message for the status bar.
    message = Signal(str)
    #: The filter or grouping changed: the new ``ViewOptions``.
    options_changed = Signal(object)

    def __init__(
        self, document: PlanDocument, prompts: Prompts, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.prompts = prompts
        self.collapsed: set[Key] = set()
        self._restoring = False
        #: The filter and grouping shown (filtering.py), and the date overdue is judged at.
        self.options = ViewOptions()
        self.status_date = date.today()
        self.model = TaskTreeModel(document.update, self)
        # Predecessors edits replace a task's links in one undoable call (services/links.py).
        self.model.set_links = lambda task, specs, text: push_task_edit(
            document, task, None, specs, text
        )
        self.model.plan_timeline = lambda: (
            document.snapshot.timeline if document.snapshot is not None else None
        )
        self._undo_index = document.undo_stack.index()
        self._selected: list[Key] | None = None  # the selected rows' keys (selected_keys)
        self._selected_tasks: list[int] | None = None  # and their task ids
        #: The keys selected before a model reset, while they are selected again.
        self._reselecting: list[Key] | None = None
        self.tree = TaskTable(self.model, self)
        self.tree.setObjectName("timeline-table")
        self.delegate = TaskDelegate(self.tree)
        self.delegate.is_folded = self.tree.is_folded
        self.chart = GanttChart(document, self)
        self.chart.setObjectName("timeline-chart")
        self._setup_tree()
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("timeline-splitter")
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(self.chart)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        # The table gets what its columns need; every other pixel goes to the chart.
        self.splitter.setSizes([self.table_width(), 4000])
        self.splitter.setHandleWidth(5)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.filter_bar = FilterBar(self)
        self.filter_bar.cleared.connect(lambda: self.set_options(ViewOptions()))
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.splitter)
        self._connect()

    def table_width(self) -> int:
        visible = (c for c in Column if not self.tree.isColumnHidden(int(c)))
        return sum(self.tree.columnWidth(int(c)) for c in visible) + 2

    def _setup_tree(self) -> None:
        tree = self.tree
        tree.setItemDelegate(self.delegate)
        tree.setAlternatingRowColors(True)
        tree.setFrameShape(QFrame.Shape.NoFrame)
        tree.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        # The chart's scroll bar drives both; the table's stays hidden.
        tree.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        tree.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        header = tree.horizontalHeader()
        header.setFixedHeight(HEADER_HEIGHT)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        for column, width in column_widths(tree.font()).items():
            tree.setColumnWidth(int(column), width)
        for column in Column:
            if column >= Column.CONSTRAINT:  # optional: shown from the column chooser
                tree.setColumnHidden(int(column), True)
        # The ID that predecessors refer to ("3FS+2d"): always shown, first, narrow.
        tree.setColumnHidden(int(Column.ID), False)
        id_width = QFontMetrics(tree.font()).horizontalAdvance("00000") + 12
        tree.setColumnWidth(int(Column.ID), id_width)
        header.moveSection(header.visualIndex(int(Column.ID)), 0)
        tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def _connect(self) -> None:
        tree_bar = self.tree.verticalScrollBar()
        chart_bar = self.chart.verticalScrollBar()

        def mirror_range(low: int, high: int) -> None:
            chart_bar.setRange(low, high)
            chart_bar.setPageStep(tree_bar.pageStep())
            chart_bar.setSingleStep(tree_bar.singleStep())

        tree_bar.rangeChanged.connect(mirror_range)
        tree_bar.valueChanged.connect(chart_bar.setValue)
        chart_bar.valueChanged.connect(tree_bar.setValue)
        self.tree.fold_requested.connect(self.set_folded)
        self.tree.rows_dropped.connect(self.drop_rows)
        # Before anything that reads the selection (``selected_keys`` keeps it).
        self.tree.selectionModel().selectionChanged.connect(self._forget_selection)
        self.model.modelReset.connect(self._forget_selection)
        self.model.layoutChanged.connect(self._forget_selection)
        self.tree.selectionModel().selectionChanged.connect(self._on_selection)
        self.tree.customContextMenuRequested.connect(self._tree_menu)
        self.delegate.rejected.connect(self.message)
        self.chart.row_clicked.connect(self._on_chart_click)
        self.chart.row_activated.connect(self._on_row_activated)
        self.chart.link_activated.connect(self.edit_link)
        self.document.undo_stack.indexChanged.connect(self._on_undo_index)
        self.chart.menu_requested.connect(self._chart_menu)
        self.chart.status.connect(self.message)
        self.document.scheduled.connect(self.show_snapshot)

    # -- data -------------------------------------------------------------------------
    def show_snapshot(self, snapshot: Snapshot) -> None:
        """Show a new schedule, keeping folds, selection and scroll position.

        The worker laid out the rows for the folds it was given; only if the
        user folded something since does the GUI thread lay them out again.
        """
        selected = self.selected_keys()
        current = self.model.node(self.tree.currentIndex())
        self.status_date = status_of(snapshot.data)
        timeline = shown_timeline(snapshot.timeline, snapshot.data, self.options, self.status_date)
        known = set(timeline.by_key)
        self.collapsed &= known
        rows = snapshot.rows if timeline is snapshot.timeline else None
        if rows is None or rows.collapsed != frozenset(self.collapsed):
            rows = RowLayout(timeline, self.collapsed)
        teams = {team.id: team.name for team in snapshot.data.teams}
        environments = {env.id: env.name for env in snapshot.data.environments}
        value = self.tree.verticalScrollBar().value()
        reset = self.model.set_rows(rows, teams, environments, snapshot.calendar)
        if reset:
            # The same rows selected again after the reset: nothing to tell the
            # other views (the window refreshes them for the new schedule anyway).
            self._reselecting = selected
            try:
                self.select_keys([k for k in selected if k in known], scroll=False)
            finally:
                self._reselecting = None
            if current is not None and current.key in known:
                self.tree.selectionModel().setCurrentIndex(
                    self.model.index_of(current.key), QItemSelectionModel.SelectionFlag.NoUpdate
                )
            self.tree.verticalScrollBar().setValue(value)
        self.chart.collapsed = set(self.collapsed)
        self.chart.today = self.status_date  # the today line, and what is overdue, are as of it
        self.tree.row_painter.status = self.status_date
        self.chart.set_timeline(timeline, snapshot.calendar, rows)
        self.filter_bar.show_options(self.options, snapshot.data, timeline, snapshot.timeline)

    def set_options(self, options: ViewOptions) -> None:
        """Filter or group the rows (the view only: the plan does not change)."""
        if options == self.options:
            return
        self.options = options
        if self.document.snapshot is not None:
            self.show_snapshot(self.document.snapshot)
        self.options_changed.emit(options)

    def _apply_folds(self) -> None:
        """Lay out the rows again for ``collapsed`` and show them in both halves."""
        timeline = self.model.timeline
        self.tree.folded = set(self.collapsed)
        self.document.collapsed = frozenset(self.collapsed)
        if timeline is None:
            return
        selected = self.selected_keys()
        rows = RowLayout(timeline, self.collapsed)
        self.model.set_rows(rows)
        self._restoring = True
        shown = [k for k in selected if self.model.row_of_key(k) is not None]
        self.select_keys(shown, scroll=False)
        self._restoring = False
        self.chart.collapsed = set(self.collapsed)
        self.chart.set_row_layout(rows)

    def set_folded(self, key: Key, folded: bool) -> None:
        """Fold or unfold one release or phase."""
        if folded == (key in self.collapsed):
            return
        if folded:
            self.collapsed.add(key)
        else:
            self.collapsed.discard(key)
        self._apply_folds()

    def is_folded(self, key: Key) -> bool:
        return key in self.collapsed

    def expand_all(self) -> None:
        self.collapsed.clear()
        self._apply_folds()

    def collapse_all(self) -> None:
        """Fold every release (phases keep their own state)."""
        timeline = self.model.timeline
        if timeline is None:
            return
        for index in timeline.roots:
            self.collapsed.add(timeline.nodes[index].key)
        self._apply_folds()

    # -- selection --------------------------------------------------------------------
    def selected_keys(self) -> list[Key]:
        # From the selection's ranges (whole rows): ``selectedRows`` asks every cell's
        # flags (~35 ms for 500 rows). Kept until the selection or the rows change:
        # the menus' enabling conditions ask for it dozens of times per update.
        if self._selected is not None:
            return list(self._selected)
        keys = []
        seen: set[int] = set()
        selection = self.tree.selectionModel().selection()
        node_at = self.model.node_at  # (no model index made per row: 500 after a paste)
        for part in range(selection.count()):
            selected = selection.at(part)
            for row in range(selected.top(), selected.bottom() + 1):
                node = node_at(row)
                if node is not None and row not in seen:
                    seen.add(row)
                    keys.append(node.key)
        self._selected = keys
        return list(keys)

    def _forget_selection(self, *_: object) -> None:
        self._selected = self._selected_tasks = None

    def selected_task_ids(self) -> list[int]:
        # Kept with the keys: the menus' conditions ask for it ~25 times per update,
        # each a pass over the keys (500 after a paste).
        if self._selected_tasks is None or self._selected is None:
            keys = self.selected_keys()
            self._selected_tasks = [ident for kind, ident in keys if kind is RowKind.TASK]
        return list(self._selected_tasks)

    def _on_selection(self, *_: object) -> None:
        keys = self.selected_keys()
        if keys == self._reselecting:
            return
        self.chart.set_selected(set(keys))
        self.selection_changed.emit(keys)

    def select_keys(self, keys: list[Key], *, scroll: bool = True) -> None:
        """Select rows (unfolding their parents) and optionally bring the first into view."""
        model = self.tree.selectionModel()
        selection = QItemSelection()
        first = QModelIndex()
        if not self._restoring and self.collapsed:  # (nothing folded: nothing to unfold)
            for key in keys:
                self._unfold_parents(key)
        row_of_key = self.model.row_of_key
        rows = [row for row in map(row_of_key, keys) if row is not None]
        if rows:
            first = self.model.index(rows[0], 0)
        # One range per run of adjacent rows: 500 pasted rows are one range, not 500.
        for low, high in _runs(rows):
            selection.select(self.model.index(low, 0), self.model.index(high, len(Column) - 1))
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
        model.select(selection, flags | QItemSelectionModel.SelectionFlag.Rows)
        if first.isValid():
            model.setCurrentIndex(first, QItemSelectionModel.SelectionFlag.NoUpdate)
            if scroll:
                self.tree.scrollTo(first, QAbstractItemView.ScrollHint.PositionAtCenter)
                # Whole rows at the top, not a row cut in half under the header.
                bar = self.tree.verticalScrollBar()
                bar.setValue(min(round(bar.value() / ROW_HEIGHT) * ROW_HEIGHT, bar.maximum()))
                node = self.model.node(first)
                if node is not None:
                    self.chart.ensure_visible(node)

    def _unfold_parents(self, key: Key) -> None:
        """Unfold every release and phase above ``key`` so its row shows."""
        timeline = self.model.timeline
        if timeline is None or key not in timeline.by_key:
            return
        node = timeline.nodes[timeline.by_key[key]]
        hidden = False
        while node.parent >= 0:
            node = timeline.nodes[node.parent]
            if node.key in self.collapsed:
                self.collapsed.discard(node.key)
                hidden = True
        if hidden:
            self._apply_folds()

    def _on_chart_click(self, kind: str, ident: int, modifiers: int) -> None:
        key = (RowKind(kind), ident)
        if modifiers & Qt.KeyboardModifier.ControlModifier.value:
            keys = self.selected_keys()
            keys = [k for k in keys if k != key] if key in keys else [*keys, key]
            self.select_keys(keys, scroll=False)
        else:
            self.select_keys([key], scroll=False)

    def select_related(self, task_id: int, *, upstream: bool) -> None:
        """Select every task the task depends on (upstream) or that depends on it."""
        snapshot = self.document.snapshot
        if snapshot is None:
            return
        edges: dict[int, list[int]] = {}
        for link in snapshot.data.links:
            a, b = (
                (link.successor_id, link.predecessor_id)
                if upstream
                else (link.predecessor_id, link.successor_id)
            )
            edges.setdefault(a, []).append(b)
        found: list[int] = []
        seen = {task_id}
        queue = deque([task_id])
        while queue:
            for nxt in edges.get(queue.popleft(), []):
                if nxt not in seen:
                    seen.add(nxt)
                    found.append(nxt)
                    queue.append(nxt)
        self.select_keys([(RowKind.TASK, t) for t in found])
        word = "predecessors" if upstream else "successors"
        self.message.emit(f"{len(found)} {word} of '{self.document.task_name(task_id)}'")

    # -- commands ---------------------------------------------------------------------
    def rename(self, kind: RowKind, ident: int) -> None:
        index = self.model.index_of((kind, ident), int(Column.NAME))
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.edit(index)

    def ask_lag(self, link_id: int, current: int, label: str) -> None:
        value = self.prompts.ask_int(
            self, "Link lag", f"Lag of {label} in working days (negative: lead):", current
        )
        if value is not None:
            self.document.update(
                "dependency", link_id, {"lag": value}, f"Set lag of {label} to {value:+d}d"
            )

    def drop_rows(self, anchor: Key) -> None:
        """Selected task rows dragged onto ``anchor`` go before it, subtrees along (one undo)."""
        ids = self.selected_task_ids()
        if ids:
            kind, ident = anchor
            command = OutlineCommand(self.document, lambda o: o.move_before(ids, (kind, ident)))
            self.document.push(command)

    def _chart_menu(self, task_id: int, pos: QPoint) -> None:
        self.select_keys([(RowKind.TASK, task_id)], scroll=False)
        task_menu(self, task_id).popup(pos)

    def _tree_menu(self, pos: QPoint) -> None:
        node = self.model.node(self.tree.indexAt(pos))
        if node is not None and node.kind is RowKind.TASK:
            task_menu(self, node.id).popup(self.tree.viewport().mapToGlobal(pos))

    # -- links: Task Information, the link dialog, what a delete re-joined ------------------
    def _on_row_activated(self, kind: str, ident: int) -> None:
        """A double-clicked bar opens Task Information, as in MS Project."""
        if kind == RowKind.TASK.value:
            show_task_info(self.window(), self.document, ident)
        else:
            self.edit_requested.emit(kind, ident)

    def edit_link(self, link_id: int) -> None:
        """The link dialog for a double-clicked arrow: type, lag, Delete Link."""
        show_link_dialog(self.window(), self.document, link_id)

    def _on_undo_index(self, index: int) -> None:
        """Say what an edit did beyond its name (a delete re-joined a chain), done or redone."""
        previous, self._undo_index = self._undo_index, index
        if index > previous:
            note = getattr(self.document.undo_stack.command(index - 1), "note", "")
            if note:
                self.message.emit(note)

    # -- zoom -------------------------------------------------------------------------
    def set_zoom(self, zoom: Zoom) -> None:
        """Change zoom with the selected row kept in view (zooming.py)."""
        zoom_keeping(self.chart, zoom, self.focus_node())

    def zoom_in(self) -> None:
        self.set_zoom(zoom_in(self.chart.scale.zoom))

    def zoom_out(self) -> None:
        self.set_zoom(zoom_out(self.chart.scale.zoom))

    def focus_node(self) -> Node | None:
        """The current row if it is selected, else the first selected row."""
        timeline = self.model.timeline
        keys = self.selected_keys()
        current = self.model.node(self.tree.currentIndex())
        if current is not None and current.key in keys:
            return current
        return timeline.node(*keys[0]) if timeline is not None and keys else None

    def zoom_to_fit(self) -> bool:
        """Every row shown across the chart; False if it is too long to fit."""
        timeline = self.model.timeline
        if timeline is None or timeline.start is None or timeline.finish is None:
            return False
        return zoom_to_span(self.chart, timeline.start, timeline.finish)

    def zoom_to_selection(self) -> bool:
        """The selected rows' dates across the chart; False if nothing dated is selected."""
        timeline = self.model.timeline
        nodes = [timeline.node(*key) for key in self.selected_keys()] if timeline else []
        dated = [n for n in nodes if n is not None and n.start and n.finish]
        if not dated:
            return False
        first = min(n.start for n in dated if n.start)
        last = max(n.finish for n in dated if n.finish)
        zoom_to_span(self.chart, first, last)
        return True
