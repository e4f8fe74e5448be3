"""Bulk creation for imports: the same values, ids and audit rows as one edit at a time."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from relm_desktop.domain.audit import ChangeRecord
from relm_desktop.domain.enums import DependencyType
from relm_desktop.domain.release import Task
from relm_desktop.services import edits
from relm_desktop.services.edits import EditError
from relm_desktop.services.excel_bulk import coerce_many, create_many
from relm_desktop.services.plan import PlanService

CLEAN: dict[str, Any] = {"name": "Build", "duration": 3, "percent_complete": 40}
# Values edits.coerce converts: text for a number, a date and an enumeration.
CONVERTED: list[dict[str, Any]] = [
    {"name": "Test", "duration": "5", "constraint_type": "snet", "constraint_date": "2027-02-01"},
    {"name": "Ship", "duration": 0, "is_golive": 1, "actual_start": None},
]
REFUSED: list[dict[str, Any]] = [
    {"name": "Late", "duration": True},  # a bool is no number
    {"name": "Over", "percent_complete": 101},
    {"name": "   "},
    {"name": "x" * 501},
    {"name": "Odd", "colour": "red"},
    {"name": None},
    {"name": "Lead", "duration": -1},
]


def test_coerce_many_gives_what_edits_coerce_gives() -> None:
    batch = [CLEAN, *CONVERTED, {"type": DependencyType.SS}]
    rows = [*batch[:-1]]
    assert coerce_many("task", rows) == [edits.coerce("task", r) for r in rows]
    links = [{"predecessor_id": 1, "successor_id": 2, "type": "FF", "lag": -2}, batch[-1]]
    assert coerce_many("dependency", links) == [edits.coerce("dependency", r) for r in links]
    assert coerce_many("dependency", links)[0]["type"] is DependencyType.FF


@pytest.mark.parametrize("values", REFUSED)
def test_coerce_many_refuses_what_edits_coerce_refuses(values: dict[str, Any]) -> None:
    with pytest.raises(EditError) as single:
        edits.coerce("task", values)
    with pytest.raises(EditError) as bulk:
        coerce_many("task", [CLEAN, values])
    assert str(bulk.value) == str(single.value)


def test_create_many_ids_rows_and_audit_match_single_creates(plan: PlanService) -> None:
    release = plan.create("release", {"name": "R1"}).ids[0]
    first = [plan.create("task", {"release_id": release, "name": f"T{i}"}).ids[0] for i in (1, 2)]
    plan.delete("task", [first[-1]])  # the highest id is gone: new ids still follow in order
    batch = [
        {"release_id": release, "name": "Bulk A", "duration": 2, "percent_complete": 10},
        {"release_id": release, "name": "Bulk B", "constraint_date": date(2027, 2, 1)},
        {"release_id": release, "name": "Bulk C", "duration": "4"},
    ]
    with plan.store.transaction("import") as session:
        ids = create_many(session, "task", batch)
        one = edits.create(session, "task", {"release_id": release, "name": "Single"}).ids[0]
    assert len(set(ids)) == 3 and one not in ids
    with plan.store.transaction("test") as session:
        tasks = {t.id: t for t in session.scalars(select(Task))}
        assert [tasks[i].name for i in ids] == ["Bulk A", "Bulk B", "Bulk C"]
        assert (tasks[ids[0]].duration, tasks[ids[0]].percent_complete) == (2, 10)
        assert tasks[ids[1]].constraint_date == date(2027, 2, 1)
        assert tasks[ids[2]].duration == 4
        audit = {
            r.entity_id: r
            for r in session.scalars(select(ChangeRecord).where(ChangeRecord.source == "import"))
        }
        assert set(audit) == {*ids, one}
        single = audit[one]
        for ident, name in zip(ids, ("Bulk A", "Bulk B", "Bulk C"), strict=True):
            row = audit[ident]
            assert (row.action, row.entity, row.label) == ("create", "task", f"task '{name}'")
            assert (row.user, row.host, row.field) == (single.user, single.host, single.field)
