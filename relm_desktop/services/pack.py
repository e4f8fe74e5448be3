"""Building a PDF release pack from an open plan (GUI and ``relm export PLAN OUT.pdf``).

The plan is read and scheduled, the audit trail since the last pack is read,
and ``relm_desktop.reports`` writes the PDF into a temporary file next to the
target, which replaces the target only when it is complete. Then a pack record
keeps its scope, preset, time, status date and what it showed, so the next pack
of the same release and preset lists the changes since this one and what moved.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import date, datetime
from pathlib import Path
from typing import TextIO

from sqlalchemy import select

from relm_desktop.domain.audit import ChangeRecord
from relm_desktop.domain.base import table_of
from relm_desktop.domain.packs import PackRecord
from relm_desktop.domain.records import PackRecordRecord, PlanInfoRecord, ReleaseRecord
from relm_desktop.domain.text import plural
from relm_desktop.reports import moves
from relm_desktop.reports.context import release_title
from relm_desktop.reports.fonts import missing_glyph_warnings, missing_glyphs
from relm_desktop.reports.options import (
    PRESETS,
    AuditEntry,
    CancelFn,
    PackCancelledError,
    PackOptions,
    ProgressFn,
    Section,
)
from relm_desktop.reports.pack import PackResult, write_pack
from relm_desktop.services.edits import EditError
from relm_desktop.services.formats import FormatError
from relm_desktop.services.plan import PlanService
from relm_desktop.store import audit
from relm_desktop.store.errors import PlanReadOnlyError

#: The change log reads at most this many audit rows (the newest).
CHANGE_ROWS = 5_000

__all__ = [
    "PRESETS",
    "PackCancelledError",
    "PackResult",
    "Section",
    "build_pack",
    "cli_export",
    "record_pack",
]


def find_release(releases: Iterable[ReleaseRecord], wanted: str | int | None) -> int | None:
    """The id of the release named ``wanted`` ('Mobile App' or 'Mobile App 3.4', any case).

    ``None`` means the whole portfolio. Raises ``EditError`` naming the known releases.
    """
    if wanted is None or wanted == "":
        return None
    releases = list(releases)
    if isinstance(wanted, int):
        if any(r.id == wanted for r in releases):
            return wanted
        raise EditError(f"release #{wanted} does not exist")
    key = " ".join(wanted.split()).casefold()
    for release in releases:
        if key in (release.name.casefold(), release_title(release).casefold()):
            return int(release.id)
    known = ", ".join(f"'{r.name}'" for r in releases) or "none"
    raise EditError(f"no release named '{wanted}' in this plan (releases: {known})")


def read_changes(service: PlanService, since: datetime | None) -> list[AuditEntry]:
    """Audit rows after ``since`` (all of them when no pack was made yet), newest first."""
    table = table_of(ChangeRecord)
    query = select(
        table.c.id,
        table.c.at,
        table.c.user,
        table.c.action,
        table.c.entity,
        table.c.entity_id,
        table.c.label,
        table.c.field,
        table.c.old,
        table.c.new,
    )
    if since is not None:
        query = query.where(table.c.at > since)
    query = query.order_by(table.c.at.desc(), table.c.id.desc()).limit(CHANGE_ROWS)
    with service.store.reading() as session:
        return [
            AuditEntry(
                row.id,
                row.at,
                row.user,
                str(getattr(row.action, "value", row.action)),
                row.entity,
                row.entity_id,
                row.label or "",
                row.field or "",
                row.old,
                row.new,
            )
            for row in session.execute(query)
        ]


def as_of(info: PlanInfoRecord | None, wanted: date | None = None) -> date:
    """The pack's status date: the one asked for, else the plan's, else today."""
    if wanted is not None:
        return wanted
    if info is not None and info.status_date is not None:
        return info.status_date
    return date.today()


def last_pack(service: PlanService, release_id: int | None, preset: str) -> PackRecordRecord | None:
    """The newest pack record of this release (None: the portfolio) and preset."""
    table = table_of(PackRecord)
    query = select(*table.c).where(table.c.preset == preset)
    query = query.where(
        table.c.release_id.is_(None) if release_id is None else table.c.release_id == release_id
    )
    query = query.order_by(table.c.built_at.desc(), table.c.id.desc()).limit(1)
    with service.store.reading() as session:
        row = session.execute(query).first()
    return PackRecordRecord(*row) if row is not None else None


def record_pack(service: PlanService, result: PackResult, when: datetime | None = None) -> None:
    """Remember the pack ``result`` in the plan (one pack record): the next pack of the
    same release and preset lists the changes since it and what moved."""
    if service.store.readonly:
        return
    service.create(
        "pack_record",
        {
            "release_id": result.release_id,
            "preset": result.preset,
            "built_at": when or datetime.now().replace(microsecond=0),
            "status_date": result.status_date or date.today(),
            "shown": result.shown,
        },
    )


#: A Gantt of more tasks than this is printed at the summary level unless asked otherwise.
SUMMARY_ABOVE = 2000


def build_pack(
    service: PlanService,
    out: Path | str,
    release: str | int | None = None,
    preset: str = "full",
    sections: Iterable[Section | str] | None = None,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
    *,
    today: date | None = None,
    status_date: date | None = None,
    record: bool = True,
    gantt_level: str = "auto",
) -> PackResult:
    """Write the release pack of ``release`` (name or id; None = portfolio) to ``out``.

    The target is replaced only by a complete PDF: a failure or a cancel
    (``PackCancelledError``) leaves whatever was there before. With ``record`` the
    plan remembers when this pack was made. The pack is "as of" ``status_date``
    (``today`` is its older name), else the plan's status date, else today.
    ``gantt_level`` is "tasks", "summary" (releases and phases only) or "auto":
    the summary above ``SUMMARY_ABOVE`` tasks, where a task-level Gantt runs to
    hundreds of pages.
    """
    if preset not in PRESETS:
        raise EditError(f"unknown preset '{preset}' (executive or full)")
    target = Path(out)
    if not target.parent.is_dir():
        raise FormatError(f"{target}: the folder {target.parent} does not exist")
    report = progress or (lambda _f, _m: None)
    report(0.0, "Reading the plan")
    data, schedule = service.schedule()
    release_id = find_release(data.releases, release)
    info = data.info
    last = last_pack(service, release_id, preset)
    # A plan from before pack records kept one time for every pack: its best guess.
    since = last.built_at if last is not None else info.last_pack_at if info else None
    changes = read_changes(service, since)
    if cancel is not None and cancel():
        raise PackCancelledError("the pack was cancelled")
    if gantt_level == "auto":
        chosen = sum(1 for t in data.tasks if release_id is None or t.release_id == release_id)
        gantt_level = "summary" if chosen > SUMMARY_ABOVE else "tasks"
    options = PackOptions(
        gantt_level=gantt_level,
        release_id=release_id,
        preset=preset,
        sections=tuple(Section(s) for s in sections) if sections is not None else None,
        today=as_of(info, status_date or today),
        author=(info.author if info is not None and info.author else audit.current_user()),
        last_pack_at=since,
        last_shown=moves.loads(last.shown) if last is not None else None,
    )
    handle, temp_name = tempfile.mkstemp(prefix=".pack-", suffix=".pdf", dir=target.parent)
    os.close(handle)
    temp = Path(temp_name)
    try:
        with missing_glyphs() as missing:
            result = write_pack(
                data,
                schedule,
                options,
                temp,
                changes=changes,
                progress=lambda f, m: report(0.05 + 0.93 * f, m),
                cancel=cancel,
            )
        result = with_warnings(result, missing_glyph_warnings(missing))
        temp.chmod(0o644)
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    if record:
        record_pack(service, result)
    report(1.0, "Done")
    return result


@dataclass(frozen=True, slots=True)
class WarnedPack(PackResult):
    """A pack with what it could not draw: one line per text that printed boxes."""

    warnings: tuple[str, ...] = ()


def with_warnings(result: PackResult, warnings: list[str]) -> PackResult:
    if not warnings:
        return result
    kept = {f.name: getattr(result, f.name) for f in fields(result)}
    return WarnedPack(**kept, warnings=tuple(warnings))


def pack_warnings(result: PackResult) -> tuple[str, ...]:
    """The warnings of a pack ``build_pack`` wrote (none for a clean one)."""
    return result.warnings if isinstance(result, WarnedPack) else ()


def cli_export(args: argparse.Namespace, out: TextIO) -> int:
    """``relm export PLAN OUT.pdf [--release NAME] [--preset executive|full]``."""
    # Writes (the pack's date) into the plan: refused while another instance holds it.
    # A plan on read-only media or a full disk still gets its pack, unrecorded.
    record = True
    try:
        service = PlanService.open(Path(args.plan), source="cli", lock=True)
    except PlanReadOnlyError as exc:
        service = PlanService.open(Path(args.plan), readonly=True, source="cli")
        record = False
        print(f"relm: {exc}; the pack is not recorded in the plan", file=sys.stderr)
    try:
        result = build_pack(
            service,
            Path(args.out),
            release=getattr(args, "release", None),
            preset=getattr(args, "preset", None) or "full",
            status_date=getattr(args, "status_date", None),
            record=record,
            gantt_level=getattr(args, "gantt", None) or "auto",
        )
    finally:
        service.close()
    for line in pack_warnings(result):
        print(f"relm: warning: {line}", file=sys.stderr)
    scope = f"release '{args.release}'" if getattr(args, "release", None) else "the portfolio"
    print(
        f"wrote {args.out}: {plural(result.pages, 'page')}, "
        f"{args.preset or 'full'} pack for {scope}",
        file=out,
    )
    return 0
