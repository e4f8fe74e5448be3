"""Writes one ChangeRecord per changed field, for every flush of every session.

Hooking the session (not each service) means no edit path can forget the audit
trail: GUI edits, CLI commands, imports and undo all pass through here.
``audit_row`` builds every audit row: the hook's, ``record``'s and those the
bulk import (``services.excel_bulk``) writes for rows it inserts without a flush.
"""

from __future__ import annotations

import getpass
import socket
from datetime import date, datetime
from enum import Enum
from typing import Any

from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Session, UOWTransaction

from relm_desktop.domain.audit import ChangeRecord
from relm_desktop.domain.base import Base, table_of
from relm_desktop.domain.enums import ChangeAction

_USER = ""
_HOST = ""


def current_user() -> str:
    """The OS user recorded in the audit trail."""
    global _USER
    if not _USER:
        try:
            _USER = getpass.getuser()
        except Exception:  # no passwd entry in some containers
            _USER = "unknown"
    return _USER


def current_host() -> str:
    global _HOST
    if not _HOST:
        _HOST = socket.gethostname()
    return _HOST


def as_text(value: object) -> str | None:
    """The audit trail's text form of a column value."""
    if value is None:
        return None
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def enabled(session: Session) -> bool:
    """Whether ``session`` writes audit rows (``session.info["audit"] = False`` stops it)."""
    return session.info.get("audit", True) is not False


def stamp(session: Session) -> dict[str, Any]:
    """When, who, where and through what: the columns every row of one flush shares."""
    return {
        "at": datetime.now().replace(microsecond=0),
        "user": current_user(),
        "host": current_host(),
        "source": str(session.info.get("source", "gui")),
    }


def forced_action(session: Session) -> ChangeAction | None:
    """UNDO or REDO while an undo or redo flushes (it is the action of every change
    then), else None."""
    return _FORCED.get(str(session.info.get("source", "gui")))


_CHANGES = table_of(ChangeRecord)
_FORCED = {"undo": ChangeAction.UNDO, "redo": ChangeAction.REDO}


def audit_row(
    shared: dict[str, Any],
    action: ChangeAction,
    entity: str,
    entity_id: int | None,
    label: str,
    field: str = "",
    old: object = None,
    new: object = None,
) -> dict[str, Any]:
    """The column values of one ChangeRecord: the one place an audit row is built.

    ``shared`` is a ``stamp``; the flush hook, ``record`` and the bulk import
    (``services.excel_bulk``) all build their rows here.
    """
    return {
        **shared,
        "action": action.value,
        "entity": entity,
        "entity_id": entity_id,
        "label": label[:300],
        "field": field,
        "old": as_text(old),
        "new": as_text(new),
    }


def _records(session: Session) -> list[dict[str, Any]]:
    shared = stamp(session)
    forced = forced_action(session)
    rows: list[dict[str, Any]] = []

    def add(
        obj: Base, action: ChangeAction, field: str = "", old: object = None, new: object = None
    ) -> None:
        rows.append(
            audit_row(
                shared,
                forced or action,
                type(obj).__tablename__,
                getattr(obj, "id", None),
                obj.describe(),
                field,
                old,
                new,
            )
        )

    for obj in session.new:
        if isinstance(obj, Base) and not isinstance(obj, ChangeRecord):
            add(obj, ChangeAction.CREATE)
    for obj in session.dirty:
        if not isinstance(obj, Base) or isinstance(obj, ChangeRecord):
            continue
        state = inspect(obj)
        for attr in state.mapper.column_attrs:
            hist = state.attrs[attr.key].history
            if not hist.has_changes() or attr.key in type(obj).audit_ignore:
                continue
            old = hist.deleted[0] if hist.deleted else None
            new = hist.added[0] if hist.added else None
            if as_text(old) != as_text(new):
                add(obj, ChangeAction.UPDATE, attr.key, old, new)
    for obj in session.deleted:
        if isinstance(obj, Base) and not isinstance(obj, ChangeRecord):
            add(obj, ChangeAction.DELETE)
    return rows


@event.listens_for(Session, "after_flush")
def _audit_after_flush(session: Session, flush_context: UOWTransaction) -> None:
    # Pre-flush state (new/dirty/deleted and attribute history) is still readable
    # here, and new rows already have their ids.
    if not enabled(session):
        return
    rows = _records(session)
    if rows:
        session.connection().execute(insert(_CHANGES), rows)


def record(
    session: Session,
    *,
    action: ChangeAction,
    entity: str,
    label: str,
    entity_id: int | None = None,
    field: str = "",
    old: object = None,
    new: object = None,
) -> None:
    """Write one audit row for work done in bulk (imports, generated plans)."""
    row = audit_row(stamp(session), action, entity, entity_id, label, field, old, new)
    session.execute(insert(_CHANGES), [row])
