"""The Plan menu's setup commands: each opens Plan Settings on its page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from relm_desktop.gui.setup.dialog import Page, PlanSettingsDialog, open_settings

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow

    from relm_desktop.gui.document import PlanDocument

    _Base = QMainWindow
else:
    _Base = object


class SetupHandlersMixin(_Base):
    """Working Time and Holidays…, Freeze Windows…, Environments…, Teams…, Stakeholders…."""

    if TYPE_CHECKING:  # the main window's state these handlers use (set by MainWindow)
        document: PlanDocument | None

    #: The Plan Settings dialog last opened (tests and screenshots reach it here).
    settings_dialog: PlanSettingsDialog | None = None

    def plan_settings(self, page: Page) -> PlanSettingsDialog | None:
        """Open Plan Settings on ``page`` (window-modal; OK or Apply is one undo step)."""
        if self.document is None or self.document.service.store.readonly:
            return None
        self.settings_dialog = open_settings(self, self.document, page)
        return self.settings_dialog

    def working_time_settings(self) -> None:
        self.plan_settings(Page.WORKING_TIME)

    def freeze_window_settings(self) -> None:
        self.plan_settings(Page.FREEZE_WINDOWS)

    def environment_settings(self) -> None:
        self.plan_settings(Page.ENVIRONMENTS)

    def team_settings(self) -> None:
        self.plan_settings(Page.TEAMS)

    def stakeholder_settings(self) -> None:
        self.plan_settings(Page.STAKEHOLDERS)
