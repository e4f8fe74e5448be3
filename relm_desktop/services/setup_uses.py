"""What uses a setup item (an environment, a team, a stakeholder), and freeze overlaps.

Deleting something still in use first says what uses it, in words a user
reads ("Used by 3 tasks (Deploy, …) and 2 freeze windows (…)"); the freeze
windows page marks windows that overlap one another.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from relm_desktop.domain.models import (
    FreezeWindow,
    Release,
    StakeholderRole,
    Task,
    freeze_environment,
    release_environment,
)
from relm_desktop.domain.text import plural

#: How many names a message lists before it says "…".
SHOWN_NAMES = 3

#: (id, name) of one using row.
Named = tuple[int, str]


@dataclass(frozen=True, slots=True)
class Uses:
    """The rows that refer to one setup item, each as (id, name)."""

    tasks: tuple[Named, ...] = ()
    freeze_windows: tuple[Named, ...] = ()
    releases: tuple[Named, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.tasks or self.freeze_windows or self.releases)

    def describe(self) -> str:
        """ "Used by 3 tasks (A, B, C…) and 1 freeze window (Xmas)", or "" when unused."""
        parts = [
            f"{plural(len(found), word)} ({_names(found)})"
            for found, word in (
                (self.tasks, "task"),
                (self.freeze_windows, "freeze window"),
                (self.releases, "release"),
            )
            if found
        ]
        if not parts:
            return ""
        listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
        return f"Used by {listed}"


def _names(found: Sequence[Named]) -> str:
    names = ", ".join(name for _, name in found[:SHOWN_NAMES])
    return names + ("…" if len(found) > SHOWN_NAMES else "")


def uses(session: Session, entity: str, ident: int) -> Uses:
    """Tasks, freeze windows and releases using an environment, team or stakeholder."""
    if entity == "environment":
        return Uses(
            tasks=_pairs(session, select(Task.id, Task.name).where(Task.environment_id == ident)),
            freeze_windows=_pairs(
                session,
                select(FreezeWindow.id, FreezeWindow.name)
                .join(freeze_environment, freeze_environment.c.freeze_id == FreezeWindow.id)
                .where(freeze_environment.c.environment_id == ident),
            ),
            releases=_pairs(
                session,
                select(Release.id, Release.name)
                .join(release_environment, release_environment.c.release_id == Release.id)
                .where(release_environment.c.environment_id == ident),
            ),
        )
    if entity == "team":
        return Uses(tasks=_pairs(session, select(Task.id, Task.name).where(Task.team_id == ident)))
    if entity == "stakeholder":
        return Uses(
            releases=_pairs(
                session,
                select(Release.id, Release.name)
                .join(StakeholderRole, StakeholderRole.release_id == Release.id)
                .where(StakeholderRole.stakeholder_id == ident)
                .distinct(),
            )
        )
    return Uses()


def _pairs(session: Session, query: object) -> tuple[Named, ...]:
    rows = session.execute(query).all()  # type: ignore[call-overload]  # any select of (id, name)
    return tuple(sorted(((int(i), str(n)) for i, n in rows), key=lambda pair: pair[0]))


@dataclass(frozen=True, slots=True)
class WindowSpan:
    """A freeze window as the overlap check sees it; no environments means every one."""

    key: int
    name: str
    start: date
    finish: date
    environment_ids: frozenset[int] = frozenset()


def overlaps(windows: Iterable[WindowSpan]) -> dict[int, list[str]]:
    """For each window sharing a day and an environment with others, their names.

    Windows that cover different environments may overlap in time: they do
    not block the same deployments, so they are not reported.
    """
    spans = sorted(windows, key=lambda w: (w.start, w.finish, w.key))
    found: dict[int, list[str]] = {}
    for index, first in enumerate(spans):
        for second in spans[index + 1 :]:
            if second.start > first.finish:
                break
            if not _share_environment(first, second):
                continue
            found.setdefault(first.key, []).append(second.name)
            found.setdefault(second.key, []).append(first.name)
    return found


def _share_environment(a: WindowSpan, b: WindowSpan) -> bool:
    if not a.environment_ids or not b.environment_ids:
        return True
    return not a.environment_ids.isdisjoint(b.environment_ids)
