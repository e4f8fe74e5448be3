"""The demo portfolio through MS Project XML: every release, task and link comes back,
links between releases included, into a new plan and into the plan it came from."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from relm_desktop.cli import main
from relm_desktop.services.demo import build_demo
from relm_desktop.services.plan import PlanService

Key = tuple[str, str]  # (release, task name)
Link = tuple[Key, Key, str, int]
Plan = tuple[list[tuple[object, ...]], dict[Key, tuple[object, ...]], list[Link]]


def _plan(path: Path) -> Plan:
    """Releases, tasks and links as the plan file holds them, by name (ids differ)."""
    with sqlite3.connect(path) as db:
        releases = sorted(db.execute("SELECT name, start, target_golive FROM release"))
        release = dict(db.execute("SELECT id, name FROM release"))
        phase = dict(db.execute("SELECT id, name FROM phase"))
        rows = db.execute(
            "SELECT id, release_id, name, phase_id, parent_id, duration, constraint_type, "
            "constraint_date, percent_complete, actual_start, actual_finish, is_golive FROM task"
        ).fetchall()
        key: dict[int, Key] = {r[0]: (release[r[1]], r[2]) for r in rows}
        tasks = {
            key[r[0]]: (phase.get(r[3]), key.get(r[4]), *r[5:])
            for r in rows  # phase, parent, duration, constraint, progress, actuals, go-live
        }
        links: list[Link] = sorted(
            (key[p], key[s], kind, lag)
            for p, s, kind, lag in db.execute(
                "SELECT predecessor_id, successor_id, type, lag FROM dependency"
            )
        )
    assert len(tasks) == len(rows)  # names are unique within a release
    return releases, tasks, links


def _schedule(path: Path) -> dict[Key, tuple[date, date]]:
    service = PlanService.open(path, readonly=True, source="test")
    try:
        data, result = service.schedule()
    finally:
        service.close()
    name = {r.id: r.name for r in data.releases}
    return {
        (name[t.release_id], t.name): (result.tasks[t.id].start, result.tasks[t.id].finish)
        for t in data.tasks
    }


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("portfolio")
    plan = folder / "demo.relm"
    build_demo(plan, start=date(2027, 1, 4), source="test").close()
    xml = folder / "demo.xml"
    assert main(["export", str(plan), str(xml)]) == 0
    return plan, xml


def test_every_release_task_and_link_comes_back_into_a_new_plan(
    portfolio: tuple[Path, Path], tmp_path: Path
) -> None:
    original, xml = portfolio
    copy = tmp_path / "copy.relm"
    assert main(["import", str(copy), str(xml)]) == 0
    releases, tasks, links = _plan(original)
    between = [link for link in links if link[0][0] != link[1][0]]
    assert len(releases) == 5 and len(tasks) == 80 and len(between) == 3
    back_releases, back_tasks, back_links = _plan(copy)
    assert back_releases == releases  # names, starts and target go-lives
    assert back_tasks == tasks  # task for task
    assert back_links == links  # link for link, the three between releases too
    assert _schedule(copy) == _schedule(original)


def test_the_plan_it_came_from_takes_it_back_unchanged(
    portfolio: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    original, xml = portfolio
    plan = tmp_path / "again.relm"
    plan.write_bytes(original.read_bytes())
    before = _plan(plan)
    assert main(["import", str(plan), str(xml), "--dry-run"]) == 0
    assert "would add 0, change 0" in capsys.readouterr().out
    assert main(["import", str(plan), str(xml)]) == 0
    assert _plan(plan) == before
    with sqlite3.connect(plan) as db:  # no link was removed and made again on the way
        assert not db.execute(
            "SELECT 1 FROM change_record WHERE entity = 'dependency' AND source = 'cli'"
        ).fetchall()


def test_a_link_between_releases_changed_in_the_file_changes_in_the_plan(
    portfolio: tuple[Path, Path], tmp_path: Path
) -> None:
    original, xml = portfolio
    plan = tmp_path / "edited.relm"
    plan.write_bytes(original.read_bytes())
    # MS Project user: the SS+5d link into the Mobile App becomes FS with no lag.
    text = xml.read_text("utf-8")
    with sqlite3.connect(original) as db:
        pred, succ, kind, lag = db.execute(
            "SELECT predecessor_id, successor_id, d.type, d.lag FROM dependency d "
            "JOIN task p ON p.id = predecessor_id JOIN task s ON s.id = successor_id "
            "WHERE p.name = 'Build SEPA instant payments service' "
            "AND s.name = 'Instant payments screens'"
        ).fetchone()
    assert (kind, lag) == ("SS", 5)
    link = (
        f"<PredecessorUID>{pred}</PredecessorUID><Type>3</Type>"
        "<CrossProject>0</CrossProject><LinkLag>24000</LinkLag>"
    )
    assert text.count(link) == 1
    edited = tmp_path / "edited.xml"
    edited.write_text(text.replace(link, link.replace("<Type>3", "<Type>1").replace("24000", "0")))
    assert main(["import", str(plan), str(edited)]) == 0
    with sqlite3.connect(plan) as db:
        assert db.execute(
            "SELECT type, lag FROM dependency WHERE predecessor_id = ? AND successor_id = ?",
            (pred, succ),
        ).fetchall() == [("FS", 0)]


def test_our_csv_of_the_portfolio_brings_back_its_releases_and_links(
    portfolio: tuple[Path, Path], tmp_path: Path
) -> None:
    original, _xml = portfolio
    csv = tmp_path / "demo.csv"
    assert main(["export", str(original), str(csv)]) == 0
    copy = tmp_path / "copy.relm"
    assert main(["import", str(copy), str(csv)]) == 0
    releases, tasks, links = _plan(original)
    back_releases, back_tasks, back_links = _plan(copy)
    # A CSV has no release dates: the names come back, and each task's place and length.
    assert [r[0] for r in back_releases] == [r[0] for r in releases]
    assert {k: v[:3] for k, v in back_tasks.items()} == {k: v[:3] for k, v in tasks.items()}
    assert back_links == links
