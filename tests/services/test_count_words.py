"""Counts the services write for people say "1 task", never "1 tasks" (no Qt)."""

from __future__ import annotations

from relm_desktop.services.history import changes_since
from relm_desktop.services.plan import PlanService


def _baseline_label(plan: PlanService) -> str:
    plan.save_baseline()
    return next(r.label for r in reversed(changes_since(plan, None)) if r.field == "baseline")


def test_the_baseline_audit_label_counts_in_words(plan: PlanService) -> None:
    rid = plan.create("release", {"name": "R"}).ids[0]
    plan.create("task", {"release_id": rid, "name": "Only"})
    assert _baseline_label(plan) == "baseline saved for 1 task"
    plan.create("task", {"release_id": rid, "name": "Second"})
    assert _baseline_label(plan) == "baseline saved for 2 tasks"
