"""The demo portfolio's readiness content: gates, flags, waves, PIR, risks, people, scope.

Split from demo.py, which builds the releases and their schedule.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.orm import Session

from relm_desktop.domain.enums import (
    GateStatus,
    Raci,
    ReleaseStatus,
    RiskStatus,
    ScopeKind,
    ScopeStatus,
)
from relm_desktop.domain.models import (
    FeatureFlag,
    Release,
    Review,
    ReviewAction,
    Risk,
    RolloutWave,
    ScopeItem,
    Stakeholder,
    StakeholderRole,
)


def add_readiness(
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
    for release, title, p, i, owner, mitigation, contingency, risk_status in risks:
        session.add(
            Risk(
                release_id=release.id,
                title=title,
                probability=p,
                impact=i,
                owner=owner,
                mitigation=mitigation,
                contingency=contingency,
                status=risk_status,
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
