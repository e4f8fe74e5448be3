"""The main window's action handlers (named by ``ActionSpec.handler``)."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog

from relm_desktop.domain.enums import DependencyType
from relm_desktop.domain.text import plural
from relm_desktop.gui.commands import LinkCommand
from relm_desktop.gui.shortcuts import ShortcutsDialog
from relm_desktop.gui.theme import Scheme, apply_scheme, running_app
from relm_desktop.layout.scale import Zoom
from relm_desktop.layout.timeline import Key, RowKind
from relm_desktop.services.edits import EditError
from relm_desktop.services.plan import PlanService

if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QDockWidget, QLineEdit, QMainWindow, QWidget

    from relm_desktop.gui.context import AppContext
    from relm_desktop.gui.document import PlanDocument
    from relm_desktop.gui.exchange.flow import Interaction
    from relm_desktop.gui.timeline.view import TimelineView

    _Base = QMainWindow
else:
    _Base = object


class HandlersMixin(_Base):
    """What each menu command does; kept apart so the window module stays readable."""

    if TYPE_CHECKING:  # the main window's state these handlers use (set by MainWindow)
        context: AppContext
        document: PlanDocument | None
        timeline: TimelineView | None
        scheme: Scheme
        find_edit: QLineEdit
        actions_by_id: dict[str, QAction]
        exchange_interaction: Interaction | None
        shortcuts_dialog: ShortcutsDialog
        about_dialog: QWidget
        _select_after: Key | None
        _rename_after: bool

        def open_plan(self, path: Path) -> bool: ...

        def arrange_docks(self) -> None: ...

        def reset_columns(self) -> None: ...

        def save_settings(self) -> None: ...

        @property
        def docks(self) -> list[QDockWidget]: ...

        _hidden_for_welcome: list[QDockWidget] | None

    # -- selection helpers ----------------------------------------------------------------
    def selected_task_ids(self) -> list[int]:
        return self.timeline.selected_task_ids() if self.timeline else []

    def select_keys(self, keys: list[Key]) -> None:
        if self.timeline is not None:
            self.timeline.select_keys(keys)

    # -- file -----------------------------------------------------------------------------
    def new_plan(self) -> None:
        path = self.context.prompts.save_path(self, "New plan")
        if path is None:
            return
        path = path if path.suffix == ".relm" else path.with_suffix(".relm")
        if path.exists():
            self.context.prompts.error(self, "New plan", f"{path} already exists.")
            return
        from relm_desktop.gui.setup.countries import system_country
        from relm_desktop.gui.setup.new_plan import ask_plan_calendar

        try:
            # Public holidays of the system locale's country until the user picks others.
            service = PlanService.new(path, country=system_country()[0] or None)
        except (EditError, OSError) as exc:
            self.context.prompts.error(self, "New plan", str(exc))
            return
        service.close()
        if self.open_plan(path) and self.document is not None:
            self.new_plan_dialog = ask_plan_calendar(self, self.document)

    def open_dialog(self) -> None:
        start = str(self.document.path.parent) if self.document and self.document.path else ""
        path = self.context.prompts.open_path(self, start)
        if path is not None:
            self.open_plan(path)

    def save(self) -> None:
        if self.document is not None:
            self.statusBar().showMessage(
                f"Every edit is saved as you make it — {self.document.path}", 5000
            )

    def save_as(self) -> None:
        if self.document is None:
            return
        path = self.context.prompts.save_path(self, "Save plan as")
        if path is None:
            return
        try:
            self.document.service.save_as(path)
        except (EditError, OSError) as exc:
            self.context.prompts.error(self, "Save as", str(exc))
            return
        self.open_plan(path)

    def import_workbook(self, path: Path) -> None:
        """Import a workbook (File ▸ Import or a dropped .xlsx): mapping, preview, one undo step."""
        from relm_desktop.gui.exchange import import_file

        document = self.document
        if document is None:
            self.statusBar().showMessage("Open a plan first, then drop the workbook on it", 8000)
            return
        if document.service.store.readonly:
            self.context.prompts.error(self, "Import", "This plan is open read-only.")
            return
        if import_file(
            self,
            document.service,
            path,
            document.undo_stack,
            interaction=self.exchange_interaction,
            changed=document.reschedule,
        ):
            self.statusBar().showMessage(f"Imported {path.name}", 8000)

    def import_xlsx_dialog(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Import Excel workbook", "", "Excel workbooks (*.xlsx)"
        )
        if name:
            self.import_workbook(Path(name))

    def export_xlsx_dialog(self) -> None:
        from relm_desktop.gui.exchange import export_file

        if self.document is None:
            return
        default = self.document.path.with_suffix(".xlsx") if self.document.path else Path()
        name, _ = QFileDialog.getSaveFileName(
            self, "Export Excel workbook", str(default), "Excel workbooks (*.xlsx)"
        )
        if name:
            path = Path(name) if name.lower().endswith(".xlsx") else Path(name + ".xlsx")
            if export_file(self, self.document.service, path):
                self.statusBar().showMessage(f"Exported {path}", 8000)

    def export_pack_dialog(self) -> None:
        from relm_desktop.gui.pack_dialog import export_pack

        if self.document is not None:
            export_pack(self, self.document.service)

    # -- edit -------------------------------------------------------------------------------
    def undo(self) -> None:
        if self.document is not None:
            self.document.undo_stack.undo()

    def redo(self) -> None:
        if self.document is not None:
            self.document.undo_stack.redo()

    def find_in_plan(self) -> None:
        self.find_edit.setFocus()
        self.find_edit.selectAll()

    def find_next(self) -> None:
        """Select the next task whose name contains the find text."""
        text = self.find_edit.text().strip().casefold()
        if not text or self.document is None or self.document.snapshot is None:
            return
        nodes = [
            n
            for n in self.document.snapshot.timeline.nodes
            if n.kind is RowKind.TASK and text in n.name.casefold()
        ]
        if not nodes:
            self.statusBar().showMessage(f"No task matches '{self.find_edit.text()}'", 4000)
            return
        current = self.selected_task_ids()
        after = [n for n in nodes if current and n.index > self._node_index(current[0])]
        target = (after or nodes)[0]
        self.select_keys([target.key])
        verb = "matches" if len(nodes) == 1 else "match"
        self.statusBar().showMessage(f"{plural(len(nodes), 'task')} {verb}", 4000)

    def _node_index(self, task_id: int) -> int:
        node = self.document.node(RowKind.TASK, task_id) if self.document else None
        return node.index if node is not None else -1

    def new_task(self) -> None:
        """Insert a task below the selected one at its level; under a summary, its first child."""
        if self.document is None or self.document.snapshot is None:
            return
        data = self.document.snapshot.data
        keys = self.timeline.selected_keys() if self.timeline else []
        values: dict[str, object] = {"name": "New task", "duration": 1}
        anchor = self.document.node(*keys[0]) if keys else None
        after: int | None = None
        if anchor is not None and anchor.kind is RowKind.TASK:
            after = anchor.id  # the new task takes the anchor's release and phase
        elif anchor is not None and anchor.kind is RowKind.PHASE:
            values |= {"release_id": anchor.phase.release_id, "phase_id": anchor.id}
        elif anchor is not None:
            values |= {"release_id": anchor.id}
        elif data.releases:
            values |= {"release_id": data.releases[0].id}
        else:
            release = self.document.create(
                "release", {"name": "New release", "version": "1.0"}, "New release"
            )
            if release is None:
                return
            values |= {"release_id": release}
        ident = self.document.insert_task(after, values, "New task")
        if ident is not None:
            self._select_after = (RowKind.TASK, ident)
            self._rename_after = True

    def rename(self) -> None:
        keys = self.timeline.selected_keys() if self.timeline else []
        if keys and self.timeline is not None:
            self.timeline.rename(*keys[0])

    def delete_selection(self) -> None:
        ids = self.selected_task_ids()
        if not ids or self.document is None:
            return
        text = (
            f"Delete '{self.document.task_name(ids[0])}'"
            if len(ids) == 1
            else f"Delete {len(ids)} tasks"
        )
        self.document.delete("task", ids, text)

    def link_selection(self) -> None:
        """Chain the selected tasks finish-to-start, as one undo step."""
        ids = self.selected_task_ids()
        if len(ids) < 2 or self.document is None:
            return
        if len(ids) == 2:
            self.document.link(ids[0], ids[1])
            return
        stack = self.document.undo_stack
        stack.beginMacro(f"Link {len(ids)} tasks")
        for a, b in itertools.pairwise(ids):
            command = LinkCommand(self.document, a, b, DependencyType.FS, 0, f"Link #{a} → #{b}")
            if self.document.guarded(command.first_run):
                stack.push(command)
        stack.endMacro()
        self.document.reschedule()

    def toggle_milestone(self) -> None:
        ids = self.selected_task_ids()
        if not ids or self.document is None:
            return
        task = self.document.task(ids[0])
        if task is None:  # selected ids come from the timeline: not expected
            return
        name = self.document.task_name(ids[0])
        if task.duration == 0:
            self.document.update("task", ids[0], {"duration": 1}, f"Make '{name}' a task")
        else:
            self.document.update("task", ids[0], {"duration": 0}, f"Make '{name}' a milestone")

    def save_baseline(self) -> None:
        if self.document is not None and self.document.save_baseline():
            self.statusBar().showMessage("Baseline saved", 4000)

    # -- view -------------------------------------------------------------------------------
    def zoom_in(self) -> None:
        if self.timeline:
            self.timeline.zoom_in()

    def zoom_out(self) -> None:
        if self.timeline:
            self.timeline.zoom_out()

    def zoom_reset(self) -> None:
        self._zoom(Zoom.WEEK)

    def zoom_day(self) -> None:
        self._zoom(Zoom.DAY)

    def zoom_week(self) -> None:
        self._zoom(Zoom.WEEK)

    def zoom_month(self) -> None:
        self._zoom(Zoom.MONTH)

    def zoom_quarter(self) -> None:
        self._zoom(Zoom.QUARTER)

    def reset_layout(self) -> None:
        """Docks and the timeline's table/chart split as the app first lays them out.

        The remembered layout is overwritten with this one.
        """
        self.arrange_docks()
        self.reset_columns()
        if self.timeline is not None:
            self.timeline.splitter.setSizes([self.timeline.table_width(), 4000])
        if self._hidden_for_welcome is not None:  # the welcome page stands alone
            self._hidden_for_welcome = self.docks
            for dock in self.docks:
                dock.hide()
        self.save_settings()
        self.statusBar().showMessage("Layout reset", 4000)

    def _zoom(self, zoom: Zoom) -> None:
        if self.timeline:
            self.timeline.set_zoom(zoom)

    def go_today(self) -> None:
        if self.timeline:
            chart = self.timeline.chart
            chart.horizontalScrollBar().setValue(
                int(chart.scale.x_of(chart.today) - chart.viewport().width() / 3)
            )

    def toggle_critical(self) -> None:
        if self.timeline:
            self.timeline.chart.show_critical = self.actions_by_id["relm.view.critical"].isChecked()
            self.timeline.chart.viewport().update()

    def toggle_baseline(self) -> None:
        if self.timeline:
            self.timeline.chart.show_baseline = self.actions_by_id["relm.view.baseline"].isChecked()
            self.timeline.chart.viewport().update()

    def expand_all(self) -> None:
        if self.timeline:
            self.timeline.expand_all()

    def collapse_all(self) -> None:
        if self.timeline:
            self.timeline.collapse_all()

    def theme_system(self) -> None:
        self.set_scheme(Scheme.SYSTEM)

    def theme_light(self) -> None:
        self.set_scheme(Scheme.LIGHT)

    def theme_dark(self) -> None:
        self.set_scheme(Scheme.DARK)

    def set_scheme(self, scheme: Scheme) -> None:
        """Switch palette (System follows the desktop's light/dark setting)."""
        self.scheme = scheme
        colors = apply_scheme(running_app(), scheme)
        if self.timeline is not None:
            self.timeline.chart.set_colors(colors)
        self.context.settings.setValue("scheme", scheme.value)

    # -- help -------------------------------------------------------------------------------
    def show_shortcuts(self) -> None:
        dialog = ShortcutsDialog(self)
        dialog.setObjectName("shortcuts-dialog")
        dialog.show()
        self.shortcuts_dialog = dialog

    def about(self) -> None:
        from relm_desktop.gui.about import show_about

        self.about_dialog = show_about(self, self.context.settings)
