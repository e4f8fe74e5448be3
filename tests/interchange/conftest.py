"""Fixtures of the interchange tests: the corpus folders and a plan using what MSPDI holds."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from relm_desktop.services.plan import PlanService

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"
MSPDI = CORPUS / "mspdi"
GAN = CORPUS / "gan"


def build_release_plan(path: Path) -> PlanService:
    """One release: phases, a summary task, four link types with lags and a lead, a
    constraint, a holiday, a freeze window that pushes a deployment, progress, baselines."""
    service = PlanService.new(path, name="Interchange", start=date(2027, 3, 1), source="test")
    data = service.load()
    assert data.calendar is not None
    service.create(
        "calendar_day",
        {"calendar_id": data.calendar.id, "day": date(2027, 3, 10), "name": "Works outing"},
    )
    env = service.create("environment", {"name": "Production", "is_production": True}).ids[0]
    team = service.create("team", {"name": "Payments", "capacity": 2}).ids[0]
    freeze = service.create(
        "freeze_window",
        {"name": "Quarter end", "start": date(2027, 3, 22), "finish": date(2027, 3, 26)},
    ).ids[0]
    from sqlalchemy import insert

    from relm_desktop.domain.organisation import freeze_environment

    with service.store.transaction("test") as session:
        session.execute(insert(freeze_environment).values(freeze_id=freeze, environment_id=env))
    rel = service.create("release", {"name": "R1", "target_golive": date(2027, 4, 20)}).ids[0]
    build = service.create("phase", {"release_id": rel, "name": "Build", "position": 0}).ids[0]
    ship = service.create("phase", {"release_id": rel, "name": "Ship", "position": 1}).ids[0]

    def task(name: str, duration: int, phase: int, pos: int, **more: object) -> int:
        values = {
            "release_id": rel,
            "phase_id": phase,
            "name": name,
            "duration": duration,
            "position": pos,
        }
        values.update(more)
        return service.create("task", values).ids[0]

    work = task("Backend work", 0, build, 0)
    api = task(
        "API",
        5,
        build,
        1,
        parent_id=work,
        team_id=team,
        percent_complete=40,
        actual_start=date(2027, 3, 1),
        baseline_start=date(2027, 3, 1),
        baseline_finish=date(2027, 3, 5),
    )
    db = task("Database", 3, build, 2, parent_id=work, team_id=team)
    docs = task("Docs", 4, build, 3, constraint_type="snet", constraint_date=date(2027, 3, 15))
    test = task("Test", 6, ship, 4)
    deploy = task("Deploy", 1, ship, 5, environment_id=env)
    live = task("Go-live", 0, ship, 6, is_golive=True)
    for pred, succ, kind, lag in (
        (api, db, "SS", 2),
        (db, test, "FS", 1),
        (docs, test, "FF", -1),
        (work, deploy, "FS", 0),
        (test, deploy, "FS", 3),
        (deploy, live, "SF", 0),
        (test, live, "FS", 0),
    ):
        service.create(
            "dependency", {"predecessor_id": pred, "successor_id": succ, "type": kind, "lag": lag}
        )
    return service
