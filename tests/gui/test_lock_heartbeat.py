"""A window refreshes its plan lock's record, so other hosts never see it go stale."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from relm_desktop.gui.document import PlanDocument
from relm_desktop.services.plan import PlanService
from relm_desktop.store.lock import HEARTBEAT, STALE_AFTER, lock_path


def test_an_open_document_beats_the_lock(qapp: Any, tmp_path: Path) -> None:
    plan = tmp_path / "beat.relm"
    PlanService.new(plan).close()
    document = PlanDocument(PlanService.open(plan, lock=True))
    try:
        timer = document._heartbeat
        assert timer.isActive() and timer.interval() == int(HEARTBEAT * 1000)
        assert HEARTBEAT * 3 <= STALE_AFTER  # a missed beat or two is no takeover
        old = time.time() - STALE_AFTER - 5
        os.utime(lock_path(plan), (old, old))
        timer.timeout.emit()
        assert time.time() - lock_path(plan).stat().st_mtime < 5
    finally:
        document.close()
    assert not document._heartbeat.isActive()
    assert not lock_path(plan).exists()


def test_a_read_only_document_has_no_heartbeat(qapp: Any, tmp_path: Path) -> None:
    plan = tmp_path / "ro.relm"
    PlanService.new(plan).close()
    document = PlanDocument(PlanService.open(plan, readonly=True))
    try:
        assert not document._heartbeat.isActive()
    finally:
        document.close()
