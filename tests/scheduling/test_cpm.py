"""The critical path method: dates, milestones, constraints, floats, critical path, cycles.

Dates below are worked by hand on a Monday–Friday calendar from Monday
2027-01-04; the FS/SS/milestone cases were also checked against tj3 3.7.1
(the "tj3:" notes quote its reported Start/End).
"""

from __future__ import annotations

from datetime import date

import pytest

from relm_desktop.domain.enums import ConstraintType, DependencyType
from relm_desktop.scheduling import (
    ConflictKind,
    LinkInput,
    ReleaseInput,
    ScheduleInput,
    ScheduleResult,
    TaskInput,
    WorkCalendar,
    schedule,
)

START = date(2027, 1, 4)  # Monday
EPIPHANY = date(2027, 1, 6)


def task(task_id: int, duration: int, **kw: object) -> TaskInput:
    return TaskInput(task_id, kw.pop("release", 1), f"T{task_id}", duration, **kw)  # type: ignore[arg-type]


def link(p: int, s: int, kind: str = "FS", lag: int = 0) -> LinkInput:
    return LinkInput(p * 1000 + s, p, s, DependencyType(kind), lag)


def run(
    tasks: list[TaskInput],
    links: list[LinkInput] = (),  # type: ignore[assignment]
    *,
    holidays: frozenset[date] = frozenset(),
    start: date = START,
    releases: tuple[ReleaseInput, ...] = (),
) -> ScheduleResult:
    data = ScheduleInput(
        project_start=start,
        calendar=WorkCalendar(holidays=holidays),
        tasks=tuple(tasks),
        links=tuple(links),
        releases=releases,
    )
    return schedule(data)


def days(result: ScheduleResult, task_id: int) -> tuple[date, date]:
    s = result.tasks[task_id]
    return s.start, s.finish


def test_fs_chain_with_milestone_and_holiday() -> None:
    # tj3: t1 Jan 4 00:00–Jan 7 17:00, t2 Jan 7 17:00–Jan 11 17:00, m1 Jan 11 17:00,
    # t3 Jan 11 17:00–Jan 12 17:00.
    r = run(
        [task(1, 3), task(2, 2), task(3, 0), task(4, 1)],
        [link(1, 2), link(2, 3), link(3, 4)],
        holidays=frozenset({EPIPHANY}),
    )
    assert days(r, 1) == (date(2027, 1, 4), date(2027, 1, 7))
    assert days(r, 2) == (date(2027, 1, 8), date(2027, 1, 11))
    assert days(r, 3) == (date(2027, 1, 11), date(2027, 1, 11))  # on its predecessor's last day
    assert days(r, 4) == (date(2027, 1, 12), date(2027, 1, 12))
    assert r.finish == date(2027, 1, 12)
    assert r.critical_path == (1, 2, 3, 4)


def test_ss_with_lag_and_milestones_after_it() -> None:
    # tj3: t4 (SS+2 on t1) Jan 5 17:00–Jan 7 17:00; a milestone SS+2 on t1 sits on
    # Jan 5 17:00; a milestone SS+0 on t4 sits on Jan 5 17:00 too.
    r = run(
        [task(1, 3), task(2, 1), task(3, 0), task(4, 0)],
        [link(1, 2, "SS", 2), link(1, 3, "SS", 2), link(2, 4, "SS")],
        holidays=frozenset({EPIPHANY}),
    )
    assert days(r, 2) == (date(2027, 1, 7), date(2027, 1, 7))
    assert days(r, 3) == (date(2027, 1, 5), date(2027, 1, 5))
    assert days(r, 4) == (date(2027, 1, 5), date(2027, 1, 5))


def test_fs_with_lag() -> None:
    # tj3: depends t1 { gaplength 1d } after t1 ending Jan 7 → Jan 8 17:00, i.e. Jan 11.
    r = run([task(1, 3), task(2, 1)], [link(1, 2, "FS", 1)], holidays=frozenset({EPIPHANY}))
    assert days(r, 2) == (date(2027, 1, 11), date(2027, 1, 11))
    # A milestone FS+2 after t1 sits at the end of Jan 11 (tj3: "2027-01-11 17:00").
    r = run([task(1, 3), task(2, 0)], [link(1, 2, "FS", 2)], holidays=frozenset({EPIPHANY}))
    assert days(r, 2) == (date(2027, 1, 11), date(2027, 1, 11))


def test_milestone_without_predecessor_sits_on_project_start() -> None:
    r = run([task(1, 0), task(2, 2)])
    assert days(r, 1) == (START, START)
    assert days(r, 2) == (START, date(2027, 1, 5))


def test_snet_milestone_and_its_successors() -> None:
    snet = {"constraint": ConstraintType.START_NO_EARLIER_THAN}
    r = run(
        [
            task(1, 0, constraint_date=date(2027, 1, 13), **snet),
            task(2, 0),
            task(3, 0),
            task(4, 1),
        ],
        [link(1, 2), link(1, 3, "FS", 1), link(3, 4)],
    )
    # tj3: SNET milestone Jan 13 00:00; FS+0 milestone on it Jan 13 00:00 (start of
    # day: not pulled back to the 12th); FS+1 milestone Jan 13 17:00; its
    # successor starts on the next working day.
    assert days(r, 1) == (date(2027, 1, 13),) * 2
    assert days(r, 2) == (date(2027, 1, 13),) * 2
    assert days(r, 3) == (date(2027, 1, 13),) * 2
    assert days(r, 4) == (date(2027, 1, 14),) * 2


def test_finish_anchored_milestone_on_friday_then_monday() -> None:
    # A 5-day task Mon–Fri; the milestone after it is on Friday; its FS successor Monday.
    r = run([task(1, 5), task(2, 0), task(3, 2)], [link(1, 2), link(2, 3)])
    assert days(r, 2) == (date(2027, 1, 8),) * 2
    assert days(r, 3) == (date(2027, 1, 11), date(2027, 1, 12))


def test_start_anchor_wins_a_tie() -> None:
    # Boundary Jan 11 reached both as "end of Fri Jan 8" (FS after a 5-day task) and
    # "start of Mon Jan 11" (SNET): the later instant, Monday, wins.
    snet = {"constraint": ConstraintType.START_NO_EARLIER_THAN}
    r = run([task(1, 5), task(2, 0, constraint_date=date(2027, 1, 11), **snet)], [link(1, 2)])
    assert days(r, 2) == (date(2027, 1, 11),) * 2


def test_snet_on_weekend_moves_to_monday() -> None:
    snet = {"constraint": ConstraintType.START_NO_EARLIER_THAN}
    r = run([task(1, 2, constraint_date=date(2027, 1, 9), **snet)])
    assert days(r, 1) == (date(2027, 1, 11), date(2027, 1, 12))


def test_project_start_on_saturday() -> None:
    r = run([task(1, 0), task(2, 1)], start=date(2027, 1, 2))
    assert days(r, 1) == (START, START)
    assert days(r, 2) == (START, START)


def test_release_start_is_a_floor() -> None:
    releases = (ReleaseInput(1, "R1"), ReleaseInput(2, "R2", start=date(2027, 1, 18)))
    r = run([task(1, 2), task(2, 2, release=2), task(3, 1, release=2)], [link(1, 3)],
            releases=releases)  # fmt: skip
    assert days(r, 2) == (date(2027, 1, 18), date(2027, 1, 19))
    assert days(r, 3) == (date(2027, 1, 18), date(2027, 1, 18))


def test_total_and_free_float() -> None:
    # X(2) → Y(1) → Z(1) and W(5) → Z: Z waits for W.
    r = run(
        [task(1, 2), task(2, 1), task(3, 1), task(4, 5)],
        [link(1, 2), link(2, 3), link(4, 3)],
    )
    x, y, z, w = (r.tasks[i] for i in (1, 2, 3, 4))
    assert (x.total_float, x.free_float) == (2, 0)
    assert (y.total_float, y.free_float) == (2, 2)
    assert (z.total_float, w.total_float) == (0, 0)
    assert y.late_start == date(2027, 1, 8) and y.late_finish == date(2027, 1, 8)
    assert x.late_start == date(2027, 1, 6) and x.late_finish == date(2027, 1, 7)
    assert not x.critical and w.critical and z.critical
    assert r.critical_path == (4, 3)


def test_parallel_task_float_against_plan_finish() -> None:
    r = run([task(1, 5), task(2, 2)])
    assert r.tasks[2].total_float == 3 and r.tasks[2].free_float == 3
    assert r.critical_path == (1,)


def test_critical_path_tie_break_is_lowest_id() -> None:
    r = run([task(5, 3), task(3, 3), task(4, 1), task(2, 2)], [link(4, 5), link(2, 3)])
    # 4(1) → 5(3) takes 4 days, 2(2) → 3(3) takes 5: the path ends at 3.
    assert r.critical_path == (2, 3)
    r = run([task(5, 2), task(3, 2)])
    assert r.critical_path == (3,)


def test_must_start_on_holds_and_reports_conflict() -> None:
    mso = {"constraint": ConstraintType.MUST_START_ON}
    r = run([task(1, 5), task(2, 1, constraint_date=date(2027, 1, 6), **mso)], [link(1, 2)])
    assert days(r, 2) == (date(2027, 1, 6),) * 2
    (conflict,) = r.conflicts
    assert conflict.kind == ConflictKind.CONSTRAINT and conflict.task_ids == (2,)
    assert "'T2' must start on 2027-01-06" in conflict.message
    assert "2027-01-11 at the earliest" in conflict.message
    # The predecessor cannot make it: negative float, critical.
    assert r.tasks[1].total_float == -3 and r.tasks[1].critical


def test_must_start_on_later_than_links_allow() -> None:
    mso = {"constraint": ConstraintType.MUST_START_ON}
    r = run([task(1, 2), task(2, 1, constraint_date=date(2027, 1, 13), **mso)], [link(1, 2)])
    assert days(r, 2) == (date(2027, 1, 13),) * 2
    assert not r.conflicts
    assert r.tasks[2].total_float == 0  # pinned both ways


def test_finish_no_later_than() -> None:
    fnlt = {"constraint": ConstraintType.FINISH_NO_LATER_THAN}
    r = run([task(1, 5, constraint_date=date(2027, 1, 6), **fnlt)])
    assert days(r, 1) == (START, date(2027, 1, 8))  # not moved
    (conflict,) = r.conflicts
    assert conflict.kind == ConflictKind.CONSTRAINT
    assert "no later than 2027-01-06" in conflict.message and "2027-01-08" in conflict.message
    assert r.tasks[1].late_finish == date(2027, 1, 6) and r.tasks[1].total_float == -2
    ok = run([task(1, 2, constraint_date=date(2027, 1, 8), **fnlt), task(2, 5)])
    assert not ok.conflicts and ok.tasks[1].total_float == 3


def test_actual_start_pins_without_conflict() -> None:
    r = run([task(1, 5), task(2, 2, actual_start=date(2027, 1, 5))], [link(1, 2)])
    assert days(r, 2) == (date(2027, 1, 5), date(2027, 1, 6))
    assert not r.conflicts


def test_cycle_reported_and_rest_scheduled() -> None:
    r = run(
        [task(1, 1), task(2, 2), task(3, 3), task(4, 1), task(5, 1)],
        [link(1, 2), link(2, 3), link(3, 1), link(3, 4), link(5, 5)],
    )
    assert r.cycles == ((1, 2, 3), (5,)) or r.cycles == ((5,), (1, 2, 3))
    cycles = [c for c in r.conflicts if c.kind == ConflictKind.CYCLE]
    assert len(cycles) == 2
    ring = next(c for c in cycles if len(c.task_ids) == 3)
    assert ring.message.startswith("Dependency cycle 'T1' → 'T2' → 'T3' → 'T1'")
    # The links inside the cycle are ignored; 3 → 4 is outside it and still holds.
    assert days(r, 1) == (START, START)
    assert days(r, 3) == (START, date(2027, 1, 6))
    assert days(r, 4) == (date(2027, 1, 7),) * 2


def test_cycle_downstream_of_the_plan_and_out_of_order_tasks() -> None:
    # Tasks listed out of order and a cycle 3 ↔ 4 fed by 1.
    r = run(
        [task(4, 1), task(3, 2), task(2, 1), task(1, 2)],
        [link(1, 3), link(3, 4), link(4, 3), link(1, 2)],
    )
    assert r.cycles == ((3, 4),)
    assert days(r, 3) == (date(2027, 1, 6), date(2027, 1, 7))
    assert days(r, 2) == (date(2027, 1, 6),) * 2


def test_order_of_tasks_does_not_matter() -> None:
    tasks = [task(1, 3), task(2, 2), task(3, 0), task(4, 4)]
    links = [link(1, 2), link(2, 3, "SS", 1), link(1, 4, "FS", 2)]
    a = run(tasks, links)
    b = run(tasks[::-1], links[::-1])
    assert a.tasks == b.tasks and a.critical_path == b.critical_path


def test_unknown_link_ends_are_ignored() -> None:
    r = run([task(1, 2)], [link(1, 99), link(98, 1)])
    assert days(r, 1) == (START, date(2027, 1, 5))


def test_plain_string_link_type_is_accepted() -> None:
    r = run([task(1, 3), task(2, 1)], [LinkInput(1, 1, 2, "SS", 1)])  # type: ignore[arg-type]
    assert days(r, 2) == (date(2027, 1, 5),) * 2


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError, match="unique"):
        run([task(1, 1), task(1, 2)])
    with pytest.raises(ValueError, match="negative duration"):
        run([task(1, -1)])


def test_empty_plan() -> None:
    r = run([])
    assert r.tasks == {} and r.critical_path == () and r.finish is None and not r.conflicts


def test_release_golive_from_golive_task_or_last_finish() -> None:
    releases = (
        ReleaseInput(1, "R1", golive_task_id=2),
        ReleaseInput(2, "R2"),
    )
    r = run(
        [task(1, 3), task(2, 0), task(3, 4), task(4, 2, release=2), task(5, 6, release=2)],
        [link(1, 2)],
        releases=releases,
    )
    assert r.release_golive == {1: date(2027, 1, 6), 2: date(2027, 1, 11)}


def test_plan_before_the_calendar_origin() -> None:
    # Working-day indices are negative before 2000: same arithmetic.
    r = run([task(1, 3), task(2, 0), task(3, 2)], [link(1, 2), link(2, 3)],
            start=date(1999, 12, 29))  # fmt: skip
    assert days(r, 1) == (date(1999, 12, 29), date(1999, 12, 31))
    assert days(r, 2) == (date(1999, 12, 31),) * 2
    assert days(r, 3) == (date(2000, 1, 3), date(2000, 1, 4))


def test_far_off_date_typo_stays_fast_and_correct() -> None:
    snet = {"constraint": ConstraintType.START_NO_EARLIER_THAN}
    r = run([task(1, 2), task(2, 3, constraint_date=date(9000, 1, 6), **snet), task(3, 1)],
            [link(2, 3)])  # fmt: skip
    assert days(r, 1) == (START, date(2027, 1, 5))
    # Dates stay inside the supported range (domain/limits.py): the typo is read
    # as its last day, and a conflict names it instead of an overflow later.
    assert days(r, 2) == (date(2199, 12, 31),) * 2
    assert days(r, 3) == (date(2199, 12, 31),) * 2
    assert r.finish == date(2199, 12, 31)
    assert {c.kind for c in r.conflicts} == {ConflictKind.DATE_RANGE}


def test_cycle_messages_for_long_and_tangled_cycles() -> None:
    ring = [link(i, i + 1) for i in range(1, 10)] + [link(10, 1)]
    r = run([task(i, 1) for i in range(1, 11)], ring)
    assert r.cycles == (tuple(range(1, 11)),)
    (long,) = r.conflicts
    assert long.message == (
        "Dependency cycle of 10 tasks 'T1' → 'T2' → 'T3' → 'T4' → 'T5' → 'T6' → … → 'T10' "
        "→ 'T1': the links inside it are ignored"
    )
    # Two cycles sharing task 1: one strongly connected component, not one ring.
    r = run([task(i, 1) for i in range(1, 4)], [link(1, 2), link(2, 1), link(1, 3), link(3, 1)])
    (tangled,) = r.conflicts
    assert set(r.cycles[0]) == {1, 2, 3}
    assert tangled.message == (
        "Dependency cycles among 3 tasks: 'T1', 'T2' and 'T3'; the links between them are ignored"
    )


def test_result_objects_built_in_c_equal_regular_ones() -> None:
    from relm_desktop.scheduling.model import TaskSchedule

    tasks = [task(1, 3), task(2, 0), task(3, 2)]
    links = [link(1, 2), link(2, 3, "SS", 1)]
    result = run(tasks, links)
    for tid, built in result.tasks.items():
        assert type(built) is TaskSchedule
        regular = TaskSchedule(*(getattr(built, name) for name in TaskSchedule._fields))
        assert built == regular and hash(built) == hash(regular)
        assert repr(built) == repr(regular) and built.id == tid
    assert result.tasks[2].start == result.tasks[2].finish  # the milestone
    with pytest.raises(AttributeError):
        result.tasks[1].total_float = 5  # type: ignore[misc]
