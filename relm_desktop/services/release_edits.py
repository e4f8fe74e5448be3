"""A plan's releases and phases as a coordinator makes and removes them.

New Release (blank or from a template, of a chosen kind), New Phase (after a
given phase) and Delete Release (with what goes said first). Each runs in the
caller's transaction, one ``PlanService`` call.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, insert, or_, select
from sqlalchemy.orm import Session

from relm_desktop.domain.base import table_of
from relm_desktop.domain.enums import ChangeAction, ReleaseKind
from relm_desktop.domain.models import Dependency, Gate, Phase, Release, Risk, Task
from relm_desktop.domain.text import plural
from relm_desktop.services import edits, templates
from relm_desktop.services.edits import Batch, Change, EditError
from relm_desktop.services.outline_rows import (
    OutlineEdit,
    log_rows,
    parents_first,
    phase_positions,
)

_PHASE = table_of(Phase)
_TASK = table_of(Task)
_LINK = table_of(Dependency)


def new_release(
    session: Session,
    *,
    name: str,
    version: str = "",
    kind: ReleaseKind = ReleaseKind.MINOR,
    start: date | None = None,
    target_golive: date | None = None,
    owner: str = "",
    template: str | None = None,
) -> Batch:
    """A release last in the plan: blank, or with a template's phases, tasks, links and gates.

    The parts (as ``PlanService.apply_template``'s): environments the template
    had to make, then the release; an undo deletes them, the release first.
    """
    if not name.strip():
        raise EditError("release name cannot be empty")
    if template is None:
        position = session.scalar(select(func.count(Release.id))) or 0
        values = {
            "name": name.strip(),
            "version": version,
            "release_kind": kind,
            "start": start,
            "target_golive": target_golive,
            "owner": owner,
            "position": position,
        }
        return Batch((edits.create(session, "release", values),))
    change = templates.apply_template(
        session,
        template,
        name=name.strip(),
        version=version,
        start=start,
        target_golive=target_golive,
        owner=owner,
    )
    release = session.get(Release, change.ids[0])
    assert release is not None  # just made
    release.release_kind = kind  # the dialog's kind wins over the template's
    session.flush()
    made = templates.environments_made(change)
    environments = (Change("environment", made, ChangeAction.CREATE),) if made else ()
    return Batch((*environments, change))


def new_phase(session: Session, release_id: int, name: str, after: int | None) -> OutlineEdit:
    """A phase right after phase ``after`` of the release (first when None)."""
    if not name.strip():
        raise EditError("phase name cannot be empty")
    if session.get(Release, release_id) is None:
        raise EditError(f"release #{release_id} does not exist")
    order = {
        row.id: row.position
        for row in session.execute(
            select(_PHASE.c.id, _PHASE.c.position)
            .where(_PHASE.c.release_id == release_id)
            .order_by(_PHASE.c.position, _PHASE.c.id)
        )
    }
    ids = list(order)
    if after is not None and after not in ids:
        raise EditError(f"phase #{after} is not in this release")
    slot = ids.index(after) + 1 if after is not None else 0
    ident = session.execute(
        insert(_PHASE).returning(_PHASE.c.id),
        [{"release_id": release_id, "name": name.strip(), "position": slot}],
    ).scalar_one()
    before = order
    after_positions = {p: k + (k >= slot) for k, p in enumerate(ids)}
    moved = {p: n for p, n in after_positions.items() if before[p] != n}
    phase_positions(session, moved)
    row = dict(session.execute(select(_PHASE).where(_PHASE.c.id == ident)).mappings().one())
    created = {"phase": [row]}
    log_rows(session, created, ChangeAction.CREATE)
    return OutlineEdit(
        f"New phase '{name.strip()}'",
        created=created,
        phases_before={p: before[p] for p in moved},
        phases_after=moved,
    )


@dataclass(frozen=True, slots=True)
class ReleaseContents:
    """What deleting a release takes with it."""

    label: str
    phases: int
    tasks: int
    links: int
    cross_links: int
    risks: int
    gates: int

    def question(self) -> str:
        """ "Delete 'Payments 4.2' with 3 phases, 41 tasks, 12 links (3 to other releases)…?\""""
        links = plural(self.links, "link")
        if self.cross_links:
            links += f" ({self.cross_links} to other releases)"
        parts = [
            plural(self.phases, "phase"),
            plural(self.tasks, "task"),
            links,
            plural(self.risks, "risk"),
            plural(self.gates, "gate"),
        ]
        return f"Delete '{self.label}' with {', '.join(parts[:-1])} and {parts[-1]}?"


def release_contents(session: Session, release_id: int) -> ReleaseContents:
    release = session.get(Release, release_id)
    if release is None:
        raise EditError(f"release #{release_id} does not exist")
    tasks = select(_TASK.c.id).where(_TASK.c.release_id == release_id).scalar_subquery()
    inside = _LINK.c.predecessor_id.in_(tasks) & _LINK.c.successor_id.in_(tasks)
    touching = or_(_LINK.c.predecessor_id.in_(tasks), _LINK.c.successor_id.in_(tasks))

    def count(query: object) -> int:
        return int(session.scalar(query) or 0)  # type: ignore[call-overload]

    links = count(select(func.count()).select_from(_LINK).where(touching))
    cross = links - count(select(func.count()).select_from(_LINK).where(inside))
    return ReleaseContents(
        label=f"{release.name} {release.version}".strip(),
        phases=count(select(func.count(Phase.id)).where(Phase.release_id == release_id)),
        tasks=count(select(func.count(Task.id)).where(Task.release_id == release_id)),
        links=links,
        cross_links=cross,
        risks=count(select(func.count(Risk.id)).where(Risk.release_id == release_id)),
        gates=count(select(func.count(Gate.id)).where(Gate.release_id == release_id)),
    )


def delete_release(session: Session, release_id: int) -> Change:
    """Delete a release with everything in it; ``restore_release`` undoes it."""
    if session.get(Release, release_id) is None:
        raise EditError(f"release #{release_id} does not exist")
    return edits.delete(session, "release", [release_id])


def restore_release(session: Session, change: Change) -> Change:
    """Every row ``delete_release`` removed back with its id (summaries before children)."""
    removed = dict(change.removed)
    if "task" in removed:
        removed["task"] = [dict(row) for row in parents_first(removed["task"])]
    return edits.restore(session, dataclasses.replace(change, removed=removed))


__all__ = [
    "ReleaseContents",
    "delete_release",
    "new_phase",
    "new_release",
    "release_contents",
    "restore_release",
]
