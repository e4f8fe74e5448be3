"""Issue #20: packs that tell the truth — deadlines, "as of", derived RAG, what moved.

On plans built here (``pack_factory``) and on the demo plan, read back from
the PDF with pdftotext.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from relm_desktop.domain.enums import ConstraintType, GateStatus, Rag, RiskStatus
from relm_desktop.reports.context import PackContext
from relm_desktop.reports.moves import moves, snapshot
from relm_desktop.reports.options import PackOptions, Section
from relm_desktop.reports.rag import derive_rag
from relm_desktop.scheduling.model import Conflict, ConflictKind
from relm_desktop.services.pack import build_pack, last_pack
from relm_desktop.services.plan import PlanService
from tests.reports.pack_factory import TODAY, make_plan, rec
from tests.reports.pdf_tools import appears, flat, pdftotext

AS_OF = date(2026, 3, 2)


def gate(name: str, status: GateStatus) -> object:
    return rec("gate", id=1, release_id=1, name=name, status=status)


def risk(score: tuple[int, int], status: RiskStatus = RiskStatus.OPEN) -> object:
    return rec("risk", id=1, release_id=1, title="R", probability=score[0], impact=score[1],
               status=status)  # fmt: skip


def derived(**kw: object) -> tuple[str, tuple[str, ...]]:
    args: dict[str, object] = {
        "status": "in_progress",
        "hand_set": "green",
        "golive": date(2026, 5, 1),
        "target": date(2026, 5, 8),
        "baseline": date(2026, 5, 1),
        "progress": 40,
        "as_of": AS_OF,
        "failed_gates": (),
        "risks": (),
    }
    args.update(kw)
    found = derive_rag(**args)  # type: ignore[arg-type]
    return found.rag, found.reasons


def test_derived_rag_rules() -> None:
    assert derived() == ("green", ())
    assert derived(golive=date(2026, 5, 29)) == (
        "red",
        ("go-live 21 days after target", "slipped 28 days against baseline"),
    )
    assert derived(golive=date(2026, 2, 20), progress=0)[0] == "red"  # go-live passed, 0% done
    assert derived(golive=date(2026, 2, 20), progress=100)[0] == "green"
    assert derived(failed_gates=[gate("Pen test", GateStatus.FAILED)]) == (
        "red",
        ("1 gate failed",),
    )
    assert derived(risks=[risk((4, 3))]) == ("amber", ("1 open high risk",))
    assert derived(risks=[risk((4, 3), RiskStatus.CLOSED)]) == ("green", ())
    assert derived(risks=[risk((2, 2))]) == ("green", ())
    # A closed release keeps what was set by hand: nothing is left to forecast.
    assert derived(status="deployed", hand_set="amber", golive=date(2026, 6, 1)) == ("amber", ())


def context(release: int | None = 1) -> PackContext:
    data, result, changes = make_plan(30)
    return PackContext(data, result, PackOptions(release_id=release, today=TODAY), changes)


def test_a_hand_set_status_the_facts_contradict_is_a_decision_needed() -> None:
    data, result, changes = make_plan(30)
    # Release 2 is set Green; push its go-live three weeks past its target.
    target = next(r.target_golive for r in data.releases if r.id == 2)
    assert target is not None
    late = dict(result.release_golive)
    late[2] = target + timedelta(days=21)
    result = type(result)(
        tasks=result.tasks,
        critical_path=result.critical_path,
        conflicts=result.conflicts,
        release_golive=late,
    )
    ctx = PackContext(data, result, PackOptions(today=TODAY), changes)
    facts = ctx.facts(next(r for r in ctx.releases if r.id == 2))
    assert facts.release.rag == Rag.GREEN and facts.derived.rag == "red"
    texts = [d.text for d in ctx.decisions()]
    assert any(
        t.startswith("Status is set Green but the facts say Red (go-live 21 days after target")
        for t in texts
    ), texts


def test_scheduler_conflicts_reach_decisions_needed() -> None:
    data, result, changes = make_plan(30)
    found = (
        Conflict(ConflictKind.ENVIRONMENT_CLASH, "Two releases in UAT on 3 Mar", (1,), (1,)),
        Conflict(ConflictKind.OVER_CAPACITY, "Team Ops is booked 3 of 2 on 4 Mar", (2,), (1,)),
        Conflict(ConflictKind.CYCLE, "Dependency cycle “A” → “B” → “A”", (1, 2), (1,)),
        Conflict(ConflictKind.FREEZE, "Deploy moved past the year-end freeze", (3,), (1,)),
    )
    result = type(result)(
        tasks=result.tasks,
        critical_path=result.critical_path,
        conflicts=found,
        release_golive=result.release_golive,
    )
    ctx = PackContext(data, result, PackOptions(release_id=1, today=TODAY), changes)
    texts = " | ".join(d.text for d in ctx.decisions())
    for conflict in found:
        assert conflict.message in texts
    assert "break the dependency cycle" in texts and "book another" in texts


def test_moves_old_to_new_dates_scope_risks_and_gates() -> None:
    ctx = context()
    before = json.loads(json.dumps(snapshot(ctx)))
    shown = before["1"]
    golive = shown["golive"]
    shown["golive"] = (date.fromisoformat(golive) - timedelta(days=7)).isoformat()
    milestone = next(iter(shown["milestones"]))
    shown["milestones"][milestone][1] = "2027-01-04"
    shown["scope"]["999"] = "Dropped feature"
    shown["risks"] = {}
    gate_id = next(iter(shown["gates"]))
    shown["gates"][gate_id][1] = "pending"
    found = {(m.what, m.old, m.new, m.worse) for m in moves(ctx, before)}
    what = {m[0] for m in found}
    go = next(m for m in found if m[0] == "Go-live")
    assert go[3] and go[2].endswith("(+7 d)")
    assert any(w.startswith("Milestone “") for w in what)
    assert ("Scope “Dropped feature”", "in the last pack", "removed", True) in found
    assert any(w.startswith("Risk “") and new == "opened" for w, _, new, _ in found)
    assert any(w.startswith("Gate “") and old == "Pending" for w, old, _, _ in found)
    assert moves(ctx, json.loads(json.dumps(snapshot(ctx)))) == []


@pytest.fixture
def demo(tmp_path: Path) -> PlanService:
    from relm_desktop.services.demo import build_demo

    return build_demo(tmp_path / "demo.relm", start=date(2026, 1, 5))


def test_demo_overview_tells_target_forecast_and_derived_rag(
    demo: PlanService, tmp_path: Path
) -> None:
    demo.update("plan_info", demo.load().info.id, {"status_date": AS_OF})  # type: ignore[union-attr]
    out = tmp_path / "portfolio.pdf"
    build_pack(demo, out, preset="executive", record=False)
    text = flat(pdftotext(out))
    assert "STATUS AS OF" in text  # the cover, from the plan's status date
    assert "Dates as of 02 Mar 2026" in text
    for header in ("Target", "Forecast", "vs target", "RAG set", "By facts"):
        assert header in text
    # Login Hotfix: set Green, its go-live passed at 0% done.
    assert appears("Status is set Green but the facts say Red (go-live date passed at 0%", text)
    demo.close()


def test_status_date_flag_beats_the_plan_s(demo: PlanService, tmp_path: Path) -> None:
    demo.update("plan_info", demo.load().info.id, {"status_date": AS_OF})  # type: ignore[union-attr]
    out = tmp_path / "p.pdf"
    build_pack(demo, out, release="Payments Platform", status_date=date(2026, 4, 1))
    text = flat(pdftotext(out))
    assert "STATUS AS OF" in text and "01 Apr 2026" in text
    payments = next(r.id for r in demo.load().releases if r.name == "Payments Platform")
    record = last_pack(demo, payments, "full")
    assert record is not None and record.status_date == date(2026, 4, 1)
    demo.close()


def test_the_next_pack_of_the_same_preset_lists_what_moved(
    demo: PlanService, tmp_path: Path
) -> None:
    build_pack(demo, tmp_path / "first.pdf", release="Payments Platform")
    data = demo.load()
    golive = next(t for t in data.tasks if t.is_golive and t.release_id == data.releases[1].id)
    before = demo.schedule()[1].tasks[golive.id].finish
    # Held back two weeks, the go-live moves.
    demo.update(
        "task",
        golive.id,
        {
            "constraint_type": ConstraintType.START_NO_EARLIER_THAN,
            "constraint_date": before + timedelta(days=14),
        },
    )
    after = demo.schedule()[1].tasks[golive.id].finish
    assert after > before
    out = tmp_path / "second.pdf"
    build_pack(demo, out, release="Payments Platform", sections=[Section.CHANGES])
    text = flat(pdftotext(out))
    assert "Moved since the last pack" in text
    assert f"{before:%d %b %Y}" in text and f"{after:%d %b %Y}" in text
    # The executive preset had no pack yet: its record is separate.
    assert last_pack(demo, golive.release_id, "executive") is None
    demo.close()
