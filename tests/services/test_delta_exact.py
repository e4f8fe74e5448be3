"""The plan patched after an edit is the plan read whole: every field, its type, its order.

``services.delta`` reads only the rows an edit names, the places of the tasks
in the releases they sit in, and the count and highest id of tasks and
links. These tests hold it to ``PlanService.load()`` field by field (a
``True`` where ``load`` gives ``1`` would pass ``==``, so records are
compared with their values' types), after the edits the GUI patches for
(paste, indent, outdent, moves, predecessor edits, their undo and redo), and
after edits whose changes name too little, which must read the plan whole.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from relm_desktop.domain.records import PlanData
from relm_desktop.scheduling.synthetic import random_plan
from relm_desktop.services import delta
from relm_desktop.services.bulk import write_schedule_input
from relm_desktop.services.changes import OpChanges
from relm_desktop.services.delta import refreshed
from relm_desktop.services.edits import EditError
from relm_desktop.services.links import LinkSpec, edit_task, revert_task_edit
from relm_desktop.services.outline_rows import OutlineEdit
from relm_desktop.services.plan import PlanService


@pytest.fixture
def plan(tmp_path: Path) -> Iterator[PlanService]:
    path = tmp_path / "exact.relm"
    generated = random_plan(400, seed=11, links_per_task=1.5, summaries=True)
    write_schedule_input(path, generated).close()
    service = PlanService.open(path)
    yield service
    service.close()


def typed(data: PlanData) -> dict[str, Any]:
    """Every field of ``data``; tasks and links as (type, value) per field, in order."""
    fields = {name: getattr(data, name) for name in data.__dataclass_fields__}
    for name in ("tasks", "links"):
        fields[name] = [(type(r), tuple((type(v), v) for v in r)) for r in fields[name]]
    return fields


def patched(plan: PlanService, before: PlanData, changes: OpChanges, *, whole: bool) -> PlanData:
    """``before`` patched with ``changes``: exactly the plan as stored, and read
    by a patch (``whole=False``) or whole (``whole=True``)."""
    loads = []
    load = plan.load

    def counted() -> PlanData:
        loads.append(1)
        return load()

    plan.load = counted  # type: ignore[method-assign]
    try:
        after = refreshed(plan, before, changes)
    finally:
        del plan.load
    assert typed(after) == typed(plan.load())
    assert len(loads) == (1 if whole else 0), "read whole" if loads else "patched"
    return after


def indented(plan: PlanService, ids: list[int]) -> OutlineEdit:
    for ident in ids:
        try:
            return plan.outline.indent([ident])
        except EditError:  # linked with the task above it
            continue
    raise AssertionError("no task could be indented")


def test_a_paste_of_a_subtree_with_links_its_undo_and_redo(plan: PlanService) -> None:
    data = plan.load()
    release = data.tasks[0].release_id
    ids = [t.id for t in data.tasks if t.release_id == release]
    indented(plan, ids[10:])  # a subtree in the copy
    data = plan.load()
    copied = plan.outline.copy(ids[5:40])
    assert copied.links and any(t["parent_id"] is not None for t in copied.tasks)
    paste = plan.outline.paste(copied, ("task", ids[50]))
    count = len(data.tasks)
    data = patched(plan, data, paste.changes, whole=False)
    assert len(data.tasks) == count + len(copied)
    plan.outline.undo(paste)
    data = patched(plan, data, paste.changes, whole=False)
    plan.outline.redo(paste)
    patched(plan, data, paste.changes, whole=False)


def test_a_paste_after_a_release_row_lands_last_in_it(plan: PlanService) -> None:
    data = plan.load()
    ids = [t.id for t in data.tasks]
    copied = plan.outline.copy(ids[5:25])
    paste = plan.outline.paste(copied, ("release", data.releases[0].id))
    patched(plan, data, paste.changes, whole=False)


def test_indent_outdent_and_moves_between_releases(plan: PlanService) -> None:
    data = plan.load()
    ids = [t.id for t in data.tasks]
    indent = indented(plan, ids[150:])
    data = patched(plan, data, indent.changes, whole=False)
    outdent = plan.outline.outdent(list(indent.selection))
    data = patched(plan, data, outdent.changes, whole=False)
    target = next(r.id for r in data.releases if r.id != data.tasks[40].release_id)
    move = plan.outline.move_to_release([data.tasks[40].id], target)
    data = patched(plan, data, move.changes, whole=False)
    plan.outline.undo(move)
    data = patched(plan, data, move.changes, whole=False)
    down = plan.outline.move_down([data.tasks[60].id])
    patched(plan, data, down.changes, whole=False)


def test_a_predecessor_edit_its_undo_and_a_field_edit(plan: PlanService) -> None:
    data = plan.load()
    ids = [t.id for t in data.tasks]
    edit = edit_task(plan, ids[300], None, [LinkSpec(ids[3]), LinkSpec(ids[9], lag=2)])
    data = patched(plan, data, edit.changes, whole=False)
    data = patched(plan, data, revert_task_edit(plan, edit), whole=False)
    renamed = edit_task(plan, ids[12], {"name": "Renamed", "duration": 9})
    data = patched(plan, data, renamed.changes, whole=False)
    assert data.tasks[12].name == "Renamed"


def test_a_link_to_an_older_task_keeps_links_in_id_order(plan: PlanService) -> None:
    """A redo puts links back under their old ids, amid the others."""
    data = plan.load()
    edit = edit_task(plan, data.links[len(data.links) // 2].successor_id, None, [])
    assert edit.changes.ids("dependency")
    data = patched(plan, data, edit.changes, whole=False)
    patched(plan, data, revert_task_edit(plan, edit), whole=False)


def test_an_inserted_task_renumbers_its_release_unnamed(plan: PlanService) -> None:
    data = plan.load()
    change = plan.insert_task(data.tasks[7].id, {"name": "Inserted", "duration": 3})
    after = patched(plan, data, change.changes, whole=False)
    assert after.tasks[8].id == change.ids[0]


def run_sql(plan: PlanService, sql: str, **values: object) -> None:
    with plan.store.transaction("test") as session:
        session.execute(text(sql), values)


def test_a_task_moved_to_another_release_unnamed_reads_the_plan_whole(plan: PlanService) -> None:
    data = plan.load()
    named, moved = data.tasks[0], next(t for t in data.tasks[1:] if t.parent_id is None)
    other = next(r.id for r in data.releases if r.id != named.release_id)
    moved = next(
        t
        for t in data.tasks
        if t.release_id == named.release_id
        and t.id != named.id
        and t.parent_id is None
        and not any(c.parent_id == t.id for c in data.tasks)
    )
    run_sql(plan, "UPDATE task SET name = 'Named' WHERE id = :i", i=named.id)
    run_sql(
        plan, "UPDATE task SET release_id = :r, phase_id = NULL WHERE id = :i", r=other, i=moved.id
    )
    patched(plan, data, OpChanges.of(updated={"task": [named.id]}), whole=True)


def test_a_task_made_unnamed_reads_the_plan_whole(plan: PlanService) -> None:
    data = plan.load()
    first = data.tasks[0]
    run_sql(
        plan,
        "INSERT INTO task (release_id, name, wbs, position, duration, percent_complete,"
        " is_golive, notes, outside_day_end) VALUES (:r, 'Unnamed', '', 99999, 1, 0, 0, '', 0)",
        r=data.releases[-1].id,
    )
    run_sql(plan, "UPDATE task SET duration = 2 WHERE id = :i", i=first.id)
    patched(plan, data, OpChanges.of(updated={"task": [first.id]}), whole=True)


def test_a_link_made_unnamed_reads_the_plan_whole(plan: PlanService) -> None:
    data = plan.load()
    first, last = data.tasks[0].id, data.tasks[-1].id
    plan.link(first, last)
    patched(plan, data, OpChanges.of(updated={"task": [last]}), whole=True)


def test_a_task_deleted_with_its_links_unnamed_reads_the_plan_whole(plan: PlanService) -> None:
    data = plan.load()
    linked = data.links[0].successor_id
    plan.delete("task", [linked])
    patched(plan, data, OpChanges.of(deleted={"task": [linked]}), whole=True)


def test_an_sqlite_without_json_each_reads_the_plan_whole(
    plan: PlanService, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = plan.load()
    edit = edit_task(plan, data.tasks[30].id, {"name": "Edited"})
    delta._by_ids.cache_clear()
    monkeypatch.setattr(delta, "func", _NoJson())
    try:
        patched(plan, data, edit.changes, whole=True)
    finally:
        delta._by_ids.cache_clear()


class _NoJson:
    """``sqlalchemy.func`` as seen by an SQLite lacking JSON functions."""

    def __getattr__(self, name: str) -> Any:
        from sqlalchemy import func

        return getattr(func, "no_such_function" if name == "json_each" else name)


def test_a_link_swapped_for_another_unnamed_reads_the_plan_whole(plan: PlanService) -> None:
    """As many links as before, one gone and one come: the highest id tells."""
    data = plan.load()
    gone = data.links[0]
    named = data.tasks[0].id
    run_sql(plan, "DELETE FROM dependency WHERE id = :i", i=gone.id)
    run_sql(
        plan,
        "INSERT INTO dependency (predecessor_id, successor_id, type, lag) VALUES (:p, :s, :t, 0)",
        p=gone.predecessor_id,
        s=gone.successor_id,
        t=gone.type.value,
    )
    run_sql(plan, "UPDATE task SET duration = duration + 1 WHERE id = :i", i=named)
    patched(plan, data, OpChanges.of(updated={"task": [named]}), whole=True)
