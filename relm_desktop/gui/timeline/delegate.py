"""Editors of the task table: spin boxes and pickers that only allow valid values."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import (
    QAbstractItemModel,
    QDate,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QLineEdit,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from relm_desktop.gui.timeline.tree_model import Column, TaskTreeModel

Index = QModelIndex | QPersistentModelIndex


class TaskDelegate(QStyledItemDelegate):
    """Creates the editor for each column and reports refused input."""

    #: The model refused an edit; the text says why.
    rejected = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)

    def createEditor(  # QStyledItemDelegate.createEditor
        self, parent: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> QWidget:
        column = Column(index.column())
        model = index.model()
        if column is Column.DURATION:
            spin = QSpinBox(parent)
            spin.setRange(0, 10_000)
            spin.setSuffix(" d")
            return spin
        if column is Column.PERCENT:
            spin = QSpinBox(parent)
            spin.setRange(0, 100)
            spin.setSuffix(" %")
            spin.setSingleStep(10)
            return spin
        if column is Column.START:
            edit = QDateEdit(parent)
            # An explicit format: under LANG=C the default shows "5 01 2026".
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setCalendarPopup(True)
            return edit
        if column is Column.TEAM and isinstance(model, TaskTreeModel):
            combo = QComboBox(parent)
            combo.addItem("(no team)", 0)
            for ident, name in sorted(model.teams().items(), key=lambda kv: kv[1]):
                combo.addItem(name, ident)
            return combo
        line = QLineEdit(parent)
        line.setMaxLength(500)
        return line

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # QStyledItemDelegate
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QSpinBox):
            editor.setValue(int(value or 0))
        elif isinstance(editor, QDateEdit):
            day = value if isinstance(value, date) else date.today()
            editor.setDate(QDate(day.year, day.month, day.day))
        elif isinstance(editor, QComboBox):
            position = editor.findData(value or 0)
            editor.setCurrentIndex(max(position, 0))
        elif isinstance(editor, QLineEdit):
            editor.setText(str(value or ""))

    def setModelData(  # QStyledItemDelegate.setModelData
        self, editor: QWidget, model: QAbstractItemModel, index: Index
    ) -> None:
        if isinstance(editor, QSpinBox):
            value: object = editor.value()
        elif isinstance(editor, QDateEdit):
            qd = editor.date()
            value = date(qd.year(), qd.month(), qd.day())
        elif isinstance(editor, QComboBox):
            value = editor.currentData()
        elif isinstance(editor, QLineEdit):
            value = editor.text()
        else:
            return
        refused = not model.setData(index, value)
        if refused and isinstance(model, TaskTreeModel) and model.last_error:
            self.rejected.emit(model.last_error)
