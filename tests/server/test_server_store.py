"""A plan on PostgreSQL: the same schema, services and schedule as in a file;
stale writes refused by row versions; read-only roles; change notices."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from relm_desktop.domain.audit import ChangeRecord
from relm_desktop.services.demo import build_demo
from relm_desktop.services.plan import PlanService
from relm_desktop.store.database import integrity_problems, schema_revision
from relm_desktop.store.errors import PlanFileError
from relm_desktop.store.migrate import head_revision
from relm_desktop.store.server import ChangeListener, public_url
from relm_desktop.store.versions import StaleEditError
from tests.server.cluster import Cluster

START = date(2027, 1, 4)


def schedule_rows(service: PlanService) -> list[tuple[str, date, date, int, bool]]:
    data, result = service.schedule()
    names = {t.id: t.name for t in data.tasks}
    return sorted(
        (names[i], s.start, s.finish, s.total_float, s.critical) for i, s in result.tasks.items()
    )


def test_demo_schedules_the_same_in_a_file_and_on_a_server(tmp_path: Path, server_url: str) -> None:
    in_file = build_demo(tmp_path / "demo.relm", start=START)
    on_server = build_demo(server_url, start=START)  # type: ignore[arg-type]
    try:
        assert schema_revision(on_server.store) == head_revision()
        assert integrity_problems(on_server.store) == []
        rows = schedule_rows(on_server)
        assert len(rows) > 20
        assert rows == schedule_rows(in_file)
    finally:
        in_file.close()
        on_server.close()


def test_every_edit_is_audited_with_user_and_host(plan_location: str | Path) -> None:
    service = PlanService.new(plan_location, start=START)
    try:
        team = service.create("team", {"name": "Ops"}).ids[0]
        service.update("team", team, {"capacity": 4})
        with service.store.reading() as session:
            rows = session.execute(
                select(ChangeRecord.user, ChangeRecord.host, ChangeRecord.field).where(
                    ChangeRecord.entity == "team"
                )
            ).all()
        assert [r.field for r in rows] == ["", "capacity"]
        assert all(r.user and r.host for r in rows)
    finally:
        service.close()


def test_a_stale_write_is_refused_naming_who_and_nothing_is_overwritten(server_url: str) -> None:
    first = PlanService.new(server_url, start=START)
    second = PlanService.open(server_url)
    try:
        team = first.create("team", {"name": "Ops"}).ids[0]
        second.load()
        first.load()
        first.update("team", team, {"name": "Operations"})
        with pytest.raises(StaleEditError) as refused:
            second.update("team", team, {"name": "Ops team"})
        assert "was changed by" in str(refused.value)
        assert refused.value.host
        assert [t.name for t in second.load().teams] == ["Operations"]
        # Having read the change, the second window may edit on top of it.
        second.update("team", team, {"name": "Ops team"})
        assert [t.name for t in first.load().teams] == ["Ops team"]
        # Its own edits do not make it stale.
        second.update("team", team, {"capacity": 5})
        second.delete("team", [team])
    finally:
        first.close()
        second.close()


def test_a_reader_role_opens_read_only_and_edits_are_refused_in_one_line(
    cluster: Cluster, server_url: str
) -> None:
    service = PlanService.new(server_url, start=START)
    service.close()
    database = server_url.split("?")[0].rsplit("/", 1)[-1]
    role = f"reader_{database[-6:]}"
    cluster.admin(f"CREATE ROLE {role} LOGIN")
    cluster.admin(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}", database)
    reader = PlanService.open(cluster.url(database, user=role))
    try:
        assert reader.store.readonly
        assert reader.load().info is not None
        with pytest.raises(PlanFileError) as refused:
            reader.create("team", {"name": "Ops"})
        assert "may only read" in str(refused.value)
        assert "\n" not in str(refused.value)
    finally:
        reader.close()


def test_another_sessions_commit_is_noticed_within_two_seconds(server_url: str) -> None:
    watcher = PlanService.new(server_url, start=START)
    writer = PlanService.open(server_url)
    assert watcher.store.tag is not None
    listener = ChangeListener(server_url, watcher.store.tag)
    try:
        watcher.create("team", {"name": "Mine"})
        assert listener.poll() == []  # its own edit is no news
        writer.create("team", {"name": "Theirs"})
        deadline = time.monotonic() + 2.0
        seen: list[str] = []
        while not seen and time.monotonic() < deadline:
            seen = listener.poll()
            time.sleep(0.05)
        assert seen == [writer.store.tag]
    finally:
        listener.close()
        watcher.close()
        writer.close()


def test_a_password_never_shows_in_the_public_url() -> None:
    url = "postgresql://ann:s3cret@db.example.com:5433/plans?sslmode=require"
    shown = public_url(url)
    assert "s3cret" not in shown
    assert shown == "postgresql://ann@db.example.com:5433/plans?sslmode=require"
