"""New Plan: whose public holidays the new plan skips (country and region).

File ▸ New Plan makes the plan with the system locale's country (when the
``holidays`` package knows it), opens it, and then shows this dialog beside
it, not modal, so nothing else waits on it: OK sets the chosen country and
region as one undoable edit (``SetupCommand``), Skip keeps the default.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from relm_desktop.domain.text import plural
from relm_desktop.gui.setup.command import SetupCommand
from relm_desktop.gui.setup.countries import public_holidays
from relm_desktop.gui.setup.working_time import fill_countries, fill_regions
from relm_desktop.services.setup import WorkingTime

if TYPE_CHECKING:
    from relm_desktop.gui.document import PlanDocument


class NewPlanDialog(QDialog):
    """Country and region of a new plan's public holidays."""

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("new-plan-dialog")
        self.setWindowTitle("New Plan")
        self.document = document
        data = document.service.load()
        calendar = data.calendar
        self.workdays = calendar.workdays if calendar else "01234"
        self.start_year = data.info.start.year if data.info else 2026
        self.original = WorkingTime(
            self.workdays,
            calendar.country if calendar else None,
            calendar.subdivision if calendar else None,
        )
        intro = QLabel(
            f"<b>{document.title}</b> is ready. Which public holidays should its schedule "
            "skip? You can change this, the working days and named days off later in "
            "Plan ▸ Working Time and Holidays.",
            self,
        )
        intro.setWordWrap(True)
        self.country = QComboBox(self)
        self.country.setObjectName("new-plan-country")
        fill_countries(self.country)
        self.country.setCurrentIndex(max(self.country.findData(self.original.country or ""), 0))
        self.region = QComboBox(self)
        self.region.setObjectName("new-plan-region")
        fill_regions(self.region, self.country_code(), self.original.subdivision or "")
        self.country.currentIndexChanged.connect(self._country_changed)
        self.region.currentIndexChanged.connect(lambda _i: self._count())
        self.count = QLabel(self)
        self.count.setObjectName("new-plan-holidays")
        self.count.setEnabled(False)
        form = QFormLayout()
        form.addRow("&Country:", self.country)
        form.addRow("&Region:", self.region)
        form.addRow("", self.count)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok, self)
        skip = buttons.addButton("&Skip", QDialogButtonBox.ButtonRole.RejectRole)
        skip.setObjectName("new-plan-skip")
        buttons.accepted.connect(self.apply)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(intro)
        column.addLayout(form)
        column.addWidget(buttons)
        self.setMinimumWidth(460)
        self._count()

    def country_code(self) -> str:
        return str(self.country.currentData() or "")

    def region_code(self) -> str:
        return str(self.region.currentData() or "")

    def _country_changed(self) -> None:
        fill_regions(self.region, self.country_code())
        self._count()

    def _count(self) -> None:
        if not self.country_code():
            self.count.setText("No public holidays: only weekends are non-working.")
            return
        found = public_holidays(self.country_code(), self.region_code(), self.start_year)
        self.count.setText(f"{plural(len(found), 'public holiday')} in {self.start_year}")

    def chosen(self) -> WorkingTime:
        return WorkingTime(self.workdays, self.country_code() or None, self.region_code() or None)

    def apply(self) -> None:
        """Set the chosen country and region (one undo step) and close."""
        chosen = self.chosen()
        if getattr(self.parent(), "document", None) is not self.document:
            self.reject()  # the plan was closed meanwhile: nothing to set
            return
        if chosen != self.original:
            command = SetupCommand(self.document, [chosen], "Set public holidays of the new plan")
            if not self.document.push(command):
                return
        self.accept()


def ask_plan_calendar(parent: QWidget, document: PlanDocument) -> NewPlanDialog:
    """Show the New Plan dialog beside the new plan (not modal) and return it."""
    dialog = NewPlanDialog(document, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
