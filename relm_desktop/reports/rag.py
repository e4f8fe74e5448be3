"""A RAG status derived from the facts, printed beside the hand-set one.

Managers set RAG by hand and forget it; the pack shows what the schedule,
the gates and the risks say as of the status date, and names a contradiction
("set Green, the facts say Red") in "Decisions needed". The rules are few and
stated in the pack, so a reader can check them:

- Red: the forecast go-live is after the target; the go-live date has passed
  (before the status date) and the release is not done; a gate has failed.
- Amber: an open high risk (or one that occurred); the forecast slipped
  against the baseline.
- Green otherwise. A release that is closed (deployed, cancelled, rolled back)
  keeps its hand-set status: there is nothing left to forecast.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from relm_desktop.domain.records import GateRecord, RiskRecord
from relm_desktop.domain.rules import HIGH_RISK_SCORE, risk_is_active, risk_score
from relm_desktop.domain.text import plural

RED, AMBER, GREEN = "red", "amber", "green"
#: Worse first: a hand-set status better than the derived one is a contradiction.
RANK = {GREEN: 0, AMBER: 1, RED: 2}
CLOSED = frozenset({"deployed", "cancelled", "rolled_back"})


@dataclass(frozen=True, slots=True)
class DerivedRag:
    """The status the facts give and why (empty reasons: green)."""

    rag: str
    reasons: tuple[str, ...] = ()

    def contradicts(self, hand_set: str) -> bool:
        """Whether the hand-set status is better than the facts allow."""
        return RANK.get(hand_set, 0) < RANK[self.rag]


def derive_rag(
    *,
    status: str,
    hand_set: str,
    golive: date | None,
    target: date | None,
    baseline: date | None,
    progress: int,
    as_of: date,
    failed_gates: Iterable[GateRecord],
    risks: Iterable[RiskRecord],
) -> DerivedRag:
    """The RAG the facts give for one release (see the module's rules)."""
    if status in CLOSED:
        return DerivedRag(hand_set if hand_set in RANK else GREEN)
    red: list[str] = []
    amber: list[str] = []
    if golive and target and golive > target:
        red.append(f"go-live {plural((golive - target).days, 'day')} after target")
    if golive and golive < as_of and progress < 100:
        red.append(f"go-live date passed at {progress}% done")
    failed = [g.name for g in failed_gates]
    if failed:
        red.append(f"{plural(len(failed), 'gate')} failed")
    active = [r for r in risks if risk_is_active(r)]
    occurred = sum(1 for r in active if str(getattr(r.status, "value", r.status)) == "occurred")
    high = sum(1 for r in active if risk_score(r) >= HIGH_RISK_SCORE)
    if occurred:
        amber.append(f"{plural(occurred, 'risk')} occurred")
    if high:
        amber.append(f"{plural(high, 'open high risk')}")
    if golive and baseline and golive > baseline:
        amber.append(f"slipped {plural((golive - baseline).days, 'day')} against baseline")
    if red:
        return DerivedRag(RED, (*red, *amber))
    if amber:
        return DerivedRag(AMBER, tuple(amber))
    return DerivedRag(GREEN)
