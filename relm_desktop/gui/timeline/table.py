"""The task table: a flat QTableView that draws the release/phase tree itself.

``QTableView`` keeps no per-row state, so showing or folding 10,000 rows is
a model reset that costs next to nothing; the tree's indentation and fold
arrows are painted by ``TaskDelegate`` and folding is asked of the owner
through ``fold_requested``.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QAbstractItemView, QApplication, QHeaderView, QTableView, QWidget

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
    #: The selected task rows were dragged onto the row with this key (``RowDrag``).
    rows_dropped = Signal(object)

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
        self.row_drag = RowDrag(self)

    def paintEvent(self, event: QPaintEvent) -> None:  # QTableView.paintEvent
        # One pass over the visible rows instead of a delegate call per cell.
        painter = QPainter(self.viewport())
        try:
            self.row_painter.paint(painter, event.rect())
            self.row_drag.paint(painter)
        finally:
            painter.end()

    def is_folded(self, key: Key) -> bool:
        return key in self.folded

    def _fold_target(self, index: QModelIndex) -> Key | None:
        node = self.task_model.node(index)
        if node is None or not node.children:
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
        if self.row_drag.press(event):
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # QTableView.mouseMoveEvent
        if self.row_drag.move(event):
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # QTableView.mouseReleaseEvent
        press, dropped = self.row_drag.release()
        if dropped is not None:
            event.accept()
            self.rows_dropped.emit(dropped)
            return
        if press is not None:  # a click on a selected row, not a drag: Qt's own handling
            super().mousePressEvent(press)
        super().mouseReleaseEvent(event)

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
        if event.key() == Qt.Key.Key_Escape and self.row_drag.cancel():
            event.accept()
            return
        key = self._fold_target(self.currentIndex())
        if key is not None and event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            fold = event.key() == Qt.Key.Key_Left
            if fold != (key in self.folded):
                self.fold_requested.emit(key, fold)
                event.accept()
                return
        super().keyPressEvent(event)


class RowDrag:
    """Dragging the selected task rows elsewhere in the table (drag and drop of rows).

    A press on a selected task row that moves past the drag distance starts
    it (a press elsewhere selects, as usual); a line shows where the rows go:
    before the task row under the pointer, or first inside a phase or release
    row. Releasing emits ``rows_dropped`` (one undo step); Escape cancels.
    Done inside the table rather than with QDrag, whose nested event loop
    cannot be driven by input events in tests.
    """

    def __init__(self, table: TaskTable) -> None:
        self.table = table
        self.pressed: QPoint | None = None
        self.replay: QMouseEvent | None = None
        self.active = False
        self.target: int | None = None  # the row dropped on

    def _dragged(self) -> set[Key]:
        model = self.table.task_model
        nodes = [model.node(i) for i in self.table.selectionModel().selectedRows(0)]
        return {node.key for node in nodes if node is not None}

    def press(self, event: QMouseEvent) -> bool:
        """Take a left press on a selected task row (only task rows move)."""
        if (
            event.button() != Qt.MouseButton.LeftButton
            or event.modifiers() != Qt.KeyboardModifier.NoModifier
        ):
            return False
        index = self.table.indexAt(event.position().toPoint())
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row()):
            return False
        dragged = self._dragged()
        if not dragged or any(kind is not RowKind.TASK for kind, _ in dragged):
            return False
        self.pressed = event.position().toPoint()
        self.replay = QMouseEvent(
            event.type(),
            event.position(),
            event.globalPosition(),
            event.button(),
            event.buttons(),
            event.modifiers(),
        )
        self.active = False
        return True

    def move(self, event: QMouseEvent) -> bool:
        if self.pressed is None:
            return False
        point = event.position().toPoint()
        if not self.active:
            if (point - self.pressed).manhattanLength() < QApplication.startDragDistance():
                return True
            self.active = True
            self.table.viewport().setCursor(Qt.CursorShape.DragMoveCursor)
        row = self.table.rowAt(point.y())
        node = self.table.task_model.node(self.table.task_model.index(row, 0))
        ok = node is not None and node.kind is not RowKind.GROUP
        self.target = row if ok and node is not None and node.key not in self._dragged() else None
        self.table.viewport().update()
        return True

    def release(self) -> tuple[QMouseEvent | None, Key | None]:
        """(the press to replay if there was no drag, the key of the row dropped on)."""
        if self.pressed is None:
            return None, None
        active, target, replay = self.active, self.target, self.replay
        self.cancel()
        if not active:
            return replay, None
        if target is None:
            return None, None
        node = self.table.task_model.node(self.table.task_model.index(target, 0))
        return None, node.key if node is not None else None

    def cancel(self) -> bool:
        """Stop a drag (Escape); False if none was going on."""
        going = self.pressed is not None
        self.pressed = self.replay = self.target = None
        self.active = False
        self.table.viewport().unsetCursor()
        self.table.viewport().update()
        return going

    def paint(self, painter: QPainter) -> None:
        """The drop indicator: a line where the rows will go."""
        if not self.active or self.target is None:
            return
        node = self.table.task_model.node(self.table.task_model.index(self.target, 0))
        y = self.table.rowViewportPosition(self.target)
        if node is not None and node.kind is not RowKind.TASK:
            y += ROW_HEIGHT  # first inside the phase or release
        left = 0
        if node is not None:
            left = self.table.columnViewportPosition(int(Column.NAME)) + (node.depth + 1) * INDENT
        color = self.table.palette().highlight().color()
        painter.setPen(QPen(color, 2))
        painter.setBrush(color)
        painter.drawLine(left, y, self.table.viewport().width(), y)
        painter.drawEllipse(QPoint(left, y), 3, 3)
