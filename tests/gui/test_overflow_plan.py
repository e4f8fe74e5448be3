"""A plan whose dates leave the supported range opens, shows its tasks and names the culprit.

Before, the worker's scheduler raised "year 10000 is out of range" and the
window opened showing nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from relm_desktop.domain.limits import LAST_DATE
from relm_desktop.gui.docks.problems import KIND_LABELS
from relm_desktop.gui.main_window import MainWindow
from relm_desktop.layout.timeline import RowKind
from relm_desktop.scheduling.model import ConflictKind
from tests.gui.conftest import ScriptedPrompts
from tests.gui.gui_helpers import settle
from tests.security.test_value_bounds import chained_plan, far_plan, far_start_plan

PLANS: dict[str, tuple[Callable[[Path], Path], int, str]] = {
    "400 chained 10,000-day tasks": (chained_plan, 400, "'Step 5' would finish after"),
    "far-off stored dates and a huge duration": (far_plan, 4, "'Huge' would finish after"),
    "a plan starting 9999-12-31": (far_start_plan, 1, "'Late start' would finish after"),
}


@pytest.mark.parametrize("case", PLANS)
def test_overflowing_plan_opens_with_its_tasks_and_the_culprit_in_problems(
    case: str, qtbot: Any, window: MainWindow, prompts: ScriptedPrompts, tmp_path: Path
) -> None:
    build, tasks, culprit = PLANS[case]
    path = build(tmp_path / "plan.relm")
    assert window.open_plan(path)
    settle(qtbot, window)
    assert prompts.errors == []
    assert window.document is not None and window.document.snapshot is not None
    # The timeline shows every task, each within the range.
    assert window.timeline is not None
    model = window.timeline.model
    timeline = model.timeline
    assert timeline is not None
    shown = [n for n in timeline.nodes if n.kind is RowKind.TASK]
    assert len(shown) == tasks
    assert model.rowCount() == len(timeline.nodes)
    assert all(n.finish is not None and n.finish <= LAST_DATE for n in shown)
    # The Problems panel names the culprit, and double-clicking it selects that task.
    problems = window.problems.model
    rows = [
        (problems.index(r, 0).data(), problems.index(r, 1).data())
        for r in range(problems.rowCount())
    ]
    label = KIND_LABELS[ConflictKind.DATE_RANGE]
    assert any(kind == label and culprit in text for kind, text in rows), rows
    assert window.problems_dock.windowTitle().startswith("Problems (")
    selected: list[tuple[str, int]] = []
    window.problems.culprit_selected.connect(lambda kind, ident: selected.append((kind, ident)))
    row = next(i for i, (_, text) in enumerate(rows) if culprit in text)
    window.problems.activate(problems.index(row, 0))
    names = {t.id: t.name for t in window.document.snapshot.data.tasks}
    assert selected and selected[0][0] == "task"
    assert culprit.startswith(f"'{names[selected[0][1]]}'")
