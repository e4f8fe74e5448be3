"""The History panel: the audit trail of the selected item or of the whole plan."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from relm_desktop.domain.records import ChangeRecordRecord
from relm_desktop.gui import dates
from relm_desktop.services.history import HistoryFilter, change_log, users
from relm_desktop.services.plan import PlanService

Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()
ALL_USERS = "All users"


class HistoryModel(QAbstractTableModel):
    """Change records, newest first."""

    HEADERS = ("When", "User", "Action", "Item", "Field", "Old value", "New value")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.records: list[ChangeRecordRecord] = []

    def set_records(self, records: list[ChangeRecordRecord]) -> None:
        self.beginResetModel()
        self.records = list(records)
        self.endResetModel()

    def rowCount(self, parent: Index = ROOT) -> int:  # QAbstractItemModel.rowCount
        return 0 if parent.isValid() else len(self.records)

    def columnCount(self, parent: Index = ROOT) -> int:  # QAbstractItemModel.columnCount
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(  # QAbstractItemModel.headerData
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.HEADERS)
        ):
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # QAbstractItemModel.data
        if not index.isValid() or not 0 <= index.row() < len(self.records):
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        r = self.records[index.row()]
        source = f" ({r.source})" if r.source not in ("", "gui") else ""
        values = (
            f"{dates.format_date(r.at.date())} {r.at:%H:%M:%S}",
            f"{r.user}@{r.host}" if role == Qt.ItemDataRole.ToolTipRole else r.user,
            r.action.label + source,
            r.label or f"{r.entity} #{r.entity_id}",
            r.field.replace("_", " "),
            "" if r.old is None else r.old,
            "" if r.new is None else r.new,
        )
        return values[index.column()]


class HistoryPanel(QWidget):
    """Filters (scope, user, date range) above the change-log table."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service: PlanService | None = None
        self.selected: tuple[str, int] | None = None
        self.scope = QComboBox(self)
        self.scope.addItems(["Whole plan", "Selected item"])
        self.user = QComboBox(self)
        self.since = self._date_edit()
        self.until = self._date_edit()
        self.until.setDate(QDate.currentDate())
        self.model = HistoryModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        filters = QHBoxLayout()
        for label, widget in (
            ("Show", self.scope),
            ("User", self.user),
            ("From", self.since),
            ("to", self.until),
        ):
            filters.addWidget(QLabel(label, self))
            filters.addWidget(widget)
        filters.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(filters)
        layout.addWidget(self.table)
        for signal in (
            self.scope.currentIndexChanged,
            self.user.currentIndexChanged,
            self.since.dateChanged,
            self.until.dateChanged,
        ):
            signal.connect(self.refresh)

    def _date_edit(self) -> QDateEdit:
        edit = QDateEdit(self)
        dates.localize_editor(edit)  # the app's format; C locale would show "5 01 2026"
        edit.setCalendarPopup(True)
        edit.setDate(QDate(2000, 1, 1))
        return edit

    def set_service(self, service: PlanService | None) -> None:
        self.service = service
        self.user.blockSignals(True)
        self.user.clear()
        self.user.addItem(ALL_USERS)
        if service is not None:
            self.user.addItems(users(service))
        self.user.blockSignals(False)
        self.refresh()

    def set_selected(self, entity: str | None, ident: int | None) -> None:
        self.selected = (entity, ident) if entity and ident is not None else None
        if self.scope.currentIndex() == 1:
            self.refresh()

    def current_filter(self) -> HistoryFilter:
        entity = entity_id = None
        if self.scope.currentIndex() == 1 and self.selected is not None:
            entity, entity_id = self.selected
        user = self.user.currentText()
        return HistoryFilter(
            entity=entity,
            entity_id=entity_id,
            user=None if user in ("", ALL_USERS) else user,
            since=_to_date(self.since.date()),
            until=_to_date(self.until.date()),
        )

    def refresh(self) -> None:
        if self.service is None or (self.scope.currentIndex() == 1 and self.selected is None):
            self.model.set_records([])
            return
        self.model.set_records(change_log(self.service, self.current_filter()))
        self.table.resizeColumnsToContents()


def _to_date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())
