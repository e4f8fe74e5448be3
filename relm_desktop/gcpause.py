"""Pausing Python's cyclic garbage collector around bulk work (any layer may use it)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many acyclic objects.

    Reading 25,000 rows or a 10,000-row sheet, or scheduling 10,000 tasks,
    allocates enough to set off full collections that walk every live object
    (the whole plan again, in the GUI): pure overhead, as the objects made hold
    no cycles. Reference counting still frees everything.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
