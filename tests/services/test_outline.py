"""Outline editing services: indent, outdent, moves, copy/paste, releases and phases (no Qt)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from relm_desktop.domain.audit import ChangeRecord
from relm_desktop.domain.enums import ReleaseKind
from relm_desktop.services.edits import EditError
from relm_desktop.services.plan import PlanService

Places = dict[int, tuple[int, int | None, int | None, int]]


def places(plan: PlanService) -> Places:
    data = plan.load()
    return {t.id: (t.release_id, t.phase_id, t.parent_id, t.position) for t in data.tasks}


def links(plan: PlanService) -> set[tuple[int, int, int]]:
    return {(k.id, k.predecessor_id, k.successor_id) for k in plan.load().links}


def outline_of(plan: PlanService, release: int) -> list[tuple[str, int]]:
    """(name, depth) of the release's tasks in position order, checking the invariants."""
    data = plan.load()
    tasks = sorted((t for t in data.tasks if t.release_id == release), key=lambda t: t.position)
    assert [t.position for t in tasks] == list(range(len(tasks))), "positions are dense"
    by_id = {t.id: t for t in data.tasks}
    out = []
    seen: set[int] = set()
    for task in tasks:
        depth, up = 0, task.parent_id
        while up is not None:
            parent = by_id[up]
            assert parent.id in seen, "a summary comes before its descendants"
            assert (parent.release_id, parent.phase_id) == (task.release_id, task.phase_id)
            depth, up = depth + 1, parent.parent_id
        seen.add(task.id)
        out.append((task.name, depth))
    return out


@pytest.fixture
def shaped(plan: PlanService) -> dict[str, int]:
    """Release R1 (phases Build, Test) with A–E in Build and T1, T2 in Test; release R2 (Test)."""
    r1 = plan.create("release", {"name": "R1", "version": "1.0"}).ids[0]
    r2 = plan.create("release", {"name": "R2", "position": 1}).ids[0]
    build = plan.create("phase", {"release_id": r1, "name": "Build", "position": 0}).ids[0]
    test = plan.create("phase", {"release_id": r1, "name": "Test", "position": 1}).ids[0]
    test2 = plan.create("phase", {"release_id": r2, "name": "test", "position": 0}).ids[0]
    ids = {"R1": r1, "R2": r2, "Build": build, "Test": test, "Test2": test2}
    for name, phase in (("A", build), ("B", build), ("C", build), ("D", build), ("E", build)):
        ids[name] = plan.insert_task(None, {"release_id": r1, "phase_id": phase, "name": name}).ids[
            0
        ]
    for name in ("T1", "T2"):
        ids[name] = plan.insert_task(None, {"release_id": r1, "phase_id": test, "name": name}).ids[
            0
        ]
    ids["X"] = plan.insert_task(None, {"release_id": r2, "phase_id": test2, "name": "X"}).ids[0]
    plan.link(ids["B"], ids["C"])
    plan.link(ids["C"], ids["T1"])
    plan.link(ids["A"], ids["E"])
    return ids


def _undo_redo(plan: PlanService, edit: Any, before: Places, after: Places) -> None:
    """Undo gives back exactly ``before``, redo exactly ``after``."""
    plan.outline.undo(edit)
    assert places(plan) == before
    plan.outline.redo(edit)
    assert places(plan) == after


def test_indent_makes_the_task_above_a_summary_and_keeps_the_order(
    plan: PlanService, shaped: dict[str, int]
) -> None:
    before = places(plan)
    edit = plan.outline.indent([shaped["B"], shaped["C"]])
    assert outline_of(plan, shaped["R1"])[:5] == [("A", 0), ("B", 1), ("C", 1), ("D", 0), ("E", 0)]
    after = places(plan)
    assert after[shaped["B"]][2] == shaped["A"] and after[shaped["C"]][2] == shaped["A"]
    assert {i for i in before if before[i] != after[i]} == {shaped["B"], shaped["C"]}
    _undo_redo(plan, edit, before, after)
    # Again: C would go under B, the task above it at its level now, but B → C is a link
    # and a summary's dates come from its subtasks: refused, as MS Project does.
    with pytest.raises(EditError, match=r"'B' would become a summary of 'C'.*remove the link"):
        plan.outline.indent([shaped["C"]])
    assert places(plan) == after
    plan.outline.indent([shaped["D"]])  # D goes under A, after B and C
    assert outline_of(plan, shaped["R1"])[:4] == [("A", 0), ("B", 1), ("C", 1), ("D", 1)]


def test_indent_is_refused_for_the_first_task_of_a_level(
    plan: PlanService, shaped: dict[str, int]
) -> None:
    for first in ("A", "T1"):  # the first of its phase: a task of another phase is no sibling
        with pytest.raises(EditError, match=f"'{first}' has no task above it"):
            plan.outline.indent([shaped[first]])


def test_outdent_takes_the_following_siblings_as_children(
    plan: PlanService, shaped: dict[str, int]
) -> None:
    plan.outline.indent([shaped[n] for n in "BCD"])
    before = places(plan)
    edit = plan.outline.outdent([shaped["C"]])
    assert outline_of(plan, shaped["R1"])[:5] == [("A", 0), ("B", 1), ("C", 0), ("D", 1), ("E", 0)]
    assert places(plan)[shaped["D"]][2] == shaped["C"]
    _undo_redo(plan, edit, before, places(plan))
    with pytest.raises(EditError, match="'A' is already at the top level"):
        plan.outline.outdent([shaped["A"]])


def test_move_up_and_down_swap_whole_subtrees(plan: PlanService, shaped: dict[str, int]) -> None:
    plan.outline.indent([shaped["D"]])  # C{D}
    before = places(plan)
    edit = plan.outline.move_up([shaped["C"]])
    assert [n for n, _ in outline_of(plan, shaped["R1"])[:5]] == ["A", "C", "D", "B", "E"]
    _undo_redo(plan, edit, before, places(plan))
    plan.outline.move_down([shaped["C"]])  # back below B
    plan.outline.move_down([shaped["C"]])  # below E
    assert outline_of(plan, shaped["R1"])[:5] == [("A", 0), ("B", 0), ("E", 0), ("C", 0), ("D", 1)]
    with pytest.raises(EditError, match="'C' is already last at its level"):
        plan.outline.move_down([shaped["C"]])


def test_a_block_of_selected_tasks_moves_together(
    plan: PlanService, shaped: dict[str, int]
) -> None:
    plan.outline.move_up([shaped["C"], shaped["D"]])
    assert [n for n, _ in outline_of(plan, shaped["R1"])[:5]] == ["A", "C", "D", "B", "E"]
    plan.outline.move_up([shaped["C"], shaped["D"]])
    assert [n for n, _ in outline_of(plan, shaped["R1"])[:5]] == ["C", "D", "A", "B", "E"]
    with pytest.raises(EditError, match="already first"):
        plan.outline.move_up([shaped["C"], shaped["D"]])


def test_moving_before_a_task_of_another_phase_takes_the_subtree_and_keeps_links(
    plan: PlanService, shaped: dict[str, int]
) -> None:
    plan.outline.indent([shaped["D"]])  # C{D}
    kept = links(plan)
    before = places(plan)
    edit = plan.outline.move_before([shaped["C"]], ("task", shaped["T2"]))
    assert outline_of(plan, shaped["R1"]) == [
        ("A", 0),
        ("B", 0),
        ("E", 0),
        ("T1", 0),
        ("C", 0),
        ("D", 1),
        ("T2", 0),
    ]
    now = places(plan)
    assert now[shaped["C"]][1] == shaped["Test"] and now[shaped["D"]][1] == shaped["Test"]
    assert links(plan) == kept
    _undo_redo(plan, edit, before, now)
    with pytest.raises(EditError, match="into itself"):
        plan.outline.move_before([shaped["C"]], ("task", shaped["D"]))


def test_moving_onto_a_phase_row_puts_the_tasks_first_in_it(
    plan: PlanService, shaped: dict[str, int]
) -> None:
    plan.outline.move_before([shaped["E"]], ("phase", shaped["Test"]))
    names = [n for n, _ in outline_of(plan, shaped["R1"])]
    assert names == ["A", "B", "C", "D", "E", "T1", "T2"]  # release order: still after D
    data = plan.load()
    test_tasks = sorted(
        (t for t in data.tasks if t.phase_id == shaped["Test"]), key=lambda t: t.position
    )
    assert [t.name for t in test_tasks] == ["E", "T1", "T2"]


def test_move_to_release_finds_the_phase_of_the_same_name_and_keeps_cross_links(
    plan: PlanService, shaped: dict[str, int]
) -> None:
    plan.outline.indent([shaped["T2"]])  # T1{T2}
    kept = links(plan)
    before = places(plan)
    edit = plan.outline.move_to_release([shaped["T1"]], shaped["R2"])
    assert outline_of(plan, shaped["R2"]) == [("X", 0), ("T1", 0), ("T2", 1)]
    assert places(plan)[shaped["T2"]][:3] == (shaped["R2"], shaped["Test2"], shaped["T1"])
    assert links(plan) == kept  # C → T1 now crosses releases
    _undo_redo(plan, edit, before, places(plan))
    plan.outline.move_to_phase([shaped["X"]], shaped["Build"])
    assert [n for n, _ in outline_of(plan, shaped["R1"])][5] == "X"


def test_paste_copies_the_subtree_and_the_links_inside_it_only(
    plan: PlanService, shaped: dict[str, int]
) -> None:
    plan.outline.indent([shaped["B"], shaped["C"]])  # A{B, C}
    copied = plan.outline.copy([shaped["A"], shaped["B"]])  # B is inside A: copied once
    assert len(copied) == 3 and copied.roots == (shaped["A"],)
    before, old_links = places(plan), links(plan)
    edit = plan.outline.paste(copied, ("task", shaped["T1"]))
    assert outline_of(plan, shaped["R1"]) == [
        ("A", 0),
        ("B", 1),
        ("C", 1),
        ("D", 0),
        ("E", 0),
        ("T1", 0),
        ("A", 0),
        ("B", 1),
        ("C", 1),
        ("T2", 0),
    ]
    new_ids = sorted(set(places(plan)) - set(before))
    assert len(new_ids) == 3 and all(places(plan)[i][1] == shaped["Test"] for i in new_ids)
    new_links = links(plan) - old_links
    _a, b, c = new_ids
    assert {(p, s) for _, p, s in new_links} == {(b, c)}  # not C → T1, A → E: they leave it
    after, after_links = places(plan), links(plan)
    plan.outline.undo(edit)
    assert places(plan) == before and links(plan) == old_links
    plan.outline.redo(edit)
    assert places(plan) == after and links(plan) == after_links  # same ids again


def test_duplicate_goes_right_after_the_last_selected_subtree(
    plan: PlanService, shaped: dict[str, int]
) -> None:
    edit = plan.outline.duplicate([shaped["B"], shaped["C"]])
    assert [n for n, _ in outline_of(plan, shaped["R1"])[:7]] == ["A", "B", "C", "B", "C", "D", "E"]
    assert edit.description == "Duplicate 2 tasks"
    b2, c2 = edit.selection
    assert (b2, c2) in {(p, s) for _, p, s in links(plan)}


def test_a_cut_pasted_moves_the_tasks_with_their_ids(
    plan: PlanService, shaped: dict[str, int]
) -> None:
    kept = links(plan)
    plan.outline.move_after([shaped["A"]], ("task", shaped["E"]))
    assert [n for n, _ in outline_of(plan, shaped["R1"])[:5]] == ["B", "C", "D", "E", "A"]
    assert links(plan) == kept
    plan.outline.move_after([shaped["B"]], ("release", shaped["R2"]))
    assert outline_of(plan, shaped["R2"]) == [("X", 0), ("B", 0)]


def test_new_phase_goes_after_the_given_phase_and_undo_puts_positions_back(
    plan: PlanService, shaped: dict[str, int]
) -> None:
    edit = plan.outline.new_phase(shaped["R1"], "Deploy", shaped["Build"])
    phases = sorted(
        (p for p in plan.load().phases if p.release_id == shaped["R1"]), key=lambda p: p.position
    )
    assert [p.name for p in phases] == ["Build", "Deploy", "Test"]
    plan.outline.undo(edit)
    phases = sorted(
        (p for p in plan.load().phases if p.release_id == shaped["R1"]), key=lambda p: p.position
    )
    assert [(p.name, p.position) for p in phases] == [("Build", 0), ("Test", 1)]
    plan.outline.redo(edit)
    assert edit.created["phase"][0]["id"] in {p.id for p in plan.load().phases}


def test_new_release_blank_or_from_a_template_takes_the_chosen_kind(plan: PlanService) -> None:
    blank = plan.outline.new_release(name="Payments", version="4.2", kind=ReleaseKind.PATCH)
    from_template = plan.outline.new_release(
        name="Mobile",
        kind=ReleaseKind.EMERGENCY,
        template="Standard minor release",
        start=date(2027, 1, 4),
    )
    data = plan.load()
    releases = {r.name: r for r in data.releases}
    assert releases["Payments"].release_kind is ReleaseKind.PATCH
    assert releases["Mobile"].release_kind is ReleaseKind.EMERGENCY
    assert [r.position for r in data.releases] == [0, 1]
    mobile = releases["Mobile"].id
    assert any(t.release_id == mobile for t in data.tasks)
    assert blank.parts[-1].ids == (releases["Payments"].id,)
    assert from_template.parts[-1].ids == (mobile,)


def test_delete_release_says_what_goes_and_comes_back_whole(
    plan: PlanService, shaped: dict[str, int]
) -> None:
    # A summary with a lower id than its child's would not come back parent first by id.
    plan.outline.move_before([shaped["D"]], ("task", shaped["A"]))
    plan.outline.indent([shaped["A"]])  # D{A}: A's id is lower than its parent's
    plan.link(shaped["T2"], shaped["X"])  # a link to another release
    plan.create("risk", {"release_id": shaped["R1"], "title": "Late vendor"})
    plan.create("gate", {"release_id": shaped["R1"], "name": "CAB approved"})
    contents = plan.outline.release_contents(shaped["R1"])
    assert contents.question() == (
        "Delete 'R1 1.0' with 2 phases, 7 tasks, 4 links (1 to other releases), 1 risk and 1 gate?"
    )
    before, old_links = places(plan), links(plan)
    change = plan.outline.delete_release(shaped["R1"])
    assert set(places(plan)) == {shaped["X"]} and links(plan) == set()
    plan.outline.restore_release(change)
    assert places(plan) == before and links(plan) == old_links


def test_every_gesture_is_in_the_audit_trail(plan: PlanService, shaped: dict[str, int]) -> None:
    plan.outline.indent([shaped["B"]])
    edit = plan.outline.duplicate([shaped["D"]])
    with plan.as_source("undo"):
        plan.outline.undo(edit)
    with plan.store.reading() as session:
        rows = session.execute(select(ChangeRecord).order_by(ChangeRecord.id)).scalars().all()
        trail = [(r.action.value, r.entity, r.field, r.new) for r in rows]
    assert ("update", "task", "parent_id", str(shaped["A"])) in trail
    assert ("create", "task", "", None) in trail
    assert trail[-1][0] == "undo"


def test_a_hand_edited_file_with_a_parent_loop_still_indents(
    plan: PlanService, shaped: dict[str, int], tmp_path: Path
) -> None:
    from sqlalchemy import update

    from relm_desktop.domain.models import Task

    def loop(session: Any) -> None:
        session.execute(update(Task).where(Task.id == shaped["D"]).values(parent_id=shaped["E"]))
        session.execute(update(Task).where(Task.id == shaped["E"]).values(parent_id=shaped["D"]))

    plan.run(loop)
    plan.outline.indent([shaped["B"]])
    depth: dict[str, int] = defaultdict(int, outline_of(plan, shaped["R1"]))
    assert depth["B"] == 1 and depth["A"] == 0


def test_rows_an_edit_does_not_pass_keep_their_positions(
    plan: PlanService, shaped: dict[str, int]
) -> None:
    """Positions as a generated or imported plan has them (sparse): only what moved is written."""
    from sqlalchemy import update

    from relm_desktop.domain.models import Task

    def spread(session: Any) -> None:
        session.execute(update(Task).values(position=Task.position * 10 + 100))

    plan.run(spread)
    before = places(plan)
    edit = plan.outline.indent([shaped["B"]])
    assert set(edit.after) == {shaped["B"]}  # an indent moves no row
    edit = plan.outline.move_down([shaped["D"]])
    assert set(edit.after) == {shaped["D"], shaped["E"]}  # the two rows that swapped
    now = places(plan)
    assert (now[shaped["D"]][3], now[shaped["E"]][3]) == (
        before[shaped["E"]][3],
        before[shaped["D"]][3],
    )
