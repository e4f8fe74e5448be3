"""Undo commands: each wraps exactly one PlanService call (one transaction).

A command does its work once before it is pushed (so a refused edit never
reaches the stack) and afterwards only on redo. Undo uses what the service
returned: old values for an update, the removed rows for a delete, and for a
create the rows captured when it was undone, so a redone create keeps its id.
``apply`` and ``revert`` return what the call changed (``OpChanges``), which
the document passes on: no reschedule when no scheduling input changed, and
views showing none of the kinds changed do nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand

from relm_desktop.domain.enums import DependencyType
from relm_desktop.services.changes import EVERYTHING, NOTHING, OpChanges
from relm_desktop.services.edits import Change, EditError
from relm_desktop.services.links import TaskDeletion, delete_tasks, restore_tasks
from relm_desktop.services.outline_rows import OutlineEdit

if TYPE_CHECKING:
    from relm_desktop.gui.document import PlanDocument
    from relm_desktop.services.outline_service import OutlineService


class PlanCommand(QUndoCommand):
    """Base: ``apply`` and ``revert`` each make one service call and return its changes.

    ``changes`` is what the last of them changed; the document reschedules for it.
    """

    def __init__(self, document: PlanDocument, text: str) -> None:
        super().__init__(text)
        self.document = document
        self._skip_next_redo = False
        self._refused = False
        self.changes: OpChanges = NOTHING

    def apply(self) -> OpChanges:
        raise NotImplementedError

    def revert(self) -> OpChanges:
        raise NotImplementedError

    def changed_anything(self) -> bool:
        """False when the first ``apply`` turned out to change nothing."""
        return True

    def first_run(self) -> None:
        """Do the edit before the push; the push's own redo is then skipped."""
        self.changes = self.apply()
        self.named()
        self._skip_next_redo = True

    def named(self) -> None:
        """Take the text the first call says (on the GUI thread: the stack reads it there)."""

    def skip_first_redo(self) -> None:
        """The edit is made elsewhere (``PlanDocument.push_behind``): the push's redo is skipped."""
        self._skip_next_redo = True

    def refuse(self) -> None:
        """The edit made behind was refused: nothing to undo or redo, and off the stack once
        undone (an obsolete command)."""
        self._refused = True
        self.setObsolete(True)

    def _run(self, work: Callable[[], OpChanges]) -> None:
        outcome: list[OpChanges] = []
        self.document.guarded(lambda: outcome.append(work()))
        # A refused call changed nothing (its transaction rolled back); the
        # plan is shown again in full all the same, as it always was.
        self.changes = outcome[0] if outcome else EVERYTHING

    def redo(self) -> None:  # QUndoCommand.redo
        if self._skip_next_redo:
            self._skip_next_redo = False
            return
        self.document.settle_write(replaying=True)
        if self._refused:
            return
        # The audit trail records a redo as such (issue: undo and redo are logged).
        with self.document.service.as_source("redo"):
            self._run(self.apply)
        self.document.reschedule(self.changes)

    def undo(self) -> None:  # QUndoCommand.undo
        self.document.settle_write(replaying=True)  # this command's own call, if behind
        if self._refused:
            return
        with self.document.service.as_source("undo"):
            self._run(self.revert)
        self.document.reschedule(self.changes)


class UpdateCommand(PlanCommand):
    """Change fields of one row."""

    def __init__(
        self,
        document: PlanDocument,
        entity: str,
        ident: int,
        values: Mapping[str, Any],
        text: str,
    ) -> None:
        super().__init__(document, text)
        self.entity = entity
        self.ident = ident
        self.values = dict(values)
        self.change: Change | None = None

    def apply(self) -> OpChanges:
        if self.change is None and self.entity == "task":
            refuse_summary_edit(self.document, self.ident, self.values)
        values = self.change.after if self.change is not None else self.values
        change = self.document.service.update(self.entity, self.ident, values)
        if self.change is None:
            self.change = change
        return change.changes

    def revert(self) -> OpChanges:
        if self.change is not None and self.change.before:
            return self.document.service.update(self.entity, self.ident, self.change.before).changes
        return NOTHING

    def changed_anything(self) -> bool:
        return self.change is not None and bool(self.change.after)


class CreateCommand(PlanCommand):
    """Add one row (or a link); ``ident`` is its id once applied."""

    def __init__(
        self, document: PlanDocument, entity: str, values: Mapping[str, Any], text: str
    ) -> None:
        super().__init__(document, text)
        self.entity = entity
        self.values = dict(values)
        self.ident: int | None = None
        self._removed: Change | None = None

    def _create(self) -> Change:
        return self.document.service.create(self.entity, self.values)

    def apply(self) -> OpChanges:
        if self._removed is not None:
            return self.document.service.restore(self._removed).changes
        change = self._create()
        self.ident = change.ids[0]
        return change.changes

    def revert(self) -> OpChanges:
        if self.ident is None:
            return NOTHING
        self._removed = self.document.service.delete(self.entity, [self.ident])
        return self._removed.changes


class InsertTaskCommand(CreateCommand):
    """Add a task right after task ``after`` (or last in its release when None).

    Undo deletes it; redo restores the deleted row, so the task keeps its id
    and its position (the other tasks' relative order never changes).
    """

    def __init__(
        self, document: PlanDocument, after: int | None, values: Mapping[str, Any], text: str
    ) -> None:
        super().__init__(document, "task", values, text)
        self.after = after

    def _create(self) -> Change:
        return self.document.service.insert_task(self.after, self.values)


class LinkCommand(CreateCommand):
    """Link two tasks (refused for a self-link or a duplicate pair)."""

    def __init__(
        self,
        document: PlanDocument,
        predecessor: int,
        successor: int,
        link_type: DependencyType,
        lag: int,
        text: str,
    ) -> None:
        values = {
            "predecessor_id": predecessor,
            "successor_id": successor,
            "type": link_type,
            "lag": lag,
        }
        super().__init__(document, "dependency", values, text)

    def _create(self) -> Change:
        return self.document.service.link(
            self.values["predecessor_id"],
            self.values["successor_id"],
            type=self.values["type"],
            lag=self.values["lag"],
        )


class DeleteCommand(PlanCommand):
    """Delete rows and what cascades from them; undo puts every row back with its id.

    Tasks go through ``services.links.delete_tasks``: the FS chains they were in
    are joined again (MS Project's autolink), and ``note`` says so.
    """

    def __init__(
        self, document: PlanDocument, entity: str, ids: list[int] | tuple[int, ...], text: str
    ) -> None:
        super().__init__(document, text)
        self.entity = entity
        self.ids = tuple(ids)
        self.change: Change | None = None
        self.deletion: TaskDeletion | None = None
        #: What the delete did, for the status bar ("Deleted 'Build'; linked …").
        self.note = ""

    def apply(self) -> OpChanges:
        if self.entity == "task":
            joins = self.deletion.joined if self.deletion is not None else None
            self.deletion = delete_tasks(self.document.service, self.ids, joins)
            self.note = self.deletion.description
            return self.deletion.changes
        self.change = self.document.service.delete(self.entity, list(self.ids))
        return self.change.changes

    def revert(self) -> OpChanges:
        if self.deletion is not None:
            return restore_tasks(self.document.service, self.deletion)
        if self.change is None:
            return NOTHING
        return self.document.service.restore(self.change).changes


class BaselineCommand(PlanCommand):
    """Save the current schedule as the baseline."""

    def __init__(self, document: PlanDocument) -> None:
        super().__init__(document, "Save baseline")
        self.change: Change | None = None

    def apply(self) -> OpChanges:
        self.change = self.document.service.save_baseline()
        return self.change.changes

    def revert(self) -> OpChanges:
        if self.change is None:
            return NOTHING
        return self.document.service.restore_baseline(self.change).changes


#: What a summary task takes from its subtasks, so the user does not set it (MS Project).
ROLLED_UP = frozenset({"duration", "constraint_type", "constraint_date", "percent_complete"})


def refuse_summary_edit(document: PlanDocument, ident: int, values: Mapping[str, Any]) -> None:
    """Refuse, saying why, an edit of what a summary task rolls up from its children."""
    snapshot = document.snapshot
    if snapshot is None or not ROLLED_UP.intersection(values):
        return
    if any(task.parent_id == ident for task in snapshot.data.tasks):
        raise EditError(
            f"'{document.task_name(ident)}' is a summary task: its duration, dates, "
            "constraint and % complete come from its subtasks"
        )


class OutlineCommand(PlanCommand):
    """One outline gesture (``services.outline_service``): indent, move, paste, new phase…

    ``gesture`` runs once; undo and redo replay its ``OutlineEdit``, so ids,
    positions, parents and links come back exactly. The text is the edit's own.
    """

    def __init__(
        self, document: PlanDocument, gesture: Callable[[OutlineService], OutlineEdit]
    ) -> None:
        super().__init__(document, "Outline edit")
        self.gesture = gesture
        self.edit: OutlineEdit | None = None

    def apply(self) -> OpChanges:
        outline = self.document.service.outline
        if self.edit is None:
            self.edit = self.gesture(outline)
        else:
            outline.redo(self.edit)
        return self.edit.changes

    def revert(self) -> OpChanges:
        if self.edit is None:
            return NOTHING
        self.document.service.outline.undo(self.edit)
        return self.edit.changes

    def changed_anything(self) -> bool:
        return self.edit is not None

    def named(self) -> None:
        if self.edit is not None:
            self.setText(self.edit.description)


class DeleteReleaseCommand(PlanCommand):
    """Delete a release with its phases, tasks, links, risks and gates; undo brings all back."""

    def __init__(self, document: PlanDocument, release_id: int, text: str) -> None:
        super().__init__(document, text)
        self.release_id = release_id
        self.change: Change | None = None

    def apply(self) -> OpChanges:
        self.change = self.document.service.outline.delete_release(self.release_id)
        return self.change.changes

    def revert(self) -> OpChanges:
        if self.change is None:
            return NOTHING
        return self.document.service.outline.restore_release(self.change).changes
