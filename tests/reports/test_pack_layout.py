"""Issue #20 item 5: the pack is readable at any size.

Each release's Gantt is on its own time span, pages across when the span is
long (every day at least 1 mm), carries "(cont.)" rows to page tops, marks
links that leave the page, and has a summary level; the executive pack has a
one-page timeline.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from pathlib import Path

from relm_desktop.reports.context import PackContext
from relm_desktop.reports.document import LANDSCAPE, frame_size
from relm_desktop.reports.gantt import (
    LABEL_W,
    GanttChart,
    GanttPage,
    by_release,
    gantt_links,
    gantt_rows,
    make_scales,
)
from relm_desktop.reports.options import PackOptions, Section
from relm_desktop.reports.pack import write_pack
from relm_desktop.reports.timescale import MM
from tests.reports.pack_factory import TODAY, make_plan
from tests.reports.pdf_tools import flat, pdftotext, qpdf_check

SPAN = re.compile(r"(\d\d \w{3} \d{4}) – (\d\d \w{3} \d{4})")
ACROSS = re.compile(r"Page (\d+) of (\d+) across")
LONG = 120  # tasks in release 1: a chain running well into 2028


def _options(**kw: object) -> PackOptions:
    return PackOptions(today=TODAY, generated=datetime(2027, 2, 15, 9), **kw)  # type: ignore[arg-type]


def _pages(path: Path) -> list[str]:
    """The text of every page."""
    return pdftotext(path, layout=True).split("\f")


def _gantt_pages(tmp_path: Path, **kw: object) -> tuple[list[str], PackContext]:
    data, schedule, changes = make_plan(LONG, releases=2)
    options = _options(sections=(Section.GANTT,), **kw)
    out = tmp_path / "gantt.pdf"
    write_pack(data, schedule, options, out, changes=changes)
    qpdf_check(out)
    # the chart's pages: each prints its time window's dates under the chart
    pages = [p for p in _pages(out) if "Finish" in p and SPAN.search(p)]
    return pages, PackContext(data, schedule, options, changes)


def _day(text: str) -> date:
    return datetime.strptime(text, "%d %b %Y").date()


def _release_of(page: str) -> str:
    return "Mobile App" if "Mobile App 3.0" in page else "Payments Platform"


def test_each_release_gantt_covers_only_its_own_dates(tmp_path: Path) -> None:
    pages, ctx = _gantt_pages(tmp_path)
    mobile = [t for t in ctx.tasks if t.release_id == 2]
    last = max(s.finish for t in mobile if (s := ctx.sched(t.id)) is not None)
    spans: dict[str, list[tuple[date, date]]] = {}
    for page in pages:
        found = SPAN.search(page)
        assert found, page
        spans.setdefault(_release_of(page), []).append((_day(found[1]), _day(found[2])))
    # Mobile App ends in Feb 2027; Payments Platform runs into 2028
    assert spans["Mobile App"] and all(
        end <= last + timedelta(days=14) for _, end in spans["Mobile App"]
    )
    assert max(end for _, end in spans["Payments Platform"]) > date(2028, 1, 1)


def test_a_long_release_pages_across_with_later_months_on_later_pages(tmp_path: Path) -> None:
    pages, _ = _gantt_pages(tmp_path)
    payments = [p for p in pages if _release_of(p) == "Payments Platform"]
    across = [ACROSS.search(p) for p in payments]
    assert all(across) and int(across[0][2]) > 1  # type: ignore[index]
    first = next(p for p, a in zip(payments, across, strict=True) if a and a[1] == "1")
    later = [p for p, a in zip(payments, across, strict=True) if a and a[1] != "1"]
    assert "January 2027" in first and "November 2027" not in first
    assert any("November 2027" in p for p in later)
    # each page's window is at least 1 mm a day wide (the legend prints its dates)
    chart_width = frame_size(LANDSCAPE)[0] - LABEL_W
    for page in pages:
        found = SPAN.search(page)
        assert found
        days = (_day(found[2]) - _day(found[1])).days + 1
        assert chart_width / days >= MM, page[:200]


def test_rows_carried_to_a_new_page_start_under_cont_rows(tmp_path: Path) -> None:
    pages, _ = _gantt_pages(tmp_path)
    carried = [p for p in pages if "(cont.)" in p]
    assert carried
    for page in carried:
        body = page[page.index("Finish") :]  # below the column headings
        first_task = body.index("Work package")
        release = body.index("Payments Platform 4.0 (cont.)")
        assert release < first_task
        # a phase row, carried or new, comes between them
        assert re.search(r"(Plan|Build|Test|Deploy|Review)( \(cont\.\))?", body[release:first_task])
    assert any(re.search(r"\b(Plan|Build|Test|Deploy|Review) \(cont\.\)", p) for p in carried)


def test_links_to_another_page_are_marked_on_both_pages() -> None:
    data, schedule, changes = make_plan(LONG, releases=1)
    ctx = PackContext(data, schedule, _options(release_id=1), changes)
    rows = gantt_rows(ctx)
    width, height = frame_size(LANDSCAPE)
    chart = GanttChart(rows, gantt_links(ctx), [], make_scales(rows, width, TODAY), TODAY)
    pieces = chart.split(width, height)
    first = pieces[0]
    assert isinstance(first, GanttPage) and isinstance(pieces[-1], GanttChart)
    following = next(p for p in pieces[-1].split(width, height) if isinstance(p, GanttPage))
    out = {(k.predecessor, k.successor) for _, k, outgoing in first.leaving() if outgoing}
    into = {(k.predecessor, k.successor) for _, k, outgoing in following.leaving() if not outgoing}
    last_here = [r.task_id for r in first.rows if r.task_id][-1]
    first_there = next(r.task_id for r in following.rows if r.task_id)
    assert (last_here, first_there) in out and (last_here, first_there) in into


def test_summary_level_has_only_release_and_phase_rows_and_says_so(tmp_path: Path) -> None:
    pages, _ctx = _gantt_pages(tmp_path, gantt_level="summary")
    text = flat("\n".join(pages))
    assert "Summary level: releases and phases only" in text
    assert "Work package" not in text and "Go-live" not in text
    assert "Payments Platform 4.0" in text and "Mobile App 3.0" in text and "Review" in text
    detailed, _ = _gantt_pages(tmp_path)
    assert "Work package" in flat("\n".join(detailed)) and len(pages) < len(detailed)


def test_task_level_scales_give_every_working_day_at_least_a_millimetre() -> None:
    data, schedule, changes = make_plan(LONG, releases=2)
    ctx = PackContext(data, schedule, _options(), changes)
    width = frame_size(LANDSCAPE)[0]
    for rows in by_release(gantt_rows(ctx)):
        for scale in make_scales(rows, width, TODAY):
            assert scale.per_day >= MM  # a working day is a whole calendar day or more
            assert scale.x0 + scale.width <= width + 1e-6


def test_executive_packs_have_a_one_page_timeline(tmp_path: Path) -> None:
    data, schedule, changes = make_plan(40, releases=3)
    portfolio = tmp_path / "portfolio.pdf"
    write_pack(data, schedule, _options(preset="executive"), portfolio, changes=changes)
    page = next(p for p in _pages(portfolio) if "Timeline: releases" in p)
    for name in ("Payments Platform 4.0", "Mobile App 3.0", "Core Banking Patch 2.0"):
        assert name in page
    assert page.count("Go-live ") >= 3 and "Quarter-end change freeze" in page
    release = tmp_path / "release.pdf"
    result = write_pack(
        data, schedule, _options(preset="executive", release_id=1), release, changes=changes
    )
    assert result.pages <= 3
    page = next(p for p in _pages(release) if "Timeline of Payments Platform 4.0" in p)
    timeline = page[page.index("Timeline of") :]
    for name in ("Plan", "Build", "Test", "Deploy", "Review", "Code freeze", "Go-live", "PIR held"):
        assert name in timeline
