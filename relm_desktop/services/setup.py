"""Plan setup edits: working time, days off, freeze windows, environments, teams, stakeholders.

Each function runs inside the caller's transaction (``PlanService.setup``
makes it one) and returns a ``Batch`` whose parts ``revert_setup`` undoes; what
``revert_setup`` returns can be reverted again, which is the redo. Rows keep their
ids throughout. Every row change goes through the ORM, so the store's flush
hook writes the audit trail; the environment lists of freeze windows and
releases (link tables the hook does not see) get an audit row of their own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import delete as sql_delete
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from relm_desktop.domain.base import Base
from relm_desktop.domain.enums import ChangeAction
from relm_desktop.domain.models import Calendar, Environment, FreezeWindow, PlanInfo, Task
from relm_desktop.services import edits
from relm_desktop.services.calendars import known_country
from relm_desktop.services.changes import OpChanges
from relm_desktop.services.edits import Batch, Change, EditError
from relm_desktop.services.setup_uses import uses
from relm_desktop.store import audit

#: What the setup pages add, change and delete.
SETUP_ENTITIES = frozenset({"calendar_day", "freeze_window", "environment", "team", "stakeholder"})
#: Link table → (owning entity, its column): the environment lists of freeze windows and releases.
LINKS = {
    "freeze_environment": ("freeze_window", "freeze_id"),
    "release_environment": ("release", "release_id"),
}
#: Task columns that refer to a setup item: cleared when the item is deleted.
TASK_REFERENCES = {"environment": "environment_id", "team": "team_id"}


@dataclass(frozen=True, slots=True)
class WorkingTime:
    """Working weekdays ("01234" is Monday to Friday) and whose public holidays apply."""

    workdays: str
    country: str | None = None
    subdivision: str | None = None


@dataclass(frozen=True, slots=True)
class Add:
    """A new row of a setup entity; ``environment_ids`` for a freeze window."""

    entity: str
    values: Mapping[str, Any]
    environment_ids: tuple[int, ...] | None = None


@dataclass(frozen=True, slots=True)
class Update:
    """Changed fields of a row (and, for a freeze window, its environments when given)."""

    entity: str
    ident: int
    values: Mapping[str, Any]
    environment_ids: tuple[int, ...] | None = None


@dataclass(frozen=True, slots=True)
class Remove:
    """Delete a row, clearing what uses it first (``setup_uses.uses``)."""

    entity: str
    ident: int


@dataclass(frozen=True, slots=True)
class FloatHorizon:
    """The day late dates and float are measured to (``plan_info.horizon``); None clears it."""

    day: date | None


SetupEdit = WorkingTime | Add | Update | Remove | FloatHorizon


def apply_setup(session: Session, changes: Sequence[SetupEdit]) -> Batch:
    """Make every edit in order; one Batch whose ``revert_setup`` undoes them all."""
    parts: list[Change] = []
    for edit in changes:
        if isinstance(edit, WorkingTime):
            batch = set_working_time(
                session, workdays=edit.workdays, country=edit.country, subdivision=edit.subdivision
            )
        elif isinstance(edit, Add):
            batch = add(session, edit.entity, edit.values, edit.environment_ids)
        elif isinstance(edit, Update):
            batch = update(session, edit.entity, edit.ident, edit.values, edit.environment_ids)
        elif isinstance(edit, FloatHorizon):
            info = _plan_info(session).id
            batch = Batch((edits.update(session, "plan_info", info, {"horizon": edit.day}),))
        else:
            batch = delete_clearing_uses(session, edit.entity, edit.ident)
        parts.extend(batch.parts)
    return Batch(tuple(parts))


# -- working time ---------------------------------------------------------------------
def normal_workdays(workdays: str) -> str:
    """Digits 0 (Monday) to 6 (Sunday), sorted; refused when empty or malformed."""
    if not workdays or any(ch not in "0123456" for ch in workdays):
        raise EditError("working days: pick at least one weekday")
    return "".join(sorted(set(workdays)))


def set_working_time(
    session: Session, *, workdays: str, country: str | None, subdivision: str | None
) -> Batch:
    """Set the plan calendar's weekdays and holiday country/region (made if missing)."""
    country = (country or "").strip().upper() or None
    subdivision = ((subdivision or "").strip() or None) if country else None
    if country and not known_country(country, subdivision):
        region = f" region {subdivision}" if subdivision else ""
        raise EditError(f"no public holidays known for country {country}{region}")
    values = {"workdays": normal_workdays(workdays), "country": country, "subdivision": subdivision}
    calendar_id = plan_calendar_id(session)
    if calendar_id is not None:
        return Batch((edits.update(session, "calendar", calendar_id, values),))
    made = edits.create(session, "calendar", {"name": "Standard", **values})
    info = _plan_info(session)
    return Batch((made, edits.update(session, "plan_info", info.id, {"calendar_id": made.ids[0]})))


def plan_calendar_id(session: Session) -> int | None:
    """The plan's calendar, or None (a plan written by hand may lack one)."""
    info = session.scalar(select(PlanInfo))
    return info.calendar_id if info is not None else None


def _plan_info(session: Session) -> PlanInfo:
    info = session.scalars(select(PlanInfo)).first()
    if info is None:
        raise EditError("the plan has no plan information row")
    return info


def _calendar_for_days(session: Session) -> int:
    """The calendar a new day off belongs to (made with the default week if missing)."""
    found = plan_calendar_id(session)
    if found is not None:
        return found
    calendar = Calendar(name="Standard", workdays="01234")
    session.add(calendar)
    session.flush()
    _plan_info(session).calendar_id = calendar.id
    session.flush()
    return calendar.id


# -- rows -----------------------------------------------------------------------------
def _check(entity: str, values: Mapping[str, Any]) -> None:
    if entity not in SETUP_ENTITIES:
        raise EditError(f"{entity} is not part of the plan setup")
    start, finish = values.get("start"), values.get("finish")
    backwards = isinstance(start, date) and isinstance(finish, date) and finish < start
    if entity == "freeze_window" and backwards:
        raise EditError(f"freeze window '{values.get('name', '')}' finishes before it starts")


def add(
    session: Session,
    entity: str,
    values: Mapping[str, Any],
    environment_ids: Sequence[int] | None = None,
) -> Batch:
    """A new environment, team, stakeholder, day off or freeze window (with environments)."""
    _check(entity, values)
    row = dict(values)
    if entity == "calendar_day":
        row.setdefault("calendar_id", _calendar_for_days(session))
    made = edits.create(session, entity, row)
    parts = [made]
    if entity == "freeze_window" and environment_ids:
        parts.append(set_links(session, "freeze_environment", made.ids[0], environment_ids))
    return Batch(tuple(parts))


def update(
    session: Session,
    entity: str,
    ident: int,
    values: Mapping[str, Any],
    environment_ids: Sequence[int] | None = None,
) -> Batch:
    """Changed fields of one row; for a freeze window also its environments when given."""
    if entity == "freeze_window":
        current = session.get(FreezeWindow, ident)
        if current is None:
            raise EditError(f"freeze window #{ident} does not exist")
        known = {"name": current.name, "start": current.start, "finish": current.finish}
        _check(entity, known | edits.coerce(entity, values))
    else:
        _check(entity, values)
    parts = [edits.update(session, entity, ident, values)] if values else []
    if entity == "freeze_window" and environment_ids is not None:
        change = set_links(session, "freeze_environment", ident, environment_ids)
        if change.after != change.before:
            parts.append(change)
    return Batch(tuple(parts))


def set_links(
    session: Session, table_name: str, owner_id: int, environment_ids: Sequence[int]
) -> Change:
    """Make ``environment_ids`` the environments of a freeze window or release.

    The Change holds the old and new lists (as ``environment_id``) for ``revert_setup``.
    """
    table = Base.metadata.tables[table_name]
    owner_entity, owner_column = LINKS[table_name]
    column = table.c[owner_column]
    old = tuple(sorted(session.scalars(select(table.c.environment_id).where(column == owner_id))))
    new = tuple(sorted(set(environment_ids)))
    if old != new:
        session.execute(sql_delete(table).where(column == owner_id))
        if new:
            session.execute(
                insert(table), [{owner_column: owner_id, "environment_id": env} for env in new]
            )
        owner = session.get(edits.model(owner_entity), owner_id)
        audit.record(
            session,
            action=audit.forced_action(session) or ChangeAction.UPDATE,
            entity=owner_entity,
            entity_id=owner_id,
            label=owner.describe() if owner is not None else f"{owner_entity} #{owner_id}",
            field="environments",
            old=_environment_names(session, old, table_name),
            new=_environment_names(session, new, table_name),
        )
    return Change(
        table_name,
        (owner_id,),
        ChangeAction.UPDATE,
        frozenset({"environment_id"}),
        before={"environment_id": old},
        after={"environment_id": new},
        changes=OpChanges.of(updated={owner_entity: [owner_id], table_name: ()}),
    )


def _environment_names(session: Session, ids: Sequence[int], table_name: str) -> str:
    if not ids:  # a freeze window listing none covers every environment
        return "(all)" if table_name == "freeze_environment" else "(none)"
    names = session.scalars(select(Environment.name).where(Environment.id.in_(ids)))
    return ", ".join(sorted(names))


# -- deleting what is in use ------------------------------------------------------------
def delete_clearing_uses(session: Session, entity: str, ident: int) -> Batch:
    """Delete a setup row after clearing what uses it; ``revert_setup`` puts all of it back.

    Tasks lose the environment or team, freeze windows and releases drop the
    environment from their lists (a freeze window of that environment alone
    is deleted: with no environment listed it would freeze all of them); a
    stakeholder's release roles go with it.
    """
    _check(entity, {})
    parts: list[Change] = []
    column = TASK_REFERENCES.get(entity)
    if column is not None:
        parts.extend(_clear_tasks(session, column, ident))
    if entity == "environment":
        found = uses(session, entity, ident)
        for table_name, owners in (
            ("freeze_environment", found.freeze_windows),
            ("release_environment", found.releases),
        ):
            for owner_id, _name in owners:
                remaining = [env for env in _linked(session, table_name, owner_id) if env != ident]
                if table_name == "freeze_environment" and not remaining:
                    # It froze only this environment: left with none it would freeze all.
                    parts.append(edits.delete(session, "freeze_window", (owner_id,)))
                else:
                    parts.append(set_links(session, table_name, owner_id, remaining))
    parts.append(edits.delete(session, entity, (ident,)))
    return Batch(tuple(parts))


def _linked(session: Session, table_name: str, owner_id: int) -> list[int]:
    table = Base.metadata.tables[table_name]
    column = table.c[LINKS[table_name][1]]
    return list(session.scalars(select(table.c.environment_id).where(column == owner_id)))


def _clear_tasks(session: Session, column: str, ident: int) -> list[Change]:
    """Set ``column`` of every task referring to ``ident`` to None, in one flush."""
    tasks = session.scalars(select(Task).where(getattr(Task, column) == ident)).all()
    parts = []
    for task in tasks:
        setattr(task, column, None)
        parts.append(
            Change(
                "task",
                (task.id,),
                ChangeAction.UPDATE,
                frozenset({column}),
                before={column: ident},
                after={column: None},
            )
        )
    session.flush()
    return parts


# -- undo ---------------------------------------------------------------------------
def revert_setup(session: Session, batch: Batch) -> Batch:
    """Undo ``batch`` (the last part first); reverting the result redoes it, ids kept."""
    return Batch(tuple(_invert(session, part) for part in reversed(batch.parts)))


def _invert(session: Session, part: Change) -> Change:
    if part.entity in LINKS:
        return set_links(session, part.entity, part.ids[0], part.before["environment_id"])
    if part.action is ChangeAction.CREATE:
        return edits.delete(session, part.entity, part.ids)
    if part.action is ChangeAction.DELETE:
        return edits.restore(session, part)
    return edits.update(session, part.entity, part.ids[0], part.before)
