"""Undo commands of these views that the document's generic ones do not cover.

Each wraps one service transaction: creating a release from a template,
saving a release as a template, creating several rows at once (gates from a
template). Undo deletes what was created, keeping the rows the delete
returned, so a redo restores them with the same ids.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from relm_desktop.gui.commands import PlanCommand
from relm_desktop.services import edits
from relm_desktop.services.edits import Change
from relm_desktop.services.records import rows
from relm_desktop.services.templates import apply_template, release_as_template

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from relm_desktop.gui.document import PlanDocument


class _CreatesRows(PlanCommand):
    """Base: ``created`` lists (entity, ids) in creation order; undo removes them."""

    def __init__(self, document: PlanDocument, text: str) -> None:
        super().__init__(document, text)
        self.created: list[tuple[str, list[int]]] = []
        self._removed: list[Change] = []

    def create(self, session: Session) -> None:
        raise NotImplementedError

    def apply(self) -> None:
        service = self.document.service
        if self._removed:
            # Put back in creation order: later rows may refer to earlier ones.
            for change in reversed(self._removed):
                service.restore(change)
            self._removed = []
            return
        service.run(self.create)

    def revert(self) -> None:
        service = self.document.service
        self._removed = [
            service.delete(entity, ids) for entity, ids in reversed(self.created) if ids
        ]

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

    def create(self, session: Session) -> None:
        before = {env.id for env in rows(session, "environment")}
        change = apply_template(session, self.template, **self.values)
        after = {env.id for env in rows(session, "environment")}
        self.release_id = change.ids[0]
        self.created = [("environment", sorted(after - before)), ("release", [self.release_id])]


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

    def create(self, session: Session) -> None:
        change = release_as_template(session, self.release_id, self.name, self.description)
        self.template_id = change.ids[0]
        self.created = [("template", [self.template_id])]


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

    def create(self, session: Session) -> None:
        ids = [edits.create(session, self.entity, values).ids[0] for values in self.rows]
        self.created = [(self.entity, ids)]
