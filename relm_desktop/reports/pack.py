"""Assembling a release pack: cover, contents, the chosen sections, metadata.

``write_pack`` is the one entry point. It takes plain data — the plan's
records, its schedule, a few options and the audit records since the last
pack — and writes the PDF to a path or a binary file.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO

from reportlab import rl_config
from reportlab.platypus import CondPageBreak, Flowable, NextPageTemplate, PageBreak, Spacer

from relm_desktop.domain.records import PlanData
from relm_desktop.reports import (
    moves,
    sections_plan,
    sections_readiness,
    sections_summary,
)
from relm_desktop.reports.blocks import Writer
from relm_desktop.reports.context import PackContext
from relm_desktop.reports.cover import Cover
from relm_desktop.reports.document import (
    LANDSCAPE,
    Bookmark,
    Chrome,
    Heading,
    PackDocument,
    TocPage,
    frame_size,
    toc_pages,
)
from relm_desktop.reports.fonts import register_fonts
from relm_desktop.reports.gantt import (
    GanttChart,
    by_release,
    freeze_bands,
    gantt_links,
    gantt_rows,
    make_scale,
    make_scales,
    summary_rows,
)
from relm_desktop.reports.options import (
    AuditEntry,
    CancelFn,
    PackCancelledError,
    PackOptions,
    ProgressFn,
    Section,
)
from relm_desktop.scheduling.model import ScheduleResult


@dataclass(frozen=True, slots=True)
class PackResult:
    """What was written."""

    pages: int
    sections: tuple[Section, ...]
    headings: tuple[str, ...]
    #: What the pack showed (``reports.moves.snapshot``, JSON), for whom, as of
    #: when: what its pack record keeps.
    shown: str = "{}"
    release_id: int | None = None
    preset: str = "full"
    status_date: date | None = None


def gantt(w: Writer) -> list[Flowable]:
    """The Gantt chart on landscape pages: one chart per release, on its own time span."""
    ctx = w.ctx
    width, _ = frame_size(LANDSCAPE)
    rows = gantt_rows(ctx)
    summary = ctx.options.gantt_level == "summary"
    heading = w.h1(Section.GANTT)
    tasks = sum(1 for r in rows if r.kind in ("task", "milestone", "summary"))
    if summary:
        rows = summary_rows(rows)
        text = (
            f"Summary level: releases and phases only ({tasks} tasks from {ctx.scope_title} "
            "are rolled up into their phases; the task schedule lists them all)."
        )
    else:
        text = (
            f"{tasks} tasks from {ctx.scope_title}. Bars show the forecast; the thin grey bar "
            "below is the baseline. Dates are working days; red marks the critical path. "
            + ("Each release is drawn on its own time span. " if ctx.portfolio else "")
            + "Every day gets at least 1 mm; a longer span continues on the pages after "
            "(“page 2 of 3 across”), and an open arrow marks a link to another page."
        )
    intro = w.note(text)
    if not rows:
        return [heading, w.empty("There are no tasks to chart.")]
    links = gantt_links(ctx)
    bands = freeze_bands(ctx)
    today = ctx.options.today
    charts: list[Flowable] = []
    for group in by_release(rows) if not summary else [rows]:
        # the summary fits one span; task rows get 1 mm a day, paging across
        scales = make_scale(group, width, today) if summary else make_scales(group, width, today)
        charts += [PageBreak()] if charts else []
        charts.append(GanttChart(group, links, bands, scales, today))
    return [
        NextPageTemplate("landscape"),
        PageBreak(),
        heading,
        intro,
        w.gap(6),
        *charts,
        NextPageTemplate("portrait"),
    ]


WRITERS: dict[Section, Callable[[Writer], list[Flowable]]] = {
    Section.SUMMARY: sections_summary.summary,
    Section.MILESTONES: sections_summary.milestones,
    Section.GANTT: gantt,
    Section.SCOPE: sections_plan.scope,
    Section.DEPENDENCIES: sections_plan.dependencies,
    Section.RISKS: sections_readiness.risks,
    Section.GATES: sections_readiness.gates,
    Section.ROLLOUT: sections_readiness.rollout,
    Section.STAKEHOLDERS: sections_readiness.stakeholders,
    Section.PIR: sections_readiness.pir,
    Section.SCHEDULE: sections_plan.schedule,
    Section.CHANGES: sections_plan.changes,
}

# sections that start on a fresh page in the full pack
_NEW_PAGE = {
    Section.SUMMARY,
    Section.GANTT,
    Section.RISKS,
    Section.SCHEDULE,
    Section.CHANGES,
    Section.GATES,
}


def write_pack(
    data: PlanData,
    schedule: ScheduleResult,
    options: PackOptions,
    out: str | Path | BinaryIO,
    *,
    changes: Sequence[AuditEntry] = (),
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> PackResult:
    """Write the pack's PDF to ``out``; raises ``PackCancelledError`` if ``cancel()`` says so."""
    register_fonts()
    ctx = PackContext(data, schedule, options, changes)
    chrome = Chrome(ctx.plan_name, ctx.scope_title, f"{options.generated:%d %b %Y %H:%M}")
    w = Writer(ctx, chrome)
    chosen = options.chosen()
    story: list[Flowable] = [
        NextPageTemplate("portrait"),
        Bookmark("Cover", chrome=chrome, key="cover"),
        Cover(ctx, chrome, contents=options.executive),
    ]
    body: list[Flowable] = []
    built: list[Section] = []
    for number, section in enumerate(chosen):
        _check(cancel)
        if progress is not None:
            progress(0.1 * number / max(1, len(chosen)), f"Preparing {section.heading.lower()}")
        flowables = WRITERS[section](w)
        if not flowables:
            continue
        if body:
            if options.executive:
                fresh = len(built) == 2 and not ctx.portfolio
            else:
                fresh = section in _NEW_PAGE or built[-1] is Section.GANTT
            if built[-1] is Section.GANTT:
                fresh = True
            if section is not Section.GANTT:
                gap = 8 if options.executive else 14
                body += [PageBreak()] if fresh else [CondPageBreak(160), Spacer(1, gap)]
        built.append(section)
        body += flowables
    if options.executive:
        body += sections_summary.timeline(w)
    if not options.executive:
        levels = [f.level for f in body if isinstance(f, Heading) and f.in_toc]
        pages = toc_pages(levels)
        story += [PageBreak(), Bookmark("Contents", chrome=chrome, key="contents")]
        for index in range(pages):
            story += [PageBreak()] if index else []
            story.append(TocPage(chrome))
    story.append(PageBreak())
    story += body
    doc = PackDocument(
        out if not isinstance(out, Path) else str(out),
        chrome=chrome,
        title=f"{ctx.scope_title} — release pack"
        if not ctx.portfolio
        else f"{ctx.plan_name} — portfolio release pack",
        author=options.author or "RELM Desktop",
        subject=f"{'Executive' if options.executive else 'Full'} release pack for "
        f"{ctx.scope_title}, plan {ctx.plan_name}, {options.generated:%d %B %Y}",
        progress=progress,
        cancel=cancel,
    )
    saved = rl_config.useA85
    rl_config.useA85 = 0  # binary (deflated) streams: smaller, and no slow ASCII85 pass
    try:
        doc.build_story(story)
    finally:
        rl_config.useA85 = saved
    if progress is not None:
        progress(1.0, "Done")
    return PackResult(
        chrome.pages,
        tuple(built),
        tuple(m.title for m in chrome.headings if m.in_toc and m.level == 0),
        moves.dumps(moves.snapshot(ctx)),
        options.release_id,
        options.preset,
        options.today,
    )


def _check(cancel: CancelFn | None) -> None:
    if cancel is not None and cancel():
        raise PackCancelledError("the pack was cancelled")
