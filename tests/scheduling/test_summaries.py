"""Summary tasks in the scheduler: dates roll up; links on summaries bind all their work."""

from __future__ import annotations

from datetime import date

from relm_desktop.domain.enums import ConstraintType, DependencyType
from relm_desktop.scheduling import schedule
from relm_desktop.scheduling.calendar import WorkCalendar
from relm_desktop.scheduling.model import LinkInput, ScheduleInput, TaskInput

MONDAY = date(2026, 1, 5)
FS, SS, FF = DependencyType.FS, DependencyType.SS, DependencyType.FF


def task(
    ident: int, name: str, duration: int, parent: int | None = None, **kw: object
) -> TaskInput:
    return TaskInput(ident, 1, name, duration, parent_id=parent, **kw)  # type: ignore[arg-type]


def link(ident: int, pred: int, succ: int, kind: DependencyType = FS, lag: int = 0) -> LinkInput:
    return LinkInput(ident, pred, succ, kind, lag)


def run(tasks: tuple[TaskInput, ...], links: tuple[LinkInput, ...] = ()):  # type: ignore[no-untyped-def]
    return schedule(ScheduleInput(MONDAY, WorkCalendar(), tasks, links))


def test_a_summary_spans_its_children_to_any_depth() -> None:
    result = run(
        (
            task(1, "Build", 0),
            task(2, "Backend", 0, 1),
            task(3, "API", 3, 2),
            task(4, "DB", 2, 2),
            task(5, "Frontend", 4, 1),
        ),
        (link(1, 3, 5),),  # API → Frontend
    )
    api, db, frontend = result.tasks[3], result.tasks[4], result.tasks[5]
    assert (api.start, api.finish) == (date(2026, 1, 5), date(2026, 1, 7))
    assert (frontend.start, frontend.finish) == (date(2026, 1, 8), date(2026, 1, 13))
    backend, build = result.tasks[2], result.tasks[1]
    assert (backend.start, backend.finish) == (api.start, api.finish)
    assert (build.start, build.finish) == (date(2026, 1, 5), date(2026, 1, 13))
    assert db.total_float == 5 and build.critical and not result.tasks[4].critical
    # No synthetic node leaks out.
    assert set(result.tasks) == {1, 2, 3, 4, 5}
    assert set(result.critical_path) <= {1, 2, 3, 4, 5}


def test_a_link_into_a_summary_holds_back_all_its_work() -> None:
    result = run(
        (task(1, "Design", 3), task(2, "Build", 0), task(3, "API", 2, 2), task(4, "UI", 1, 2)),
        (link(1, 1, 2),),
    )
    assert result.tasks[3].start == result.tasks[4].start == date(2026, 1, 8)
    assert result.tasks[2].start == date(2026, 1, 8)


def test_a_link_out_of_a_summary_waits_for_all_its_work() -> None:
    result = run(
        (task(1, "Build", 0), task(2, "API", 2, 1), task(3, "UI", 5, 1), task(4, "Deploy", 1)),
        (link(1, 1, 4),),
    )
    assert result.tasks[1].finish == date(2026, 1, 9)
    assert result.tasks[4].start == date(2026, 1, 12)
    assert result.critical_path == (3, 4)


def test_start_to_start_from_a_summary_and_a_lag() -> None:
    result = run(
        (task(1, "Build", 0), task(2, "API", 2, 1), task(3, "Docs", 2)),
        (link(1, 1, 3, SS, 1),),
    )
    assert result.tasks[3].start == date(2026, 1, 6)


def test_finish_no_later_than_on_a_summary_is_its_deadline() -> None:
    result = run(
        (
            task(
                1,
                "Build",
                0,
                None,
                constraint=ConstraintType.FINISH_NO_LATER_THAN,
                constraint_date=date(2026, 1, 6),
            ),
            task(2, "API", 5, 1),
        )
    )
    assert result.tasks[2].finish == date(2026, 1, 9)
    assert any("Build" in c.message for c in result.conflicts)


def test_a_link_from_a_task_to_its_own_summary_is_a_cycle_named_by_the_summary() -> None:
    result = run(
        (task(1, "Build", 0), task(2, "API", 2, 1)),
        (link(1, 2, 1),),
    )
    assert result.cycles == ((2, 1),) or result.cycles == ((1, 2),)
    assert all(i in (1, 2) for c in result.conflicts for i in c.task_ids)


def test_a_parent_loop_in_a_hand_edited_file_still_schedules() -> None:
    result = run((task(1, "A", 2, 2), task(2, "B", 3, 1), task(3, "C", 1, 1)))
    assert set(result.tasks) == {1, 2, 3}
