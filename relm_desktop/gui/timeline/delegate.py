"""Painting and editing the task table's cells.

Painting is done here rather than by ``QStyledItemDelegate``: the style's
item drawing lays text out with ``QTextLayout`` and queries a dozen data
roles per cell (35–90 µs a cell, ~20 ms a screen); this draws a cached,
pre-elided string per cell. Editors only allow valid values.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import (
    QAbstractItemModel,
    QDate,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QLineEdit,
    QSpinBox,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from relm_desktop.gui import dates
from relm_desktop.gui.timeline.table import INDENT
from relm_desktop.gui.timeline.table_paint import PIN_WIDTH, paint_arrow, paint_pin
from relm_desktop.gui.timeline.tree_model import (
    NUMBER_COLUMNS,
    Column,
    TaskTreeModel,
    negative_color,
)
from relm_desktop.layout.geometry import ROW_HEIGHT
from relm_desktop.layout.timeline import Key

Index = QModelIndex | QPersistentModelIndex


class TaskDelegate(QStyledItemDelegate):
    """Creates the editor for each column and reports refused input."""

    #: The model refused an edit; the text says why.
    rejected = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fonts: dict[str, tuple[QFont, QFont, QFontMetrics, QFontMetrics]] = {}
        self._elided: dict[tuple[str, int, bool], str] = {}
        #: What each open editor was given (``setEditorData``), read back as
        #: ``_read`` does: leaving an editor unchanged writes nothing.
        self._initial: dict[QWidget, object] = {}
        #: Says whether a summary row is folded (set by the timeline view).
        self.is_folded: Callable[[Key], bool] = lambda key: False

    def _font_pair(self, font: QFont) -> tuple[QFont, QFont, QFontMetrics, QFontMetrics]:
        found = self._fonts.get(font.key())
        if found is None:
            font = QFont(font)  # the option's font is borrowed: keep our own copy
            bold = QFont(font)
            bold.setBold(True)
            found = (font, bold, QFontMetrics(font), QFontMetrics(bold))
            self._fonts = {font.key(): found}  # one font at a time; a change resets
            self._elided.clear()
        return found

    def _elide(self, text: str, width: int, bold: bool, metrics: QFontMetrics) -> str:
        key = (text, width, bold)
        found = self._elided.get(key)
        if found is None:
            if len(self._elided) > 8000:  # bounded: scrolling 50,000 rows stays flat
                self._elided.clear()
            found = self._elided[key] = metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
        return found

    def paint(  # QStyledItemDelegate.paint
        self, painter: QPainter, option: QStyleOptionViewItem, index: Index
    ) -> None:
        model = index.model()
        if not isinstance(model, TaskTreeModel):
            super().paint(painter, option, index)
            return
        node = model.node(index)
        if node is None:
            return
        column = index.column()
        rect = option.rect
        palette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.fillRect(rect, palette.brush(QPalette.ColorRole.Highlight))
        summary = node.is_summary
        plain, bold, plain_fm, bold_fm = self._font_pair(option.font)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        color = palette.color(role)
        left = rect.x() + 4
        if column == Column.NAME:
            left = rect.x() + node.depth * INDENT
            if summary and node.children:
                paint_arrow(painter, left, rect.y(), self.is_folded(node.key), color, INDENT)
            left += INDENT + 2
        texts = model.display_row(node.index)
        if column == Column.NAME and texts[Column.CONSTRAINT]:
            pin_left = rect.right() - PIN_WIDTH
            paint_pin(painter, pin_left, rect.y(), color)
            rect = rect.adjusted(0, 0, -PIN_WIDTH, 0)
        text = texts[column]
        if not text:
            return
        width = rect.right() - left - 3
        if width <= 4:
            return
        shown = self._elide(text, width, summary, bold_fm if summary else plain_fm)
        painter.setFont(bold if summary else plain)
        if column == Column.TOTAL_FLOAT and text.startswith("-") and not selected:
            color = negative_color(palette.color(QPalette.ColorRole.Base))
        painter.setPen(color)
        align = Qt.AlignmentFlag.AlignVCenter
        align |= (
            Qt.AlignmentFlag.AlignRight if column in NUMBER_COLUMNS else Qt.AlignmentFlag.AlignLeft
        )
        painter.drawText(QRectF(left, rect.y(), width, rect.height()), align, shown)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # QStyledItemDelegate
        return QSize(60, ROW_HEIGHT)

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
        if column in (Column.START, Column.CONSTRAINT_DATE):
            edit = QDateEdit(parent)
            dates.localize_editor(edit)  # the table's format, never C's "5 01 2026"
            edit.setCalendarPopup(True)
            return edit
        if column is Column.TEAM and isinstance(model, TaskTreeModel):
            combo = QComboBox(parent)
            combo.addItem("(no team)", 0)
            for ident, name in sorted(model.teams().items(), key=lambda kv: kv[1]):
                combo.addItem(name, ident)
            return combo
        if column is Column.ENVIRONMENT and isinstance(model, TaskTreeModel):
            combo = QComboBox(parent)
            combo.addItem("(no environment)", 0)
            for ident, name in sorted(model.environments().items(), key=lambda kv: kv[1]):
                combo.addItem(name, ident)
            return combo
        line = QLineEdit(parent)
        # A note's first line may be long: a shorter editor would cut it on the way back.
        line.setMaxLength(10_000 if column is Column.NOTES else 500)
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
        # The table opens one editor at a time: keep only its value (bounded).
        self._initial = {editor: self._read(editor)}

    @staticmethod
    def _read(editor: QWidget) -> object:
        if isinstance(editor, QSpinBox):
            return editor.value()
        if isinstance(editor, QDateEdit):
            qd = editor.date()
            return date(qd.year(), qd.month(), qd.day())
        if isinstance(editor, QComboBox):
            return editor.currentData()
        if isinstance(editor, QLineEdit):
            return editor.text()
        return None

    def setModelData(  # QStyledItemDelegate.setModelData
        self, editor: QWidget, model: QAbstractItemModel, index: Index
    ) -> None:
        value = self._read(editor)
        if value is None and not isinstance(editor, QComboBox):
            return
        if editor in self._initial and self._initial[editor] == value:
            return  # opened and left without a change: nothing is written
        refused = not model.setData(index, value)
        if refused and isinstance(model, TaskTreeModel) and model.last_error:
            self.rejected.emit(model.last_error)
