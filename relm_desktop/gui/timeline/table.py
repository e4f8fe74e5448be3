"""The task table: a flat QTableView that draws the release/phase tree itself.

``QTableView`` keeps no per-row state, so showing or folding 10,000 rows is
a model reset that costs next to nothing; the tree's indentation and fold
arrows are painted by ``TaskDelegate`` and folding is asked of the owner
through ``fold_requested``.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from relm_desktop.gui.timeline.table_paint import TablePainter
from relm_desktop.gui.timeline.tree_model import Column, TaskTreeModel
from relm_desktop.layout.geometry import ROW_HEIGHT
from relm_desktop.layout.timeline import Key, RowKind

#: Indentation per tree level in the name column, and the fold arrow's box.
INDENT = 16


class TaskTable(QTableView):
    """Rows of the timeline with inline editing; folds are drawn, not nested."""

    #: Fold (True) or unfold (False) the row with this key.
    fold_requested = Signal(object, bool)

    def __init__(self, model: TaskTreeModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.task_model = model
        self.folded: set[Key] = set()
        rows = self.verticalHeader()
        rows.hide()
        # Fixed, uniform rows: no per-row size queries, O(1) geometry at any size.
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setMinimumSectionSize(ROW_HEIGHT)
        rows.setDefaultSectionSize(ROW_HEIGHT)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setCornerButtonEnabled(False)
        self.setTabKeyNavigation(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.row_painter = TablePainter(self, INDENT)

    def paintEvent(self, event: QPaintEvent) -> None:  # QTableView.paintEvent
        # One pass over the visible rows instead of a delegate call per cell.
        painter = QPainter(self.viewport())
        try:
            self.row_painter.paint(painter, event.rect())
        finally:
            painter.end()

    def is_folded(self, key: Key) -> bool:
        return key in self.folded

    def _fold_target(self, index: QModelIndex) -> Key | None:
        node = self.task_model.node(index)
        if node is None or node.kind is RowKind.TASK or not node.children:
            return None
        return node.key

    def mousePressEvent(self, event: QMouseEvent) -> None:  # QTableView.mousePressEvent
        index = self.indexAt(event.position().toPoint())
        key = self._fold_target(index) if index.column() == Column.NAME else None
        if key is not None and event.button() == Qt.MouseButton.LeftButton:
            node = self.task_model.node(index)
            assert node is not None
            rect = self.visualRect(index)
            arrow_left = rect.x() + node.depth * INDENT
            if arrow_left <= event.position().x() < arrow_left + INDENT + 2:
                self.fold_requested.emit(key, key not in self.folded)
                event.accept()
                return
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # QTableView
        index = self.indexAt(event.position().toPoint())
        key = self._fold_target(index)
        if key is not None and index.column() != Column.NAME:
            # Like a tree: double-clicking a summary row's read-only cells folds it.
            self.fold_requested.emit(key, key not in self.folded)
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def event(self, event: QEvent) -> bool:  # QWidget.event
        # F2 is also the window's Rename shortcut (the Task cell): on another
        # editable cell, such as Start, it opens that cell's editor instead.
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_F2
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
        ):
            index = self.currentIndex()
            editable = bool(self.task_model.flags(index) & Qt.ItemFlag.ItemIsEditable)
            if index.column() != Column.NAME and editable:
                event.accept()
                return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # QTableView.keyPressEvent
        key = self._fold_target(self.currentIndex())
        if key is not None and event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            fold = event.key() == Qt.Key.Key_Left
            if fold != (key in self.folded):
                self.fold_requested.emit(key, fold)
                event.accept()
                return
        super().keyPressEvent(event)
