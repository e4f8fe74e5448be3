"""Tables the store keeps beside the entities: row versions and offline-copy bookkeeping.

They are plain tables in the entities' metadata (the migrations and the models
stay one schema) with no mapped class: no view or export ever reads them.
"""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Integer, String, Table, Text

from relm_desktop.domain.base import Base

#: A version per row for optimistic concurrency: bumped by every ORM write on a
#: server plan, with who made it and when (named when a stale write is refused).
ROW_VERSION = Table(
    "row_version",
    Base.metadata,
    Column("entity", String(50), primary_key=True),
    Column("row_id", Integer, primary_key=True, autoincrement=False),
    Column("version", Integer, nullable=False),
    Column("user", String(100), nullable=False),
    Column("host", String(200), nullable=False),
    Column("at", DateTime, nullable=False),
)

#: An offline copy's origin: server URL (no password), copy id, the change it was
#: taken up to, the sync generation. Empty in a plan that is no copy.
SYNC_ORIGIN = Table(
    "sync_origin",
    Base.metadata,
    Column("key", String(50), primary_key=True),
    Column("value", Text, nullable=False),
)

#: Every row as it was when the copy was taken (JSON): the base of the 3-way merge.
SYNC_BASE = Table(
    "sync_base",
    Base.metadata,
    Column("entity", String(50), primary_key=True),
    Column("row_id", Integer, primary_key=True, autoincrement=False),
    Column("data", Text, nullable=False),
)

#: A field changed on both sides: the server's value stays, the local one is kept here.
SYNC_CONFLICT = Table(
    "sync_conflict",
    Base.metadata,
    Column("id", Integer, primary_key=True),
    Column("entity", String(50), nullable=False),
    Column("row_id", Integer, nullable=False),
    Column("field", String(100), nullable=False),
    Column("label", String(300), nullable=False),
    Column("server", Text),
    Column("local", Text),
    Column("at", DateTime, nullable=False),
)

#: On the server: each sync applied (copy id, generation), so a sync run again after
#: an interruption applies nothing twice; holds its id map and conflicts (JSON).
SYNC_APPLIED = Table(
    "sync_applied",
    Base.metadata,
    Column("copy_id", String(40), primary_key=True),
    Column("generation", Integer, primary_key=True, autoincrement=False),
    Column("at", DateTime, nullable=False),
    Column("user", String(100), nullable=False),
    Column("host", String(200), nullable=False),
    Column("outcome", Text, nullable=False),
)

#: What a copy between a file and a server leaves out: bookkeeping of one side only.
LOCAL_ONLY = frozenset({"row_version", "sync_origin", "sync_base", "sync_conflict", "sync_applied"})
