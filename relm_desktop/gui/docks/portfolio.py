"""The portfolio panel: every release, filterable by text and status."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from relm_desktop.domain.enums import Rag, ReleaseStatus
from relm_desktop.domain.records import ReleaseRecord
from relm_desktop.gui.dates import format_date

Index = QModelIndex | QPersistentModelIndex
#: The invalid index, as a shared default argument.
ROOT = QModelIndex()
ID_ROLE = Qt.ItemDataRole.UserRole + 1
STATUS_ROLE = Qt.ItemDataRole.UserRole + 2
#: Characters of a release name the panel keeps in sight before it shows the Status column.
NAME_CHARS = 22
#: (name, version) of a release row: the name is elided, the version always shown.
NAME_ROLE = Qt.ItemDataRole.UserRole + 3
HEADERS = ("Release", "Status", "Go-live", "RAG")
# Okabe-Ito stand-ins for red/amber/green, readable by colour-blind users,
# and the RAG word is always written out as well.
RAG_COLORS = {Rag.RED: "#D55E00", Rag.AMBER: "#E69F00", Rag.GREEN: "#009E73"}


class PortfolioModel(QAbstractTableModel):
    """Rows are release records; go-live dates come from the schedule."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._releases: list[ReleaseRecord] = []
        self._golive: dict[int, date] = {}

    def set_releases(self, releases: list[ReleaseRecord], golive: dict[int, date]) -> None:
        self.beginResetModel()
        self._releases = list(releases)
        self._golive = dict(golive)
        self.endResetModel()

    def release_id(self, row: int) -> int:
        return int(self._releases[row].id)

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self._releases)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(HEADERS)
        ):
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._releases):
            return None
        release = self._releases[index.row()]
        column = index.column()
        if role == ID_ROLE:
            return release.id
        if role == STATUS_ROLE:
            return release.status.value
        if role == NAME_ROLE:
            return (release.name, release.version)
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return f"{release.name} {release.version}".strip()
            if column == 1:
                return release.status.label
            if column == 2:
                return format_date(self._golive.get(release.id))
            return release.rag.label
        if role == Qt.ItemDataRole.ForegroundRole and column == 3:
            return QColor(RAG_COLORS[release.rag])
        if role == Qt.ItemDataRole.ToolTipRole:
            # The whole name first: the table may have elided it.
            target = release.target_golive
            parts = [f"{release.name} {release.version}".strip(), release.status.label]
            if release.objective:
                parts.append(release.objective)
            golive = self._golive.get(release.id)
            if golive:
                parts.append(f"Scheduled go-live {format_date(golive)}")
            if target:
                parts.append(f"Target go-live {format_date(target)}")
            if release.rag_note:
                parts.append(f"{release.rag.label}: {release.rag_note}")
            return "\n".join(parts)
        return None


class ReleaseNameDelegate(QStyledItemDelegate):
    """A release's name elided at its end, its version never: "Core Banking P… 2.1.3"."""

    def paint(  # QStyledItemDelegate.paint
        self, painter: QPainter, option: QStyleOptionViewItem, index: Index
    ) -> None:
        value = index.data(NAME_ROLE)
        if not isinstance(value, tuple):
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        text_rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget)
        text_rect.adjust(3, 0, -3, 0)
        name, version = elided_name(value[0], value[1], opt.fontMetrics, text_rect.width())
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.save()
        painter.setPen(opt.palette.color(role))
        painter.setFont(opt.font)
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(text_rect, flags, f"{name} {version}".strip())
        painter.restore()


def elided_name(name: str, version: str, fm: QFontMetrics, width: int) -> tuple[str, str]:
    """``name`` elided so that it and ``version`` fit in ``width``; the version stays whole."""
    room = width - (fm.horizontalAdvance(" " + version) if version else 0)
    if fm.horizontalAdvance(name) <= room:
        return name, version
    return fm.elidedText(name, Qt.TextElideMode.ElideRight, max(room, 0)), version


class PortfolioFilter(QSortFilterProxyModel):
    """Keeps releases whose name contains the text and whose status matches."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._status = ""
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._text = text.casefold().strip()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_status(self, status: str) -> None:
        self.beginFilterChange()
        self._status = status
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent: Index) -> bool:  # QSortFilterProxyModel
        model = self.sourceModel()
        index = model.index(row, 0, parent)
        if self._status and index.data(STATUS_ROLE) != self._status:
            return False
        return not self._text or self._text in str(index.data()).casefold()


class PortfolioPanel(QWidget):
    """Filter line, status picker and the release table."""

    #: A release was picked: its id.
    release_selected = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = PortfolioModel(self)
        self.proxy = PortfolioFilter(self)
        self.proxy.setSourceModel(self.model)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("portfolio-filter")
        self.filter_edit.setPlaceholderText("Filter releases…")
        self.filter_edit.setClearButtonEnabled(True)
        self.status_combo = QComboBox(self)
        self.status_combo.setObjectName("portfolio-status")
        self.status_combo.addItem("All statuses", "")
        for status in ReleaseStatus:
            self.status_combo.addItem(status.label, status.value)
        self.table = QTableView(self)
        self.table.setObjectName("portfolio-table")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setItemDelegateForColumn(0, ReleaseNameDelegate(self.table))
        header = self.table.horizontalHeader()
        # The name takes whatever the panel's width leaves; the others are as wide as
        # their content, so a date or a status is never cut.
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        row = QHBoxLayout()
        row.addWidget(self.filter_edit, 1)
        row.addWidget(self.status_combo)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(row)
        layout.addWidget(self.table)
        self.filter_edit.textChanged.connect(self.proxy.set_text)
        self.status_combo.currentIndexChanged.connect(
            lambda _: self.proxy.set_status(self.status_combo.currentData())
        )
        self.table.selectionModel().currentRowChanged.connect(self._on_current)
        self.proxy.modelReset.connect(self.fit_columns)  # new names, new widths
        self.proxy.layoutChanged.connect(self.fit_columns)

    def resizeEvent(self, event: QResizeEvent) -> None:  # QWidget.resizeEvent
        super().resizeEvent(event)
        self.fit_columns()

    def fit_columns(self) -> None:
        """Show the Status column only when the names keep room for NAME_CHARS characters.

        Names come first: in a narrow panel the status is in the tooltip and the filter.
        """
        table = self.table
        others = sum(table.sizeHintForColumn(c) for c in (1, 2, 3))
        room = table.viewport().width() - others
        table.setColumnHidden(1, room < NAME_CHARS * table.fontMetrics().averageCharWidth())

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.release_selected.emit(int(current.data(ID_ROLE)))
