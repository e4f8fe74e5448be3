"""Scope, dependencies on other releases and suppliers, the task schedule and the change log."""

from __future__ import annotations

from typing import Any

from reportlab.lib.colors import Color
from reportlab.platypus import Flowable

from relm_desktop.domain.records import DependencyRecord
from relm_desktop.reports import moves, styles
from relm_desktop.reports.blocks import Writer
from relm_desktop.reports.context import (
    fmt_date,
    group_by,
    label,
    release_title,
    short_date,
    value,
)
from relm_desktop.reports.fasttable import fast_table
from relm_desktop.reports.options import AuditEntry, Section

CHANGE_LIMIT = 400  # rows of the change log; older changes are counted, not listed
FIRST_PACK_LIMIT = 60  # the first pack of a plan lists only its latest changes


def scope(w: Writer) -> list[Flowable]:
    """The release's content: what is in and what was taken out."""
    ctx = w.ctx
    out: list[Flowable] = [w.h1(Section.SCOPE)]
    by_release = group_by(
        (s for s in ctx.data.scope if s.release_id in ctx.release_ids), "release_id"
    )
    if not by_release:
        return [*out, w.empty("No scope items are recorded.")]
    for release in ctx.releases:
        items = by_release.get(release.id, [])
        if ctx.portfolio:
            out += w.h2(release_title(release))
        if not items:
            out.append(w.empty("No scope items are recorded."))
            continue
        inside = [s for s in items if value(s.status) == "in"]
        outside = [s for s in items if value(s.status) != "in"]
        kinds = group_by(inside, "item_kind")
        counts = ", ".join(
            f"{len(v)} {label(k).lower()}{'s' if len(v) > 1 else ''}"
            for k, v in sorted(kinds.items(), key=lambda kv: value(kv[0]))
        )
        out.append(w.note(f"{len(inside)} items in scope ({counts}); {len(outside)} out of scope."))
        out.append(w.gap(4))
        rows = [
            [
                s.key or "—",
                s.title,
                label(s.item_kind),
                s.size or "—",
                "In scope" if value(s.status) == "in" else "Out of scope",
            ]
            for s in inside + outside
        ]
        extra = [
            ("TEXTCOLOR", (0, i), (-1, i), styles.MUTED) for i in range(len(inside), len(rows))
        ]
        out += styles.data_table(
            ["Key", "Title", "Kind", "Size", "Status"],
            rows,
            [70, w.width - 260, 70, 45, 75],
            extra=extra,
        )
    return out


def dependencies(w: Writer) -> list[Flowable]:
    """Links that cross into other releases, and the work of third-party suppliers."""
    ctx = w.ctx
    out: list[Flowable] = [w.h1(Section.DEPENDENCIES)]
    out += w.h2("Links to and from other releases")
    links = ctx.cross_links()
    if links:
        rows = []
        extra = []
        for i, (link, pred, succ) in enumerate(links):
            ps, ss = ctx.sched(pred.id), ctx.sched(succ.id)
            lag = f"{link.lag:+d} d" if link.lag else ""
            rows.append(
                [
                    f"{ctx.release_name(pred.release_id)}: {pred.name}",
                    f"{ctx.release_name(succ.release_id)}: {succ.name}",
                    f"{value(link.type)} {lag}".strip(),
                    fmt_date(ps.finish if ps else None),
                    fmt_date(ss.start if ss else None),
                    "Yes" if ps and ss and ps.critical and ss.critical else "",
                ]
            )
            if rows[-1][-1]:
                extra.append(("TEXTCOLOR", (5, i), (5, i), styles.CRITICAL))
        out += styles.data_table(
            [
                "Predecessor (release: task)",
                "Successor (release: task)",
                "Link",
                "Pred. finish",
                "Succ. start",
                "Critical",
            ],
            rows,
            [130, 130, 46, 58, 58, w.width - 422],
            extra=extra,
        )
        out.append(
            w.note(
                "Link types: FS finish-to-start, SS start-to-start, FF finish-to-"
                "finish, SF start-to-finish; lag in working days."
            )
        )
    else:
        out.append(w.empty("No links cross into other releases."))
    out += w.h2("Supplier deliveries")
    work = ctx.supplier_tasks()
    if not work:
        return [*out, w.empty("No tasks are assigned to third-party suppliers.")]
    rows = []
    extra = []
    for i, task in enumerate(work):
        s = ctx.sched(task.id)
        rows.append(
            [
                ctx.team_name(task.team_id),
                task.name,
                fmt_date(s.start if s else None),
                fmt_date(s.finish if s else None),
                f"{task.percent_complete}%",
                str(s.total_float) if s else "—",
                "Yes" if s and s.critical else "",
            ]
        )
        if s and s.critical:
            extra.append(("TEXTCOLOR", (6, i), (6, i), styles.CRITICAL))
    out += styles.data_table(
        ["Supplier", "Task", "Start", "Finish", "Done", "Float", "Critical"],
        rows,
        [100, w.width - 367, 62, 62, 38, 45, 60],
        align_right=(4, 5),
        extra=extra,
    )
    contacts = {t.name: t.contact for t in ctx.data.teams if t.is_supplier and t.contact}
    used = {r[0] for r in rows}
    if any(name in contacts for name in used):
        out.append(
            w.note(
                "Supplier contacts: "
                + "; ".join(f"{n}: {contacts[n]}" for n in sorted(used) if n in contacts)
            )
        )
    return out


def schedule(w: Writer) -> list[Flowable]:
    """Every task with its dates, float and progress (critical tasks in red)."""
    ctx = w.ctx
    out: list[Flowable] = [w.h1(Section.SCHEDULE)]
    tasks = ctx.tasks
    if not tasks:
        return [*out, w.empty("There are no tasks.")]
    phase_name: dict[int | None, str] = {p.id: p.name for p in ctx.data.phases}
    rows: list[list[str]] = []
    colours: dict[tuple[int, int], Color] = {}
    team: dict[int | None, str] = {t.id: t.name for t in ctx.data.teams}
    for i, task in enumerate(tasks):
        s = ctx.sched(task.id)
        rows.append(
            [
                task.name,
                ctx.release_name(task.release_id)
                if ctx.portfolio
                else phase_name.get(task.phase_id, ""),
                team.get(task.team_id, ""),
                short_date(s.start if s else None),
                short_date(s.finish if s else None),
                "◆" if task.duration == 0 else str(task.duration),
                str(s.total_float) if s else "—",
                f"{task.percent_complete}%",
            ]
        )
        if s and s.critical:
            colours[(i, 0)] = styles.CRITICAL
    out.append(
        w.note(
            f"{len(rows)} tasks. Days are working days; float is total float in "
            "working days. Critical tasks are shown in red."
        )
    )
    out.append(w.gap(4))
    out.append(
        fast_table(
            [
                "Task",
                "Release" if ctx.portfolio else "Phase",
                "Team",
                "Start",
                "Finish",
                "Days",
                "Float",
                "Done",
            ],
            rows,
            [w.width - 334, 56, 74, 50, 50, 34, 36, 34],
            align_right=(5, 6, 7),
            colours=colours,
        )
    )
    return out


def changes(w: Writer) -> list[Flowable]:
    """The audit trail since the last pack, newest first."""
    ctx = w.ctx
    out: list[Flowable] = [w.h1(Section.CHANGES)]
    since = ctx.options.last_pack_at
    found = ctx.changes()
    out += _moved(w)
    intro = (
        f"Changes recorded since the last pack on {since:%d %b %Y %H:%M}"
        if since
        else "No pack was made before: this is every change recorded"
    )
    if not found:
        return [*out, w.empty(intro + ": none.")]
    people = sorted({c.user for c in found})
    out.append(w.note(f"{intro}: {len(found)} changes by {', '.join(people)}."))
    out.append(w.gap(4))
    out += _change_summary(w, found)
    limit = CHANGE_LIMIT if since else FIRST_PACK_LIMIT
    out += w.h3("Latest changes" if len(found) > limit else "Every change")
    rows = []
    links: dict[int | None, DependencyRecord] = {link.id: link for link in ctx.data.links}
    for c in found[:limit]:
        what = c.label or f"{c.entity} #{c.entity_id}"
        link = links.get(c.entity_id) if c.entity == "dependency" else None
        if link is not None:  # name the tasks rather than the link's number
            pred, succ = (
                ctx.task_by_id.get(link.predecessor_id),
                ctx.task_by_id.get(link.successor_id),
            )
            if pred is not None and succ is not None:
                what = f"link {pred.name} → {succ.name}"
        if c.field:
            old = "—" if c.old in (None, "") else c.old
            new = "—" if c.new in (None, "") else c.new
            detail = f"{c.field}: {old} → {new}"
        else:
            detail = ""
        rows.append([f"{c.at:%d %b %Y %H:%M}", c.user, label(c.action), what, detail])
    out.append(
        fast_table(
            ["When", "Who", "Action", "What", "Change"], rows, [86, 56, 46, 150, w.width - 338]
        )
    )
    if len(found) > limit:
        out.append(
            w.note(f"and {len(found) - limit} earlier changes (see the plan's audit trail).")
        )
    return out


def _moved(w: Writer) -> list[Flowable]:
    """Old → new go-live and milestone dates, scope, risks and gates since the last pack
    of this release (or the portfolio) and preset."""
    shown = w.ctx.options.last_shown
    if shown is None:
        return []
    found = moves.moves(w.ctx, dict(shown))
    out: list[Flowable] = [*w.h3("Moved since the last pack")]
    if not found:
        return [*out, w.empty("Nothing moved: dates, scope, risks and gates are as last shown.")]
    rows = [[m.release, m.what, m.old, m.new] for m in found]
    extra = [("TEXTCOLOR", (3, i), (3, i), styles.RED) for i, m in enumerate(found) if m.worse]
    out += styles.data_table(
        ["Release", "What", "Last pack", "Now"],
        rows,
        [110, w.width - 340, 110, 120],
        extra=extra,
    )
    return [*out, w.gap(10)]


def _change_summary(w: Writer, found: list[AuditEntry]) -> list[Flowable]:
    """How many things of each kind were created, changed and deleted."""
    counts: dict[str, dict[str, set[Any]]] = {}
    for c in found:
        kind = counts.setdefault(c.entity, {})
        kind.setdefault(value(c.action), set()).add(c.entity_id)
    actions = ("create", "update", "delete", "undo", "redo")
    rows = [
        [entity.replace("_", " ").capitalize()]
        + [str(len(done.get(a, ()))) if done.get(a) else "" for a in actions]
        for entity, done in sorted(counts.items(), key=lambda kv: -sum(map(len, kv[1].values())))
    ]
    return [
        *w.h3("Summary"),
        *styles.data_table(
            ["What", "Created", "Changed", "Deleted", "Undone", "Redone"],
            rows,
            [140, 60, 60, 60, 60, 60],
            align_right=(1, 2, 3, 4, 5),
        ),
        w.gap(4),
    ]
