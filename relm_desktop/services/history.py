"""Reading the audit trail: the change log of one entity or of the whole plan."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from relm_desktop.domain.base import table_of
from relm_desktop.domain.models import ChangeRecord
from relm_desktop.domain.records import ChangeRecordRecord
from relm_desktop.services.plan import PlanService
from relm_desktop.services.records import rows


@dataclass(frozen=True, slots=True)
class HistoryFilter:
    """Which changes to list; every field left empty means no restriction."""

    entity: str | None = None
    entity_id: int | None = None
    user: str | None = None
    since: date | None = None
    until: date | None = None  # inclusive
    limit: int = 5_000


def change_log(service: PlanService, query: HistoryFilter) -> list[ChangeRecordRecord]:
    """Change records matching ``query``, newest first."""
    table = table_of(ChangeRecord)
    where = []
    if query.entity is not None:
        where.append(table.c.entity == query.entity)
    if query.entity_id is not None:
        where.append(table.c.entity_id == query.entity_id)
    if query.user:
        where.append(table.c.user == query.user)
    if query.since is not None:
        where.append(table.c.at >= datetime.combine(query.since, time.min))
    if query.until is not None:
        where.append(table.c.at < datetime.combine(query.until + timedelta(days=1), time.min))
    with service.store.reading() as session:
        found = rows(session, ChangeRecordRecord, *where, order_by=table.c.id.desc())
    return found[: query.limit]


def users(service: PlanService) -> list[str]:
    """Everyone who has changed the plan."""
    with service.store.reading() as session:
        return sorted(session.scalars(select(ChangeRecord.user).distinct()).all())


def changes_since(service: PlanService, moment: datetime | None) -> list[ChangeRecordRecord]:
    """Changes after ``moment`` (all when None), oldest first: a pack's change log."""
    table = table_of(ChangeRecord)
    where = [table.c.at > moment] if moment is not None else []
    with service.store.reading() as session:
        return rows(session, ChangeRecordRecord, *where, order_by=table.c.id)
