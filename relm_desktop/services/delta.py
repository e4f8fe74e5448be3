"""The plan in memory brought up to date with an edit's rows, instead of read whole.

Reading a 10,000-task plan takes ~60 ms of CPU, most of it tasks and links;
an edit (an indent, a paste, a predecessor list) touches a few of them, and
its ``OpChanges`` names them by id. ``refreshed`` reads those rows again in
one read transaction and puts them in place: a row read is new or updated, a
row named but gone was deleted. Only tasks and links are patched; a change
to any other table, or of unknown extent, reads the plan whole, and so does
a patch the stored ids do not bear out (see ``_patch``). The server's own
refresh from other people's notices is ``services.live``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from operator import attrgetter
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy.orm import Session

from relm_desktop.domain.base import table_of
from relm_desktop.domain.models import ENTITIES
from relm_desktop.domain.records import DependencyRecord, PlanData, Record, TaskRecord
from relm_desktop.gcpause import gc_paused
from relm_desktop.services.changes import OpChanges
from relm_desktop.services.records import rows

if TYPE_CHECKING:
    from relm_desktop.services.plan import PlanService

_R = TypeVar("_R", bound=Record)

#: The tables patched (the others are read whole when changed).
_PATCHED = frozenset({"task", "dependency"})
#: The outline's columns of every task, in ``load_plan``'s order; every link id in
#: its order. Read through the driver's cursor: plain tuples, a third of the time
#: SQLAlchemy's rows take (~3 ms at 10,000 tasks).
_TASK_PLACES = (
    "SELECT id, release_id, phase_id, parent_id, position FROM task ORDER BY position, id"
)
_LINK_IDS = "SELECT id FROM dependency ORDER BY id"
#: A task record's values of those columns, as the driver returns them.
_PLACE = attrgetter("id", "release_id", "phase_id", "parent_id", "position")
#: Ids per ``IN (…)`` query: under SQLite's default limit on bound parameters.
_CHUNK = 500


def patchable(changes: OpChanges) -> bool:
    """Whether ``changes`` touch only patched tables, naming their rows by id."""
    if changes.everything or not changes:
        return False
    # A kind named without ids (as link tables are) changed in ways not named.
    return all(kind in _PATCHED and changes.ids(kind) for kind in changes.kinds)


def refreshed(service: PlanService, data: PlanData, changes: OpChanges) -> PlanData:
    """``data`` with the rows ``changes`` names read again; the plan read whole when
    the changes cannot be patched (see ``patchable``)."""
    if not changes:  # nothing edited since it was read (a server plan's live refresh)
        return data
    if not patchable(changes) or service.store.versions is not None:
        # A server plan is read whole: its row versions are taken with it.
        return service.load()
    with gc_paused(), service.store.reading() as session:
        patched = _patch(session, data, changes)
    return patched if patched is not None else service.load()


def _patch(session: Session, data: PlanData, changes: OpChanges) -> PlanData | None:
    """The patched data, or None when the tables as stored say it is not whole.

    Services name the rows they write, but not always the rows a gesture
    shifted to make room (an inserted task renumbers the positions after it).
    So the outline's own columns of every task are read (~5 ms at 10,000
    tasks): a task whose place differs takes its new place from them, and the
    tasks come in the order ``load_plan`` gives. A link or task id come or gone unnamed
    means the changes missed more than positions: read it all.
    """
    named = changes.ids("task")
    tasks = {r.id: r for r in data.tasks if r.id not in named}
    tasks.update((r.id, r) for r in _read(session, TaskRecord, sorted(named)))
    order = _fetch(session, _TASK_PLACES)
    if len(order) != len(tasks) or not all(row[0] in tasks for row in order):
        return None
    # Compared as whole tuples, built in C: ~3 ms at 10,000 tasks, not ~15.
    held = set(map(_PLACE, tasks.values()))
    # A row only shifted (a paste renumbers thousands) takes its new place from
    # the tuple just read, not from reading it again (~35 ms at 5,000 rows).
    for ident, release, phase, parent, position in (row for row in order if row not in held):
        tasks[ident] = tasks[ident]._replace(
            release_id=release, phase_id=phase, parent_id=parent, position=position
        )
    named = changes.ids("dependency")
    links = {r.id: r for r in data.links if r.id not in named}
    links.update((r.id, r) for r in _read(session, DependencyRecord, sorted(named)))
    link_ids = [row[0] for row in _fetch(session, _LINK_IDS)]
    if len(link_ids) != len(links) or not all(ident in links for ident in link_ids):
        return None
    return dataclasses.replace(
        data,
        tasks=tuple(tasks[row[0]] for row in order),
        links=tuple(links[ident] for ident in link_ids),
    )


def _fetch(session: Session, sql: str) -> list[tuple[Any, ...]]:
    cursor = session.connection().connection.cursor()
    try:
        cursor.execute(sql)
        return list(cursor.fetchall())
    finally:
        cursor.close()


def _read(session: Session, cls: type[_R], ids: Sequence[int]) -> list[_R]:
    table = table_of(ENTITIES[cls.table_name])
    found: list[_R] = []
    for chunk in _chunks(ids):
        found.extend(rows(session, cls, table.c.id.in_(chunk)))
    return found


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


__all__ = ["patchable", "refreshed"]
