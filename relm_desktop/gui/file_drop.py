"""Files dropped on the main window: a plan opens, anything importable is imported.

Which extensions import, and through which service, is the format table's
call (``services.formats``): a workbook goes through the Excel import, every
other tool's file through the same path as File ▸ Import From Other Tools
(read, merge preview, one undo step). A file of any other kind is refused
with the table's own message, naming what is supported.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QDragEnterEvent, QDropEvent

from relm_desktop.services import excel, formats

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow

    from relm_desktop.gui.context import AppContext
    from relm_desktop.gui.document import PlanDocument

    _Base = QMainWindow
else:
    _Base = object

#: A plan file opens (closing the plan shown); it is not an import.
PLAN_SUFFIX = ".relm"
DROP_TITLE = "Drop a file"


def droppable() -> set[str]:
    """Every extension a drop acts on: a plan, or whatever the format table imports."""
    return {PLAN_SUFFIX, *formats.importable()}


def dropped_files(event: QDragEnterEvent | QDropEvent) -> list[Path]:
    """The local files a drag carries (web links and the like are not files)."""
    mime = event.mimeData()
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


class FileDropMixin(_Base):
    """The main window's drop target (``setAcceptDrops(True)`` is set by the window)."""

    if TYPE_CHECKING:  # the main window's state and handlers this uses
        document: PlanDocument | None
        context: AppContext

        def open_plan(self, path: Path) -> bool: ...
        def import_workbook(self, path: Path) -> None: ...
        def import_foreign_file(self, path: Path) -> bool: ...

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # QWidget.dragEnterEvent
        # Any local file is taken, so that one the app cannot read is refused with a
        # message on the drop instead of a bare "no entry" cursor.
        if dropped_files(event):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # QWidget.dropEvent
        files = dropped_files(event)
        if not files:
            return
        known = droppable()
        path = next((f for f in files if f.suffix.lower() in known), files[0])
        event.acceptProposedAction()
        self.open_dropped(path)

    def open_dropped(self, path: Path) -> None:
        """Open a plan, or import a file by the format table; refuse anything else."""
        if path.suffix.lower() == PLAN_SUFFIX:
            self.open_plan(path)
            return
        try:
            handler = formats.importer(path)
        except formats.FormatError as exc:
            text = f"{exc}. Drop a {PLAN_SUFFIX} file to open a plan."
            self.context.prompts.error(self, DROP_TITLE, text)
            return
        if self.document is None:
            self.context.prompts.error(
                self, DROP_TITLE, f"Open a plan first, then drop {path.name} on it to import it."
            )
            return
        if handler is excel.cli_import:
            self.import_workbook(path)
        else:  # MS Project, GanttProject, CSV, OpenDocument: services.interchange
            self.import_foreign_file(path)
