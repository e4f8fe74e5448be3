"""The one owner of the interpreter's garbage-collector settings (Qt-free: any layer may use it).

Python's cyclic collector is process-wide, and the application changes it
for speed in four ways. Every change goes through this module, so they know
of each other:

``gc_paused()``
    The collector is off while bulk work builds many acyclic objects (reading
    a plan, scheduling, importing a workbook). Counted across threads: it
    comes back on when the last such piece of work ends, not the first.
``hold(owner)`` / ``release(owner)``
    Background work of ``owner`` is running (a plan loading or rescheduling):
    a full collection now would walk its half-built objects while holding the
    GIL (122 ms at 10,000 tasks). ``busy()`` says whether any holder or any
    ``gc_paused`` block is running; the GUI's idle collector waits for it.
``defer_full_collections()`` / ``restore_thresholds(saved)``
    Automatic full collections off (the oldest threshold is never reached);
    the young generations are still collected as usual. Full collections are
    then run on purpose: ``collect()`` (and ``collect_young()`` between).
``freeze(owner)`` / ``thaw(owner)``
    Everything alive now moves out of the collector's reach
    (``gc.freeze``) on behalf of ``owner``, a document whose snapshot the
    views hold: a full collection then walks only what the views made, not
    the snapshot's ~10^5 objects (40-50 ms pauses at 10,000 tasks). Frozen
    objects are still freed by reference counting, but cyclic garbage among
    them never is: ``thaw`` when the owner closes puts them back in reach
    (a closed 5,000-task plan left ~74,000 objects and 20 MB otherwise), and
    the next ``collect()`` frees them. What is alive for owners still open
    (or opened meanwhile) is frozen again after that collection.

Reading the collector's state (``generation_counts``, ``full_collections``,
``freeze_count``) goes through here too, so nothing else imports ``gc``
for these settings.
"""

from __future__ import annotations

import gc
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager

#: A threshold Python's counter never reaches: no automatic full collections.
NEVER = 2**30

_lock = threading.Lock()
#: ``gc_paused`` blocks running now (any thread), and whether the collector
#: was on when the first of them began.
_paused = 0
_was_enabled = True

#: Objects whose background work is running (see ``hold``).
_HOLDERS: weakref.WeakSet[object] = weakref.WeakSet()
#: Objects on whose behalf what was alive has been frozen (see ``freeze``).
_FROZEN_FOR: weakref.WeakSet[object] = weakref.WeakSet()
#: Full collections there had been when a holder of a freeze went (``thaw``):
#: until another one runs, one is wanted.
_thawed_at: int | None = None


# -- pausing ------------------------------------------------------------------------
@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many acyclic objects.

    Reading 25,000 rows or a 10,000-row sheet, or scheduling 10,000 tasks,
    allocates enough to set off full collections that walk every live object
    (the whole plan again, in the GUI): pure overhead, as the objects made hold
    no cycles. Reference counting still frees everything. Blocks on several
    threads overlap: the collector comes back on when the last one ends.
    """
    global _paused, _was_enabled
    with _lock:
        if _paused == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _paused += 1
    try:
        yield
    finally:
        with _lock:
            _paused -= 1
            if _paused == 0 and _was_enabled:
                gc.enable()


def paused() -> bool:
    """Whether a ``gc_paused`` block is running (on any thread)."""
    return _paused > 0


# -- background work ----------------------------------------------------------------
def hold(owner: object) -> None:
    """Postpone full collections while ``owner``'s background work runs."""
    _HOLDERS.add(owner)


def release(owner: object) -> None:
    """``owner``'s background work is over (or it is gone)."""
    _HOLDERS.discard(owner)


def holding(owner: object) -> bool:
    """Whether ``owner`` holds full collections off (tests)."""
    return owner in _HOLDERS


def busy() -> bool:
    """Background work runs: a full collection now would walk its half-built objects."""
    return bool(_HOLDERS) or paused()


# -- thresholds ---------------------------------------------------------------------
def defer_full_collections() -> tuple[int, int, int]:
    """Turn automatic full collections off; returns the thresholds to restore."""
    saved = gc.get_threshold()
    young, middle, _ = saved
    gc.set_threshold(young, middle, NEVER)
    return saved


def restore_thresholds(saved: tuple[int, int, int]) -> None:
    """Give Python the thresholds ``defer_full_collections`` returned."""
    gc.set_threshold(*saved)


# -- freezing -----------------------------------------------------------------------
def freeze(owner: object) -> None:
    """Move everything alive now out of the collector's reach, for ``owner``.

    After a ``thaw`` that waits until the full collection wanted has run
    (``collect`` freezes then): frozen now, a closed plan's cyclic garbage
    would be out of reach again.
    """
    _FROZEN_FOR.add(owner)
    if not full_wanted():
        gc.freeze()


def thaw(owner: object) -> None:
    """``owner`` has closed: what was frozen comes back in reach, and a full
    collection is wanted (``full_wanted``; ``collect`` runs it)."""
    global _thawed_at
    _FROZEN_FOR.discard(owner)
    gc.unfreeze()
    _thawed_at = full_collections()


def freeze_count() -> int:
    """Objects out of the collector's reach now."""
    return gc.get_freeze_count()


# -- collecting ---------------------------------------------------------------------
def full_wanted() -> bool:
    """A document closed since the last full collection: its garbage awaits one."""
    return _thawed_at is not None and full_collections() == _thawed_at


def collect() -> int:
    """A full collection now; returns the objects found unreachable.

    What was frozen for owners now gone is collected too; what is alive for
    owners still open is frozen again afterwards.
    """
    global _thawed_at
    thawed = full_wanted()
    if gc.get_freeze_count() and not _FROZEN_FOR:
        gc.unfreeze()  # its owners went without a ``thaw``
        thawed = True
    found = gc.collect()
    _thawed_at = None
    if thawed and _FROZEN_FOR:
        gc.freeze()
    return found


def collect_young() -> bool:
    """Collect the two young generations now, if the collector is on (whether it was)."""
    if not gc.isenabled():
        return False
    gc.collect(1)
    return True


def generation_counts() -> tuple[int, int, int]:
    """Python's counters of the three generations (``gc.get_count``)."""
    young, middle, old = gc.get_count()
    return young, middle, old


def full_collections() -> int:
    """Full collections so far, whoever ran them."""
    return int(gc.get_stats()[2]["collections"])


__all__ = [
    "NEVER",
    "busy",
    "collect",
    "collect_young",
    "defer_full_collections",
    "freeze",
    "freeze_count",
    "full_collections",
    "full_wanted",
    "gc_paused",
    "generation_counts",
    "hold",
    "holding",
    "paused",
    "release",
    "restore_thresholds",
    "thaw",
]
