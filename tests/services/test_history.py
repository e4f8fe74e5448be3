"""The change log: every edit from every path, filterable; undo and redo are logged."""

from __future__ import annotations

from datetime import date, timedelta

from relm_desktop.domain.enums import ChangeAction
from relm_desktop.services.history import HistoryFilter, change_log, users
from relm_desktop.services.plan import PlanService
from relm_desktop.store.audit import current_user


def test_log_of_one_entity_and_of_the_whole_plan(plan: PlanService) -> None:
    release = plan.create("release", {"name": "R"}).ids[0]
    task = plan.create("task", {"release_id": release, "name": "Build", "duration": 3}).ids[0]
    plan.update("task", task, {"duration": 5})
    with plan.as_source("undo"):
        plan.update("task", task, {"duration": 3})
    with plan.as_source("redo"):
        plan.update("task", task, {"duration": 5})
    mine = change_log(plan, HistoryFilter(entity="task", entity_id=task))
    assert [(r.action, r.field, r.old, r.new) for r in mine] == [
        (ChangeAction.REDO, "duration", "3", "5"),
        (ChangeAction.UNDO, "duration", "5", "3"),
        (ChangeAction.UPDATE, "duration", "3", "5"),
        (ChangeAction.CREATE, "", None, None),
    ]
    assert {r.source for r in mine} == {"test", "undo", "redo"}
    everything = change_log(plan, HistoryFilter())
    assert {r.entity for r in everything} >= {"release", "task", "plan_info", "calendar"}
    assert all(r.user == current_user() and r.at for r in everything)


def test_filters_by_user_and_dates(plan: PlanService) -> None:
    plan.create("release", {"name": "R"})
    today = date.today()
    assert change_log(plan, HistoryFilter(since=today, until=today))
    assert change_log(plan, HistoryFilter(until=today - timedelta(days=1))) == []
    assert change_log(plan, HistoryFilter(user="somebody-else")) == []
    assert users(plan) == [current_user()]
