"""A window on a server plan reads only the rows another session's commit named,
and ends with the same plan a full reload gives."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import event

from relm_desktop.domain.records import PlanData
from relm_desktop.services.demo import build_demo
from relm_desktop.services.live import refresh
from relm_desktop.services.plan import PlanService
from relm_desktop.store.server import ChangeListener, News, parse_notices

START = date(2027, 1, 4)


class Window:
    """What a window on a server plan holds: its service, its plan, its listener."""

    def __init__(self, url: str) -> None:
        self.service = PlanService.open(url)
        self.data: PlanData = self.service.load()
        assert self.service.store.tag is not None
        self.listener = ChangeListener(url, self.service.store.tag)
        self.statements: list[str] = []
        event.listen(
            self.service.store.engine,
            "before_cursor_execute",
            lambda _c, _cur, sql, *_: self.statements.append(sql),
        )

    def news(self) -> News:
        """The next news from the server (a commit's notice arrives within moments)."""
        deadline = time.monotonic() + 10.0
        while time.monotonic() < deadline:
            if news := self.listener.receive():
                return news
            time.sleep(0.05)
        raise AssertionError("no notice from the server")

    def close(self) -> None:
        self.listener.close()
        self.service.close()


@pytest.fixture
def plan(server_url: str) -> Iterator[tuple[PlanService, Window]]:
    writer = build_demo(server_url, start=START)  # type: ignore[arg-type]
    window = Window(server_url)
    try:
        yield writer, window
    finally:
        window.close()
        writer.close()


def test_a_notice_names_the_rows_and_only_those_are_read_again(
    plan: tuple[PlanService, Window],
) -> None:
    writer, window = plan
    first, second = (t.id for t in window.data.tasks[:2])
    writer.update("task", first, {"notes": "moved by the vendor"})
    writer.update("task", second, {"name": "Renamed elsewhere", "duration": 9})
    inserted = writer.insert_task(first, {"name": "Added elsewhere", "duration": 2}).ids[0]
    news = window.news()
    assert not news.everything
    assert set(news.tags) == {writer.store.tag}
    assert {first, second, inserted} <= (news.rows["task"] or frozenset())
    window.statements.clear()
    data, changes = refresh(window.service, window.data, news)
    # The versions of the rows named, then those rows: not the whole plan again.
    assert len(window.statements) <= 1 + len(news.rows)
    assert not changes.everything
    assert inserted in changes.ids("task") and first in changes.ids("task")
    assert data == window.service.load()  # the same plan a full reload gives
    by_id = {t.id: t for t in data.tasks}
    assert by_id[first].notes == "moved by the vendor"
    assert by_id[second].name == "Renamed elsewhere"


def test_after_a_refresh_the_window_may_edit_what_the_other_changed(
    plan: tuple[PlanService, Window],
) -> None:
    writer, window = plan
    task = window.data.tasks[3].id
    writer.update("task", task, {"notes": "theirs"})
    news = window.news()
    assert news.rows == {"task": frozenset({task})}  # the row its key picked, no more
    assert not news.everything
    window.data, _ = refresh(window.service, window.data, news)
    window.service.update("task", task, {"notes": "mine, on top of theirs"})  # not stale
    writer_view = {t.id: t.notes for t in writer.load().tasks}
    assert writer_view[task] == "mine, on top of theirs"


def test_a_deleted_row_makes_the_window_read_the_whole_plan(
    plan: tuple[PlanService, Window],
) -> None:
    writer, window = plan
    linked = window.data.links[0].successor_id
    writer.delete("task", [linked])
    data, changes = refresh(window.service, window.data, window.news())
    assert changes.everything
    assert linked not in {t.id for t in data.tasks}
    assert all(linked not in (k.predecessor_id, k.successor_id) for k in data.links)
    assert data == window.service.load()


def test_a_commit_that_names_no_rows_means_everything() -> None:
    named = parse_notices(["w1", "w1\ntask:3,4 risk:2", "w2", "w2\ntask:*"], "me")
    assert not named.everything
    assert named.rows == {"task": None, "risk": frozenset({2})}
    assert named.tags == ("w1", "w2")
    assert parse_notices(["w1"], "me").everything  # a bulk write by an older RELM
    assert parse_notices(["w1", "w1\ntask:3", "w2"], "me").everything
    assert not parse_notices(["w1\ntask:3", "w1"], "me").everything  # the UPDATE's goes first
    assert parse_notices(["w1", "w1\n*"], "me").everything  # a sync's merge
    assert not parse_notices(["me", "me\ntask:1"], "me")  # one's own edits are no news


def test_news_held_back_and_news_since_add_up() -> None:
    held = parse_notices(["w1", "w1\ntask:3 risk:2"], "me")
    since = parse_notices(["w2", "w2\ntask:4 risk:*"], "me")
    both = held | since
    assert both.rows == {"task": frozenset({3, 4}), "risk": None}
    assert both.tags == ("w1", "w2") and not both.everything
    assert (held | parse_notices(["w3"], "me")).everything
