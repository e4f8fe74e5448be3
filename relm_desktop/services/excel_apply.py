"""Applying the accepted rows of an Excel merge preview inside one transaction, and undoing it.

Names in the workbook (release, phase, team, environment, stakeholder) are
resolved to ids here; missing phases, teams, environments and stakeholders
are created. Anything that cannot be resolved raises EditError, which rolls
the whole import back.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from relm_desktop.domain.enums import ChangeAction
from relm_desktop.domain.models import (
    Dependency,
    Environment,
    FreezeWindow,
    Phase,
    Release,
    Stakeholder,
    Task,
    Team,
    freeze_environment,
    release_environment,
)
from relm_desktop.exchange.merge import (
    ADD,
    CHANGE,
    ORDER,
    REMOVE,
    MergePreview,
    RowChange,
)
from relm_desktop.exchange.xlsx import layout as lay
from relm_desktop.exchange.xlsx.model import LinkRef
from relm_desktop.services import edits
from relm_desktop.services.edits import Change, EditError
from relm_desktop.services.excel_bulk import create_many, update_many
from relm_desktop.services.excel_plan_wide import apply_plan_wide, set_env_links
from relm_desktop.services.excel_refusal import RowRefusedError
from relm_desktop.store import audit

#: Fields of a row that are names of other entities, and the column they fill.
_REFS = {
    "release": "release_id",
    "phase": "phase_id",
    "team": "team_id",
    "environment": "environment_id",
    "stakeholder": "stakeholder_id",
}
_SPECIAL = {"phases", "environments", "predecessors", "links"}


class _Resolver:
    """Looks up (and creates when needed) the entities rows refer to by name."""

    def __init__(self, session: Session, preview: MergePreview) -> None:
        self.session = session
        self.preview = preview
        self.created: list[Change] = []
        self.releases = {r.name: r.id for r in session.scalars(select(Release))}
        self.teams = {t.name: t.id for t in session.scalars(select(Team))}
        self.envs = {e.name: e.id for e in session.scalars(select(Environment))}
        self.people = {s.name: s.id for s in session.scalars(select(Stakeholder))}
        self.phases = {(p.release_id, p.name): p.id for p in session.scalars(select(Phase))}
        self.phase_count: dict[int, int] = defaultdict(int)
        for release_id, _name in self.phases:
            self.phase_count[release_id] += 1

    def _new(self, entity: str, values: dict[str, Any]) -> int:
        change = edits.create(self.session, entity, values)
        self.created.append(change)
        return change.ids[0]

    def release(self, name: str, row: RowChange) -> int | None:
        if not name:
            return None
        if name not in self.releases:
            raise RowRefusedError(
                self.preview,
                row,
                "release",
                "Release",
                f"release {name!r} is neither in the plan nor among the accepted rows",
            )
        return self.releases[name]

    def phase(self, release_id: int, name: str) -> int | None:
        if not name:
            return None
        key = (release_id, name)
        if key not in self.phases:
            self.phases[key] = self._new(
                "phase",
                {"release_id": release_id, "name": name, "position": self.phase_count[release_id]},
            )
            self.phase_count[release_id] += 1
        return self.phases[key]

    def named(
        self, table: dict[str, int], entity: str, name: str, extra: dict[str, Any] | None = None
    ) -> int | None:
        if not name:
            return None
        if name not in table:
            table[name] = self._new(entity, {"name": name, **(extra or {})})
        return table[name]

    def values(self, row: RowChange, values: dict[str, Any]) -> dict[str, Any]:
        """Row values as columns of the entity, references resolved."""
        out: dict[str, Any] = {}
        release_id = None
        if "release" in values:
            release_id = self.release(values["release"], row)
            out["release_id"] = release_id
        elif row.ident is not None and row.entity == "task" and "phase" in values:
            task = self.session.get(Task, row.ident)
            if task is None:  # merge matched the row to this task: not expected
                raise EditError(f"{row.sheet} row {row.row}: task #{row.ident} is not in the plan")
            release_id = task.release_id
        for name, value in values.items():
            if name in _SPECIAL or name == "release":
                continue
            if name == "phase":
                out["phase_id"] = self.phase(release_id, value) if release_id else None
            elif name == "team":
                out["team_id"] = self.named(self.teams, "team", value)
            elif name == "environment":
                out["environment_id"] = self.named(self.envs, "environment", value)
            elif name == "stakeholder":
                out["stakeholder_id"] = self.named(self.people, "stakeholder", value)
            else:
                out[name] = value
        return out


def apply_rows(
    session: Session,
    preview: MergePreview,
    rows: list[RowChange],
    new_ids: dict[str, int] | None = None,
) -> list[Change]:
    """Apply ``rows`` (the accepted part of ``preview``); returns the changes, in order.

    ``new_ids``, when given, receives the id of each row added (row key → id).
    """
    resolver = _Resolver(session, preview)
    changes: list[Change] = []
    new_ids = {} if new_ids is None else new_ids
    positions = _positions(session, preview, rows)
    changes.extend(apply_plan_wide(session, resolver, rows))
    for entity in ORDER:
        if entity in lay.PLAN_WIDE:
            continue  # added and changed above; removed with the rest below
        adds = [r for r in rows if r.entity == entity and r.action == ADD]
        if entity in ("release", "stakeholder"):
            for row in adds:  # few rows, and later rows refer to them by name
                values = resolver.values(row, row.values)
                change = edits.create(session, entity, values)
                new_ids[row.key] = change.ids[0]
                changes.append(change)
                table = resolver.releases if entity == "release" else resolver.people
                table[row.values["name"]] = change.ids[0]
                if entity == "release":
                    changes.extend(_release_lists(session, resolver, change.ids[0], row.values))
        elif adds:
            batch = []
            parents: list[tuple[RowChange, int | str]] = []  # set once every task has an id
            for row in adds:
                values = resolver.values(row, row.values)
                if entity == "task":
                    values.setdefault("position", positions.get(row.key, 0))
                    parent = values.pop("parent_id", None)
                    if parent is not None:
                        parents.append((row, parent))
                if entity == "risk" and values.get("task_id") is not None:
                    key = f"task:{values['task_id']}"
                    values["task_id"] = _task_id(session, preview, new_ids, key, row, "task_id")
                batch.append(values)
            ids = create_many(session, entity, batch)
            new_ids.update(zip((r.key for r in adds), ids, strict=True))
            changes.append(Change(entity, tuple(ids), ChangeAction.CREATE))
            # In bulk: a deep outline of thousands of summary tasks, a flush each, took seconds.
            outline: list[tuple[int, dict[str, Any]]] = []
            for row, parent in parents:
                parent_id = _task_id(
                    session, preview, new_ids, _parent_key(parent), row, "parent_id"
                )
                outline.append((new_ids[row.key], {"parent_id": parent_id}))
            if outline:
                changes.extend(update_many(session, "task", outline))
        pending: list[tuple[int, dict[str, Any]]] = []  # changed rows, updated in bulk
        for row in (r for r in rows if r.entity == entity and r.action == CHANGE):
            fields = {c.field for c in row.fields}
            values = resolver.values(row, {k: v for k, v in row.values.items() if k in fields})
            if entity == "risk" and values.get("task_id") is not None:
                key = f"task:{values['task_id']}"
                values["task_id"] = _task_id(session, preview, new_ids, key, row, "task_id")
            if entity == "task" and values.get("parent_id") is not None:
                values["parent_id"] = _task_id(
                    session, preview, new_ids, _parent_key(values["parent_id"]), row, "parent_id"
                )
            ident = _matched(row)
            if values and entity != "release":
                pending.append((ident, values))
            elif values:
                changes.append(edits.update(session, entity, ident, values))
            if entity == "release":
                if row.values.get("name"):
                    resolver.releases[row.values["name"]] = ident
                changes.extend(_release_lists(session, resolver, ident, row.values, fields))
        if pending:
            changes.extend(update_many(session, entity, pending))
    new_links = []
    for row in rows:
        if row.entity == "task" and row.action == ADD and row.links:
            successor = new_ids[row.key]
            for ref in row.links:
                if ref.predecessor in preview.matched:
                    pred = preview.matched[ref.predecessor]
                else:
                    pred = _task_id(session, preview, new_ids, ref.predecessor, row, "predecessors")
                new_links.append(
                    {
                        "predecessor_id": pred,
                        "successor_id": successor,
                        "type": ref.type,
                        "lag": ref.lag,
                    }
                )
    if new_links:
        ids = create_many(session, "dependency", new_links)
        changes.append(Change("dependency", tuple(ids), ChangeAction.CREATE))
    for row in rows:
        if row.entity == "task" and row.action == CHANGE and row.links is not None:
            changes.extend(_set_links(session, preview, new_ids, _matched(row), row))
    for entity in reversed(ORDER):
        cls = edits.model(entity)
        existing = [
            r.ident
            for r in rows
            if r.entity == entity
            and r.action == REMOVE
            and r.ident is not None
            and session.get(cls, r.ident) is not None
        ]
        if existing:
            changes.append(edits.delete(session, entity, existing))
    _check_outline(session, preview, rows, new_ids)
    changes = resolver.created + changes
    audit.record(
        session,
        action=ChangeAction.UPDATE,
        entity="plan_info",
        label=f"import of {Path(preview.parsed.path).name}: "
        f"{sum(r.action == ADD for r in rows)} added, "
        f"{sum(r.action == CHANGE for r in rows)} changed, "
        f"{sum(r.action == REMOVE for r in rows)} removed",
    )
    return changes


def _check_outline(
    session: Session, preview: MergePreview, rows: list[RowChange], new_ids: dict[str, int]
) -> None:
    """Every summary task named in the workbook is in its subtask's release and phase, no loop."""
    if not any(r.entity == "task" and "parent_id" in r.values for r in rows):
        return
    tasks = {
        ident: (release, phase, parent)
        for ident, release, phase, parent in session.execute(
            select(Task.id, Task.release_id, Task.phase_id, Task.parent_id)
        )
    }
    by_row = {r.ident: r for r in rows if r.entity == "task" and r.ident is not None}
    by_row.update((new_ids[r.key], r) for r in rows if r.key in new_ids and r.entity == "task")

    def refuse(row: RowChange | None, why: str) -> EditError:
        if row is None or not row.row:
            return EditError(why)
        return RowRefusedError(preview, row, "parent_id", "Parent ID", why)

    for ident, (release, phase, parent) in tasks.items():
        if parent is None:
            continue
        row = by_row.get(ident)
        above = tasks.get(parent)
        if above is None:
            raise refuse(row, f"task {parent} is not in the plan")
        if above[:2] != (release, phase):
            raise refuse(
                row,
                f"task {parent} is in another release or phase; a summary task and its "
                "subtasks share both",
            )
        seen = {ident}
        node: int | None = parent
        while node is not None:
            if node in seen:
                raise refuse(row, f"task {ident} would be its own summary task")
            seen.add(node)
            node = tasks[node][2] if node in tasks else None


def _matched(row: RowChange) -> int:
    """The plan id of a changed row: merge only marks rows of the plan as changed."""
    if row.ident is None:
        raise EditError(f"{row.sheet} row {row.row}: the changed row is not in the plan")
    return row.ident


def _positions(session: Session, preview: MergePreview, rows: list[RowChange]) -> dict[str, int]:
    """A new task goes right after the task above it in the sheet (same release)."""
    accepted = {r.key for r in rows if r.entity == "task" and r.action == ADD}
    if not accepted:
        return {}
    plan = dict(session.execute(select(Task.id, Task.position)).all())
    out: dict[str, int] = {}
    last: dict[str, int] = defaultdict(int)
    for row in preview.parsed.rows.get("task", []):
        release = row.values.get("release", preview.release)
        if row.ident in plan:
            last[release] = plan[row.ident]
        elif row.key in accepted:
            out[row.key] = row.values.get("position", last[release])
    return out


_HEADERS = {"task_id": "Task ID", "parent_id": "Parent ID", "predecessors": "Predecessors"}


def _parent_key(parent: int | str) -> str:
    """A parent as a row key: a task id, or a foreign sheet's ``row:N`` key."""
    return parent if isinstance(parent, str) and parent.startswith("row:") else f"task:{parent}"


def _task_id(
    session: Session,
    preview: MergePreview,
    new_ids: dict[str, int],
    key: str,
    row: RowChange,
    field: str,
) -> int:
    if key in new_ids:
        return new_ids[key]
    digits = key[5:]
    if key.startswith("task:") and digits.isdigit() and session.get(Task, int(digits)) is not None:
        return int(digits)
    raise RowRefusedError(
        preview,
        row,
        field,
        _HEADERS[field],
        f"task {key.split(':', 1)[1]} is neither in the plan nor among the accepted rows",
    )


def _set_links(
    session: Session, preview: MergePreview, new_ids: dict[str, int], successor: int, row: RowChange
) -> list[Change]:
    wanted: dict[int, LinkRef] = {}
    for ref in row.links or []:
        key = ref.predecessor
        if key in preview.matched:
            pred = preview.matched[key]
        else:
            pred = _task_id(session, preview, new_ids, key, row, "predecessors")
        wanted[pred] = ref
    out: list[Change] = []
    current = session.scalars(select(Dependency).where(Dependency.successor_id == successor)).all()
    have = {d.predecessor_id: d for d in current}
    gone = [d.id for p, d in have.items() if p not in wanted]
    if gone:
        out.append(edits.delete(session, "dependency", gone))
    for pred, ref in wanted.items():
        if pred in have:
            link = have[pred]
            if (link.type.value, link.lag) != (ref.type, ref.lag):
                out.append(
                    edits.update(session, "dependency", link.id, {"type": ref.type, "lag": ref.lag})
                )
        elif pred == successor:
            raise RowRefusedError(
                preview, row, "predecessors", "Predecessors", "a task cannot depend on itself"
            )
        else:
            out.append(
                edits.create(
                    session,
                    "dependency",
                    {
                        "predecessor_id": pred,
                        "successor_id": successor,
                        "type": ref.type,
                        "lag": ref.lag,
                    },
                )
            )
    return out


def _release_lists(
    session: Session,
    resolver: _Resolver,
    release_id: int,
    values: dict[str, Any],
    fields: set[str] | None = None,
) -> list[Change]:
    """A release's Phases (order) and Environments columns."""
    out: list[Change] = []
    if "phases" in values and (fields is None or "phases" in fields):
        for position, name in enumerate(values["phases"] or ()):
            ident = resolver.phase(release_id, name)
            phase = session.get(Phase, ident)
            if phase is not None and phase.position != position:
                out.append(edits.update(session, "phase", phase.id, {"position": position}))
    if "environments" in values and (fields is None or "environments" in fields):
        table = release_environment
        before = [
            e
            for (e,) in session.execute(
                select(table.c.environment_id).where(table.c.release_id == release_id)
            )
        ]
        # The parser drops empty names, so every name resolves to an id.
        after = [
            ident
            for n in values["environments"] or ()
            if (ident := resolver.named(resolver.envs, "environment", n)) is not None
        ]
        if sorted(before) != sorted(after):
            _set_environments(session, release_id, after)
            out.append(
                Change(
                    "release_environment",
                    (release_id,),
                    ChangeAction.UPDATE,
                    frozenset({"environments"}),
                    before={"ids": before},
                    after={"ids": after},
                )
            )
    return out


def _set_environments(session: Session, release_id: int, env_ids: list[int]) -> None:
    table = release_environment
    set_env_links(session, table, table.c.release_id, release_id, env_ids)


def revert_changes(session: Session, changes: tuple[Change, ...], *, label: str) -> None:
    """Undo ``changes`` (from :func:`apply_rows`) in reverse order."""
    for change in reversed(changes):
        if change.entity == "release_environment":
            if session.get(Release, change.ids[0]) is not None:
                _set_environments(session, change.ids[0], change.before["ids"])
        elif change.entity == "freeze_environment":
            if session.get(FreezeWindow, change.ids[0]) is not None:
                table = freeze_environment
                ident = change.ids[0]
                set_env_links(session, table, table.c.freeze_id, ident, change.before["ids"])
        elif change.action is ChangeAction.CREATE:
            model = edits.model(change.entity)
            alive = [i for i in change.ids if session.get(model, i) is not None]
            if alive:
                edits.delete(session, change.entity, alive)
        elif change.action is ChangeAction.UPDATE:
            if session.get(edits.model(change.entity), change.ids[0]) is not None:
                edits.update(session, change.entity, change.ids[0], dict(change.before))
        elif change.action is ChangeAction.DELETE:
            edits.restore(session, change)
    audit.record(session, action=ChangeAction.UNDO, entity="plan_info", label=f"{label} undone")
