"""The main window's link commands (Task ▸ Task Information…), named by ``ActionSpec.handler``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from relm_desktop.gui.task_info import TaskInfoDialog, show_task_info

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow

    from relm_desktop.gui.document import PlanDocument

    _Base = QMainWindow
else:
    _Base = object


class LinkHandlersMixin(_Base):
    """Task Information, as MS Project opens it (Shift+F2)."""

    if TYPE_CHECKING:  # the main window's state these handlers use (set by MainWindow)
        document: PlanDocument | None

        def selected_task_ids(self) -> list[int]: ...

    def task_information(self) -> TaskInfoDialog | None:
        """Task Information for the current task (the first selected)."""
        ids = self.selected_task_ids()
        if not ids or self.document is None:
            return None
        return show_task_info(self, self.document, ids[0])
