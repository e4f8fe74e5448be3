"""FF, SF and negative lags, worked by hand following Microsoft Project's documented semantics.

tj3 cannot express these (PRODUCT.md §3), so the expected values come from
Microsoft's definitions, applied on working days:

- [MS-LINKS] Microsoft Office Project help, "Link tasks" / task dependency
  types (office.microsoft.com/en-us/project/HP453040641033.aspx): FS "task (B)
  cannot start until task (A) finishes", SS "cannot start until A starts",
  FF "task (B) cannot finish until task (A) finishes", SF "task (B) cannot
  finish until task (A) starts" (the just-in-time link).
- [MS-LAG] Project VBA reference, TaskDependency.Lag
  (learn.microsoft.com/office/vba/api/project.taskdependency.lag): "To specify
  lead time between tasks, use a negative value."
- [MS-START] Microsoft Project training, "Linking tasks": "All tasks in a
  Project plan start at the project start date unless you specify otherwise"
  — a lead never moves a task before the project start.
- Durations in working days: a task that starts on Monday at the start of the
  day with 2 days' duration finishes at the end of Tuesday; a milestone
  reached "at the end of Friday" is shown on Friday.

Calendar: Monday–Friday from Monday 2027-01-04, no holidays. Working days by
index: Jan 4 = 0, 5 = 1, 6 = 2, 7 = 3, 8 = 4, 11 = 5, 12 = 6, 13 = 7, 14 = 8.
"""

from __future__ import annotations

from datetime import date

from relm_desktop.domain.enums import ConstraintType, DependencyType
from relm_desktop.scheduling import (
    LinkInput,
    ScheduleInput,
    ScheduleResult,
    TaskInput,
    WorkCalendar,
    schedule,
)

START = date(2027, 1, 4)
SNET = ConstraintType.START_NO_EARLIER_THAN


def task(task_id: int, duration: int, snet: date | None = None) -> TaskInput:
    return TaskInput(task_id, 1, f"T{task_id}", duration, SNET if snet else None, snet)


def run(tasks: list[TaskInput], *links: tuple[int, int, str, int]) -> ScheduleResult:
    data = ScheduleInput(
        project_start=START,
        calendar=WorkCalendar(),
        tasks=tuple(tasks),
        links=tuple(
            LinkInput(k, p, s, DependencyType(kind), lag)
            for k, (p, s, kind, lag) in enumerate(links)
        ),
    )
    return schedule(data)


def span(result: ScheduleResult, task_id: int) -> tuple[date, date]:
    return result.tasks[task_id].start, result.tasks[task_id].finish


def test_ff_successor_finishes_with_predecessor() -> None:
    """[MS-LINKS] FF: B(2) cannot finish until A(5, Mon–Fri) finishes → B Thu–Fri."""
    r = run([task(1, 5), task(2, 2)], (1, 2, "FF", 0))
    assert span(r, 2) == (date(2027, 1, 7), date(2027, 1, 8))


def test_ff_with_lag() -> None:
    """[MS-LINKS] FF+2d: B finishes two working days after A (Fri) → Tue; B Mon–Tue."""
    r = run([task(1, 5), task(2, 2)], (1, 2, "FF", 2))
    assert span(r, 2) == (date(2027, 1, 11), date(2027, 1, 12))


def test_ff_never_before_project_start() -> None:
    """[MS-START] A(1) Mon; B(3) FF would start two days before the project: it starts Mon."""
    r = run([task(1, 1), task(2, 3)], (1, 2, "FF", 0))
    assert span(r, 2) == (date(2027, 1, 4), date(2027, 1, 6))


def test_sf_just_in_time() -> None:
    """[MS-LINKS] SF: B(3) cannot finish until A starts (Mon 11, SNET) → B Wed 6–Fri 8."""
    r = run([task(1, 2, snet=date(2027, 1, 11)), task(2, 3)], (1, 2, "SF", 0))
    assert span(r, 1) == (date(2027, 1, 11), date(2027, 1, 12))
    assert span(r, 2) == (date(2027, 1, 6), date(2027, 1, 8))


def test_sf_with_lag() -> None:
    """[MS-LINKS] SF+1d: B finishes one working day after A starts (Mon 11) → Thu 7–Mon 11."""
    r = run([task(1, 2, snet=date(2027, 1, 11)), task(2, 3)], (1, 2, "SF", 1))
    assert span(r, 2) == (date(2027, 1, 7), date(2027, 1, 11))


def test_fs_with_lead() -> None:
    """[MS-LAG] FS−2d: B starts two working days before A (Mon–Fri) finishes → Thu."""
    r = run([task(1, 5), task(2, 3)], (1, 2, "FS", -2))
    assert span(r, 2) == (date(2027, 1, 7), date(2027, 1, 11))


def test_ss_with_lead() -> None:
    """[MS-LAG] SS−3d: A starts Mon 11 (SNET); B starts three working days earlier → Wed 6."""
    r = run([task(1, 2, snet=date(2027, 1, 11)), task(2, 1)], (1, 2, "SS", -3))
    assert span(r, 2) == (date(2027, 1, 6),) * 2


def test_lead_cannot_go_before_project_start() -> None:
    """[MS-START] SS−3d on a task starting Monday 4 leaves B on the project start."""
    r = run([task(1, 2), task(2, 1)], (1, 2, "SS", -3))
    assert span(r, 2) == (START, START)


def test_milestone_ff_sits_on_predecessor_finish_day() -> None:
    """[MS-LINKS] A milestone FF to A(Mon–Fri) is reached at the end of Friday: shown Friday."""
    r = run([task(1, 5), task(2, 0)], (1, 2, "FF", 0))
    assert span(r, 2) == (date(2027, 1, 8),) * 2


def test_milestone_fs_with_lead() -> None:
    """[MS-LAG] FS−1d from A ending Fri 17:00 → Thu 17:00: the milestone shows Thursday."""
    r = run([task(1, 5), task(2, 0)], (1, 2, "FS", -1))
    assert span(r, 2) == (date(2027, 1, 7),) * 2


def test_milestone_sf_sits_on_predecessor_start() -> None:
    """[MS-LINKS] SF milestone: reached when A starts (start of Mon 11): shown Monday."""
    r = run([task(1, 2, snet=date(2027, 1, 11)), task(2, 0)], (1, 2, "SF", 0))
    assert span(r, 2) == (date(2027, 1, 11),) * 2


def test_backward_pass_through_ff() -> None:
    """A(5) → C(3) FS and A → B(2) FF. Plan ends Wed 13 (index 8).

    B: early Thu 7–Fri 8, late finish = plan finish (Wed 13) → total float 3,
    free float 3. A: late finish ≤ C's late start (Mon 11 = 5) and ≤ B's late
    finish (8) → 5: total float 0.
    """
    r = run([task(1, 5), task(2, 2), task(3, 3)], (1, 2, "FF", 0), (1, 3, "FS", 0))
    b = r.tasks[2]
    assert (b.late_start, b.late_finish) == (date(2027, 1, 12), date(2027, 1, 13))
    assert (b.total_float, b.free_float) == (3, 3)
    assert r.tasks[1].total_float == 0 and r.tasks[1].free_float == 0
    assert r.critical_path == (1, 3)


def test_backward_pass_through_sf() -> None:
    """A(2) SNET Mon 11 (5–7); B(3) SF from A: 2–5. Plan finish 7 (Tue 12).

    B has no successor: late finish Tue 12 → late start Fri 8, total float 2.
    A: its late start ≤ B's late finish (7) → late finish ≤ 9, capped at the
    plan finish 7 → float 0; nothing drives it (SNET): the path is A alone.
    """
    r = run([task(1, 2, snet=date(2027, 1, 11)), task(2, 3)], (1, 2, "SF", 0))
    assert r.tasks[2].total_float == 2
    assert r.tasks[2].late_start == date(2027, 1, 8)
    assert r.tasks[1].total_float == 0
    assert r.critical_path == (1,)


def test_backward_pass_with_lead() -> None:
    """A(5) 0–5, B(3) FS−2 starts 3, ends 6 (Mon 11): both critical, B driven by A."""
    r = run([task(1, 5), task(2, 3)], (1, 2, "FS", -2))
    assert span(r, 2) == (date(2027, 1, 7), date(2027, 1, 11))
    assert r.tasks[1].total_float == 0 and r.tasks[2].total_float == 0
    assert r.critical_path == (1, 2)
