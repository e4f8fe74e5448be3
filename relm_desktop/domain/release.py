"""A release, its lifecycle phases, tasks, dependencies, scope and rollout."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from relm_desktop.domain.base import Base, EnumText
from relm_desktop.domain.enums import (
    ConstraintType,
    DependencyType,
    Rag,
    ReleaseKind,
    ReleaseStatus,
    RolloutStrategy,
    ScopeKind,
    ScopeStatus,
)
from relm_desktop.domain.organisation import Environment, Team

if TYPE_CHECKING:
    from relm_desktop.domain.organisation import StakeholderRole
    from relm_desktop.domain.readiness import Gate, Review, RollbackPlan

release_environment = Table(
    "release_environment",
    Base.metadata,
    Column("release_id", ForeignKey("release.id", ondelete="CASCADE"), primary_key=True),
    Column("environment_id", ForeignKey("environment.id", ondelete="CASCADE"), primary_key=True),
)


class Release(Base):
    """A release in the portfolio."""

    __tablename__ = "release"
    kind = "release"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    version: Mapped[str] = mapped_column(String(50), default="")
    release_kind: Mapped[ReleaseKind] = mapped_column(
        EnumText(ReleaseKind), default=ReleaseKind.MINOR
    )
    status: Mapped[ReleaseStatus] = mapped_column(
        EnumText(ReleaseStatus), default=ReleaseStatus.DRAFT
    )
    objective: Mapped[str] = mapped_column(Text, default="")
    start: Mapped[date | None] = mapped_column(Date)
    target_golive: Mapped[date | None] = mapped_column(Date)
    rollout_strategy: Mapped[RolloutStrategy] = mapped_column(
        EnumText(RolloutStrategy), default=RolloutStrategy.BIG_BANG
    )
    owner: Mapped[str] = mapped_column(String(200), default="")
    rag: Mapped[Rag] = mapped_column(EnumText(Rag), default=Rag.GREEN)
    rag_note: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)

    environments: Mapped[list[Environment]] = relationship(secondary=release_environment)
    phases: Mapped[list[Phase]] = relationship(
        back_populates="release", cascade="all, delete-orphan", order_by="Phase.position"
    )
    tasks: Mapped[list[Task]] = relationship(
        back_populates="release", cascade="all, delete-orphan", order_by="Task.position"
    )
    scope_items: Mapped[list[ScopeItem]] = relationship(
        back_populates="release", cascade="all, delete-orphan"
    )
    waves: Mapped[list[RolloutWave]] = relationship(
        back_populates="release", cascade="all, delete-orphan", order_by="RolloutWave.position"
    )
    feature_flags: Mapped[list[FeatureFlag]] = relationship(
        back_populates="release", cascade="all, delete-orphan"
    )
    gates: Mapped[list[Gate]] = relationship(
        back_populates="release", cascade="all, delete-orphan", order_by="Gate.position"
    )
    rollback_plan: Mapped[RollbackPlan | None] = relationship(
        back_populates="release", cascade="all, delete-orphan"
    )
    review: Mapped[Review | None] = relationship(
        back_populates="release", cascade="all, delete-orphan"
    )
    stakeholder_roles: Mapped[list[StakeholderRole]] = relationship(
        back_populates="release", cascade="all, delete-orphan"
    )


class Phase(Base):
    """An ordered lifecycle stage of a release (plan, build, test, deploy, review…)."""

    __tablename__ = "phase"
    kind = "phase"

    id: Mapped[int] = mapped_column(primary_key=True)
    release_id: Mapped[int] = mapped_column(ForeignKey("release.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer, default=0)

    release: Mapped[Release] = relationship(back_populates="phases")
    tasks: Mapped[list[Task]] = relationship(back_populates="phase", order_by="Task.position")


class Task(Base):
    """Work in a release; a task of zero duration is a milestone."""

    __tablename__ = "task"
    __table_args__ = (
        CheckConstraint("duration >= 0", name="duration_not_negative"),
        CheckConstraint("percent_complete BETWEEN 0 AND 100", name="percent_range"),
    )
    kind = "task"

    id: Mapped[int] = mapped_column(primary_key=True)
    release_id: Mapped[int] = mapped_column(
        ForeignKey("release.id", ondelete="CASCADE"), index=True
    )
    phase_id: Mapped[int | None] = mapped_column(
        ForeignKey("phase.id", ondelete="SET NULL"), index=True
    )
    name: Mapped[str] = mapped_column(String(500))
    wbs: Mapped[str] = mapped_column(String(50), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    duration: Mapped[int] = mapped_column(Integer, default=1)
    constraint_type: Mapped[ConstraintType | None] = mapped_column(EnumText(ConstraintType))
    constraint_date: Mapped[date | None] = mapped_column(Date)
    percent_complete: Mapped[int] = mapped_column(Integer, default=0)
    actual_start: Mapped[date | None] = mapped_column(Date)
    actual_finish: Mapped[date | None] = mapped_column(Date)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id", ondelete="SET NULL"))
    #: Set on deployment tasks: the environment booked for the task's dates.
    environment_id: Mapped[int | None] = mapped_column(
        ForeignKey("environment.id", ondelete="SET NULL")
    )
    is_golive: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(Text, default="")
    baseline_start: Mapped[date | None] = mapped_column(Date)
    baseline_finish: Mapped[date | None] = mapped_column(Date)
    #: The summary task this one belongs to (a work breakdown to any depth), or None.
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("task.id", ondelete="CASCADE"), index=True
    )
    #: Dates imposed by tasks outside the plan (a one-release workbook's links to releases
    #: it left out): the earliest start its predecessors there allowed, the latest finish
    #: its successors there allowed. The scheduler honours them besides the constraint;
    #: they are not the user's constraint. ``outside_day_end``: the start comes after the
    #: end of the day ``outside_start`` (right after a predecessor), not at its beginning.
    outside_start: Mapped[date | None] = mapped_column(Date)
    outside_day_end: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    outside_finish: Mapped[date | None] = mapped_column(Date)

    release: Mapped[Release] = relationship(back_populates="tasks")
    phase: Mapped[Phase | None] = relationship(back_populates="tasks")
    team: Mapped[Team | None] = relationship()
    environment: Mapped[Environment | None] = relationship()

    @property
    def is_milestone(self) -> bool:
        return self.duration == 0


class Dependency(Base):
    """Predecessor → successor link; lag in working days, may be negative, may cross releases."""

    __tablename__ = "dependency"
    __table_args__ = (
        UniqueConstraint("predecessor_id", "successor_id"),
        CheckConstraint("predecessor_id <> successor_id", name="not_self"),
    )
    kind = "dependency"

    id: Mapped[int] = mapped_column(primary_key=True)
    predecessor_id: Mapped[int] = mapped_column(
        ForeignKey("task.id", ondelete="CASCADE"), index=True
    )
    successor_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"), index=True)
    type: Mapped[DependencyType] = mapped_column(
        EnumText(DependencyType), default=DependencyType.FS
    )
    lag: Mapped[int] = mapped_column(Integer, default=0)

    predecessor: Mapped[Task] = relationship(foreign_keys=[predecessor_id])
    successor: Mapped[Task] = relationship(foreign_keys=[successor_id])

    def describe(self) -> str:
        return f"dependency #{self.id}"


class ScopeItem(Base):
    """A change, feature, fix or ticket in the release's content."""

    __tablename__ = "scope_item"
    kind = "scope item"

    id: Mapped[int] = mapped_column(primary_key=True)
    release_id: Mapped[int] = mapped_column(ForeignKey("release.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(100), default="")
    title: Mapped[str] = mapped_column(String(500))
    item_kind: Mapped[ScopeKind] = mapped_column(EnumText(ScopeKind), default=ScopeKind.FEATURE)
    size: Mapped[str] = mapped_column(String(20), default="")
    status: Mapped[ScopeStatus] = mapped_column(EnumText(ScopeStatus), default=ScopeStatus.IN)

    release: Mapped[Release] = relationship(back_populates="scope_items")


class RolloutWave(Base):
    """One wave of a staged, pilot or canary rollout."""

    __tablename__ = "rollout_wave"
    kind = "rollout wave"

    id: Mapped[int] = mapped_column(primary_key=True)
    release_id: Mapped[int] = mapped_column(ForeignKey("release.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    audience: Mapped[str] = mapped_column(String(200), default="")
    percentage: Mapped[int | None] = mapped_column(Integer)
    day: Mapped[date | None] = mapped_column(Date)
    position: Mapped[int] = mapped_column(Integer, default=0)

    release: Mapped[Release] = relationship(back_populates="waves")


class FeatureFlag(Base):
    """A feature flag the rollout relies on."""

    __tablename__ = "feature_flag"
    kind = "feature flag"

    id: Mapped[int] = mapped_column(primary_key=True)
    release_id: Mapped[int] = mapped_column(ForeignKey("release.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    default_on: Mapped[bool] = mapped_column(Boolean, default=False)

    release: Mapped[Release] = relationship(back_populates="feature_flags")
