"""Live refresh of a server plan: read again only the rows other people changed.

A window on a server plan hears of every commit by another session
(``store.server.ChangeListener``), with the rows that commit named. Reading
the whole plan again for each (tens of ms of CPU at 10,000 tasks, a round
trip per table) is what twenty windows on two cores cannot afford, so
``refresh`` reads the rows named with their row versions, one statement per
kind, and patches the ``PlanData`` the window holds (~2 ms of CPU). Whatever
it cannot patch safely (a row gone, the plan's settings, a commit that named
nothing) is read whole, as on open.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import Table, select

from relm_desktop.domain.base import table_of
from relm_desktop.domain.models import ENTITIES
from relm_desktop.domain.records import PlanData
from relm_desktop.services.changes import EVERYTHING, OpChanges
from relm_desktop.services.plan import PlanService
from relm_desktop.services.records import record_class
from relm_desktop.store.server import News
from relm_desktop.store.versions import version_column

#: How often a window on a server plan takes the server's notices and refreshes (the
#: issue: others' edits seen within 2 s; the window's timer and bench/team.py use it).
REFRESH_EVERY = 0.5

#: The PlanData field holding each kind of row that a refresh can patch row by row.
FIELDS: dict[str, str] = {
    "calendar_day": "days_off",
    "release": "releases",
    "phase": "phases",
    "task": "tasks",
    "dependency": "links",
    "team": "teams",
    "environment": "environments",
    "freeze_window": "freezes",
    "scope_item": "scope",
    "risk": "risks",
    "gate": "gates",
    "rollback_plan": "rollbacks",
    "review": "reviews",
    "review_action": "review_actions",
    "stakeholder": "stakeholders",
    "stakeholder_role": "stakeholder_roles",
    "rollout_wave": "waves",
    "feature_flag": "feature_flags",
    "template": "templates",
}
#: Kinds a PlanData does not hold (the audit trail, pack records): nothing to patch.
_NOT_HELD = frozenset({"change_record", "pack_record"})


class _UnpatchableError(Exception):
    """The change cannot be patched in: read the whole plan.

    (Records are typed ``Any`` here: every kind patched has an ``id``.)"""


def refresh(service: PlanService, data: PlanData, news: News) -> tuple[PlanData, OpChanges]:
    """``data`` with the rows ``news`` names read again; and what changed.

    Each kind's rows are read with their row versions in one statement (one
    snapshot, one round trip, no transaction to open and close), so the next
    write of such a row is checked against the version of what is shown.
    """
    if not news:
        return data, OpChanges()
    held = {k: v for k, v in news.rows.items() if k not in _NOT_HELD}
    if news.everything or any(k not in FIELDS for k in held):
        return service.load(), EVERYTHING
    try:
        return _patched(service, data, held, news)
    except _UnpatchableError:
        return service.load(), EVERYTHING


def _patched(
    service: PlanService,
    data: PlanData,
    held: Mapping[str, frozenset[int] | None],
    news: News,
) -> tuple[PlanData, OpChanges]:
    created: dict[str, list[int]] = {}
    updated: dict[str, list[int]] = {}
    replace: dict[str, tuple[Any, ...]] = {}
    versions = service.store.versions
    engine = service.store.engine
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as con:
        for entity, ids in held.items():
            table = table_of(ENTITIES[entity])
            cls = record_class(entity)
            query = select(*table.columns, version_column(entity, table.c.id))
            if ids is not None:
                query = query.where(table.c.id.in_(sorted(ids)))
            found = con.execute(query).all()
            fresh: list[Any] = [tuple.__new__(cls, row[:-1]) for row in found]
            if versions is not None:
                versions.take(entity, {row[0]: row[-1] for row in found})
            current: tuple[Any, ...] = getattr(data, FIELDS[entity])
            if ids is None:  # a whole kind (positions renumbered): take it as read
                if {r.id for r in current} - {r.id for r in fresh}:
                    raise _UnpatchableError  # rows gone: what referred to them went too
                replace[entity] = tuple(sorted(fresh, key=_order(table)))
                made = {r.id for r in fresh} - {r.id for r in current}
                created[entity] = sorted(made)
                updated[entity] = sorted({r.id for r in fresh} - made)
                continue
            merged, made = _merge(table, current, fresh, ids)
            replace[entity] = merged
            created[entity] = sorted(made)
            updated[entity] = sorted(ids - made)
    fields: dict[str, Any] = {FIELDS[k]: v for k, v in replace.items()}
    patched = dataclasses.replace(data, **fields)
    others = {k: sorted(v or ()) for k, v in news.rows.items() if k in _NOT_HELD}
    return patched, OpChanges.of(created=created, updated={**updated, **others})


def _merge(
    table: Table, current: tuple[Any, ...], fresh: list[Any], ids: frozenset[int]
) -> tuple[tuple[Any, ...], set[int]]:
    """``current`` with ``fresh`` in place of the rows it had, in load order; the new ids."""
    by_id = {r.id: r for r in fresh}
    where = _index(table.name, current)
    if any(i in where and i not in by_id for i in ids):
        raise _UnpatchableError  # a row gone: rows that cascaded with it may not be named
    out = list(current)
    moved = False
    key = _order(table)
    made: set[int] = set()
    for ident, new in by_id.items():
        index = where.get(ident)
        if index is None:
            made.add(ident)
            continue
        moved |= key(new) != key(out[index])
        out[index] = new
    merged = tuple(out)
    if made or moved:
        merged = tuple(sorted((*out, *(by_id[i] for i in made)), key=key))
    else:  # the same ids in the same places: the index holds for the new tuple too
        _INDEXES[table.name] = (merged, where)
    return merged, made


#: Per kind, the tuple last patched and where each id sits in it: a refresh after a
#: refresh finds its rows without a pass over 10,000 tasks (~3 ms of CPU each).
_INDEXES: dict[str, tuple[tuple[Any, ...], dict[int, int]]] = {}


def _index(kind: str, rows: tuple[Any, ...]) -> dict[int, int]:
    known = _INDEXES.get(kind)
    if known is not None and known[0] is rows:
        return known[1]
    where = {r.id: i for i, r in enumerate(rows)}
    _INDEXES[kind] = (rows, where)
    return where


def _order(table: Table) -> Callable[[Any], tuple[Any, ...]]:
    """The order ``load_plan`` reads a kind in (``services.records.rows``)."""
    if "position" in table.c:
        return lambda r: (r.position, r.id)
    if table.name == "freeze_window":
        return lambda r: (r.start, r.id)
    return lambda r: (r.id,)


__all__ = ["FIELDS", "REFRESH_EVERY", "refresh"]
