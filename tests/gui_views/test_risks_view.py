"""The Risks view: heat-map filter, register editing, editor, overdue flags, exposure."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt

from relm_desktop.domain.rules import exposure
from relm_desktop.gui.main_window import MainWindow
from relm_desktop.gui.views.risk_editor import FIELDS, RiskEditor
from relm_desktop.gui.views.risks import RiskView
from tests.gui_views.conftest import settle, stored, view_of


def column(view: RiskView, field: str) -> int:
    return next(k for k, c in enumerate(view.model.columns) if c.field == field)


def test_clicking_a_cell_filters_the_register_and_again_clears(
    qtbot: Any, opened: MainWindow
) -> None:
    view = view_of(opened, RiskView)
    total = view.proxy.rowCount()
    assert total == len(opened.document.snapshot.data.risks)  # type: ignore[union-attr]
    assert view.heatmap.counts[(3, 4)] == 2
    point = view.heatmap.cell_center(3, 4).toPoint()
    qtbot.mouseClick(view.heatmap, Qt.MouseButton.LeftButton, pos=point)
    assert view.proxy.rowCount() == 2
    shown = {view.proxy.index(r, 0).data() for r in range(2)}
    assert shown == {
        "SEPA instant volumes exceed test assumptions",
        "Penetration test finds critical issues late",
    }
    assert "probability 3 × impact 4: 2 risks" in view.cell_label.text()
    assert view.heatmap.selected == (3, 4)
    qtbot.mouseClick(view.heatmap, Qt.MouseButton.LeftButton, pos=point)
    assert view.proxy.rowCount() == total
    assert view.heatmap.selected is None


def test_models_pass_the_model_tester(qtmodeltester: Any, opened: MainWindow) -> None:
    view = view_of(opened, RiskView)
    qtmodeltester.check(view.model)
    view.set_cell((3, 4))
    qtmodeltester.check(view.proxy)


def test_inline_edit_is_one_undo_step(qtbot: Any, opened: MainWindow) -> None:
    view = view_of(opened, RiskView)
    doc = opened.document
    assert doc is not None
    view.set_cell((2, 2))  # the one risk there
    before = view.heatmap.counts.get((2, 5), 0)
    index = view.proxy.index(0, column(view, "impact"))
    ident = view.selected_risks() or view.model.record(view.proxy.mapToSource(index).row())
    risk_id = ident.id  # type: ignore[union-attr]
    assert view.proxy.setData(index, 5, Qt.ItemDataRole.EditRole)
    settle(qtbot, opened)
    assert next(r for r in stored(doc.path).risks if r.id == risk_id).impact == 5  # type: ignore[arg-type]
    assert doc.undo_stack.undoText().startswith("Change impact of risk")
    assert view.heatmap.counts.get((2, 5)) == before + 1
    doc.undo_stack.undo()
    settle(qtbot, opened)
    assert next(r for r in stored(doc.path).risks if r.id == risk_id).impact == 2  # type: ignore[arg-type]


def test_status_choice_and_sorting(qtbot: Any, opened: MainWindow) -> None:
    view = view_of(opened, RiskView)
    scores = [
        view.proxy.index(r, column(view, "score")).data() for r in range(view.proxy.rowCount())
    ]
    assert scores == sorted(scores, reverse=True)
    index = view.proxy.index(0, column(view, "status"))
    assert view.proxy.setData(index, "closed", Qt.ItemDataRole.EditRole)
    settle(qtbot, opened)
    view.closed_box.setChecked(False)
    assert all(
        view.model.record(view.proxy.mapToSource(view.proxy.index(r, 0)).row()).status != "closed"
        for r in range(view.proxy.rowCount())
    )


def test_add_edit_with_every_field_and_delete(qtbot: Any, opened: MainWindow) -> None:
    view = view_of(opened, RiskView)
    doc = opened.document
    assert doc is not None
    data = doc.snapshot.data  # type: ignore[union-attr]
    mobile = next(r for r in data.releases if r.name == "Mobile App")
    ident = view.add_risk({"title": "Store outage", "release_id": mobile.id})
    assert ident is not None
    settle(qtbot, opened)
    record = next(r for r in view.model.records if r.id == ident)
    editor = view.open_editor(record)
    assert isinstance(editor, RiskEditor)
    editor.title.setText("App store outage on launch day")
    editor.description.setPlainText("Apple or Google stores down")
    editor.probability.setValue(2)
    editor.impact.setValue(5)
    editor.owner.setText("Tom Becker")
    editor.mitigation.setPlainText("Submit a week early")
    editor.contingency.setPlainText("Web fallback")
    editor.status.setCurrentIndex(editor.status.findData("mitigating"))
    task = next(t for t in data.tasks if t.release_id == mobile.id and t.name == "Go-live")
    editor.task.setCurrentIndex(editor.task.findData(task.id))
    editor.has_review.setChecked(True)
    from PySide6.QtCore import QDate

    editor.review.setDate(QDate(2027, 3, 1))
    assert set(editor.values()) == set(FIELDS)
    editor.buttons.accepted.emit()
    settle(qtbot, opened)
    saved = next(r for r in stored(doc.path).risks if r.id == ident)  # type: ignore[arg-type]
    assert (saved.title, saved.probability, saved.impact, saved.owner) == (
        "App store outage on launch day", 2, 5, "Tom Becker",
    )  # fmt: skip
    assert (saved.status, saved.task_id, saved.review_date) == (
        "mitigating",
        task.id,
        date(2027, 3, 1),
    )
    assert saved.contingency == "Web fallback" and saved.description
    assert doc.undo_stack.undoText() == "Edit risk 'Store outage'"
    row = view.proxy.mapFromSource(view.model.index(view.model.row_of(ident), 0))
    view.table.selectRow(row.row())
    assert view.delete_selected()
    settle(qtbot, opened)
    assert ident not in {r.id for r in stored(doc.path).risks}  # type: ignore[arg-type]
    doc.undo_stack.undo()
    settle(qtbot, opened)
    assert ident in {r.id for r in stored(doc.path).risks}  # type: ignore[arg-type]


def test_overdue_reviews_flagged_and_exposure_per_release(opened: MainWindow) -> None:
    view = view_of(opened, RiskView)
    view.model.today = date(2027, 2, 22)
    view.refresh_now()
    overdue = column(view, "overdue")
    flagged = [
        view.model.index(r, overdue).data()
        for r in range(view.model.rowCount())
        if view.model.index(r, overdue).data()
    ]
    assert flagged and all(text.startswith("⚠ overdue") for text in flagged)
    late_row = next(r for r in range(view.model.rowCount()) if view.model.index(r, overdue).data())
    assert view.model.index(late_row, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
    risks = opened.document.snapshot.data.risks  # type: ignore[union-attr]
    text = view.exposure_label.text()
    assert f"<b>{exposure(risks)}</b>" in text
    payments = [r for r in risks if r.release_id == 2]
    assert f"<b>{exposure(payments)}</b>" in text
