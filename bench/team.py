"""Load on a team server: N processes edit one big server plan at once.

    .venv/bin/python bench/team.py [PROCESSES [SECONDS [TASKS]]]   (default 20 60 10000)

A throwaway PostgreSQL cluster on a unix socket (loopback only) holds a
synthetic plan; each process opens it as a window does (PlanService, row
versions, a LISTEN connection), then edits random tasks' notes for SECONDS,
polling for the others' change notices between edits. Printed: commits, stale
writes refused, commit p50/p95, notice latency p95/max (how soon the others
saw an edit), and the checks: every committed edit is in the audit trail and
each task ends with its last committed value (no lost update).
"""

from __future__ import annotations

import multiprocessing
import random
import select
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from relm_desktop.scheduling.synthetic import random_plan
from relm_desktop.services.bulk import write_schedule_input
from relm_desktop.services.plan import PlanService
from relm_desktop.services.sync import copy_location
from relm_desktop.store.server import ChangeListener
from relm_desktop.store.versions import StaleEditError
from tests.server.cluster import running_cluster

POLL = 0.2  # think time between one process's edits (a window polls every 0.5 s)


def worker(
    number: int, url: str, task_ids: list[int], start: float, seconds: float
) -> dict[str, Any]:
    service = PlanService.open(url, source="bench")
    service.load()
    assert service.store.tag is not None and service.store.versions is not None
    listener = ChangeListener(url, service.store.tag)
    rng = random.Random(number)
    commits: list[tuple[int, str, float, float]] = []  # task, value, end time, duration
    notices: list[tuple[str, float]] = []
    refused = 0
    while time.time() < start:
        time.sleep(0.01)
    end = start + seconds
    count = 0
    while time.time() < end:
        task = rng.choice(task_ids)
        value = f"w{number}-{count}"
        began = time.time()
        try:
            service.update("task", task, {"notes": value})
        except StaleEditError:
            refused += 1
            with service.store.engine.connect() as con:
                service.store.versions.read(con)  # reload what changed, then go on
            continue
        done = time.time()
        commits.append((task, value, done, done - began))
        count += 1
        pause = done + POLL
        while (left := pause - time.time()) > 0:
            # Wake when the server sends a notice (no busy polling to load the machine).
            if select.select([listener.fileno()], [], [], left)[0]:
                notices.extend((tag, time.time()) for tag in listener.poll())
    # Late notices still count: poll a little after the end.
    settle = time.time() + 2.5
    while (left := settle - time.time()) > 0:
        if select.select([listener.fileno()], [], [], left)[0]:
            notices.extend((tag, time.time()) for tag in listener.poll())
    listener.close()
    service.close()
    return {"tag": service.store.tag, "commits": commits, "notices": notices, "refused": refused}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def main(processes: int, seconds: float, tasks: int) -> None:
    with running_cluster() as cluster, tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.relm"
        write_schedule_input(path, random_plan(tasks, seed=7, links_per_task=1.5)).close()
        url = cluster.url(cluster.new_database())
        copy_location(path, url)
        service = PlanService.open(url)
        task_ids = [t.id for t in service.load().tasks]
        service.close()
        print(
            f"{processes} processes edit a {len(task_ids):,}-task server plan for {seconds:.0f} s"
        )
        start = time.time() + 10.0  # every process opened and loaded before the clock starts
        context = multiprocessing.get_context("spawn")
        with context.Pool(processes) as pool:
            results = pool.starmap(
                worker, [(n, url, task_ids, start, seconds) for n in range(processes)]
            )
        check = PlanService.open(url)
        data = check.load()
        final = {t.id: t.notes for t in data.tasks}
        from sqlalchemy import select

        from relm_desktop.domain.audit import ChangeRecord

        with check.store.reading() as session:
            audited = set(
                session.execute(
                    select(ChangeRecord.entity_id, ChangeRecord.new).where(
                        ChangeRecord.field == "notes", ChangeRecord.source == "bench"
                    )
                ).all()
            )
        check.close()
    commits = [c for r in results for c in r["commits"]]
    durations = [c[3] * 1000 for c in commits]
    last: dict[int, tuple[float, str]] = {}
    for task, value, done, _ in commits:
        if task not in last or done > last[task][0]:
            last[task] = (done, value)
    lost = [t for t, (_, value) in last.items() if final[t] != value]
    missing = [c for c in commits if (c[0], c[1]) not in audited]
    # The k-th notice from a sender is its k-th commit: latency = seen - committed.
    latencies: list[float] = []
    unseen = 0
    by_tag = {r["tag"]: r["commits"] for r in results}
    for receiver in results:
        seen: dict[str, list[float]] = {}
        for tag, at in receiver["notices"]:
            seen.setdefault(tag, []).append(at)
        for tag, sent in by_tag.items():
            if tag == receiver["tag"]:
                continue
            times = seen.get(tag, [])
            unseen += max(0, len(sent) - len(times))
            latencies.extend(max(0.0, at - c[2]) * 1000 for c, at in zip(sent, times, strict=False))
    refused = sum(r["refused"] for r in results)
    print(
        f"commits: {len(commits):,} ({len(commits) / seconds:.0f}/s); "
        f"stale writes refused: {refused}"
    )
    print(
        f"commit ms: p50 {statistics.median(durations):.1f}, "
        f"p95 {percentile(durations, 0.95):.1f}, "
        f"max {max(durations):.1f}  (target p95 < 200)"
    )
    print(
        f"seen by the others ms: p95 {percentile(latencies, 0.95):.0f}, "
        f"max {max(latencies):.0f}; notices missed: {unseen}  (target < 2000)"
    )
    print(
        f"lost updates: {len(lost)}; committed edits missing from the audit trail: {len(missing)}"
    )


if __name__ == "__main__":
    arguments = [a for a in sys.argv[1:] if not a.startswith("-")]
    main(
        int(arguments[0]) if arguments else 20,
        float(arguments[1]) if len(arguments) > 1 else 60.0,
        int(arguments[2]) if len(arguments) > 2 else 10_000,
    )
