"""What a pack says, derived from the plan's records and its schedule (no drawing here).

Everything the sections print that is not a field of a record is computed
here, so that it has unit tests of its own: go-live forecast and slip,
go/no-go readiness from the gates, top risks, decisions needed, the links
that cross releases, the supplier work and the changes since the last pack.
The glossary's rules (readiness, risk score, the order of risks) are those of
``domain.rules``, which the GUI's views call too.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import TypeVar

from relm_desktop.domain import rules
from relm_desktop.domain.outline import summary_ids
from relm_desktop.domain.records import (
    DependencyRecord,
    GateRecord,
    PlanData,
    ReleaseRecord,
    RiskRecord,
    TaskRecord,
)
from relm_desktop.domain.rules import GoNoGo
from relm_desktop.reports.options import AuditEntry, PackOptions
from relm_desktop.reports.rag import DerivedRag, derive_rag
from relm_desktop.scheduling.model import Conflict, ScheduleResult, TaskSchedule

#: The go/no-go words a pack prints (``ReleaseFacts.readiness``).
GO, NO_GO, PENDING = GoNoGo.GO.label, GoNoGo.NO_GO.label, GoNoGo.PENDING.label


_T = TypeVar("_T")


def value(enum_or_text: object) -> str:
    """The stored value of an enum member (or the text itself)."""
    return str(getattr(enum_or_text, "value", enum_or_text) or "")


def label(enum_or_text: object) -> str:
    """The human label of an enum member (or the text, capitalised)."""
    found = getattr(enum_or_text, "label", None)
    if found is not None:
        return str(found)
    text = str(enum_or_text or "")
    return text.replace("_", " ").capitalize()


def fmt_date(day: date | None) -> str:
    """'05 Jan 2027', or a dash for no date."""
    return day.strftime("%d %b %Y") if day else "—"


def short_date(day: date | None) -> str:
    """'05 Jan 27' for narrow table columns."""
    return day.strftime("%d %b %y") if day else "—"


@dataclass(frozen=True, slots=True)
class ReleaseFacts:
    """The headline numbers of one release."""

    release: ReleaseRecord
    start: date | None
    golive: date | None  # forecast from the schedule
    baseline_golive: date | None
    target: date | None
    slip_days: int | None  # forecast − baseline, calendar days
    late_days: int | None  # forecast − target, calendar days
    readiness: str  # GO, NO-GO or PENDING
    gates: tuple[GateRecord, ...]
    go_no_go: rules.Readiness[GateRecord]  # the gates that are met, failed and pending
    progress: int  # duration-weighted % complete
    tasks: int
    milestones: int
    critical: int
    derived: DerivedRag  # what the facts say, beside the hand-set ``release.rag``


@dataclass(frozen=True, slots=True)
class Decision:
    """Something the pack's readers must decide, with who and by when."""

    release: str
    text: str
    owner: str
    by: date | None
    severity: int  # 3 = blocking, 2 = high, 1 = normal


class PackContext:
    """The records a pack covers and what is derived from them."""

    def __init__(
        self,
        data: PlanData,
        schedule: ScheduleResult,
        options: PackOptions,
        changes: Sequence[AuditEntry] = (),
    ) -> None:
        self.data = data
        self.schedule = schedule
        self.options = options
        self.all_changes = tuple(changes)
        self.releases_by_id = {r.id: r for r in data.releases}
        if options.release_id is not None and options.release_id not in self.releases_by_id:
            raise ValueError(f"release #{options.release_id} is not in this plan")
        chosen = (
            [self.releases_by_id[options.release_id]]
            if options.release_id is not None
            else list(data.releases)
        )
        self.releases: tuple[ReleaseRecord, ...] = tuple(
            sorted(chosen, key=lambda r: (r.position, r.id))
        )
        self.release_ids = frozenset(r.id for r in self.releases)
        self.task_by_id = {t.id: t for t in data.tasks}
        self.phase_by_id = {p.id: p for p in data.phases}
        self.team_by_id = {t.id: t for t in data.teams}
        self.env_by_id = {e.id: e for e in data.environments}
        self._facts: dict[int, ReleaseFacts] = {}

    # -- identity -------------------------------------------------------------------
    @property
    def portfolio(self) -> bool:
        return self.options.release_id is None

    @property
    def plan_name(self) -> str:
        return str(self.data.info.name if self.data.info else "Plan")

    @property
    def scope_title(self) -> str:
        """'Payments Platform 5.0' for a release pack, 'Portfolio' for the whole plan."""
        if not self.portfolio:
            return release_title(self.releases[0])
        return f"Portfolio ({len(self.releases)} releases)"

    def release_name(self, release_id: int | None) -> str:
        release = self.releases_by_id.get(release_id) if release_id is not None else None
        return release_title(release) if release is not None else "Portfolio"

    # -- tasks ----------------------------------------------------------------------
    @cached_property
    def tasks(self) -> tuple[TaskRecord, ...]:
        """Tasks of the chosen releases, in release → phase → task order."""
        rank = {r.id: i for i, r in enumerate(self.releases)}
        phase_pos: dict[int | None, int] = {p.id: p.position for p in self.data.phases}
        chosen = [t for t in self.data.tasks if t.release_id in self.release_ids]
        chosen.sort(
            key=lambda t: (
                rank[t.release_id],
                phase_pos.get(t.phase_id, 10**9),
                t.phase_id or 0,
                t.position,
                t.id,
            )
        )
        return tuple(chosen)

    @cached_property
    def summary_ids(self) -> frozenset[int]:
        """Tasks with subtasks: their length and progress are their subtasks'."""
        return frozenset(summary_ids(self.data.tasks))

    def sched(self, task_id: int) -> TaskSchedule | None:
        return self.schedule.tasks.get(task_id)

    def milestones(self) -> list[TaskRecord]:
        """Milestones of the chosen releases in date order."""
        found = [t for t in self.tasks if t.duration == 0 and t.id not in self.summary_ids]
        return sorted(found, key=lambda t: (self._start(t.id) or date.max, t.position))

    def _start(self, task_id: int) -> date | None:
        s = self.sched(task_id)
        return s.start if s else None

    def team_name(self, team_id: int | None) -> str:
        team = self.team_by_id.get(team_id) if team_id is not None else None
        return team.name if team else ""

    # -- releases ---------------------------------------------------------------------
    @cached_property
    def _tasks_by_release(self) -> dict[int, list[TaskRecord]]:
        out: dict[int, list[TaskRecord]] = defaultdict(list)
        for task in self.data.tasks:
            out[task.release_id].append(task)
        return out

    def gates(self, release_id: int) -> tuple[GateRecord, ...]:
        return tuple(g for g in self.data.gates if g.release_id == release_id)

    def facts(self, release: ReleaseRecord) -> ReleaseFacts:
        """Go-live forecast, slip, readiness and progress of one release."""
        found = self._facts.get(release.id)
        if found is None:
            found = self._facts[release.id] = self._compute_facts(release)
        return found

    def _compute_facts(self, release: ReleaseRecord) -> ReleaseFacts:
        tasks = self._tasks_by_release.get(release.id, [])
        scheds = [(t, s) for t in tasks if (s := self.sched(t.id)) is not None]
        golive_task = next((t for t in tasks if t.is_golive), None)
        golive = self.schedule.release_golive.get(release.id)
        golive_sched = self.sched(golive_task.id) if golive_task is not None else None
        if golive is None and golive_sched:
            golive = golive_sched.finish
        if golive is None and scheds:
            golive = max(s.finish for _, s in scheds)
        baseline: date | None
        if golive_task is not None and golive_task.baseline_finish:
            baseline = golive_task.baseline_finish
        else:
            finishes = [t.baseline_finish for t in tasks if t.baseline_finish]
            baseline = max(finishes) if finishes else None
        leaves = [t for t in tasks if t.id not in self.summary_ids]
        work = sum(t.duration for t in leaves) or 0
        done = sum(t.duration * t.percent_complete for t in leaves)
        progress = round(done / work) if work else (100 if tasks else 0)
        gates = self.gates(release.id)
        go_no_go = rules.readiness(gates)
        derived = derive_rag(
            status=value(release.status),
            hand_set=value(release.rag),
            golive=golive,
            target=release.target_golive,
            baseline=baseline,
            progress=progress,
            as_of=self.options.today,
            failed_gates=go_no_go.failed,
            risks=(r for r in self.data.risks if r.release_id == release.id),
        )
        return ReleaseFacts(
            release=release,
            start=min((s.start for _, s in scheds), default=release.start),
            golive=golive,
            baseline_golive=baseline,
            target=release.target_golive,
            slip_days=(golive - baseline).days if golive and baseline else None,
            late_days=(golive - release.target_golive).days
            if golive and release.target_golive
            else None,
            readiness=go_no_go.status.label,
            gates=gates,
            go_no_go=go_no_go,
            progress=progress,
            tasks=len(tasks),
            milestones=sum(1 for t in leaves if t.duration == 0),
            critical=sum(1 for _, s in scheds if s.critical),
            derived=derived,
        )

    # -- risks ------------------------------------------------------------------------
    def risks(self) -> list[RiskRecord]:
        """Risks of the chosen releases (plus plan-wide ones in a portfolio pack), in the
        agreed order of ``domain.rules.ranked_risks``."""
        chosen = [
            r
            for r in self.data.risks
            if r.release_id in self.release_ids or (self.portfolio and r.release_id is None)
        ]
        return rules.ranked_risks(chosen)

    def top_risks(self) -> list[RiskRecord]:
        """The first active risks (not closed) of ``risks``: ``domain.rules.top_risks``."""
        return rules.top_risks(self.risks(), self.options.top_risks)

    # -- decisions ----------------------------------------------------------------------
    def decisions(self) -> list[Decision]:
        """What the readers must decide: failed gates, late go-lives, severe risks…"""
        from relm_desktop.reports.decisions import decisions

        return decisions(self)

    def conflicts(self) -> list[Conflict]:
        """Scheduler conflicts touching the chosen releases."""
        found = []
        for conflict in self.schedule.conflicts:
            releases = set(conflict.release_ids) | {
                self.task_by_id[t].release_id for t in conflict.task_ids if t in self.task_by_id
            }
            if self.portfolio or releases & self.release_ids or not releases:
                found.append(conflict)
        return found

    def _conflict_release(self, conflict: Conflict) -> str:
        for tid in conflict.task_ids:
            task = self.task_by_id.get(tid)
            if task is not None:
                return self.release_name(task.release_id)
        return self.release_name(conflict.release_ids[0] if conflict.release_ids else None)

    # -- dependencies ---------------------------------------------------------------------
    def cross_links(self) -> list[tuple[DependencyRecord, TaskRecord, TaskRecord]]:
        """(link, predecessor, successor) for links between a chosen release and another one."""
        out = []
        for link in self.data.links:
            pred = self.task_by_id.get(link.predecessor_id)
            succ = self.task_by_id.get(link.successor_id)
            if pred is None or succ is None or pred.release_id == succ.release_id:
                continue
            if pred.release_id in self.release_ids or succ.release_id in self.release_ids:
                out.append((link, pred, succ))
        return out

    def supplier_tasks(self) -> list[TaskRecord]:
        """Tasks of the chosen releases done by third-party suppliers."""
        suppliers = {t.id for t in self.data.teams if t.is_supplier}
        return [t for t in self.tasks if t.team_id in suppliers]

    # -- audit trail --------------------------------------------------------------------
    def changes(self) -> list[AuditEntry]:
        """Audit records about the chosen releases (or plan-wide things), newest first."""
        if self.portfolio:
            chosen = list(self.all_changes)
        else:
            owner = self._owner_map()
            chosen = [
                c
                for c in self.all_changes
                if owner.get((c.entity, c.entity_id), next(iter(self.release_ids)))
                in self.release_ids
            ]
        # Building a pack is no change to the plan.
        chosen = [c for c in chosen if c.field != "last_pack_at" and c.entity != "pack_record"]
        return sorted(chosen, key=lambda c: (c.at, c.id), reverse=True)

    def _owner_map(self) -> dict[tuple[str, int | None], int]:
        """(table, id) → release id, for everything that belongs to one release."""
        d = self.data
        owner: dict[tuple[str, int], int | None] = {("release", r.id): r.id for r in d.releases}
        for entity, records in (
            ("task", d.tasks),
            ("phase", d.phases),
            ("scope_item", d.scope),
            ("risk", d.risks),
            ("gate", d.gates),
            ("rollback_plan", d.rollbacks),
            ("review", d.reviews),
            ("rollout_wave", d.waves),
            ("feature_flag", d.feature_flags),
            ("stakeholder_role", d.stakeholder_roles),
        ):
            for record in records:
                owner[(entity, record.id)] = record.release_id
        review_release = {r.id: r.release_id for r in d.reviews}
        for action in d.review_actions:
            owner[("review_action", action.id)] = review_release.get(action.review_id)
        for link in d.links:
            succ = self.task_by_id.get(link.successor_id)
            pred = self.task_by_id.get(link.predecessor_id)
            ids = {t.release_id for t in (pred, succ) if t is not None}
            chosen = ids & self.release_ids
            owner[("dependency", link.id)] = next(iter(chosen or ids), None)
        # plan-wide risks (no release) belong to everyone
        return {k: v for k, v in owner.items() if v is not None}


def release_title(release: ReleaseRecord) -> str:
    """'Mobile App 3.4': the name and the version (unless the name already ends with it)."""
    name, version = release.name, release.version or ""
    if not version or name.endswith(version):
        return str(name)
    return f"{name} {version}"


def group_by(records: Iterable[_T], attr: str) -> dict[object, list[_T]]:
    out: dict[object, list[_T]] = defaultdict(list)
    for record in records:
        out[getattr(record, attr)].append(record)
    return out
