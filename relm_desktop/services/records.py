"""Reading the plan's rows into the typed records of ``domain.records``.

``rows`` makes one record per row straight from the query's tuples (no ORM
objects); ``load_plan`` reads the whole plan into a ``PlanData``. The record
classes themselves live in the domain layer, so exports, reports and layout
name them too.
"""

from __future__ import annotations

from functools import partial
from typing import Any, TypeVar, overload

from sqlalchemy import ColumnElement, Table, select
from sqlalchemy.orm import Session

from relm_desktop.domain.base import table_of
from relm_desktop.domain.models import ENTITIES
from relm_desktop.domain.records import (
    RECORDS,
    CalendarDayRecord,
    CalendarRecord,
    DependencyRecord,
    EnvironmentRecord,
    FeatureFlagRecord,
    FreezeWindowRecord,
    GateRecord,
    PhaseRecord,
    PlanData,
    PlanInfoRecord,
    Record,
    ReleaseRecord,
    ReviewActionRecord,
    ReviewRecord,
    RiskRecord,
    RollbackPlanRecord,
    RolloutWaveRecord,
    ScopeItemRecord,
    StakeholderRecord,
    StakeholderRoleRecord,
    TaskRecord,
    TeamRecord,
    TemplateRecord,
    by_id,
)
from relm_desktop.gcpause import gc_paused
from relm_desktop.store.database import check_references

__all__ = ["PlanData", "Record", "by_id", "load_plan", "record_class", "rows"]

_R = TypeVar("_R", bound=Record)


def record_class(entity: str) -> type[Record]:
    """The record class for one table, e.g. ``record_class("task")`` is ``TaskRecord``."""
    return RECORDS[entity]


def _table(entity: str) -> Table:
    return table_of(ENTITIES[entity])


@overload
def rows(
    session: Session,
    entity: type[_R],
    *where: ColumnElement[bool],
    order_by: ColumnElement[Any] | None = None,
) -> list[_R]: ...
@overload
def rows(
    session: Session,
    entity: str,
    *where: ColumnElement[bool],
    order_by: ColumnElement[Any] | None = None,
) -> list[Record]: ...
def rows(
    session: Session,
    entity: type[Record] | str,
    *where: ColumnElement[bool],
    order_by: ColumnElement[Any] | None = None,
) -> list[Any]:
    """Every row of ``entity`` (a record class or its table name) matching ``where``.

    One query, no ORM objects; ordered by ``order_by``, else by position and id.
    """
    cls = record_class(entity) if isinstance(entity, str) else entity
    table = _table(cls.table_name)
    query = select(*table.columns).where(*where)
    if order_by is not None:
        query = query.order_by(order_by)
    elif "position" in table.c:
        query = query.order_by(table.c.position, table.c.id)
    else:
        query = query.order_by(table.c.id)
    # tuple.__new__ directly: _make's length check costs ~30 ms at 10,000 rows.
    return list(map(partial(tuple.__new__, cls), session.execute(query).all()))


def load_plan(session: Session, *, check: bool = True) -> PlanData:
    """Read the whole plan as frozen records.

    A plan whose rows refer to missing rows or hold values RELM does not know
    (edited outside RELM) raises BrokenReferencesError naming them: schedule and
    exports would crash on it. ``check=False`` skips that look (~7 ms at 10,000
    tasks) where the file is known sound since it was last checked.
    """
    with gc_paused():
        if check:
            check_references(session.connection())
        return _load_plan(session)


def _load_plan(session: Session) -> PlanData:
    from relm_desktop.domain.models import freeze_environment, release_environment

    info = rows(session, PlanInfoRecord)
    calendars = by_id(rows(session, CalendarRecord))
    plan = info[0] if info else None
    calendar = (
        calendars.get(plan.calendar_id)
        if plan is not None and plan.calendar_id is not None
        else None
    )
    return PlanData(
        info=plan,
        calendar=calendar,
        days_off=tuple(rows(session, CalendarDayRecord)),
        releases=tuple(rows(session, ReleaseRecord)),
        phases=tuple(rows(session, PhaseRecord)),
        tasks=tuple(rows(session, TaskRecord)),
        links=tuple(rows(session, DependencyRecord)),
        teams=tuple(rows(session, TeamRecord)),
        environments=tuple(rows(session, EnvironmentRecord)),
        release_environments=tuple(
            (r, e) for r, e in session.execute(select(*release_environment.columns))
        ),
        freezes=tuple(rows(session, FreezeWindowRecord, order_by=_table("freeze_window").c.start)),
        freeze_environments=tuple(
            (f, e) for f, e in session.execute(select(*freeze_environment.columns))
        ),
        scope=tuple(rows(session, ScopeItemRecord)),
        risks=tuple(rows(session, RiskRecord)),
        gates=tuple(rows(session, GateRecord)),
        rollbacks=tuple(rows(session, RollbackPlanRecord)),
        reviews=tuple(rows(session, ReviewRecord)),
        review_actions=tuple(rows(session, ReviewActionRecord)),
        stakeholders=tuple(rows(session, StakeholderRecord)),
        stakeholder_roles=tuple(rows(session, StakeholderRoleRecord)),
        waves=tuple(rows(session, RolloutWaveRecord)),
        feature_flags=tuple(rows(session, FeatureFlagRecord)),
        templates=tuple(rows(session, TemplateRecord)),
    )
