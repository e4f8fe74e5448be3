"""Migration 0007 (a task's dates imposed from outside the plan) on PostgreSQL: a plan
written at 0006 upgrades in place, its tasks keep their rows and get no outside dates."""

from __future__ import annotations

from datetime import date

from sqlalchemy import create_engine, inspect, text

from relm_desktop.services.plan import PlanService
from relm_desktop.store.migrate import head_revision, upgrade
from relm_desktop.store.server import _url


def test_a_server_plan_at_0006_gains_the_outside_dates(server_url: str) -> None:
    engine = create_engine(_url(server_url))
    try:
        with engine.begin() as connection:
            upgrade(connection, "0006")
            connection.execute(
                text(
                    "INSERT INTO release (id, name, version, release_kind, status, objective, "
                    "rollout_strategy, owner, rag, rag_note, position) VALUES (1, 'R1', '1', "
                    "'major', 'planning', '', 'big_bang', '', 'green', '', 0)"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO task (id, release_id, name, wbs, position, duration, "
                    "percent_complete, is_golive, notes) VALUES (1, 1, 'Build', '1', 0, 5, 0, "
                    "false, '')"
                )
            )
        with engine.begin() as connection:
            upgrade(connection)
            columns = {c["name"]: c for c in inspect(connection).get_columns("task")}
            row = connection.execute(
                text("SELECT outside_start, outside_day_end, outside_finish FROM task")
            ).one()
            revision = connection.execute(text("SELECT version_num FROM alembic_version")).one()
    finally:
        engine.dispose()
    assert revision == (head_revision(),)
    assert {"outside_start", "outside_day_end", "outside_finish"} <= columns.keys()
    assert not columns["outside_day_end"]["nullable"]
    assert tuple(row) == (None, False, None)


def test_outside_dates_are_written_and_read_on_a_server_plan(server_url: str) -> None:
    service = PlanService.new(server_url, start=date(2027, 1, 4))
    try:
        (release_id,) = service.create("release", {"name": "R1"}).ids
        (task_id,) = service.create(
            "task",
            {
                "release_id": release_id,
                "name": "After R0",
                "duration": 0,
                "outside_start": date(2027, 3, 5),
                "outside_day_end": True,
                "outside_finish": date(2027, 3, 12),
            },
        ).ids
        stored = next(t for t in service.load().tasks if t.id == task_id)
        assert (stored.outside_start, stored.outside_day_end, stored.outside_finish) == (
            date(2027, 3, 5),
            True,
            date(2027, 3, 12),
        )
        # Reached at the end of Friday 5 March, right after its outside predecessor.
        assert service.schedule()[1].tasks[task_id].start == date(2027, 3, 5)
    finally:
        service.close()
