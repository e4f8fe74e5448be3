"""Composite edits: one call = one transaction, and so is each one's undo and redo.

A new release from a template (with the environments it had to make), a
release saved as a template, several rows at once; each returns what it
changed (``OpChanges``), and ``delete_many``/``restore_many`` undo and redo
it in one transaction each, the rows coming back with the same ids.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import pytest
from sqlalchemy import event

from relm_desktop.services.changes import SCHEDULE_KINDS
from relm_desktop.services.edits import EditError
from relm_desktop.services.plan import PlanService
from relm_desktop.services.records import PlanData

TEMPLATE = "Major release with pilot wave"


@contextmanager
def commits(plan: PlanService) -> Iterator[list[int]]:
    """Count the transactions committed on the plan's engine inside the block."""
    seen: list[int] = []

    def count(_connection: Any) -> None:
        seen.append(1)

    event.listen(plan.store.engine, "commit", count)
    try:
        yield seen
    finally:
        event.remove(plan.store.engine, "commit", count)


def ids(data: PlanData) -> dict[str, set[int]]:
    """Every id the plan holds, by kind, for the tables a template fills."""
    return {
        "release": {r.id for r in data.releases},
        "phase": {p.id for p in data.phases},
        "task": {t.id for t in data.tasks},
        "dependency": {k.id for k in data.links},
        "gate": {g.id for g in data.gates},
        "rollback_plan": {r.id for r in data.rollbacks},
        "rollout_wave": {w.id for w in data.waves},
        "environment": {e.id for e in data.environments},
    }


def rows(data: PlanData) -> dict[str, list[Any]]:
    """Every row of those tables, to compare a plan before and after."""
    return {
        "release": list(data.releases),
        "phase": list(data.phases),
        "task": list(data.tasks),
        "dependency": list(data.links),
        "gate": list(data.gates),
        "rollback_plan": list(data.rollbacks),
        "rollout_wave": list(data.waves),
        "environment": list(data.environments),
    }


def apply(plan: PlanService) -> Any:
    return plan.apply_template(
        TEMPLATE, name="R", version="1", start=date(2027, 1, 4), target_golive=date(2027, 6, 1)
    )


def test_new_release_from_template_is_one_transaction_and_says_what_it_made(
    plan: PlanService,
) -> None:
    with commits(plan) as seen:
        batch = apply(plan)
    assert len(seen) == 1
    data = plan.load()
    made = ids(data)
    # A fresh plan has no environments: the template made the ones it names.
    assert made["environment"]
    assert batch.targets() == [
        ("environment", tuple(sorted(made["environment"]))),
        ("release", tuple(made["release"])),
    ]
    changes = batch.changes
    for kind, found in made.items():
        assert changes.ids(kind) == found, kind
    assert not changes.updated and not changes.deleted
    assert changes.schedule


def test_undo_of_new_release_from_template_is_one_transaction_and_redo_keeps_ids(
    plan: PlanService,
) -> None:
    before = plan.load()
    batch = apply(plan)
    made = plan.load()
    with commits(plan) as seen:
        removed = plan.delete_many(batch.targets()[::-1])
    assert len(seen) == 1
    assert rows(plan.load()) == rows(before)
    assert removed.changes.ids("task") == {t.id for t in made.tasks}
    assert removed.changes.ids("environment") == {e.id for e in made.environments}
    with commits(plan) as seen:
        restored = plan.restore_many(removed)
    assert len(seen) == 1
    assert rows(plan.load()) == rows(made)  # every row back, with its id
    assert restored.changes.ids("release") == {r.id for r in made.releases}
    # And again: undo after redo is still one transaction.
    with commits(plan) as seen:
        plan.delete_many(batch.targets()[::-1])
    assert len(seen) == 1 and not plan.load().releases


def test_a_failed_template_changes_nothing(plan: PlanService) -> None:
    before = rows(plan.load())
    with commits(plan) as seen, pytest.raises(EditError, match="no template"):
        plan.apply_template("No such template", name="R")
    assert not seen and rows(plan.load()) == before


def test_save_as_template_is_one_transaction_and_undone_in_one(plan: PlanService) -> None:
    release = apply(plan).parts[-1].ids[0]
    with commits(plan) as seen:
        batch = plan.save_as_template(release, "Ours")
    assert len(seen) == 1
    (template,) = plan.load().templates
    assert batch.targets() == [("template", (template.id,))]
    assert batch.changes.kinds == {"template"} and not batch.changes.schedule
    removed = plan.delete_many(batch.targets())
    assert not plan.load().templates
    plan.restore_many(removed)
    assert [t.id for t in plan.load().templates] == [template.id]


def test_create_many_is_one_transaction_and_touches_no_schedule(plan: PlanService) -> None:
    release = plan.create("release", {"name": "R"}).ids[0]
    with commits(plan) as seen:
        batch = plan.create_many(
            "gate", [{"release_id": release, "name": f"G{k}", "position": k} for k in range(3)]
        )
    assert len(seen) == 1
    gates = {g.id for g in plan.load().gates}
    assert batch.targets() == [("gate", tuple(sorted(gates)))]
    assert batch.changes.kinds == {"gate"} and not batch.changes.schedule
    with commits(plan) as seen:
        removed = plan.delete_many(batch.targets())
    assert len(seen) == 1 and not plan.load().gates
    plan.restore_many(removed)
    assert {g.id for g in plan.load().gates} == gates


def test_create_many_refused_part_way_creates_nothing(plan: PlanService) -> None:
    release = plan.create("release", {"name": "R"}).ids[0]
    with commits(plan) as seen, pytest.raises(EditError):
        plan.create_many("gate", [{"release_id": release, "name": "G"}, {"name": " "}])
    assert not seen and not plan.load().gates


def test_every_edit_returns_what_it_changed(plan: PlanService) -> None:
    release = plan.create("release", {"name": "R"})
    assert release.changes.ids("release") == set(release.ids)
    assert release.changes.schedule
    rid = release.ids[0]
    task = plan.create("task", {"release_id": rid, "name": "T"}).ids[0]
    risk = plan.create("risk", {"release_id": rid, "title": "Late", "task_id": task})
    assert risk.changes.kinds == {"risk"} and not risk.changes.schedule
    edit = plan.update("risk", risk.ids[0], {"probability": 4})
    assert edit.changes.updated == (("risk", risk.ids),)
    assert not plan.update("risk", risk.ids[0], {"probability": 4}).changes  # no change
    # A delete names every row it removed, cascades included; its undo the same.
    gone = plan.delete("release", [rid])
    assert gone.changes.ids("task") == {task} and gone.changes.ids("risk") == set(risk.ids)
    back = plan.restore(gone)
    assert back.changes.created == gone.changes.deleted
    baseline = plan.save_baseline()
    assert baseline.changes.kinds == {"task", "plan_info"}
    assert plan.restore_baseline(baseline).changes.kinds == {"task", "plan_info"}


def test_a_delete_that_nulls_references_names_those_rows_as_updated(plan: PlanService) -> None:
    rid = plan.create("release", {"name": "R"}).ids[0]
    env = plan.create("environment", {"name": "Test"}).ids[0]
    task = plan.create("task", {"release_id": rid, "name": "T", "environment_id": env}).ids[0]
    gone = plan.delete("environment", [env])
    assert gone.changes.ids("environment") == {env}
    assert ("task", (task,)) in gone.changes.updated
    assert gone.changes.schedule
    assert plan.restore(gone).changes.updated == (("task", (task,)),)


def test_schedule_kinds_are_tables() -> None:
    from relm_desktop.domain.base import Base

    assert set(SCHEDULE_KINDS) <= set(Base.metadata.tables)
