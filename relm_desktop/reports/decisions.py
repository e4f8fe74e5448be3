"""Decisions a pack asks its readers for, derived from gates, dates, risks and conflicts."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from relm_desktop.domain.rules import risk_is_active, risk_score
from relm_desktop.domain.text import plural
from relm_desktop.reports import styles
from relm_desktop.reports.context import Decision, fmt_date, label, release_title, value

if TYPE_CHECKING:
    from relm_desktop.reports.context import PackContext
    from relm_desktop.scheduling.model import Conflict


def decisions(ctx: PackContext) -> list[Decision]:
    """Failed gates, a hand-set status the facts contradict, go-lives after target,
    occurred or high risks, unrehearsed rollback plans and the scheduler's conflicts
    (freeze moves, environment clashes, over-allocated teams, cycles, unmet
    constraints), most severe first."""
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
        if facts.derived.contradicts(value(release.rag)):
            out.append(
                Decision(
                    name,
                    f"Status is set {label(release.rag)} but the facts say "
                    f"{facts.derived.rag.capitalize()} ({'; '.join(facts.derived.reasons)}): "
                    "correct the status or record why it stands.",
                    release.owner,
                    today,
                    3 if facts.derived.rag == "red" else 2,
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
    out += _conflict_decisions(ctx, today)
    out.sort(key=lambda d: (-d.severity, d.by or date.max))
    return out


#: What the readers are asked to do about each kind of scheduler conflict, who
#: decides, and how severe it is; a late go-live is asked about per release above.
_CONFLICT_ASKS: dict[str, tuple[str, str, int]] = {
    "freeze": ("request a freeze exception or accept the later date", "Change advisory board", 2),
    "environment_clash": (
        "agree which release uses the environment first, or book another",
        "Environment manager",
        2,
    ),
    "over_capacity": ("add people, move work or accept the later dates", "Resource manager", 2),
    "cycle": ("break the dependency cycle: the dates around it are not reliable", "Planner", 3),
    "constraint": ("move the fixed date or the work that blocks it", "Planner", 2),
}
#: Conflicts of one kind listed one by one; the rest are counted in one line.
_CONFLICTS_LISTED = 4


def _conflict_decisions(ctx: PackContext, today: date) -> list[Decision]:
    out: list[Decision] = []
    by_kind: dict[str, list[Conflict]] = {}
    for conflict in ctx.conflicts():
        by_kind.setdefault(value(conflict.kind), []).append(conflict)
    for kind, (ask, owner, severity) in _CONFLICT_ASKS.items():
        found = by_kind.get(kind, [])
        for conflict in found[:_CONFLICTS_LISTED]:
            out.append(
                Decision(
                    ctx._conflict_release(conflict),
                    f"{conflict.message.rstrip('.')}: {ask}.",
                    owner,
                    today,
                    severity,
                )
            )
        rest = len(found) - _CONFLICTS_LISTED
        if rest > 0:
            out.append(
                Decision(
                    "Portfolio" if ctx.portfolio else ctx.scope_title,
                    f"{plural(rest, 'more conflict')} of the same kind ({kind.replace('_', ' ')}).",
                    owner,
                    today,
                    severity,
                )
            )
    return out
