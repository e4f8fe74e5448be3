"""Generic edits: validation, audit rows, and restoring what a delete removed."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from relm_desktop.domain.enums import ChangeAction, DependencyType
from relm_desktop.domain.models import ChangeRecord, Dependency, Risk, Task
from relm_desktop.services.edits import EditError
from relm_desktop.services.plan import PlanService


def _release_with_tasks(plan: PlanService) -> tuple[int, list[int]]:
    release = plan.create("release", {"name": "R1", "version": "1.0"}).ids[0]
    tasks = [
        plan.create("task", {"release_id": release, "name": f"T{i}", "duration": 3}).ids[0]
        for i in range(3)
    ]
    return release, tasks


def test_update_writes_one_audit_row_per_changed_field(plan: PlanService) -> None:
    _, (t1, *_rest) = _release_with_tasks(plan)
    change = plan.update("task", t1, {"name": "Build", "duration": 5, "notes": ""})
    assert change.before == {"name": "T0", "duration": 3}
    assert change.after == {"name": "Build", "duration": 5}
    with plan.store.reading() as s:
        rows = s.scalars(
            select(ChangeRecord).where(
                ChangeRecord.entity == "task", ChangeRecord.action == ChangeAction.UPDATE
            )
        ).all()
        found = {(r.field, r.old, r.new) for r in rows}
        assert all(r.user and r.source == "test" and r.entity_id == t1 for r in rows)
    assert found == {("name", "T0", "Build"), ("duration", "3", "5")}


@pytest.mark.parametrize(
    ("entity", "values", "message"),
    [
        ("task", {"percent_complete": 120}, "between 0 and 100"),
        ("task", {"duration": -1}, "between 0 and"),
        ("task", {"name": "  "}, "cannot be empty"),
        ("task", {"constraint_type": "sometimes"}, "not valid"),
        ("task", {"colour": "red"}, "no editable field"),
    ],
)
def test_invalid_edits_are_refused_and_change_nothing(
    plan: PlanService, entity: str, values: dict, message: str
) -> None:
    _, (t1, *_rest) = _release_with_tasks(plan)
    with pytest.raises(EditError, match=message):
        plan.update(entity, t1, values)
    with plan.store.reading() as s:
        task = s.get(Task, t1)
        assert task is not None and (task.name, task.duration, task.percent_complete) == (
            "T0",
            3,
            0,
        )


def test_delete_then_restore_brings_back_cascaded_rows_with_same_ids(plan: PlanService) -> None:
    release, (t1, t2, t3) = _release_with_tasks(plan)
    plan.link(t1, t2)
    plan.link(t2, t3, type=DependencyType.SS, lag=-1)
    risk = plan.create("risk", {"release_id": release, "title": "Late", "task_id": t2}).ids[0]
    change = plan.delete("task", [t2])
    with plan.store.reading() as s:
        assert s.scalar(select(func.count(Dependency.id))) == 0
        assert s.get(Risk, risk).task_id is None
    plan.restore(change)
    with plan.store.reading() as s:
        links = s.execute(
            select(
                Dependency.predecessor_id, Dependency.successor_id, Dependency.type, Dependency.lag
            )
        ).all()
        assert sorted(links) == [(t1, t2, "FS", 0), (t2, t3, "SS", -1)]
        assert s.get(Task, t2).name == "T1"
        assert s.get(Risk, risk).task_id == t2


def test_deleting_a_release_cascades_and_restores(plan: PlanService) -> None:
    release, tasks = _release_with_tasks(plan)
    plan.link(tasks[0], tasks[1])
    change = plan.delete("release", [release])
    assert plan.load().tasks == ()
    plan.restore(change)
    data = plan.load()
    assert [t.id for t in data.tasks] == tasks and len(data.links) == 1


def test_link_refuses_self_and_duplicates(plan: PlanService) -> None:
    _, (t1, t2, _t3) = _release_with_tasks(plan)
    with pytest.raises(EditError, match="itself"):
        plan.link(t1, t1)
    plan.link(t1, t2)
    with pytest.raises(EditError, match="already linked"):
        plan.link(t1, t2)


def test_failed_transaction_leaves_plan_unchanged(plan: PlanService) -> None:
    release, _ = _release_with_tasks(plan)

    def half_done(session) -> None:  # type: ignore[no-untyped-def]
        session.add(Task(release_id=release, name="half", duration=1))
        session.flush()
        raise RuntimeError("power cut")

    with pytest.raises(RuntimeError):
        plan.run(half_done)
    assert [t.name for t in plan.load().tasks] == ["T0", "T1", "T2"]
