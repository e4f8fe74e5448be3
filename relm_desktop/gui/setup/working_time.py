"""The working time page: weekdays, a country's public holidays, named days off.

The holiday list follows the country, region and year chosen, before Apply,
so the user sees which days the plan will skip.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
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
from relm_desktop.services.setup import SetupEdit, WorkingTime

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
        column.addWidget(week)
        column.addLayout(lower, 1)
        fill_regions(self.region, "")

    # -- showing ----------------------------------------------------------------------
    def load(self, data: PlanData) -> None:
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
        self.days_off.load([{"id": d.id, "day": d.day, "name": d.name} for d in data.days_off])
        self.show_holidays()

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
        return made, removed
