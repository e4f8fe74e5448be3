"""Teams, suppliers, stakeholders, environments and freeze windows."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, Column, Date, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from relm_desktop.domain.base import Base, EnumText
from relm_desktop.domain.enums import Raci

if TYPE_CHECKING:
    from relm_desktop.domain.release import Release

freeze_environment = Table(
    "freeze_environment",
    Base.metadata,
    Column("freeze_id", ForeignKey("freeze_window.id", ondelete="CASCADE"), primary_key=True),
    Column("environment_id", ForeignKey("environment.id", ondelete="CASCADE"), primary_key=True),
)


class Team(Base):
    """An internal team or a third-party supplier."""

    __tablename__ = "team"
    kind = "team"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    is_supplier: Mapped[bool] = mapped_column(Boolean, default=False)
    contact: Mapped[str] = mapped_column(String(200), default="")
    #: How many tasks the team can carry on one working day.
    capacity: Mapped[int] = mapped_column(Integer, default=3)


class Environment(Base):
    """Dev, test, staging, production…; deployment tasks book one for their dates."""

    __tablename__ = "environment"
    kind = "environment"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    is_production: Mapped[bool] = mapped_column(Boolean, default=False)


class FreezeWindow(Base):
    """A period in which no deployment may run; no environments listed means all of them."""

    __tablename__ = "freeze_window"
    kind = "freeze window"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    start: Mapped[date] = mapped_column(Date)
    finish: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text, default="")

    environments: Mapped[list[Environment]] = relationship(secondary=freeze_environment)


class Stakeholder(Base):
    """A person or group who is told about, consulted on or accountable for releases."""

    __tablename__ = "stakeholder"
    kind = "stakeholder"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    receives_pack: Mapped[bool] = mapped_column(Boolean, default=False)

    roles: Mapped[list[StakeholderRole]] = relationship(
        back_populates="stakeholder", cascade="all, delete-orphan"
    )


class StakeholderRole(Base):
    """A stakeholder's RACI role on one release."""

    __tablename__ = "stakeholder_role"
    kind = "stakeholder role"

    id: Mapped[int] = mapped_column(primary_key=True)
    stakeholder_id: Mapped[int] = mapped_column(ForeignKey("stakeholder.id", ondelete="CASCADE"))
    release_id: Mapped[int] = mapped_column(ForeignKey("release.id", ondelete="CASCADE"))
    raci: Mapped[Raci] = mapped_column(EnumText(Raci))

    stakeholder: Mapped[Stakeholder] = relationship(back_populates="roles")
    release: Mapped[Release] = relationship(back_populates="stakeholder_roles")
