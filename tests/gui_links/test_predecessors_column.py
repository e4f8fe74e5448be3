"""The Predecessors column: `3FS+2d;5SS-1d` typed with real keys replaces a task's links.

One transaction and one undo step per edit; refusals say exactly what is
wrong in the status bar; the ID the notation refers to is the table's first column.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from relm_desktop.domain.enums import DependencyType
from relm_desktop.gui.main_window import MainWindow
from relm_desktop.gui.timeline.tree_model import Column, format_date
from relm_desktop.layout.timeline import RowKind
from tests.gui.gui_helpers import view_of
from tests.gui_links.helpers import incoming, node_of, show_predecessors, type_into_cell, undo_redo

FS, SS = DependencyType.FS, DependencyType.SS


def test_the_id_column_is_first_always_shown_and_shows_each_task_id(
    chain_window: MainWindow, ids: dict[str, int]
) -> None:
    view = view_of(chain_window)
    header = view.tree.horizontalHeader()
    assert header.visualIndex(int(Column.ID)) == 0
    assert not view.tree.isColumnHidden(int(Column.ID))
    model = view.model
    for ident in ids.values():
        assert model.index_of((RowKind.TASK, ident), int(Column.ID)).data() == str(ident)
    release = next(n for n in model.timeline.nodes if n.kind is RowKind.RELEASE)  # type: ignore[union-attr]
    assert model.index_of(release.key, int(Column.ID)).data() == ""
    # The Predecessors cell shows the links in the same notation.
    build = model.index_of((RowKind.TASK, ids["Build"]), int(Column.PREDECESSORS))
    assert build.data() == str(ids["Design"])


def test_typing_predecessors_relinks_and_reschedules_undo_and_redo(
    qtbot: Any, chain_window: MainWindow, chain_path: Path, ids: dict[str, int]
) -> None:
    win = chain_window
    show_predecessors(win)
    docs = ids["Docs"]
    start_before = node_of(win, docs).start
    text = f"{ids['Test']}FS+2d;{ids['Smoke test']}SS-1d"
    type_into_cell(qtbot, win, docs, Column.PREDECESSORS, text)

    expected = {(ids["Test"], FS, 2), (ids["Smoke test"], SS, -1)}
    assert incoming(chain_path, docs) == expected
    stack = win.document.undo_stack  # type: ignore[union-attr]
    assert stack.count() == 1
    assert (
        stack.text(0)
        == f"Set predecessors of 'Docs' to {ids['Test']}FS+2d; {ids['Smoke test']}SS-1d"
    )
    moved = node_of(win, docs)
    assert moved.start is not None and start_before is not None and moved.start > start_before
    model = view_of(win).model
    key = (RowKind.TASK, docs)
    assert model.index_of(key, int(Column.START)).data() == format_date(moved.start)
    assert model.index_of(key, int(Column.PREDECESSORS)).data() == (
        f"{ids['Test']}FS+2d; {ids['Smoke test']}SS-1d"
    )

    undo_redo(qtbot, win, "z")
    assert incoming(chain_path, docs) == set()
    assert node_of(win, docs).start == start_before
    undo_redo(qtbot, win, "y")
    assert incoming(chain_path, docs) == expected
    assert node_of(win, docs).start == moved.start

    # The same links written another way change nothing: no second undo step.
    type_into_cell(
        qtbot, win, docs, Column.PREDECESSORS, f"{ids['Smoke test']}SS-1d, {ids['Test']}FS+2"
    )
    assert stack.count() == 1 and stack.index() == 1


def test_a_bad_entry_is_refused_with_what_is_wrong(
    qtbot: Any, chain_window: MainWindow, chain_path: Path, ids: dict[str, int]
) -> None:
    win = chain_window
    show_predecessors(win)
    before = chain_path.read_bytes()
    for text, message in (
        ("42", "Predecessors of 'Docs': there is no task with ID 42"),
        (f"{ids['Test']}XX", f"Predecessors of 'Docs': '{ids['Test']}XX' is not a predecessor"),
        (str(ids["Docs"]), "Predecessors of 'Docs': 'Docs' cannot be its own predecessor"),
    ):
        type_into_cell(qtbot, win, ids["Docs"], Column.PREDECESSORS, text)
        assert win.statusBar().currentMessage().startswith(message)
    assert win.document.undo_stack.count() == 0  # type: ignore[union-attr]
    assert chain_path.read_bytes() == before


def test_a_link_closing_a_loop_is_refused_naming_the_loop(
    qtbot: Any, chain_window: MainWindow, chain_path: Path, ids: dict[str, int]
) -> None:
    win = chain_window
    show_predecessors(win)
    type_into_cell(
        qtbot, win, ids["Deploy"], Column.PREDECESSORS, f"{ids['Test']};{ids['Smoke test']}"
    )
    assert win.statusBar().currentMessage() == "Smoke test → Deploy → Smoke test would be a loop"
    assert incoming(chain_path, ids["Deploy"]) == {(ids["Test"], FS, 0)}
    assert win.document.undo_stack.count() == 0  # type: ignore[union-attr]
