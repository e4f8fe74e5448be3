"""Derived facts of the release-management glossary, shared by views, packs and exports.

Plain functions over anything with the named attributes: ORM entities, the
frozen records of ``services.records`` or test stand-ins. Gates need ``status``;
risks need ``id``, ``title``, ``probability``, ``impact``, ``status`` and
``review_date``. Statuses may be the enum members or their stored text. This is
the one copy of these rules: the GUI views and the PDF packs both call it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Generic, Protocol, TypeVar

from relm_desktop.domain.enums import GateStatus, RiskStatus


class GateLike(Protocol):
    """What the go/no-go rule reads of a gate."""

    @property
    def status(self) -> GateStatus | str: ...


class RiskLike(Protocol):
    """What the risk rules read of a risk."""

    @property
    def id(self) -> int: ...
    @property
    def title(self) -> str: ...
    @property
    def probability(self) -> int: ...
    @property
    def impact(self) -> int: ...
    @property
    def status(self) -> RiskStatus | str: ...
    @property
    def review_date(self) -> date | None: ...


_G = TypeVar("_G", bound=GateLike)
_K = TypeVar("_K", bound=RiskLike)


class GoNoGo(StrEnum):
    GO = "go"
    NO_GO = "no_go"
    PENDING = "pending"

    @property
    def label(self) -> str:
        return {"go": "GO", "no_go": "NO-GO", "pending": "PENDING"}[self.value]


@dataclass(frozen=True, slots=True)
class Readiness(Generic[_G]):
    """Go/no-go of one release and the gates that hold it back."""

    status: GoNoGo
    failed: tuple[_G, ...]  # gates with status failed
    pending: tuple[_G, ...]  # gates still pending
    total: int

    @property
    def blocking(self) -> tuple[_G, ...]:
        return self.failed + self.pending

    @property
    def met(self) -> int:
        return self.total - len(self.failed) - len(self.pending)


def readiness(gates: Iterable[_G]) -> Readiness[_G]:
    """GO when every gate is passed or waived; NO-GO when any failed; else PENDING.

    A release without gates is PENDING: nobody has said it may go.
    """
    listed = list(gates)
    failed = tuple(g for g in listed if g.status == GateStatus.FAILED)
    pending = tuple(g for g in listed if g.status == GateStatus.PENDING)
    if failed:
        status = GoNoGo.NO_GO
    elif pending or not listed:
        status = GoNoGo.PENDING
    else:
        status = GoNoGo.GO
    return Readiness(status, failed, pending, len(listed))


def risk_score(risk: RiskLike) -> int:
    """Probability × impact (1 … 25)."""
    return int(risk.probability) * int(risk.impact)


class RiskBand(StrEnum):
    """How bad a risk score is, as the heat map colours it and the packs count it."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


#: The lowest score of each band above low, on the usual 5×5 matrix:
#: 1–4 low, 5–9 medium, 10–16 high, 20–25 critical.
_BAND_FLOORS = ((20, RiskBand.CRITICAL), (10, RiskBand.HIGH), (5, RiskBand.MEDIUM))
#: A risk scored this or more is "high" (high or critical) wherever it is counted.
HIGH_RISK_SCORE = 10


def risk_band(score: int) -> RiskBand:
    """The band of a score (probability × impact): one rule for the app and the packs."""
    for floor, band in _BAND_FLOORS:
        if score >= floor:
            return band
    return RiskBand.LOW


def risk_is_active(risk: RiskLike) -> bool:
    return risk.status in (RiskStatus.OPEN, RiskStatus.MITIGATING, RiskStatus.OCCURRED)


def review_overdue(risk: RiskLike, today: date | None = None) -> bool:
    """An active risk whose review date has passed."""
    today = today or date.today()
    return bool(risk_is_active(risk) and risk.review_date and risk.review_date < today)


def exposure(risks: Iterable[RiskLike]) -> int:
    """Total exposure: the sum of scores of the active risks."""
    return sum(risk_score(r) for r in risks if risk_is_active(r))


def risk_rank(risk: RiskLike) -> tuple[int, bool, int, bool, date, str, int]:
    """The sort key of the agreed risk order (see ``ranked_risks``)."""
    review = risk.review_date
    return (
        -risk_score(risk),
        risk.status != RiskStatus.OCCURRED,
        -int(risk.impact),
        review is None,
        review or date.min,
        str(risk.title or "").casefold(),
        risk.id,
    )


def ranked_risks(risks: Iterable[_K]) -> list[_K]:
    """All ``risks`` in the agreed order, the one the GUI's register and the packs show.

    Highest score first; among equal scores an occurred risk comes before an
    open or mitigating one (it is no longer a probability), then the higher
    impact, then the earliest review date (none last), then the title (case
    ignored), then the id, so that the order never depends on how rows were read.
    """
    return sorted(risks, key=risk_rank)


def top_risks(risks: Iterable[_K], n: int = 5) -> list[_K]:
    """The first ``n`` active risks in the agreed order (``ranked_risks``)."""
    return ranked_risks(r for r in risks if risk_is_active(r))[:n]
