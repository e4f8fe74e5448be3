"""Undo commands of link editing: a task's predecessors and its Task Information.

Each wraps one ``services.links`` call (one transaction); its undo and redo
are one transaction each and put the links back with their ids.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from relm_desktop.gui.commands import PlanCommand
from relm_desktop.services import links
from relm_desktop.services.changes import NOTHING, OpChanges
from relm_desktop.services.links import LinkSpec, TaskEdit

if TYPE_CHECKING:
    from relm_desktop.gui.document import PlanDocument


class TaskEditCommand(PlanCommand):
    """Change a task's fields and, unless ``predecessors`` is None, replace its incoming links."""

    def __init__(
        self,
        document: PlanDocument,
        task_id: int,
        values: Mapping[str, Any] | None,
        predecessors: Sequence[LinkSpec] | None,
        text: str,
    ) -> None:
        super().__init__(document, text)
        self.task_id = task_id
        self.values = dict(values or {})
        self.predecessors = None if predecessors is None else list(predecessors)
        self.edit: TaskEdit | None = None

    def apply(self) -> OpChanges:
        service = self.document.service
        if self.edit is None:
            self.edit = links.edit_task(service, self.task_id, self.values, self.predecessors)
            return self.edit.changes
        return links.redo_task_edit(service, self.edit)

    def revert(self) -> OpChanges:
        if self.edit is None:
            return NOTHING
        return links.revert_task_edit(self.document.service, self.edit)

    def changed_anything(self) -> bool:
        return self.edit is not None and bool(self.edit.changes)


def push_task_edit(
    document: PlanDocument,
    task_id: int,
    values: Mapping[str, Any] | None,
    predecessors: Sequence[LinkSpec] | None,
    text: str,
) -> bool:
    """Make the edit as one undo step; False when refused (the document says why) or a no-op."""
    return document.push(TaskEditCommand(document, task_id, values, predecessors, text))
