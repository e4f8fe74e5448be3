"""Plan ▸ Status Date… (named by its ``ActionSpec``): one undoable edit of ``plan_info``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from relm_desktop.gui import dates
from relm_desktop.gui.status_date_dialog import StatusDateDialog

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow

    from relm_desktop.domain.records import PlanData
    from relm_desktop.gui.document import PlanDocument

    _Base = QMainWindow
else:
    _Base = object


class StatusDateHandlersMixin(_Base):
    """The plan's status date: set in a dialog, shown in the status bar."""

    if TYPE_CHECKING:  # the main window's state these handlers use (set by MainWindow)
        document: PlanDocument | None

    def status_date_dialog(self) -> None:
        document = self.document
        if document is None or document.snapshot is None:
            return
        info = document.snapshot.data.info
        if info is None:
            return
        dialog = StatusDateDialog(info.status_date, self)
        accepted = dialog.exec() == StatusDateDialog.DialogCode.Accepted
        chosen = dialog.chosen
        dialog.deleteLater()  # parented to the window: would otherwise live as long
        if not accepted:
            return
        text = f"Status Date {dates.format_date(chosen)}" if chosen else "Status Date Today"
        document.update("plan_info", info.id, {"status_date": chosen}, text)

    @staticmethod
    def as_of_text(data: PlanData) -> str:
        """' · as of 02 Mar 2026' for the status bar (' · as of today' when unset)."""
        status = data.info.status_date if data.info is not None else None
        return f" · as of {dates.format_date(status)}" if status else " · as of today"
