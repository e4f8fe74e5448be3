"""``relm import URL WORKBOOK --dry-run``: rehearsed on the server, the plan untouched."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import create_engine, inspect, text

from relm_desktop.cli import main
from tests.server.cluster import Cluster


def contents(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table of the plan, and each id sequence's position."""
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        with engine.connect() as con:
            found: dict[str, list[tuple[Any, ...]]] = {}
            for table in sorted(inspect(con).get_table_names()):
                rows = con.execute(text(f'SELECT * FROM "{table}"')).all()
                found[table] = sorted((tuple(r) for r in rows), key=repr)
            return found
    finally:
        engine.dispose()


def returned_workbook(url: str, tmp_path: Path) -> Path:
    """The plan exported, then edited as a supplier would: one gate, one task."""
    path = tmp_path / "returned.xlsx"
    assert main(["export", url, str(path)]) == 0
    book = openpyxl.load_workbook(path)
    gates = book["Gates"]
    headers = {c.value: c.column for c in gates[1]}
    gates.cell(row=2, column=headers["Status"], value="Failed")
    tasks = book["Tasks"]
    headers = {c.value: c.column for c in tasks[1]}
    tasks.cell(row=3, column=headers["Notes"], value="checked by the supplier")
    book.save(path)
    return path


@pytest.fixture
def demo_url(server_url: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["demo", server_url, "--start", "2027-01-04"]) == 0
    capsys.readouterr()
    return server_url


def test_a_dry_run_on_the_server_rehearses_and_leaves_the_plan_as_it_was(
    demo_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workbook = returned_workbook(demo_url, tmp_path)
    capsys.readouterr()
    before = contents(demo_url)
    assert main(["import", demo_url, str(workbook), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "status Passed → Failed" in out, out
    assert "dry run: would add 0, change 2, remove 0; plan unchanged" in out, out
    assert contents(demo_url) == before
    # What it rehearsed is what the real import then does.
    assert main(["import", demo_url, str(workbook)]) == 0
    assert "added 0, changed 2, removed 0" in capsys.readouterr().out
    assert contents(demo_url) != before


def test_a_reader_role_gets_its_dry_run_too_and_changes_nothing(
    cluster: Cluster, demo_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workbook = returned_workbook(demo_url, tmp_path)
    database = demo_url.split("?")[0].rsplit("/", 1)[-1]
    role = f"reader_{database[-6:]}"
    cluster.admin(f"CREATE ROLE {role} LOGIN")
    cluster.admin(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}", database)
    capsys.readouterr()
    before = contents(demo_url)
    assert main(["import", cluster.url(database, user=role), str(workbook), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "dry run: would add 0, change 2, remove 0; plan unchanged" in out, out
    assert contents(demo_url) == before
