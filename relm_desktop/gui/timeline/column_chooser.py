"""View ▸ Columns…: tick the task table's columns and put them in order."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from relm_desktop.gui.timeline.tree_model import HEADERS, Column

#: Columns always shown and first, in this order (as columns.FIXED says).
_FIXED = (Column.ID, Column.NAME)

_COLUMN_ROLE = Qt.ItemDataRole.UserRole


class ColumnChooser(QDialog):
    """A checklist of every column in table order; ID and Task always show, first.

    It edits a plain list of (column, shown) pairs: ``choice`` says what the
    user settled on, and the caller applies it when the dialog is accepted.
    """

    def __init__(
        self,
        columns: Sequence[tuple[Column, bool]],
        defaults: Sequence[tuple[Column, bool]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("column-chooser")
        self.setWindowTitle("Columns")
        self._defaults = list(defaults)
        intro = QLabel(
            "Tick the columns the task table shows and put them in order. "
            "ID and Task always come first."
        )
        intro.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setObjectName("column-list")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setAlternatingRowColors(True)
        self.up = QPushButton("Move &Up", self)
        self.up.setObjectName("column-up")
        self.down = QPushButton("Move &Down", self)
        self.down.setObjectName("column-down")
        self.reset = QPushButton("&Reset to Defaults", self)
        self.reset.setObjectName("column-reset")
        self.up.clicked.connect(lambda: self._move(-1))
        self.down.clicked.connect(lambda: self._move(1))
        self.reset.clicked.connect(lambda: self._fill(self._defaults))
        self.list.currentRowChanged.connect(lambda _row: self._update_buttons())
        side = QVBoxLayout()
        side.addWidget(self.up)
        side.addWidget(self.down)
        side.addStretch(1)
        side.addWidget(self.reset)
        middle = QHBoxLayout()
        middle.addWidget(self.list, 1)
        middle.addLayout(side)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(middle, 1)
        layout.addWidget(buttons)
        self._fill(columns)
        self.resize(380, 420)

    def _fill(self, columns: Sequence[tuple[Column, bool]]) -> None:
        current = self.current_column()
        self.list.clear()
        for column, shown in columns:
            item = QListWidgetItem(HEADERS[column], self.list)
            item.setData(_COLUMN_ROLE, int(column))
            if column in _FIXED:
                # The ID and the name are each row's handle: always shown, first.
                item.setFlags(Qt.ItemFlag.ItemIsSelectable)
                item.setCheckState(Qt.CheckState.Checked)
                item.setToolTip("Always shown, first")
            else:
                item.setFlags(
                    Qt.ItemFlag.ItemIsEnabled
                    | Qt.ItemFlag.ItemIsSelectable
                    | Qt.ItemFlag.ItemIsUserCheckable
                )
                item.setCheckState(Qt.CheckState.Checked if shown else Qt.CheckState.Unchecked)
        rows = [self.column_at(row) for row in range(self.list.count())]
        self.list.setCurrentRow(rows.index(current) if current in rows else len(_FIXED))
        self._update_buttons()

    def column_at(self, row: int) -> Column:
        return Column(int(self.list.item(row).data(_COLUMN_ROLE)))

    def current_column(self) -> Column | None:
        row = self.list.currentRow()
        return self.column_at(row) if 0 <= row < self.list.count() else None

    def _move(self, step: int) -> None:
        row = self.list.currentRow()
        target = row + step
        fixed = len(_FIXED)  # the first rows: nothing moves above or into them
        if row < fixed or not fixed <= target < self.list.count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self.list.setCurrentRow(target)
        self._update_buttons()

    def _update_buttons(self) -> None:
        row = self.list.currentRow()
        fixed = len(_FIXED)
        self.up.setEnabled(row > fixed)
        self.down.setEnabled(fixed <= row < self.list.count() - 1)

    def choice(self) -> list[tuple[Column, bool]]:
        """Every column in the order shown, with whether it is ticked."""
        return [
            (self.column_at(row), self.list.item(row).checkState() == Qt.CheckState.Checked)
            for row in range(self.list.count())
        ]
