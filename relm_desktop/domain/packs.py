"""Pack records: each release pack built, so the next one can say what moved."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from relm_desktop.domain.base import Base


class PackRecord(Base):
    """One pack built: its scope, preset, time, status date and what it showed.

    ``shown`` is JSON (``reports.moves.PackSnapshot``): the go-live and milestone
    dates, scope, risks and gates the pack printed. The change log and the
    "moved since the last pack" table compare against the newest record of the
    same release (None: the portfolio) and preset, so building one pack never
    changes what another says.
    """

    __tablename__ = "pack_record"
    kind = "pack record"

    id: Mapped[int] = mapped_column(primary_key=True)
    release_id: Mapped[int | None] = mapped_column(
        ForeignKey("release.id", ondelete="CASCADE"), index=True
    )
    preset: Mapped[str] = mapped_column(String(20))
    built_at: Mapped[datetime] = mapped_column(DateTime)
    status_date: Mapped[date] = mapped_column(Date)
    shown: Mapped[str] = mapped_column(Text, default="{}")
