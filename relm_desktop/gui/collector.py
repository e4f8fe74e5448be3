"""Full garbage collections while the user is idle, not in the middle of a scroll.

Python's cyclic collector runs a full collection whenever enough objects
have survived the younger generations. Scrolling a 10,000-task plan fills
the label, row and route caches, so one such collection fell every few
seconds in the middle of a scroll and held the GUI thread 20-55 ms: a
visible hitch. Here automatic full collections are off; the young
generations are still collected as usual (well under 3 ms each), and the
full collection runs on a timer once the user has left the mouse and
keyboard alone for a moment. The snapshot itself is frozen by
``PlanDocument``, so an idle collection walks only what the views made; a
plan closing wants one at once (its frozen objects came back in reach).
Every setting of the collector is ``relm_desktop.gcpause``'s: this module
decides when, from the user's input, and calls it.

The young generations are swept at the end of idle work (``sweep``): a
young collection costs what the objects made or freed since the last one
cost to walk, and caches that replace old entries with new ones let that
grow unseen (freeing an old object uncounts a new one): a middle-generation
collection that fell in a zoom frame took 6-11 ms at 10,000 tasks and freed
nothing. Swept after each idle slice it costs a fraction of a millisecond,
and frames rarely meet one.

Input is watched on the top-level windows (each as it gets the focus), where
every mouse, wheel and key event arrives before Qt hands it to a widget:
a filter on the whole application would also see every paint, polish and
child event, at ~3 µs each in Python.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QGuiApplication

from relm_desktop import gcpause
from relm_desktop.gcpause import NEVER, hold, release

#: Milliseconds between checks.
CHECK_INTERVAL_MS = 500
#: Seconds without input before a full collection may run.
IDLE_SECONDS = 1.0
#: Seconds after which a due full collection runs even while the user is busy,
#: so cyclic garbage stays bounded in a session that is never idle.
LONGEST_WAIT = 60.0
#: Young-generation collections since the last full one before another is due
#: (Python's own default threshold for the oldest generation).
FULL_AFTER = 10
#: Idle sweeps of the young generations counted as one of Python's own
#: middle-generation collections towards a full one (a sweep follows one
#: idle slice's work; Python's comes after ten young collections).
SWEEPS_PER_MIDDLE = 10
#: Sweeps since the last full collection, and how many full collections
#: there had been at the latest sweep.
_swept = (0, 0)

# ``hold(owner)`` / ``release(owner)`` (gcpause's, here for the GUI): a plan
# loading or rescheduling holds full collections off, as a full collection then
# would walk the worker's half-built objects while holding the GIL (122 ms at
# 10,000 tasks), stalling the window and the worker.

#: Objects counted in the youngest generation worth a sweep without a
#: collection of it since the last sweep.
YOUNG_SWEPT = 200


def sweep() -> None:
    """Collect the young generations now, at the end of a slice of idle work,
    if anything has survived into them since the last collection."""
    global _swept
    young, middle, _ = gcpause.generation_counts()
    if (middle or young > YOUNG_SWEPT) and gcpause.collect_young():
        _swept = (sweeps_since_full() + 1, _full_collections())


def sweeps_since_full() -> int:
    sweeps, full = _swept
    return sweeps if _full_collections() == full else 0


def _full_collections() -> int:
    """Full collections so far, whoever ran them."""
    return gcpause.full_collections()


_INPUT = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TouchEnd,
    }
)


class IdleCollector(QObject):
    """Watches the user's input and runs full collections when it pauses."""

    def __init__(self, parent: QObject, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(parent)
        self._clock = clock
        now = clock()
        self.last_input = now
        self.last_full = now
        self.collections = 0
        self._saved = gcpause.defer_full_collections()
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_INTERVAL_MS)
        self._timer.timeout.connect(self.check)
        self._timer.start()
        if isinstance(parent, QGuiApplication):
            parent.focusWindowChanged.connect(self.watch)
            for window in parent.topLevelWindows():
                self.watch(window)
        else:
            self.watch(parent)

    def watch(self, source: QObject | None) -> None:
        """Count input that arrives at ``source`` (a window, or any object in tests)."""
        if source is not None:
            source.installEventFilter(self)  # a second install only moves it first

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # QObject.eventFilter
        if event.type() in _INPUT:
            self.last_input = self._clock()
        return False

    def due(self) -> bool:
        """Enough survivors have piled up since the last full collection, or a
        plan closed (what was frozen for it is back in reach, to be freed)."""
        if gcpause.full_wanted():
            return True
        middles = gcpause.generation_counts()[2]
        swept = min(sweeps_since_full(), middles)
        return middles - swept + swept / SWEEPS_PER_MIDDLE >= FULL_AFTER

    def check(self) -> bool:
        """Run a full collection if one is due, the user is idle and no background work
        holds it off (or it has waited too long)."""
        if not self.due():
            return False
        now = self._clock()
        busy = gcpause.busy() or now - self.last_input < IDLE_SECONDS
        if busy and now - self.last_full < LONGEST_WAIT:
            return False
        gcpause.collect()
        self.last_full = self._clock()
        self.collections += 1
        return True

    def uninstall(self, *watched: QObject) -> None:
        """Stop watching ``watched`` and give Python its thresholds back (tests)."""
        self._timer.stop()
        for source in watched:
            source.removeEventFilter(self)
        gcpause.restore_thresholds(self._saved)


__all__ = ["NEVER", "IdleCollector", "hold", "release", "sweep"]
