"""Links as MS Project users edit them: predecessor lists, the loop check, autolink.

A task's predecessors are set as a whole (the Predecessors column, the Task
Information dialog) in one transaction; each call returns what its undo and
redo need, with the links' ids, so a redone edit keeps them. Deleting tasks
inside a finish-to-start chain joins their predecessors to their successors,
as MS Project's autolink does. A link that would close a loop is refused
with an ``EditError`` naming the loop.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import literal, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from relm_desktop.domain.base import table_of
from relm_desktop.domain.enums import DependencyType
from relm_desktop.domain.models import Dependency, Task
from relm_desktop.exchange.predecessors import (
    PredecessorError,
    format_predecessors,
    parse_predecessors,
)
from relm_desktop.services import edits
from relm_desktop.services.changes import NOTHING, OpChanges
from relm_desktop.services.edits import Change, EditError

if TYPE_CHECKING:
    from relm_desktop.services.plan import PlanService

#: Lags a user may type, in working days either way.
MAX_LAG = 10_000


@dataclass(frozen=True, slots=True)
class LinkSpec:
    """One predecessor of a task as the user gives it: its task id, type and lag."""

    predecessor: int
    type: DependencyType = DependencyType.FS
    lag: int = 0


@dataclass(frozen=True, slots=True)
class LinkRow:
    """A stored link, id included, so an undo or redo puts it back as it was."""

    id: int
    predecessor: int
    successor: int
    type: DependencyType
    lag: int

    @property
    def spec(self) -> LinkSpec:
        return LinkSpec(self.predecessor, self.type, self.lag)


@dataclass(frozen=True, slots=True)
class TaskEdit:
    """What ``edit_task`` did: the task's fields and its incoming links, before and after."""

    task_id: int
    fields: Change | None
    before: tuple[LinkRow, ...] | None  # None: the links were left alone
    after: tuple[LinkRow, ...] | None
    changes: OpChanges

    def __bool__(self) -> bool:
        return bool(self.changes)


@dataclass(frozen=True, slots=True)
class TaskDeletion:
    """What ``delete_tasks`` did: the rows it removed and the links it made to keep chains."""

    deleted: Change
    joined: tuple[LinkRow, ...]
    description: str
    changes: OpChanges


# -- the Predecessors notation ---------------------------------------------------------------
def parse_links(text: str, task_id: int, names: Mapping[int, str]) -> list[LinkSpec]:
    """``3FS+2d; 5SS-1d`` for task ``task_id`` as link specs, checked against ``names``.

    The notation is the workbook's (``exchange.predecessors``); a reference is a
    task ID as the table shows it. Refused with a message saying what is wrong:
    bad syntax, an ID that is no task, the task itself, an ID listed twice.
    """
    try:
        items = parse_predecessors(text)
    except PredecessorError as exc:
        raise EditError(str(exc)) from None
    out: list[LinkSpec] = []
    seen: set[int] = set()
    for item in items:
        if not item.ref.isdigit():
            raise EditError(f"{item.ref!r} is not a task ID (IDs are numbers, as in 3FS+2d)")
        ident = int(item.ref)
        if ident not in names:
            raise EditError(f"there is no task with ID {ident}")
        if ident == task_id:
            raise EditError(f"'{names[ident]}' cannot be its own predecessor")
        if ident in seen:
            raise EditError(f"task {ident} is listed twice")
        if abs(item.lag) > MAX_LAG:
            raise EditError(f"the lag of {ident} is more than {MAX_LAG} working days")
        seen.add(ident)
        out.append(LinkSpec(ident, DependencyType(item.type), item.lag))
    return out


def format_links(specs: Iterable[LinkSpec]) -> str:
    """Link specs in the notation the table shows: ``3; 5SS-1d``."""
    return format_predecessors([(s.predecessor, s.type.value, s.lag) for s in specs])


# -- loops -------------------------------------------------------------------------------------
def _graph(session: Session) -> dict[int, list[int]]:
    graph: dict[int, list[int]] = {}
    for pred, succ in session.execute(select(Dependency.predecessor_id, Dependency.successor_id)):
        graph.setdefault(pred, []).append(succ)
    return graph


def path_between(graph: Mapping[int, Sequence[int]], start: int, goal: int) -> list[int] | None:
    """The shortest chain of links from ``start`` to ``goal`` (both included), or None."""
    parents: dict[int, int] = {start: start}
    queue = deque([start])
    while queue:
        here = queue.popleft()
        if here == goal:
            path = [here]
            while path[-1] != start:
                path.append(parents[path[-1]])
            return path[::-1]
        for nxt in graph.get(here, ()):
            if nxt not in parents:
                parents[nxt] = here
                queue.append(nxt)
    return None


def _names(session: Session, ids: Iterable[int]) -> dict[int, str]:
    wanted = set(ids)
    rows = session.execute(select(Task.id, Task.name).where(Task.id.in_(wanted)))
    return {ident: name for ident, name in rows}


def downstream_of(session: Session, start: int, among: Collection[int]) -> set[int]:
    """Which tasks of ``among`` follow ``start`` through links (a recursive query).

    The database walks the links: reading all of them into Python to walk
    there cost ~50 ms at 15,000 links, on every predecessor edit.
    """
    if not among:
        return set()
    links = table_of(Dependency)
    down = select(literal(start).label("id")).cte("down", recursive=True)
    down = down.union(select(links.c.successor_id).join(down, links.c.predecessor_id == down.c.id))
    found = session.execute(select(down.c.id).where(down.c.id.in_(set(among))))
    return {ident for (ident,) in found}


def check_no_loop(session: Session, predecessor: int, successor: int) -> None:
    """Refuse a link ``predecessor → successor`` that would close a loop, naming it."""
    check_no_loops(session, [predecessor], successor)


def check_no_loops(session: Session, predecessors: Collection[int], successor: int) -> None:
    """Refuse links from ``predecessors`` into ``successor`` if one would close a loop."""
    closing = downstream_of(session, successor, predecessors)
    if not closing:
        return
    predecessor = min(closing)
    found = path_between(_graph(session), successor, predecessor)  # only for the message
    loop = [predecessor, *(found or [successor, predecessor])]
    names = _names(session, loop)
    raise EditError(" → ".join(names.get(t, f"task {t}") for t in loop) + " would be a loop")


# -- setting a task's predecessors ---------------------------------------------------------------
def _incoming(session: Session, task_id: int) -> tuple[LinkRow, ...]:
    found = session.scalars(
        select(Dependency).where(Dependency.successor_id == task_id).order_by(Dependency.id)
    )
    return tuple(
        LinkRow(d.id, d.predecessor_id, d.successor_id, DependencyType(d.type), d.lag)
        for d in found
    )


def _put_incoming(session: Session, task_id: int, target: Sequence[LinkRow | LinkSpec]) -> None:
    """Make the task's incoming links exactly ``target`` (through the ORM: audited).

    A link to a predecessor already linked keeps its row (its type and lag
    change); a ``LinkRow`` comes back with its own id (undo and redo).
    """
    existing = {
        d.predecessor_id: d
        for d in session.scalars(select(Dependency).where(Dependency.successor_id == task_id))
    }
    wanted = {item.predecessor: item for item in target}
    for pred, old in existing.items():
        if pred not in wanted:
            session.delete(old)
    session.flush()
    for pred, item in wanted.items():
        row = existing.get(pred)
        if row is None:
            values: dict[str, Any] = {
                "predecessor_id": pred,
                "successor_id": task_id,
                "type": item.type,
                "lag": item.lag,
            }
            if isinstance(item, LinkRow):
                values["id"] = item.id
            session.add(Dependency(**values))
            continue
        if row.type != item.type:
            row.type = item.type
        if row.lag != item.lag:
            row.lag = item.lag
    try:
        session.flush()
    except IntegrityError as exc:  # a predecessor deleted meanwhile: foreign key
        raise EditError(f"the links of task {task_id} could not be saved: {exc}") from None


def _link_changes(before: Sequence[LinkRow], after: Sequence[LinkRow]) -> OpChanges:
    old = {row.predecessor: row for row in before}
    new = {row.predecessor: row for row in after}
    return OpChanges.of(
        created={"dependency": [r.id for p, r in new.items() if p not in old]},
        updated={
            "dependency": [r.id for p, r in new.items() if p in old and r.spec != old[p].spec]
        },
        deleted={"dependency": [r.id for p, r in old.items() if p not in new]},
    )


def _same_links(before: Sequence[LinkRow], specs: Sequence[LinkSpec]) -> bool:
    return {row.spec for row in before} == set(specs)


def edit_task(
    service: PlanService,
    task_id: int,
    values: Mapping[str, Any] | None = None,
    predecessors: Sequence[LinkSpec] | None = None,
) -> TaskEdit:
    """Change a task's fields and (unless None) replace its predecessors; one transaction.

    Nothing changed writes nothing (``changes`` is empty). A predecessor that
    would close a loop, or that is no task, refuses the whole edit.
    """
    with service.store.transaction(service.source) as session:
        if session.get(Task, task_id) is None:
            raise EditError(f"task #{task_id} does not exist")
        fields = edits.update(session, "task", task_id, values) if values else None
        before = after = None
        changes = fields.changes if fields is not None and fields.after else NOTHING
        if predecessors is not None:
            current = _incoming(session, task_id)
            if not _same_links(current, predecessors):
                _check_predecessors(session, task_id, current, predecessors)
                _put_incoming(session, task_id, predecessors)
                before, after = current, _incoming(session, task_id)
                changes = changes | _link_changes(before, after)
        return TaskEdit(task_id, fields, before, after, changes)


def _check_predecessors(
    session: Session, task_id: int, current: Sequence[LinkRow], specs: Sequence[LinkSpec]
) -> None:
    ids = [s.predecessor for s in specs]
    if len(set(ids)) != len(ids):
        raise EditError("a predecessor is listed twice")
    if task_id in ids:
        raise EditError("a task cannot depend on itself")
    known = _names(session, ids)
    for ident in ids:
        if ident not in known:
            raise EditError(f"there is no task with ID {ident}")
    old = {row.predecessor for row in current}
    fresh = [ident for ident in ids if ident not in old]
    check_no_loops(session, fresh, task_id)


def set_predecessors(service: PlanService, task_id: int, specs: Sequence[LinkSpec]) -> TaskEdit:
    """Replace the task's incoming links with ``specs``; one transaction."""
    return edit_task(service, task_id, None, specs)


def revert_task_edit(service: PlanService, edit: TaskEdit) -> OpChanges:
    """Undo of ``edit_task``: the old fields and the old links back, ids kept; one transaction."""
    return _reapply(service, edit, undo=True)


def redo_task_edit(service: PlanService, edit: TaskEdit) -> OpChanges:
    """Redo of ``edit_task`` after its undo: the same fields and links, ids kept."""
    return _reapply(service, edit, undo=False)


def _reapply(service: PlanService, edit: TaskEdit, *, undo: bool) -> OpChanges:
    with service.store.transaction(service.source) as session:
        fields = edit.fields
        if fields is not None and fields.after:
            values = fields.before if undo else fields.after
            edits.update(session, "task", edit.task_id, values)
        links = edit.before if undo else edit.after
        if links is not None:
            _put_incoming(session, edit.task_id, links)
    return edit.changes


# -- deleting tasks and keeping their chains -----------------------------------------------------
def _outside(start: int, step: Mapping[int, Sequence[int]], deleted: Collection[int]) -> list[int]:
    """Tasks outside ``deleted`` reached from ``start`` through deleted tasks only."""
    found: list[int] = []
    seen = {start}
    stack = [start]
    while stack:
        for nxt in step.get(stack.pop(), ()):
            if nxt in seen:
                continue
            seen.add(nxt)
            if nxt in deleted:
                stack.append(nxt)
            else:
                found.append(nxt)
    return sorted(found)


def _joins(session: Session, ids: Sequence[int]) -> list[tuple[int, int]]:
    """The FS links autolink makes when ``ids`` go: each predecessor to each successor,
    leaving out pairs already linked and links that would close a loop."""
    deleted = set(ids)
    pairs: set[tuple[int, int]] = set()
    fs_in: dict[int, list[int]] = {}
    fs_out: dict[int, list[int]] = {}
    graph: dict[int, list[int]] = {}
    rows = session.execute(
        select(Dependency.predecessor_id, Dependency.successor_id, Dependency.type)
    )
    for pred, succ, kind in rows:
        pairs.add((pred, succ))
        if DependencyType(kind) is DependencyType.FS:
            fs_out.setdefault(pred, []).append(succ)
            fs_in.setdefault(succ, []).append(pred)
        if pred not in deleted and succ not in deleted:
            graph.setdefault(pred, []).append(succ)
    out: list[tuple[int, int]] = []
    for task in ids:
        for pred in _outside(task, fs_in, deleted):
            for succ in _outside(task, fs_out, deleted):
                if pred == succ or (pred, succ) in pairs:
                    continue
                if path_between(graph, succ, pred) is not None:
                    continue  # it would close a loop
                pairs.add((pred, succ))
                graph.setdefault(pred, []).append(succ)
                out.append((pred, succ))
    return out


def delete_tasks(
    service: PlanService, ids: Sequence[int], joins: Sequence[LinkRow] | None = None
) -> TaskDeletion:
    """Delete tasks (and what cascades) and re-join the FS chains they were in; one transaction.

    ``joins`` (a redo) makes exactly those links again, with their ids.
    """
    ids = tuple(dict.fromkeys(ids))
    with service.store.transaction(service.source) as session:
        names = _names(session, ids)
        pairs = (
            [(row.predecessor, row.successor) for row in joins]
            if joins is not None
            else _joins(session, ids)
        )
        deleted = edits.delete(session, "task", ids)
        made: list[LinkRow] = []
        for position, (pred, succ) in enumerate(pairs):
            values: dict[str, Any] = {"predecessor_id": pred, "successor_id": succ}
            values |= {"type": DependencyType.FS, "lag": 0}
            if joins is not None:
                values["id"] = joins[position].id
            link = Dependency(**values)
            session.add(link)
            session.flush()
            made.append(LinkRow(link.id, pred, succ, DependencyType.FS, 0))
        all_names = names | _names(session, [t for pair in pairs for t in pair])
    changes = deleted.changes | OpChanges.of(created={"dependency": [r.id for r in made]})
    return TaskDeletion(deleted, tuple(made), _describe(ids, names, made, all_names), changes)


def restore_tasks(service: PlanService, deletion: TaskDeletion) -> OpChanges:
    """Undo of ``delete_tasks``: the joins removed, every deleted row back; one transaction."""
    with service.store.transaction(service.source) as session:
        for row in deletion.joined:
            link = session.get(Dependency, row.id)
            if link is not None:
                session.delete(link)
        session.flush()
        restored = edits.restore(session, deletion.deleted)
    return restored.changes | OpChanges.of(deleted={"dependency": [r.id for r in deletion.joined]})


def _describe(
    ids: Sequence[int],
    names: Mapping[int, str],
    made: Sequence[LinkRow],
    all_names: Mapping[int, str],
) -> str:
    what = f"'{names.get(ids[0], ids[0])}'" if len(ids) == 1 else f"{len(ids)} tasks"
    text = f"Deleted {what}"
    if not made:
        return text
    joined = [f"'{all_names[r.predecessor]}' → '{all_names[r.successor]}'" for r in made[:3]]
    more = f" and {len(made) - 3} more" if len(made) > 3 else ""
    listed = ", ".join(joined[:-1]) + " and " + joined[-1] if len(joined) > 1 else joined[0]
    noun = "the chain" if len(made) == 1 else "the chains"
    return f"{text}; linked {listed}{more} to keep {noun}"
