"""Crash safety: SIGKILL a writer at random moments; every reported commit survives.

The child applies edits through the services in a loop and prints the number
of each edit after its transaction commits. The parent kills it at a random
moment, then checks the file and that every reported edit is there.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from relm_desktop.services.plan import PlanService

pytestmark = pytest.mark.sqlite_only("SIGKILL against a plan file's WAL; a server has its own")

KILLS = 50

# The writer uses the service layer's edit functions and transactions, but not
# PlanService itself, whose imports (scheduler, holidays) would triple each start.
WRITER = """
import sys
from pathlib import Path
from relm_desktop.services import edits
from relm_desktop.store.database import open_plan_file
store, _ = open_plan_file(Path(sys.argv[1]))
release = int(sys.argv[2])
start = int(sys.argv[3])
print("ready", flush=True)
i = start
while True:
    with store.transaction("crash-test") as session:
        if i % 3 == 0:
            edits.update(session, "release", release, {"rag_note": f"edit {i}"})
        else:
            edits.create(session, "scope_item",
                         {"release_id": release, "key": f"k{i}", "title": f"edit {i}"})
    print(i, flush=True)  # only after the commit returned
    i += 1
"""


@pytest.mark.slow
def test_every_reported_edit_survives_sigkill(tmp_path: Path) -> None:
    path = tmp_path / "crash.relm"
    service = PlanService.new(path, name="Crash")
    release = service.create("release", {"name": "R"}).ids[0]
    service.close()
    rng = random.Random(20261127)
    committed: list[int] = []
    next_edit = 0
    for _kill in range(KILLS):
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), str(release), str(next_edit)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        # Wait for the first committed edit, so every kill lands in the middle
        # of the edit stream however slow the machine is, then kill at random.
        first = int(proc.stdout.readline())
        time.sleep(rng.uniform(0.0, 0.15))
        os.kill(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate(timeout=30)
        reported = [first, *(int(line) for line in out.split())]
        committed.extend(reported)
        next_edit = (reported[-1] + 1 if reported else next_edit) + 1000  # never reuse a number

        con = sqlite3.connect(path)
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        con.close()
        check = PlanService.open(path)
        data = check.load()
        check.close()
        keys = {s.key for s in data.scope}
        missing = [i for i in committed if i % 3 and f"k{i}" not in keys]
        assert not missing, f"lost committed edits {missing[:5]}"
        notes = [i for i in committed if i % 3 == 0]
        if notes:
            note = int(data.releases[0].rag_note.split()[1])
            assert note >= notes[-1], (note, notes[-1])
    assert len(committed) >= KILLS
