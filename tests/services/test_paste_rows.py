"""A plan file's bulk outline writes go through the driver: the file holds the same rows.

``outline_rows`` writes places and audit rows of a plan file with the
driver's ``executemany`` (``insert_many``, ``write_places``); a server's go
through SQLAlchemy. A paste, its undo and its redo on two copies of one plan,
one written each way, must leave the same rows in every table, byte for byte
as SQLite stores them (dates and times as text, enums by value), and hand
back the same rows made (``OutlineEdit.created``), value for value and type
for type.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from relm_desktop.scheduling.synthetic import random_plan
from relm_desktop.services import outline_rows
from relm_desktop.services.bulk import write_schedule_input
from relm_desktop.services.plan import PlanService

pytestmark = pytest.mark.sqlite_only("compares the rows SQLite stores with and without the driver")

TABLES = ("task", "dependency", "change_record")


def stored(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of ``TABLES`` as SQLite holds it (typed as stored, ``at`` aside)."""
    with sqlite3.connect(path) as con:
        found = {
            table: con.execute(f"SELECT * FROM {table} ORDER BY id").fetchall() for table in TABLES
        }
        found["stored types"] = con.execute(
            "SELECT DISTINCT typeof(at), length(at), typeof(action), typeof(old) FROM change_record"
        ).fetchall()
    at = 1  # change_record.at: when it was written, which differs between the two runs
    found["change_record"] = [(*r[:at], *r[at + 1 :]) for r in found["change_record"]]
    return found


def edit(path: Path) -> list[dict[str, Any]]:
    """Indent, paste (a subtree with links), undo, redo, indent's undo: every bulk
    write; the rows stored after each."""
    service = PlanService.open(path)
    states = []
    try:
        data = service.load()
        ids = [t.id for t in data.tasks]
        copied = service.outline.copy(ids[20:70])
        assert copied.links, "the copy must carry links"
        indent = service.outline.indent([ids[101]])
        states.append(stored(path))
        paste = service.outline.paste(copied, ("task", ids[120]))
        states.append(stored(path))
        # The rows the paste made, as undo and redo will use them: values and types.
        states.append(
            {
                table: [[(name, type(v), v) for name, v in row.items()] for row in rows]
                for table, rows in paste.created.items()
            }
        )
        service.outline.undo(paste)
        states.append(stored(path))
        service.outline.redo(paste)
        states.append(stored(path))
        service.outline.undo(indent)
        states.append(stored(path))
    finally:
        service.close()
    return states


def test_the_driver_writes_the_rows_sqlalchemy_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    generated = random_plan(300, seed=5, links_per_task=1.5)
    driver, orm = tmp_path / "driver.relm", tmp_path / "orm.relm"
    for path in (driver, orm):
        write_schedule_input(path, generated).close()
    by_driver = edit(driver)
    with monkeypatch.context() as patch:
        patch.setattr(outline_rows, "_on_file", lambda _session: False)
        by_orm = edit(orm)
    assert len(by_driver[-1]["change_record"]) > 100
    for after_driver, after_orm in zip(by_driver, by_orm, strict=True):
        assert after_driver == after_orm
