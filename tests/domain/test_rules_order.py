"""The agreed order of risks (issue 16): one rule for the register, the summary and the pack."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date
from types import SimpleNamespace as R

import pytest

from relm_desktop.domain.enums import RiskStatus
from relm_desktop.domain.rules import ranked_risks, risk_score, top_risks
from relm_desktop.reports.context import PackContext
from relm_desktop.reports.options import PackOptions
from tests.reports.pack_factory import TODAY, make_plan, rec


def risk(
    ident: int,
    p: int,
    i: int,
    status: str | RiskStatus = RiskStatus.OPEN,
    review: date | None = None,
    title: str = "",
) -> R:
    return R(
        id=ident,
        probability=p,
        impact=i,
        status=status,
        review_date=review,
        title=title or f"Risk {ident}",
    )


#: Already in the agreed order; each one differs from the next in one rule only.
AGREED = [
    risk(1, 5, 5),  # 25
    risk(2, 4, 4, RiskStatus.OCCURRED, title="Z occurred"),  # 16, occurred first
    risk(3, 4, 4, RiskStatus.OPEN, title="A open"),  # 16, open/mitigating after
    risk(4, 3, 4, RiskStatus.OCCURRED),  # 12, occurred
    risk(5, 3, 4, RiskStatus.MITIGATING),  # 12: impact 4 before impact 3
    risk(6, 4, 3, RiskStatus.OPEN, review=date(2027, 1, 1)),  # 12, impact 3, earliest review
    risk(7, 4, 3, RiskStatus.OPEN, review=date(2027, 3, 1)),  # later review
    risk(8, 4, 3, RiskStatus.OPEN, review=None, title="alpha"),  # no review date: last
    risk(9, 4, 3, RiskStatus.OPEN, review=None, title="Beta"),  # title, case ignored
    risk(11, 4, 3, RiskStatus.OPEN, review=None, title="gamma"),  # same title: id decides
    risk(12, 4, 3, RiskStatus.OPEN, review=None, title="Gamma"),
    risk(10, 1, 1, RiskStatus.CLOSED),  # lowest score (closed counts in the full order)
]


def ids(risks: list[R]) -> list[int]:
    return [r.id for r in risks]


@pytest.mark.parametrize("seed", range(5))
def test_ranked_risks_follow_the_agreed_order(seed: int) -> None:
    shuffled = AGREED[:]
    random.Random(seed).shuffle(shuffled)
    assert ids(ranked_risks(shuffled)) == ids(AGREED)


def test_score_comes_before_every_tie_rule() -> None:
    occurred_low = risk(1, 2, 2, RiskStatus.OCCURRED)
    open_high = risk(2, 3, 2, RiskStatus.OPEN)
    assert ids(ranked_risks([occurred_low, open_high])) == [2, 1]
    assert risk_score(open_high) == 6


def test_occurred_beats_higher_impact_among_equal_scores() -> None:
    # 12 = 4 × 3 = 3 × 4 = 2 × 6: status is asked before impact.
    occurred = risk(1, 4, 3, RiskStatus.OCCURRED)
    open_ = risk(2, 3, 4, RiskStatus.OPEN)
    assert ids(ranked_risks([open_, occurred])) == [1, 2]


def test_statuses_as_stored_text_rank_like_enum_members() -> None:
    as_text = [
        risk(r.id, r.probability, r.impact, str(r.status), r.review_date, r.title) for r in AGREED
    ]
    assert ids(ranked_risks(reversed(as_text))) == ids(AGREED)


def test_top_risks_leave_closed_out_and_keep_the_order() -> None:
    shuffled = list(reversed(AGREED))
    assert ids(top_risks(shuffled, n=4)) == [1, 2, 3, 4]
    assert 10 not in ids(top_risks(shuffled, n=100))
    assert ids(top_risks(shuffled, n=100)) == ids(AGREED[:-1])


def test_the_pack_lists_risks_in_the_agreed_order() -> None:
    """PackContext (what the PDF prints) gives the order of domain.rules for the same plan."""
    data, result, changes = make_plan(12)
    plan_risks = tuple(
        rec(
            "risk",
            id=r.id,
            release_id=1,
            title=r.title,
            probability=r.probability,
            impact=r.impact,
            status=RiskStatus(r.status),
            review_date=r.review_date,
            owner="",
            mitigation="",
            contingency="",
            description="",
        )
        for r in reversed(AGREED)
    )
    data = replace(data, risks=plan_risks)
    ctx = PackContext(data, result, PackOptions(release_id=1, today=TODAY, top_risks=100), changes)
    assert ids(ctx.risks()) == ids(AGREED)
    assert ids(ctx.top_risks()) == ids(top_risks(plan_risks, n=100)) == ids(AGREED[:-1])
