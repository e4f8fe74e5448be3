"""Built-in templates, applying them, and saving a release as a template."""

from __future__ import annotations

from datetime import date

import pytest

from relm_desktop.services.plan import PlanService
from relm_desktop.services.templates import apply_template, builtin_templates, release_as_template

EXPECTED = {
    # name: (phases, tasks, links, gates, waves, kind)
    "Standard minor release": (5, 14, 13, 5, 0, "minor"),
    "Major release with pilot wave": (6, 19, 21, 7, 2, "major"),
    "Emergency fix": (4, 9, 8, 2, 0, "emergency"),
}


def test_three_builtins_ship() -> None:
    assert [t["name"] for t in builtin_templates()] == list(EXPECTED)


@pytest.mark.parametrize("name", list(EXPECTED))
def test_apply_builtin_template(plan: PlanService, name: str) -> None:
    phases, tasks, links, gates, waves, kind = EXPECTED[name]
    change = plan.run(
        lambda s: apply_template(
            s, name, name="R", version="1", start=date(2027, 1, 4), target_golive=date(2027, 6, 1)
        )
    )
    data, result = plan.schedule()
    release = data.releases[0]
    assert change.ids == (release.id,)
    assert release.release_kind == kind
    assert (
        len(data.phases),
        len(data.tasks),
        len(data.links),
        len(data.gates),
        len(data.waves),
    ) == (phases, tasks, links, gates, waves)
    assert len(data.rollbacks) == 1 and data.rollbacks[0].steps
    assert any(t.is_golive for t in data.tasks)
    assert all(t.phase_id is not None for t in data.tasks)
    assert not result.cycles
    golive = next(t for t in data.tasks if t.is_golive)
    assert result.release_golive[release.id] == result.tasks[golive.id].finish


def test_emergency_fix_has_a_shortened_path_and_retrospective(plan: PlanService) -> None:
    plan.run(lambda s: apply_template(s, "Emergency fix", name="Hotfix", start=date(2027, 1, 4)))
    data, result = plan.schedule()
    golive = next(t for t in data.tasks if t.is_golive)
    assert (result.tasks[golive.id].finish - date(2027, 1, 4)).days <= 7
    assert any("Retrospective" in t.name for t in data.tasks)


def test_release_saved_as_template_round_trips(plan: PlanService) -> None:
    change = plan.run(
        lambda s: apply_template(
            s, "Major release with pilot wave", name="A", start=date(2027, 1, 4)
        )
    )
    plan.run(lambda s: release_as_template(s, change.ids[0], "Our major"))
    plan.run(lambda s: apply_template(s, "Our major", name="B", start=date(2027, 3, 1)))
    data = plan.load()
    a, b = data.releases

    def shape(rid):
        return sorted((t.name, t.duration, t.is_golive) for t in data.tasks if t.release_id == rid)

    assert shape(a.id) == shape(b.id)
    assert len(data.links) == 2 * 21 and len(data.gates) == 2 * 7
