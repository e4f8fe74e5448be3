"""Use cases on one open plan: one call = one transaction = one undoable step.

Every edit returns a ``Change`` (or, for a composite edit, a ``Batch`` of
them) holding what its undo needs and ``changes``: the kinds and ids of every
row it created, updated or deleted, for the views to refresh only that.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from relm_desktop.domain.base import table_of
from relm_desktop.domain.enums import ChangeAction, DependencyType
from relm_desktop.domain.models import Calendar, Dependency, PlanInfo, Task
from relm_desktop.domain.text import plural
from relm_desktop.scheduling.model import ScheduleResult
from relm_desktop.services import edits, links, task_order, templates
from relm_desktop.services.calendars import known_country
from relm_desktop.services.changes import OpChanges
from relm_desktop.services.edits import Batch, Change, EditError
from relm_desktop.services.records import PlanData, load_plan
from relm_desktop.services.scheduling import schedule_plan
from relm_desktop.services.setup import SetupEdit, apply_setup, revert_setup
from relm_desktop.services.setup_uses import Uses, uses
from relm_desktop.store import audit, server
from relm_desktop.store.database import (
    PlanStore,
    copy_plan,
    create_plan_file,
    open_plan_file,
)
from relm_desktop.store.lock import CLI_WAIT, PlanLock

if TYPE_CHECKING:
    from relm_desktop.services.outline_service import OutlineService

_T = TypeVar("_T")


class PlanService:
    """The use cases of one open plan file.

    ``source`` is recorded in the audit trail (gui, cli, import…).
    """

    def __init__(self, store: PlanStore, *, source: str = "gui") -> None:
        self.store = store
        self.source = source
        self.migrated_from: Path | None = None
        self.lock: PlanLock | None = None
        self._checked = False  # the file was looked over for outside edits while locked

    # -- lifecycle -----------------------------------------------------------------
    @classmethod
    def new(
        cls,
        path: Path | str,
        *,
        name: str | None = None,
        start: date | None = None,
        country: str | None = None,
        subdivision: str | None = None,
        author: str = "",
        source: str = "gui",
    ) -> PlanService:
        """Create a new, empty plan file."""
        if country and not known_country(country, subdivision):
            raise EditError(
                f"unknown country or region for holidays: {country} {subdivision or ''}"
            )
        if server.is_server_location(path):
            store = server.create_server_store(server.server_location(path))
        else:
            store = create_plan_file(Path(path))
        service = cls(store, source=source)
        with store.transaction(source) as session:
            calendar = Calendar(
                name="Standard", workdays="01234", country=country, subdivision=subdivision
            )
            session.add(calendar)
            session.flush()
            session.add(
                PlanInfo(
                    name=name or _plan_name(path),
                    start=start or date.today(),
                    author=author or audit.current_user(),
                    calendar_id=calendar.id,
                )
            )
        return service

    @classmethod
    def open(
        cls,
        path: Path | str,
        *,
        readonly: bool = False,
        source: str = "gui",
        lock: bool | None = None,
    ) -> PlanService:
        """Open a plan file; an older schema is migrated after a backup copy.

        With ``lock`` (the GUI; by default every ``relm`` command that writes,
        ``source='cli'``), a plan held by another running instance raises
        PlanLockedError naming its user and host; open it ``readonly`` instead.
        A command waits up to ``CLI_WAIT`` for another command holding the plan,
        so two commands on one plan run one after the other.
        """
        if server.is_server_location(path):  # many writers: row versions, no lock
            store = server.open_server_store(server.server_location(path), readonly=readonly)
            return cls(store, source=source)
        if lock is None:
            lock = source == "cli"
        plan_lock = None
        if lock and not readonly:
            plan_lock = PlanLock(Path(path), source=source)
            plan_lock.acquire(wait=CLI_WAIT if source == "cli" else 0.0)
        try:
            store, backup = open_plan_file(Path(path), readonly=readonly)
        except BaseException:
            if plan_lock is not None:
                plan_lock.release()
            raise
        service = cls(store, source=source)
        service.migrated_from = backup
        service.lock = plan_lock
        return service

    @property
    def path(self) -> Path | None:
        return self.store.path

    @property
    def location(self) -> str:
        """The file path, or the server URL without its password."""
        return self.store.url or str(self.store.path or "")

    def close(self) -> None:
        self.store.close()
        if self.lock is not None:
            self.lock.release()

    def save_as(self, target: Path) -> None:
        """Copy the plan (consistently, while open) to ``target``."""
        if self.store.path is None:
            raise EditError("this plan is not a file")
        copy_plan(self.store.path, Path(target))

    @contextmanager
    def as_source(self, source: str) -> Iterator[None]:
        """Record edits made inside the block as coming from ``source`` (undo, redo…)."""
        previous, self.source = self.source, source
        try:
            yield
        finally:
            self.source = previous

    # -- reading -------------------------------------------------------------------
    def load(self) -> PlanData:
        """The whole plan as records; refused if rows were edited outside RELM.

        While this instance holds the plan's lock, every write since the first
        load was its own, through the checks of the schema (foreign keys on)
        and the entities (enum values), so the file is looked over only once.
        """
        held = self.lock is not None and self.lock.held
        if self.store.versions is not None:  # before the rows: a race reads as stale, safely
            with self.store.engine.connect() as connection:
                self.store.versions.read(connection)
        with self.store.reading() as session:
            data = load_plan(session, check=not (held and self._checked))
        self._checked = held
        return data

    def schedule(self, data: PlanData | None = None) -> tuple[PlanData, ScheduleResult]:
        data = data or self.load()
        return data, schedule_plan(data)

    # -- generic edits -------------------------------------------------------------
    def create(self, entity: str, values: Mapping[str, Any]) -> Change:
        with self.store.transaction(self.source) as session:
            return edits.create(session, entity, values)

    def update(self, entity: str, ident: int, values: Mapping[str, Any]) -> Change:
        with self.store.transaction(self.source) as session:
            return edits.update(session, entity, ident, values)

    def delete(self, entity: str, ids: list[int] | tuple[int, ...]) -> Change:
        with self.store.transaction(self.source) as session:
            return edits.delete(session, entity, ids)

    def restore(self, change: Change) -> Change:
        with self.store.transaction(self.source) as session:
            return edits.restore(session, change)

    def insert_task(self, after: int | None, values: Mapping[str, Any]) -> Change:
        """Create a task right after task ``after`` (or last in its release); one transaction."""
        with self.store.transaction(self.source) as session:
            return task_order.insert_task(session, after, values)

    def run(self, work: Callable[[Session], _T]) -> _T:
        """Run ``work(session)`` as one transaction (scripts and tests; the GUI calls use cases)."""
        with self.store.transaction(self.source) as session:
            return work(session)

    # -- composite edits: one transaction each, and so is each one's undo -----------
    def create_many(self, entity: str, values: Sequence[Mapping[str, Any]]) -> Batch:
        """Add several rows of one entity (e.g. a template's gates); one part, every id."""
        with self.store.transaction(self.source) as session:
            ids = tuple(edits.create(session, entity, row).ids[0] for row in values)
        fields = frozenset(key for row in values for key in row)
        return Batch((Change(entity, ids, ChangeAction.CREATE, fields),))

    def delete_many(self, targets: Sequence[tuple[str, Sequence[int]]]) -> Batch:
        """Delete each (entity, ids) in turn, with what cascades; ``restore_many`` undoes it."""
        with self.store.transaction(self.source) as session:
            return edits.delete_many(session, targets)

    def restore_many(self, batch: Batch) -> Batch:
        """Undo of ``delete_many``: every row back with its id, in one transaction."""
        with self.store.transaction(self.source) as session:
            return edits.restore_many(session, batch)

    def apply_template(
        self,
        template: str,
        *,
        name: str,
        version: str = "",
        start: date | None = None,
        target_golive: date | None = None,
        owner: str = "",
    ) -> Batch:
        """A new release from a template; the parts: environments it had to make, the release.

        Undo: ``delete_many(reversed(batch.targets()))``.
        """
        with self.store.transaction(self.source) as session:
            change = templates.apply_template(
                session,
                template,
                name=name,
                version=version,
                start=start,
                target_golive=target_golive,
                owner=owner,
            )
        made = templates.environments_made(change)
        environments = (Change("environment", made, ChangeAction.CREATE),) if made else ()
        return Batch((*environments, change))

    def save_as_template(self, release_id: int, name: str, description: str = "") -> Batch:
        """Keep a release's shape as a template of the plan (one part: the template)."""
        with self.store.transaction(self.source) as session:
            return Batch((templates.release_as_template(session, release_id, name, description),))

    def setup(self, changes: Sequence[SetupEdit]) -> Batch:
        """Plan setup edits (working time, freeze windows…) in one transaction.

        Deletes clear what uses the row first; ``revert_setup`` undoes it all.
        """
        with self.store.transaction(self.source) as session:
            return apply_setup(session, changes)

    def revert_setup(self, batch: Batch) -> Batch:
        """Undo of ``setup`` (and, given what this returned, its redo), ids kept."""
        with self.store.transaction(self.source) as session:
            return revert_setup(session, batch)

    def uses(self, entity: str, ident: int) -> Uses:
        """What refers to an environment, team or stakeholder (before deleting it)."""
        with self.store.reading() as session:
            return uses(session, entity, ident)

    @property
    def outline(self) -> OutlineService:
        """Outline editing: indent, move, copy and paste, new release and phase (one call each)."""
        from relm_desktop.services.outline_service import OutlineService

        return OutlineService(self)

    # -- specific use cases --------------------------------------------------------
    def link(
        self,
        predecessor: int,
        successor: int,
        *,
        type: DependencyType = DependencyType.FS,
        lag: int = 0,
    ) -> Change:
        """Link two tasks; refuses a self-link or a second link between the same pair."""
        if predecessor == successor:
            raise EditError("a task cannot depend on itself")
        with self.store.transaction(self.source) as session:
            for ident in (predecessor, successor):
                if session.get(Task, ident) is None:
                    raise EditError(f"task #{ident} does not exist")
            exists = session.scalar(
                select(Dependency.id).where(
                    Dependency.predecessor_id == predecessor, Dependency.successor_id == successor
                )
            )
            if exists:
                raise EditError("these tasks are already linked")
            links.check_no_loop(session, predecessor, successor)
            return edits.create(
                session,
                "dependency",
                {
                    "predecessor_id": predecessor,
                    "successor_id": successor,
                    "type": type,
                    "lag": lag,
                },
            )

    def save_baseline(self) -> Change:
        """Store every task's scheduled start and finish as its baseline."""
        data, result = self.schedule()
        with self.store.transaction(self.source) as session:
            before = {t.id: (t.baseline_start, t.baseline_finish) for t in data.tasks}
            params = [
                {"tid": tid, "bs": s.start, "bf": s.finish} for tid, s in result.tasks.items()
            ]
            _bulk_baseline(session, params)
            now = datetime.now().replace(microsecond=0)
            session.execute(update(PlanInfo).values(baseline_saved_at=now))
            audit.record(
                session,
                action=ChangeAction.UPDATE,
                entity="plan_info",
                label=f"baseline saved for {plural(len(params), 'task')}",
                field="baseline",
                new=now,
            )
        return Change(
            "task",
            tuple(before),
            ChangeAction.UPDATE,
            frozenset({"baseline_start", "baseline_finish"}),
            before={"baseline": before},
            changes=_baseline_changes(before),
        )

    def restore_baseline(self, change: Change) -> Change:
        """Undo of ``save_baseline``: put the previous baseline back."""
        previous: dict[int, tuple[date | None, date | None]] = change.before["baseline"]
        with self.store.transaction(self.source) as session:
            _bulk_baseline(
                session,
                [{"tid": tid, "bs": bs, "bf": bf} for tid, (bs, bf) in previous.items()],
            )
            audit.record(
                session,
                action=ChangeAction.UPDATE,
                entity="plan_info",
                label="previous baseline restored",
                field="baseline",
            )
        return Change(
            "task",
            tuple(previous),
            ChangeAction.UPDATE,
            frozenset({"baseline_start", "baseline_finish"}),
            changes=_baseline_changes(previous),
        )


def _plan_name(location: Path | str) -> str:
    """A new plan's default name: the file's stem or the server database's name."""
    if server.is_server_location(location):
        return server.server_location(location).split("?")[0].rsplit("/", 1)[-1] or "Plan"
    return Path(location).stem


def _baseline_changes(tasks: Mapping[int, Any]) -> OpChanges:
    """A baseline edit: every task's baseline and the plan's time of saving it."""
    return OpChanges.of(updated={"task": tasks, "plan_info": ()})


def _bulk_baseline(session: Session, params: list[dict[str, Any]]) -> None:
    if not params:
        return
    from sqlalchemy import bindparam

    table = table_of(Task)
    session.execute(
        update(table)
        .where(table.c.id == bindparam("tid"))
        .values(baseline_start=bindparam("bs"), baseline_finish=bindparam("bf")),
        params,
        execution_options={"synchronize_session": False},
    )
