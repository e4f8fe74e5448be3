"""Finished pixels of a widget's rows, a strip of rows at a time, painted on idle ticks.

A scroll step brings a strip of new rows into view, and painting them costs
2-5 ms of the frame in the chart at 10,000 tasks (bars, labels, the arrow
lines under them; more where arrows are dense) and 1-2 ms in the task table.
After each frame the strips a page around the viewport are painted into
pixmaps on idle ticks, the way the user last scrolled first; a frame then
copies what it finds and paints only the rest.

Everything a strip's pixels depend on but its rows is the cache's state, as
its owner tells it (``StripState``): for the chart, the view (zoom level and
horizontal position) and the content (rows, schedule, selection, palette,
fonts, toggles); for the table, rows, columns, selection, folds, palette,
font and width. Each owner's state is made by ``state_of`` from the one
value its painter paints from (``PaintInputs`` in painter.py for the chart,
``TableInputs`` in table_paint.py for the table): each field says how it is
compared (``keyed``), so an input added there is in the key too.
When the content changes every strip is forgotten; when only the view does,
the strips covering the viewport are kept for a few views, so zooming back
copies them. Strips are only used at whole device-pixel ratios (at 1.25 a
strip's edge would fall between device pixels) and, in the chart, while no
gesture is previewed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import Field, fields
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtCore import QObject, QPointF, QRect, QTimer
from PySide6.QtGui import QPainter, QPixmap

from relm_desktop.gui import collector
from relm_desktop.gui.timeline.prefetch import deferred
from relm_desktop.layout.geometry import ROW_HEIGHT

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

#: Rows per strip.
STRIP_ROWS = 8
STRIP_PX = STRIP_ROWS * ROW_HEIGHT
#: Seconds of strip painting per idle tick.
STRIP_SLICE = 0.006
#: Bytes of strip pixmaps painted ahead, both sides together, at most (a strip
#: of a 1600 px wide chart: 1.2 MB, 4.9 MB at 2x; at least one each side).
STRIP_BYTES = 40 * 2**20

#: Views (zoom level and horizontal position) whose visible strips are kept,
#: and the bytes they may hold together (at 2x, one 1600 px view takes ~25 MB).
RECENT_VIEWS = 3
RECENT_BYTES = 40 * 2**20

#: Paints strip ``index`` into a pixmap, or returns None when its arrows are
#: not routed yet after working on them until the deadline (seconds; None:
#: route nothing).
Render = Callable[[int, float | None], QPixmap | None]


class StripState(NamedTuple):
    """What a widget's strips show, as its owner tells it."""

    #: Objects the pixels depend on, compared by identity (kept alive meanwhile).
    refs: tuple[object, ...]
    #: Values the pixels depend on (sizes, fonts' keys, toggles), compared by value.
    values: tuple[object, ...]
    #: Which view of them: a change keeps the old view's visible strips a while.
    view: tuple[object, ...]
    #: Whether strips may be used now (whole pixel ratio, no gesture...).
    usable: bool


#: How a field of a paint-inputs dataclass enters a ``StripState`` (``keyed``).
REF, VALUE, VIEW = "ref", "value", "view"


def keyed(kind: str, key: Callable[[Any], object] | None = None) -> dict[str, Any]:
    """Metadata of a dataclass field the strips' pixels depend on
    (``field(metadata=keyed(...))``): compared by identity (``REF``, kept
    alive meanwhile), by value (``VALUE``) or as part of the view (``VIEW``);
    ``key`` turns the value into what is compared."""
    assert kind in (REF, VALUE, VIEW)
    return {"strip": kind, "key": key}


@cache
def _keyed_fields(cls: type) -> tuple[tuple[str, str, Callable[[Any], object] | None], ...]:
    """(name, kind, key) of every field of ``cls``; each must be ``keyed``."""
    return tuple((f.name, _kind(f), f.metadata.get("key")) for f in fields(cls))


def _kind(f: Field[Any]) -> str:
    kind = f.metadata.get("strip")
    if kind not in (REF, VALUE, VIEW):
        raise TypeError(f"paint input {f.name!r} does not say how strips compare it (keyed)")
    return str(kind)


def state_of(inputs: DataclassInstance, usable: bool) -> StripState:
    """The strip state of a dataclass of paint inputs: every field, as it is ``keyed``."""
    parts: dict[str, list[object]] = {REF: [], VALUE: [], VIEW: []}
    cls: type = type(inputs)
    for name, kind, key in _keyed_fields(cls):
        value = getattr(inputs, name)
        parts[kind].append(key(value) if key is not None else value)
    return StripState(tuple(parts[REF]), tuple(parts[VALUE]), tuple(parts[VIEW]), usable)


class StripCache(QObject):
    """Pixmaps of a widget's row strips for one state, and the idle ticks that paint them."""

    def __init__(
        self,
        parent: QObject,
        render: Render,
        state: Callable[[], StripState],
        top: int = 0,
        routing: Callable[[], bool] = lambda: False,
    ) -> None:
        """``state()`` says what the strips would show now; strip 0 starts ``top``
        pixels down the viewport; ``routing()`` says whether arrows near the
        viewport are still being routed (strips wait for them)."""
        super().__init__(parent)
        self._render = render
        self._state = state
        self._top = top
        self._routing = routing
        self._strips: dict[int, QPixmap] = {}
        #: What the strips show: rows, schedule, palette... and which view of them
        #: (the scale's origin and pixels per day, the horizontal position).
        self._content: tuple[object, ...] = ()
        self._view: tuple[object, ...] = ()
        #: Strips of the viewport at views seen lately, by view, oldest first.
        self._recent: dict[tuple[object, ...], dict[int, QPixmap]] = {}
        #: Strips covering the viewport at the last frame, and whether the
        #: latest vertical scroll went down.
        self._shown = range(0)
        self._down = True
        #: The objects whose identities are in ``_content``, kept so no id is reused.
        self._refs: tuple[object, ...] = ()
        #: Bumped by ``forget``: something the state does not show changed.
        self._generation = 0
        self._usable = False
        self._wanted: list[int] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._tick)

    def forget(self) -> None:
        """Drop every strip (colours, calendar or freezes changed)."""
        self._generation += 1
        self.sync()

    def usable(self) -> bool:
        """Whether frames may copy strips now (after forgetting stale ones)."""
        self.sync()
        return self._usable

    def sync(self) -> None:
        """Forget the strips if what they show changed since they were painted;
        a view seen lately at the same rows and schedule gets its strips back."""
        refs, values, view, self._usable = self._state()
        content = (*map(id, refs), *values, self._generation)
        if content == self._content and view == self._view:
            return
        if content != self._content:
            self._recent.clear()
        elif self._strips:
            # Zoomed or scrolled sideways: keep what covers the viewport, for
            # zooming back (the zoom round trip lands on the same position).
            shown = {i: self._strips[i] for i in self._shown if i in self._strips}
            self._recent[self._view] = shown
            while len(self._recent) > RECENT_VIEWS or (
                len(self._recent) > 1
                and sum(map(pixmap_bytes, (p for v in self._recent.values() for p in v.values())))
                > RECENT_BYTES
            ):
                del self._recent[next(iter(self._recent))]
        self._strips = self._recent.pop(view, {})
        self._wanted = []
        self._content, self._view, self._refs = content, view, refs

    def paint(self, p: QPainter, body: QRect, y0: int) -> QRect:
        """Copy the strips covering ``body`` (viewport pixels, rows scrolled by ``y0``);
        returns the part of ``body`` no strip covered, for the caller to paint."""
        first = (y0 + body.top() - self._top) // STRIP_PX
        last = (y0 + body.bottom() - self._top) // STRIP_PX
        top = bottom = None
        p.save()
        p.setClipRect(body)
        for index in range(first, last + 1):
            y = index * STRIP_PX - y0 + self._top
            pixmap = self._strips.get(index)
            if pixmap is not None:
                p.drawPixmap(QPointF(0, y), pixmap)
            else:
                top = y if top is None else top
                bottom = y + STRIP_PX
        p.restore()
        if top is None or bottom is None:
            return QRect()
        return body.intersected(QRect(body.left(), top, body.width(), bottom - top))

    def queue(self, rows: range, count: int, page: int) -> None:
        """After a frame showed ``rows``: want a ``page`` of rows' worth of strips on
        each side, nearest first, then theirs; strips further away are dropped."""
        if not rows or count <= 0:
            self._wanted = []
            return
        first, last = rows.start // STRIP_ROWS, (rows.stop - 1) // STRIP_ROWS
        ahead = -(-page // STRIP_ROWS)
        if self._strips:
            strip_bytes = max(pixmap_bytes(next(iter(self._strips.values()))), 1)
            ahead = min(ahead, max(STRIP_BYTES // strip_bytes // 2, 1))
        stop = (count - 1) // STRIP_ROWS
        # The way the user scrolls last first, all of it: half-page wheel steps
        # need more than two strips a step.
        if first != self._shown.start:
            self._down = first > self._shown.start
        below = [last + step for step in range(1, ahead + 1) if last + step <= stop]
        above = [first - step for step in range(1, ahead + 1) if first - step >= 0]
        near = below + above if self._down else above + below
        keep = range(first - ahead, last + ahead + 1)
        for index in [i for i in self._strips if i not in keep]:
            del self._strips[index]
        # The strips next to the view first: a scroll moves the visible pixels
        # and paints only what comes in.
        self._shown = range(first, last + 1)
        self._wanted = [i for i in (*near, *self._shown) if i not in self._strips]
        if self._wanted and not self._timer.isActive():
            self._timer.start()

    def pending(self) -> list[int]:
        """Strips still to paint, nearest first (tests)."""
        return list(self._wanted)

    def cached(self) -> list[int]:
        """Strips painted (tests)."""
        return sorted(self._strips)

    def recent_views(self) -> int:
        """Views left whose strips are kept (tests)."""
        return len(self._recent)

    def _tick(self) -> None:
        if deferred(self._timer):
            return
        if not self.usable():
            self._wanted = []
            return
        # While arrows are being routed (the visible ones first), paint only
        # the strips whose arrows are ready; then route the rest here.
        deadline = time.perf_counter() + STRIP_SLICE
        route: float | None = None if self._routing() else deadline
        for index in list(self._wanted):
            if time.perf_counter() > deadline:
                break
            pixmap = self._render(index, route)
            if pixmap is None:
                if route is not None:
                    break  # its arrows take more than this tick: go on next tick
                continue
            self._strips[index] = pixmap
            self._wanted.remove(index)
        collector.sweep()
        if self._wanted:
            self._timer.start()


def pixmap_bytes(pixmap: QPixmap) -> int:
    return pixmap.width() * pixmap.height() * pixmap.depth() // 8
