"""A table model over plain records, declared by columns, edited through the document.

Every view table here (risks, gates, waves, flags, stakeholders, PIR actions)
is one ``RecordTableModel`` with its own column list. An edit becomes one
call of ``edit(record, values)``, which the views route to
``document.update`` (one undo command each).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any, Generic, Protocol, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from relm_desktop.gui import dates

Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()
#: Role giving the raw Python value (sorting, delegates).
RAW_ROLE = Qt.ItemDataRole.UserRole + 1


class HasId(Protocol):
    """A row of a record table: a frozen record, or a row a view puts together."""

    @property
    def id(self) -> int: ...


R = TypeVar("R", bound=HasId)


class Kind(Enum):
    TEXT = "text"
    INT = "int"
    DATE = "date"
    CHOICE = "choice"  # an enum: ``choices`` lists (value, label)
    BOOL = "bool"


@dataclass(frozen=True)
class Column:
    """One column: which field, how it is shown and whether it can be edited.

    ``value`` computes a read-only column from the record instead of a field.
    """

    field: str
    header: str
    kind: Kind = Kind.TEXT
    editable: bool = True
    choices: tuple[tuple[str, str], ...] = ()
    value: Callable[[Any], Any] | None = None
    minimum: int = 0
    maximum: int = 100_000
    tip: str = ""


def enum_choices(enum: type[Enum]) -> tuple[tuple[str, str], ...]:
    return tuple((m.value, getattr(m, "label", m.value)) for m in enum)


def python_value(value: object) -> object:
    """What Qt hands back from an editor, as plain Python."""
    if isinstance(value, QDate):
        return value.toPython() if value.isValid() else None
    if isinstance(value, Qt.CheckState):
        return value == Qt.CheckState.Checked
    return value


class RecordTableModel(QAbstractTableModel, Generic[R]):
    """Rows of frozen records; ``edit(record, {field: value})`` applies an edit."""

    def __init__(
        self,
        columns: Sequence[Column],
        edit: Callable[[R, dict[str, Any]], bool],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.records: list[R] = []
        self.edit = edit
        #: Optional per-row colours: record → (foreground, background) or None.
        self.row_style: Callable[[R], tuple[QColor | None, QColor | None] | None] = lambda _: None
        #: Optional tooltip for a row.
        self.row_tip: Callable[[R], str] = lambda _: ""

    # -- feeding ------------------------------------------------------------------------
    def set_records(self, records: Sequence[R]) -> None:
        """Replace the rows; the same ids in the same order update in place."""
        rows = list(records)
        if [r.id for r in rows] == [r.id for r in self.records]:
            self.records = rows
            if rows:
                self.dataChanged.emit(
                    self.index(0, 0), self.index(len(rows) - 1, len(self.columns) - 1)
                )
            return
        self.beginResetModel()
        self.records = rows
        self.endResetModel()

    def record(self, row: int) -> R:
        return self.records[row]

    def row_of(self, ident: int) -> int:
        for row, record in enumerate(self.records):
            if record.id == ident:
                return row
        return -1

    def raw(self, record: R, column: Column) -> Any:  # Any: a field of any column type
        if column.value is not None:
            return column.value(record)
        return getattr(record, column.field)

    # -- QAbstractTableModel ----------------------------------------------------------------
    def rowCount(self, parent: Index = ROOT) -> int:  # QAbstractItemModel.rowCount
        return 0 if parent.isValid() else len(self.records)

    def columnCount(self, parent: Index = ROOT) -> int:  # QAbstractItemModel.columnCount
        return 0 if parent.isValid() else len(self.columns)

    def headerData(  # QAbstractItemModel.headerData
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        column = self.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.header
        if role == Qt.ItemDataRole.ToolTipRole and column.tip:
            return column.tip
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:  # QAbstractItemModel.flags
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        column = self.columns[index.column()]
        if column.editable and column.value is None:
            if column.kind is Kind.BOOL:
                return base | Qt.ItemFlag.ItemIsUserCheckable
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(
        self, index: Index, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:  # QAbstractItemModel.data
        if not index.isValid() or not 0 <= index.row() < len(self.records):
            return None
        record = self.records[index.row()]
        column = self.columns[index.column()]
        value = self.raw(record, column)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(column, value)
        if role == Qt.ItemDataRole.EditRole:
            if column.kind is Kind.DATE:
                return QDate(value.year, value.month, value.day) if value else QDate()
            if column.kind is Kind.CHOICE:
                return str(value.value if isinstance(value, Enum) else value or "")
            return value if value is not None else ""
        if role == RAW_ROLE:
            if isinstance(value, date):
                return value.toordinal()
            if isinstance(value, Enum):
                return str(value.value)
            return value if value is not None else ""
        if role == Qt.ItemDataRole.CheckStateRole and column.kind is Kind.BOOL:
            return Qt.CheckState.Checked if value else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = self.row_tip(record)
            return tip or None
        style = self.row_style(record)
        if style is not None:
            if role == Qt.ItemDataRole.ForegroundRole and style[0] is not None:
                return style[0]
            if role == Qt.ItemDataRole.BackgroundRole and style[1] is not None:
                return style[1]
        return None

    @staticmethod
    def _display(column: Column, value: object) -> object:
        if column.kind is Kind.BOOL:
            return None
        if value is None or value == "":
            return ""
        if column.kind is Kind.DATE and isinstance(value, date):
            return dates.format_date(value)
        if column.kind is Kind.CHOICE:
            key = value.value if isinstance(value, Enum) else value
            return dict(column.choices).get(str(key), str(key))
        if isinstance(value, str):
            first = value.splitlines()[0] if value else ""
            return first + (" …" if "\n" in value else "")
        return value

    def setData(  # QAbstractItemModel.setData
        self,
        index: Index,
        value: Any,  # Any: QAbstractItemModel.setData's signature
        role: int = Qt.ItemDataRole.EditRole,
    ) -> bool:
        if not index.isValid() or not self.flags(index) & (
            Qt.ItemFlag.ItemIsEditable | Qt.ItemFlag.ItemIsUserCheckable
        ):
            return False
        column = self.columns[index.column()]
        value = python_value(value)
        if role == Qt.ItemDataRole.CheckStateRole and column.kind is Kind.BOOL:
            value = value in (True, 2, Qt.CheckState.Checked.value)
        elif role != Qt.ItemDataRole.EditRole:
            return False
        record = self.records[index.row()]
        old = getattr(record, column.field)
        if isinstance(old, Enum):
            old = old.value
        if column.kind is Kind.TEXT and isinstance(value, str):
            value = value.strip()
        if column.kind is Kind.INT and value == "":
            value = None
        if value == old:
            return False
        return bool(self.edit(record, {column.field: value}))
