"""The pack's Gantt level: every task, or releases and phases only for big portfolios."""

from __future__ import annotations

from pathlib import Path

import pytest

from relm_desktop.reports.gantt import summary_rows
from relm_desktop.services import pack as pack_service
from relm_desktop.services.demo import build_demo
from relm_desktop.services.pack import build_pack
from relm_desktop.services.plan import PlanService
from tests.reports.pdf_tools import pdftotext


@pytest.fixture
def demo(tmp_path: Path):  # type: ignore[no-untyped-def]
    path = tmp_path / "plan.relm"
    build_demo(path).close()
    service = PlanService.open(path, source="test")
    yield service
    service.close()


def test_auto_prints_a_summary_gantt_above_the_threshold(
    demo: PlanService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert summary_rows  # the level the reports offer
    tasks = build_pack(demo, tmp_path / "tasks.pdf", record=False)
    monkeypatch.setattr(pack_service, "SUMMARY_ABOVE", 10)
    summary = build_pack(demo, tmp_path / "summary.pdf", record=False)
    assert summary.pages < tasks.pages
    assert "releases and phases only" in pdftotext(tmp_path / "summary.pdf").replace("\n", " ")
    forced = build_pack(demo, tmp_path / "forced.pdf", record=False, gantt_level="tasks")
    assert forced.pages == tasks.pages
