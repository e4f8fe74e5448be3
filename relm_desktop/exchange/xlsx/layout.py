"""The layout of the workbook RELM exports: sheets, columns, which columns may be edited.

Export and import both read this table, so a column exists in one place only.
Each column maps to a field of an entity, or to a computed value (scheduled
dates, float) that is written for reading and ignored on import.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

from relm_desktop.domain.enums import (
    ConstraintType,
    DependencyType,
    GateCategory,
    GateStatus,
    LabelledEnum,
    Raci,
    Rag,
    ReleaseKind,
    ReleaseStatus,
    RiskStatus,
    RolloutStrategy,
    ScopeKind,
    ScopeStatus,
)
from relm_desktop.domain.records import PlanData

FORMAT_NAME = "RELM Desktop workbook"
FORMAT_VERSION = 1
README = "README"
GANTT = "Gantt"


class Kind(StrEnum):
    ID = "id"  # the stable id of the row's entity
    TEXT = "text"
    INT = "int"
    DATE = "date"
    ENUM = "enum"
    BOOL = "bool"
    REF = "ref"  # a name of another entity (release, phase, team, environment)
    LIST = "list"  # names separated by "; "
    PREDECESSORS = "predecessors"
    COMPUTED = "computed"  # written for reading only


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    field: str
    kind: Kind
    width: float = 14
    editable: bool = True
    enum: type[LabelledEnum] | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class SheetSpec:
    name: str
    entity: str  # "" for sheets that are only for reading
    columns: tuple[Column, ...]
    note: str

    def column(self, field: str) -> Column:
        return next(c for c in self.columns if c.field == field)


def _id(note: str = "Stable id: leave it as it is. Empty for a new row.") -> Column:
    return Column("ID", "id", Kind.ID, 8, editable=False, note=note)


def _release() -> Column:
    return Column(
        "Release", "release", Kind.REF, 22, note="Name of a release in the Releases sheet"
    )


RELEASES = SheetSpec(
    "Releases",
    "release",
    (
        _id(),
        Column("Name", "name", Kind.TEXT, 26),
        Column("Version", "version", Kind.TEXT, 10),
        Column("Kind", "release_kind", Kind.ENUM, 12, enum=ReleaseKind),
        Column("Status", "status", Kind.ENUM, 13, enum=ReleaseStatus),
        Column("Start", "start", Kind.DATE, 12),
        Column("Target go-live", "target_golive", Kind.DATE, 14),
        Column("Rollout strategy", "rollout_strategy", Kind.ENUM, 16, enum=RolloutStrategy),
        Column("Owner", "owner", Kind.TEXT, 18),
        Column("RAG", "rag", Kind.ENUM, 8, enum=Rag),
        Column("RAG note", "rag_note", Kind.TEXT, 30),
        Column("Objective", "objective", Kind.TEXT, 40),
        Column("Phases", "phases", Kind.LIST, 36, note="Lifecycle phases in order, separated by ;"),
        Column("Environments", "environments", Kind.LIST, 24, note="Separated by ;"),
    ),
    "One row per release.",
)

TASKS = SheetSpec(
    "Tasks",
    "task",
    (
        _id("Stable id, also used in Predecessors. A new row may use any unused number."),
        _release(),
        Column("Phase", "phase", Kind.REF, 14),
        Column(
            "WBS",
            "wbs",
            Kind.COMPUTED,
            8,
            editable=False,
            note="Outline number, computed from Parent ID (never read back: ID names a task)",
        ),
        Column(
            "Parent ID",
            "parent_id",
            Kind.INT,
            9,
            note="ID of the summary task this one belongs to (same release and phase); "
            "empty = top level",
        ),
        Column("Name", "name", Kind.TEXT, 40),
        Column("Duration (days)", "duration", Kind.INT, 10, note="Working days; 0 = milestone"),
        Column("Milestone", "milestone", Kind.COMPUTED, 10, editable=False),
        Column("Start", "start", Kind.COMPUTED, 12, editable=False, note="Calculated"),
        Column("Finish", "finish", Kind.COMPUTED, 12, editable=False, note="Calculated"),
        Column(
            "Predecessors",
            "predecessors",
            Kind.PREDECESSORS,
            18,
            note="Task IDs in MS Project notation: 12, 12SS+2d, 14FF-1d; separated by ;",
        ),
        Column("Constraint", "constraint_type", Kind.ENUM, 20, enum=ConstraintType),
        Column("Constraint date", "constraint_date", Kind.DATE, 14),
        Column("% Complete", "percent_complete", Kind.INT, 10, note="0 to 100"),
        Column("Actual start", "actual_start", Kind.DATE, 12),
        Column("Actual finish", "actual_finish", Kind.DATE, 12),
        Column("Team", "team", Kind.REF, 18, note="A new name creates the team"),
        Column("Environment", "environment", Kind.REF, 14, note="Set on deployment tasks"),
        Column("Go-live", "is_golive", Kind.BOOL, 8),
        Column("Baseline start", "baseline_start", Kind.DATE, 13),
        Column("Baseline finish", "baseline_finish", Kind.DATE, 13),
        Column("Total float", "total_float", Kind.COMPUTED, 10, editable=False),
        Column("Critical", "critical", Kind.COMPUTED, 9, editable=False),
        Column(
            "Needed by",
            "needed_by",
            Kind.COMPUTED,
            11,
            editable=False,
            note="The latest finish a successor in a release outside this workbook allows; "
            "a plan made from the workbook keeps it, besides the task's own constraint",
        ),
        Column(
            "Not before",
            "outside_start",
            Kind.COMPUTED,
            16,
            editable=False,
            note="The earliest start a predecessor in a release outside this workbook allows: "
            "00:00 the day's beginning, 17:00 its end (right after that predecessor); a plan "
            "made from the workbook keeps it, besides the task's own constraint",
        ),
        Column("Notes", "notes", Kind.TEXT, 40),
        Column(
            "Check",
            "check",
            Kind.COMPUTED,
            8,
            editable=False,
            note="Hidden: tells an edited calculated cell apart on import",
        ),
    ),
    "One row per task; rows are in plan order within each release.",
)

DEPENDENCIES = SheetSpec(
    "Dependencies",
    "",
    (
        Column("ID", "id", Kind.COMPUTED, 8, editable=False),
        Column("Predecessor ID", "predecessor_id", Kind.COMPUTED, 14, editable=False),
        Column("Predecessor", "predecessor", Kind.COMPUTED, 36, editable=False),
        Column("Successor ID", "successor_id", Kind.COMPUTED, 13, editable=False),
        Column("Successor", "successor", Kind.COMPUTED, 36, editable=False),
        Column("Type", "type", Kind.COMPUTED, 8, editable=False, enum=DependencyType),
        Column("Lag (days)", "lag", Kind.COMPUTED, 10, editable=False),
    ),
    "For reading: every dependency. Change links in the Predecessors column of Tasks.",
)

RISKS = SheetSpec(
    "Risks",
    "risk",
    (
        _id(),
        Column("Release", "release", Kind.REF, 22),
        Column("Task ID", "task_id", Kind.INT, 8),
        Column("Title", "title", Kind.TEXT, 34),
        Column("Description", "description", Kind.TEXT, 40),
        Column("Probability", "probability", Kind.INT, 11, note="1 to 5"),
        Column("Impact", "impact", Kind.INT, 8, note="1 to 5"),
        Column("Score", "score", Kind.COMPUTED, 8, editable=False),
        Column("Owner", "owner", Kind.TEXT, 18),
        Column("Mitigation", "mitigation", Kind.TEXT, 36),
        Column("Contingency", "contingency", Kind.TEXT, 36),
        Column("Status", "status", Kind.ENUM, 12, enum=RiskStatus),
        Column("Review date", "review_date", Kind.DATE, 12),
    ),
    "The risk register.",
)

GATES = SheetSpec(
    "Gates",
    "gate",
    (
        _id(),
        _release(),
        Column("Name", "name", Kind.TEXT, 34),
        Column("Category", "category", Kind.ENUM, 12, enum=GateCategory),
        Column("Status", "status", Kind.ENUM, 10, enum=GateStatus),
        Column("Evidence", "evidence", Kind.TEXT, 36),
        Column("Approver", "approver", Kind.TEXT, 18),
        Column("Decided on", "decided_on", Kind.DATE, 12),
        Column("Waiver reason", "waiver_reason", Kind.TEXT, 30),
    ),
    "Quality, security and compliance gates of each release.",
)

SCOPE = SheetSpec(
    "Scope",
    "scope_item",
    (
        _id(),
        _release(),
        Column("Key", "key", Kind.TEXT, 14),
        Column("Title", "title", Kind.TEXT, 40),
        Column("Kind", "item_kind", Kind.ENUM, 10, enum=ScopeKind),
        Column("Size", "size", Kind.TEXT, 8),
        Column("Status", "status", Kind.ENUM, 8, enum=ScopeStatus),
    ),
    "The content of each release.",
)

STAKEHOLDERS = SheetSpec(
    "Stakeholders",
    "stakeholder_role",
    (
        _id(),
        _release(),
        Column(
            "Stakeholder",
            "stakeholder",
            Kind.REF,
            24,
            note="A new name creates the stakeholder with the title and e-mail given",
        ),
        Column("Title", "title", Kind.TEXT, 22),
        Column("E-mail", "email", Kind.TEXT, 26),
        Column("RACI", "raci", Kind.ENUM, 8, enum=Raci),
        Column("Receives pack", "receives_pack", Kind.BOOL, 12),
    ),
    "Each stakeholder's RACI role per release.",
)

# What scheduling needs beyond the releases, so that a workbook imported into a
# brand-new plan schedules every task as the plan it came from did.
PLAN = SheetSpec(
    "Plan",
    "plan_info",
    (
        Column("Plan", "name", Kind.COMPUTED, 28, editable=False),
        Column("Plan start", "start", Kind.DATE, 12, note="Nothing is scheduled before it"),
        Column("Status date", "status_date", Kind.DATE, 12, note="As of; empty = today"),
        Column(
            "Float horizon",
            "horizon",
            Kind.DATE,
            12,
            note="Float is measured to this day or the last finish, whichever is later; "
            "empty = the last finish",
        ),
        Column(
            "Plan finish",
            "finish",
            Kind.COMPUTED,
            12,
            editable=False,
            note="The day Total float is measured to, for the whole plan; a new plan made "
            "from a workbook of some releases keeps it as its float horizon",
        ),
        Column(
            "Working days",
            "workdays",
            Kind.LIST,
            30,
            note="Working weekdays separated by ;  e.g. Mon; Tue; Wed; Thu; Fri",
        ),
        Column(
            "Holiday country",
            "country",
            Kind.TEXT,
            12,
            note="Public holidays of this country (GB, DE, US…); empty = none",
        ),
        Column("Holiday region", "subdivision", Kind.TEXT, 12, note="e.g. ENG, BY, CA"),
    ),
    "The plan's settings and working week: one row.",
)

CALENDAR = SheetSpec(
    "Calendar",
    "calendar_day",
    (_id(), Column("Date", "day", Kind.DATE, 12), Column("Name", "name", Kind.TEXT, 36)),
    "Named days off (company holidays, shutdowns) on top of the country's public holidays.",
)

ENVIRONMENTS = SheetSpec(
    "Environments",
    "environment",
    (
        _id(),
        Column("Name", "name", Kind.TEXT, 20),
        Column("Production", "is_production", Kind.BOOL, 11),
    ),
    "Environments in order; deployment tasks book one for their dates.",
)

TEAMS = SheetSpec(
    "Teams",
    "team",
    (
        _id(),
        Column("Name", "name", Kind.TEXT, 26),
        Column("Supplier", "is_supplier", Kind.BOOL, 9),
        Column("Contact", "contact", Kind.TEXT, 26),
        Column("Capacity", "capacity", Kind.INT, 9, note="Tasks the team carries at once"),
    ),
    "Teams and suppliers.",
)

FREEZES = SheetSpec(
    "Freeze Windows",
    "freeze_window",
    (
        _id(),
        Column("Name", "name", Kind.TEXT, 26),
        Column("Start", "start", Kind.DATE, 12),
        Column("Finish", "finish", Kind.DATE, 12),
        Column(
            "Environments",
            "environments",
            Kind.LIST,
            26,
            note="Separated by ;  empty = every environment",
        ),
        Column("Reason", "reason", Kind.TEXT, 36),
    ),
    "No deployment runs in a freeze window.",
)

#: Sheets in workbook order (the Gantt and README sheets are added by the writer).
SHEETS: tuple[SheetSpec, ...] = (
    RELEASES,
    TASKS,
    DEPENDENCIES,
    RISKS,
    GATES,
    SCOPE,
    STAKEHOLDERS,
    PLAN,
    CALENDAR,
    ENVIRONMENTS,
    TEAMS,
    FREEZES,
)
#: Sheets of plan-wide rows: every export carries them whole, whatever its releases.
PLAN_WIDE = frozenset(s.entity for s in (PLAN, CALENDAR, ENVIRONMENTS, TEAMS, FREEZES))
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
BY_NAME = {spec.name: spec for spec in SHEETS}
BY_ENTITY = {spec.entity: spec for spec in SHEETS if spec.entity}

YES, NO = "yes", "no"
DATE_FORMAT = "yyyy-mm-dd"
MOMENT_FORMAT = "yyyy-mm-dd hh:mm"  # Not before: a day's beginning or its end


#: The calculated task columns whose edits an import reports (and ignores), in the
#: order the Check column holds them; new ones go at the end (an older workbook's
#: shorter check still covers the columns it had).
CHECKED = ("wbs", "start", "finish", "total_float", "critical", "needed_by", "outside_start")


def computed_check(values: list[object]) -> str:
    """Two hex digits per calculated cell as written (a byte of its CRC), so an edit of
    one is found with its address."""
    from zlib import crc32

    out = []
    for value in values:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = value.isoformat()[:10] if hasattr(value, "isoformat") else str(value or "")
        out.append(format(crc32(text.strip().encode()) & 0xFF, "02x"))
    return "".join(out)


def enum_text(member: LabelledEnum | None) -> str:
    """How an export writes an enum: its label, or the code for link types and RACI."""
    if member is None:
        return ""
    if isinstance(member, DependencyType | Raci):
        return member.value
    return member.label


def enum_choices(enum: type[LabelledEnum]) -> list[str]:
    return [enum_text(member) for member in enum]


class PlanNames(NamedTuple):
    """What the workbook shows in place of ids: names; each release's phases, environments."""

    # Keyed by ``int | None`` so a nullable foreign key looks up its name directly.
    release: dict[int | None, str]
    phase: dict[int | None, str]
    team: dict[int | None, str]
    environment: dict[int | None, str]
    phases_of: dict[int, list[str]]  # release id → phase names, in phase order
    environments_of: dict[int, list[str]]  # release id → environment names


def plan_names(data: PlanData) -> PlanNames:
    """The names of ``data``, as the export writes them and a merge compares them."""
    release: dict[int | None, str] = {r.id: r.name for r in data.releases}
    phase: dict[int | None, str] = {p.id: p.name for p in data.phases}
    team: dict[int | None, str] = {t.id: t.name for t in data.teams}
    environment: dict[int | None, str] = {e.id: e.name for e in data.environments}
    phases_of: dict[int, list[str]] = defaultdict(list)
    for p in sorted(data.phases, key=lambda p: (p.position, p.id)):
        phases_of[p.release_id].append(p.name)
    environments_of: dict[int, list[str]] = defaultdict(list)
    for rid, eid in data.release_environments:
        environments_of[rid].append(environment[eid])
    return PlanNames(release, phase, team, environment, phases_of, environments_of)
