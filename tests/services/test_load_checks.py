"""A plan is looked over for outside edits on every read, but once while locked."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from relm_desktop.services import records
from relm_desktop.services.demo import build_demo
from relm_desktop.services.plan import PlanService
from relm_desktop.store.errors import BrokenReferencesError

pytestmark = pytest.mark.sqlite_only("a locked plan file edited outside RELM")


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    path = tmp_path / "demo.relm"
    build_demo(path).close()
    return path


def count_checks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = records.check_references

    def counted(connection: object) -> None:
        calls.append(1)
        real(connection)  # type: ignore[arg-type]  # a Connection, passed through

    monkeypatch.setattr(records, "check_references", counted)
    return calls


def test_a_locked_plan_is_checked_once(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = count_checks(monkeypatch)
    service = PlanService.open(demo, lock=True)
    try:
        service.load()
        service.load()
        service.schedule()
    finally:
        service.close()
    assert len(calls) == 1


def test_an_unlocked_plan_is_checked_on_every_read(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = count_checks(monkeypatch)
    service = PlanService.open(demo, readonly=True)
    try:
        service.load()
        # Another program (the lock's holder, or a tool) may write between reads.
        con = sqlite3.connect(demo)
        with con:
            con.execute("UPDATE task SET team_id = 8888 WHERE id = (SELECT min(id) FROM task)")
        con.close()
        with pytest.raises(BrokenReferencesError, match="team_id 8888"):
            service.load()
    finally:
        service.close()
    assert len(calls) == 2


def test_a_locked_plan_edited_outside_before_opening_is_refused(demo: Path) -> None:
    con = sqlite3.connect(demo)
    with con:
        con.execute("UPDATE task SET release_id = 9999 WHERE id = (SELECT min(id) FROM task)")
    con.close()
    service = PlanService.open(demo, lock=True)
    try:
        with pytest.raises(BrokenReferencesError, match="release_id 9999"):
            service.load()
        with pytest.raises(BrokenReferencesError):
            service.load()  # still refused: a failed look is no clean bill
    finally:
        service.close()
