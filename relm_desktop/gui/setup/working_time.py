"""The working time page: weekdays, a country's public holidays, named days off, and
the day float is measured to (the plan's float horizon).

The holiday list follows the country, region and year chosen, before Apply,
so the user sees which days the plan will skip.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from relm_desktop.domain.records import PlanData
from relm_desktop.domain.text import plural
from relm_desktop.gui import dates
from relm_desktop.gui.setup.countries import countries, public_holidays, regions
from relm_desktop.gui.setup.model import Field, Kind
from relm_desktop.gui.setup.record_page import RecordPage
from relm_desktop.services.setup import FloatHorizon, SetupEdit, WorkingTime

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
NO_COUNTRY = "(none: weekdays only)"
WHOLE_COUNTRY = "(whole country)"


def fill_countries(combo: QComboBox) -> None:
    """ "(none)" then every country the ``holidays`` package knows, by name."""
    combo.addItem(NO_COUNTRY, "")
    for code, label in countries():
        combo.addItem(label, code)
    combo.setMaxVisibleItems(20)


def fill_regions(combo: QComboBox, country: str, chosen: str = "") -> None:
    """ "(whole country)" then the country's regions; ``chosen`` selected when known."""
    combo.blockSignals(True)
    try:
        combo.clear()
        combo.addItem(WHOLE_COUNTRY, "")
        for code, label in regions(country):
            combo.addItem(label, code)
        combo.setCurrentIndex(max(combo.findData(chosen), 0))
        combo.setEnabled(combo.count() > 1)
    finally:
        combo.blockSignals(False)


class WorkingTimePage(QWidget):
    """Working weekdays, public holidays by country and region, and named days off."""

    changed = Signal()

    def __init__(self, today: Callable[[], date], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("setup-page-working-time")
        self.original = WorkingTime("01234")
        self._loading = False

        week = QGroupBox("Working days", self)
        row = QHBoxLayout(week)
        self.weekdays: list[QCheckBox] = []
        for index, name in enumerate(WEEKDAYS):
            box = QCheckBox(name[:3], week)
            box.setObjectName(f"setup-weekday-{index}")
            box.setToolTip(name)
            box.toggled.connect(self._changed)
            self.weekdays.append(box)
            row.addWidget(box)
        row.addStretch(1)
        schedule = self._schedule_box()

        public = QGroupBox("Public holidays", self)
        form = QFormLayout(public)
        self.country = QComboBox(public)
        self.country.setObjectName("setup-country")
        fill_countries(self.country)
        self.country.currentIndexChanged.connect(self._country_changed)
        self.region = QComboBox(public)
        self.region.setObjectName("setup-region")
        self.region.currentIndexChanged.connect(self._changed)
        self.year = QSpinBox(public)
        self.year.setObjectName("setup-holiday-year")
        self.year.setRange(2000, 2100)
        self.year.setValue(today().year)
        self.year.valueChanged.connect(lambda _year: self.show_holidays())
        self.holidays = QListWidget(public)
        self.holidays.setObjectName("setup-holiday-list")
        self.summary = QLabel(public)
        self.summary.setEnabled(False)
        form.addRow("&Country:", self.country)
        form.addRow("&Region:", self.region)
        form.addRow("&Year:", self.year)
        form.addRow(self.holidays)
        form.addRow(self.summary)

        self.days_off = RecordPage(
            "calendar_day",
            "day off",
            (Field("day", "Date", Kind.DATE), Field("name", "Name", placeholder="e.g. Shutdown")),
            intro="Named non-working days: company holidays, shutdowns.",
            new_row=lambda: {"day": today(), "name": "Day off"},
            parent=self,
        )
        self.days_off.changed.connect(self.changed)
        days_box = QGroupBox("Named days off", self)
        QVBoxLayout(days_box).addWidget(self.days_off)

        lower = QHBoxLayout()
        lower.addWidget(public, 1)
        lower.addWidget(days_box, 1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        upper = QHBoxLayout()
        upper.addWidget(week, 1)
        upper.addWidget(schedule, 1)
        column.addLayout(upper)
        column.addLayout(lower, 1)
        fill_regions(self.region, "")

    def _schedule_box(self) -> QGroupBox:
        """Float horizon: a fixed day late dates come back from, when after the last finish."""
        box = QGroupBox("Float", self)
        row = QHBoxLayout(box)
        self.horizon_set = QCheckBox("Measure &float to", box)
        self.horizon_set.setObjectName("setup-horizon-set")
        self.horizon_set.setToolTip(
            "Late dates and float are measured to this day or to the plan's last finish, "
            "whichever is later. A plan made from a one-release workbook keeps the whole "
            "portfolio's finish here, so its float is the portfolio's. Unticked: the last finish."
        )
        self.horizon = QDateEdit(box)
        self.horizon.setObjectName("setup-horizon")
        dates.localize_editor(self.horizon)
        self.horizon.setCalendarPopup(True)
        self.horizon_set.toggled.connect(self.horizon.setEnabled)
        self.horizon_set.toggled.connect(self._show_horizon_note)
        self.horizon_set.toggled.connect(self._changed)
        self.horizon.dateChanged.connect(self._changed)
        self.horizon_note = QLabel(box)
        self.horizon_note.setEnabled(False)
        row.addWidget(self.horizon_set)
        row.addWidget(self.horizon)
        row.addWidget(self.horizon_note, 1)
        self.original_horizon: date | None = None
        return box

    # -- showing ----------------------------------------------------------------------
    def load(self, data: PlanData, *, finish: date | None = None) -> None:
        """Show ``data``; ``finish`` (the plan's last finish) is the day offered for a
        float horizon when the plan has none."""
        calendar = data.calendar
        self.original = WorkingTime(
            calendar.workdays if calendar else "01234",
            calendar.country if calendar else None,
            calendar.subdivision if calendar else None,
        )
        self._loading = True
        try:
            for index, box in enumerate(self.weekdays):
                box.setChecked(str(index) in self.original.workdays)
            self.country.setCurrentIndex(max(self.country.findData(self.original.country or ""), 0))
            fill_regions(self.region, self.country_code(), self.original.subdivision or "")
        finally:
            self._loading = False
        if data.info is not None:
            self.year.setValue(data.info.start.year)
        self._load_horizon(data, finish)
        self.days_off.load([{"id": d.id, "day": d.day, "name": d.name} for d in data.days_off])
        self.show_holidays()

    def _load_horizon(self, data: PlanData, finish: date | None) -> None:
        info = data.info
        self.original_horizon = info.horizon if info is not None else None
        start = info.start if info is not None else date.today()
        shown = self.original_horizon or finish or start
        self._loading = True
        try:
            self.horizon_set.setChecked(self.original_horizon is not None)
            self.horizon.setEnabled(self.original_horizon is not None)
            self.horizon.setDate(QDate(shown.year, shown.month, shown.day))
        finally:
            self._loading = False
        self._show_horizon_note(self.original_horizon is not None)

    def _show_horizon_note(self, fixed: bool) -> None:
        self.horizon_note.setText("" if fixed else "now: to the plan's last finish")

    def chosen_horizon(self) -> date | None:
        if not self.horizon_set.isChecked():
            return None
        day = self.horizon.date()
        return date(day.year(), day.month(), day.day())

    def country_code(self) -> str:
        return str(self.country.currentData() or "")

    def region_code(self) -> str:
        return str(self.region.currentData() or "")

    def _country_changed(self) -> None:
        fill_regions(self.region, self.country_code())
        self._changed()

    def _changed(self) -> None:
        if self._loading:
            return
        self.show_holidays()
        self.changed.emit()

    def show_holidays(self) -> None:
        """The chosen year's public holidays for the chosen country and region."""
        self.holidays.clear()
        found = public_holidays(self.country_code(), self.region_code(), self.year.value())
        for day, name in found:
            self.holidays.addItem(f"{dates.format_weekday(day)}   {name}")
        if not self.country_code():
            self.summary.setText("Choose a country to skip its public holidays.")
        else:
            self.summary.setText(f"{plural(len(found), 'public holiday')} in {self.year.value()}")

    # -- what Apply does --------------------------------------------------------------
    def working_time(self) -> WorkingTime:
        days = "".join(str(i) for i, box in enumerate(self.weekdays) if box.isChecked())
        return WorkingTime(days, self.country_code() or None, self.region_code() or None)

    def edits(self) -> tuple[list[SetupEdit], list[SetupEdit]]:
        made, removed = self.days_off.edits()
        chosen = self.working_time()
        if chosen != self.original:
            made.insert(0, chosen)
        horizon = self.chosen_horizon()
        if horizon != self.original_horizon:
            made.append(FloatHorizon(horizon))
        return made, removed
