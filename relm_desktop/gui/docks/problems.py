"""The Problems panel: the scheduler's conflicts and cycles."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QVBoxLayout, QWidget

from relm_desktop.gui import dates
from relm_desktop.scheduling.model import Conflict, ConflictKind, ScheduleResult

Index = QModelIndex | QPersistentModelIndex
#: The invalid index, as a shared default argument.
ROOT = QModelIndex()
KIND_LABELS = {
    ConflictKind.FREEZE: "Freeze window",
    ConflictKind.ENVIRONMENT_CLASH: "Environment clash",
    ConflictKind.OVER_CAPACITY: "Over capacity",
    ConflictKind.LATE_GOLIVE: "Late go-live",
    ConflictKind.CONSTRAINT: "Constraint",
    ConflictKind.CYCLE: "Cycle",
    ConflictKind.DATE_RANGE: "Date out of range",
}


def problems_of(result: ScheduleResult, names: dict[int, str]) -> list[Conflict]:
    """Conflicts plus one row per cycle (unless the scheduler already listed it)."""
    rows = list(result.conflicts)
    listed = {frozenset(c.task_ids) for c in rows if c.kind is ConflictKind.CYCLE}
    for cycle in result.cycles:
        if frozenset(cycle) in listed:
            continue
        path = " → ".join(names.get(t, f"#{t}") for t in (*cycle, cycle[0]))
        rows.append(Conflict(ConflictKind.CYCLE, f"Dependency cycle: {path}", tuple(cycle)))
    return rows


class ProblemsModel(QAbstractTableModel):
    HEADERS = ("Problem", "Description")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.problems: list[Conflict] = []

    def set_problems(self, problems: list[Conflict]) -> None:
        self.beginResetModel()
        self.problems = list(problems)
        self.endResetModel()

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.problems)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else 2

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < 2
        ):
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.problems):
            return None
        problem = self.problems[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (
                KIND_LABELS.get(problem.kind, str(problem.kind))
                if index.column() == 0
                else localized(problem.message)
            )
        return None


_ISO_DAY = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def localized(message: str) -> str:
    """The scheduler's message with its ISO dates in the app's one date format."""

    def day(match: re.Match[str]) -> str:
        try:
            return dates.format_date(date(*map(int, match.groups())))
        except ValueError:  # not a calendar date after all
            return match.group(0)

    return _ISO_DAY.sub(day, message)


class ProblemsPanel(QWidget):
    """Double-click a problem to select its culprit in the views."""

    #: (kind "task" or "release", id) of the culprit.
    culprit_selected = Signal(str, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ProblemsModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("problems-table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        rows = self.table.verticalHeader()
        rows.hide()
        # Thousands of problems on a big plan: fixed row heights and a kind column
        # sized from the few kind labels, so filling never asks every row's size.
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        metrics = self.fontMetrics()
        widest = max(metrics.horizontalAdvance(label) for label in KIND_LABELS.values())
        header.resizeSection(0, widest + 24)
        header.setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        self.table.doubleClicked.connect(self.activate)

    def activate(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        problem = self.model.problems[index.row()]
        if problem.task_ids:
            self.culprit_selected.emit("task", problem.task_ids[0])
        elif problem.release_ids:
            self.culprit_selected.emit("release", problem.release_ids[0])
