"""Undo commands of these views that the document's generic ones do not cover.

Each is one composite service call (one transaction): creating a release
from a template, saving a release as a template, creating several rows at
once (gates from a template). Its undo is one call too, ``delete_many`` of
what was created (the last first), keeping the rows it returned, so a redo
(``restore_many``) puts them back with the same ids.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from relm_desktop.gui.commands import PlanCommand
from relm_desktop.services.changes import NOTHING, OpChanges
from relm_desktop.services.edits import Batch

if TYPE_CHECKING:
    from relm_desktop.gui.document import PlanDocument


class _CreatesRows(PlanCommand):
    """Base: ``created`` lists (entity, ids) in creation order; undo removes them."""

    def __init__(self, document: PlanDocument, text: str) -> None:
        super().__init__(document, text)
        self.created: list[tuple[str, tuple[int, ...]]] = []
        self._removed: Batch | None = None

    def create(self) -> Batch:
        """The service call that makes the rows (run once; a redo restores them)."""
        raise NotImplementedError

    def apply(self) -> OpChanges:
        service = self.document.service
        if self._removed is not None:
            restored = service.restore_many(self._removed)
            self._removed = None
            return restored.changes
        batch = self.create()
        self.created = batch.targets()
        return batch.changes

    def revert(self) -> OpChanges:
        if not self.created:
            return NOTHING
        # Later rows may refer to earlier ones: delete them first.
        self._removed = self.document.service.delete_many(self.created[::-1])
        return self._removed.changes

    def changed_anything(self) -> bool:
        return any(ids for _, ids in self.created)


class ApplyTemplateCommand(_CreatesRows):
    """Create a release (phases, tasks, links, gates, rollback, waves) from a template.

    Environments the template names but the plan lacks are created too, and
    removed again by the undo.
    """

    def __init__(
        self,
        document: PlanDocument,
        template: str,
        *,
        name: str,
        version: str = "",
        start: date | None = None,
        target_golive: date | None = None,
        owner: str = "",
    ) -> None:
        super().__init__(document, f"New release '{name}' from template '{template}'")
        self.template = template
        self.values: dict[str, Any] = {
            "name": name,
            "version": version,
            "start": start,
            "target_golive": target_golive,
            "owner": owner,
        }
        self.release_id: int | None = None

    def create(self) -> Batch:
        batch = self.document.service.apply_template(self.template, **self.values)
        self.release_id = batch.parts[-1].ids[0]
        return batch


class SaveTemplateCommand(_CreatesRows):
    """Save a release's shape as a template of the plan."""

    def __init__(
        self, document: PlanDocument, release_id: int, name: str, description: str = ""
    ) -> None:
        super().__init__(document, f"Save release as template '{name}'")
        self.release_id = release_id
        self.name = name
        self.description = description
        self.template_id: int | None = None

    def create(self) -> Batch:
        batch = self.document.service.save_as_template(self.release_id, self.name, self.description)
        self.template_id = batch.parts[0].ids[0]
        return batch


class CreateRowsCommand(_CreatesRows):
    """Create several rows of one entity in one transaction (e.g. gates from a template)."""

    def __init__(
        self,
        document: PlanDocument,
        entity: str,
        values: Sequence[Mapping[str, Any]],
        text: str,
    ) -> None:
        super().__init__(document, text)
        self.entity = entity
        self.rows = [dict(v) for v in values]

    def create(self) -> Batch:
        return self.document.service.create_many(self.entity, self.rows)
