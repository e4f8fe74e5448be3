"""Summary tasks in the release pack: nested under their summary, which rolls up."""

from __future__ import annotations

from pathlib import Path

import pytest

from relm_desktop.reports.context import PackContext
from relm_desktop.reports.gantt import gantt_rows
from relm_desktop.reports.options import PackOptions
from relm_desktop.services.demo import build_demo
from relm_desktop.services.pack import build_pack
from relm_desktop.services.plan import PlanService
from tests.reports.pdf_tools import pdftotext, qpdf_check


@pytest.fixture
def nested(tmp_path: Path):  # type: ignore[no-untyped-def]
    path = tmp_path / "plan.relm"
    build_demo(path).close()
    service = PlanService.open(path, source="test")
    data = service.load()
    phase = next(p for p in data.phases if sum(t.phase_id == p.id for t in data.tasks) >= 3)
    summary, a, b = [t for t in data.tasks if t.phase_id == phase.id][:3]
    service.update("task", a.id, {"parent_id": summary.id, "percent_complete": 100})
    service.update("task", b.id, {"parent_id": summary.id, "percent_complete": 0})
    yield service, summary, a, b
    service.close()


def test_gantt_rows_nest_subtasks_and_roll_progress_up(nested) -> None:  # type: ignore[no-untyped-def]
    service, summary, a, b = nested
    data, result = service.schedule()
    ctx = PackContext(data, result, PackOptions(release_id=summary.release_id), [])
    rows = {r.task_id: r for r in gantt_rows(ctx) if r.task_id is not None}
    assert rows[summary.id].kind == "summary"
    assert rows[a.id].level == rows[b.id].level == rows[summary.id].level + 1
    sa, sb = result.tasks[a.id], result.tasks[b.id]
    wa, wb = (sa.finish - sa.start).days + 1, (sb.finish - sb.start).days + 1
    assert rows[summary.id].progress == round(100 * wa / (wa + wb))
    assert (rows[summary.id].start, rows[summary.id].finish) == (
        min(sa.start, sb.start),
        max(sa.finish, sb.finish),
    )
    # A summary task is not counted as a milestone, whatever its stored duration.
    service.update("task", summary.id, {"duration": 0})
    data, result = service.schedule()
    ctx = PackContext(data, result, PackOptions(release_id=summary.release_id), [])
    assert summary.id not in {t.id for t in ctx.milestones()}


def test_the_pack_prints_the_outline(nested, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    service, summary, a, b = nested
    out = tmp_path / "pack.pdf"
    build_pack(service, out, summary.release_id, preset="full")
    qpdf_check(out)
    text = pdftotext(out)
    assert summary.name in text and a.name in text and b.name in text
