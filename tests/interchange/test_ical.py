"""iCalendar export: go-lives, milestones, freeze windows and gates; UIDs stable across exports."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import icalendar

from relm_desktop.cli import main
from relm_desktop.services.plan import PlanService
from tests.interchange.conftest import build_release_plan


def _portfolio(path: Path) -> None:
    """R1 of the interchange plan with a decided and a pending gate, and a second release."""
    service = build_release_plan(path)
    r1 = next(r.id for r in service.load().releases if r.name == "R1")
    service.create(
        "gate",
        {"release_id": r1, "name": "CAB", "status": "passed", "decided_on": date(2027, 3, 24)},
    )
    service.create("gate", {"release_id": r1, "name": "Go/no-go"})
    r2 = service.create("release", {"name": "R2", "position": 1}).ids[0]
    service.create("task", {"release_id": r2, "name": "Pilot done", "duration": 0, "position": 0})
    service.create(
        "task",
        {"release_id": r2, "name": "R2 live", "duration": 0, "position": 1, "is_golive": True},
    )
    service.create("gate", {"release_id": r2, "name": "Readiness"})
    service.close()


def _events(path: Path) -> dict[str, tuple[date, date, str]]:
    """summary → (first day, day after the last, UID) of every event in the file."""
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    return {
        str(e["SUMMARY"]): (e["DTSTART"].dt, e["DTEND"].dt, str(e["UID"]))
        for e in cal.walk("VEVENT")
    }


def _golive(path: Path) -> date:
    service = PlanService.open(path, readonly=True, source="test")
    try:
        data, result = service.schedule()
    finally:
        service.close()
    return next(result.tasks[t.id].start for t in data.tasks if t.name == "Go-live")


def test_portfolio_calendar_holds_golives_milestones_freezes_gates(tmp_path: Path) -> None:
    plan = tmp_path / "plan.relm"
    _portfolio(plan)
    out = tmp_path / "portfolio.ics"
    assert main(["export", str(plan), str(out)]) == 0
    events = _events(out)
    live = _golive(plan)
    day = date.fromordinal
    assert {k: v[:2] for k, v in events.items()} == {
        "R1: go-live": (live, day(live.toordinal() + 1)),
        "R2: go-live": events["R2: go-live"][:2],
        "R2: Pilot done": events["R2: Pilot done"][:2],
        # all-day events end the day after; the freeze window runs Monday to Friday
        "Freeze: Quarter end (Production)": (date(2027, 3, 22), date(2027, 3, 27)),
        "R1: gate CAB (passed)": (date(2027, 3, 24), date(2027, 3, 25)),
        # an undecided gate sits on the release's go-live
        "R1: gate Go/no-go (pending)": (live, day(live.toordinal() + 1)),
        "R2: gate Readiness (pending)": events["R2: go-live"][:2],
    }
    # 'Backend work' is a summary (duration 0 of its own), not a milestone.
    assert not any("Backend work" in k for k in events)


def test_uids_are_stable_across_exports_and_releases(tmp_path: Path) -> None:
    plan = tmp_path / "plan.relm"
    _portfolio(plan)
    first, second, r1 = tmp_path / "a.ics", tmp_path / "b.ics", tmp_path / "r1.ics"
    assert main(["export", str(plan), str(first)]) == 0
    assert main(["export", str(plan), str(second)]) == 0
    assert main(["export", str(plan), str(r1), "--release", "R1"]) == 0
    a, b, one = _events(first), _events(second), _events(r1)
    assert {k: v[2] for k, v in a.items()} == {k: v[2] for k, v in b.items()}
    assert len({v[2] for v in a.values()}) == len(a)  # one UID per event
    # Per release: R1's events only (freeze windows hold for every release), same UIDs.
    assert set(one) == {
        "R1: go-live",
        "Freeze: Quarter end (Production)",
        "R1: gate CAB (passed)",
        "R1: gate Go/no-go (pending)",
    }
    assert all(one[k][2] == a[k][2] for k in one)
    # A moved go-live keeps its UID: a calendar updates the event instead of adding one.
    service = PlanService.open(plan, source="test")
    r1_id = next(r.id for r in service.load().releases if r.name == "R1")
    service.update("release", r1_id, {"name": "R1 renamed"})
    service.close()
    assert main(["export", str(plan), str(second)]) == 0
    assert _events(second)["R1 renamed: go-live"][2] == a["R1: go-live"][2]


def test_unknown_release_is_one_line_exit_2(tmp_path: Path, capsys: object) -> None:
    plan = tmp_path / "plan.relm"
    _portfolio(plan)
    out = tmp_path / "x.ics"
    assert main(["export", str(plan), str(out), "--release", "R9"]) == 2
    assert not out.exists()
