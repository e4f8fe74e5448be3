"""Declarative base shared by every entity of the plan file."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, ClassVar

from sqlalchemy import MetaData, String, Table
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped
from sqlalchemy.types import TypeDecorator

# Deterministic constraint names keep Alembic migrations portable (SQLite batch
# mode and PostgreSQL both need named constraints to alter them).
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base of every entity; the entities are the domain objects (no parallel classes)."""

    metadata = MetaData(naming_convention=NAMING)

    #: Human name of the entity kind, used by the audit trail and messages.
    kind: ClassVar[str] = ""
    #: Columns the audit trail and generic edits ignore.
    audit_ignore: ClassVar[frozenset[str]] = frozenset()
    if TYPE_CHECKING:
        #: Every entity's primary key (each entity maps its own ``id`` column).
        id: Mapped[int]

    def describe(self) -> str:
        """A short human label for messages and the change log."""
        name = getattr(self, "name", None) or getattr(self, "title", None)
        ident: object = getattr(self, "id", None)
        return f"{self.kind} '{name}'" if name else f"{self.kind} #{ident}"


def table_of(entity: type[Base]) -> Table:
    """The table ``entity`` is mapped to (SQLAlchemy types ``__table__`` as any FromClause)."""
    table = entity.__table__
    assert isinstance(table, Table)  # every entity here maps one plain table
    return table


class EnumText(TypeDecorator[StrEnum]):
    """Stores a StrEnum by its value as plain text; reads it back as the member.

    Plain text (not a native ENUM) keeps the schema dialect-neutral and lets a
    later version add members without a migration.
    """

    impl = String(32)
    cache_ok = True

    def __init__(self, enum_cls: type[StrEnum]) -> None:
        super().__init__()
        self.enum_cls = enum_cls
        # A dict lookup is ~10× faster than Enum.__call__, which matters at 10k rows.
        self._members: dict[str, StrEnum] = {m.value: m for m in enum_cls}

    def process_bind_param(self, value: StrEnum | str | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        member = self._members.get(value)
        return member if member is not None else self.enum_cls(value).value

    def process_result_value(self, value: str | None, dialect: Dialect) -> StrEnum | None:
        if value is None:
            return None
        member = self._members.get(value)
        return member if member is not None else self.enum_cls(value)
