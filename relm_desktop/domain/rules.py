"""Derived facts of the release-management glossary, shared by views, packs and exports.

Plain functions over anything with the named attributes (entities or records).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from relm_desktop.domain.enums import GateStatus, RiskStatus


class GoNoGo(StrEnum):
    GO = "go"
    NO_GO = "no_go"
    PENDING = "pending"

    @property
    def label(self) -> str:
        return {"go": "GO", "no_go": "NO-GO", "pending": "PENDING"}[self.value]


@dataclass(frozen=True, slots=True)
class Readiness:
    """Go/no-go of one release and the gates that hold it back."""

    status: GoNoGo
    failed: tuple[Any, ...]  # gates with status failed
    pending: tuple[Any, ...]  # gates still pending
    total: int

    @property
    def blocking(self) -> tuple[Any, ...]:
        return self.failed + self.pending

    @property
    def met(self) -> int:
        return self.total - len(self.failed) - len(self.pending)


def readiness(gates: Iterable[Any]) -> Readiness:
    """GO when every gate is passed or waived; NO-GO when any failed; else PENDING.

    A release without gates is PENDING: nobody has said it may go.
    """
    gates = list(gates)
    failed = tuple(g for g in gates if g.status == GateStatus.FAILED)
    pending = tuple(g for g in gates if g.status == GateStatus.PENDING)
    if failed:
        status = GoNoGo.NO_GO
    elif pending or not gates:
        status = GoNoGo.PENDING
    else:
        status = GoNoGo.GO
    return Readiness(status, failed, pending, len(gates))


def risk_score(risk: Any) -> int:
    return int(risk.probability) * int(risk.impact)


def risk_is_active(risk: Any) -> bool:
    return risk.status in (RiskStatus.OPEN, RiskStatus.MITIGATING, RiskStatus.OCCURRED)


def review_overdue(risk: Any, today: date | None = None) -> bool:
    """An active risk whose review date has passed."""
    today = today or date.today()
    return bool(risk_is_active(risk) and risk.review_date and risk.review_date < today)


def exposure(risks: Iterable[Any]) -> int:
    """Total exposure: the sum of scores of the active risks."""
    return sum(risk_score(r) for r in risks if risk_is_active(r))


def top_risks(risks: Iterable[Any], n: int = 5) -> list[Any]:
    """Active risks by score, highest first (ties by id, for a stable order)."""
    return sorted((r for r in risks if risk_is_active(r)), key=lambda r: (-risk_score(r), r.id))[:n]
