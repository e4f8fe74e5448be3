"""The rows a settings page edits before Apply, as a table model.

A page keeps its rows staged (plain dicts: ``id`` is None for a row not yet
in the plan) and turns them into setup edits on Apply (``RecordPage.edits``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from relm_desktop.gui import dates

Index = QModelIndex | QPersistentModelIndex
Row = dict[str, Any]


class Kind(Enum):
    """How a field is shown and edited."""

    TEXT = "text"
    FLAG = "flag"
    NUMBER = "number"
    DATE = "date"
    CHOICE = "choice"
    ENVIRONMENTS = "environments"


@dataclass(frozen=True)
class Field:
    """One column of a page's table and one editor of its form."""

    key: str
    label: str
    kind: Kind = Kind.TEXT
    #: (value, label) pairs of a CHOICE.
    choices: tuple[tuple[object, str], ...] = ()
    #: Lowest and highest value of a NUMBER.
    bounds: tuple[int, int] = (0, 10_000)
    placeholder: str = ""
    tip: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def show_date(day: date | None) -> str:
    """Dates in the settings tables, in the app's one date format."""
    return dates.format_date(day)


class StagedModel(QAbstractTableModel):
    """The staged rows of one page, one column per field.

    ``names`` maps an environment id to its name (for ENVIRONMENTS cells);
    ``marks`` gives a row's warning (an overlap), shown as an icon and tooltip.
    """

    def __init__(self, fields: Sequence[Field], parent: Any = None) -> None:
        super().__init__(parent)
        self.fields = list(fields)
        self.rows: list[Row] = []
        self.names: dict[int, str] = {}
        self.marks: Callable[[int], str] = lambda _position: ""
        self.warning_icon: Any = None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008  # QAbstractTableModel.rowCount
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008  # QAbstractTableModel.columnCount
        return 0 if parent.isValid() else len(self.fields)

    def headerData(  # QAbstractTableModel.headerData
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.fields[section].label
        return None

    def data(  # QAbstractTableModel.data
        self, index: Index, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        spec = self.fields[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, spec)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.marks(index.row()) or None
        if role == Qt.ItemDataRole.DecorationRole and index.column() == 0:
            return self.warning_icon if self.marks(index.row()) else None
        if role == Qt.ItemDataRole.CheckStateRole and spec.kind is Kind.FLAG:
            return Qt.CheckState.Checked if row.get(spec.key) else Qt.CheckState.Unchecked
        return None

    def text(self, row: Row, spec: Field) -> str:
        value = row.get(spec.key)
        if spec.kind is Kind.FLAG:
            return ""
        if spec.kind is Kind.DATE:
            return show_date(value)
        if spec.kind is Kind.CHOICE:
            return next((label for v, label in spec.choices if v == value), "")
        if spec.kind is Kind.ENVIRONMENTS:
            names = sorted(self.names.get(env, f"#{env}") for env in value or ())
            return ", ".join(names) if names else "All environments"
        return "" if value is None else str(value)

    # -- changing the rows ------------------------------------------------------------------
    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self.rows = [dict(row) for row in rows]
        self.endResetModel()

    def append(self, row: Row) -> int:
        position = len(self.rows)
        self.beginInsertRows(QModelIndex(), position, position)
        self.rows.append(dict(row))
        self.endInsertRows()
        return position

    def remove(self, position: int) -> Row:
        self.beginRemoveRows(QModelIndex(), position, position)
        row = self.rows.pop(position)
        self.endRemoveRows()
        return row

    def set_value(self, position: int, key: str, value: object) -> None:
        self.rows[position][key] = value
        self.refresh()

    def refresh(self) -> None:
        """Every cell may show something new (a value, or an overlap mark elsewhere)."""
        if self.rows:
            last = self.index(len(self.rows) - 1, len(self.fields) - 1)
            self.dataChanged.emit(self.index(0, 0), last)
