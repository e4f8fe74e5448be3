"""The outline commands: indent, outdent, move, cut/copy/paste/duplicate, releases and phases.

Each handler makes one ``OutlineCommand`` (one service call, one undo step)
from the selected rows. A copy is kept here as plain data and also put on the
system clipboard as tab-separated text (name, duration, start, finish) for a
spreadsheet; a cut is pasted by moving the tasks, so they keep ids and links.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication

from relm_desktop.domain.text import plural
from relm_desktop.gui.commands import DeleteReleaseCommand, OutlineCommand
from relm_desktop.gui.outline_dialogs import MoveToDialog, NewPhaseDialog, NewReleaseKindDialog
from relm_desktop.layout.timeline import Key, Node, RowKind
from relm_desktop.services.clipboard import Copied, as_text
from relm_desktop.services.edits import EditError

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtWidgets import QDialog, QMainWindow

    from relm_desktop.gui.context import AppContext
    from relm_desktop.gui.document import PlanDocument
    from relm_desktop.gui.timeline.view import TimelineView
    from relm_desktop.services.outline_rows import OutlineEdit
    from relm_desktop.services.outline_service import OutlineService

    _Base = QMainWindow
else:
    _Base = object


class OutlineHandlersMixin(_Base):
    """Task ▸ Indent, Outdent, Move…, New Release/Phase, Delete Release; Edit ▸ Cut…Duplicate."""

    if TYPE_CHECKING:  # the main window's state these handlers use (set by MainWindow)
        context: AppContext
        document: PlanDocument | None
        timeline: TimelineView | None

        def selected_task_ids(self) -> list[int]: ...

    #: What Copy or Cut took; a cut (``cut``) is moved by Paste, a copy is copied.
    copied: Copied | None = None
    cut: tuple[int, ...] = ()
    #: The outline dialog last opened (tests and screenshots reach it here).
    outline_dialog: QDialog | None = None

    # -- helpers ----------------------------------------------------------------------------
    def push_outline(self, gesture: Callable[[OutlineService], OutlineEdit]) -> OutlineEdit | None:
        """Run one outline gesture as one undo step; select what it placed once shown."""
        document = self.document
        if document is None:
            return None
        command = OutlineCommand(document, gesture)
        if not document.push(command) or command.edit is None:
            return None
        self._select_when_shown([(RowKind.TASK, ident) for ident in command.edit.selection])
        return command.edit

    def push_outline_behind(
        self, gesture: Callable[[OutlineService], OutlineEdit], text: str
    ) -> None:
        """As ``push_outline``, its service call on a worker (``PlanDocument.push_behind``):
        the window goes on painting while a 10,000-task plan is rewritten (an indent
        renumbers, a paste of hundreds of tasks writes them and their audit trail)."""
        document = self.document
        if document is None:
            return
        command = OutlineCommand(document, gesture)
        command.setText(text)  # until the call names it ("Paste 500 tasks")

        def select() -> None:
            if command.edit is not None:
                self._select_when_shown([(RowKind.TASK, i) for i in command.edit.selection])

        document.push_behind(command, select)

    def _select_when_shown(self, keys: list[Key]) -> None:
        document = self.document
        if document is None or not keys:
            return

        def select(*_: object) -> None:
            document.scheduled.disconnect(select)
            if self.timeline is not None and self.document is document:
                self.timeline.select_keys(keys)

        document.scheduled.connect(select)

    def _focus_row(self) -> Node | None:
        """The row a paste or a new phase goes after: the current row, else the first selected."""
        return self.timeline.focus_node() if self.timeline is not None else None

    def _say(self, text: str) -> None:
        self.statusBar().showMessage(text, 6000)

    # -- the outline --------------------------------------------------------------------------
    def indent_tasks(self) -> None:
        ids = self.selected_task_ids()
        if ids:
            self.push_outline_behind(lambda outline: outline.indent(ids), "Indent")

    def outdent_tasks(self) -> None:
        ids = self.selected_task_ids()
        if ids:
            self.push_outline_behind(lambda outline: outline.outdent(ids), "Outdent")

    def move_tasks_up(self) -> None:
        ids = self.selected_task_ids()
        if ids:
            self.push_outline_behind(lambda outline: outline.move_up(ids), "Move up")

    def move_tasks_down(self) -> None:
        ids = self.selected_task_ids()
        if ids:
            self.push_outline_behind(lambda outline: outline.move_down(ids), "Move down")

    def move_to_phase(self) -> None:
        self._move_to(phases=True)

    def move_to_release(self) -> None:
        self._move_to(phases=False)

    def _move_to(self, *, phases: bool) -> None:
        ids = self.selected_task_ids()
        if not ids or self.document is None:
            return
        dialog = MoveToDialog(self.document, ids, phases=phases, parent=self)
        self.outline_dialog = dialog
        dialog.open()

    # -- cut, copy, paste, duplicate ---------------------------------------------------------
    def copy_tasks(self) -> None:
        if self._take(cut=False):
            assert self.copied is not None
            self._say(f"Copied {plural(len(self.copied), 'task')}")

    def cut_tasks(self) -> None:
        if self._take(cut=True):
            assert self.copied is not None
            self._say(
                f"Cut {plural(len(self.copied), 'task')}: select a row and paste (Ctrl+V) "
                "to move them there"
            )

    def _take(self, *, cut: bool) -> bool:
        ids = self.selected_task_ids()
        document = self.document
        if not ids or document is None:
            return False
        try:
            copied = document.service.outline.copy(ids)
        except EditError as exc:
            self._say(str(exc))
            return False
        self.copied = copied
        self.cut = copied.roots if cut else ()
        rows = []
        for task in copied.tasks:
            node = document.node(RowKind.TASK, task["id"])
            start, finish = (node.start, node.finish) if node is not None else (None, None)
            rows.append((str(task["name"]), int(task["duration"]), start, finish))
        QApplication.clipboard().setText(as_text(rows))
        return True

    def paste_tasks(self) -> None:
        node = self._focus_row()
        if node is None or self.document is None:
            return
        if node.kind is RowKind.GROUP:
            self._say("Paste into a release or phase: group the view by release and phase first")
            return
        anchor = (node.kind.value, node.id)
        if self.cut:
            ids = list(self.cut)
            if self.push_outline(lambda outline: outline.move_after(ids, anchor)) is not None:
                self.cut, self.copied = (), None  # a cut moves once, as in MS Project
            return
        copied = self.copied
        if copied is None:
            self._say("Nothing to paste: copy (Ctrl+C) or cut (Ctrl+X) tasks first")
            return
        self.push_outline_behind(lambda outline: outline.paste(copied, anchor), "Paste")

    def duplicate_tasks(self) -> None:
        ids = self.selected_task_ids()
        if ids:
            self.push_outline_behind(lambda outline: outline.duplicate(ids), "Duplicate")

    # -- releases and phases -----------------------------------------------------------------
    def new_release(self) -> None:
        if self.document is None:
            return
        dialog = NewReleaseKindDialog(self.document, self)
        self.outline_dialog = dialog
        dialog.finished.connect(lambda _: self._select_release(dialog))
        dialog.open()

    def _select_release(self, dialog: NewReleaseKindDialog) -> None:
        if dialog.release_id is not None:
            self._select_when_shown([(RowKind.RELEASE, dialog.release_id)])

    def _release_of(self, node: Node) -> int | None:
        if node.kind is RowKind.RELEASE:
            return node.id
        if node.kind is RowKind.PHASE:
            return node.phase.release_id
        if node.kind is RowKind.TASK:
            return node.task.release_id
        return None

    def new_phase(self) -> None:
        node = self._focus_row()
        if node is None or self.document is None:
            return
        release = self._release_of(node)
        if release is None:
            self._say("Select a release, phase or task row for the new phase's release")
            return
        after = node.id if node.kind is RowKind.PHASE else None
        if node.kind is RowKind.TASK:
            after = node.task.phase_id
        dialog = NewPhaseDialog(self.document, release, after, self)
        if node.kind is RowKind.RELEASE:
            dialog.after.setCurrentIndex(dialog.after.count() - 1)
        self.outline_dialog = dialog

        def shown(_: int) -> None:
            if dialog.phase_id is not None:
                self._select_when_shown([(RowKind.PHASE, dialog.phase_id)])

        dialog.finished.connect(shown)
        dialog.open()

    def delete_release(self) -> None:
        node = self._focus_row()
        document = self.document
        if node is None or document is None:
            return
        release = self._release_of(node)
        if release is None:
            self._say("Select a release row to delete it")
            return
        try:
            contents = document.service.outline.release_contents(release)
        except EditError as exc:
            self._say(str(exc))
            return
        question = contents.question()
        if not self.context.prompts.confirm(self, "Delete release", question):
            return
        text = f"Delete release '{contents.label}'"
        if document.push(DeleteReleaseCommand(document, release, text)):
            self._say(f"Deleted '{contents.label}'; Undo (Ctrl+Z) brings it back")
