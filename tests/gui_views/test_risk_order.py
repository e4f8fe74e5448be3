"""The risk register lists risks in the order the PDF pack prints them (issue 16)."""

from __future__ import annotations

from typing import Any

from relm_desktop.domain.enums import RiskStatus
from relm_desktop.gui.main_window import MainWindow
from relm_desktop.gui.views.risks import RiskView
from relm_desktop.reports.context import PackContext
from relm_desktop.reports.options import PackOptions
from tests.gui_views.conftest import settle, view_of


def register_ids(view: RiskView) -> list[int]:
    """Risk ids as the register shows them, top to bottom."""
    rows = range(view.proxy.rowCount())
    return [
        view.model.record(view.proxy.mapToSource(view.proxy.index(r, 0)).row()).id for r in rows
    ]


def pack_ids(win: MainWindow) -> tuple[list[int], list[int]]:
    """(all risks, top risks) of a portfolio pack of the plan the window shows."""
    assert win.document is not None and win.document.snapshot is not None
    snapshot = win.document.snapshot
    options = PackOptions(release_id=None, top_risks=len(snapshot.data.risks))
    ctx = PackContext(snapshot.data, snapshot.result, options)
    return [r.id for r in ctx.risks()], [r.id for r in ctx.top_risks()]


def test_register_and_pack_give_the_same_order(qtbot: Any, opened: MainWindow) -> None:
    view = view_of(opened, RiskView)
    every, top = pack_ids(opened)
    assert register_ids(view) == every
    active = [r.id for r in opened.document.snapshot.data.risks if r.status != "closed"]  # type: ignore[union-attr]
    assert top == [i for i in every if i in active]

    # Make ties the order has to settle: an occurred risk among open ones of equal score.
    data = opened.document.snapshot.data  # type: ignore[union-attr]
    store = next(r for r in data.risks if r.title == "App store review rejects the build")
    fix = next(r for r in data.risks if r.title == "Fix causes new session issues")
    assert (store.probability, store.impact) == (fix.probability, fix.impact)
    assert opened.document.update(  # type: ignore[union-attr]
        "risk", fix.id, {"status": RiskStatus.OCCURRED}, "Risk occurred"
    )
    settle(qtbot, opened)
    every, _top = pack_ids(opened)
    shown = register_ids(view)
    assert shown == every
    assert shown.index(fix.id) < shown.index(store.id)  # occurred first, despite its title
