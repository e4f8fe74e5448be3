"""The audit trail records deletes: who removed which item, as it was, in the plan.

Read back from outside RELM (sqlite3 on the file, psycopg on the server), so the
rows are the ones another user (or the History panel after a reopen) would see.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from relm_desktop.services.plan import PlanService
from relm_desktop.store.audit import current_user
from tests.plan_locations import location_of, plan_rows

COLUMNS = 'action, entity, entity_id, label, field, old, new, source, "user"'  # user: a PG word


@pytest.fixture
def plan(plan_location: Path | str) -> Iterator[PlanService]:
    service = PlanService.new(plan_location, name="Audit", start=date(2027, 1, 4), source="test")
    yield service
    service.close()


def trail(service: PlanService, after: int = 0) -> list[tuple[object, ...]]:
    """Audit rows after row id ``after``, oldest first, as stored in the plan."""
    sql = f"SELECT {COLUMNS} FROM change_record WHERE id > :after ORDER BY id"
    return plan_rows(location_of(service), sql, {"after": after})


def last_id(service: PlanService) -> int:
    ((found,),) = plan_rows(location_of(service), "SELECT coalesce(max(id), 0) FROM change_record")
    return int(found)


def test_deleting_a_task_writes_a_delete_row_naming_it(plan: PlanService) -> None:
    release = plan.create("release", {"name": "R1", "version": "1.0"}).ids[0]
    build = plan.create("task", {"release_id": release, "name": "Build API", "duration": 4}).ids[0]
    keep = plan.create("task", {"release_id": release, "name": "Keep me", "duration": 2}).ids[0]
    before = last_id(plan)

    change = plan.delete("task", [build])

    rows = trail(plan, before)
    deletes = [r for r in rows if r[0] == "delete" and r[1] == "task"]
    assert deletes == [
        ("delete", "task", build, "task 'Build API'", "", None, None, "test", current_user())
    ], rows
    # Nothing was said about the task that stayed.
    assert not [r for r in rows if r[1] == "task" and r[2] == keep]
    # The old values are what the undo puts back, and its restore is on the trail too.
    (old,) = change.removed["task"]
    assert (old["id"], old["name"], old["duration"]) == (build, "Build API", 4)
    restored_from = last_id(plan)
    with plan.as_source("undo"):
        plan.restore(change)
    assert [(r[0], r[1], r[2], r[3], r[7]) for r in trail(plan, restored_from)] == [
        ("create", "task", build, "task 'Build API' restored", "undo")
    ]


def test_deleting_a_linked_task_records_the_task_and_its_link(plan: PlanService) -> None:
    release = plan.create("release", {"name": "R1", "version": "1.0"}).ids[0]
    first = plan.create("task", {"release_id": release, "name": "Design", "duration": 3}).ids[0]
    second = plan.create("task", {"release_id": release, "name": "Code", "duration": 5}).ids[0]
    plan.link(first, second)
    before = last_id(plan)

    plan.delete("task", [first])

    deleted = {(r[1], r[3]) for r in trail(plan, before) if r[0] == "delete"}
    assert ("task", "task 'Design'") in deleted, deleted


@pytest.mark.parametrize("source", ["test", "undo"])
def test_bulk_created_rows_are_audited_as_a_flush_audits_them(
    plan: PlanService, source: str
) -> None:
    """``services.excel_bulk`` and the flush hook build their rows with one function."""
    from relm_desktop.services.excel_bulk import create_many

    release = plan.create("release", {"name": "R1", "version": "1.0"}).ids[0]
    before = last_id(plan)
    with plan.as_source(source):
        one = plan.create("task", {"release_id": release, "name": "One", "duration": 1}).ids[0]
    with plan.store.transaction(source) as session:
        (two,) = create_many(session, "task", [{"release_id": release, "name": "Two"}])
    action = "undo" if source == "undo" else "create"
    assert [r for r in trail(plan, before) if r[1] == "task"] == [
        (action, "task", one, "task 'One'", "", None, None, source, current_user()),
        (action, "task", two, "task 'Two'", "", None, None, source, current_user()),
    ]
