"""Outline editing: indent, outdent, move up and down, move tasks between phases and releases.

The invariants every function here keeps (and restores on a file edited by hand):

- ``task.position`` orders a release's tasks in outline order, depth first: a
  summary task comes right before its descendants. Positions strictly increase
  in that order; an edit hands a release's position values out again in the
  new order, so rows it did not pass keep theirs (an indent writes none).
- ``task.parent_id`` nests a task under a summary task. A child has its
  parent's release and phase; parent links never make a cycle.
- A task's siblings are the tasks of its release and phase with the same
  parent. Moving a task moves its whole subtree, which keeps its links (links
  may cross releases).

Each gesture is one function run in the caller's transaction (one
``PlanService`` call) that rearranges a ``Forest`` of the plan's tasks and
writes the places that changed (``outline_rows``), returning an
``OutlineEdit`` that undoes and redoes it exactly.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from relm_desktop.domain.base import table_of
from relm_desktop.domain.models import Dependency, Phase, Release, Task
from relm_desktop.domain.text import plural
from relm_desktop.services.edits import EditError
from relm_desktop.services.outline_rows import OutlineEdit, Place, write_places

_TASK = table_of(Task)
_PHASE = table_of(Phase)
_LINK = table_of(Dependency)

#: Where a sibling list hangs: ("release", id) for a release's top level, ("task", id) below.
Owner = tuple[str, int]
#: What a new task is placed by: ("task" | "phase" | "release", id) of a timeline row.
Anchor = tuple[str, int]


class _Names(dict[int, str]):
    """Task names read when first asked for (messages name a handful of tasks)."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def __missing__(self, ident: int) -> str:
        name = self.session.scalar(select(_TASK.c.name).where(_TASK.c.id == ident))
        self[ident] = name = str(name) if name is not None else f"task #{ident}"
        return name


def releases_of(session: Session, ids: Iterable[int], anchor: Anchor | None = None) -> set[int]:
    """The releases of the tasks ``ids`` and of the anchor row: what a gesture rearranges."""
    ids = list(ids)
    found: set[int] = set()
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        query = select(_TASK.c.release_id).where(_TASK.c.id.in_(chunk)).distinct()
        found.update(session.scalars(query))
    if anchor is not None:
        kind, ident = anchor
        if kind == "release":
            found.add(ident)
        else:
            table = _PHASE if kind == "phase" else _TASK
            release = session.scalar(select(table.c.release_id).where(table.c.id == ident))
            if release is not None:
                found.add(release)
    return found


def _places(session: Session, releases: Sequence[int]) -> Sequence[Sequence[Any]]:
    """(id, release, phase, parent, position) of the releases' tasks, in outline order.

    A plan file's are read through the driver's cursor: plain tuples, where
    SQLAlchemy's rows took ~1.5 ms more for a release of 2,500 tasks (each
    gesture reads them). Every column is an integer: no conversion to miss.
    """
    if session.get_bind().dialect.name == "sqlite" and len(releases) < 500:
        session.flush()  # as session.execute would: the read sees what is pending
        cursor = session.connection().connection.cursor()
        try:
            marks = ", ".join("?" for _ in releases)
            cursor.execute(
                "SELECT id, release_id, phase_id, parent_id, position FROM task"
                f" WHERE release_id IN ({marks}) ORDER BY release_id, position, id",
                list(releases),
            )
            return list(cursor.fetchall())
        finally:
            cursor.close()
    return session.execute(
        select(
            _TASK.c.id,
            _TASK.c.release_id,
            _TASK.c.phase_id,
            _TASK.c.parent_id,
            _TASK.c.position,
        )
        .where(_TASK.c.release_id.in_(releases))
        .order_by(_TASK.c.release_id, _TASK.c.position, _TASK.c.id)
    ).all()


class Forest:
    """The tasks of some releases as ordered sibling lists; gestures rearrange them.

    Loaded once per gesture with one query over the releases it touches (a
    release of 10,000 tasks reads in ~15 ms); ``places`` then says where
    every task of a rearranged release now sits.
    """

    def __init__(self, session: Session, releases: Iterable[int]) -> None:
        rows = _places(session, sorted(set(releases)))
        # Plain tuples: a NamedTuple per task cost more than the query at 10,000 tasks.
        self.old: dict[int, tuple[int, int | None, int | None, int]] = {
            r[0]: (r[1], r[2], r[3], r[4]) for r in rows
        }
        self.name = _Names(session)
        self.release: dict[int, int] = {r[0]: r[1] for r in rows}
        self.phase: dict[int, int | None] = {r[0]: r[2] for r in rows}
        self.parent: dict[int, int | None] = {}
        self.lists: dict[Owner, list[int]] = {}
        for r in rows:
            ident, parent = r[0], r[3]
            if parent is not None and not self._nests(ident, parent):
                parent = None
            self.parent[ident] = parent
            owner = ("task", parent) if parent is not None else ("release", r[1])
            self.lists.setdefault(owner, []).append(ident)
        self.touched: set[int] = set()  # releases whose order changed
        self._rank: dict[int, int] | None = None

    @property
    def rank(self) -> dict[int, int]:
        """Each task's index in outline order (as loaded)."""
        if self._rank is None:
            order = self._walk(sorted(self._releases()))
            self._rank = {ident: k for k, ident in enumerate(order)}
        return self._rank

    def _nests(self, ident: int, parent: int) -> bool:
        """Whether ``parent`` may hold ``ident``: same release and phase, and no loop."""
        if parent not in self.old or parent == ident:
            return False
        if self.old[parent][:2] != self.old[ident][:2]:
            return False
        seen = {ident}
        node: int | None = parent
        while node is not None:
            if node in seen:
                return False
            seen.add(node)
            up = self.old[node][2]
            node = up if up in self.old else None
        return True

    def _releases(self) -> set[int]:
        return {owner[1] for owner in self.lists if owner[0] == "release"}

    # -- reading ------------------------------------------------------------------------
    def owner(self, ident: int) -> Owner:
        parent = self.parent[ident]
        return ("task", parent) if parent is not None else ("release", self.release[ident])

    def siblings(self, ident: int) -> list[int]:
        """The tasks at ``ident``'s level in its phase, in order (itself included)."""
        phase = self.phase[ident]
        return [s for s in self.lists[self.owner(ident)] if self.phase[s] == phase]

    def subtree(self, ident: int) -> list[int]:
        """``ident`` and its descendants, depth first."""
        return list(self._walk_from([ident]))

    def _walk_from(self, idents: Iterable[int]) -> Iterable[int]:
        stack = list(reversed(list(idents)))
        while stack:
            ident = stack.pop()
            yield ident
            stack.extend(reversed(self.lists.get(("task", ident), ())))

    def _walk(self, releases: Iterable[int]) -> Iterable[int]:
        for release in releases:
            yield from self._walk_from(self.lists.get(("release", release), ()))

    def check(self, ids: Iterable[int]) -> list[int]:
        """``ids`` that exist, refusing any that does not."""
        out = list(dict.fromkeys(ids))
        for ident in out:
            if ident not in self.old:
                raise EditError(f"task #{ident} does not exist")
        if not out:
            raise EditError("select one or more tasks first")
        return out

    def roots(self, ids: Iterable[int]) -> list[int]:
        """The selected tasks no other selected task contains, in outline order."""
        chosen = set(self.check(ids))
        out = []
        for ident in chosen:
            up = self.parent[ident]
            while up is not None and up not in chosen:
                up = self.parent[up]
            if up is None:
                out.append(ident)
        return sorted(out, key=self.rank.__getitem__)

    # -- rearranging --------------------------------------------------------------------
    def detach(self, idents: Iterable[int]) -> None:
        """Take tasks (with their subtrees) out of their sibling lists."""
        gone: dict[Owner, set[int]] = {}
        for ident in idents:
            gone.setdefault(self.owner(ident), set()).add(ident)
            self.touched.add(self.release[ident])
        for owner, members in gone.items():
            self.lists[owner] = [s for s in self.lists[owner] if s not in members]

    def attach(self, idents: Sequence[int], owner: Owner, index: int, phase: int | None) -> None:
        """Put detached tasks at ``index`` of ``owner``'s list, moving their subtrees along."""
        release = owner[1] if owner[0] == "release" else self.release[owner[1]]
        parent = owner[1] if owner[0] == "task" else None
        siblings = self.lists.setdefault(owner, [])
        siblings[index:index] = idents
        for ident in idents:
            self.parent[ident] = parent
        for ident in self._walk_from(idents):
            self.release[ident] = release
            self.phase[ident] = phase
        self.touched.add(release)

    def add(self, ident: int, name: str, parent: int | None) -> None:
        """A new task (a paste): under ``parent`` (new too), or attached next as a root."""
        self.name[ident] = name
        self.parent[ident] = parent
        if parent is not None:
            self.lists.setdefault(("task", parent), []).append(ident)

    def end_of_phase(self, release: int, phase: int | None) -> int:
        """The index in the release's top level right after the phase's last top-level task."""
        top = self.lists.get(("release", release), [])
        last = [k for k, s in enumerate(top) if self.phase[s] == phase]
        return last[-1] + 1 if last else len(top)

    def start_of_phase(self, release: int, phase: int | None) -> int:
        top = self.lists.get(("release", release), [])
        first = [k for k, s in enumerate(top) if self.phase[s] == phase]
        return first[0] if first else len(top)

    def changed(self) -> dict[int, Place]:
        """Where each task of the touched releases now sits, for those that moved.

        Positions are the release's old position values handed out again in
        the new order (each above the one before), so the tasks before and
        after the rearranged stretch keep theirs: an indent changes no position,
        a move only those of the rows it passed.
        """
        slots: dict[int, list[int]] = {}
        for release, _phase, _parent, position in self.old.values():
            slots.setdefault(release, []).append(position)
        out: dict[int, Place] = {}
        for release in sorted(self.touched):
            free = sorted(slots.get(release, []))
            previous = -1
            for k, ident in enumerate(self._walk([release])):
                previous = max(free[k], previous + 1) if k < len(free) else previous + 1
                place = (release, self.phase[ident], self.parent[ident], previous)
                if self.old.get(ident) != place:
                    out[ident] = Place(*place)
        return out


# -- gestures ---------------------------------------------------------------------------
def _label(forest: Forest, roots: Sequence[int], verb: str) -> str:
    what = f"'{forest.name[roots[0]]}'" if len(roots) == 1 else plural(len(roots), "task")
    return f"{verb} {what}"


def indent(session: Session, ids: Sequence[int]) -> OutlineEdit:
    """The tasks become children of the task just above them at their level.

    That task becomes (or stays) a summary; refused when there is none.
    """
    forest = Forest(session, releases_of(session, ids))
    roots = forest.roots(ids)
    for ident in roots:
        siblings = forest.siblings(ident)
        index = siblings.index(ident)
        if index == 0:
            raise EditError(f"'{forest.name[ident]}' has no task above it at its level to go under")
        above = siblings[index - 1]
        forest.detach([ident])
        forest.attach(
            [ident],
            ("task", above),
            len(forest.lists.get(("task", above), [])),
            forest.phase[above],
        )
    return _finish(session, forest, _label(forest, roots, "Indent"), roots)


def outdent(session: Session, ids: Sequence[int]) -> OutlineEdit:
    """Each task moves up a level, right after its former parent (MS Project's outdent).

    The siblings that followed it become its children, so the rows keep their order.
    """
    forest = Forest(session, releases_of(session, ids))
    roots = forest.roots(ids)
    for ident in roots:
        parent = forest.parent[ident]
        if parent is None:
            raise EditError(f"'{forest.name[ident]}' is already at the top level")
        siblings = forest.lists[("task", parent)]
        index = siblings.index(ident)
        followers = siblings[index + 1 :]
        forest.detach([ident, *followers])
        forest.attach(
            followers,
            ("task", ident),
            len(forest.lists.get(("task", ident), [])),
            forest.phase[ident],
        )
        owner = forest.owner(parent)
        forest.attach([ident], owner, forest.lists[owner].index(parent) + 1, forest.phase[parent])
    return _finish(session, forest, _label(forest, roots, "Outdent"), roots)


def move_up(session: Session, ids: Sequence[int]) -> OutlineEdit:
    """Each task with its subtree swaps with the previous sibling's subtree."""
    return _shift(session, ids, -1)


def move_down(session: Session, ids: Sequence[int]) -> OutlineEdit:
    """Each task with its subtree swaps with the next sibling's subtree."""
    return _shift(session, ids, +1)


def _shift(session: Session, ids: Sequence[int], step: int) -> OutlineEdit:
    forest = Forest(session, releases_of(session, ids))
    roots = forest.roots(ids)
    chosen = set(roots)
    stuck: set[int] = set()
    for ident in roots if step < 0 else reversed(roots):
        siblings = forest.siblings(ident)
        index = siblings.index(ident) + step
        if not 0 <= index < len(siblings) or siblings[index] in stuck:
            stuck.add(ident)
            continue
        other = siblings[index]
        owner = forest.owner(ident)
        forest.detach([ident])
        at = forest.lists[owner].index(other) + (1 if step > 0 else 0)
        forest.attach([ident], owner, at, forest.phase[ident])
    if stuck == chosen:
        where = "first" if step < 0 else "last"
        what = f"'{forest.name[roots[0]]}' is" if len(roots) == 1 else "the tasks are"
        raise EditError(f"{what} already {where} at {'its' if len(roots) == 1 else 'their'} level")
    verb = "Move up" if step < 0 else "Move down"
    return _finish(session, forest, _label(forest, roots, verb), roots)


def _target(session: Session, forest: Forest, anchor: Anchor) -> tuple[int, int | None]:
    """(release, phase) a phase or release row stands for: a release's first phase."""
    kind, ident = anchor
    if kind == "phase":
        phase = session.get(Phase, ident)
        if phase is None:
            raise EditError(f"phase #{ident} does not exist")
        return phase.release_id, phase.id
    if kind == "release":
        if session.get(Release, ident) is None:
            raise EditError(f"release #{ident} does not exist")
        first = session.scalar(
            select(_PHASE.c.id)
            .where(_PHASE.c.release_id == ident)
            .order_by(_PHASE.c.position, _PHASE.c.id)
            .limit(1)
        )
        return ident, first
    raise EditError(f"cannot place tasks at a {kind} row")


def _refuse_inside(forest: Forest, roots: Sequence[int], anchor: int) -> None:
    for root in roots:
        if anchor in forest.subtree(root):
            raise EditError(f"cannot move '{forest.name[root]}' into itself")


def move_before(session: Session, ids: Sequence[int], anchor: Anchor) -> OutlineEdit:
    """The tasks (with subtrees) go right before the anchor row (a row dragged and dropped).

    Before a task: into its release, phase and parent. Onto a phase row: first
    in that phase; onto a release row: first in its first phase.
    """
    forest = Forest(session, releases_of(session, ids, anchor))
    roots = forest.roots(ids)
    kind, ident = anchor
    if kind == "task":
        forest.check([ident])
        _refuse_inside(forest, roots, ident)
        forest.detach(roots)
        owner = forest.owner(ident)
        forest.attach(roots, owner, forest.lists[owner].index(ident), forest.phase[ident])
    else:
        release, phase = _target(session, forest, anchor)
        forest.detach(roots)
        forest.attach(roots, ("release", release), forest.start_of_phase(release, phase), phase)
    return _finish(session, forest, _label(forest, roots, "Move"), roots)


def move_after(session: Session, ids: Sequence[int], anchor: Anchor) -> OutlineEdit:
    """The tasks go right after the anchor task's subtree, at its level (a cut pasted).

    After a phase row: last in that phase; after a release row: last in its last phase.
    """
    forest = Forest(session, releases_of(session, ids, anchor))
    roots = forest.roots(ids)
    if anchor[0] == "task":
        forest.check([anchor[1]])
        _refuse_inside(forest, roots, anchor[1])
    forest.detach(roots)
    owner, index, phase = after_anchor(session, forest, anchor)
    forest.attach(roots, owner, index, phase)
    return _finish(session, forest, _label(forest, roots, "Move"), roots)


def after_anchor(session: Session, forest: Forest, anchor: Anchor) -> tuple[Owner, int, int | None]:
    """Where tasks placed after ``anchor`` go: (owner, index, phase)."""
    kind, ident = anchor
    if kind == "task":
        forest.check([ident])
        owner = forest.owner(ident)
        return owner, forest.lists[owner].index(ident) + 1, forest.phase[ident]
    release, phase = _target(session, forest, anchor)
    if kind == "release":
        phase = session.scalar(
            select(_PHASE.c.id)
            .where(_PHASE.c.release_id == release)
            .order_by(_PHASE.c.position.desc(), _PHASE.c.id.desc())
            .limit(1)
        )
    return ("release", release), forest.end_of_phase(release, phase), phase


def move_to_phase(session: Session, ids: Sequence[int], phase_id: int) -> OutlineEdit:
    """The tasks (with subtrees) go last in a phase, at its top level (any release)."""
    forest = Forest(session, releases_of(session, ids, ("phase", phase_id)))
    roots = forest.roots(ids)
    phase = session.get(Phase, phase_id)
    if phase is None:
        raise EditError(f"phase #{phase_id} does not exist")
    forest.detach(roots)
    release = phase.release_id
    forest.attach(roots, ("release", release), forest.end_of_phase(release, phase_id), phase_id)
    return _finish(session, forest, _label(forest, roots, f"Move to phase '{phase.name}':"), roots)


def move_to_release(session: Session, ids: Sequence[int], release_id: int) -> OutlineEdit:
    """The tasks (with subtrees) go to another release, into its phase of the same name.

    A task whose phase the release lacks goes among the release's tasks of no phase.
    """
    forest = Forest(session, releases_of(session, ids, ("release", release_id)))
    roots = forest.roots(ids)
    release = session.get(Release, release_id)
    if release is None:
        raise EditError(f"release #{release_id} does not exist")
    phases = session.execute(
        select(_PHASE.c.id, _PHASE.c.name, _PHASE.c.release_id).order_by(_PHASE.c.position.desc())
    ).all()
    names = {row.id: row.name for row in phases}
    # The first phase of a name wins (the list runs last to first).
    target = {row.name.casefold(): row.id for row in phases if row.release_id == release_id}
    forest.detach(roots)
    for root in roots:
        old = forest.phase[root]
        phase = target.get(names[old].casefold()) if old is not None else None
        forest.attach(
            [root], ("release", release_id), forest.end_of_phase(release_id, phase), phase
        )
    return _finish(
        session, forest, _label(forest, roots, f"Move to release '{release.name}':"), roots
    )


# -- writing, undo and redo -------------------------------------------------------------
def _finish(
    session: Session, forest: Forest, description: str, selection: Sequence[int]
) -> OutlineEdit:
    """Write what changed; refuse a gesture that changed nothing.

    New tasks (a paste) are in ``after`` but not ``before``: an undo removes them.
    """
    after = forest.changed()
    if not after:
        raise EditError(f"{description}: nothing to change")
    before = {i: Place(*forest.old[i]) for i in after if i in forest.old}
    _refuse_summary_links(session, forest, after)
    write_places(session, after, before)
    return OutlineEdit(description, before, after, selection=tuple(selection))


def _refuse_summary_links(session: Session, forest: Forest, after: dict[int, Place]) -> None:
    """Refuse an outline that would put a task under one it is linked with (MS Project does).

    A summary's dates come from its subtasks, so a link between the two would
    make the task wait for itself: the scheduler would report a loop.
    """
    moved = [i for i, p in after.items() if i in forest.old and forest.old[i][2] != p.parent_id]
    inside = {t for ident in moved for t in forest.subtree(ident)}
    if not inside:
        return

    def ancestors(ident: int) -> set[int]:
        found: set[int] = set()
        up = forest.parent.get(ident)
        while up is not None and up not in found:
            found.add(up)
            up = forest.parent.get(up)
        return found

    listed = sorted(inside)
    for start in range(0, len(listed), 500):
        chunk = listed[start : start + 500]
        links = session.execute(
            select(_LINK.c.predecessor_id, _LINK.c.successor_id).where(
                or_(_LINK.c.predecessor_id.in_(chunk), _LINK.c.successor_id.in_(chunk))
            )
        )
        for pred, succ in links:
            for low, high in ((pred, succ), (succ, pred)):
                if high in ancestors(low):
                    raise EditError(
                        f"'{forest.name[high]}' would become a summary of '{forest.name[low]}', "
                        "which it is linked with: remove the link first"
                    )


__all__ = [
    "Anchor",
    "Forest",
    "after_anchor",
    "indent",
    "move_after",
    "move_before",
    "move_down",
    "move_to_phase",
    "move_to_release",
    "move_up",
    "outdent",
    "releases_of",
]
