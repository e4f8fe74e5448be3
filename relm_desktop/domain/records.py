"""Plain, frozen records of the plan's rows: what the GUI, reports and exports read.

One declared class per entity table, so a renamed field is a type error wherever
it is read. Each field is one of the table's columns, in the table's order, with
the column's Python type (``| None`` where the column is nullable); a test holds
them to the tables (``tests/domain/test_records.py``).

They are named tuples: immutable, cheap to build (``services.records.rows`` makes
them with ``tuple.__new__`` in C), and safe to hand to threads. This module
imports no SQLAlchemy, so every layer above the domain can name them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple, Protocol, TypeVar

from relm_desktop.domain.enums import (
    ChangeAction,
    ConstraintType,
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


class Record(tuple[Any, ...]):  # Any: each record class names its fields' types
    """Base of every record class: a tuple, the table it came from, a dict view.

    A record class derives from its fields' named tuple first, then from this.
    """

    __slots__ = ()
    #: The table this record came from (a ClassVar: not a field of the record).
    table_name: ClassVar[str] = ""

    if TYPE_CHECKING:  # supplied by the named tuple each record class also derives from

        def _asdict(self) -> dict[str, Any]: ...

    def get(self, field: str, default: object = None) -> object:
        """The value of ``field`` (named at run time), or ``default`` if there is none."""
        return getattr(self, field, default)

    def as_dict(self) -> dict[str, Any]:  # Any: one value per column, of the column's type
        """Field name → value, in column order."""
        return self._asdict()


class _PlanInfoFields(NamedTuple):
    id: int
    name: str
    start: date
    author: str
    calendar_id: int | None
    baseline_saved_at: datetime | None
    last_pack_at: datetime | None
    status_date: date | None
    horizon: date | None


class PlanInfoRecord(_PlanInfoFields, Record):
    """A ``plan_info`` row (entity ``domain.plan.PlanInfo``)."""

    __slots__ = ()
    table_name = "plan_info"


class _CalendarFields(NamedTuple):
    id: int
    name: str
    workdays: str
    country: str | None
    subdivision: str | None


class CalendarRecord(_CalendarFields, Record):
    """A ``calendar`` row (entity ``domain.plan.Calendar``)."""

    __slots__ = ()
    table_name = "calendar"


class _CalendarDayFields(NamedTuple):
    id: int
    calendar_id: int
    day: date
    name: str


class CalendarDayRecord(_CalendarDayFields, Record):
    """A ``calendar_day`` row (entity ``domain.plan.CalendarDay``)."""

    __slots__ = ()
    table_name = "calendar_day"


class _ReleaseFields(NamedTuple):
    id: int
    name: str
    version: str
    release_kind: ReleaseKind
    status: ReleaseStatus
    objective: str
    start: date | None
    target_golive: date | None
    rollout_strategy: RolloutStrategy
    owner: str
    rag: Rag
    rag_note: str
    position: int


class ReleaseRecord(_ReleaseFields, Record):
    """A ``release`` row (entity ``domain.release.Release``)."""

    __slots__ = ()
    table_name = "release"


class _PhaseFields(NamedTuple):
    id: int
    release_id: int
    name: str
    position: int


class PhaseRecord(_PhaseFields, Record):
    """A ``phase`` row (entity ``domain.release.Phase``)."""

    __slots__ = ()
    table_name = "phase"


class _TaskFields(NamedTuple):
    id: int
    release_id: int
    phase_id: int | None
    name: str
    wbs: str
    position: int
    duration: int
    constraint_type: ConstraintType | None
    constraint_date: date | None
    percent_complete: int
    actual_start: date | None
    actual_finish: date | None
    team_id: int | None
    environment_id: int | None
    is_golive: bool
    notes: str
    baseline_start: date | None
    baseline_finish: date | None
    parent_id: int | None
    outside_start: date | None
    outside_day_end: bool
    outside_finish: date | None


class TaskRecord(_TaskFields, Record):
    """A ``task`` row (entity ``domain.release.Task``)."""

    __slots__ = ()
    table_name = "task"


class _DependencyFields(NamedTuple):
    id: int
    predecessor_id: int
    successor_id: int
    type: DependencyType
    lag: int


class DependencyRecord(_DependencyFields, Record):
    """A ``dependency`` row (entity ``domain.release.Dependency``)."""

    __slots__ = ()
    table_name = "dependency"


class _TeamFields(NamedTuple):
    id: int
    name: str
    is_supplier: bool
    contact: str
    capacity: int


class TeamRecord(_TeamFields, Record):
    """A ``team`` row (entity ``domain.organisation.Team``)."""

    __slots__ = ()
    table_name = "team"


class _EnvironmentFields(NamedTuple):
    id: int
    name: str
    position: int
    is_production: bool


class EnvironmentRecord(_EnvironmentFields, Record):
    """A ``environment`` row (entity ``domain.organisation.Environment``)."""

    __slots__ = ()
    table_name = "environment"


class _FreezeWindowFields(NamedTuple):
    id: int
    name: str
    start: date
    finish: date
    reason: str


class FreezeWindowRecord(_FreezeWindowFields, Record):
    """A ``freeze_window`` row (entity ``domain.organisation.FreezeWindow``)."""

    __slots__ = ()
    table_name = "freeze_window"


class _ScopeItemFields(NamedTuple):
    id: int
    release_id: int
    key: str
    title: str
    item_kind: ScopeKind
    size: str
    status: ScopeStatus


class ScopeItemRecord(_ScopeItemFields, Record):
    """A ``scope_item`` row (entity ``domain.release.ScopeItem``)."""

    __slots__ = ()
    table_name = "scope_item"


class _RiskFields(NamedTuple):
    id: int
    release_id: int | None
    task_id: int | None
    title: str
    description: str
    probability: int
    impact: int
    owner: str
    mitigation: str
    contingency: str
    status: RiskStatus
    review_date: date | None


class RiskRecord(_RiskFields, Record):
    """A ``risk`` row (entity ``domain.readiness.Risk``)."""

    __slots__ = ()
    table_name = "risk"


class _GateFields(NamedTuple):
    id: int
    release_id: int
    name: str
    category: GateCategory
    status: GateStatus
    evidence: str
    approver: str
    decided_on: date | None
    waiver_reason: str
    position: int


class GateRecord(_GateFields, Record):
    """A ``gate`` row (entity ``domain.readiness.Gate``)."""

    __slots__ = ()
    table_name = "gate"


class _RollbackPlanFields(NamedTuple):
    id: int
    release_id: int
    triggers: str
    steps: str
    estimated_minutes: int
    owner: str
    rehearsed: bool


class RollbackPlanRecord(_RollbackPlanFields, Record):
    """A ``rollback_plan`` row (entity ``domain.readiness.RollbackPlan``)."""

    __slots__ = ()
    table_name = "rollback_plan"


class _ReviewFields(NamedTuple):
    id: int
    release_id: int
    held_on: date | None
    outcome: str
    incidents: str
    went_well: str
    went_badly: str


class ReviewRecord(_ReviewFields, Record):
    """A ``review`` row (entity ``domain.readiness.Review``)."""

    __slots__ = ()
    table_name = "review"


class _ReviewActionFields(NamedTuple):
    id: int
    review_id: int
    action: str
    owner: str
    due: date | None
    done: bool


class ReviewActionRecord(_ReviewActionFields, Record):
    """A ``review_action`` row (entity ``domain.readiness.ReviewAction``)."""

    __slots__ = ()
    table_name = "review_action"


class _StakeholderFields(NamedTuple):
    id: int
    name: str
    title: str
    email: str
    receives_pack: bool


class StakeholderRecord(_StakeholderFields, Record):
    """A ``stakeholder`` row (entity ``domain.organisation.Stakeholder``)."""

    __slots__ = ()
    table_name = "stakeholder"


class _StakeholderRoleFields(NamedTuple):
    id: int
    stakeholder_id: int
    release_id: int
    raci: Raci


class StakeholderRoleRecord(_StakeholderRoleFields, Record):
    """A ``stakeholder_role`` row (entity ``domain.organisation.StakeholderRole``)."""

    __slots__ = ()
    table_name = "stakeholder_role"


class _RolloutWaveFields(NamedTuple):
    id: int
    release_id: int
    name: str
    audience: str
    percentage: int | None
    day: date | None
    position: int


class RolloutWaveRecord(_RolloutWaveFields, Record):
    """A ``rollout_wave`` row (entity ``domain.release.RolloutWave``)."""

    __slots__ = ()
    table_name = "rollout_wave"


class _FeatureFlagFields(NamedTuple):
    id: int
    release_id: int
    name: str
    description: str
    default_on: bool


class FeatureFlagRecord(_FeatureFlagFields, Record):
    """A ``feature_flag`` row (entity ``domain.release.FeatureFlag``)."""

    __slots__ = ()
    table_name = "feature_flag"


class _PackRecordFields(NamedTuple):
    id: int
    release_id: int | None
    preset: str
    built_at: datetime
    status_date: date
    shown: str


class PackRecordRecord(_PackRecordFields, Record):
    """A ``pack_record`` row (entity ``domain.packs.PackRecord``)."""

    __slots__ = ()
    table_name = "pack_record"


class _TemplateFields(NamedTuple):
    id: int
    name: str
    description: str
    body: str
    version: int


class TemplateRecord(_TemplateFields, Record):
    """A ``template`` row (entity ``domain.plan.Template``)."""

    __slots__ = ()
    table_name = "template"


class _ChangeRecordFields(NamedTuple):
    id: int
    at: datetime
    user: str
    host: str
    source: str
    action: ChangeAction
    entity: str
    entity_id: int | None
    label: str
    field: str
    old: str | None
    new: str | None


class ChangeRecordRecord(_ChangeRecordFields, Record):
    """A ``change_record`` row (entity ``domain.audit.ChangeRecord``)."""

    __slots__ = ()
    table_name = "change_record"


#: Record classes by their table name.
RECORDS: dict[str, type[Record]] = {
    "plan_info": PlanInfoRecord,
    "calendar": CalendarRecord,
    "calendar_day": CalendarDayRecord,
    "release": ReleaseRecord,
    "phase": PhaseRecord,
    "task": TaskRecord,
    "dependency": DependencyRecord,
    "team": TeamRecord,
    "environment": EnvironmentRecord,
    "freeze_window": FreezeWindowRecord,
    "scope_item": ScopeItemRecord,
    "risk": RiskRecord,
    "gate": GateRecord,
    "rollback_plan": RollbackPlanRecord,
    "review": ReviewRecord,
    "review_action": ReviewActionRecord,
    "stakeholder": StakeholderRecord,
    "stakeholder_role": StakeholderRoleRecord,
    "rollout_wave": RolloutWaveRecord,
    "feature_flag": FeatureFlagRecord,
    "template": TemplateRecord,
    "pack_record": PackRecordRecord,
    "change_record": ChangeRecordRecord,
}


class _HasId(Protocol):
    @property
    def id(self) -> int: ...


_R = TypeVar("_R", bound=_HasId)


def by_id(records: Iterable[_R]) -> dict[int, _R]:
    """Records keyed by their id."""
    return {record.id: record for record in records}


@dataclass(frozen=True, slots=True)
class PlanData:
    """Every row of a plan, read in one go (a few tens of ms at 10,000 tasks)."""

    info: PlanInfoRecord | None
    calendar: CalendarRecord | None
    days_off: tuple[CalendarDayRecord, ...]
    releases: tuple[ReleaseRecord, ...]
    phases: tuple[PhaseRecord, ...]
    tasks: tuple[TaskRecord, ...]
    links: tuple[DependencyRecord, ...]
    teams: tuple[TeamRecord, ...]
    environments: tuple[EnvironmentRecord, ...]
    #: (release id, environment id) pairs.
    release_environments: tuple[tuple[int, int], ...]
    freezes: tuple[FreezeWindowRecord, ...]
    #: (freeze window id, environment id) pairs.
    freeze_environments: tuple[tuple[int, int], ...]
    scope: tuple[ScopeItemRecord, ...]
    risks: tuple[RiskRecord, ...]
    gates: tuple[GateRecord, ...]
    rollbacks: tuple[RollbackPlanRecord, ...]
    reviews: tuple[ReviewRecord, ...]
    review_actions: tuple[ReviewActionRecord, ...]
    stakeholders: tuple[StakeholderRecord, ...]
    stakeholder_roles: tuple[StakeholderRoleRecord, ...]
    waves: tuple[RolloutWaveRecord, ...]
    feature_flags: tuple[FeatureFlagRecord, ...]
    templates: tuple[TemplateRecord, ...]
