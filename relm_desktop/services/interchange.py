"""Interchange with other tools: MS Project, GanttProject, CSV, OpenDocument, iCalendar.

Reading a file gives a :class:`ForeignPlan`; its ``parsed`` part goes through
the same merge preview and apply as a foreign workbook. Importing into a plan
that has no tasks yet also takes the file's working week, days off, teams,
environments and freeze windows. Each import is one transaction (audited by
the store), undone as one step.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Collection
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO, TextIO

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from relm_desktop.domain.enums import ChangeAction
from relm_desktop.domain.organisation import Environment, Team, freeze_environment
from relm_desktop.domain.plan import Calendar, CalendarDay, PlanInfo
from relm_desktop.domain.records import PlanData
from relm_desktop.domain.release import Dependency, Task
from relm_desktop.domain.text import plural
from relm_desktop.exchange.foreign_plan import ForeignPlan
from relm_desktop.exchange.merge import (
    ADD,
    CHANGE,
    REMOVE,
    MergePreview,
    Snapshot,
    compare,
    snapshot,
)
from relm_desktop.exchange.safe_xml import XmlFileError
from relm_desktop.exchange.xlsx.model import LinkRef, NoScheduleError, ParsedImport, Severity
from relm_desktop.gcpause import gc_paused
from relm_desktop.scheduling.model import ScheduleResult
from relm_desktop.services import edits
from relm_desktop.services.edits import Change, EditError
from relm_desktop.services.excel import ImportOutcome
from relm_desktop.services.excel_apply import apply_rows
from relm_desktop.services.excel_bulk import create_many, update_many
from relm_desktop.services.excel_validate import validate_parsed
from relm_desktop.services.formats import FormatError
from relm_desktop.services.plan import PlanService
from relm_desktop.services.records import load_plan

#: The time one import may take to read its file (as for workbooks: the GUI shows progress).
READERS: dict[str, str] = {
    ".xml": "relm_desktop.exchange.msproject.read:read_mspdi",
    ".mpp": "relm_desktop.exchange.msproject.mpp:read_mpp",
    ".gan": "relm_desktop.exchange.gan:read_gan",
    ".csv": "relm_desktop.exchange.csv_import:read_csv",
    ".ods": "relm_desktop.exchange.csv_import:read_ods",
}


def read_foreign(path: Path) -> ForeignPlan:
    """Read any of the formats above; FormatError (one line naming the file) when unreadable."""
    path = Path(path)
    target = READERS.get(path.suffix.lower())
    if target is None:
        raise FormatError(f"{path}: not a format this reader knows")
    module_name, name = target.split(":")
    import importlib

    reader: Callable[[Path], ForeignPlan] = getattr(importlib.import_module(module_name), name)
    if not path.exists():
        raise FormatError(f"{path}: no such file")
    with gc_paused():
        try:
            plan = reader(path)
        except (XmlFileError, NoScheduleError) as exc:
            raise FormatError(str(exc)) from None
        except (UnicodeError, ValueError) as exc:
            raise FormatError(f"{path}: not readable ({exc})") from None
        validate_parsed(plan.parsed)
        for part in plan.parts:
            validate_parsed(part.parsed)
    return plan


def release_name(plan: ForeignPlan, release: str | None) -> str:
    return release or plan.release or plan.name or Path(plan.parsed.path).stem


def preview_foreign(service: PlanService, plan: ForeignPlan, release: str | None) -> MergePreview:
    return compare(snapshot(service.load()), plan.parsed, release_name(plan, release))


def _refuse_unready(parsed: ParsedImport) -> None:
    if parsed.errors:
        first = "; ".join(str(p) for p in parsed.errors[:3])
        more = f" (and {len(parsed.errors) - 3} more)" if len(parsed.errors) > 3 else ""
        raise EditError(f"{parsed.path}: not imported, fix these first: {first}{more}")


def _plan_setup(session: Session, plan: ForeignPlan) -> list[Change]:
    """A plan without tasks takes the file's start, calendar, teams and freeze windows."""
    if session.scalar(select(func.count()).select_from(Task)):
        return []
    out: list[Change] = []
    info = session.scalars(select(PlanInfo)).first()
    if info is None or info.calendar_id is None:
        return out
    if plan.start is not None and plan.start != info.start:
        out.append(edits.update(session, "plan_info", info.id, {"start": plan.start}))
    calendar = session.get(Calendar, info.calendar_id)
    if calendar is not None and calendar.workdays != plan.workdays:
        out.append(edits.update(session, "calendar", calendar.id, {"workdays": plan.workdays}))
    have = {d.day for d in session.scalars(select(CalendarDay))}
    days = [
        {"calendar_id": info.calendar_id, "day": day, "name": (name or "Day off")[:200]}
        for day, name in sorted(plan.days_off.items())
        if day not in have
    ]
    if days:
        ids = create_many(session, "calendar_day", days)
        out.append(Change("calendar_day", tuple(ids), ChangeAction.CREATE))
    teams = {t.name for t in session.scalars(select(Team))}
    new_teams = [
        {"name": name[:200], "capacity": capacity}
        for name, capacity in plan.teams.items()
        if name not in teams
    ]
    if new_teams:  # in bulk: a file may name hundreds of resources
        ids = create_many(session, "team", new_teams)
        out.append(Change("team", tuple(ids), ChangeAction.CREATE))
    envs = {e.name: e.id for e in session.scalars(select(Environment))}
    for name in plan.environments:
        if name not in envs:
            change = edits.create(
                session, "environment", {"name": name[:100], "position": len(envs)}
            )
            envs[name] = change.ids[0]
            out.append(change)
    for freeze in plan.freezes:
        change = edits.create(
            session,
            "freeze_window",
            {"name": freeze.name[:200], "start": freeze.start, "finish": freeze.finish},
        )
        out.append(change)
        ids = [envs[e] for e in freeze.environments]
        out.append(_link_freeze(session, change.ids[0], ids))
    return out


def _link_freeze(session: Session, freeze_id: int, env_ids: list[int]) -> Change:
    """The environments of a freeze window just created (undone like a workbook's)."""
    env_ids = list(dict.fromkeys(env_ids))  # a file may name one twice
    if env_ids:
        session.execute(
            insert(freeze_environment),
            [{"freeze_id": freeze_id, "environment_id": e} for e in env_ids],
        )
    return Change(
        "freeze_environment",
        (freeze_id,),
        ChangeAction.UPDATE,
        frozenset({"environments"}),
        before={"ids": []},
        after={"ids": env_ids},
    )


def import_foreign(
    service: PlanService,
    plan: ForeignPlan,
    release: str | None = None,
    accept: Callable[[MergePreview], Collection[str]] | None = None,
    preview: MergePreview | None = None,
) -> tuple[MergePreview, ImportOutcome]:
    """Compare and apply in one write transaction (all or nothing).

    With ``preview`` (the GUI showed it; this process holds the plan lock) the
    accepted rows of that preview are applied; otherwise the comparison runs
    inside the transaction and ``accept`` picks the rows (default: its defaults).
    """
    parsed = plan.parsed
    _refuse_unready(parsed)
    try:
        with gc_paused(), service.store.transaction("import") as session:
            setup = _plan_setup(session, plan)
            if preview is None:
                preview = compare(snapshot(load_plan(session)), parsed, release_name(plan, release))
                accepted = set(accept(preview) if accept is not None else preview.default_keys())
            else:
                accepted = set(accept(preview) if accept is not None else preview.default_keys())
            rows = [r for r in preview.rows if r.key in accepted]
            changes = setup + apply_rows(session, preview, rows)
            if setup and plan.release_golive is not None:
                changes.extend(_release_dates(session, preview.release, plan))
    except EditError as exc:
        name = Path(parsed.path).name
        raise EditError(str(exc) if name in str(exc) else f"{parsed.path}: {exc}") from exc
    outcome = ImportOutcome(
        parsed.path,
        sum(r.action == ADD for r in rows),
        sum(r.action == CHANGE for r in rows),
        sum(r.action == REMOVE for r in rows),
        tuple(changes),
        frozenset(accepted),
    )
    return preview, outcome


def preview_releases(service: PlanService, plan: ForeignPlan) -> list[MergePreview]:
    """A file of several releases: one preview per release (they touch no common rows)."""
    snap = _within_releases(snapshot(service.load()))
    return [compare(snap, part.parsed, release_name(part, None)) for part in plan.parts]


def _within_releases(snap: Snapshot) -> Snapshot:
    """``snap`` without its links between releases: each part of a file compares only
    the links inside its release (its other links are ``ForeignPlan.cross_links``), so a
    link to another release is not read as one the file removed."""
    release = {ident: values["release_id"] for ident, values in snap.rows["task"].items()}
    links = {
        succ: {p: v for p, v in preds.items() if release.get(p) == release.get(succ)}
        for succ, preds in snap.links.items()
    }
    return replace(snap, links=links)


def _cross_links(session: Session, plan: ForeignPlan, ids: dict[str, int]) -> list[Change]:
    """Make the file's links between releases once every release is in the plan.

    ``ids`` maps the file's task keys to plan tasks (added or matched). A link whose
    ends were not both accepted is left out; one already in the plan takes the file's
    type and lag. None is removed: removals are what the previews show, per release.
    """
    wanted: dict[tuple[int, int], LinkRef] = {}
    for succ_key, refs in plan.cross_links.items():
        for ref in refs:
            if succ_key in ids and ref.predecessor in ids:
                wanted[(ids[ref.predecessor], ids[succ_key])] = ref
    if not wanted:
        return []
    successors = sorted({succ for _pred, succ in wanted})
    have: dict[tuple[int, int], tuple[int, str, int]] = {}
    for first in range(0, len(successors), 900):  # SQLite's bound-parameter limit
        chunk = successors[first : first + 900]
        link = Dependency
        query = select(link.id, link.predecessor_id, link.successor_id, link.type, link.lag)
        for ident, pred, succ, kind, lag in session.execute(
            query.where(link.successor_id.in_(chunk))
        ):
            have[(pred, succ)] = (ident, str(kind), lag)
    new = [
        {"predecessor_id": pred, "successor_id": succ, "type": ref.type, "lag": ref.lag}
        for (pred, succ), ref in wanted.items()
        if (pred, succ) not in have
    ]
    changed = [
        (have[pair][0], {"type": ref.type, "lag": ref.lag})
        for pair, ref in wanted.items()
        if pair in have and have[pair][1:] != (ref.type, ref.lag)
    ]
    out: list[Change] = []
    if new:
        created = create_many(session, "dependency", new)
        out.append(Change("dependency", tuple(created), ChangeAction.CREATE))
    if changed:
        out.extend(update_many(session, "dependency", changed))
    return out


def import_releases(
    service: PlanService,
    plan: ForeignPlan,
    accept: Callable[[MergePreview], Collection[str]] | None = None,
    previews: list[MergePreview] | None = None,
) -> tuple[list[MergePreview], ImportOutcome]:
    """Import each release of a file of several, all in one write transaction.

    ``accept`` picks each preview's rows (default: its defaults); with ``previews``
    (the GUI showed them) those are applied, else each is compared in the transaction.
    """
    for part in plan.parts:
        _refuse_unready(part.parsed)
    shown: list[MergePreview] = []
    changes: list[Change] = []
    counts = {ADD: 0, CHANGE: 0, REMOVE: 0}
    accepted_all: set[str] = set()
    ids: dict[str, int] = {}  # the file's task keys → plan tasks, over every release
    try:
        with gc_paused(), service.store.transaction("import") as session:
            changes.extend(_plan_setup(session, plan))
            # One snapshot for every release, as the previews have it: a release's rows
            # are its own (reloading the plan after each release cost 0.3 s at 10,000).
            snap = _within_releases(snapshot(load_plan(session))) if previews is None else None
            for index, part in enumerate(plan.parts):
                if previews is not None:
                    preview = previews[index]
                else:
                    assert snap is not None
                    preview = compare(snap, part.parsed, release_name(part, None))
                accepted = set(accept(preview) if accept is not None else preview.default_keys())
                rows = [r for r in preview.rows if r.key in accepted]
                added: dict[str, int] = {}
                changes.extend(apply_rows(session, preview, rows, added))
                if any(r.entity == "release" and r.action == ADD for r in rows):
                    # A release the file brings: its start and target go-live too.
                    changes.extend(_release_dates(session, preview.release, part))
                ids.update(preview.matched)
                tasks = {row.key for row in part.parsed.rows.get("task", [])}
                ids.update((k, v) for k, v in added.items() if k in tasks)
                for row in rows:
                    counts[row.action] += 1
                accepted_all.update(f"{index}:{key}" for key in accepted)
                shown.append(preview)
            changes.extend(_cross_links(session, plan, ids))
    except EditError as exc:
        name = Path(plan.parsed.path).name
        raise EditError(str(exc) if name in str(exc) else f"{plan.parsed.path}: {exc}") from exc
    outcome = ImportOutcome(
        plan.parsed.path,
        counts[ADD],
        counts[CHANGE],
        counts[REMOVE],
        tuple(changes),
        frozenset(accepted_all),
    )
    return shown, outcome


def _release_dates(session: Session, name: str, plan: ForeignPlan) -> list[Change]:
    from relm_desktop.domain.release import Release

    release = session.scalars(select(Release).where(Release.name == name)).first()
    values = {
        key: value
        for key, value in (("start", plan.release_start), ("target_golive", plan.release_golive))
        if value is not None
    }
    if release is None or not values:
        return []
    return [edits.update(session, "release", release.id, values)]


# -- command line ---------------------------------------------------------------------------
def cli_import(args: argparse.Namespace, out: TextIO) -> int:
    """``relm import PLAN FILE [--release NAME] [--dry-run]``; a PLAN that does not
    exist yet is created from the file (its name, start and calendar)."""
    plan = read_foreign(args.file)
    dry_run = bool(args.dry_run)
    for problem in plan.parsed.problems:
        if problem.severity is not Severity.INFO or dry_run:
            print(f"{problem.severity.value}: {problem}", file=out)
    path = Path(args.plan)
    created = False
    if not path.exists() and not dry_run and "://" not in str(path):
        if plan.parsed.errors:
            _refuse_unready(plan.parsed)
        service = PlanService.new(path, name=plan.name or None, start=plan.start, source="cli")
        service.close()
        created = True
    try:
        service = PlanService.open(path, readonly=dry_run, source="cli", lock=not dry_run)
    except BaseException:
        if created:
            path.unlink(missing_ok=True)
        raise
    release = getattr(args, "release", None)

    def show(preview: MergePreview) -> set[str]:
        for row in preview.rows:
            skipped = "" if row.default else " [skipped: not removed unless accepted]"
            print(row.describe() + skipped, file=out)
        return preview.default_keys()

    try:
        if plan.parts and not release:
            return _cli_releases(service, plan, args, show, dry_run, created, path, out)
        if dry_run:
            preview = preview_foreign(service, plan, release)
            show(preview)
            print(
                f"dry run: would add {len(preview.by_action(ADD))}, change "
                f"{len(preview.by_action(CHANGE))}, remove "
                f"{sum(1 for r in preview.by_action(REMOVE) if r.default)}; plan unchanged",
                file=out,
            )
            return 2 if plan.parsed.errors else 0
        try:
            preview, outcome = import_foreign(service, plan, release, show)
        except BaseException:
            if created:
                service.close()
                path.unlink(missing_ok=True)
            raise
    finally:
        service.close()
    skipped = len(preview.rows) - len(outcome.accepted)
    print(
        f"imported {args.file}: added {outcome.added}, changed {outcome.changed}, removed "
        f"{outcome.removed}, skipped {skipped}" + (f"; created {path}" if created else ""),
        file=out,
    )
    return 0


def _cli_releases(
    service: PlanService,
    plan: ForeignPlan,
    args: argparse.Namespace,
    show: Callable[[MergePreview], set[str]],
    dry_run: bool,
    created: bool,
    path: Path,
    out: TextIO,
) -> int:
    """``relm import`` of a file of several releases: each release its own merge."""
    names = ", ".join(p.release for p in plan.parts)
    between = sum(len(refs) for refs in plan.cross_links.values())
    links = f"; {plural(between, 'link')} between releases" if between else ""
    if dry_run:
        previews = preview_releases(service, plan)
        for preview in previews:
            show(preview)
        adds = sum(len(p.by_action(ADD)) for p in previews)
        changes = sum(len(p.by_action(CHANGE)) for p in previews)
        print(
            f"dry run: {len(previews)} releases ({names}): would add {adds}, change {changes}"
            f"{links}; plan unchanged",
            file=out,
        )
        return 0
    try:
        _previews, outcome = import_releases(service, plan, show)
    except BaseException:
        if created:
            service.close()
            path.unlink(missing_ok=True)
        raise
    print(
        f"imported {args.file} as {len(plan.parts)} releases ({names}): added {outcome.added}, "
        f"changed {outcome.changed}, removed {outcome.removed}{links}"
        + (f"; created {path}" if created else ""),
        file=out,
    )
    return 0


def cli_export(args: argparse.Namespace, out: TextIO) -> int:
    """``relm export PLAN OUT.xml|.gan|.csv|.ics [--release NAME]``."""
    suffix = Path(args.out).suffix.lower()
    service = PlanService.open(args.plan, readonly=True, source="cli")
    try:
        written = export_to(service, Path(args.out), getattr(args, "release", None))
    finally:
        service.close()
    print(f"exported {written} to {args.out}", file=out)
    del suffix
    return 0


def export_to(service: PlanService, path: Path, release: str | None = None) -> str:
    """Write the plan (or one release) in the format of ``path``'s extension;
    returns what was written ("12 tasks"). The file appears whole or not at all."""
    import os
    import tempfile

    data, result = service.schedule()
    ids = None
    if release:
        ids = {r.id for r in data.releases if r.name == release}
        if not ids:
            known = ", ".join(sorted(r.name for r in data.releases)) or "none"
            raise EditError(f"no release named {release!r} (releases: {known})")
    suffix = path.suffix.lower()
    if suffix == ".xml":
        from functools import partial

        from relm_desktop.exchange.msproject.write import write_mspdi
        from relm_desktop.services.scheduling import schedule_input

        writer: Callable[[BinaryIO, PlanData, ScheduleResult, set[int] | None], int] = partial(
            write_mspdi, calendar=schedule_input(data).calendar
        )
    elif suffix == ".gan":
        from functools import partial

        from relm_desktop.exchange.gan_write import write_gan
        from relm_desktop.services.scheduling import schedule_input

        writer = partial(write_gan, calendar=schedule_input(data).calendar)
    elif suffix == ".csv":
        from relm_desktop.exchange.csv_export import write_csv as writer
    elif suffix == ".ics":
        from relm_desktop.exchange.ical import write_ics as writer
    else:
        raise FormatError(f"{path}: cannot export {suffix}")
    try:
        fd, tmp = tempfile.mkstemp(prefix=".relm-", suffix=suffix, dir=path.parent or ".")
    except OSError as exc:
        raise FormatError(f"{path}: cannot write ({exc.strerror or exc})") from None
    try:
        with os.fdopen(fd, "wb") as stream:
            count = writer(stream, data, result, ids)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise FormatError(f"{path}: cannot write ({exc.strerror or exc})") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return plural(count, "task") if suffix != ".ics" else plural(count, "event")
