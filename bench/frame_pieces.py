"""Where a frame's time goes: inclusive GUI-thread CPU time of named pieces, per frame.

``bench/gantt.py N --pieces`` wraps the painting code listed in ``PIECES``
and prints the breakdown of the slowest frames, so a single slow frame can
be told from a slow machine: its pieces show what it did that the median
frame did not. Garbage collections inside a frame are listed too. The
wrappers cost ~1 µs a call; figures taken with them are not the bench's.
"""

from __future__ import annotations

import cProfile
import gc
import pstats
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from relm_desktop.gui.timeline import backdrop, links, painter, table, table_paint

#: (owner, attribute, label): methods and module functions timed per frame.
PIECES: tuple[tuple[Any, str, str], ...] = (
    (table.TaskTable, "paintEvent", "table"),
    (table_paint.TablePainter, "_row_entry", "table row laid out"),
    (painter.ChartPainter, "paint", "chart"),
    (backdrop.Backdrop, "tile", "background tile"),
    (backdrop.Backdrop, "header", "header"),
    (painter.ChartPainter, "_paint_selection", "selection"),
    (painter.ChartPainter, "_paint_rows", "rows"),
    (painter.ChartPainter, "_paint_labels", "labels"),
    (painter.ChartPainter, "_label", "label lookup"),
    (backdrop.Backdrop, "paint_freeze_labels", "freeze labels"),
    (links.LinkLayer, "ready", "arrow blocks ready"),
    (links.LinkLayer, "_advance", "arrow block steps"),
    (painter, "paint_lines", "arrow lines"),
    (painter, "paint_heads", "arrow heads"),
)


@dataclass
class Frame:
    wall: float
    cpu: float
    pieces: dict[str, float]
    calls: dict[str, int]
    note: str
    #: Collections in the frame: (generation, seconds, objects collected).
    collections: list[tuple[int, float, int]] = field(default_factory=list)


class Pieces:
    """Installs the wrappers; ``frame()`` closes the current frame's record."""

    def __init__(self, profile: bool = False) -> None:
        #: ``--profile``: cProfile of every recorded frame, per kind (Qt's calls
        #: show as the builtin methods Python made them through).
        self.profiles: dict[str, cProfile.Profile] = {}
        self._profiling = profile
        self._active: cProfile.Profile | None = None
        self.frames: dict[str, list[Frame]] = defaultdict(list)
        self._times: dict[str, float] = defaultdict(float)
        self._calls: dict[str, int] = defaultdict(int)
        self._collections: list[tuple[int, float, int]] = []
        #: Every collection of the older generations while recording, in or out of frames.
        self.all_collections: list[tuple[int, float, int]] = []
        self._gc_start = 0.0
        for owner, name, label in PIECES:
            setattr(owner, name, self._wrap(getattr(owner, name), label))
        gc.callbacks.append(self._gc)

    def _wrap(self, function: Callable[..., Any], label: str) -> Callable[..., Any]:
        times, calls = self._times, self._calls

        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.thread_time()
            try:
                return function(*args, **kwargs)
            finally:
                times[label] += time.thread_time() - start
                calls[label] += 1

        return timed

    def _gc(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._gc_start = time.thread_time()
        else:
            record = (info["generation"], time.thread_time() - self._gc_start, info["collected"])
            self._collections.append(record)
            if record[0] > 0:
                self.all_collections.append(record)

    def profile_on(self, kind: str) -> None:
        if self._profiling:
            self._active = self.profiles.setdefault(kind, cProfile.Profile())
            self._active.enable()

    def profile_off(self) -> None:
        if self._active is not None:
            self._active.disable()
            self._active = None

    def reset(self) -> None:
        """Forget what ran since the last frame (idle ticks between frames)."""
        self._times.clear()
        self._calls.clear()
        self._collections.clear()

    def frame(self, kind: str, wall: float, cpu: float, note: str = "") -> None:
        self.frames[kind].append(
            Frame(wall, cpu, dict(self._times), dict(self._calls), note, list(self._collections))
        )
        self.reset()

    def report_collections(self) -> None:
        older = self.all_collections
        if not older:
            return
        longest = sorted(older, key=lambda c: c[1], reverse=True)[:5]
        print(
            f"\ncollections of generation 1-2, in frames or not: {len(older)}; longest: "
            + ", ".join(f"gen {g} {s * 1000:.2f} ms ({n} freed)" for g, s, n in longest)
        )

    def report(self, kind: str, worst: int = 6) -> None:
        frames = self.frames[kind]
        if not frames:
            return
        if kind in self.profiles:
            print(f"\nwindow frames, {kind}: cProfile, {len(frames)} frames")
            pstats.Stats(self.profiles[kind]).sort_stats("tottime").print_stats(25)
            return
        if len(frames) <= 30:
            print(f"\nwindow frames, {kind}, in order (wall ms; pieces over 0.5 ms)")
            for frame in frames:
                big = ", ".join(
                    f"{label} {seconds * 1000:.1f}"
                    for label, seconds in frame.pieces.items()
                    if seconds > 0.0005 and label not in ("chart", "table")
                )
                print(f"  {frame.wall * 1000:6.2f}  {frame.note:24s} {big}")
        typical = sorted(frames, key=lambda f: f.wall)[len(frames) // 2]
        print(f"\nwindow frames, {kind}: the median and the {worst} slowest (GUI-thread CPU, ms)")
        slowest = sorted(frames, key=lambda f: f.wall, reverse=True)[:worst]
        for name, frame in [("median", typical)] + [
            (f"#{i + 1}", f) for i, f in enumerate(slowest)
        ]:
            print(
                f"  {name:7s} wall {frame.wall * 1000:6.2f}  cpu {frame.cpu * 1000:6.2f}"
                f"  {frame.note}"
            )
            for label in [label for _, _, label in PIECES]:
                if label in frame.pieces:
                    print(
                        f"      {label:22s} {frame.pieces[label] * 1000:6.2f}"
                        f"  ({frame.calls[label]} calls)"
                    )
            for generation, seconds, collected in frame.collections:
                print(
                    f"      gc generation {generation}        {seconds * 1000:6.2f}"
                    f"  ({collected} objects freed)"
                )
