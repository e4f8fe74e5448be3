"""An MSPDI export of several releases imports back as those releases."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from relm_desktop.cli import main
from relm_desktop.exchange.msproject.read import read_mspdi
from relm_desktop.services.plan import PlanService
from tests.interchange.conftest import build_release_plan


def _two_releases(path: Path) -> None:
    service = build_release_plan(path)
    r2 = service.create("release", {"name": "R2", "position": 1}).ids[0]
    build = service.create("phase", {"release_id": r2, "name": "Build", "position": 0}).ids[0]
    pilot = service.create(
        "task",
        {"release_id": r2, "phase_id": build, "name": "Pilot", "duration": 4, "position": 0},
    ).ids[0]
    live = service.create(
        "task",
        {"release_id": r2, "name": "R2 live", "duration": 0, "position": 1, "is_golive": True},
    ).ids[0]
    service.create("dependency", {"predecessor_id": pilot, "successor_id": live, "type": "FS"})
    service.close()


def _by_release(path: Path) -> dict[str, dict[str, tuple[date, date, str | None]]]:
    """release → task → (start, finish, phase), from the plan file."""
    service = PlanService.open(path, readonly=True, source="test")
    try:
        data, result = service.schedule()
    finally:
        service.close()
    releases = {r.id: r.name for r in data.releases}
    phases = {p.id: p.name for p in data.phases}
    out: dict[str, dict[str, tuple[date, date, str | None]]] = {}
    for t in data.tasks:
        sched = result.tasks[t.id]
        out.setdefault(releases[t.release_id], {})[t.name] = (
            sched.start,
            sched.finish,
            phases.get(t.phase_id or -1),
        )
    return out


def test_several_releases_import_back_as_several(tmp_path: Path) -> None:
    original = tmp_path / "plan.relm"
    _two_releases(original)
    xml = tmp_path / "portfolio.xml"
    assert main(["export", str(original), str(xml)]) == 0
    plan = read_mspdi(xml)
    assert [p.release for p in plan.parts] == ["R1", "R2"]
    assert sorted(r.label for r in plan.parts[1].parsed.rows["task"]) == ["Pilot", "R2 live"]
    copy = tmp_path / "copy.relm"
    assert main(["import", str(copy), str(xml)]) == 0
    assert _by_release(copy) == _by_release(original)


def test_dry_run_lists_each_release_and_changes_nothing(tmp_path: Path, capsys: object) -> None:
    original = tmp_path / "plan.relm"
    _two_releases(original)
    xml = tmp_path / "portfolio.xml"
    assert main(["export", str(original), str(xml)]) == 0
    assert main(["import", str(original), str(xml), "--dry-run"]) == 0
    # Into the plan it came from: nothing new; the plan file unchanged.
    before = _by_release(original)
    assert main(["import", str(original), str(xml)]) == 0
    assert _by_release(original) == before
