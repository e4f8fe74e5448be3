"""The risk register's columns and its filter (heat-map cell, release, text, closed)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel
from PySide6.QtGui import QColor

from relm_desktop.domain.enums import RiskStatus
from relm_desktop.domain.records import RiskRecord
from relm_desktop.domain.rules import review_overdue, risk_is_active, risk_score
from relm_desktop.gui import dates
from relm_desktop.gui.views.record_model import (
    RAW_ROLE,
    Column,
    Kind,
    RecordTableModel,
    enum_choices,
)
from relm_desktop.layout.heatmap import Cell

Index = QModelIndex | QPersistentModelIndex
OVERDUE_BG = QColor(255, 196, 0, 60)
CLOSED_FG = QColor("#8c959f")


def risk_columns(
    release_name: Callable[[int | None], str],
    task_name: Callable[[int | None], str],
    today: Callable[[], date],
) -> list[Column]:
    def overdue(risk: RiskRecord) -> str:
        if not review_overdue(risk, today()):
            return ""
        return f"⚠ overdue {(today() - risk.review_date).days}d" if risk.review_date else ""

    return [
        Column("title", "Risk"),
        Column("release_id", "Release", editable=False, value=lambda r: release_name(r.release_id)),
        Column("probability", "P", Kind.INT, minimum=1, maximum=5, tip="Probability 1–5"),
        Column("impact", "I", Kind.INT, minimum=1, maximum=5, tip="Impact 1–5"),
        Column("score", "Score", editable=False, value=risk_score, tip="Probability × impact"),
        Column("status", "Status", Kind.CHOICE, choices=enum_choices(RiskStatus)),
        Column("review_date", "Review", Kind.DATE),
        Column("overdue", "Review due", editable=False, value=overdue),
        Column("owner", "Owner"),
        Column("task_id", "Linked task", editable=False, value=lambda r: task_name(r.task_id)),
        Column("mitigation", "Mitigation"),
    ]


class RiskModel(RecordTableModel[RiskRecord]):
    """Risk records; overdue reviews get a warm background, closed risks grey text."""

    def __init__(
        self,
        edit: Callable[[RiskRecord, dict[str, Any]], bool],
        release_name: Callable[[int | None], str],
        task_name: Callable[[int | None], str],
        parent: QObject | None = None,
    ) -> None:
        self.today = date.today()
        super().__init__(risk_columns(release_name, task_name, lambda: self.today), edit, parent)
        self.row_style = self._style
        self.row_tip = self._tip

    def _style(self, risk: RiskRecord) -> tuple[QColor | None, QColor | None] | None:
        if not risk_is_active(risk):
            return (CLOSED_FG, None)
        if review_overdue(risk, self.today):
            return (None, OVERDUE_BG)
        return None

    def _tip(self, risk: RiskRecord) -> str:
        lines = [risk.title]
        if risk.description:
            lines.append(risk.description)
        if risk.review_date is not None and review_overdue(risk, self.today):
            lines.append(f"Review overdue since {dates.format_date(risk.review_date)}")
        return "\n".join(lines)


class RiskFilter(QSortFilterProxyModel):
    """Filters by heat-map cell, release, free text and whether closed risks show."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cell: Cell | None = None
        self.release_id: int | None = None
        self.text = ""
        self.show_closed = True
        self.setSortRole(RAW_ROLE)

    def source(self) -> RiskModel:
        model = self.sourceModel()
        assert isinstance(model, RiskModel)
        return model

    def set_filters(self, **changes: object) -> None:
        self.beginFilterChange()
        for key, value in changes.items():
            setattr(self, key, value)
        self.endFilterChange()

    def matches(self, risk: RiskRecord, *, ignore_cell: bool = False) -> bool:
        """Whether ``risk`` passes the filters (optionally all but the cell)."""
        if (
            not ignore_cell
            and self.cell is not None
            and (risk.probability, risk.impact) != self.cell
        ):
            return False
        if self.release_id is not None and risk.release_id != self.release_id:
            return False
        if not self.show_closed and risk.status == RiskStatus.CLOSED:
            return False
        if self.text:
            hay = " ".join((risk.title, risk.owner, risk.description, risk.mitigation)).casefold()
            if self.text.casefold() not in hay:
                return False
        return True

    def filterAcceptsRow(
        self, source_row: int, source_parent: Index
    ) -> bool:  # QSortFilterProxyModel.filterAcceptsRow
        return self.matches(self.source().record(source_row))
