"""What one service call changed, by entity kind and id (as Anki's ``OpChanges``).

Every ``PlanService`` edit returns it (as ``Change.changes``), so the GUI can
tell its views what changed: a view that shows none of those kinds does
nothing, and an edit that touches no scheduling input needs no new schedule.
Kinds are table names (``task``, ``risk``, ``release_environment``…).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

#: (kind, ids) pairs, one per kind, ids sorted; a link table's rows have no ids.
Kinds = tuple[tuple[str, tuple[int, ...]], ...]

#: The tables the schedule, the timeline rows and the work calendar are made from
#: (``services.scheduling``, ``layout.timeline``): a change to one needs a reschedule.
SCHEDULE_KINDS = frozenset(
    {
        "plan_info",
        "calendar",
        "calendar_day",
        "release",
        "phase",
        "task",
        "dependency",
        "team",
        "environment",
        "release_environment",
        "freeze_window",
        "freeze_environment",
    }
)


def kinds(found: Mapping[str, Iterable[int]]) -> Kinds:
    """``{kind: ids}`` as the sorted, hashable pairs ``OpChanges`` holds."""
    return tuple(sorted((kind, tuple(sorted(set(ids)))) for kind, ids in found.items()))


def _merge(*parts: Kinds) -> Kinds:
    found: dict[str, set[int]] = {}
    for part in parts:
        for kind, ids in part:
            found.setdefault(kind, set()).update(ids)
    return kinds(found)


@dataclass(frozen=True, slots=True)
class OpChanges:
    """The rows one edit created, updated and deleted (cascades included).

    ``everything`` stands for a change of unknown extent (the plan was opened,
    imported into, or an edit failed half way): every view redraws.
    """

    created: Kinds = ()
    updated: Kinds = ()
    deleted: Kinds = ()
    everything: bool = False

    @classmethod
    def of(
        cls,
        *,
        created: Mapping[str, Iterable[int]] | None = None,
        updated: Mapping[str, Iterable[int]] | None = None,
        deleted: Mapping[str, Iterable[int]] | None = None,
    ) -> OpChanges:
        """Build from ``{kind: ids}`` mappings."""
        return cls(kinds(created or {}), kinds(updated or {}), kinds(deleted or {}))

    def __bool__(self) -> bool:
        return self.everything or bool(self.created or self.updated or self.deleted)

    def __or__(self, other: OpChanges) -> OpChanges:
        """Both changes, as after one then the other."""
        return OpChanges(
            _merge(self.created, other.created),
            _merge(self.updated, other.updated),
            _merge(self.deleted, other.deleted),
            self.everything or other.everything,
        )

    @property
    def kinds(self) -> frozenset[str]:
        """Every kind created, updated or deleted (empty for ``everything``: ask ``touches``)."""
        return frozenset(
            kind for part in (self.created, self.updated, self.deleted) for kind, _ in part
        )

    def touches(self, shown: Iterable[str]) -> bool:
        """Whether a view showing the kinds ``shown`` must redraw."""
        return self.everything or not self.kinds.isdisjoint(shown)

    @property
    def schedule(self) -> bool:
        """Whether a scheduling input changed (the schedule must be computed again)."""
        return self.touches(SCHEDULE_KINDS)

    def ids(self, kind: str) -> frozenset[int]:
        """Ids of ``kind`` created, updated or deleted."""
        return frozenset(
            ident
            for part in (self.created, self.updated, self.deleted)
            for name, ids in part
            if name == kind
            for ident in ids
        )


#: Nothing changed.
NOTHING = OpChanges()
#: Every table may have changed.
EVERYTHING = OpChanges(everything=True)
