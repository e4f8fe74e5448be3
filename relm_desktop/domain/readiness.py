"""Risks, gates, rollback plans and post-implementation reviews."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from relm_desktop.domain.base import Base, EnumText
from relm_desktop.domain.enums import GateCategory, GateStatus, RiskStatus
from relm_desktop.domain.release import Release, Task
from relm_desktop.domain.rules import risk_score


class Risk(Base):
    """A risk with probability and impact on a 1–5 scale."""

    __tablename__ = "risk"
    __table_args__ = (
        CheckConstraint("probability BETWEEN 1 AND 5", name="probability_range"),
        CheckConstraint("impact BETWEEN 1 AND 5", name="impact_range"),
    )
    kind = "risk"

    id: Mapped[int] = mapped_column(primary_key=True)
    release_id: Mapped[int | None] = mapped_column(ForeignKey("release.id", ondelete="CASCADE"))
    task_id: Mapped[int | None] = mapped_column(ForeignKey("task.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    probability: Mapped[int] = mapped_column(Integer, default=3)
    impact: Mapped[int] = mapped_column(Integer, default=3)
    owner: Mapped[str] = mapped_column(String(200), default="")
    mitigation: Mapped[str] = mapped_column(Text, default="")
    contingency: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[RiskStatus] = mapped_column(EnumText(RiskStatus), default=RiskStatus.OPEN)
    review_date: Mapped[date | None] = mapped_column(Date)

    release: Mapped[Release | None] = relationship()
    task: Mapped[Task | None] = relationship()

    @property
    def score(self) -> int:
        return risk_score(self)


class Gate(Base):
    """A quality, security or compliance criterion the release must meet to go."""

    __tablename__ = "gate"
    kind = "gate"

    id: Mapped[int] = mapped_column(primary_key=True)
    release_id: Mapped[int] = mapped_column(ForeignKey("release.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(300))
    category: Mapped[GateCategory] = mapped_column(
        EnumText(GateCategory), default=GateCategory.QUALITY
    )
    status: Mapped[GateStatus] = mapped_column(EnumText(GateStatus), default=GateStatus.PENDING)
    evidence: Mapped[str] = mapped_column(Text, default="")
    approver: Mapped[str] = mapped_column(String(200), default="")
    decided_on: Mapped[date | None] = mapped_column(Date)
    waiver_reason: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)

    release: Mapped[Release] = relationship(back_populates="gates")


class RollbackPlan(Base):
    """How to back a release out: triggers, steps, time, owner, rehearsal."""

    __tablename__ = "rollback_plan"
    kind = "rollback plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    release_id: Mapped[int] = mapped_column(
        ForeignKey("release.id", ondelete="CASCADE"), unique=True
    )
    triggers: Mapped[str] = mapped_column(Text, default="")
    steps: Mapped[str] = mapped_column(Text, default="")
    estimated_minutes: Mapped[int] = mapped_column(Integer, default=60)
    owner: Mapped[str] = mapped_column(String(200), default="")
    rehearsed: Mapped[bool] = mapped_column(Boolean, default=False)

    release: Mapped[Release] = relationship(back_populates="rollback_plan")


class Review(Base):
    """The post-implementation review (PIR) of a release."""

    __tablename__ = "review"
    kind = "review"

    id: Mapped[int] = mapped_column(primary_key=True)
    release_id: Mapped[int] = mapped_column(
        ForeignKey("release.id", ondelete="CASCADE"), unique=True
    )
    held_on: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[str] = mapped_column(Text, default="")
    incidents: Mapped[str] = mapped_column(Text, default="")
    went_well: Mapped[str] = mapped_column(Text, default="")
    went_badly: Mapped[str] = mapped_column(Text, default="")

    release: Mapped[Release] = relationship(back_populates="review")
    actions: Mapped[list[ReviewAction]] = relationship(
        back_populates="review", cascade="all, delete-orphan"
    )


class ReviewAction(Base):
    """A follow-up action agreed in a PIR."""

    __tablename__ = "review_action"
    kind = "review action"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"))
    action: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(200), default="")
    due: Mapped[date | None] = mapped_column(Date)
    done: Mapped[bool] = mapped_column(Boolean, default=False)

    review: Mapped[Review] = relationship(back_populates="actions")

    def describe(self) -> str:
        return f"review action '{self.action[:40]}'"
