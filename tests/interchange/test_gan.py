"""GanttProject .gan files: each corpus file imports as read by hand."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from relm_desktop.cli import main
from relm_desktop.exchange.foreign_plan import ForeignPlan
from relm_desktop.exchange.gan import read_gan
from relm_desktop.services.plan import PlanService
from tests.interchange.conftest import GAN

HOUSE = "ganttproject__HouseBuildingSample_v3.3.3309.gan"


def _read(name: str) -> ForeignPlan:
    return read_gan(GAN / name)


def _values(plan: ForeignPlan) -> dict[str, dict[str, object]]:
    return {r.label: r.values for r in plan.parsed.rows["task"]}


def _links(plan: ForeignPlan) -> dict[str, list[tuple[str, str, int]]]:
    labels = {r.key: r.label for r in plan.parsed.rows["task"]}
    return {
        labels[k]: [(labels[r.predecessor], r.type, r.lag) for r in refs]
        for k, refs in plan.parsed.links.items()
        if refs
    }


def test_house_sample_hierarchy_milestones_links_progress_teams() -> None:
    plan = _read(HOUSE)
    tasks = _values(plan)
    # Decoration phase (id 8) has no link: a phase. Architectural design (0, after the
    # 'GanttProject 3.3' milestone), Interior design (11) and Construction phase (7) are
    # linked, so they stay summary tasks over their subtasks.
    assert [p.label for p in plan.parsed.rows["phase"]] == ["Decoration phase"]
    assert len(tasks) == 19 and "Decoration phase" not in tasks
    assert tasks["Walls"]["phase"] == "Decoration phase" and "parent_id" not in tasks["Walls"]
    assert tasks["Create draft of architecture"]["parent_id"] == 0
    assert tasks["Furniture selection"]["parent_id"] == 11
    assert tasks["Roof"]["parent_id"] == 7
    assert tasks["Architectural design"]["duration"] == 0  # a summary spans its subtasks
    milestones = {n for n, v in tasks.items() if v["duration"] == 0 and n not in
                  {"Architectural design", "Interior design", "Construction phase"}}  # fmt: skip
    assert milestones == {
        "Agreement on architectural plan",
        "Construction completed",
        "Bring your family here",
        "GanttProject 3.3",
    }
    assert tasks["Ground Floor building"]["duration"] == 20
    assert tasks["Architectural design"]["percent_complete"] == 85
    assert tasks["Prepare construction documents"]["percent_complete"] == 75
    links = _links(plan)
    assert links["Prepare construction documents"] == [("Create draft of architecture", "FS", 0)]
    assert links["Architectural design"] == [("GanttProject 3.3", "FS", 0)]
    # A <depend> inside a task names its successor: the milestone comes after the roof
    # and before the communications and the walls.
    assert links["Construction completed"] == [("Roof", "FS", 0)]
    assert links["Connect to communications"] == [("Construction completed", "FS", 0)]
    assert sorted(links["Walls"]) == [
        ("Construction completed", "FS", 0),
        ("Interior design", "FS", 0),  # a link from a summary task
    ]
    # Sunday and Saturday off; one dated holiday; seven people as teams.
    assert plan.workdays == "01234"
    assert plan.days_off == {date(2006, 2, 14): "Holiday"}  # unnamed in the file
    assert len(plan.teams) == 7 and plan.teams["Jack House"] == 1
    assert tasks["Create draft of architecture"]["team"] == "Jack House"
    assert tasks["Foundation building"]["team"] == "John Black"


def test_link_types_and_a_negative_lag() -> None:
    links = _links(_read("ts-ganttproject-parser__task-with-dependencies.gan"))
    assert links == {
        "task B": [("task A", "SS", 0)],
        "task C": [("task B", "FS", 0)],
        "task D": [("task C", "FF", -1)],
        "task E": [("task D", "SF", 0)],
    }


def test_a_holiday_without_a_year_recurs_every_year_once() -> None:
    plan = _read("ts-ganttproject-parser__task-crossing-recurring-holiday.gan")
    assert sorted(plan.days_off) == [date(y, 1, 3) for y in (2023, 2024, 2025, 2026)]
    dated = _read("ts-ganttproject-parser__milestone-task.gan")
    assert sorted(dated.days_off) == [date(2024, 1, 3)]


def test_small_files_milestone_subtask_resource_unlinked_start() -> None:
    assert (
        _values(_read("ts-ganttproject-parser__milestone-task.gan"))["milestone"]["duration"] == 0
    )
    nested = _read("ts-ganttproject-parser__baseline-with-subtasks.gan")
    assert [p.label for p in nested.parsed.rows["phase"]] == ["task A"]
    assert _values(nested)["task Aa"]["phase"] == "task A"
    assert _read("ts-ganttproject-parser__resource-with-vacation.gan").teams == {"John Doe": 1}
    # A task without predecessors stays where it was drawn.
    task = _values(_read("ts-ganttproject-parser__task-with-custom-properties.gan"))["task"]
    assert (task["constraint_type"], task["constraint_date"]) == ("snet", date(2024, 1, 4))


@pytest.mark.parametrize("name", sorted(p.name for p in GAN.glob("*.gan")))
def test_every_gan_file_imports_into_a_new_plan_and_schedules(tmp_path: Path, name: str) -> None:
    target = tmp_path / "new.relm"
    assert main(["import", str(target), str(GAN / name)]) == 0
    expected = len(_read(name).parsed.rows["task"])
    service = PlanService.open(target, readonly=True, source="test")
    try:
        data, result = service.schedule()
    finally:
        service.close()
    assert len(data.tasks) == expected
    assert set(result.tasks) == {t.id for t in data.tasks}


def test_the_house_schedule_follows_the_file(tmp_path: Path) -> None:
    target = tmp_path / "house.relm"
    assert main(["import", str(target), str(GAN / HOUSE)]) == 0
    service = PlanService.open(target, readonly=True, source="test")
    try:
        data, result = service.schedule()
    finally:
        service.close()
    start = {t.name: result.tasks[t.id].start for t in data.tasks}
    # As GanttProject drew it: the draft from 27 May 2024, documents after its 10 days.
    assert start["Create draft of architecture"] == date(2024, 5, 27)
    assert start["Prepare construction documents"] == date(2024, 6, 10)
    assert start["Foundation building"] == date(2024, 7, 1)
