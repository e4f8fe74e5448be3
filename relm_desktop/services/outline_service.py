"""Outline editing as use cases of an open plan: each call is one transaction.

``PlanService.outline`` hands this out; every method wraps one function of
``services.outline``, ``services.clipboard`` or ``services.release_edits`` in
one transaction (audited by the store), and ``undo``/``redo`` replay an
``OutlineEdit`` exactly, in one transaction each.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy.orm import Session

from relm_desktop.domain.enums import ReleaseKind
from relm_desktop.gcpause import gc_paused
from relm_desktop.services import clipboard, outline, release_edits
from relm_desktop.services.clipboard import Copied
from relm_desktop.services.edits import Batch, Change
from relm_desktop.services.outline import Anchor
from relm_desktop.services.outline_rows import OutlineEdit, redo_edit, undo_edit
from relm_desktop.services.release_edits import ReleaseContents

if TYPE_CHECKING:
    from relm_desktop.services.plan import PlanService

_T = TypeVar("_T")


class OutlineService:
    """The outline gestures of one plan (see ``services.outline`` for the invariants)."""

    def __init__(self, plan: PlanService) -> None:
        self.plan = plan

    def _write(self, work: Callable[[Session], _T]) -> _T:
        # A paste into a 10,000-task plan makes ~10^5 short-lived, acyclic objects
        # (rows, parameters, audit rows): with the collector on, they set off full
        # collections that walk all the process holds; where that is the plan
        # unfrozen (bench/paste_write.py) it was ~20 ms of a ~65 ms paste.
        with gc_paused(), self.plan.store.transaction(self.plan.source) as session:
            return work(session)

    # -- the outline ---------------------------------------------------------------------
    def indent(self, ids: Sequence[int]) -> OutlineEdit:
        return self._write(lambda s: outline.indent(s, ids))

    def outdent(self, ids: Sequence[int]) -> OutlineEdit:
        return self._write(lambda s: outline.outdent(s, ids))

    def move_up(self, ids: Sequence[int]) -> OutlineEdit:
        return self._write(lambda s: outline.move_up(s, ids))

    def move_down(self, ids: Sequence[int]) -> OutlineEdit:
        return self._write(lambda s: outline.move_down(s, ids))

    def move_before(self, ids: Sequence[int], anchor: Anchor) -> OutlineEdit:
        return self._write(lambda s: outline.move_before(s, ids, anchor))

    def move_after(self, ids: Sequence[int], anchor: Anchor) -> OutlineEdit:
        return self._write(lambda s: outline.move_after(s, ids, anchor))

    def move_to_phase(self, ids: Sequence[int], phase_id: int) -> OutlineEdit:
        return self._write(lambda s: outline.move_to_phase(s, ids, phase_id))

    def move_to_release(self, ids: Sequence[int], release_id: int) -> OutlineEdit:
        return self._write(lambda s: outline.move_to_release(s, ids, release_id))

    # -- copy and paste -------------------------------------------------------------------
    def copy(self, ids: Sequence[int]) -> Copied:
        """Read the tasks to copy (no change to the plan)."""
        with self.plan.store.reading() as session:
            return clipboard.copy_tasks(session, ids)

    def paste(self, copied: Copied, anchor: Anchor) -> OutlineEdit:
        return self._write(lambda s: clipboard.paste(s, copied, anchor))

    def duplicate(self, ids: Sequence[int]) -> OutlineEdit:
        return self._write(lambda s: clipboard.duplicate(s, ids))

    # -- releases and phases ---------------------------------------------------------------
    def new_release(
        self,
        *,
        name: str,
        version: str = "",
        kind: ReleaseKind = ReleaseKind.MINOR,
        start: date | None = None,
        target_golive: date | None = None,
        owner: str = "",
        template: str | None = None,
    ) -> Batch:
        """Undo: ``PlanService.delete_many(reversed(batch.targets()))``."""
        return self._write(
            lambda s: release_edits.new_release(
                s,
                name=name,
                version=version,
                kind=kind,
                start=start,
                target_golive=target_golive,
                owner=owner,
                template=template,
            )
        )

    def new_phase(self, release_id: int, name: str, after: int | None) -> OutlineEdit:
        return self._write(lambda s: release_edits.new_phase(s, release_id, name, after))

    def release_contents(self, release_id: int) -> ReleaseContents:
        with self.plan.store.reading() as session:
            return release_edits.release_contents(session, release_id)

    def delete_release(self, release_id: int) -> Change:
        return self._write(lambda s: release_edits.delete_release(s, release_id))

    def restore_release(self, change: Change) -> Change:
        return self._write(lambda s: release_edits.restore_release(s, change))

    # -- undo and redo ---------------------------------------------------------------------
    def undo(self, edit: OutlineEdit) -> None:
        self._write(lambda s: undo_edit(s, edit))

    def redo(self, edit: OutlineEdit) -> None:
        self._write(lambda s: redo_edit(s, edit))


__all__ = ["OutlineService"]
