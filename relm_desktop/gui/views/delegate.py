"""Editors for ``RecordTableModel`` cells: combo boxes, date and number fields."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractProxyModel,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from relm_desktop.gui import dates
from relm_desktop.gui.views.record_model import Column, Kind, RecordTableModel

Index = QModelIndex | QPersistentModelIndex


def source_column(index: Index) -> Column | None:
    """The column spec behind ``index``, through any proxy models."""
    model = index.model()
    while model is not None and not isinstance(model, RecordTableModel):
        if not isinstance(model, QAbstractProxyModel):
            return None
        index = model.mapToSource(index)
        model = model.sourceModel()
    if model is None:
        return None
    return model.columns[index.column()]


def date_edit(parent: QWidget | None = None) -> QDateEdit:
    editor = QDateEdit(parent)
    dates.localize_editor(editor)  # the app's one date format, never C's "5 01 2026"
    editor.setCalendarPopup(True)
    editor.setSpecialValueText("—")  # the minimum date stands for "no date"
    editor.setMinimumDate(QDate(1999, 12, 31))
    return editor


class RecordDelegate(QStyledItemDelegate):
    """Picks the editor from the column kind."""

    def createEditor(  # QStyledItemDelegate.createEditor
        self, parent: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> QWidget:
        column = source_column(index)
        if column is not None and column.kind is Kind.CHOICE:
            combo = QComboBox(parent)
            for value, label in column.choices:
                combo.addItem(label, value)
            return combo
        if column is not None and column.kind is Kind.DATE:
            return date_edit(parent)
        if column is not None and column.kind is Kind.INT:
            spin = QSpinBox(parent)
            spin.setRange(column.minimum, column.maximum)
            return spin
        return super().createEditor(parent, option, index)

    def setEditorData(
        self, editor: QWidget, index: Index
    ) -> None:  # QStyledItemDelegate.setEditorData
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(value)))
        elif isinstance(editor, QDateEdit):
            editor.setDate(
                value if isinstance(value, QDate) and value.isValid() else QDate.currentDate()
            )
        elif isinstance(editor, QSpinBox):
            editor.setValue(int(value or 0))
        else:
            super().setEditorData(editor, index)

    def setModelData(  # QStyledItemDelegate.setModelData
        self, editor: QWidget, model: QAbstractItemModel, index: Index
    ) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
        elif isinstance(editor, QDateEdit):
            day = editor.date()
            empty = day == editor.minimumDate()
            model.setData(index, QDate() if empty else day, Qt.ItemDataRole.EditRole)
        elif isinstance(editor, QSpinBox):
            model.setData(index, editor.value(), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)
