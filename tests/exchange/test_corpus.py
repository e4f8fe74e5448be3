"""Every corpus workbook (tests/data/corpus) imports as tests/data/xlsx_expectations says.

The expectations were written by opening each file and reading its rows; the
corpus itself is never modified.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from relm_desktop.services import excel
from relm_desktop.services.edits import EditError
from relm_desktop.services.formats import FormatError
from relm_desktop.services.plan import PlanService
from tests.exchange.conftest import CORPUS

EXPECTATIONS = Path(__file__).resolve().parents[1] / "data" / "xlsx_expectations"
WORKBOOKS = sorted((CORPUS / "xlsx").glob("*.xlsx"))


def test_every_corpus_workbook_has_expectations() -> None:
    assert WORKBOOKS, f"corpus not found at {CORPUS}"
    assert {w.stem for w in WORKBOOKS} == {e.stem for e in EXPECTATIONS.glob("*.json")}


def _task(parsed: Any, name: str) -> Any:
    found = [t for t in parsed.rows["task"] if t.values["name"] == name]
    assert found, f"no task {name!r}"
    return found[0]


@pytest.mark.parametrize("workbook", WORKBOOKS, ids=lambda p: p.stem)
def test_corpus_workbook_imports_as_expected(workbook: Path, tmp_path: Path) -> None:
    expected = json.loads((EXPECTATIONS / f"{workbook.stem}.json").read_text(encoding="utf-8"))
    digest = hashlib.sha256(workbook.read_bytes()).hexdigest()
    if "no_schedule" in expected:
        with pytest.raises(FormatError) as info:
            excel.read_workbook(workbook)
        assert str(info.value).startswith(f"no schedule found in {workbook}: ")
        assert expected["no_schedule"] in str(info.value)
        return
    parsed = excel.read_workbook(workbook)
    errors = [str(p) for p in parsed.errors]
    if "errors" in expected:  # the file itself is faulty: say so, change nothing
        for text in expected["errors"]:
            assert any(text in e for e in errors), errors
        plan = PlanService.new(tmp_path / "p.relm", name="Corpus", start=date(2024, 1, 1))
        try:
            preview = excel.preview_merge(plan, parsed, release="Imported")
            with pytest.raises(EditError, match=workbook.name):
                excel.apply_merge(plan, preview, preview.default_keys())
            assert plan.load().tasks == ()
        finally:
            plan.close()
        return
    assert not errors, errors
    assert parsed.mapping is not None
    assert (parsed.mapping.sheet, parsed.mapping.header_row) == (
        expected["sheet"],
        expected["header_row"],
    )
    tasks = parsed.rows["task"]
    assert len(tasks) == expected["tasks"]
    phases = [p.values["name"] for p in parsed.rows["phase"]]
    assert len(phases) == expected["phases"]
    for name in expected.get("phase_names", []):
        assert name in phases
    if "milestones" in expected:
        assert sum(t.values["duration"] == 0 for t in tasks) == expected["milestones"]
    for check in expected["task_checks"]:
        task = _task(parsed, check["name"])
        for field, value in check.items():
            got = task.values.get(field)
            if field == "constraint_date":
                value = date.fromisoformat(value)
            assert (got or "") == (value or ""), (check["name"], field)
    links = [(t.key, ref) for t in tasks for ref in parsed.links.get(t.key, [])]
    assert len(links) == expected["links"]
    names = {t.key: t.values["name"] for t in tasks}
    pairs = {(names[ref.predecessor], names[key], ref.type, ref.lag) for key, ref in links}
    for pred, succ, kind, lag in expected["link_checks"]:
        assert (pred, succ, kind, lag) in pairs
    messages = " | ".join(str(p) for p in parsed.problems)
    for text in expected["messages"]:
        assert text in messages
    # The whole import applies to a plan (all or nothing) and schedules.
    plan = PlanService.new(tmp_path / "p.relm", name="Corpus", start=date(2024, 1, 1))
    try:
        preview = excel.preview_merge(plan, parsed, release="Imported")
        excel.apply_merge(plan, preview, preview.default_keys())
        data, result = plan.schedule()
        assert len(data.tasks) == expected["tasks"]
        assert len(data.links) == expected["links"]
        assert len(result.tasks) == expected["tasks"]
    finally:
        plan.close()
    assert hashlib.sha256(workbook.read_bytes()).hexdigest() == digest
