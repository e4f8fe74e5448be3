"""A reschedule's objects are frozen before the collector comes back on.

Without it, the end of each step let a young collection walk the ~10^5
acyclic objects the step had made (3-13 ms twice an edit at 10,000 tasks).
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

from relm_desktop import gcpause
from relm_desktop.gui.worker import ScheduleJob
from relm_desktop.services.plan import PlanService


class Owner:
    """Stands for the document on whose behalf the snapshot is frozen."""


def test_a_reschedule_leaves_nothing_for_a_young_collection(app: Any, demo_path: Path) -> None:
    service = PlanService.open(demo_path)
    owner = Owner()
    gcpause.collect()  # what earlier tests left (a closed plan wants a full collection first)
    gcpause.freeze(owner)
    collections: list[int] = []

    def note(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collections.append(info["generation"])

    done: list[object] = []
    job = ScheduleJob(service, 1, freeze_for=owner)
    job.signals.done.connect(lambda _generation, snapshot: done.append(snapshot))
    gc.callbacks.append(note)
    try:
        job.run()
        # A few allocations after the job, as the GUI thread makes when it takes
        # the snapshot: a young collection would start on the first of them.
        kept = [[index] for index in range(50)]
    finally:
        gc.callbacks.remove(note)
        gcpause.thaw(owner)
        service.close()
    assert len(done) == 1 and len(kept) == 50
    assert collections == []
    assert gc.get_count()[0] < gc.get_threshold()[0]
