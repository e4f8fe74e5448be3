"""Asks the date week (or period) 1 starts, for a sheet of week numbers with no date.

The dialog says what the import found ("Columns Start Week and End Week hold
week numbers 1–14 but the sheet has no date they count from"), offers a date
(the date the sheet does give, else ISO week 1 of the year for calendar-week
numbers, else the plan's start), shows what that makes of the first and last
number as the date changes, and, for sprints or periods whose length the sheet
does not state, asks that length too.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from relm_desktop.exchange.xlsx.week_question import WeekAnchor, WeekQuestion
from relm_desktop.gui import dates


def default_week_one(question: WeekQuestion, plan_start: date | None, today: date) -> date:
    """The date offered: the sheet's own, ISO week 1 for calendar-week numbers (a sheet
    starting past week 1), else the Monday of the plan's start (or of this week)."""
    if question.found_date is not None:
        return question.found_date
    if question.first > 1 and question.unit == "week":
        return date.fromisocalendar(today.year, 1, 1)
    start = plan_start or today
    return start - timedelta(days=start.weekday())


class WeekAnchorDialog(QDialog):
    """``anchor()`` is the answer once accepted."""

    def __init__(
        self, question: WeekQuestion, week_one: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.question = question
        unit = question.unit
        self.setWindowTitle(f"{unit.capitalize()} 1 starts on…")
        layout = QVBoxLayout(self)
        self.found = QLabel(f"{question}.")
        self.found.setObjectName("weekFound")
        self.found.setWordWrap(True)
        layout.addWidget(self.found)
        layout.addWidget(QLabel(f"Give the day {unit} 1 starts; the numbers are counted from it."))
        form = QFormLayout()
        self.week_one = QDateEdit()
        self.week_one.setObjectName("weekOne")
        dates.localize_editor(self.week_one)
        self.week_one.setCalendarPopup(True)
        self.week_one.setDate(QDate(week_one.year, week_one.month, week_one.day))
        form.addRow(f"{unit.capitalize()} 1 starts on:", self.week_one)
        self.length: QSpinBox | None = None
        if question.needs_length:
            self.length = QSpinBox()
            self.length.setObjectName("periodWeeks")
            self.length.setRange(1, 52)
            self.length.setValue(2)
            self.length.setSuffix(" weeks")
            form.addRow(f"Each {unit} lasts:", self.length)
            self.length.valueChanged.connect(self._show_result)
        layout.addLayout(form)
        self.result_text = QLabel()
        self.result_text.setObjectName("weekResult")
        self.result_text.setWordWrap(True)
        layout.addWidget(self.result_text)
        self.week_one.dateChanged.connect(self._show_result)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout.addWidget(buttons)
        self._show_result()
        self.setMinimumWidth(520)

    def anchor(self) -> WeekAnchor:
        picked = self.week_one.date()
        weeks = self.length.value() if self.length is not None else None
        return WeekAnchor(date(picked.year(), picked.month(), picked.day()), weeks)

    def _show_result(self) -> None:
        """What the date makes of the first and last number: a check at a glance."""
        answer = self.anchor()
        week_one = answer.week_one
        assert week_one is not None
        weeks = answer.period_weeks or 1
        q = self.question

        def starts(number: int) -> str:
            return dates.format_weekday(week_one + timedelta(weeks=weeks * (number - 1)))

        first = f"{q.unit} {q.first} starts {starts(q.first)}"
        last = f"{q.unit} {q.last} starts {starts(q.last)}" if q.last != q.first else ""
        self.result_text.setText(
            "Then " + first[0].lower() + first[1:] + (f", {last}." if last else ".")
        )
