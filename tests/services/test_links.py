"""Links as MS Project users edit them: predecessor text, loops, autolink on delete.

Each edit is one transaction and so is its undo and its redo; links come
back with their ids. Qt-free.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event, func, select

from relm_desktop.domain.audit import ChangeRecord
from relm_desktop.domain.enums import DependencyType
from relm_desktop.services import links
from relm_desktop.services.edits import EditError
from relm_desktop.services.links import LinkSpec
from relm_desktop.services.plan import PlanService

FS, SS, FF = DependencyType.FS, DependencyType.SS, DependencyType.FF
CHAIN = ("Design", "Build", "Test", "Deploy", "Smoke test")


@contextmanager
def commits(plan: PlanService) -> Iterator[list[int]]:
    """Count the transactions committed on the plan's engine inside the block."""
    seen: list[int] = []

    def count(_connection: Any) -> None:
        seen.append(1)

    event.listen(plan.store.engine, "commit", count)
    try:
        yield seen
    finally:
        event.remove(plan.store.engine, "commit", count)


@pytest.fixture
def chain(plan: PlanService) -> dict[str, int]:
    """Five tasks linked finish-to-start in a row, plus a loose 'Docs' task."""
    release = plan.create("release", {"name": "R1"}).ids[0]
    ids = {
        name: plan.create("task", {"release_id": release, "name": name, "duration": 2}).ids[0]
        for name in (*CHAIN, "Docs")
    }
    for a, b in itertools.pairwise(CHAIN):
        plan.link(ids[a], ids[b])
    return ids


def incoming(plan: PlanService, task: int) -> set[tuple[int, DependencyType, int]]:
    return {(k.predecessor_id, k.type, k.lag) for k in plan.load().links if k.successor_id == task}


def link_rows(plan: PlanService) -> list[Any]:
    return sorted(plan.load().links)


def audit_count(plan: PlanService) -> int:
    with plan.store.reading() as session:
        return int(session.scalar(select(func.count()).select_from(ChangeRecord)) or 0)


# -- the notation ---------------------------------------------------------------------------------
def test_parse_links_reads_ms_project_notation() -> None:
    names = {3: "Build", 5: "Test", 7: "Deploy", 9: "Me"}
    assert links.parse_links("3FS+2d;5SS-1d", 9, names) == [
        LinkSpec(3, FS, 2),
        LinkSpec(5, SS, -1),
    ]
    assert links.parse_links(" 3 , 5SS - 1d ; 7FF+1 ", 9, names) == [
        LinkSpec(3, FS, 0),
        LinkSpec(5, SS, -1),
        LinkSpec(7, FF, 1),
    ]
    assert links.parse_links("3FS", 9, names) == [LinkSpec(3)]
    assert links.parse_links("", 9, names) == []
    assert links.format_links([LinkSpec(3), LinkSpec(5, SS, -1), LinkSpec(7, FF, 1)]) == (
        "3; 5SS-1d; 7FF+1d"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("42", "there is no task with ID 42"),
        ("9FS", "'Me' cannot be its own predecessor"),
        ("3XX", "'3XX' is not a predecessor"),
        ("3;3SS", "task 3 is listed twice"),
        ("A", "'A' is not a task ID"),
    ],
)
def test_parse_links_says_exactly_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(EditError) as refused:
        links.parse_links(text, 9, {3: "Build", 9: "Me"})
    assert message in str(refused.value)


# -- setting predecessors -------------------------------------------------------------------------
def test_set_predecessors_replaces_incoming_links_in_one_transaction(
    plan: PlanService, chain: dict[str, int]
) -> None:
    test, kept_link = (
        chain["Test"],
        next(k.id for k in plan.load().links if k.successor_id == chain["Test"]),
    )
    specs = [LinkSpec(chain["Build"], SS, 2), LinkSpec(chain["Docs"], FS, -1)]
    with commits(plan) as seen:
        edit = links.set_predecessors(plan, test, specs)
    assert len(seen) == 1
    assert incoming(plan, test) == {(chain["Build"], SS, 2), (chain["Docs"], FS, -1)}
    # The link from Build kept its row: changed in place, not deleted and made again.
    assert kept_link in {k.id for k in plan.load().links}
    assert edit.changes.ids("dependency") >= {kept_link}
    assert edit.changes.schedule


def test_undo_and_redo_of_set_predecessors_are_one_transaction_each_and_keep_ids(
    plan: PlanService, chain: dict[str, int]
) -> None:
    before = link_rows(plan)
    edit = links.set_predecessors(plan, chain["Deploy"], [LinkSpec(chain["Docs"], FF, 3)])
    after = link_rows(plan)
    with commits(plan) as seen:
        links.revert_task_edit(plan, edit)
    assert len(seen) == 1 and link_rows(plan) == before
    with commits(plan) as seen:
        links.redo_task_edit(plan, edit)
    assert len(seen) == 1 and link_rows(plan) == after


def test_unchanged_predecessors_write_nothing(plan: PlanService, chain: dict[str, int]) -> None:
    rows, audited = link_rows(plan), audit_count(plan)
    edit = links.set_predecessors(plan, chain["Test"], [LinkSpec(chain["Build"])])
    assert not edit.changes and edit.before is None
    assert link_rows(plan) == rows and audit_count(plan) == audited


def test_edit_task_changes_fields_and_links_together(
    plan: PlanService, chain: dict[str, int]
) -> None:
    task = chain["Docs"]
    with commits(plan) as seen:
        edit = links.edit_task(
            plan, task, {"name": "Docs v2", "notes": "n"}, [LinkSpec(chain["Design"])]
        )
    assert len(seen) == 1
    stored = next(t for t in plan.load().tasks if t.id == task)
    assert (stored.name, stored.notes) == ("Docs v2", "n")
    assert incoming(plan, task) == {(chain["Design"], FS, 0)}
    links.revert_task_edit(plan, edit)
    stored = next(t for t in plan.load().tasks if t.id == task)
    assert stored.name == "Docs" and not incoming(plan, task)


def test_a_loop_is_refused_naming_it_and_nothing_changes(
    plan: PlanService, chain: dict[str, int]
) -> None:
    rows = link_rows(plan)
    with commits(plan) as seen, pytest.raises(EditError) as refused:
        links.set_predecessors(plan, chain["Deploy"], [LinkSpec(chain["Smoke test"])])
    assert str(refused.value) == "Smoke test → Deploy → Smoke test would be a loop"
    assert not seen and link_rows(plan) == rows
    with pytest.raises(EditError) as refused:
        links.set_predecessors(
            plan, chain["Design"], [LinkSpec(chain["Docs"]), LinkSpec(chain["Test"])]
        )
    assert str(refused.value) == "Test → Design → Build → Test would be a loop"


def test_drag_to_link_names_the_loop(plan: PlanService, chain: dict[str, int]) -> None:
    with pytest.raises(EditError) as refused:
        plan.link(chain["Smoke test"], chain["Deploy"])
    assert str(refused.value) == "Smoke test → Deploy → Smoke test would be a loop"
    plan.link(chain["Docs"], chain["Design"])  # no loop: accepted


# -- deleting with autolink -----------------------------------------------------------------------
def test_deleting_a_middle_task_joins_its_chain_in_one_transaction(
    plan: PlanService, chain: dict[str, int]
) -> None:
    with commits(plan) as seen:
        deletion = links.delete_tasks(plan, [chain["Build"]])
    assert len(seen) == 1
    assert deletion.description == "Deleted 'Build'; linked 'Design' → 'Test' to keep the chain"
    assert incoming(plan, chain["Test"]) == {(chain["Design"], FS, 0)}
    assert chain["Build"] not in {t.id for t in plan.load().tasks}
    assert deletion.changes.ids("dependency") >= {r.id for r in deletion.joined}


def test_undo_of_an_autolinked_delete_restores_all_and_redo_keeps_ids(
    plan: PlanService, chain: dict[str, int]
) -> None:
    before = plan.load()
    deletion = links.delete_tasks(plan, [chain["Build"]])
    after = link_rows(plan)
    with commits(plan) as seen:
        links.restore_tasks(plan, deletion)
    assert len(seen) == 1
    restored = plan.load()
    assert sorted(restored.links) == sorted(before.links)
    assert sorted(restored.tasks) == sorted(before.tasks)
    with commits(plan) as seen:
        again = links.delete_tasks(plan, [chain["Build"]], joins=deletion.joined)
    assert len(seen) == 1 and link_rows(plan) == after and again.joined == deletion.joined


def test_autolink_skips_existing_pairs_other_types_and_the_chain_ends(
    plan: PlanService, chain: dict[str, int]
) -> None:
    plan.link(chain["Design"], chain["Test"], type=SS, lag=1)  # already linked
    assert links.delete_tasks(plan, [chain["Build"]]).joined == ()
    assert incoming(plan, chain["Test"]) == {(chain["Design"], SS, 1)}
    # The first task of a chain has no predecessor to join: nothing made.
    ends = links.delete_tasks(plan, [chain["Design"]])
    assert ends.joined == () and ends.description == "Deleted 'Design'"
    # An SS link is not a finish-to-start chain.
    other = links.set_predecessors(plan, chain["Smoke test"], [LinkSpec(chain["Deploy"], SS)])
    assert other.changes
    assert links.delete_tasks(plan, [chain["Deploy"]]).joined == ()


def test_deleting_consecutive_tasks_joins_across_them(
    plan: PlanService, chain: dict[str, int]
) -> None:
    deletion = links.delete_tasks(plan, [chain["Build"], chain["Test"]])
    assert [(r.predecessor, r.successor) for r in deletion.joined] == [
        (chain["Design"], chain["Deploy"])
    ]
    assert deletion.description.startswith("Deleted 2 tasks; linked 'Design' → 'Deploy'")


def test_autolink_closes_no_loop(plan: PlanService, chain: dict[str, int]) -> None:
    # On a plan without loops a join can never close one (it stands for a chain
    # that was there); a plan imported with a loop already (Test → Design, made
    # without the check) must not get a second one from autolink.
    plan.create("dependency", {"predecessor_id": chain["Test"], "successor_id": chain["Design"]})
    deletion = links.delete_tasks(plan, [chain["Build"]])
    assert deletion.joined == () and deletion.description == "Deleted 'Build'"
    assert incoming(plan, chain["Test"]) == set()
