"""Decisions a pack asks its readers for, derived from gates, dates, risks and conflicts."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from relm_desktop.domain.rules import risk_is_active, risk_score
from relm_desktop.reports import styles
from relm_desktop.reports.context import Decision, fmt_date, release_title, value

if TYPE_CHECKING:
    from relm_desktop.reports.context import PackContext


def decisions(ctx: PackContext) -> list[Decision]:
    """Failed gates, go-lives after target, occurred or high risks, unrehearsed rollback
    plans and deployments pushed by a freeze, most severe first."""
    out: list[Decision] = []
    today = ctx.options.today
    for release in ctx.releases:
        status = value(release.status)
        if status in ("deployed", "cancelled", "rolled_back"):
            continue
        name = release_title(release)
        facts = ctx.facts(release)
        for gate in facts.go_no_go.failed:
            out.append(
                Decision(
                    name,
                    f"Gate “{gate.name}” failed: fix and re-test, or waive with a reason"
                    " before go/no-go.",
                    gate.approver or release.owner,
                    facts.golive,
                    3,
                )
            )
        if facts.late_days and facts.late_days > 0:
            out.append(
                Decision(
                    name,
                    f"Go-live forecast {fmt_date(facts.golive)} is {facts.late_days} days "
                    f"after the target {fmt_date(facts.target)}: accept the new date, add "
                    "capacity or reduce scope.",
                    release.owner,
                    today,
                    3,
                )
            )
        for risk in ctx.risks():
            if risk.release_id != release.id or not risk_is_active(risk):
                continue
            if value(risk.status) == "occurred":
                out.append(
                    Decision(
                        name,
                        f"Risk “{risk.title}” has occurred: approve the contingency "
                        f"({risk.contingency or 'none recorded'}).",
                        risk.owner,
                        today,
                        2,
                    )
                )
            elif risk_score(risk) >= styles.HIGH_SCORE:
                out.append(
                    Decision(
                        name,
                        f"High risk “{risk.title}” (score {risk_score(risk)}): confirm the "
                        "mitigation or accept the risk.",
                        risk.owner,
                        risk.review_date,
                        2,
                    )
                )
        rollback = next((r for r in ctx.data.rollbacks if r.release_id == release.id), None)
        if rollback is not None and not rollback.rehearsed and status != "draft":
            out.append(
                Decision(
                    name,
                    "Rollback plan not rehearsed: schedule a rehearsal or accept the risk.",
                    rollback.owner or release.owner,
                    facts.golive,
                    1,
                )
            )
    for conflict in ctx.conflicts():
        if value(conflict.kind) == "freeze":
            out.append(
                Decision(
                    ctx._conflict_release(conflict),
                    f"{conflict.message}: request a freeze exception or accept the later date.",
                    "Change advisory board",
                    today,
                    2,
                )
            )
    out.sort(key=lambda d: (-d.severity, d.by or date.max))
    return out
