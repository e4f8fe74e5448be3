"""Plan Settings: one dialog, a page per part of the plan's setup.

Working Time and Holidays, Freeze Windows, Environments, Teams and
Suppliers, Stakeholders. Each Plan-menu command opens it on its page. Edits
stay in the dialog until OK or Apply, which pushes one undo command on the
document's stack (``SetupCommand``): Ctrl+Z in the main window undoes the
whole Apply, and the audit trail records every row it changed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from enum import IntEnum
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from relm_desktop.domain.records import PlanData
from relm_desktop.gui.setup.command import SetupCommand, describe
from relm_desktop.gui.setup.freeze_page import FreezeWindowsPage
from relm_desktop.gui.setup.model import Field, Kind
from relm_desktop.gui.setup.record_page import RecordPage
from relm_desktop.gui.setup.working_time import WorkingTimePage
from relm_desktop.services.setup import SetupEdit

if TYPE_CHECKING:
    from relm_desktop.gui.document import PlanDocument


class Page(IntEnum):
    """The dialog's pages, in the order of the list on its left."""

    WORKING_TIME = 0
    FREEZE_WINDOWS = 1
    ENVIRONMENTS = 2
    TEAMS = 3
    STAKEHOLDERS = 4


TITLES = {
    Page.WORKING_TIME: "Working Time and Holidays",
    Page.FREEZE_WINDOWS: "Freeze Windows",
    Page.ENVIRONMENTS: "Environments",
    Page.TEAMS: "Teams and Suppliers",
    Page.STAKEHOLDERS: "Stakeholders",
}

ENVIRONMENT_FIELDS = (
    Field("name", "Name", placeholder="e.g. Staging"),
    Field("is_production", "Production", Kind.FLAG, extra={"text": "Production environment"}),
    Field("position", "Order", Kind.NUMBER, bounds=(0, 999), tip="Where it comes in lists"),
)
TEAM_FIELDS = (
    Field("name", "Name", placeholder="e.g. Payments squad"),
    Field("is_supplier", "Kind", Kind.CHOICE, choices=((False, "Internal"), (True, "Supplier"))),
    Field("contact", "Contact", placeholder="Name, email or phone"),
    Field("capacity", "Capacity", Kind.NUMBER, bounds=(1, 10_000), tip="Tasks a day it can carry"),
)
STAKEHOLDER_FIELDS = (
    Field("name", "Name", placeholder="A person or a group"),
    Field("title", "Title", placeholder="e.g. Head of Operations"),
    Field("email", "Email"),
    Field("receives_pack", "Receives pack", Kind.FLAG, extra={"text": "Sent the release pack"}),
)


class PlanSettingsDialog(QDialog):
    """The plan's setup, page by page; OK and Apply push one undo command."""

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("plan-settings")
        self.setWindowTitle("Plan Settings")
        self.document = document
        self.data: PlanData | None = None
        today: Callable[[], date] = date.today

        self.working_time = WorkingTimePage(today, self)
        self.freeze_windows = FreezeWindowsPage(today, self)
        self.environments = RecordPage(
            "environment",
            "environment",
            ENVIRONMENT_FIELDS,
            intro="Where releases deploy. A deployment task books its environment for its dates.",
            new_row=lambda: {"name": "New environment", "is_production": False, "position": 0},
            uses=lambda ident: document.service.uses("environment", ident),
            parent=self,
        )
        self.teams = RecordPage(
            "team",
            "team",
            TEAM_FIELDS,
            intro="Internal teams and third-party suppliers that tasks are assigned to.",
            new_row=lambda: {
                "name": "New team",
                "is_supplier": False,
                "contact": "",
                "capacity": 3,
            },
            uses=lambda ident: document.service.uses("team", ident),
            parent=self,
        )
        self.stakeholders = RecordPage(
            "stakeholder",
            "stakeholder",
            STAKEHOLDER_FIELDS,
            intro="People and groups told about, consulted on or accountable for releases.",
            new_row=lambda: {
                "name": "New stakeholder",
                "title": "",
                "email": "",
                "receives_pack": False,
            },
            uses=lambda ident: document.service.uses("stakeholder", ident),
            parent=self,
        )
        self.pages: dict[Page, WorkingTimePage | RecordPage] = {
            Page.WORKING_TIME: self.working_time,
            Page.FREEZE_WINDOWS: self.freeze_windows,
            Page.ENVIRONMENTS: self.environments,
            Page.TEAMS: self.teams,
            Page.STAKEHOLDERS: self.stakeholders,
        }

        self.sections = QListWidget(self)
        self.sections.setObjectName("plan-settings-sections")
        self.stack = QStackedWidget(self)
        for page, widget in self.pages.items():
            self.sections.addItem(TITLES[page])
            self.stack.addWidget(widget)
            widget.changed.connect(self._update_buttons)
        self.sections.setFixedWidth(self.sections.sizeHintForColumn(0) + 28)
        self.sections.currentRowChanged.connect(self._show_page)
        self.title = QLabel(self)
        self.title.setObjectName("plan-settings-title")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title.setFont(font)

        self.error = QLabel(self)
        self.error.setObjectName("plan-settings-error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #d55e00;")  # Okabe-Ito vermillion: legible on both
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.Apply,
            self,
        )
        self.buttons.clicked.connect(self._clicked)

        right = QVBoxLayout()
        right.addWidget(self.title)
        right.addWidget(self.stack, 1)
        body = QHBoxLayout()
        body.addWidget(self.sections)
        body.addLayout(right, 1)
        column = QVBoxLayout(self)
        column.addLayout(body, 1)
        column.addWidget(self.error)
        column.addWidget(self.buttons)
        self.resize(940, 600)
        self.reload()

    # -- pages -------------------------------------------------------------------------
    def show_page(self, page: Page) -> None:
        self.sections.setCurrentRow(int(page))

    def _show_page(self, row: int) -> None:
        self.stack.setCurrentIndex(row)
        self.title.setText(TITLES[Page(row)])

    def reload(self) -> None:
        """Show what the plan holds now; staged edits are dropped."""
        data = self.data = self.document.service.load()
        names = {e.id: e.name for e in data.environments}
        windows: dict[int, list[int]] = {}
        for freeze_id, env in data.freeze_environments:
            windows.setdefault(freeze_id, []).append(env)
        snapshot = self.document.snapshot
        self.working_time.load(data, finish=snapshot.result.finish if snapshot else None)
        self.freeze_windows.load(
            [
                {
                    "id": f.id,
                    "name": f.name,
                    "start": f.start,
                    "finish": f.finish,
                    "environment_ids": tuple(sorted(windows.get(f.id, ()))),
                    "reason": f.reason,
                }
                for f in data.freezes
            ],
            names,
        )
        self.environments.load([e._asdict() for e in data.environments])
        self.teams.load([t._asdict() for t in data.teams])
        self.stakeholders.load([s._asdict() for s in data.stakeholders])
        self.error.hide()
        self._update_buttons()

    # -- applying ----------------------------------------------------------------------
    def edits(self) -> list[SetupEdit]:
        """Every staged edit: adds and changes page by page, then every delete."""
        made: list[SetupEdit] = []
        removed: list[SetupEdit] = []
        for page in (
            self.working_time,
            self.environments,
            self.teams,
            self.stakeholders,
            self.freeze_windows,
        ):
            adds, deletes = page.edits()
            made.extend(adds)
            removed.extend(deletes)
        return made + removed

    def _update_buttons(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Apply).setEnabled(bool(self.edits()))

    def name_of(self, entity: str, ident: int) -> str:
        """The name of a row as the dialog last read it (for the undo text)."""
        data = self.data
        if data is None:
            return f"#{ident}"
        rows = {
            "calendar_day": [(d.id, d.name) for d in data.days_off],
            "freeze_window": [(f.id, f.name) for f in data.freezes],
            "environment": [(e.id, e.name) for e in data.environments],
            "team": [(t.id, t.name) for t in data.teams],
            "stakeholder": [(s.id, s.name) for s in data.stakeholders],
        }.get(entity, [])
        return next((name for found, name in rows if found == ident), f"#{ident}")

    def apply(self) -> bool:
        """Push the staged edits as one undo command; False (and the reason shown) if refused."""
        changes = self.edits()
        if not changes:
            return True
        refusals: list[str] = []
        self.document.failed.connect(refusals.append)
        try:
            command = SetupCommand(self.document, changes, describe(changes, self.name_of))
            pushed = self.document.push(command)
        finally:
            self.document.failed.disconnect(refusals.append)
        if not pushed and refusals:
            self.error.setText(f"Not applied: {refusals[-1]}")
            self.error.show()
            return False
        self.reload()
        return True

    def _clicked(self, button: QAbstractButton) -> None:
        role = self.buttons.buttonRole(button)
        if role == QDialogButtonBox.ButtonRole.AcceptRole:
            if self.apply():
                self.accept()
        elif role == QDialogButtonBox.ButtonRole.ApplyRole:
            self.apply()
        else:
            self.reject()


def open_settings(parent: QWidget, document: PlanDocument, page: Page) -> PlanSettingsDialog:
    """Show the dialog window-modal on ``page`` (without blocking) and return it."""
    dialog = PlanSettingsDialog(document, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show_page(page)
    dialog.open()
    return dialog
