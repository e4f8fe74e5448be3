"""Load on a team server: N processes edit one big server plan at once.

    .venv/bin/python bench/team.py [--procs 20] [--seconds 60] [--tasks 10000] [--think 1.0]

A throwaway PostgreSQL cluster on a unix socket (loopback only) holds a
synthetic plan. Each process is a headless window: it opens the plan as the
app does (PlanService, row versions, a LISTEN connection), holds the plan it
loaded, and every ``REFRESH_EVERY`` (the window's timer) takes the server's
notices and reads again what they name (``services.live.refresh``), as the
app's window does. Between those it edits a random task's notes every
``--think`` seconds on average (default 1 s: twenty people each making an edit
a second, far above a coordinator's pace; ``--think 0.2`` is a stress run); a
stale write is refused and the process reads the whole plan again, as the
window does. Once every process has stopped editing, they refresh 3 s more.

Measured: commit latency (the service call, start to commit return); seen
latency (a commit to the moment another process holds that value, or a later
one, in its plan after its refresh; every other process, every commit); CPU
per edit and per refresh. Checked: every committed edit is in the audit trail,
each task ends with its last audited value (no lost update), and every
process's plan ends equal to the server's. Printed with the load average and
the CPU time of the processes and of the server.
"""

from __future__ import annotations

import argparse
import bisect
import dataclasses
import gc
import multiprocessing
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from relm_desktop.scheduling.synthetic import random_plan
from relm_desktop.services.bulk import write_schedule_input
from relm_desktop.services.live import REFRESH_EVERY, refresh
from relm_desktop.services.plan import PlanService
from relm_desktop.services.sync import copy_location
from relm_desktop.store.server import ChangeListener, News
from relm_desktop.store.versions import StaleEditError
from tests.server.cluster import running_cluster

Observation = tuple[int, str, float]  # task, notes held, when (time.time())


def _observe(
    data: Any, ids: Any, index: dict[int, int], held: dict[int, str], at: float, out: list[Any]
) -> None:
    """Note each task in ``ids`` (None: all) whose notes changed in this process's plan."""
    tasks = data.tasks if ids is None else [data.tasks[index[i]] for i in ids]
    for task in tasks:
        if held.get(task.id) != task.notes:
            held[task.id] = task.notes
            out.append((task.id, task.notes, at))


def worker(
    number: int, url: str, seconds: float, think: float, barrier: Any, stopped: Any, processes: int
) -> dict[str, Any]:
    service = PlanService.open(url, source="bench")
    assert service.store.tag is not None
    # Listening before reading, as the window does (MainWindow._attach): a commit
    # between the two is then in the plan read or in a notice, never in neither.
    listener = ChangeListener(url, service.store.tag)
    data = service.load()
    task_ids = [t.id for t in data.tasks]
    index = {t.id: i for i, t in enumerate(data.tasks)}  # notes edits never reorder tasks
    held = {t.id: t.notes for t in data.tasks}
    rng = random.Random(number)
    commits: list[tuple[int, str, float, float]] = []  # task, value, committed at, ms
    seen: list[Observation] = []
    edit_cpu: list[float] = []
    refresh_cpu: list[float] = []
    full_reads = refused = 0
    # A window someone works in is warm: one edit and one refresh before the clock
    # (the first of each compiles its statements, ~50 ms of CPU, all 20 at once).
    warm = task_ids[number]
    service.update("task", warm, {"notes": f"warm-{number}"})
    data, _ = refresh(service, data, News(rows={"task": frozenset({warm})}))
    held[warm] = f"warm-{number}"
    gc.freeze()  # as the app does with the plan it shows (relm_desktop.gcpause)
    barrier.wait()  # every process has opened and loaded the plan
    cpu_start = time.process_time()
    start = time.time()
    end = start + seconds
    next_edit = start + rng.uniform(0, 2 * think)
    next_poll = start + rng.uniform(0, REFRESH_EVERY)
    count = 0
    told = False
    settled: float | None = None  # when every process had stopped editing
    while True:
        now = time.time()
        if now >= end and settled is None:
            if not told:
                stopped.append(number)
                told = True
            if len(stopped) >= processes:
                settled = now
        if settled is not None and now >= settled + 3.0:  # late notices still count
            break
        due = min(next_poll, next_edit if now < end else next_poll)
        if due > now:
            time.sleep(due - now)
        if time.time() >= next_poll:
            next_poll += REFRESH_EVERY
            cpu = time.process_time()
            news = listener.receive()
            if news:
                data, changes = refresh(service, data, news)
                full_reads += changes.everything
                ids = None if changes.everything else changes.ids("task")
                _observe(data, ids, index, held, time.time(), seen)
                refresh_cpu.append(time.process_time() - cpu)
        elif time.time() < end and time.time() >= next_edit:
            next_edit += rng.expovariate(1.0 / think)
            task = rng.choice(task_ids)
            value = f"w{number}-{count}"
            cpu = time.process_time()
            began = time.perf_counter()
            try:
                service.update("task", task, {"notes": value})
            except StaleEditError:
                refused += 1
                data = service.load()  # the window shows what changed, never overwrites it
                _observe(data, None, index, held, time.time(), seen)
                continue
            took = time.perf_counter() - began
            commits.append((task, value, time.time(), took * 1000))
            edit_cpu.append(time.process_time() - cpu)
            # The window shows its own edit too (it knows what it wrote).
            tasks = list(data.tasks)
            tasks[index[task]] = tasks[index[task]]._replace(notes=value)
            data = dataclasses.replace(data, tasks=tuple(tasks))
            count += 1
    cpu_total = time.process_time() - cpu_start
    final = {t.id: t.notes for t in service.load().tasks}
    diverged = sum(1 for t in data.tasks if final[t.id] != t.notes)
    listener.close()
    service.close()
    return {
        "tag": service.store.tag,
        "commits": commits,
        "seen": seen,
        "refused": refused,
        "full_reads": full_reads,
        "edit_cpu": edit_cpu,
        "refresh_cpu": refresh_cpu,
        "cpu": cpu_total,
        "diverged": diverged,
    }


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def _server_cpu(pid_file: Path) -> float:
    """CPU seconds of the cluster: the postmaster and its ended children."""
    try:
        pid = int(pid_file.read_text().split()[0])
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, ValueError, IndexError):
        return float("nan")
    utime, stime, cutime, cstime = (int(f) for f in fields[11:15])
    return (utime + stime + cutime + cstime) / os.sysconf("SC_CLK_TCK")


def _audited(url: str) -> tuple[dict[int, str], dict[int, list[str]]]:
    """The final notes per task, and each task's notes values in audit order."""
    from sqlalchemy import select

    from relm_desktop.domain.audit import ChangeRecord

    check = PlanService.open(url)
    final = {t.id: t.notes for t in check.load().tasks}
    order: dict[int, list[str]] = {}
    with check.store.reading() as session:
        for task, new in session.execute(
            select(ChangeRecord.entity_id, ChangeRecord.new)
            .where(ChangeRecord.field == "notes", ChangeRecord.source == "bench")
            .order_by(ChangeRecord.id)
        ):
            order.setdefault(int(task or 0), []).append(str(new))
    check.close()
    return final, order


def _seen_latencies(
    results: list[dict[str, Any]], order: dict[int, list[str]]
) -> tuple[list[float], int]:
    """For each commit and each other process: ms until that process held it or a later value."""
    rank = {(task, value): i for task, values in order.items() for i, value in enumerate(values)}
    latencies: list[float] = []
    unseen = 0
    for receiver in results:
        # Per task: observation times, and the best rank held up to each of them.
        views: dict[int, tuple[list[float], list[int]]] = {}
        for task, value, at in receiver["seen"]:
            times, ranks = views.setdefault(task, ([], []))
            times.append(at)
            ranks.append(max(rank.get((task, value), -1), ranks[-1] if ranks else -1))
        for sender in results:
            if sender is receiver:
                continue
            for task, value, done, _ms in sender["commits"]:
                times, ranks = views.get(task, ([], []))
                wanted = rank.get((task, value), 0)
                first = bisect.bisect_left(ranks, wanted)  # ranks never decrease
                if first == len(ranks):
                    unseen += 1
                else:
                    latencies.append(max(0.0, times[first] - done) * 1000)
    return latencies, unseen


def main(processes: int, seconds: float, tasks: int, think: float) -> None:
    load_before = os.getloadavg()
    with running_cluster() as cluster, tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.relm"
        write_schedule_input(path, random_plan(tasks, seed=7, links_per_task=1.5)).close()
        url = cluster.url(cluster.new_database())
        copy_location(path, url)
        pid_file = cluster.socket_dir.parent / "data" / "postmaster.pid"
        print(
            f"{processes} processes edit a {tasks:,}-task server plan for {seconds:.0f} s "
            f"(one edit per {think:.2f} s each on average; refresh every {REFRESH_EVERY} s)"
        )
        context = multiprocessing.get_context("spawn")
        manager = context.Manager()
        barrier, stopped = manager.Barrier(processes), manager.list()
        server_before = _server_cpu(pid_file)
        wall = time.perf_counter()
        with context.Pool(processes) as pool:
            results = pool.starmap(
                worker,
                [(n, url, seconds, think, barrier, stopped, processes) for n in range(processes)],
            )
        wall = time.perf_counter() - wall
        final, order = _audited(url)
        server_cpu = _server_cpu(pid_file) - server_before
    load_after = os.getloadavg()
    commits = [c for r in results for c in r["commits"]]
    durations = [c[3] for c in commits]
    audited = {(task, value) for task, values in order.items() for value in values}
    missing = [c for c in commits if (c[0], c[1]) not in audited]
    lost = [t for t, values in order.items() if final[t] != values[-1]]
    latencies, unseen = _seen_latencies(results, order)
    edit_cpu = [x * 1000 for r in results for x in r["edit_cpu"]]
    refresh_cpu = [x * 1000 for r in results for x in r["refresh_cpu"]]
    worker_cpu = sum(r["cpu"] for r in results)
    print(
        f"commits: {len(commits):,} ({len(commits) / seconds:.0f}/s); stale writes refused: "
        f"{sum(r['refused'] for r in results)}; refreshes: {len(refresh_cpu):,} "
        f"(whole plan read: {sum(r['full_reads'] for r in results)})"
    )
    print(
        f"commit ms: p50 {statistics.median(durations):.1f}, "
        f"p95 {percentile(durations, 0.95):.1f}, max {max(durations):.1f}  (target p95 < 200)"
    )
    print(
        f"seen by the others ms: p50 {statistics.median(latencies):.0f}, "
        f"p95 {percentile(latencies, 0.95):.0f}, max {max(latencies):.0f}; "
        f"never seen: {unseen}  (target < 2000)"
    )
    print(
        f"lost updates: {len(lost)}; committed edits missing from the audit trail: "
        f"{len(missing)}; processes whose plan differs from the server's at the end: "
        f"{sum(1 for r in results if r['diverged'])}"
    )
    print(
        f"CPU ms per edit: p50 {statistics.median(edit_cpu):.1f}, "
        f"p95 {percentile(edit_cpu, 0.95):.1f}; per refresh: "
        f"p50 {statistics.median(refresh_cpu) if refresh_cpu else 0:.1f}, "
        f"p95 {percentile(refresh_cpu, 0.95):.1f}"
    )
    print(
        f"CPU s: processes {worker_cpu:.1f} (editing and settling), "
        f"server {server_cpu:.1f} (whole run); wall {wall:.1f} s; load average "
        f"{load_before[0]:.2f} before, {load_after[0]:.2f} after; {os.cpu_count()} CPUs"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--procs", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--think", type=float, default=1.0, help="mean seconds between edits")
    args = parser.parse_args()
    main(args.procs, args.seconds, args.tasks, args.think)
