"""Plan ▸ Status Date…: the plan's "as of" date, or today's date as it comes.

The status date is what overdue flags, the today line, slip and the packs'
"as of" are measured at (PRODUCT.md §3). Left at "today", it follows the
calendar; set, it holds still, so a report can be re-run for a past week.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from relm_desktop.gui import dates


class StatusDateDialog(QDialog):
    """Choose "today" or a fixed date; ``chosen`` is None for today."""

    def __init__(self, current: date | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("status-date-dialog")
        self.setWindowTitle("Status Date")
        intro = QLabel(
            "Overdue work, the today line, slip and release packs are measured as of this date."
        )
        intro.setWordWrap(True)
        self.today = QRadioButton(f"&Today ({dates.format_date(date.today())})")
        self.today.setObjectName("today-radio")
        self.fixed = QRadioButton("&As of:")
        self.fixed.setObjectName("fixed-radio")
        group = QButtonGroup(self)
        group.addButton(self.today)
        group.addButton(self.fixed)
        self.date_edit = QDateEdit(self)
        self.date_edit.setObjectName("status-date-edit")
        self.date_edit.setCalendarPopup(True)
        dates.localize_editor(self.date_edit)
        shown = current or date.today()
        self.date_edit.setDate(QDate(shown.year, shown.month, shown.day))
        (self.fixed if current else self.today).setChecked(True)
        self.date_edit.setEnabled(current is not None)
        self.fixed.toggled.connect(self.date_edit.setEnabled)
        # Typing or picking a date means "as of" that date.
        self.date_edit.dateChanged.connect(lambda _d: self.fixed.setChecked(True))
        grid = QGridLayout()
        grid.addWidget(self.today, 0, 0, 1, 2)
        grid.addWidget(self.fixed, 1, 0)
        grid.addWidget(self.date_edit, 1, 1)
        grid.setColumnStretch(2, 1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(grid)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.setMinimumWidth(380)

    @property
    def chosen(self) -> date | None:
        """The date picked, or None for "today"."""
        if self.today.isChecked():
            return None
        picked = self.date_edit.date()
        return date(picked.year(), picked.month(), picked.day())
