"""The audit trail: one row per changed field."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from relm_desktop.domain.base import Base, EnumText
from relm_desktop.domain.enums import ChangeAction


class ChangeRecord(Base):
    """Who changed what, when: entity, field, old → new."""

    __tablename__ = "change_record"
    kind = "change"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    user: Mapped[str] = mapped_column(String(100))
    host: Mapped[str] = mapped_column(String(200), default="")
    source: Mapped[str] = mapped_column(String(20), default="")  # gui, cli, import, undo…
    action: Mapped[ChangeAction] = mapped_column(EnumText(ChangeAction))
    entity: Mapped[str] = mapped_column(String(50), index=True)
    entity_id: Mapped[int | None] = mapped_column(Integer, index=True)
    label: Mapped[str] = mapped_column(String(300), default="")
    field: Mapped[str] = mapped_column(String(100), default="")
    old: Mapped[str | None] = mapped_column(Text)
    new: Mapped[str | None] = mapped_column(Text)
