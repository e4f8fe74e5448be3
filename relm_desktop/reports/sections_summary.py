"""Executive summary and milestones."""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.lib.colors import Color
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from relm_desktop.domain.rules import risk_score
from relm_desktop.reports import styles
from relm_desktop.reports.blocks import Writer
from relm_desktop.reports.context import (
    GO,
    ReleaseFacts,
    fmt_date,
    label,
    release_title,
    short_date,
    value,
)
from relm_desktop.reports.fonts import BOLD, REGULAR
from relm_desktop.reports.options import Section
from relm_desktop.reports.roadmap import roadmap

EXEC_MILESTONES = 12
_SCORE_COLOURS = (styles.GREEN, colors.HexColor("#C9B62F"), styles.AMBER, styles.RED)


def summary(w: Writer) -> list[Flowable]:
    """RAG with its note, go-live and slip, readiness, top risks and decisions needed."""
    ctx = w.ctx
    out: list[Flowable] = [w.h1(Section.SUMMARY)]
    if ctx.portfolio:
        out += _portfolio_overview(w)
    else:
        release = ctx.releases[0]
        facts = ctx.facts(release)
        out.append(_kpi_strip(w, facts))
        out.append(w.gap(10))
        rag = value(release.rag)
        note = [
            styles.rich(
                f"<b>Status {styles.escape(label(release.rag))}.</b> "
                f"{styles.escape(release.rag_note or 'No status note recorded.')}"
            )
        ]
        if release.objective:
            note.append(styles.rich(f"<b>Objective.</b> {styles.escape(release.objective)}"))
        out.append(w.callout(note, styles.RAG_COLOURS.get(rag, styles.GREY)))
    out += _top_risks(w)
    out += _decisions(w)
    return out


def timeline(w: Writer) -> list[Flowable]:
    """The executive pack's one-page timeline (``reports.roadmap``), whole on one page.

    It closes the pack, where the gates and risks page has room for it, so
    the pack of one release stays at three pages.
    """
    chart = roadmap(w.ctx)
    if not w.options.executive or not chart.lanes:
        return []
    return [w.gap(10), chart]  # it shrinks its rows to the room left, or moves on whole


#: How "By facts" is derived, printed under the tables that show it (``reports.rag``).
RAG_RULE = (
    "“By facts”: red when the forecast go-live is after the target, the go-live date has "
    "passed before the work is done, or a gate failed; amber for an open high or occurred "
    "risk or a slip against the baseline; green otherwise."
)


def _first_reason(reasons: tuple[str, ...]) -> str:
    """The first reason for the derived RAG, and how many more ("Decisions needed" has all)."""
    if not reasons:
        return ""
    more = f" (+{len(reasons) - 1} more)" if len(reasons) > 1 else ""
    return reasons[0] + more


def _late_text(days: int | None) -> str:
    """Forecast against target: '+21 d' late, '−3 d' early, 'on target', '—' without one."""
    if days is None:
        return "—"
    if days == 0:
        return "on target"
    return f"{days:+d} d".replace("-", "−")


def _slip_text(days: int | None) -> str:
    if days is None:
        return "no baseline"
    if days == 0:
        return "on baseline"
    return f"{abs(days)} days {'later' if days > 0 else 'earlier'} than baseline"


def _kpi_strip(w: Writer, facts: ReleaseFacts) -> Table:
    release = facts.release
    gates = facts.gates
    done = facts.go_no_go.met
    failed = len(facts.go_no_go.failed)
    target = (
        f"target {fmt_date(facts.target)}"
        + (f" · {facts.late_days} days late" if facts.late_days and facts.late_days > 0 else "")
        if facts.target
        else "no target date"
    )
    tiles = [
        (
            "RAG SET · BY FACTS",
            f"{label(release.rag)} · {facts.derived.rag.capitalize()}",
            styles.RAG_COLOURS.get(facts.derived.rag),
            _first_reason(facts.derived.reasons) or label(release.status),
        ),
        ("GO-LIVE FORECAST", fmt_date(facts.golive), None, target),
        (
            "SLIP VS BASELINE",
            "—" if facts.slip_days is None else f"{facts.slip_days:+d} days",
            styles.RED if (facts.slip_days or 0) > 0 else None,
            _slip_text(facts.slip_days),
        ),
        (
            "READINESS",
            facts.readiness,
            styles.READINESS_COLOURS[facts.readiness],
            f"{done} of {len(gates)} gates passed or waived"
            + (f", {failed} failed" if failed else ""),
        ),
        (
            "PROGRESS",
            f"{facts.progress}%",
            None,
            f"{facts.tasks} tasks · {facts.critical} critical",
        ),
    ]
    return _tiles(w.width, tiles)


def _tiles(width: float, tiles: list[tuple[str, str, Any, str]]) -> Table:
    sheet = styles.sheet()
    cells = []
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 8),
        ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        ("TOPPADDING", (0, 0), (-1, -1), 7),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
    ]
    for i, (name, big, colour, note) in enumerate(tiles):
        value_style = sheet["kpi_value"]
        if colour is not None:
            value_style = ParagraphStyle(f"kv{i}", value_style, textColor=colour)
        cells.append(
            [
                styles.para(name, "kpi_label"),
                Paragraph(styles.escape(big), value_style),
                styles.para(note, "kpi_note"),
            ]
        )
        commands.append(("BACKGROUND", (i, 0), (i, 0), styles.PANEL))
        commands.append(("LINEABOVE", (i, 0), (i, 0), 2.5, colour or styles.NAVY))
    gap = 5.0
    col = (width - gap * (len(tiles) - 1)) / len(tiles)
    row: list[Any] = []
    widths: list[float] = []
    for i, cell in enumerate(cells):
        if i:
            row.append("")
            widths.append(gap)
        row.append(cell)
        widths.append(col)
    # the spacer columns sit between tiles: shift tile styles to their real columns
    fixed = []
    for cmd in commands:
        name, (c0, r0), (c1, r1), *args = cmd
        if c0 >= 0 and c0 == c1 and name in ("BACKGROUND", "LINEABOVE"):
            fixed.append((name, (c0 * 2, r0), (c1 * 2, r1), *args))
        else:
            fixed.append(cmd)
    table = Table([row], colWidths=widths, hAlign="LEFT")
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), REGULAR, 8), *fixed]))
    return table


def _portfolio_overview(w: Writer) -> list[Flowable]:
    ctx = w.ctx
    rows = []
    extra: list[tuple[Any, ...]] = []
    for i, release in enumerate(ctx.releases):
        f = ctx.facts(release)
        rows.append(
            [
                release_title(release),
                label(release.status),
                label(release.rag),
                f.derived.rag.capitalize(),
                short_date(f.target),
                short_date(f.golive),
                _late_text(f.late_days),
                f.readiness,
                f"{f.progress}%",
            ]
        )
        for column, rag in ((2, value(release.rag)), (3, f.derived.rag)):
            extra.append(
                ("TEXTCOLOR", (column, i), (column, i), styles.RAG_COLOURS.get(rag, styles.TEXT))
            )
            extra.append(("FONT", (column, i), (column, i), BOLD, 8, 10))
        if f.late_days and f.late_days > 0:
            extra.append(("TEXTCOLOR", (6, i), (6, i), styles.RED))
        extra.append(("TEXTCOLOR", (7, i), (7, i), styles.READINESS_COLOURS[f.readiness]))
        extra.append(("FONT", (7, i), (7, i), BOLD, 8, 10))
    fixed = [50, 40, 40, 50, 50, 40, 60, 32]
    widths = [w.width - sum(fixed), *fixed]
    out: list[Flowable] = [*w.h3("Portfolio at a glance")]
    out += styles.data_table(
        [
            "Release",
            "Status",
            "RAG set",
            "By facts",
            "Target",
            "Forecast",
            "vs target",
            "Readiness",
            "Done",
        ],
        rows,
        widths,
        align_right=(6, 8),
        bold_first=True,
        extra=extra,
    )
    out.append(w.note(RAG_RULE + f" Dates as of {fmt_date(ctx.options.today)}."))
    notes = []
    for release in ctx.releases:
        if release.rag_note and value(release.status) not in ("deployed", "cancelled"):
            colour = styles.RAG_COLOURS.get(value(release.rag), styles.GREY).hexval()[2:]
            notes.append(
                styles.rich(
                    f"<font color='#{colour}'><b>■</b></font> "
                    f"<b>{styles.escape(release.name)}:</b> {styles.escape(release.rag_note)}",
                    "body",
                )
            )
    if notes:
        out += [w.gap(8), w.callout(notes, styles.NAVY)]
    return out


def _top_risks(w: Writer) -> list[Flowable]:
    ctx = w.ctx
    risks = ctx.top_risks()
    heading = w.h3("Top risks")
    if not risks:
        return [w.gap(6), *heading, w.empty("No open risks.")]
    rows = []
    extra: list[tuple[Any, ...]] = []
    for i, risk in enumerate(risks):
        rows.append(
            [
                str(risk_score(risk)),
                risk.title,
                risk.owner,
                label(risk.status),
                risk.mitigation or "—",
            ]
            + ([ctx.release_name(risk.release_id)] if ctx.portfolio else [])
        )
        extra.append(("BACKGROUND", (0, i), (0, i), score_colour(risk_score(risk))))
        extra.append(("TEXTCOLOR", (0, i), (0, i), colors.white))
        extra.append(("FONT", (0, i), (0, i), BOLD, 8, 10))
        extra.append(("ALIGN", (0, i), (0, i), "CENTER"))
    headers = ["Score", "Risk", "Owner", "Status", "Mitigation"]
    widths = [34, 165, 80, 58, w.width - 337]
    if ctx.portfolio:
        headers.append("Release")
        widths = [34, 130, 70, 56, w.width - 380, 90]
    return [w.gap(6), *heading, *styles.data_table(headers, rows, widths, extra=extra)]


def _decisions(w: Writer) -> list[Flowable]:
    decisions = w.ctx.decisions()
    heading = w.h3("Decisions needed")
    if not decisions:
        return [
            w.gap(6),
            *heading,
            w.empty("No decisions are needed from the readers of this pack."),
        ]
    limit = 4 if w.options.executive else 30
    rows = [
        [str(i + 1), d.text, d.owner or "—", fmt_date(d.by)]
        + ([d.release] if w.ctx.portfolio else [])
        for i, d in enumerate(decisions[:limit])
    ]
    headers = ["#", "Decision", "Owner", "By"]
    widths = [20, w.width - 190, 100, 70]
    if w.ctx.portfolio:
        headers.append("Release")
        widths = [20, w.width - 280, 90, 70, 100]
    table = styles.data_table(headers, rows, widths)
    out: list[Flowable] = [w.gap(6), *heading, *table]
    if len(decisions) > limit:
        out.append(w.note(f"and {len(decisions) - limit} more; see the full pack."))
    return out


def score_colour(points: int) -> Color:
    """The colour of a risk score (1–25) in a table cell: its band's (``styles.score_band``)."""
    return _SCORE_COLOURS[styles.score_band(points)]


def milestones(w: Writer) -> list[Flowable]:
    """Every milestone with forecast, baseline and variance."""
    ctx = w.ctx
    out: list[Flowable] = [w.h1(Section.MILESTONES)]
    found = ctx.milestones()
    if not found:
        return [*out, w.empty("This release has no milestones.")]
    hidden = 0
    if w.options.executive:  # the open milestones only, the next dozen
        open_ = [t for t in found if t.percent_complete < 100 and not t.actual_finish]
        limit = EXEC_MILESTONES // (2 if ctx.portfolio else 1)
        hidden = len(found) - len(open_[:limit])
        found = open_[:limit]
    rows = []
    extra: list[tuple[Any, ...]] = []
    today = ctx.options.today
    for i, task in enumerate(found):
        s = ctx.sched(task.id)
        day = s.start if s else None
        base = task.baseline_finish or task.baseline_start
        variance = (day - base).days if day and base else None
        if task.percent_complete >= 100 or task.actual_finish:
            state = "Achieved"
        elif day and day < today:
            state = "Overdue"
        elif s and s.critical:
            state = "Critical"
        else:
            state = "Planned"
        row = [
            task.name,
            fmt_date(day),
            fmt_date(base),
            "—" if variance is None else f"{variance:+d} d",
            state,
        ]
        if ctx.portfolio:
            row.insert(1, ctx.release_name(task.release_id))
        rows.append(row)
        colour = {"Achieved": styles.GREEN, "Overdue": styles.RED, "Critical": styles.CRITICAL}
        if state in colour:
            col = len(row) - 1
            extra.append(("TEXTCOLOR", (col, i), (col, i), colour[state]))
        if variance and variance > 0:
            col = len(row) - 2
            extra.append(("TEXTCOLOR", (col, i), (col, i), styles.RED))
    headers = ["Milestone", "Forecast", "Baseline", "Variance", "Status"]
    widths = [w.width - 265, 72, 72, 56, 65]
    if ctx.portfolio:
        headers.insert(1, "Release")
        widths = [w.width - 365, 100, 70, 70, 50, 55]
    out += styles.data_table(headers, rows, widths, align_right=(len(headers) - 2,), extra=extra)
    done = sum(1 for r in rows if r[-1] == "Achieved")
    out.append(w.gap(4))
    more = f" {hidden} more (achieved or later) are in the full pack." if hidden else ""
    out.append(
        w.note(
            f"{len(rows)} milestones, {done} achieved.{more} Variance is the forecast "
            "against the baseline in calendar days (positive = later)."
        )
    )
    return out


def readiness_line(w: Writer, facts: ReleaseFacts) -> Flowable:
    """'Readiness: GO — all 5 gates passed or waived' with a coloured badge."""
    gates = facts.gates
    passed = facts.go_no_go.met
    failed = [g.name for g in facts.go_no_go.failed]
    if facts.readiness == GO:
        why = f"all {len(gates)} gates passed or waived"
    elif failed:
        why = f"{len(failed)} failed: " + ", ".join(failed)
    elif not gates:
        why = "no gates defined for this release"
    else:
        why = f"{passed} of {len(gates)} gates passed or waived; the rest are pending"
    colour = styles.READINESS_COLOURS[facts.readiness].hexval()[2:]
    return styles.rich(
        f"<font backColor='#{colour}' color='#FFFFFF'><b>&nbsp;{facts.readiness}&nbsp;</b></font>"
        f"&nbsp;&nbsp;{styles.escape(why)}",
        "body",
    )
