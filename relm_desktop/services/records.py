"""Plain, frozen records of the plan's rows: what the GUI, reports and exports read.

Record classes are derived from the entity tables (not written by hand), so a
column added to an entity appears here without a second class to keep in step.
They are named tuples: immutable, cheap to build, and safe to hand to threads.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, partial
from typing import Any, ClassVar

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from relm_desktop.domain.base import Base
from relm_desktop.domain.models import ENTITIES
from relm_desktop.gcpause import gc_paused
from relm_desktop.store.database import check_references


class Record:
    """Mixin of every generated record class: immutable, with dict-like reads."""

    __slots__ = ()
    #: The table this record came from (a ClassVar: not a field of the record).
    table_name: ClassVar[str] = ""

    def get(self, field: str, default: Any = None) -> Any:
        return getattr(self, field, default)

    def as_dict(self) -> dict[str, Any]:
        return dict(self._asdict())  # type: ignore[attr-defined]


@cache
def record_class(entity: str) -> type[Any]:
    """The immutable record class for one table, e.g. ``record_class("task")``.

    A named tuple: built in C from each row, about 10× cheaper than a frozen
    dataclass, which matters when a plan holds 10,000 tasks.
    """
    table: Table = ENTITIES[entity].__table__  # type: ignore[assignment]
    name = "".join(part.capitalize() for part in entity.split("_")) + "Record"
    base = namedtuple(name + "Fields", [column.key for column in table.columns])  # type: ignore[misc]
    return type(name, (base, Record), {"__slots__": (), "table_name": entity})


def rows(session: Session, entity: str, *where: Any, order_by: Any = None) -> list[Any]:
    """Every row of ``entity`` matching ``where``, as records (one query, no ORM objects)."""
    model: type[Base] = ENTITIES[entity]
    table: Table = model.__table__  # type: ignore[assignment]
    query = select(*table.columns).where(*where)
    if order_by is not None:
        query = query.order_by(order_by)
    elif "position" in table.c:
        query = query.order_by(table.c.position, table.c.id)
    else:
        query = query.order_by(table.c.id)
    cls = record_class(entity)
    # tuple.__new__ directly: _make's length check costs ~30 ms at 10,000 rows.
    return list(map(partial(tuple.__new__, cls), session.execute(query).all()))


def by_id(records: Iterable[Any]) -> dict[int, Any]:
    return {record.id: record for record in records}


@dataclass(frozen=True, slots=True)
class PlanData:
    """Every row of a plan, read in one go (a few tens of ms at 10,000 tasks)."""

    info: Any
    calendar: Any
    days_off: tuple[Any, ...]
    releases: tuple[Any, ...]
    phases: tuple[Any, ...]
    tasks: tuple[Any, ...]
    links: tuple[Any, ...]
    teams: tuple[Any, ...]
    environments: tuple[Any, ...]
    release_environments: tuple[tuple[int, int], ...]
    freezes: tuple[Any, ...]
    freeze_environments: tuple[tuple[int, int], ...]
    scope: tuple[Any, ...]
    risks: tuple[Any, ...]
    gates: tuple[Any, ...]
    rollbacks: tuple[Any, ...]
    reviews: tuple[Any, ...]
    review_actions: tuple[Any, ...]
    stakeholders: tuple[Any, ...]
    stakeholder_roles: tuple[Any, ...]
    waves: tuple[Any, ...]
    feature_flags: tuple[Any, ...]
    templates: tuple[Any, ...]


def load_plan(session: Session) -> PlanData:
    """Read the whole plan as frozen records.

    A plan whose rows refer to missing rows (edited outside RELM) raises
    BrokenReferencesError naming them: schedule and exports would crash on it.
    """
    with gc_paused():
        check_references(session.connection())
        return _load_plan(session)


def _load_plan(session: Session) -> PlanData:
    from relm_desktop.domain.models import freeze_environment, release_environment

    info = rows(session, "plan_info")
    calendars = by_id(rows(session, "calendar"))
    plan = info[0] if info else None
    calendar = calendars.get(plan.calendar_id) if plan is not None else None
    return PlanData(
        info=plan,
        calendar=calendar,
        days_off=tuple(rows(session, "calendar_day")),
        releases=tuple(rows(session, "release")),
        phases=tuple(rows(session, "phase")),
        tasks=tuple(rows(session, "task")),
        links=tuple(rows(session, "dependency")),
        teams=tuple(rows(session, "team")),
        environments=tuple(rows(session, "environment")),
        release_environments=tuple(
            (r, e) for r, e in session.execute(select(*release_environment.columns))
        ),
        freezes=tuple(rows(session, "freeze_window", order_by=ENTITIES["freeze_window"].start)),
        freeze_environments=tuple(
            (f, e) for f, e in session.execute(select(*freeze_environment.columns))
        ),
        scope=tuple(rows(session, "scope_item")),
        risks=tuple(rows(session, "risk")),
        gates=tuple(rows(session, "gate")),
        rollbacks=tuple(rows(session, "rollback_plan")),
        reviews=tuple(rows(session, "review")),
        review_actions=tuple(rows(session, "review_action")),
        stakeholders=tuple(rows(session, "stakeholder")),
        stakeholder_roles=tuple(rows(session, "stakeholder_role")),
        waves=tuple(rows(session, "rollout_wave")),
        feature_flags=tuple(rows(session, "feature_flag")),
        templates=tuple(rows(session, "template")),
    )
