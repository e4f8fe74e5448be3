"""A realistic demo portfolio: five releases across teams, a supplier and a freeze."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from relm_desktop.domain.enums import (
    DependencyType,
    Rag,
    ReleaseKind,
    ReleaseStatus,
    RolloutStrategy,
)
from relm_desktop.domain.models import (
    Dependency,
    Environment,
    FreezeWindow,
    Phase,
    Release,
    Task,
    Team,
)
from relm_desktop.services.demo_readiness import add_readiness
from relm_desktop.services.plan import PlanService
from relm_desktop.services.templates import apply_template


def default_demo_start(today: date | None = None) -> date:
    """Six weeks before today, on a Monday, so the demo is under way."""
    today = today or date.today()
    start = today - timedelta(weeks=6)
    return start - timedelta(days=start.weekday())


TEAMS = [
    ("Release Management", False, "release-office@example.com", 4),
    ("Platform Team", False, "platform@example.com", 4),
    ("Payments Team", False, "payments@example.com", 3),
    ("Mobile Team", False, "mobile@example.com", 3),
    ("QA & Test", False, "qa@example.com", 3),
    ("Operations", False, "ops@example.com", 2),
    ("Acme Card Services", True, "delivery@acme-cards.example", 2),
]

# Which team does a task, by words in its name (first match wins).
TEAM_RULES = [
    ("supplier", "Acme Card Services"),
    ("card network", "Acme Card Services"),
    ("3-d secure", "Acme Card Services"),
    ("deploy", "Operations"),
    ("hypercare", "Operations"),
    ("test", "QA & Test"),
    ("cab", "Release Management"),
    ("go/no-go", "Release Management"),
    ("scope", "Release Management"),
    ("plan", "Release Management"),
    ("review", "Release Management"),
    ("pir", "Release Management"),
]


def _team_for(name: str, default: str) -> str:
    lowered = name.lower()
    for word, team in TEAM_RULES:
        if word in lowered:
            return team
    return default


def _add_tasks(
    session: Session,
    release: Release,
    phase_name: str,
    after: Task,
    before: Task,
    specs: list[tuple[str, int]],
) -> list[Task]:
    """Insert extra tasks between two template tasks (in parallel branches)."""
    phase = session.scalar(
        select(Phase).where(Phase.release_id == release.id, Phase.name == phase_name)
    )
    created = []
    for name, duration in specs:
        task = Task(
            release_id=release.id,
            phase_id=phase.id if phase else None,
            name=name,
            duration=duration,
            position=after.position,
        )
        session.add(task)
        session.flush()
        session.add(Dependency(predecessor_id=after.id, successor_id=task.id))
        session.add(Dependency(predecessor_id=task.id, successor_id=before.id))
        created.append(task)
    return created


def _renumber(session: Session, release: Release) -> None:
    tasks = sorted(
        session.scalars(select(Task).where(Task.release_id == release.id)),
        key=lambda t: (t.position, t.id),
    )
    for index, task in enumerate(tasks):
        task.position = index


def _task(session: Session, release: Release, name: str) -> Task:
    task = session.scalar(select(Task).where(Task.release_id == release.id, Task.name == name))
    assert task is not None, name
    return task


def build_demo(path: Path, *, start: date | None = None, source: str = "cli") -> PlanService:
    """Create the demo plan file at ``path``."""
    start = start or default_demo_start()
    service = PlanService.new(
        path,
        name="Digital Banking Portfolio 2027",
        start=start,
        country="GB",
        subdivision="ENG",
        author="Release Office",
        source=source,
    )
    with service.store.transaction(source) as session:
        for name, position in (("Dev", 0), ("Test", 1), ("Staging", 2), ("Production", 3)):
            session.add(
                Environment(name=name, position=position, is_production=name == "Production")
            )
        teams = {}
        for name, supplier, contact, capacity in TEAMS:
            teams[name] = Team(name=name, is_supplier=supplier, contact=contact, capacity=capacity)
            session.add(teams[name])
        session.flush()

        def make(
            template: str, *, name: str, version: str, start: date, target_golive: date, owner: str
        ) -> Release:
            change = apply_template(
                session,
                template,
                name=name,
                version=version,
                start=start,
                target_golive=target_golive,
                owner=owner,
            )
            release = session.get(Release, change.ids[0])
            assert release is not None
            return release

        portal = make(
            "Standard minor release",
            name="Customer Portal",
            version="2.0",
            start=start,
            target_golive=start + timedelta(weeks=5),
            owner="Dana Ortiz",
        )
        payments = make(
            "Major release with pilot wave",
            name="Payments Platform",
            version="5.0",
            start=start + timedelta(weeks=2),
            target_golive=start + timedelta(weeks=23),
            owner="Priya Raman",
        )
        mobile = make(
            "Standard minor release",
            name="Mobile App",
            version="3.4",
            start=start + timedelta(weeks=4),
            target_golive=start + timedelta(weeks=17),
            owner="Tom Becker",
        )
        patch = make(
            "Standard minor release",
            name="Core Banking Patch",
            version="2.1.3",
            start=start + timedelta(weeks=7),
            target_golive=start + timedelta(weeks=11),
            owner="Li Wei",
        )
        hotfix = make(
            "Emergency fix",
            name="Login Hotfix",
            version="5.0.1",
            start=start + timedelta(weeks=6),
            target_golive=start + timedelta(weeks=6, days=4),
            owner="Priya Raman",
        )
        portal.status, portal.rollout_strategy = ReleaseStatus.DEPLOYED, RolloutStrategy.BLUE_GREEN
        portal.objective = "Self-service statements and a redesigned account overview."
        payments.status, payments.rag = ReleaseStatus.IN_PROGRESS, Rag.AMBER
        payments.objective = "Instant SEPA payments and 3-D Secure 2.2 for all card payments."
        payments.rag_note = "Card-network certification by Acme is two weeks late; pilot at risk."
        mobile.status, mobile.rollout_strategy = ReleaseStatus.PLANNED, RolloutStrategy.CANARY
        mobile.objective = "Instant payments in the app and a faster login."
        patch.status, patch.release_kind, patch.rollout_strategy = (
            ReleaseStatus.PLANNED,
            ReleaseKind.PATCH,
            RolloutStrategy.STAGED,
        )
        patch.objective = "Interest calculation fix and regulatory report update."
        hotfix.status = ReleaseStatus.DRAFT
        hotfix.objective = "Fix session time-outs on the login page."
        envs = {e.name: e for e in session.scalars(select(Environment))}
        for release in (portal, payments, mobile, patch, hotfix):
            release.environments = [envs["Test"], envs["Staging"], envs["Production"]]

        build = _task(session, payments, "Build features")
        freeze = _task(session, payments, "Code freeze")
        _add_tasks(
            session,
            payments,
            "Build",
            build,
            freeze,
            [
                ("Build SEPA instant payments service", 15),
                ("Integrate 3-D Secure 2.2 (supplier)", 12),
                ("Card network certification (supplier)", 10),
                ("Fraud scoring API changes", 9),
            ],
        )
        mbuild = _task(session, mobile, "Build and integrate changes")
        mfreeze = _task(session, mobile, "Code freeze")
        _add_tasks(
            session,
            mobile,
            "Build",
            mbuild,
            mfreeze,
            [
                ("Instant payments screens", 6),
                ("Biometric login improvements", 5),
                ("Accessibility fixes", 4),
            ],
        )
        store_sub = Task(
            release_id=mobile.id,
            name="App store submission and review",
            duration=3,
            phase_id=_task(session, mobile, "CAB approval").phase_id,
        )
        session.add(store_sub)
        session.flush()
        session.add(
            Dependency(
                predecessor_id=_task(session, mobile, "User acceptance test").id,
                successor_id=store_sub.id,
            )
        )
        session.add(
            Dependency(
                predecessor_id=store_sub.id,
                successor_id=_task(session, mobile, "Go/no-go decision").id,
            )
        )
        pbuild = _task(session, patch, "Build and integrate changes")
        pfreeze = _task(session, patch, "Code freeze")
        _add_tasks(
            session,
            patch,
            "Build",
            pbuild,
            pfreeze,
            [
                ("Interest calculation fix", 4),
                ("Regulatory report update", 5),
            ],
        )
        # Cross-release links: the app needs the payments API; the patch waits for the portal.
        session.add(
            Dependency(
                predecessor_id=_task(session, payments, "Build SEPA instant payments service").id,
                successor_id=_task(session, mobile, "Instant payments screens").id,
                type=DependencyType.SS,
                lag=5,
            )
        )
        session.add(
            Dependency(
                predecessor_id=_task(session, portal, "Go-live").id,
                successor_id=_task(session, patch, "Agree release scope").id,
            )
        )
        session.add(
            Dependency(
                predecessor_id=_task(session, mobile, "Deploy to production").id,
                successor_id=_task(session, payments, "Go/no-go for general rollout").id,
                type=DependencyType.FF,
                lag=-2,
            )
        )
        for release in (portal, payments, mobile, patch, hotfix):
            _renumber(session, release)
        session.flush()

        for task in session.scalars(select(Task)):
            default = {
                portal.id: "Platform Team",
                payments.id: "Payments Team",
                mobile.id: "Mobile Team",
                patch.id: "Platform Team",
                hotfix.id: "Platform Team",
            }[task.release_id]
            if task.duration:
                task.team_id = teams[_team_for(task.name, default)].id
        for task in portal.tasks:
            task.percent_complete = 100
        for name, pct in (
            ("Agree release scope and objectives", 100),
            ("Architecture and design review", 100),
            ("Build features", 60),
            ("Build SEPA instant payments service", 45),
            ("Integrate 3-D Secure 2.2 (supplier)", 30),
            ("Prepare data migration", 40),
        ):
            _task(session, payments, name).percent_complete = pct
        add_readiness(session, portal, payments, mobile, patch, hotfix, start)
    # The baseline is the plan as first agreed; then the supplier slips.
    service.save_baseline()
    with service.store.transaction(source) as session:
        cert = session.scalar(
            select(Task).where(Task.name == "Card network certification (supplier)")
        )
        assert cert is not None
        cert.duration += 10
        cert.notes = "Acme moved the certification slot by two weeks."
    _place_freeze(service)
    return service


def _place_freeze(service: PlanService) -> None:
    """Put a change freeze where the core-banking patch would deploy to production."""
    data, result = service.schedule()
    patch = next(r for r in data.releases if r.name == "Core Banking Patch")
    deploy = next(
        t for t in data.tasks if t.release_id == patch.id and t.name == "Deploy to production"
    )
    day = result.tasks[deploy.id].start
    with service.store.transaction(service.source) as session:
        prod = session.scalar(select(Environment).where(Environment.name == "Production"))
        freeze = FreezeWindow(
            name="Quarter-end change freeze",
            start=day - timedelta(days=2),
            finish=day + timedelta(days=5),
            reason="Finance quarter-end close: no production changes.",
        )
        freeze.environments = [prod] if prod else []
        session.add(freeze)
