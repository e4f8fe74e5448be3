"""The undo command of the plan settings: one Apply, one service call, one undo step."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from relm_desktop.gui.commands import PlanCommand
from relm_desktop.services.changes import NOTHING, OpChanges
from relm_desktop.services.edits import Batch
from relm_desktop.services.setup import Add, FloatHorizon, Remove, SetupEdit, Update, WorkingTime

if TYPE_CHECKING:
    from relm_desktop.gui.document import PlanDocument

NOUNS = {
    "calendar_day": "day off",
    "freeze_window": "freeze window",
    "environment": "environment",
    "team": "team",
    "stakeholder": "stakeholder",
}


def describe(changes: Sequence[SetupEdit], name_of: Callable[[str, int], str]) -> str:
    """The undo text: the one edit in words, or how many there were.

    ``name_of(entity, id)`` names a row the plan holds (for a change or a delete).
    """
    if len(changes) != 1:
        return f"Change plan settings ({len(changes)} edits)"
    edit = changes[0]
    if isinstance(edit, WorkingTime):
        return "Change working time and holidays"
    if isinstance(edit, FloatHorizon):
        return "Clear the float horizon" if edit.day is None else "Set the float horizon"
    noun = NOUNS.get(edit.entity, edit.entity)
    if isinstance(edit, Add):
        return f"Add {noun} '{edit.values.get('name', '')}'"
    if isinstance(edit, Update):
        return f"Change {noun} '{name_of(edit.entity, edit.ident)}'"
    assert isinstance(edit, Remove)
    return f"Delete {noun} '{name_of(edit.entity, edit.ident)}'"


class SetupCommand(PlanCommand):
    """Plan setup edits made together (``PlanService.setup``); undo reverts them all.

    Undo and redo each revert what the last call returned, so rows keep their ids.
    """

    def __init__(self, document: PlanDocument, changes: Sequence[SetupEdit], text: str) -> None:
        super().__init__(document, text)
        self.edits = tuple(changes)
        self.batch: Batch | None = None

    def apply(self) -> OpChanges:
        service = self.document.service
        if self.batch is None:
            self.batch = service.setup(self.edits)
        else:
            self.batch = service.revert_setup(self.batch)
        return self.batch.changes

    def revert(self) -> OpChanges:
        if self.batch is None:
            return NOTHING
        self.batch = self.document.service.revert_setup(self.batch)
        return self.batch.changes

    def changed_anything(self) -> bool:
        return self.batch is not None and bool(self.batch.parts)
