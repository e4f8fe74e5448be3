"""The plan patched with an edit's rows equals the plan read again whole (services.delta)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from relm_desktop.domain.records import PlanData
from relm_desktop.scheduling.synthetic import random_plan
from relm_desktop.services.bulk import write_schedule_input
from relm_desktop.services.changes import EVERYTHING, OpChanges
from relm_desktop.services.delta import patchable, refreshed
from relm_desktop.services.edits import EditError
from relm_desktop.services.links import LinkSpec, edit_task, revert_task_edit
from relm_desktop.services.outline_rows import OutlineEdit
from relm_desktop.services.plan import PlanService


@pytest.fixture
def plan(tmp_path: Path) -> Iterator[PlanService]:
    path = tmp_path / "delta.relm"
    write_schedule_input(path, random_plan(240, seed=3, links_per_task=1.5)).close()
    service = PlanService.open(path)
    yield service
    service.close()


def first_indent(plan: PlanService, ids: list[int]) -> OutlineEdit:
    """Indent the first of ``ids`` that may be (one linked to the task above may not)."""
    for ident in ids:
        try:
            return plan.outline.indent([ident])
        except EditError:
            continue
    raise AssertionError("no task could be indented")


def check(plan: PlanService, before: PlanData, changes: OpChanges) -> PlanData:
    """The patch of ``before`` is the plan as stored, row for row and in load order."""
    after = plan.load()
    assert refreshed(plan, before, changes) == after
    return after


def test_outline_gestures_and_their_undo_patch_to_the_stored_plan(plan: PlanService) -> None:
    data = plan.load()
    ids = [t.id for t in data.tasks]
    indent = first_indent(plan, ids[40:])
    assert patchable(indent.changes)
    data = check(plan, data, indent.changes)
    copied = plan.outline.copy(ids[10:60])
    paste = plan.outline.paste(copied, ("task", ids[120]))
    data = check(plan, data, paste.changes)
    plan.outline.undo(paste)
    data = check(plan, data, paste.changes)
    plan.outline.redo(paste)
    check(plan, data, paste.changes)


def test_a_predecessor_edit_and_its_undo(plan: PlanService) -> None:
    data = plan.load()
    ids = [t.id for t in data.tasks]
    edit = edit_task(plan, ids[90], None, [LinkSpec(ids[3]), LinkSpec(ids[7], lag=2)])
    data = check(plan, data, edit.changes)
    check(plan, data, revert_task_edit(plan, edit))


def test_positions_shifted_but_not_named_are_read_too(plan: PlanService) -> None:
    """An inserted task names only itself; the tasks after it moved down one."""
    data = plan.load()
    anchor = data.tasks[5].id
    change = plan.insert_task(anchor, {"name": "Inserted", "duration": 3})
    assert change.changes.ids("task") == frozenset(change.ids)
    after = check(plan, data, change.changes)
    assert [t.id for t in after.tasks][6] == change.ids[0]


def test_a_deletion_that_names_too_little_reads_the_plan_whole(plan: PlanService) -> None:
    """Links going with a task unnamed (a service under-reporting): never a half patch."""
    data = plan.load()
    linked = data.links[0].successor_id
    plan.delete("task", [linked])
    check(plan, data, OpChanges.of(deleted={"task": [linked]}))


def test_other_tables_and_unknown_extents_read_the_plan_whole(plan: PlanService) -> None:
    data = plan.load()
    release = data.releases[0].id
    renamed = plan.update("release", release, {"name": "Renamed"}).changes
    assert not patchable(renamed) and not patchable(EVERYTHING)
    after = check(plan, data, renamed)
    assert after.releases[0].name == "Renamed"


def test_a_link_made_but_not_named_reads_the_plan_whole(plan: PlanService) -> None:
    data = plan.load()
    first, last = data.tasks[0].id, data.tasks[-1].id
    plan.link(first, last)
    check(plan, data, OpChanges.of(updated={"task": [last]}))
