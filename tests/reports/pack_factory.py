"""Plain plan records and a schedule for report tests, without a database or the scheduler."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

from relm_desktop.domain.enums import (
    ChangeAction,
    DependencyType,
    GateCategory,
    GateStatus,
    Raci,
    Rag,
    ReleaseKind,
    ReleaseStatus,
    RiskStatus,
    RolloutStrategy,
    ScopeKind,
    ScopeStatus,
)
from relm_desktop.scheduling.model import ScheduleResult, TaskSchedule
from relm_desktop.services.records import PlanData, record_class

START = date(2027, 1, 4)  # a Monday
TODAY = date(2027, 2, 15)

MILESTONES = ["Code freeze", "Go/no-go decision", "Go-live", "PIR held"]
PHASES = ["Plan", "Build", "Test", "Deploy", "Review"]


def rec(entity: str, **values: Any) -> Any:
    cls = record_class(entity)
    fields = dict.fromkeys(cls._fields)
    fields.update(values)
    return cls(**fields)


def workday(day: date, n: int) -> date:
    """``n`` working days (Mon–Fri) after ``day``."""
    while n > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


class ChangeEntry:
    """A stand-in for an audit record (the real ones come from services.pack)."""

    def __init__(self, **values: Any) -> None:
        self.__dict__.update(values)


def make_plan(
    tasks: int = 30,
    *,
    extra_names: tuple[str, ...] = (),
    releases: int = 2,
) -> tuple[PlanData, ScheduleResult, list[Any]]:
    """A portfolio of ``releases`` releases; the first has about ``tasks`` tasks."""
    rel_records, phase_records, task_records, link_records = [], [], [], []
    sched: dict[int, TaskSchedule] = {}
    golive: dict[int, date] = {}
    tid = 0
    for r in range(1, releases + 1):
        rel_records.append(
            rec(
                "release",
                id=r,
                name=["Payments Platform", "Mobile App", "Core Banking Patch"][r - 1],
                version=f"{5 - r}.0",
                release_kind=ReleaseKind.MAJOR,
                status=ReleaseStatus.IN_PROGRESS,
                objective="Instant payments and 3-D Secure.",
                start=START,
                target_golive=START + timedelta(weeks=10 if r == 1 else 30),
                rollout_strategy=RolloutStrategy.STAGED if r == 1 else RolloutStrategy.CANARY,
                owner="Priya Raman",
                rag=Rag.AMBER if r == 1 else Rag.GREEN,
                rag_note="Card certification by the supplier is two weeks late." if r == 1 else "",
                position=r,
            )
        )
        count = tasks if r == 1 else 12
        names = [*extra_names] if r == 1 else []
        while len(names) < count - len(MILESTONES):
            names.append(f"Work package {r}.{len(names) + 1}")
        names[len(names) // 2 : len(names) // 2] = MILESTONES[:2]
        names += MILESTONES[2:]
        per_phase = -(-len(names) // len(PHASES))
        day = START
        previous = None
        for p, phase in enumerate(PHASES):
            pid = r * 10 + p
            phase_records.append(rec("phase", id=pid, release_id=r, name=phase, position=p))
            for pos, name in enumerate(names[p * per_phase : (p + 1) * per_phase]):
                tid += 1
                milestone = name in MILESTONES
                duration = 0 if milestone else 1 + tid % 5
                start = workday(day, 1) if previous else day
                finish = start if milestone else workday(start, duration - 1)
                day = finish
                task_records.append(
                    rec(
                        "task",
                        id=tid,
                        release_id=r,
                        phase_id=pid,
                        name=name,
                        wbs="",
                        position=pos,
                        duration=duration,
                        percent_complete=100 if finish < TODAY else 0,
                        team_id=2 if "supplier" in name.lower() or tid % 7 == 0 else 1,
                        is_golive=name == "Go-live",
                        notes="",
                        baseline_start=start - timedelta(days=7 * (r == 1)),
                        baseline_finish=finish - timedelta(days=7 * (r == 1)),
                    )
                )
                sched[tid] = TaskSchedule(tid, start, finish, start, finish, 0, 0, tid % 3 == 0)
                if previous:
                    link_records.append(
                        rec(
                            "dependency",
                            id=tid,
                            predecessor_id=previous,
                            successor_id=tid,
                            type=DependencyType.FS,
                            lag=0,
                        )
                    )
                previous = tid
                if name == "Go-live":
                    golive[r] = start
        previous = None
    # a cross-release link
    link_records.append(
        rec(
            "dependency",
            id=10_000,
            predecessor_id=2,
            successor_id=task_records[-3].id,
            type=DependencyType.SS,
            lag=5,
        )
    )
    info = rec(
        "plan_info",
        id=1,
        name="Digital Banking Portfolio 2027",
        start=START,
        author="Release Office",
        calendar_id=1,
        last_pack_at=datetime(2027, 2, 1, 9, 0),
    )
    risks = [
        rec(
            "risk",
            id=i,
            release_id=1 + (i % 2 == 0 and releases > 1),
            title=title,
            description=f"{title}.",
            probability=p,
            impact=imp,
            owner="Acme Card Services",
            mitigation="Weekly checkpoint",
            contingency="Launch without it",
            status=st,
            review_date=TODAY,
        )
        for i, (title, p, imp, st) in enumerate(
            [
                ("Card network certification slips", 4, 5, RiskStatus.OCCURRED),
                ("SEPA instant volumes exceed test assumptions", 3, 4, RiskStatus.MITIGATING),
                ("Data migration takes longer than the window", 2, 5, RiskStatus.OPEN),
                ("Penetration test finds critical issues late", 3, 4, RiskStatus.OPEN),
                ("Pilot customers unavailable", 2, 2, RiskStatus.OPEN),
                ("Statement performance", 3, 2, RiskStatus.CLOSED),
            ],
            start=1,
        )
    ]
    gates = [
        rec(
            "gate",
            id=i,
            release_id=1,
            name=name,
            category=cat,
            status=st,
            evidence="ADR-112",
            approver="CISO office",
            decided_on=TODAY,
            waiver_reason="",
            position=i,
        )
        for i, (name, cat, st) in enumerate(
            [
                ("Architecture approved", GateCategory.QUALITY, GateStatus.PASSED),
                ("Security scan passed", GateCategory.SECURITY, GateStatus.FAILED),
                ("CAB approved", GateCategory.COMPLIANCE, GateStatus.PENDING),
            ],
            start=1,
        )
    ]
    data = PlanData(
        info=info,
        calendar=rec("calendar", id=1, name="Standard", workdays="01234"),
        days_off=(),
        releases=tuple(rel_records),
        phases=tuple(phase_records),
        tasks=tuple(task_records),
        links=tuple(link_records),
        teams=(
            rec("team", id=1, name="Payments Team", is_supplier=False, contact="", capacity=3),
            rec(
                "team",
                id=2,
                name="Acme Card Services",
                is_supplier=True,
                contact="delivery@acme.example",
                capacity=2,
            ),
        ),
        environments=(rec("environment", id=1, name="Production", position=0, is_production=True),),
        release_environments=((1, 1),),
        freezes=(
            rec(
                "freeze_window",
                id=1,
                name="Quarter-end change freeze",
                start=START + timedelta(weeks=4),
                finish=START + timedelta(weeks=5),
                reason="Quarter end",
            ),
        ),
        freeze_environments=((1, 1),),
        scope=(
            rec(
                "scope_item",
                id=1,
                release_id=1,
                key="PAY-2001",
                title="SEPA Instant Credit Transfer",
                item_kind=ScopeKind.FEATURE,
                size="XL",
                status=ScopeStatus.IN,
            ),
            rec(
                "scope_item",
                id=2,
                release_id=1,
                key="PAY-777",
                title="Dark mode",
                item_kind=ScopeKind.FEATURE,
                size="M",
                status=ScopeStatus.OUT,
            ),
        ),
        risks=tuple(risks),
        gates=tuple(gates),
        rollbacks=(
            rec(
                "rollback_plan",
                id=1,
                release_id=1,
                triggers="Error rate above 2%",
                steps="Switch traffic back",
                estimated_minutes=45,
                owner="Operations",
                rehearsed=False,
            ),
        ),
        reviews=(
            rec(
                "review",
                id=1,
                release_id=1,
                held_on=TODAY,
                outcome="Successful",
                incidents="INC-1",
                went_well="Clear criteria",
                went_badly="Test data",
            ),
        ),
        review_actions=(
            rec(
                "review_action",
                id=1,
                review_id=1,
                action="Add volumes",
                owner="QA",
                due=TODAY,
                done=False,
            ),
        ),
        stakeholders=(
            rec(
                "stakeholder",
                id=1,
                name="Maria Jensen",
                title="Head of Digital",
                email="maria@example.com",
                receives_pack=True,
            ),
            rec(
                "stakeholder",
                id=2,
                name="Service Desk",
                title="Operations",
                email="desk@example.com",
                receives_pack=False,
            ),
        ),
        stakeholder_roles=(
            rec("stakeholder_role", id=1, stakeholder_id=1, release_id=1, raci=Raci.ACCOUNTABLE),
            rec("stakeholder_role", id=2, stakeholder_id=2, release_id=1, raci=Raci.INFORMED),
        ),
        waves=(
            rec(
                "rollout_wave",
                id=1,
                release_id=1,
                name="Pilot",
                audience="Staff",
                percentage=5,
                day=TODAY,
                position=0,
            ),
        ),
        feature_flags=(
            rec(
                "feature_flag",
                id=1,
                release_id=1,
                name="sepa-instant",
                description="Routes transfers",
                default_on=False,
            ),
        ),
        templates=(),
    )
    result = ScheduleResult(
        tasks=sched,
        critical_path=tuple(t for t, s in sched.items() if s.critical),
        finish=max(s.finish for s in sched.values()),
        release_golive=golive,
    )
    changes = [
        ChangeEntry(
            id=1,
            at=datetime(2027, 2, 10, 14, 30),
            user="dana",
            host="",
            source="gui",
            action=ChangeAction.UPDATE,
            entity="task",
            entity_id=3,
            label=f"task '{task_records[2].name}'",
            field="duration",
            old="3",
            new="5",
        ),
        ChangeEntry(
            id=2,
            at=datetime(2027, 2, 11, 9, 0),
            user="li",
            host="",
            source="gui",
            action=ChangeAction.UPDATE,
            entity="risk",
            entity_id=1,
            label="risk 'Card network certification slips'",
            field="status",
            old="open",
            new="occurred",
        ),
    ]
    return data, result, changes


def with_task_names(data: PlanData, names: dict[int, str]) -> PlanData:
    """``data`` with some tasks renamed."""
    tasks = tuple(t._replace(name=names.get(t.id, t.name)) for t in data.tasks)
    return replace(data, tasks=tasks)
