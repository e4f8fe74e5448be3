"""A release coordinator's day, from an empty plan to the go/no-go pack (issue #17).

Everything goes through real clicks and keys on the real main window: plan
setup from the Plan menu, a release from a template, outline edits, links
typed into the Predecessors column, an environment set in the Properties
panel, a freeze window that pushes a deployment, a risk, gates passed until
the release reads GO, an Excel workbook and a PDF pack. Each step is checked
in the window's models and in the plan file; the file is reopened at the end.
"""

from __future__ import annotations

import subprocess
from datetime import timedelta
from pathlib import Path
from typing import Any

import openpyxl  # type: ignore[import-untyped]
from PySide6.QtCore import Qt

from relm_desktop.domain.enums import DependencyType, GateStatus
from relm_desktop.domain.rules import GoNoGo
from relm_desktop.gui.main_window import MainWindow
from relm_desktop.gui.timeline.tree_model import Column
from relm_desktop.scheduling.model import ConflictKind
from tests.gui.conftest import ScriptedPrompts
from tests.gui.gui_helpers import settle
from tests.gui_columns.helpers import toggle_from_header
from tests.gui_journey.steps import (
    add_environment,
    add_freeze_window,
    add_risk,
    add_team,
    export_excel,
    export_pack,
    insert_task_after,
    new_empty_plan,
    new_release_from_template,
    pass_every_gate,
    set_environment_in_properties,
    set_public_holidays,
    shoot,
    shown_dates,
    task_id,
)
from tests.gui_links.helpers import incoming, stored, type_into_cell
from tests.gui_outline.helpers import ALT_SHIFT, keys, outline, redo, select_tasks, undo
from tests.tools import require_tool

FS = DependencyType.FS
RELEASE = "Payments"


def run(tool: str, *arguments: str) -> str:
    done = subprocess.run(
        [require_tool(tool), *arguments], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_a_coordinators_day_from_an_empty_plan(
    qtbot: Any, window: MainWindow, prompts: ScriptedPrompts, tmp_path: Path
) -> None:
    win, path = window, tmp_path / "day.relm"
    win.resize(1280, 720)

    # -- Morning: a new, empty plan set up from the Plan menu. --------------------------------
    new_empty_plan(qtbot, win, prompts, path)
    assert stored(path).releases == ()
    set_public_holidays(qtbot, win, "Germany")
    add_environment(qtbot, win, "Production", production=True)
    add_team(qtbot, win, "Payments squad", "squad@example.com", 3)
    data = stored(path)
    assert data.calendar is not None and data.calendar.country == "DE"
    assert [(e.name, e.is_production) for e in data.environments] == [("Production", True)]
    assert [(t.name, t.contact, t.capacity) for t in data.teams] == [
        ("Payments squad", "squad@example.com", 3)
    ]

    # -- A release from the standard template. -----------------------------------------------
    new_release_from_template(qtbot, win, "Standard minor release", RELEASE, "2.0")
    data = stored(path)
    assert [(r.name, r.version) for r in data.releases] == [(RELEASE, "2.0")]
    release = data.releases[0].id
    assert len(data.tasks) == 14 and len(data.gates) == 5
    # The template's Production is the plan's own, not a second one.
    assert [e.name for e in data.environments].count("Production") == 1
    freeze, deploy_prod = task_id(data, "Code freeze"), task_id(data, "Deploy to production")

    # -- Outline: three tasks typed in, two indented under the first, one moved down. ---------
    services = insert_task_after(qtbot, win, freeze, "Payment services")
    api = insert_task_after(qtbot, win, services, "Payments API")
    vault = insert_task_after(qtbot, win, api, "Card vault")
    flat = outline(path, release)
    typed = [n for n, _, _ in flat]
    assert typed[typed.index("Code freeze") + 1 :][:3] == [
        "Payment services",
        "Payments API",
        "Card vault",
    ]
    select_tasks(qtbot, win, api, vault)
    keys(qtbot, win, Qt.Key.Key_Right, ALT_SHIFT)
    indented = outline(path, release)

    def depths(rows: list[tuple[str, int, int | None]]) -> dict[str, int]:
        return {name: depth for name, depth, _ in rows}

    assert {k: depths(indented)[k] for k in ("Payment services", "Payments API", "Card vault")} == {
        "Payment services": 0,
        "Payments API": 1,
        "Card vault": 1,
    }
    undo(qtbot, win)
    assert outline(path, release) == flat
    redo(qtbot, win)
    assert outline(path, release) == indented
    select_tasks(qtbot, win, api)
    keys(qtbot, win, Qt.Key.Key_Down, ALT_SHIFT)
    names = [n for n, _, _ in outline(path, release)]
    start = names.index("Payment services")
    assert names[start : start + 3] == ["Payment services", "Card vault", "Payments API"]
    assert depths(outline(path, release))["Payments API"] == 1  # moved under the same parent
    # The summary rolls its children's dates up.
    assert shown_dates(win, services)[0] == min(
        shown_dates(win, api)[0], shown_dates(win, vault)[0]
    )

    # -- Links typed into the Predecessors column ("3FS+2d;5"). -------------------------------
    toggle_from_header(qtbot, win, Column.PREDECESSORS)
    deploy = insert_task_after(qtbot, win, deploy_prod, "Deploy card vault")
    before = shown_dates(win, deploy)
    type_into_cell(qtbot, win, vault, Column.PREDECESSORS, f"{api}SS")
    type_into_cell(qtbot, win, deploy, Column.PREDECESSORS, f"{services}FS+2d;{deploy_prod}")
    linked = {(services, FS, 2), (deploy_prod, FS, 0)}
    assert incoming(path, deploy) == linked
    assert incoming(path, vault) == {(api, DependencyType.SS, 0)}
    undo(qtbot, win)
    assert incoming(path, deploy) == set()
    redo(qtbot, win)
    assert incoming(path, deploy) == linked
    # The deployment waits for the summary's finish plus two days, and for production.
    assert shown_dates(win, deploy)[0] >= shown_dates(win, services)[1] + timedelta(days=2)
    assert shown_dates(win, deploy)[0] > shown_dates(win, deploy_prod)[0]
    assert before != shown_dates(win, deploy)

    # -- The deployment books Production; a freeze window over its dates pushes it. -----------
    set_environment_in_properties(qtbot, win, deploy, "Production")
    production = next(e.id for e in stored(path).environments if e.name == "Production")
    assert next(t for t in stored(path).tasks if t.id == deploy).environment_id == production
    planned, _ = shown_dates(win, deploy)
    window_finish = planned + timedelta(days=3)
    add_freeze_window(qtbot, win, "Quarter-end freeze", planned, window_finish, "Production")
    assert [(f.name, f.start, f.finish) for f in stored(path).freezes] == [
        ("Quarter-end freeze", planned, window_finish)
    ]
    assert shown_dates(win, deploy)[0] > window_finish
    problems = win.problems.model
    shown = [
        (problems.index(row, 0).data(), problems.index(row, 1).data())
        for row in range(problems.rowCount())
    ]
    assert any(
        kind == "Freeze window" and text.startswith("'Deploy card vault' moved")
        for kind, text in shown
    ), shown
    shoot(win, "freeze-pushes-deployment")
    assert any(p.kind is ConflictKind.FREEZE and p.task_ids == (deploy,) for p in problems.problems)

    # -- A risk, then every gate passed until the release reads GO. ---------------------------
    add_risk(qtbot, win, "Card vault certificate expires", f"{RELEASE} 2.0", "Card vault")
    assert [(r.title, r.release_id, r.task_id) for r in stored(path).risks] == [
        ("Card vault certificate expires", release, vault)
    ]
    shoot(win, "risk-added")
    readiness = pass_every_gate(qtbot, win)
    shoot(win, "release-is-go")
    assert readiness.readiness.status is GoNoGo.GO
    assert "GO" in readiness.banner.text() and "5 of 5 gates met" in readiness.banner.text()
    assert {g.status for g in stored(path).gates} == {GateStatus.PASSED}

    # -- Exports: the Excel workbook and the release's PDF pack. ------------------------------
    workbook = tmp_path / "journey.xlsx"
    export_excel(qtbot, win, workbook)
    sheet = openpyxl.load_workbook(workbook)["Tasks"]
    rows = list(sheet.iter_rows(values_only=True))
    head = next(r for r in rows if r and "Parent ID" in r and "Predecessors" in r)
    columns = {name: k for k, name in enumerate(head) if name}
    by_name = {r[columns["Name"]]: r for r in rows[rows.index(head) + 1 :] if r[columns["Name"]]}
    assert {"Payment services", "Payments API", "Card vault", "Deploy card vault"} <= set(by_name)
    assert by_name["Payments API"][columns["Parent ID"]] == services
    assert by_name["Card vault"][columns["Parent ID"]] == services
    assert str(by_name["Deploy card vault"][columns["Predecessors"]]).replace(" ", "") == (
        f"{services}FS+2d;{deploy_prod}"
    )

    pdf = tmp_path / "day pack.pdf"
    export_pack(qtbot, win, RELEASE, pdf)
    run("qpdf", "--check", str(pdf))
    text = " ".join(run("pdftotext", "-layout", str(pdf), "-").split())
    for name in (RELEASE, "Deploy card vault", "Payment services", "Card vault certificate"):
        assert name in text, name

    # -- Evening: the plan reopened shows the day's work. -------------------------------------
    win.close_plan()
    assert win.open_plan(path)
    settle(qtbot, win)
    again = stored(path)
    assert {t.name for t in again.tasks} >= {"Payment services", "Deploy card vault"}
    assert incoming(path, deploy) == linked
    assert next(t for t in again.tasks if t.id == api).parent_id == services
    assert shown_dates(win, deploy)[0] > window_finish
