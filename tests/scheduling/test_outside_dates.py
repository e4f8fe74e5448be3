"""Dates imposed from outside the plan (a one-release workbook's links to releases it left
out): an earliest start and a latest finish the scheduler honours beside, not instead
of, the task's own constraint; a milestone's outside start at a day's end or beginning."""

from __future__ import annotations

from datetime import date

from relm_desktop.domain.enums import ConstraintType, DependencyType
from relm_desktop.scheduling import schedule
from relm_desktop.scheduling.calendar import WorkCalendar
from relm_desktop.scheduling.model import LinkInput, ScheduleInput, TaskInput

MON = date(2027, 3, 1)
FRI = date(2027, 3, 5)
NEXT_MON = date(2027, 3, 8)


def _plan(*tasks: TaskInput, links: tuple[LinkInput, ...] = ()) -> ScheduleInput:
    return ScheduleInput(MON, WorkCalendar(), tasks, links)


def test_a_milestone_after_an_outside_predecessor_sits_on_its_day_end() -> None:
    # As right after a predecessor finishing on Friday: reached Friday at 17:00, so the
    # task after it starts on Monday, not on Friday.
    milestone = TaskInput(1, 1, "Handover", 0, outside_start=FRI, outside_day_end=True)
    after = TaskInput(2, 1, "Build", 3)
    result = schedule(_plan(milestone, after, links=(LinkInput(1, 1, 2),)))
    assert result.tasks[1].start == result.tasks[1].finish == FRI
    assert result.tasks[2].start == NEXT_MON
    assert result.day_end_milestones == frozenset({1})


def test_a_milestone_at_the_beginning_of_a_day_lets_the_next_task_start_that_day() -> None:
    milestone = TaskInput(1, 1, "Kick-off", 0, outside_start=FRI)
    after = TaskInput(2, 1, "Build", 3)
    result = schedule(_plan(milestone, after, links=(LinkInput(1, 1, 2),)))
    assert result.tasks[1].start == FRI
    assert result.tasks[2].start == FRI


def test_a_milestone_needed_on_its_own_day_has_no_float() -> None:
    # Reached at the beginning of Friday and needed by Friday: critical.
    early = TaskInput(1, 1, "Kick-off", 0, outside_start=FRI, outside_finish=FRI)
    # Reached at Friday's end and needed by Friday: critical as well.
    late = TaskInput(
        2, 1, "Handover", 0, outside_start=FRI, outside_day_end=True, outside_finish=FRI
    )
    long = TaskInput(3, 1, "Long", 30)  # the plan ends weeks later
    result = schedule(_plan(early, late, long))
    assert (result.tasks[1].total_float, result.tasks[1].critical) == (0, True)
    assert (result.tasks[2].total_float, result.tasks[2].critical) == (0, True)
    assert result.tasks[3].total_float == 0


def test_outside_dates_bound_a_task_beside_its_own_constraint() -> None:
    # Its own Start no earlier than Monday 1 March, an outside start on Wednesday and an
    # outside finish on Friday: it starts Wednesday and has no float left.
    task = TaskInput(
        1,
        1,
        "Integrate",
        3,
        ConstraintType.START_NO_EARLIER_THAN,
        MON,
        outside_start=date(2027, 3, 3),
        outside_finish=FRI,
    )
    long = TaskInput(2, 1, "Long", 30)
    result = schedule(_plan(task, long))
    assert result.tasks[1].start == date(2027, 3, 3)
    assert result.tasks[1].finish == FRI
    assert (result.tasks[1].total_float, result.tasks[1].critical) == (0, True)
    # Not the user's constraint: an outside finish that cannot be met is negative float,
    # not a broken-constraint conflict.
    late = TaskInput(3, 1, "Late", 10, outside_finish=FRI)
    missed = schedule(_plan(late, long))
    assert missed.tasks[3].total_float < 0
    assert not missed.conflicts


def test_an_actual_start_outranks_an_outside_start() -> None:
    task = TaskInput(1, 1, "Started", 2, actual_start=MON, outside_start=FRI)
    assert schedule(_plan(task)).tasks[1].start == MON


def test_a_summary_keeps_its_outside_start_and_finish() -> None:
    summary = TaskInput(1, 1, "Stream", 1, outside_start=date(2027, 3, 3), outside_finish=FRI)
    child = TaskInput(2, 1, "Work", 2, parent_id=1)
    long = TaskInput(3, 1, "Long", 30)
    result = schedule(_plan(summary, child, long))
    assert result.tasks[2].start == date(2027, 3, 3)
    assert result.tasks[1].finish == date(2027, 3, 4)
    assert result.tasks[1].total_float == 1
    assert result.tasks[3].start == MON


def test_ss_link_from_an_outside_start_keeps_its_instant() -> None:
    milestone = TaskInput(1, 1, "Ready", 0, outside_start=FRI, outside_day_end=True)
    follower = TaskInput(2, 1, "Check", 0)
    result = schedule(_plan(milestone, follower, links=(LinkInput(1, 1, 2, DependencyType.SS),)))
    assert result.tasks[2].start == FRI


def test_a_task_after_the_end_of_a_day_keeps_its_ss_milestone_on_that_day() -> None:
    # A task starting right after a predecessor (the end of Thursday) reaches an SS
    # milestone after it on Thursday; from the start of Friday, on Friday.
    thursday = date(2027, 3, 4)
    after_end = TaskInput(1, 1, "Build", 2, outside_start=thursday, outside_day_end=True)
    at_start = TaskInput(3, 1, "Test", 2, outside_start=FRI)
    ss = DependencyType.SS
    result = schedule(
        _plan(
            after_end,
            TaskInput(2, 1, "Build begun", 0),
            at_start,
            TaskInput(4, 1, "Test begun", 0),
            links=(LinkInput(1, 1, 2, ss), LinkInput(2, 3, 4, ss)),
        )
    )
    assert result.tasks[1].start == result.tasks[3].start == FRI
    assert result.tasks[2].start == thursday
    assert result.tasks[4].start == FRI
    assert result.day_end_starts == frozenset({1})
