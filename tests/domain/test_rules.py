"""Go/no-go readiness and risk figures."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace as R

from relm_desktop.domain.rules import GoNoGo, exposure, readiness, review_overdue, top_risks


def gates(*statuses: str) -> list[R]:
    return [R(id=i, name=f"g{i}", status=s) for i, s in enumerate(statuses)]


def test_all_passed_or_waived_is_go() -> None:
    assert readiness(gates("passed", "waived")).status is GoNoGo.GO


def test_any_failed_is_no_go_and_names_the_gate() -> None:
    result = readiness(gates("passed", "failed", "pending"))
    assert result.status is GoNoGo.NO_GO
    assert [g.name for g in result.failed] == ["g1"]
    assert [g.name for g in result.blocking] == ["g1", "g2"]


def test_pending_or_no_gates_is_pending() -> None:
    assert readiness(gates("passed", "pending")).status is GoNoGo.PENDING
    assert readiness([]).status is GoNoGo.PENDING


def test_risk_figures() -> None:
    risks = [
        R(id=1, title="r1", probability=5, impact=5, status="closed", review_date=None),
        R(id=2, title="r2", probability=2, impact=3, status="open", review_date=date(2020, 1, 1)),
        R(
            id=3,
            title="r3",
            probability=4,
            impact=4,
            status="mitigating",
            review_date=date(2999, 1, 1),
        ),
    ]
    assert exposure(risks) == 6 + 16
    assert [r.id for r in top_risks(risks)] == [3, 2]
    assert review_overdue(risks[1]) and not review_overdue(risks[2])
    assert not review_overdue(risks[0])
