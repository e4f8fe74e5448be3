"""#19 item 1: the preview says which imported tasks move off the file's dates, and why.

The rehearsal (the real apply, rolled back) schedules the plan with the rows in
it; each task whose scheduled start differs from the one written is listed with
the shift and the reason; none moving is one line.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from relm_desktop.exchange.moves import MoveNote, TaskMove
from relm_desktop.services import excel
from relm_desktop.services.plan import PlanService
from relm_desktop.services.setup import Add
from tests.exchange.foreign.helpers import book

HEADER = ["ID", "Task", "Start", "Finish", "Predecessors"]


def _preview(
    path: Path, tmp_path: Path, start: date = date(2026, 1, 5), holiday: date | None = None
) -> tuple[list[MoveNote], Path]:
    plan_file = tmp_path / "p.relm"
    plan = PlanService.new(plan_file, name="P", start=start)
    try:
        if holiday is not None:
            plan.setup([Add("calendar_day", {"day": holiday, "name": "Shutdown"})])
        parsed = excel.read_workbook(path, service=plan)
        assert not parsed.errors, parsed.errors
        excel.preview_merge(plan, parsed, release="Supplier")
    finally:
        plan.close()
    return [p for p in parsed.problems if isinstance(p, MoveNote)], plan_file


def _moves(notes: list[MoveNote]) -> dict[str, TaskMove]:
    return {n.move.name: n.move for n in notes if n.move is not None}


def test_a_predecessor_and_a_weekend_move_tasks_and_the_preview_says_so(tmp_path: Path) -> None:
    path = book(
        tmp_path / "linked.xlsx",
        [
            HEADER,
            [1, "Design", date(2026, 1, 5), date(2026, 1, 9), ""],
            [2, "Build", date(2026, 1, 7), date(2026, 1, 16), "1"],  # overlaps Design
            [3, "Review", date(2026, 1, 10), date(2026, 1, 14), ""],  # a Saturday
            [4, "Kickoff", date(2026, 1, 5), date(2026, 1, 5), ""],
        ],
    )
    notes, plan_file = _preview(path, tmp_path)
    moves = _moves(notes)
    assert set(moves) == {"Build", "Review"}
    build = moves["Build"]
    assert (build.start, build.shift) == (date(2026, 1, 12), 3)
    assert build.reason == "its predecessor 'Design' finishes Fri 2026-01-09"
    assert notes[0].message.startswith("2 tasks of 4 moved off the dates the file gives")
    line = next(str(n) for n in notes if n.move is build)
    assert line == (
        "Plan row 3: moved: 'Build' starts 3 working days later, Mon 2026-01-12 instead "
        "of Wed 2026-01-07: its predecessor 'Design' finishes Fri 2026-01-09"
    )
    review = moves["Review"]
    assert review.start == date(2026, 1, 12)
    assert review.reason == "Sat 2026-01-10 is not a working day (the plan works Mon–Fri)"
    # A rehearsal: the plan file holds no release afterwards.
    plan = PlanService.open(plan_file, readonly=True)
    try:
        assert plan.load().releases == ()
    finally:
        plan.close()


def test_a_holiday_in_the_plans_calendar_is_named(tmp_path: Path) -> None:
    path = book(
        tmp_path / "h.xlsx",
        [HEADER, [1, "Cutover", date(2026, 1, 7), date(2026, 1, 8), ""]],
    )
    notes, _ = _preview(path, tmp_path, holiday=date(2026, 1, 7))
    cutover = _moves(notes)["Cutover"]
    assert cutover.start == date(2026, 1, 8)
    assert cutover.reason == "Wed 2026-01-07 is a holiday (Shutdown)"


def test_dates_before_the_plans_start_move_to_it(tmp_path: Path) -> None:
    path = book(
        tmp_path / "early.xlsx",
        [HEADER, [1, "Survey", date(2026, 1, 5), date(2026, 1, 9), ""]],
    )
    notes, _ = _preview(path, tmp_path, start=date(2026, 2, 2))
    survey = _moves(notes)["Survey"]
    assert (survey.start, survey.shift) == (date(2026, 2, 2), 20)
    assert survey.reason == "the plan starts Mon 2026-02-02"


def test_a_linked_task_written_later_than_its_predecessor_allows_moves_earlier(
    tmp_path: Path,
) -> None:
    path = book(
        tmp_path / "gap.xlsx",
        [
            HEADER,
            [1, "Design", date(2026, 1, 5), date(2026, 1, 9), ""],
            [2, "Build", date(2026, 1, 19), date(2026, 1, 23), "1"],  # a week's slack
        ],
    )
    build = _moves(_preview(path, tmp_path)[0])["Build"]
    assert (build.start, build.shift) == (date(2026, 1, 12), -5)
    assert build.amount() == "starts 5 working days earlier"
    assert build.reason == (
        "it follows its predecessor 'Design' (finishes Fri 2026-01-09), not the date written"
    )


def test_nothing_moved_is_one_line(tmp_path: Path) -> None:
    path = book(
        tmp_path / "kept.xlsx",
        [
            HEADER,
            [1, "Design", date(2026, 1, 5), date(2026, 1, 9), ""],
            [2, "Build", date(2026, 1, 12), date(2026, 1, 16), "1"],
        ],
    )
    notes, _ = _preview(path, tmp_path)
    assert [n.message for n in notes] == [
        "nothing moved: all 2 dated tasks keep the dates the file gives"
    ]
