"""relm copy between files and a server, offline copies and their field-by-field sync."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from relm_desktop.cli import main
from relm_desktop.services.demo import build_demo
from relm_desktop.services.plan import PlanService
from relm_desktop.services.sync import conflicts_of, origin_of, sync_offline_copy
from tests.server.test_server_store import schedule_rows

START = date(2027, 1, 4)


@pytest.fixture
def published(tmp_path: Path, server_url: str) -> str:
    """The demo plan published to a new server database with ``relm copy``."""
    source = tmp_path / "demo.relm"
    build_demo(source, start=START).close()
    assert main(["copy", str(source), server_url]) == 0
    return server_url


def test_publish_and_offline_copy_keep_the_plan_and_its_schedule(
    tmp_path: Path, published: str, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "train.relm"
    assert main(["copy", published, str(copy)]) == 0
    assert "offline copy" in capsys.readouterr().out
    origin = origin_of(copy)
    assert origin is not None
    assert origin.url == published  # remembers where it came from
    assert origin.watermark > 0  # and up to which change
    file_plan = PlanService.open(tmp_path / "demo.relm")
    server_plan = PlanService.open(published)
    offline = PlanService.open(copy)
    try:
        assert schedule_rows(server_plan) == schedule_rows(file_plan) == schedule_rows(offline)
    finally:
        for service in (file_plan, server_plan, offline):
            service.close()
    assert main(["check", published]) == 0
    assert "ok (schema" in capsys.readouterr().out


def test_sync_merges_field_by_field_and_keeps_conflicts(
    tmp_path: Path, published: str, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "train.relm"
    assert main(["copy", published, str(copy)]) == 0
    offline = PlanService.open(copy)
    data = offline.load()
    t1, t2, t3 = sorted(data.tasks, key=lambda t: t.id)[:3]
    release = data.releases[0].id
    # Offline: a field only here, a field on both sides, a new task linked to an old one.
    offline.update("task", t1.id, {"notes": "checked on the train"})
    offline.update("task", t2.id, {"duration": t2.duration + 3})
    new_task = offline.create("task", {"release_id": release, "name": "Train task", "duration": 2})
    offline.link(t3.id, new_task.ids[0])
    offline.close()
    # Meanwhile on the server: the same field of t2, and another field of t1.
    server = PlanService.open(published)
    server.load()
    server.update("task", t2.id, {"duration": t2.duration + 5})
    server.update("task", t1.id, {"percent_complete": 40})
    server.close()

    assert main(["sync", str(copy)]) == 0
    out = capsys.readouterr().out
    assert "1 conflicts" in out
    assert f"conflict: task '{t2.name}' (#{t2.id}) duration: " in out
    assert f"server {t2.duration + 5}, local {t2.duration + 3}" in out

    server = PlanService.open(published)
    offline = PlanService.open(copy)
    try:
        there = {t.id: t for t in server.load().tasks}
        assert there[t1.id].notes == "checked on the train"  # went up
        assert there[t1.id].percent_complete == 40  # stayed
        assert there[t2.id].duration == t2.duration + 5  # the server's value stays
        made = [t for t in there.values() if t.name == "Train task"]
        assert len(made) == 1
        links = server.load().links
        assert any(d.predecessor_id == t3.id and d.successor_id == made[0].id for d in links)
        # The copy now holds the server's plan, schedules the same and keeps the conflict.
        assert schedule_rows(offline) == schedule_rows(server)
        (kept,) = conflicts_of(offline.store)
        assert (kept.entity, kept.row_id, kept.field) == ("task", t2.id, "duration")
        assert kept.local == str(t2.duration + 3)
    finally:
        server.close()
        offline.close()


def test_an_interrupted_sync_leaves_both_sides_whole_and_runs_again(
    tmp_path: Path, published: str
) -> None:
    copy = tmp_path / "train.relm"
    assert main(["copy", published, str(copy)]) == 0
    offline = PlanService.open(copy)
    release = offline.load().releases[0].id
    offline.create("task", {"release_id": release, "name": "Made offline", "duration": 1})
    offline.close()

    def cut(step: str) -> None:
        raise ConnectionError(f"network gone at {step}")

    def names() -> list[str]:
        server = PlanService.open(published)
        try:
            return [t.name for t in server.load().tasks if t.name == "Made offline"]
        finally:
            server.close()

    # Cut before the server commits: nothing arrived, the copy is as it was.
    with pytest.raises(ConnectionError):
        sync_offline_copy(copy, stage=lambda step: cut(step) if step == "merged" else None)
    assert names() == []
    # Cut after the server committed, before the copy was rewritten.
    with pytest.raises(ConnectionError):
        sync_offline_copy(copy, stage=lambda step: cut(step) if step == "applied" else None)
    assert names() == ["Made offline"]
    # Run again: finishes, and applies nothing twice.
    report = sync_offline_copy(copy)
    assert report.replayed
    assert names() == ["Made offline"]
    offline = PlanService.open(copy)
    try:
        assert [t.name for t in offline.load().tasks].count("Made offline") == 1
    finally:
        offline.close()
    assert sync_offline_copy(copy).created == 0  # a later sync has nothing to send


def test_deletes_go_both_ways_and_an_edited_row_is_not_deleted(
    tmp_path: Path, published: str
) -> None:
    copy = tmp_path / "train.relm"
    assert main(["copy", published, str(copy)]) == 0
    offline = PlanService.open(copy)
    risks = sorted(offline.load().risks, key=lambda r: r.id)
    offline.delete("risk", [risks[0].id, risks[1].id])
    offline.close()
    server = PlanService.open(published)
    server.load()
    server.update("risk", risks[1].id, {"mitigation": "New plan"})
    server.delete("risk", [risks[2].id])
    server.close()
    report = sync_offline_copy(copy)
    assert report.deleted == 1
    assert [c.field for c in report.conflicts] == ["(row)"]
    server = PlanService.open(published)
    try:
        left = {r.id for r in server.load().risks}
        assert risks[0].id not in left  # deleted offline
        assert risks[1].id in left  # edited on the server: kept
        assert risks[2].id not in left  # deleted on the server
    finally:
        server.close()
