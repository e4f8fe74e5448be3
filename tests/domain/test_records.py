"""The declared record classes stay in step with the entity tables."""

from __future__ import annotations

import types
import typing
from datetime import date, datetime

import pytest
from sqlalchemy import Boolean, Date, DateTime, Integer, String

from relm_desktop.domain.base import EnumText
from relm_desktop.domain.models import ENTITIES
from relm_desktop.domain.records import (
    RECORDS,
    DependencyRecord,
    PlanData,
    Record,
    TaskRecord,
)


def column_type(column: typing.Any) -> type:
    """The Python type a column's values are read back as."""
    kind = column.type
    if isinstance(kind, EnumText):
        return kind.enum_cls
    for sql, python in ((DateTime, datetime), (Date, date), (Boolean, bool), (Integer, int)):
        if isinstance(kind, sql):
            return python
    assert isinstance(kind, String), f"{column}: no record type for {kind!r}"
    return str


def split_optional(hint: object) -> tuple[object, bool]:
    """``X | None`` → (X, True); ``X`` → (X, False)."""
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        assert len(args) == 1, hint
        return args[0], len(args) < len(typing.get_args(hint))
    return hint, False


def test_every_entity_has_a_record_class() -> None:
    assert set(RECORDS) == set(ENTITIES)
    for name, cls in RECORDS.items():
        assert cls.table_name == name
        assert issubclass(cls, Record)


@pytest.mark.parametrize("entity", sorted(ENTITIES))
def test_record_fields_are_the_table_columns(entity: str) -> None:
    cls = RECORDS[entity]
    columns = list(ENTITIES[entity].__table__.columns)
    assert cls._fields == tuple(c.key for c in columns)
    hints = typing.get_type_hints(cls)
    for column in columns:
        hint, optional = split_optional(hints[column.key])
        assert hint is column_type(column), f"{entity}.{column.key}: {hint} is not the column's"
        assert optional == bool(column.nullable), (
            f"{entity}.{column.key}: Optional must match the column's nullability"
        )


def test_records_are_built_from_row_tuples_and_read_like_dicts() -> None:
    cls = RECORDS["phase"]
    record = tuple.__new__(cls, (3, 1, "Build", 2))
    assert record.as_dict() == {"id": 3, "release_id": 1, "name": "Build", "position": 2}
    assert record.get("name") == "Build"
    assert record.get("missing", 0) == 0
    assert type(record._replace(name="Test")) is cls


def test_plan_data_holds_the_declared_records() -> None:
    hints = typing.get_type_hints(PlanData)
    assert hints["tasks"] == tuple[TaskRecord, ...]
    assert hints["links"] == tuple[DependencyRecord, ...]
