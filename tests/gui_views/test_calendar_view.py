"""The Release calendar: freeze-window and environment clashes marked, click selects."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from PySide6.QtCore import QPoint, Qt

from relm_desktop.gui.main_window import MainWindow
from relm_desktop.gui.views.calendar import CalendarView
from relm_desktop.layout.calendar import FREEZE_LANE, GOLIVE_LANE, Span
from relm_desktop.layout.timeline import RowKind
from tests.gui_views.conftest import settle, stored, task_id, view_of


def test_freeze_clash_of_the_demo_is_marked(opened: MainWindow) -> None:
    view = view_of(opened, CalendarView)
    deploy = task_id(opened, "Deploy to production", "Core Banking")
    entry = next(e for e in view.canvas.entries if e.task_id == deploy and e.lane != GOLIVE_LANE)
    assert entry.freeze and "Quarter-end change freeze" in entry.note
    view.show_period(entry.start)
    lay = view.canvas.layout_now
    assert lay is not None
    box = view.canvas.box_of(deploy)
    assert box is not None and box.entry.freeze
    assert lay.lanes[0].key == FREEZE_LANE
    assert [f.name for f in lay.freeze_labels] == ["Quarter-end change freeze"]
    production = next(lane for lane in lay.lanes if lane.name == "Production")
    staging = next(lane for lane in lay.lanes if lane.name == "Staging")
    assert any(b.y == production.y for b in lay.freezes)
    assert not any(b.y == staging.y for b in lay.freezes)  # the window covers production only
    assert "hit freeze windows" in view.summary.text()
    view.canvas.grab()


def test_environment_clashes_are_marked(opened: MainWindow) -> None:
    view = view_of(opened, CalendarView)
    clashing = [e for e in view.canvas.entries if e.clash]
    assert len({e.release_id for e in clashing}) >= 2
    assert all(e.label.startswith("⚠") for e in clashing)


def test_a_new_freeze_window_clash_appears(qtbot: Any, opened: MainWindow) -> None:
    view = view_of(opened, CalendarView)
    deploy = task_id(opened, "Deploy general rollout", "Payments")
    before = next(e for e in view.canvas.entries if e.task_id == deploy and e.lane != GOLIVE_LANE)
    assert not before.freeze
    doc = opened.document
    assert doc is not None
    freeze = doc.create(
        "freeze_window",
        {
            "name": "Board demo blackout",
            "start": before.start - timedelta(days=1),
            "finish": before.finish + timedelta(days=1),
        },
        "Add freeze window",
    )
    assert freeze is not None
    settle(qtbot, opened)
    after = next(e for e in view.canvas.entries if e.task_id == deploy and e.lane != GOLIVE_LANE)
    assert after.freeze and "Board demo blackout" in after.note
    assert after.start > before.start  # the scheduler pushed it past the window
    view.show_period(before.start)
    lay = view.canvas.layout_now
    assert lay is not None and "Board demo blackout" in [f.name for f in lay.freeze_labels]
    # A window without environments covers every lane, go-lives included.
    assert len([b for b in lay.freezes if b.name == "Board demo blackout"]) == len(lay.lanes) - 1
    assert "Board demo blackout" in {f.name for f in stored(doc.path).freezes}  # type: ignore[arg-type]


def test_clicking_an_entry_selects_the_task(qtbot: Any, opened: MainWindow) -> None:
    view = view_of(opened, CalendarView)
    golive = task_id(opened, "Go-live", "Mobile")
    entry = next(e for e in view.canvas.entries if e.task_id == golive)
    view.show_period(entry.start)
    box = view.canvas.box_of(golive)
    assert box is not None
    point = QPoint(int(box.label_x + 10), int(box.y + box.h / 2))
    view.scroll_area.ensureVisible(point.x(), point.y())
    qtbot.mouseClick(view.canvas, Qt.MouseButton.LeftButton, pos=point)
    assert opened.selection_bus.keys == [(RowKind.TASK, golive)]  # type: ignore[attr-defined]
    assert opened.timeline is not None and opened.timeline.selected_task_ids() == [golive]
    assert view.canvas.selected == {golive}


def test_month_quarter_and_navigation(opened: MainWindow) -> None:
    view = view_of(opened, CalendarView)
    view.set_span(Span.MONTH)
    first = view.canvas.first
    view.go(1)
    assert view.canvas.first.month == first.month % 12 + 1
    view.set_span(Span.QUARTER)
    assert view.canvas.first.month in (1, 4, 7, 10)
    assert view.title.text().startswith("Q")
    assert (view.canvas.last - view.canvas.first).days >= 89
    view.buttons["month"].click()
    assert view.canvas.span is Span.MONTH


def test_follows_selection_to_the_period(opened: MainWindow) -> None:
    view = view_of(opened, CalendarView)
    golive = task_id(opened, "Go-live", "Payments")
    opened.selection_bus.publish([(RowKind.TASK, golive)])  # type: ignore[attr-defined]
    entry = next(e for e in view.canvas.entries if e.task_id == golive)
    assert view.canvas.first <= entry.start <= view.canvas.last
    assert view.canvas.selected == {golive}
