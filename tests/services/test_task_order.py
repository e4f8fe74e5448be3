"""insert_task: a new task lands right after its anchor and positions stay dense."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from relm_desktop.domain.models import ChangeRecord, Task
from relm_desktop.services.edits import EditError
from relm_desktop.services.plan import PlanService


def order(plan: PlanService, release: int) -> list[tuple[str, int]]:
    """(name, position) of the release's tasks in display order."""
    with plan.store.reading() as s:
        rows = s.execute(
            select(Task.name, Task.position)
            .where(Task.release_id == release)
            .order_by(Task.position, Task.id)
        ).all()
    return [(name, position) for name, position in rows]


def setup(plan: PlanService) -> tuple[int, int, list[int]]:
    release = plan.create("release", {"name": "R1", "version": "1.0"}).ids[0]
    phase = plan.create("phase", {"release_id": release, "name": "Build"}).ids[0]
    tasks = [
        plan.create(
            "task", {"release_id": release, "phase_id": phase, "name": f"T{i}", "position": 0}
        ).ids[0]
        for i in range(3)
    ]
    return release, phase, tasks


def test_inserts_right_after_the_anchor_and_renumbers(plan: PlanService) -> None:
    release, phase, (t0, t1, _t2) = setup(plan)
    change = plan.insert_task(t0, {"name": "New", "duration": 2})
    assert order(plan, release) == [("T0", 0), ("New", 1), ("T1", 2), ("T2", 3)]
    with plan.store.reading() as s:
        new = s.get(Task, change.ids[0])
        assert new is not None
        assert (new.release_id, new.phase_id, new.duration) == (release, phase, 2)
    plan.insert_task(t1, {"name": "After T1"})
    assert [n for n, _ in order(plan, release)] == ["T0", "New", "T1", "After T1", "T2"]


def test_anchor_release_and_phase_win_over_values(plan: PlanService) -> None:
    release, phase, (t0, *_rest) = setup(plan)
    other = plan.create("release", {"name": "R2", "version": "2.0"}).ids[0]
    change = plan.insert_task(t0, {"name": "New", "release_id": other, "phase_id": None})
    with plan.store.reading() as s:
        new = s.get(Task, change.ids[0])
        assert new is not None and (new.release_id, new.phase_id) == (release, phase)


def test_none_appends_at_the_end_of_the_release(plan: PlanService) -> None:
    release, _phase, _tasks = setup(plan)
    plan.insert_task(None, {"name": "Last", "release_id": release})
    assert order(plan, release)[-1] == ("Last", 3)
    assert [p for _, p in order(plan, release)] == [0, 1, 2, 3]


def test_last_anchor_appends(plan: PlanService) -> None:
    release, _phase, (_t0, _t1, t2) = setup(plan)
    plan.insert_task(t2, {"name": "Tail"})
    assert order(plan, release)[-1] == ("Tail", 3)


def test_refusals_leave_the_plan_untouched(plan: PlanService) -> None:
    release, _phase, _tasks = setup(plan)
    before = order(plan, release)
    with pytest.raises(EditError):
        plan.insert_task(999, {"name": "X"})
    with pytest.raises(EditError):
        plan.insert_task(None, {"name": "X"})
    with pytest.raises(EditError):
        plan.insert_task(None, {"name": "", "release_id": release})  # empty name refused
    assert order(plan, release) == before  # the renumbering was rolled back too


def test_only_the_new_task_is_audited(plan: PlanService) -> None:
    release, _phase, (t0, *_rest) = setup(plan)
    with plan.store.reading() as s:
        count = s.scalar(select(func.count()).select_from(ChangeRecord))
    plan.insert_task(t0, {"name": "New"})
    with plan.store.reading() as s:
        added = s.execute(
            select(ChangeRecord.entity, ChangeRecord.entity_id)
            .order_by(ChangeRecord.id)
            .offset(count)
        ).all()
    assert added and {entity for entity, _ in added} == {"task"}
    assert len({ident for _, ident in added}) == 1  # no row for the shifted tasks
    assert release
