"""Plan setup edits: each one transaction, audited, undone and redone with ids kept.

Working time, days off, freeze windows (with environments), environments,
teams and stakeholders; what uses an item, and a delete that clears those
uses in the same transaction and comes back whole on undo.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from relm_desktop.domain.audit import ChangeRecord
from relm_desktop.domain.enums import ChangeAction, Raci
from relm_desktop.services.edits import EditError
from relm_desktop.services.plan import PlanService
from relm_desktop.services.records import PlanData
from relm_desktop.services.setup import Add, Remove, Update, WorkingTime
from relm_desktop.services.setup_uses import WindowSpan, overlaps


@dataclass
class Deployment:
    """A build of five days, then a one-day deployment to an environment."""

    release: int
    build: int
    deploy: int
    environment: int


@pytest.fixture
def deployment(plan: PlanService) -> Deployment:
    release = plan.create("release", {"name": "R", "version": "1", "start": date(2027, 1, 4)})
    env = plan.setup([Add("environment", {"name": "Production", "is_production": True})])
    environment = env.parts[0].ids[0]
    build = plan.create("task", {"release_id": release.ids[0], "name": "Build", "duration": 5})
    deploy = plan.create(
        "task",
        {
            "release_id": release.ids[0],
            "name": "Deploy to prod",
            "duration": 1,
            "environment_id": environment,
        },
    )
    plan.link(build.ids[0], deploy.ids[0])
    return Deployment(release.ids[0], build.ids[0], deploy.ids[0], environment)


def start_of(plan: PlanService, task: int) -> date:
    _, result = plan.schedule()
    return result.tasks[task].start


def audit_rows(plan: PlanService, entity: str) -> list[tuple[str, str, str | None, str | None]]:
    def read(session: Any) -> list[tuple[str, str, str | None, str | None]]:
        found = session.scalars(select(ChangeRecord).where(ChangeRecord.entity == entity))
        return [(c.action.value, c.field, c.old, c.new) for c in found]

    return plan.run(read)


def everything(data: PlanData) -> tuple[Any, ...]:
    """The setup tables and what refers to them, to compare a plan before and after."""
    return (
        data.calendar,
        data.days_off,
        data.tasks,
        data.environments,
        data.teams,
        data.freezes,
        sorted(data.freeze_environments),
        sorted(data.release_environments),
        data.stakeholders,
        data.stakeholder_roles,
    )


def test_working_time_moves_the_schedule_and_is_undone(
    plan: PlanService, deployment: Deployment
) -> None:
    assert start_of(plan, deployment.deploy) == date(2027, 1, 11)  # Mon 4 + 5 working days
    batch = plan.setup([WorkingTime("3210", country="FR", subdivision=None)])
    data = plan.load()
    assert data.calendar is not None
    assert (data.calendar.workdays, data.calendar.country) == ("0123", "FR")
    assert start_of(plan, deployment.deploy) == date(2027, 1, 12)  # no Fridays: Tuesday
    assert batch.changes.schedule
    assert ("update", "workdays", "01234", "0123") in audit_rows(plan, "calendar")
    redo = plan.revert_setup(batch)
    assert plan.load().calendar == data.calendar._replace(workdays="01234", country="DE")
    assert start_of(plan, deployment.deploy) == date(2027, 1, 11)
    plan.revert_setup(redo)
    assert start_of(plan, deployment.deploy) == date(2027, 1, 12)


def test_working_time_refuses_no_weekday_and_unknown_countries(plan: PlanService) -> None:
    with pytest.raises(EditError, match="at least one weekday"):
        plan.setup([WorkingTime("", country="DE")])
    with pytest.raises(EditError, match="no public holidays known for country XX"):
        plan.setup([WorkingTime("01234", country="XX")])
    with pytest.raises(EditError, match="region ZZ"):
        plan.setup([WorkingTime("01234", country="DE", subdivision="ZZ")])
    plan.setup([WorkingTime("01234", country="de", subdivision="BY")])
    calendar = plan.load().calendar
    assert calendar is not None and (calendar.country, calendar.subdivision) == ("DE", "BY")


def test_a_day_off_moves_the_schedule_and_comes_back_with_its_id(
    plan: PlanService, deployment: Deployment
) -> None:
    batch = plan.setup([Add("calendar_day", {"day": date(2027, 1, 7), "name": "Shutdown"})])
    ident = batch.parts[0].ids[0]
    assert start_of(plan, deployment.deploy) == date(2027, 1, 12)
    assert ("create", "", None, None) in audit_rows(plan, "calendar_day")
    redo = plan.revert_setup(batch)
    assert plan.load().days_off == ()
    assert start_of(plan, deployment.deploy) == date(2027, 1, 11)
    plan.revert_setup(redo)
    assert [d.id for d in plan.load().days_off] == [ident]
    plan.setup([Update("calendar_day", ident, {"day": date(2027, 1, 13), "name": "Moved"})])
    assert start_of(plan, deployment.deploy) == date(2027, 1, 11)
    assert plan.load().days_off[0].name == "Moved"


def test_a_freeze_window_pushes_the_deployment_past_it(
    plan: PlanService, deployment: Deployment
) -> None:
    window = {"name": "Year end", "start": date(2027, 1, 11), "finish": date(2027, 1, 15)}
    batch = plan.setup([Add("freeze_window", window, (deployment.environment,))])
    assert start_of(plan, deployment.deploy) == date(2027, 1, 18)
    assert plan.load().freeze_environments == ((batch.parts[0].ids[0], deployment.environment),)
    assert ("update", "environments", "(all)", "Production") in audit_rows(plan, "freeze_window")
    redo = plan.revert_setup(batch)
    assert plan.load().freezes == () and plan.load().freeze_environments == ()
    assert start_of(plan, deployment.deploy) == date(2027, 1, 11)
    plan.revert_setup(redo)
    assert start_of(plan, deployment.deploy) == date(2027, 1, 18)
    assert [f.id for f in plan.load().freezes] == [batch.parts[0].ids[0]]


def test_a_freeze_window_of_another_environment_leaves_the_deployment(
    plan: PlanService, deployment: Deployment
) -> None:
    test_env = plan.setup([Add("environment", {"name": "Test"})]).parts[0].ids[0]
    window = {"name": "Test freeze", "start": date(2027, 1, 11), "finish": date(2027, 1, 15)}
    ident = plan.setup([Add("freeze_window", window, (test_env,))]).parts[0].ids[0]
    assert start_of(plan, deployment.deploy) == date(2027, 1, 11)
    # Only its environments change: one part, undone back to Test alone.
    batch = plan.setup([Update("freeze_window", ident, {}, (test_env, deployment.environment))])
    assert len(batch.parts) == 1
    assert start_of(plan, deployment.deploy) == date(2027, 1, 18)
    plan.revert_setup(batch)
    assert plan.load().freeze_environments == ((ident, test_env),)


def test_a_freeze_window_must_not_finish_before_it_starts(plan: PlanService) -> None:
    window = {"name": "Backwards", "start": date(2027, 1, 11), "finish": date(2027, 1, 8)}
    with pytest.raises(EditError, match="'Backwards' finishes before it starts"):
        plan.setup([Add("freeze_window", window)])
    good = {"name": "Good", "start": date(2027, 1, 11), "finish": date(2027, 1, 12)}
    ident = plan.setup([Add("freeze_window", good)]).parts[0].ids[0]
    with pytest.raises(EditError, match="finishes before it starts"):
        plan.setup([Update("freeze_window", ident, {"finish": "2027-01-01"})])


def test_uses_names_tasks_freeze_windows_and_releases(
    plan: PlanService, deployment: Deployment
) -> None:
    env = deployment.environment
    for name in ("Smoke test", "Cutover", "Verify"):
        plan.create("task", {"release_id": deployment.release, "name": name, "environment_id": env})
    window = {"name": "Year end", "start": date(2027, 1, 11), "finish": date(2027, 1, 15)}
    plan.setup([Add("freeze_window", window, (env,))])
    plan.run(lambda s: s.execute(_release_environment_insert(deployment.release, env)))
    found = plan.uses("environment", env)
    names = [name for _, name in found.tasks]
    assert names == ["Deploy to prod", "Smoke test", "Cutover", "Verify"]
    assert found.describe() == (
        "Used by 4 tasks (Deploy to prod, Smoke test, Cutover…), "
        "1 freeze window (Year end) and 1 release (R)"
    )
    assert not plan.uses("environment", env + 100)
    assert plan.uses("environment", env + 100).describe() == ""


def _release_environment_insert(release: int, env: int) -> Any:
    from sqlalchemy import insert

    from relm_desktop.domain.models import release_environment

    return insert(release_environment).values(release_id=release, environment_id=env)


def test_deleting_a_used_environment_clears_its_uses_and_undo_brings_all_back(
    plan: PlanService, deployment: Deployment
) -> None:
    env = deployment.environment
    other = plan.setup([Add("environment", {"name": "Staging"})]).parts[0].ids[0]
    only = {"name": "Prod only", "start": date(2027, 1, 11), "finish": date(2027, 1, 15)}
    both = {"name": "Both", "start": date(2027, 2, 1), "finish": date(2027, 2, 5)}
    plan.setup([Add("freeze_window", only, (env,)), Add("freeze_window", both, (env, other))])
    plan.run(lambda s: s.execute(_release_environment_insert(deployment.release, env)))
    before = everything(plan.load())
    assert start_of(plan, deployment.deploy) == date(2027, 1, 18)

    batch = plan.setup([Remove("environment", env)])
    data = plan.load()
    assert [e.name for e in data.environments] == ["Staging"]
    assert all(t.environment_id is None for t in data.tasks)
    # The window of Production alone is gone (it would now freeze everything).
    assert [f.name for f in data.freezes] == ["Both"]
    assert data.freeze_environments == ((data.freezes[0].id, other),)
    assert data.release_environments == ()
    assert start_of(plan, deployment.deploy) == date(2027, 1, 11)
    assert ("update", "environment_id", str(env), None) in audit_rows(plan, "task")
    assert ("delete", "", None, None) in audit_rows(plan, "environment")
    assert ("update", "environments", "Production", "(none)") in audit_rows(plan, "release")

    redo = plan.revert_setup(batch)
    assert everything(plan.load()) == before
    assert start_of(plan, deployment.deploy) == date(2027, 1, 18)
    plan.revert_setup(redo)
    assert [e.name for e in plan.load().environments] == ["Staging"]


def test_deleting_a_team_clears_its_tasks(plan: PlanService, deployment: Deployment) -> None:
    team = plan.setup([Add("team", {"name": "Acme", "is_supplier": True, "capacity": 2})])
    ident = team.parts[0].ids[0]
    plan.update("task", deployment.build, {"team_id": ident})
    assert plan.uses("team", ident).describe() == "Used by 1 task (Build)"
    before = everything(plan.load())
    batch = plan.setup([Remove("team", ident)])
    assert plan.load().teams == () and all(t.team_id is None for t in plan.load().tasks)
    plan.revert_setup(batch)
    assert everything(plan.load()) == before


def test_deleting_a_stakeholder_takes_its_roles_and_undo_restores_them(
    plan: PlanService, deployment: Deployment
) -> None:
    made = plan.setup([Add("stakeholder", {"name": "Ana", "title": "CIO", "receives_pack": True})])
    ident = made.parts[0].ids[0]
    plan.create(
        "stakeholder_role",
        {"stakeholder_id": ident, "release_id": deployment.release, "raci": Raci.ACCOUNTABLE},
    )
    assert plan.uses("stakeholder", ident).describe() == "Used by 1 release (R)"
    before = everything(plan.load())
    batch = plan.setup([Remove("stakeholder", ident)])
    assert plan.load().stakeholders == () and plan.load().stakeholder_roles == ()
    assert ("delete", "", None, None) in audit_rows(plan, "stakeholder_role")
    plan.revert_setup(batch)
    assert everything(plan.load()) == before


def test_several_edits_are_one_transaction_all_or_nothing(plan: PlanService) -> None:
    plan.setup([Add("team", {"name": "Core"})])
    before = everything(plan.load())
    with pytest.raises(EditError, match="already exists"):
        plan.setup([Add("environment", {"name": "Dev"}), Add("team", {"name": "Core"})])
    assert everything(plan.load()) == before
    with pytest.raises(EditError, match="not part of the plan setup"):
        plan.setup([Add("task", {"name": "x"})])


def test_edits_made_while_undoing_are_recorded_as_undo(plan: PlanService) -> None:
    env = plan.setup([Add("environment", {"name": "Dev"})]).parts[0].ids[0]
    window = {"name": "Freeze", "start": date(2027, 1, 11), "finish": date(2027, 1, 15)}
    batch = plan.setup([Add("freeze_window", window, (env,))])
    with plan.as_source("undo"):
        plan.revert_setup(batch)
    undo = ChangeAction.UNDO.value
    assert [a for a, *_ in audit_rows(plan, "freeze_window")] == ["create", "update", undo, undo]
    assert (undo, "environments", "Dev", "(all)") in audit_rows(plan, "freeze_window")


def test_overlapping_freeze_windows_share_days_and_an_environment() -> None:
    spans = [
        WindowSpan(1, "Year end", date(2027, 12, 20), date(2028, 1, 3)),
        WindowSpan(2, "Holiday", date(2028, 1, 1), date(2028, 1, 2), frozenset({7})),
        WindowSpan(3, "Test only", date(2027, 12, 24), date(2027, 12, 24), frozenset({8})),
        WindowSpan(4, "Prod only", date(2028, 1, 2), date(2028, 1, 9), frozenset({7})),
        WindowSpan(5, "Spring", date(2028, 4, 1), date(2028, 4, 2)),
    ]
    assert overlaps(spans) == {
        1: ["Test only", "Holiday", "Prod only"],
        2: ["Year end", "Prod only"],
        3: ["Year end"],
        4: ["Year end", "Holiday"],
    }
