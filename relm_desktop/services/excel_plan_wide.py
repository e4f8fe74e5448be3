"""Applying the plan-wide sheets of a workbook: Plan, Calendar, Environments, Teams,
Freeze Windows; they come first, as tasks name teams and environments."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from relm_desktop.domain.enums import ChangeAction
from relm_desktop.domain.models import Calendar, PlanInfo, freeze_environment
from relm_desktop.exchange.merge import ADD, REMOVE, MergePreview, RowChange
from relm_desktop.exchange.xlsx import layout as lay
from relm_desktop.services import edits
from relm_desktop.services.calendars import known_country
from relm_desktop.services.edits import Change, EditError
from relm_desktop.services.excel_refusal import RowRefusedError

if TYPE_CHECKING:
    from relm_desktop.services.excel_apply import _Resolver as Resolver


def matched_id(row: RowChange) -> int:
    """The plan id of a changed row: merge only marks rows of the plan as changed."""
    if row.ident is None:
        raise EditError(f"{row.sheet} row {row.row}: the changed row is not in the plan")
    return row.ident


def apply_plan_wide(session: Session, resolver: Resolver, rows: list[RowChange]) -> list[Change]:
    """Plan settings, days off, environments, teams, freeze windows: before the rows naming them."""
    out: list[Change] = []
    preview = resolver.preview
    position = len(resolver.envs)
    for row in rows:
        if row.entity not in lay.PLAN_WIDE or row.action == REMOVE:
            continue
        fields = set(row.values) if row.action == ADD else {c.field for c in row.fields}
        values = {k: v for k, v in row.values.items() if k in fields}
        if row.entity == "plan_info":
            out.extend(_settings(session, preview, row, values))
            continue
        envs = values.pop("environments", None)
        if row.entity == "calendar_day":
            values["calendar_id"] = _calendar_id(session)
        if row.entity == "environment" and row.action == ADD:
            values["position"] = position
            position += 1
        if row.action == ADD:
            change = edits.create(session, row.entity, values)
        elif values:
            change = edits.update(session, row.entity, matched_id(row), values)
        else:
            change = None
        ident = change.ids[0] if change is not None else matched_id(row)
        if change is not None:
            out.append(change)
        if row.entity in ("team", "environment") and "name" in values:
            table = resolver.teams if row.entity == "team" else resolver.envs
            table[values["name"]] = ident
        if row.entity == "freeze_window" and (envs is not None or "environments" in fields):
            env_ids = [
                e for n in envs or () if (e := resolver.named(resolver.envs, "environment", n))
            ]
            out.append(_set_freeze_environments(session, ident, env_ids))
    return out


def _calendar_id(session: Session) -> int:
    info = session.scalars(select(PlanInfo)).first()
    if info is None or info.calendar_id is None:
        raise EditError("the plan has no working calendar")
    return info.calendar_id


def _settings(
    session: Session, preview: MergePreview, row: RowChange, values: dict[str, Any]
) -> list[Change]:
    """The Plan sheet's one row: plan start, status date and float horizon; the calendar's
    working week."""
    out: list[Change] = []
    plan: dict[str, Any] = {
        k: values[k] for k in ("start", "status_date", "horizon") if k in values
    }
    calendar: dict[str, Any] = {
        k: values[k] or None for k in ("country", "subdivision") if k in values
    }
    if values.get("workdays"):
        calendar["workdays"] = "".join(str(lay.WEEKDAYS.index(d)) for d in values["workdays"])
    if "start" in plan and plan["start"] is None:
        raise RowRefusedError(preview, row, "start", "Plan start", "a plan needs its start date")
    if plan:
        info = session.scalars(select(PlanInfo)).first()
        if info is None:
            raise EditError("the plan has no plan_info row")
        out.append(edits.update(session, "plan_info", info.id, plan))
    if calendar:
        ident = _calendar_id(session)
        current = session.get(Calendar, ident)
        country = calendar.get("country", current.country if current else None)
        region = calendar.get("subdivision", current.subdivision if current else None)
        if country and not known_country(country, region):
            field, header = (
                ("subdivision", "Holiday region")
                if "subdivision" in calendar and region
                else ("country", "Holiday country")
            )
            raise RowRefusedError(
                preview,
                row,
                field,
                header,
                f"no public holidays known for {country} {region or ''}".rstrip(),
            )
        out.append(edits.update(session, "calendar", ident, calendar))
    return out


def _set_freeze_environments(session: Session, freeze_id: int, env_ids: list[int]) -> Change:
    table = freeze_environment
    before = [
        e
        for (e,) in session.execute(
            select(table.c.environment_id).where(table.c.freeze_id == freeze_id)
        )
    ]
    set_env_links(session, table, table.c.freeze_id, freeze_id, env_ids)
    return Change(
        "freeze_environment",
        (freeze_id,),
        ChangeAction.UPDATE,
        frozenset({"environments"}),
        before={"ids": before},
        after={"ids": env_ids},
    )


def set_env_links(
    session: Session, table: Any, owner: Any, owner_id: int, env_ids: list[int]
) -> None:
    """Make ``env_ids`` the environments of one release or freeze window (a link table)."""
    session.execute(delete(table).where(owner == owner_id))
    if env_ids:
        session.execute(
            insert(table),
            [{owner.key: owner_id, "environment_id": e} for e in dict.fromkeys(env_ids)],
        )
