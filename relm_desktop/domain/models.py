"""Every entity of the plan file, importable from one place (Alembic's target metadata)."""

from relm_desktop.domain.audit import ChangeRecord
from relm_desktop.domain.base import Base
from relm_desktop.domain.organisation import (
    Environment,
    FreezeWindow,
    Stakeholder,
    StakeholderRole,
    Team,
    freeze_environment,
)
from relm_desktop.domain.packs import PackRecord
from relm_desktop.domain.plan import Calendar, CalendarDay, PlanInfo, Template
from relm_desktop.domain.readiness import Gate, Review, ReviewAction, Risk, RollbackPlan
from relm_desktop.domain.release import (
    Dependency,
    FeatureFlag,
    Phase,
    Release,
    RolloutWave,
    ScopeItem,
    Task,
    release_environment,
)

__all__ = [
    "Base",
    "Calendar",
    "CalendarDay",
    "ChangeRecord",
    "Dependency",
    "Environment",
    "FeatureFlag",
    "FreezeWindow",
    "Gate",
    "PackRecord",
    "Phase",
    "PlanInfo",
    "Release",
    "Review",
    "ReviewAction",
    "Risk",
    "RollbackPlan",
    "RolloutWave",
    "ScopeItem",
    "Stakeholder",
    "StakeholderRole",
    "Task",
    "Team",
    "Template",
    "freeze_environment",
    "release_environment",
]

#: Entity classes by their table name, for generic services and the audit trail.
ENTITIES: dict[str, type[Base]] = {
    mapper.class_.__tablename__: mapper.class_ for mapper in Base.registry.mappers
}
