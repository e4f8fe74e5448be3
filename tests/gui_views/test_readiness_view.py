"""The Readiness view: go/no-go from gates, waivers, template gates, rollout, RACI, PIR."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt

from relm_desktop.domain.enums import GateStatus
from relm_desktop.domain.rules import GoNoGo
from relm_desktop.gui.main_window import MainWindow
from relm_desktop.gui.views.readiness import ReadinessView
from relm_desktop.gui.views.record_model import RecordTableModel
from relm_desktop.layout.timeline import RowKind
from tests.gui_views.conftest import settle, stored, view_of


def release_id(win: MainWindow, name: str) -> int:
    data = win.document.snapshot.data  # type: ignore[union-attr]
    return next(r.id for r in data.releases if r.name == name)


def cell(model: RecordTableModel, row: int, field: str) -> QModelIndex:
    col = next(k for k, c in enumerate(model.columns) if c.field == field)
    return model.index(row, col)


def show(win: MainWindow, name: str) -> ReadinessView:
    view = view_of(win, ReadinessView)
    view.set_release(release_id(win, name))
    return view


def test_failing_a_gate_is_no_go_naming_it_and_a_waiver_restores_go(
    qtbot: Any, opened: MainWindow
) -> None:
    view = show(opened, "Customer Portal")
    assert view.readiness.status is GoNoGo.GO
    assert view.banner.text().count("GO") and "7" not in view.banner.text()[:5]
    model = view.gates.model
    gate = model.record(1)
    assert model.setData(cell(model, 1, "status"), "failed", Qt.ItemDataRole.EditRole)
    settle(qtbot, opened)
    assert view.readiness.status is GoNoGo.NO_GO
    assert f"'{gate.name}'" in view.banner.text() and "blocked by" in view.banner.text()
    assert "NO-GO" in view.banner.text()
    # Waiving needs a reason: without one the waiver is refused.
    view.ask_reason = lambda name: ""
    assert not model.setData(cell(model, 1, "status"), "waived", Qt.ItemDataRole.EditRole)
    assert view.readiness.status is GoNoGo.NO_GO
    view.ask_reason = lambda name: "Accepted by the CAB for this release"
    assert model.setData(cell(model, 1, "status"), "waived", Qt.ItemDataRole.EditRole)
    settle(qtbot, opened)
    assert view.readiness.status is GoNoGo.GO
    saved = next(g for g in stored(opened.document.path).gates if g.id == gate.id)  # type: ignore[union-attr, arg-type]
    assert saved.status == GateStatus.WAIVED
    assert saved.waiver_reason == "Accepted by the CAB for this release"
    assert opened.document.undo_stack.undoText().startswith("Set status of gate")  # type: ignore[union-attr]
    opened.document.undo_stack.undo()  # type: ignore[union-attr]
    settle(qtbot, opened)
    assert view.readiness.status is GoNoGo.NO_GO


def test_payments_is_no_go_on_its_failed_pen_test(opened: MainWindow) -> None:
    view = show(opened, "Payments Platform")
    assert view.readiness.status is GoNoGo.NO_GO
    assert "'Penetration test findings closed' (failed)" in view.banner.text()


def test_gate_models_pass_the_model_tester(qtmodeltester: Any, opened: MainWindow) -> None:
    view = show(opened, "Mobile App")
    for model in (
        view.gates.model,
        view.rollout.waves.model,
        view.rollout.flags.model,
        view.stakeholders.model,
        view.review.action_table.model,
    ):
        qtmodeltester.check(model)
    view.set_release(release_id(opened, "Customer Portal"))
    qtmodeltester.check(view.review.action_table.model)


def test_gates_from_the_template_are_one_undo_step(qtbot: Any, opened: MainWindow) -> None:
    doc = opened.document
    assert doc is not None
    rid = doc.create("release", {"name": "Bare release"}, "New release")
    settle(qtbot, opened)
    view = show(opened, "Bare release")
    assert view.readiness.status is GoNoGo.PENDING and "no gates yet" in view.banner.text()
    assert view.add_template_gates("Emergency fix")
    settle(qtbot, opened)
    names = [g.name for g in stored(doc.path).gates if g.release_id == rid]  # type: ignore[arg-type]
    assert names == ["Fix verified in test", "Emergency CAB approved"]
    assert not view.add_template_gates("Emergency fix")  # nothing new to add
    doc.undo_stack.undo()
    settle(qtbot, opened)
    assert not [g for g in stored(doc.path).gates if g.release_id == rid]  # type: ignore[arg-type]
    doc.undo_stack.redo()
    settle(qtbot, opened)
    assert len(view.gates.model.records) == 2


def test_rollout_waves_flags_and_strategy(qtbot: Any, opened: MainWindow) -> None:
    doc = opened.document
    assert doc is not None
    view = show(opened, "Mobile App")
    assert len(view.rollout.waves.model.records) == 3
    assert "Canary rollouts go out in the waves" in view.rollout.hint.text()
    view.add_wave()
    settle(qtbot, opened)
    waves = view.rollout.waves.model
    assert waves.rowCount() == 4
    assert waves.setData(cell(waves, 3, "percentage"), 75, Qt.ItemDataRole.EditRole)
    assert waves.setData(cell(waves, 3, "audience"), "iOS users", Qt.ItemDataRole.EditRole)
    settle(qtbot, opened)
    flags = view.rollout.flags.model
    assert flags.setData(
        cell(flags, 0, "default_on"), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole
    )
    view.rollout.strategy.setCurrentIndex(view.rollout.strategy.findData("staged"))
    view.rollout.strategy.activated.emit(view.rollout.strategy.currentIndex())
    settle(qtbot, opened)
    data = stored(doc.path)  # type: ignore[arg-type]
    rid = release_id(opened, "Mobile App")
    wave = [w for w in data.waves if w.release_id == rid][-1]
    assert (wave.percentage, wave.audience) == (75, "iOS users")
    assert next(f for f in data.feature_flags if f.release_id == rid).default_on
    assert next(r for r in data.releases if r.id == rid).rollout_strategy == "staged"


def test_rollback_plan_form(qtbot: Any, opened: MainWindow) -> None:
    doc = opened.document
    assert doc is not None
    view = show(opened, "Login Hotfix")
    panel = view.rollback
    panel.owner.setText("Platform on-call")
    panel.binder.commit()
    panel.minutes.setValue(15)
    panel.rehearsed.setChecked(True)  # commits by itself
    settle(qtbot, opened)
    rid = release_id(opened, "Login Hotfix")
    plan = next(p for p in stored(doc.path).rollbacks if p.release_id == rid)  # type: ignore[arg-type]
    assert (plan.owner, plan.estimated_minutes, plan.rehearsed) == ("Platform on-call", 15, True)
    assert plan.steps  # the template's steps are kept


def test_stakeholders_raci_and_pack(qtbot: Any, opened: MainWindow) -> None:
    doc = opened.document
    assert doc is not None
    view = show(opened, "Mobile App")
    model = view.stakeholders.model
    assert model.record(0).raci.value == "A"  # accountable first
    row = next(r for r in range(model.rowCount()) if model.record(r).name == "Service Desk")
    person = model.record(row)
    assert model.setData(cell(model, row, "raci"), "C", Qt.ItemDataRole.EditRole)
    settle(qtbot, opened)
    row = next(r for r in range(model.rowCount()) if model.record(r).name == "Service Desk")
    assert model.setData(
        cell(model, row, "receives_pack"),
        Qt.CheckState.Checked.value,
        Qt.ItemDataRole.CheckStateRole,
    )
    settle(qtbot, opened)
    view.ask_name = lambda: "Branch network"
    assert view.add_stakeholder(None)
    settle(qtbot, opened)
    data = stored(doc.path)  # type: ignore[arg-type]
    assert next(r for r in data.stakeholder_roles if r.id == person.id).raci == "C"
    assert next(s for s in data.stakeholders if s.id == person.stakeholder_id).receives_pack
    newcomer = next(s for s in data.stakeholders if s.name == "Branch network")
    assert any(r.stakeholder_id == newcomer.id for r in data.stakeholder_roles)
    assert doc.undo_stack.undoText() == "Add stakeholder"
    doc.undo_stack.undo()  # the person and the role go in one step
    settle(qtbot, opened)
    assert "Branch network" not in {s.name for s in stored(doc.path).stakeholders}  # type: ignore[arg-type]


def test_review_with_actions(qtbot: Any, opened: MainWindow) -> None:
    doc = opened.document
    assert doc is not None
    view = show(opened, "Core Banking Patch")
    panel = view.review
    assert panel.binder.record is None
    view.add_action()  # creates the review, then the action
    settle(qtbot, opened)
    actions = panel.action_table.model
    assert actions.rowCount() == 1
    assert actions.setData(cell(actions, 0, "owner"), "Li Wei", Qt.ItemDataRole.EditRole)
    settle(qtbot, opened)
    panel.outcome.setPlainText("Deployed a week late because of the freeze")
    panel.went_badly.setPlainText("Freeze not known when planning")
    panel.binder.commit()
    settle(qtbot, opened)
    data = stored(doc.path)  # type: ignore[arg-type]
    rid = release_id(opened, "Core Banking Patch")
    review = next(r for r in data.reviews if r.release_id == rid)
    assert review.outcome.startswith("Deployed a week late")
    assert review.went_badly == "Freeze not known when planning"
    assert next(a for a in data.review_actions if a.review_id == review.id).owner == "Li Wei"


def test_follows_the_selected_release_or_task(opened: MainWindow) -> None:
    view = show(opened, "Customer Portal")
    rid = release_id(opened, "Mobile App")
    opened.selection_bus.publish([(RowKind.RELEASE, rid)])  # type: ignore[attr-defined]
    assert view.release_id == rid
