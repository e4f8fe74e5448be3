"""The plan in memory brought up to date with an edit's rows, instead of read whole.

Reading a 10,000-task plan takes ~60 ms of CPU, most of it tasks and links;
an edit (an indent, a paste, a predecessor list) touches a few of them, and
its ``OpChanges`` names them by id. ``refreshed`` reads those rows again in
one read transaction and puts them in place: a row read is new or updated, a
row named but gone was deleted. Only tasks and links are patched; a change
to any other table, or of unknown extent, reads the plan whole, and so does
a patch the tables as stored do not bear out (see ``_patch``). At 10,000
tasks a paste of 500 patches in ~13 ms of CPU, an indent in ~4, a
predecessor edit in ~2 (``bench/paste_write.py``). The server's own
refresh from other people's notices is ``services.live``.
"""

from __future__ import annotations

import dataclasses
import json
from bisect import bisect_left
from collections.abc import Iterable
from functools import cache, partial
from operator import attrgetter
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import Select, bindparam, func, literal_column, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from relm_desktop.domain.base import table_of
from relm_desktop.domain.models import ENTITIES
from relm_desktop.domain.records import DependencyRecord, PlanData, Record, TaskRecord
from relm_desktop.gcpause import gc_paused
from relm_desktop.services.changes import OpChanges

if TYPE_CHECKING:
    from relm_desktop.services.plan import PlanService

_R = TypeVar("_R", bound=Record)

#: The tables patched (the others are read whole when changed).
_PATCHED = frozenset({"task", "dependency"})
#: The outline's columns of tasks, read through the driver's cursor: plain
#: tuples, a third of the time SQLAlchemy's rows take.
_TASK_PLACES = "SELECT id, release_id, phase_id, parent_id, position FROM task"
_PLACE_COLUMNS = ("id", "release_id", "phase_id", "parent_id", "position")
#: A task record's values of those columns, as the driver returns them.
_PLACE = attrgetter(*_PLACE_COLUMNS)
_PLACE_INDEXES = tuple(TaskRecord._fields.index(name) for name in _PLACE_COLUMNS)
#: ``load_plan``'s order of tasks, and of links.
_ORDER = attrgetter("position", "id")
_ID = attrgetter("id")
_RELEASE = attrgetter("release_id")


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
    Those stay in the releases of the tasks named, so the outline's own
    columns of those releases' tasks are read (~1 ms a release of 2,000
    tasks): a task whose place differs takes its new place from them. A task
    or link come or gone unnamed (a count or highest id of either table other
    than the patch's) means the changes missed more than positions: read it all.
    """
    if session.get_bind().dialect.name != "sqlite":
        return None
    cursor = session.connection().connection.cursor()
    try:
        tasks = _patched_tasks(session, cursor, data.tasks, changes.ids("task"))
        links = _patched_links(session, cursor, data.links, changes.ids("dependency"))
    except OperationalError:  # an SQLite without json_each: read it all
        return None
    finally:
        cursor.close()
    if tasks is None or links is None:
        return None
    return dataclasses.replace(data, tasks=tasks, links=links)


def _patched_tasks(
    session: Session, cursor: Any, held: tuple[TaskRecord, ...], named: frozenset[int]
) -> tuple[TaskRecord, ...] | None:
    if not named:
        return (
            held if _whole(cursor, "task", len(held), max(map(_ID, held), default=None)) else None
        )
    fresh = _read(session, TaskRecord, named)
    tasks = dict(zip(map(_ID, held), held, strict=True))
    touched = {tasks[i].release_id for i in named if i in tasks}
    touched.update(r.release_id for r in fresh)
    for ident in named:
        tasks.pop(ident, None)  # gone unless read again
    tasks.update((r.id, r) for r in fresh)
    if not _whole(cursor, "task", len(tasks), max(tasks, default=None)):
        return None
    places = _places(cursor, touched)
    # A task only shifted (a paste renumbers thousands) takes its new place from
    # the tuple just read, not read again.
    for row in places:
        record = tasks.get(row[0])
        if record is None:
            return None  # a task come unnamed
        if _PLACE(record) != row:
            tasks[row[0]] = _placed(record, row)
    if len(places) != sum(map(touched.__contains__, map(_RELEASE, tasks.values()))):
        return None  # a task gone from those releases, or come, unnamed
    # The dict keeps the order held, new tasks last: nearly sorted already.
    return tuple(sorted(tasks.values(), key=_ORDER))


def _patched_links(
    session: Session, cursor: Any, held: tuple[DependencyRecord, ...], named: frozenset[int]
) -> tuple[DependencyRecord, ...] | None:
    links = held
    if named:
        kept = _without(held, named)
        fresh = _read(session, DependencyRecord, named)
        # In id order, as load_plan gives them: new ids come last, as a rule.
        if fresh and kept and fresh[0].id < kept[-1].id:
            links = tuple(sorted([*kept, *fresh], key=_ID))
        else:
            links = (*kept, *fresh)
    last = links[-1].id if links else None
    return links if _whole(cursor, "dependency", len(links), last) else None


def _whole(cursor: Any, table: str, count: int, last: int | None) -> bool:
    """Whether ``table`` holds ``count`` rows, the highest id ``last``: no row come or
    gone unnamed. Two queries, each answered from an index (~0.05 ms), where
    asking both in one made SQLite scan the table (~2 ms)."""
    cursor.execute(f"SELECT count(*) FROM {table}")
    if cursor.fetchone()[0] != count:
        return False
    cursor.execute(f"SELECT max(id) FROM {table}")
    return bool(cursor.fetchone()[0] == last)


def _places(cursor: Any, releases: Iterable[int]) -> list[tuple[Any, ...]]:
    """The outline's columns of the tasks of ``releases`` (by their index)."""
    chosen = sorted(releases)
    if not chosen:
        return []
    marks = ", ".join("?" for _ in chosen)
    cursor.execute(f"{_TASK_PLACES} WHERE release_id IN ({marks})", chosen)
    return list(cursor.fetchall())


def _placed(record: TaskRecord, row: tuple[Any, ...]) -> TaskRecord:
    """``record`` at the place ``row`` (id, release, phase, parent, position) says."""
    values = list(record)
    for index, value in zip(_PLACE_INDEXES, row, strict=True):
        values[index] = value
    return tuple.__new__(TaskRecord, values)


def _without(
    held: tuple[DependencyRecord, ...], named: frozenset[int]
) -> tuple[DependencyRecord, ...]:
    """``held`` (in id order) but the records of ``named``: found by bisection and
    cut out in slices, not a test of each of 15,000 links (~1 ms)."""
    cuts = [
        at
        for ident in sorted(named)
        if (at := bisect_left(held, ident, key=_ID)) < len(held) and held[at].id == ident
    ]
    if not cuts:
        return held
    parts: list[DependencyRecord] = []
    start = 0
    for at in cuts:
        parts.extend(held[start:at])
        start = at + 1
    parts.extend(held[start:])
    return tuple(parts)


def _read(session: Session, cls: type[_R], ids: Iterable[int]) -> list[_R]:
    """The rows of ``ids``, in id order: one statement, the ids bound as one JSON
    list. Compiled once; an ``IN`` of 500 bound ids was compiled anew each time
    (~40 % of reading 500 tasks)."""
    wanted = sorted(ids)
    if not wanted:
        return []
    found = session.execute(_by_ids(cls.table_name), {"ids": json.dumps(wanted)})
    return list(map(partial(tuple.__new__, cls), found.all()))


@cache
def _by_ids(table_name: str) -> Select[Any]:
    table = table_of(ENTITIES[table_name])
    listed: Select[Any] = select(literal_column("value")).select_from(
        func.json_each(bindparam("ids"))
    )
    return select(*table.columns).where(table.c.id.in_(listed)).order_by(table.c.id)


__all__ = ["patchable", "refreshed"]
