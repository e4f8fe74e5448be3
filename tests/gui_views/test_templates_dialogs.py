"""Template dialogs: each built-in through the dialog, undo/redo, save a release as one.

Also: each is one transaction, and so are its undo and redo; gates added from
a template change no scheduling input, so the schedule shown is kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QDate
from sqlalchemy import event

from relm_desktop.gui.document import PlanDocument
from relm_desktop.gui.main_window import MainWindow
from relm_desktop.gui.views import install_template_menu
from relm_desktop.gui.views.readiness import ReadinessView
from relm_desktop.gui.views.risks import RiskView
from relm_desktop.gui.views.templates import NewReleaseDialog, SaveTemplateDialog
from relm_desktop.services.templates import builtin_templates
from tests.gui_views.conftest import settle, stored, view_of

# name: (phases, tasks, links, gates, waves, kind, strategy)
EXPECTED = {
    "Standard minor release": (5, 14, 13, 5, 0, "minor", "big_bang"),
    "Major release with pilot wave": (6, 19, 21, 7, 2, "major", "pilot"),
    "Emergency fix": (4, 9, 8, 2, 0, "emergency", "big_bang"),
}


def shape(data: Any, rid: int) -> tuple[Any, ...]:
    tasks = {t.id for t in data.tasks if t.release_id == rid}
    release = next(r for r in data.releases if r.id == rid)
    return (
        len([p for p in data.phases if p.release_id == rid]),
        len(tasks),
        len([k for k in data.links if k.predecessor_id in tasks and k.successor_id in tasks]),
        len([g for g in data.gates if g.release_id == rid]),
        len([w for w in data.waves if w.release_id == rid]),
        str(release.release_kind.value),
        str(release.rollout_strategy.value),
    )


@pytest.mark.parametrize("template", list(EXPECTED))
def test_each_builtin_template_through_the_dialog(
    qtbot: Any, opened: MainWindow, template: str
) -> None:
    doc = opened.document
    assert doc is not None
    dialog = NewReleaseDialog(doc, opened)
    qtbot.addWidget(dialog)
    dialog.select_template(template)
    assert "phases" in dialog.preview.text()
    dialog.name.setText("Release X")
    dialog.version.setText("9.0")
    dialog.start.setDate(QDate(2027, 9, 6))
    dialog.has_target.setChecked(True)
    dialog.target.setDate(QDate(2027, 11, 1))
    dialog.create_release()
    assert dialog.result() == NewReleaseDialog.DialogCode.Accepted
    rid = dialog.release_id
    assert rid is not None
    settle(qtbot, opened)
    data = stored(doc.path)  # type: ignore[arg-type]
    assert shape(data, rid) == EXPECTED[template]
    release = next(r for r in data.releases if r.id == rid)
    assert (release.name, release.version, release.start) == ("Release X", "9.0", date(2027, 9, 6))
    body = next(b for b in builtin_templates() if b["name"] == template)
    gates = [g.name for g in data.gates if g.release_id == rid]
    assert gates == [g["name"] for g in body["gates"]]
    assert any(r.release_id == rid for r in data.rollbacks)
    assert any(t.is_golive for t in data.tasks if t.release_id == rid)
    # one undo step removes the whole release; redo brings it back with the same id
    assert doc.undo_stack.undoText().startswith("New release 'Release X'")
    doc.undo_stack.undo()
    settle(qtbot, opened)
    assert rid not in {r.id for r in stored(doc.path).releases}  # type: ignore[arg-type]
    doc.undo_stack.redo()
    settle(qtbot, opened)
    assert shape(stored(doc.path), rid) == EXPECTED[template]  # type: ignore[arg-type]


def test_dialog_refuses_a_release_without_a_name(qtbot: Any, opened: MainWindow) -> None:
    dialog = NewReleaseDialog(opened.document, opened)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.create_release()
    assert dialog.release_id is None and "name the release" in dialog.error.text()


def test_save_a_release_as_template_and_reuse_it(qtbot: Any, opened: MainWindow) -> None:
    doc = opened.document
    assert doc is not None
    data = doc.snapshot.data  # type: ignore[union-attr]
    mobile = next(r for r in data.releases if r.name == "Mobile App")
    dialog = SaveTemplateDialog(doc, mobile.id, opened)
    qtbot.addWidget(dialog)
    assert dialog.name.text() == "Mobile App 3.4 template"
    dialog.name.setText("Mobile release")
    dialog.save()
    assert dialog.template_id is not None
    settle(qtbot, opened)
    saved = stored(doc.path)  # type: ignore[arg-type]
    assert [t.name for t in saved.templates] == ["Mobile release"]
    again = SaveTemplateDialog(doc, mobile.id, opened)
    qtbot.addWidget(again)
    again.name.setText("Mobile release")
    again.save()
    assert "already exists" in again.error.text()
    new = NewReleaseDialog(doc, opened)
    qtbot.addWidget(new)
    new.select_template("Mobile release")
    new.name.setText("Mobile App 3.5")
    new.create_release()
    settle(qtbot, opened)
    after = stored(doc.path)  # type: ignore[arg-type]
    a = shape(after, mobile.id)
    b = shape(after, new.release_id)  # type: ignore[arg-type]
    assert a[:4] == b[:4]


def test_template_menu_entries(opened: MainWindow) -> None:
    actions = install_template_menu(opened)
    assert [a.objectName() for a in actions] == [
        "relm.release.from_template",
        "relm.release.save_template",
    ]
    assert all(a in opened.menus["&File"].actions() for a in actions)


@contextmanager
def commits(doc: PlanDocument) -> Iterator[list[int]]:
    """Count the transactions committed on the open plan inside the block."""
    seen: list[int] = []

    def count(_connection: Any) -> None:
        seen.append(1)

    engine = doc.service.store.engine
    event.listen(engine, "commit", count)
    try:
        yield seen
    finally:
        event.remove(engine, "commit", count)


def test_template_release_its_undo_and_redo_are_one_transaction_each(
    qtbot: Any, opened: MainWindow
) -> None:
    doc = opened.document
    assert doc is not None and doc.snapshot is not None
    staging = next(e.id for e in doc.snapshot.data.environments if e.name == "Staging")
    assert doc.update("environment", staging, {"name": "Pre-production"}, "Rename")
    settle(qtbot, opened)
    dialog = NewReleaseDialog(doc, opened)
    qtbot.addWidget(dialog)
    dialog.select_template("Standard minor release")
    dialog.name.setText("Release Y")
    with commits(doc) as seen:
        dialog.create_release()
    assert len(seen) == 1
    settle(qtbot, opened)
    made = stored(doc.path)  # type: ignore[arg-type]
    rid = dialog.release_id
    # The template names a "Staging" the plan no longer has: it made one.
    env = next(e.id for e in made.environments if e.name == "Staging")
    tasks = sorted(t.id for t in made.tasks if t.release_id == rid)
    with commits(doc) as seen, qtbot.waitSignal(doc.scheduled, timeout=15_000) as shown:
        doc.undo_stack.undo()
    assert len(seen) == 1
    changes = shown.args[1]
    assert rid in changes.ids("release") and env in changes.ids("environment")
    assert set(tasks) <= changes.ids("task") and changes.schedule
    settle(qtbot, opened)
    gone = stored(doc.path)  # type: ignore[arg-type]
    assert rid not in {r.id for r in gone.releases}
    assert env not in {e.id for e in gone.environments}
    with commits(doc) as seen:
        doc.undo_stack.redo()
    assert len(seen) == 1
    settle(qtbot, opened)
    back = stored(doc.path)  # type: ignore[arg-type]
    assert sorted(t.id for t in back.tasks if t.release_id == rid) == tasks
    assert env in {e.id for e in back.environments}
    assert back.tasks == made.tasks and back.links == made.links


def test_gates_from_a_template_keep_the_schedule_and_other_views_idle(
    qtbot: Any, opened: MainWindow
) -> None:
    doc = opened.document
    assert doc is not None and doc.snapshot is not None
    rid = doc.create("release", {"name": "Bare release"}, "New release")
    settle(qtbot, opened)
    readiness = view_of(opened, ReadinessView)
    readiness.set_release(rid)
    risks = view_of(opened, RiskView)  # now the tab shown: it redraws on what it shows
    redrawn: list[Any] = []
    original = risks.refresh
    risks.refresh = lambda snapshot: (redrawn.append(snapshot), original(snapshot))  # type: ignore[method-assign]
    before = doc.snapshot
    with qtbot.waitSignal(doc.scheduled, timeout=15_000) as shown:
        assert readiness.add_template_gates("Emergency fix")
    changes = shown.args[1]
    assert changes.kinds == {"gate"} and not changes.schedule
    after = doc.snapshot
    assert after is not before and after is not None
    # No scheduling input changed: the schedule and timeline shown are kept.
    assert after.result is before.result and after.timeline is before.timeline
    assert len([g for g in after.data.gates if g.release_id == rid]) == 2
    assert not redrawn  # the risk register shows no gates
    settle(qtbot, opened)
    with qtbot.waitSignal(doc.scheduled, timeout=15_000):
        doc.undo_stack.undo()
    assert not [g for g in doc.snapshot.data.gates if g.release_id == rid]
    assert doc.snapshot.result is before.result and not redrawn
    settle(qtbot, opened)
    doc.create("risk", {"release_id": rid, "title": "Late"}, "New risk")
    settle(qtbot, opened)
    assert len(redrawn) == 1 and doc.snapshot.result is before.result
