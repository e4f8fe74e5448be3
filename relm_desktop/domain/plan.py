"""Plan-wide settings and the working calendar."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from relm_desktop.domain.base import Base


class PlanInfo(Base):
    """The single row describing the plan itself."""

    __tablename__ = "plan_info"
    kind = "plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    start: Mapped[date] = mapped_column(Date)
    author: Mapped[str] = mapped_column(String(200), default="")
    calendar_id: Mapped[int | None] = mapped_column(ForeignKey("calendar.id"))
    baseline_saved_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_pack_at: Mapped[datetime | None] = mapped_column(DateTime)
    #: "As of": overdue flags, slip and the packs are measured here; None means today.
    status_date: Mapped[date | None] = mapped_column(Date)
    #: Late dates and float are measured to this day or the last finish, whichever is
    #: later; None means the last finish. A plan made from a one-release workbook keeps
    #: the portfolio's finish here, so its float is the portfolio's.
    horizon: Mapped[date | None] = mapped_column(Date)

    calendar: Mapped[Calendar | None] = relationship()


class Calendar(Base):
    """Working weekdays, a country's public holidays and named days off."""

    __tablename__ = "calendar"
    kind = "calendar"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    #: Working weekdays as digits, Monday = 0: "01234" is Monday to Friday.
    workdays: Mapped[str] = mapped_column(String(7), default="01234")
    country: Mapped[str | None] = mapped_column(String(8))
    subdivision: Mapped[str | None] = mapped_column(String(16))

    days_off: Mapped[list[CalendarDay]] = relationship(
        back_populates="calendar", cascade="all, delete-orphan", order_by="CalendarDay.day"
    )


class CalendarDay(Base):
    """A named non-working day (company holiday, shutdown)."""

    __tablename__ = "calendar_day"
    __table_args__ = (UniqueConstraint("calendar_id", "day"),)
    kind = "day off"

    id: Mapped[int] = mapped_column(primary_key=True)
    calendar_id: Mapped[int] = mapped_column(ForeignKey("calendar.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    name: Mapped[str] = mapped_column(String(200), default="")

    calendar: Mapped[Calendar] = relationship(back_populates="days_off")


class Template(Base):
    """A reusable release shape; ``body`` is JSON (phases, tasks, links, gates, rollback)."""

    __tablename__ = "template"
    kind = "template"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)
