"""Risks, gates and go/no-go, rollout and rollback, stakeholders, and the PIR."""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Table, TableStyle

from relm_desktop.domain.records import RiskRecord
from relm_desktop.domain.rules import risk_is_active, risk_score
from relm_desktop.reports import styles
from relm_desktop.reports.blocks import Writer
from relm_desktop.reports.context import (
    fmt_date,
    group_by,
    label,
    release_title,
    value,
)
from relm_desktop.reports.fonts import BOLD, REGULAR
from relm_desktop.reports.heatmap import HeatMap
from relm_desktop.reports.options import Section
from relm_desktop.reports.sections_summary import readiness_line, score_colour

STRATEGY_TEXT = {
    "big_bang": "Everything goes live for all users at once, in one deployment window.",
    "staged": "The release goes live in waves, to one group of users or systems at a time.",
    "pilot": "A pilot group uses the release first; the general rollout follows its sign-off.",
    "blue_green": "The new version runs beside the old one; traffic switches over in one step "
    "and can switch back just as fast.",
    "canary": "A small share of traffic goes to the new version first; the share grows while "
    "the health checks stay green.",
    "feature_flag": "The code ships dark; features are switched on by flag, audience by audience.",
}


def risks(w: Writer) -> list[Flowable]:
    """Heat map beside a summary, then the risk register."""
    ctx = w.ctx
    out: list[Flowable] = [w.h1(Section.RISKS)]
    found = ctx.risks()
    if not found:
        return [*out, w.empty("No risks are recorded.")]
    ident = {r.id: f"R{i}" for i, r in enumerate(found, start=1)}
    live = [r for r in found if risk_is_active(r)]
    cell = 31.0 if w.options.executive else 40.0  # an executive pack keeps it to 3 pages
    heat = HeatMap([(ident[r.id], r.probability, r.impact) for r in live], cell)
    by_status = group_by(found, "status")
    counts = [
        [label(k), str(len(v))] for k, v in sorted(by_status.items(), key=lambda kv: value(kv[0]))
    ]
    high = sum(1 for r in live if risk_score(r) >= styles.HIGH_SCORE)
    side: list[Flowable] = [
        styles.rich(
            f"<b>{len(live)}</b> open risks, <b>{high}</b> rated high "
            f"(score {styles.HIGH_SCORE} or more).",
            "body",
        ),
        w.gap(6),
        *styles.data_table(["Status", "Risks"], counts, [90, 50], align_right=(1,)),
        w.gap(8),
        w.note(
            "Cells show how many open risks sit at each probability × impact"
            + (
                ". The top risks are listed in the summary."
                if w.options.executive
                else ", with their ids from the register below."
            )
            + " Closed risks are not plotted."
        ),
    ]
    layout = Table(
        [[heat, side]], colWidths=[heat.width + 20, w.width - heat.width - 20], hAlign="LEFT"
    )
    layout.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONT", (0, 0), (-1, -1), REGULAR, 8),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    out += [layout, w.gap(10)]
    if w.options.executive:
        return out  # the top risks are listed in the summary
    shown = found
    rows = []
    extra: list[tuple[Any, ...]] = []
    for i, r in enumerate(shown):
        title: str | Paragraph = r.title
        more = _description(r)
        if more and not w.options.executive:
            title = styles.rich(
                f"<b>{styles.escape(r.title)}</b><br/><font color='#6B7785'>"
                f"{styles.escape(more)}</font>",
                "cell",
            )
        row = [
            ident[r.id],
            str(risk_score(r)),
            title,
            f"{r.probability} × {r.impact}",
            r.owner,
            label(r.status),
            r.mitigation or "—",
        ]
        if not w.options.executive:
            row.append(r.contingency or "—")
        rows.append(row)
        extra += [
            ("BACKGROUND", (1, i), (1, i), score_colour(risk_score(r))),
            ("TEXTCOLOR", (1, i), (1, i), colors.white),
            ("ALIGN", (1, i), (1, i), "CENTER"),
        ]
        if not risk_is_active(r):
            extra.append(("TEXTCOLOR", (2, i), (-1, i), styles.MUTED))
    headers = ["Id", "Score", "Risk", "P × I", "Owner", "Status", "Mitigation"]
    widths = [22, 34, 150, 36, 70, 52, w.width - 364]
    if not w.options.executive:
        headers.append("Contingency")
        widths = [22, 34, 124, 34, 62, 52, 88, w.width - 416]
    out += w.h3("Risk register" if not w.options.executive else "Open risks")
    out += styles.data_table(headers, rows, widths, extra=extra)
    return out


def _description(risk: RiskRecord) -> str:
    """The risk's description without a repeat of its title."""
    text = (risk.description or "").strip()
    title = (risk.title or "").strip()
    if text.lower().startswith(title.lower()):
        text = text[len(title) :].lstrip(" .:;-–—")
    return text


def gates(w: Writer) -> list[Flowable]:
    """Each release's gates with evidence and approver, and its go/no-go readiness."""
    ctx = w.ctx
    out: list[Flowable] = [w.h1(Section.GATES)]
    if not w.options.executive:
        out.append(
            w.note(
                "A release is GO when every gate is passed or waived, NO-GO when "
                "any gate failed, and PENDING otherwise."
            )
        )
    elif ctx.portfolio:
        return out + _readiness_overview(w)
    for release in ctx.releases:
        facts = ctx.facts(release)
        block: list[Flowable] = []
        if ctx.portfolio:
            block += w.h2(release_title(release))
        else:
            block.append(w.gap(6))
        block.append(readiness_line(w, facts))
        block.append(w.gap(5))
        if not facts.gates:
            out += [*block, w.empty("No gates are defined.")]
            continue
        rows = []
        extra: list[tuple[Any, ...]] = []
        colour = {
            "passed": styles.GREEN,
            "failed": styles.RED,
            "waived": styles.ACCENT,
            "pending": styles.AMBER,
        }
        for i, g in enumerate(facts.gates):
            evidence = g.evidence or ""
            if value(g.status) == "waived" and g.waiver_reason:
                evidence = f"Waived: {g.waiver_reason}" + (f"\n{evidence}" if evidence else "")
            rows.append(
                [
                    g.name,
                    label(g.category),
                    label(g.status),
                    evidence or "—",
                    g.approver or "—",
                    fmt_date(g.decided_on),
                ]
            )
            extra += [
                ("TEXTCOLOR", (2, i), (2, i), colour.get(value(g.status), styles.TEXT)),
                ("FONT", (2, i), (2, i), BOLD, 8, 10),
            ]
        table = styles.data_table(
            ["Gate", "Category", "Status", "Evidence", "Approver", "Decided"],
            rows,
            [140, 58, 48, w.width - 384, 80, 58],
            extra=extra,
        )
        out += [KeepTogether([*block, table[0]]), *table[1:]]
    return out


def _readiness_overview(w: Writer) -> list[Flowable]:
    """One line per release: readiness, gate counts and the gates still open."""
    ctx = w.ctx
    rows = []
    extra: list[tuple[Any, ...]] = []
    for i, release in enumerate(ctx.releases):
        facts = ctx.facts(release)
        gates = facts.go_no_go
        failed = [g.name for g in gates.failed]
        pending = [g.name for g in gates.pending]
        attention = "; ".join([*(f"failed: {n}" for n in failed), *pending[:3]])
        if len(pending) > 3:
            attention += f" (+{len(pending) - 3} more)"
        rows.append(
            [
                release_title(release),
                facts.readiness,
                str(gates.met),
                str(len(failed)),
                str(len(pending)),
                attention or "—",
            ]
        )
        extra += [
            ("TEXTCOLOR", (1, i), (1, i), styles.READINESS_COLOURS[facts.readiness]),
            ("FONT", (1, i), (1, i), BOLD, 8, 10),
        ]
    return styles.data_table(
        ["Release", "Readiness", "Passed", "Failed", "Pending", "Needs attention"],
        rows,
        [116, 58, 40, 38, 48, w.width - 300],
        align_right=(2, 3, 4),
        extra=extra,
    )


def rollout(w: Writer) -> list[Flowable]:
    """Strategy, environments, waves, feature flags and the rollback plan."""
    ctx = w.ctx
    out: list[Flowable] = [w.h1(Section.ROLLOUT)]
    env_names = {e.id: e.name for e in ctx.data.environments}
    release_envs: dict[int, list[str]] = {}
    for rid, eid in ctx.data.release_environments:
        release_envs.setdefault(rid, []).append(env_names.get(eid, f"#{eid}"))
    waves = group_by(ctx.data.waves, "release_id")
    flags = group_by(ctx.data.feature_flags, "release_id")
    plans = {p.release_id: p for p in ctx.data.rollbacks}
    for release in ctx.releases:
        if ctx.portfolio:
            out += w.h2(release_title(release))
        strategy = value(release.rollout_strategy)
        out.append(
            styles.rich(
                f"<b>Strategy: {styles.escape(label(release.rollout_strategy))}.</b> "
                f"{styles.escape(STRATEGY_TEXT.get(strategy, ''))}"
            )
        )
        if release_envs.get(release.id):
            out.append(w.note("Deploys to: " + " → ".join(release_envs[release.id])))
        out.append(w.gap(4))
        if waves.get(release.id):
            rows = [
                [
                    str(i + 1),
                    wv.name,
                    wv.audience or "—",
                    f"{wv.percentage}%" if wv.percentage is not None else "—",
                    fmt_date(wv.day),
                ]
                for i, wv in enumerate(waves[release.id])
            ]
            out += w.h3("Rollout waves")
            out += styles.data_table(
                ["#", "Wave", "Audience", "Share", "Date"],
                rows,
                [20, 120, w.width - 270, 50, 80],
                align_right=(3,),
            )
        if flags.get(release.id):
            rows = [
                [f.name, f.description or "—", "On" if f.default_on else "Off"]
                for f in flags[release.id]
            ]
            out += w.h3("Feature flags")
            out += styles.data_table(
                ["Flag", "What it switches", "Default"], rows, [140, w.width - 200, 60]
            )
        plan = plans.get(release.id)
        out += w.h3("Rollback plan")
        if plan is None:
            out.append(
                styles.rich("<font color='#C8463D'><b>No rollback plan is recorded.</b></font>")
            )
            continue
        hours, minutes = divmod(int(plan.estimated_minutes or 0), 60)
        duration = f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"
        out.append(
            styles.key_value_table(
                [
                    ("Trigger criteria", plan.triggers or "—"),
                    ("Steps", plan.steps or "—"),
                    ("Estimated time", duration),
                    ("Owner", plan.owner or release.owner or "—"),
                    ("Rehearsed", "Yes" if plan.rehearsed else "No — rehearsal outstanding"),
                ],
                w.width,
            )
        )
    return out


def stakeholders(w: Writer) -> list[Flowable]:
    """RACI roles per release and who receives this pack."""
    ctx = w.ctx
    out: list[Flowable] = [w.h1(Section.STAKEHOLDERS)]
    people = {s.id: s for s in ctx.data.stakeholders}
    roles = [r for r in ctx.data.stakeholder_roles if r.release_id in ctx.release_ids]
    out += w.h2("Roles (RACI)")
    if not roles:
        out.append(w.empty("No stakeholder roles are recorded."))
    elif ctx.portfolio:
        matrix: dict[int, dict[int, str]] = {}
        for r in roles:
            matrix.setdefault(r.stakeholder_id, {})[r.release_id] = value(r.raci)
        names = [release_title(r) for r in ctx.releases]
        col = min(70.0, (w.width - 210) / max(1, len(names)))
        rows = [
            [people[sid].name, people[sid].title] + [cells.get(r.id, "") for r in ctx.releases]
            for sid, cells in matrix.items()
            if sid in people
        ]
        out += styles.data_table(
            ["Name", "Title", *names],
            rows,
            [100, w.width - 100 - col * len(names)] + [col] * len(names),
        )
        out.append(w.note("R responsible · A accountable · C consulted · I informed"))
    else:
        rows = [
            [
                people[r.stakeholder_id].name,
                people[r.stakeholder_id].title,
                label(r.raci),
                people[r.stakeholder_id].email,
            ]
            for r in sorted(roles, key=lambda r: ("RACI".index(value(r.raci)), r.id))
            if r.stakeholder_id in people
        ]
        out += styles.data_table(
            ["Name", "Title", "Role", "Email"], rows, [120, 150, 80, w.width - 350]
        )
    out += w.h2("Distribution list")
    involved = {r.stakeholder_id for r in roles}
    receivers = [
        s
        for s in ctx.data.stakeholders
        if s.receives_pack and (ctx.portfolio or s.id in involved or not roles)
    ]
    if not receivers:
        return [*out, w.empty("Nobody is marked to receive the pack.")]
    rows = [[s.name, s.title, s.email] for s in receivers]
    out += styles.data_table(["Name", "Title", "Email"], rows, [140, 170, w.width - 310])
    return out


def pir(w: Writer) -> list[Flowable]:
    """The post-implementation review of each release that held one."""
    ctx = w.ctx
    reviews = [r for r in ctx.data.reviews if r.release_id in ctx.release_ids and r.held_on]
    if not reviews:
        return []
    out: list[Flowable] = [w.h1(Section.PIR)]
    actions = group_by(ctx.data.review_actions, "review_id")
    for review in reviews:
        if ctx.portfolio:
            out += w.h2(ctx.release_name(review.release_id))
        out.append(
            styles.key_value_table(
                [
                    ("Held on", fmt_date(review.held_on)),
                    ("Outcome", review.outcome or "—"),
                    ("Incidents", review.incidents or "None"),
                    ("What went well", review.went_well or "—"),
                    ("What went badly", review.went_badly or "—"),
                ],
                w.width,
            )
        )
        items = actions.get(review.id, [])
        if items:
            out += w.h3("Actions")
            rows = [
                [a.action, a.owner or "—", fmt_date(a.due), "Done" if a.done else "Open"]
                for a in items
            ]
            extra = [
                ("TEXTCOLOR", (3, i), (3, i), styles.GREEN if a.done else styles.AMBER)
                for i, a in enumerate(items)
            ]
            out += styles.data_table(
                ["Action", "Owner", "Due", "Status"],
                rows,
                [w.width - 230, 100, 80, 50],
                extra=extra,
            )
    return out
