"""A realistic demo portfolio: five releases across teams, a supplier and a freeze."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from relm_desktop.domain.enums import (
    DependencyType,
    GateStatus,
    Raci,
    Rag,
    ReleaseStatus,
    RiskStatus,
    ScopeKind,
    ScopeStatus,
)
from relm_desktop.domain.models import (
    Dependency,
    Environment,
    FeatureFlag,
    FreezeWindow,
    Phase,
    Release,
    Review,
    ReviewAction,
    Risk,
    ScopeItem,
    Stakeholder,
    StakeholderRole,
    Task,
    Team,
)
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

        def make(template: str, **kw: object) -> Release:
            change = apply_template(session, template, **kw)  # type: ignore[arg-type]
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
        portal.status, portal.rollout_strategy = ReleaseStatus.DEPLOYED, "blue_green"
        portal.objective = "Self-service statements and a redesigned account overview."
        payments.status, payments.rag = ReleaseStatus.IN_PROGRESS, Rag.AMBER
        payments.objective = "Instant SEPA payments and 3-D Secure 2.2 for all card payments."
        payments.rag_note = "Card-network certification by Acme is two weeks late; pilot at risk."
        mobile.status, mobile.rollout_strategy = ReleaseStatus.PLANNED, "canary"
        mobile.objective = "Instant payments in the app and a faster login."
        patch.status, patch.release_kind, patch.rollout_strategy = (
            ReleaseStatus.PLANNED,
            "patch",
            "staged",
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
        _demo_readiness(session, portal, payments, mobile, patch, hotfix, start)
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


def _demo_readiness(
    session: Session,
    portal: Release,
    payments: Release,
    mobile: Release,
    patch: Release,
    hotfix: Release,
    start: date,
) -> None:
    for gate in portal.gates:
        gate.status, gate.approver, gate.decided_on = (
            GateStatus.PASSED,
            "Dana Ortiz",
            start + timedelta(weeks=4),
        )
        gate.evidence = "Signed off in the release review"
    portal.status = ReleaseStatus.DEPLOYED
    states = [
        GateStatus.PASSED,
        GateStatus.PENDING,
        GateStatus.PENDING,
        GateStatus.FAILED,
        GateStatus.PENDING,
        GateStatus.PENDING,
        GateStatus.PENDING,
    ]
    for gate, status in zip(payments.gates, states, strict=False):
        gate.status = status
    payments.gates[0].approver, payments.gates[0].evidence = (
        "Architecture board",
        "ADR-112 approved",
    )
    payments.gates[3].evidence = "2 high findings open (PT-2027-04, PT-2027-07)"
    payments.gates[3].approver = "CISO office"
    for gate, status in zip(
        mobile.gates, [GateStatus.PASSED, GateStatus.PENDING, GateStatus.WAIVED], strict=False
    ):
        gate.status = status
    mobile.gates[2].waiver_reason = "Scan tool outage; manual review by AppSec instead"
    mobile.gates[2].approver = "AppSec lead"
    session.add_all(
        [
            FeatureFlag(
                release_id=mobile.id,
                name="instant-payments-ui",
                description="Shows the instant payment option",
                default_on=False,
            ),
            FeatureFlag(
                release_id=payments.id,
                name="sepa-instant",
                description="Routes eligible transfers through SEPA Instant",
            ),
        ]
    )
    from relm_desktop.domain.models import RolloutWave

    session.add_all(
        [
            RolloutWave(
                release_id=mobile.id,
                name="Canary",
                audience="Android beta users",
                percentage=2,
                position=0,
            ),
            RolloutWave(
                release_id=mobile.id,
                name="Wave 2",
                audience="All Android",
                percentage=50,
                position=1,
            ),
            RolloutWave(
                release_id=mobile.id, name="Full", audience="All users", percentage=100, position=2
            ),
            RolloutWave(
                release_id=patch.id,
                name="Branch systems",
                audience="Branch back office",
                percentage=30,
                position=0,
            ),
            RolloutWave(
                release_id=patch.id,
                name="Online",
                audience="Online banking",
                percentage=100,
                position=1,
            ),
        ]
    )
    review = Review(
        release_id=portal.id,
        held_on=start + timedelta(weeks=6),
        outcome="Successful: deployed on the planned date with one minor incident.",
        incidents="INC-20417: statement PDFs slow for 40 minutes after go-live.",
        went_well="Blue/green switch took 4 minutes; clear go/no-go criteria.",
        went_badly="Performance test data did not reflect year-end statement volumes.",
    )
    session.add(review)
    session.flush()
    session.add_all(
        [
            ReviewAction(
                review_id=review.id,
                action="Add year-end volumes to the performance test data",
                owner="QA & Test",
                due=start + timedelta(weeks=9),
            ),
            ReviewAction(
                review_id=review.id,
                action="Automate the blue/green smoke test",
                owner="Operations",
                due=start + timedelta(weeks=10),
                done=True,
            ),
        ]
    )
    risks = [
        (
            payments,
            "Card network certification slips",
            4,
            5,
            "Acme Card Services",
            "Weekly checkpoint with Acme; book a backup certification slot",
            "Launch without 3-D Secure 2.2 for the pilot audience",
            RiskStatus.OCCURRED,
        ),
        (
            payments,
            "SEPA instant volumes exceed test assumptions",
            3,
            4,
            "Payments Team",
            "Performance test at 3× expected peak",
            "Throttle instant payments",
            RiskStatus.MITIGATING,
        ),
        (
            payments,
            "Data migration takes longer than the window",
            2,
            5,
            "Platform Team",
            "Rehearse migration twice on production-sized data",
            "Split migration over two nights",
            RiskStatus.OPEN,
        ),
        (
            payments,
            "Penetration test finds critical issues late",
            3,
            4,
            "CISO office",
            "Start pen test early on the feature branch",
            "Delay pilot wave",
            RiskStatus.OPEN,
        ),
        (
            payments,
            "Pilot customers unavailable for feedback",
            2,
            2,
            "Priya Raman",
            "Recruit five pilot customers, need three",
            "Use internal staff only",
            RiskStatus.OPEN,
        ),
        (
            mobile,
            "App store review rejects the build",
            2,
            4,
            "Mobile Team",
            "Pre-check against store guidelines",
            "Expedited review request",
            RiskStatus.OPEN,
        ),
        (
            mobile,
            "Instant payments API not ready for app integration",
            3,
            3,
            "Tom Becker",
            "SS link with lag; mock API for early screens",
            "Ship screens behind a flag",
            RiskStatus.MITIGATING,
        ),
        (
            mobile,
            "Biometric login regressions on older devices",
            2,
            3,
            "QA & Test",
            "Device lab covering the 20 most used models",
            "Fall back to PIN login",
            RiskStatus.OPEN,
        ),
        (
            patch,
            "Quarter-end freeze blocks the patch deployment",
            5,
            3,
            "Li Wei",
            "Move deployment before the freeze or get a freeze exception",
            "Deploy the week after the freeze",
            RiskStatus.OPEN,
        ),
        (
            patch,
            "Regulator changes report format again",
            1,
            4,
            "Compliance",
            "Monitor regulator bulletins",
            "Hotfix the report template",
            RiskStatus.OPEN,
        ),
        (
            hotfix,
            "Fix causes new session issues",
            2,
            4,
            "Platform Team",
            "Focused regression test of login paths",
            "Roll back within 20 minutes",
            RiskStatus.OPEN,
        ),
        (
            portal,
            "Statement PDF performance after go-live",
            3,
            2,
            "Operations",
            "Cache statements overnight",
            "Scale out PDF workers",
            RiskStatus.CLOSED,
        ),
    ]
    for release, title, p, i, owner, mitigation, contingency, status in risks:
        session.add(
            Risk(
                release_id=release.id,
                title=title,
                probability=p,
                impact=i,
                owner=owner,
                mitigation=mitigation,
                contingency=contingency,
                status=status,
                review_date=start + timedelta(weeks=5 + p),
                description=f"{title}. Affects {release.name} {release.version}.",
            )
        )
    people = [
        ("Maria Jensen", "Head of Digital Banking", True, "A"),
        ("Dana Ortiz", "Release Manager", True, "R"),
        ("Priya Raman", "Payments Product Owner", True, "R"),
        ("Tom Becker", "Mobile Product Owner", True, "R"),
        ("Li Wei", "Core Banking Lead", False, "R"),
        ("Sam Okafor", "CISO office", True, "C"),
        ("Service Desk", "Operations", False, "I"),
    ]
    releases = [portal, payments, mobile, patch, hotfix]
    for name, title, pack, raci in people:
        person = Stakeholder(
            name=name,
            title=title,
            receives_pack=pack,
            email=name.lower().replace(" ", ".") + "@example.com",
        )
        session.add(person)
        session.flush()
        for release in releases:
            role = raci
            if raci == "R" and release.owner != name:
                role = "C" if name != "Dana Ortiz" else "R"
            session.add(
                StakeholderRole(stakeholder_id=person.id, release_id=release.id, raci=Raci(role))
            )
    scope = [
        (portal, "PORT-101", "Self-service statements", ScopeKind.FEATURE, "L"),
        (portal, "PORT-117", "Account overview redesign", ScopeKind.FEATURE, "M"),
        (payments, "PAY-2001", "SEPA Instant Credit Transfer", ScopeKind.FEATURE, "XL"),
        (payments, "PAY-2014", "3-D Secure 2.2 challenge flow", ScopeKind.FEATURE, "L"),
        (payments, "PAY-2031", "Fraud scoring v3 API", ScopeKind.CHANGE, "M"),
        (payments, "PAY-1988", "Duplicate payment on retry", ScopeKind.FIX, "S"),
        (mobile, "MOB-740", "Instant payments screens", ScopeKind.FEATURE, "M"),
        (mobile, "MOB-752", "Face ID login speed-up", ScopeKind.CHANGE, "S"),
        (mobile, "MOB-761", "Screen reader labels", ScopeKind.FIX, "S"),
        (patch, "CBS-3310", "Interest calculation rounding", ScopeKind.FIX, "S"),
        (patch, "CBS-3322", "Regulatory report 2027 format", ScopeKind.CHANGE, "M"),
        (hotfix, "INC-20533", "Session time-out on login", ScopeKind.TICKET, "S"),
    ]
    for release, key, title, kind, size in scope:
        session.add(
            ScopeItem(release_id=release.id, key=key, title=title, item_kind=kind, size=size)
        )
    session.add(
        ScopeItem(
            release_id=mobile.id,
            key="MOB-777",
            title="Dark mode",
            item_kind=ScopeKind.FEATURE,
            size="M",
            status=ScopeStatus.OUT,
        )
    )
