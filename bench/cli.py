"""The ``relm`` command as whole processes: start-up and ``relm schedule`` against tj3.

    .venv/bin/python bench/cli.py 10000 [--tj3]

Prints the median wall and CPU time (of the child process, from the OS) of
``relm --version`` and of ``relm schedule PLAN`` on an N-task tj3-compatible
plan, and with ``--tj3`` tj3's whole-process time on the same plan (about a
minute at 10,000 tasks), with the ratio. Targets at N = 10,000: ``--version``
under 0.1 s, ``schedule`` under 0.25 s. The in-process figure of the scheduler
alone is bench/schedule.py's; this is what a user at a shell waits for.
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from relm_desktop.exchange.taskjuggler import tj3_path, to_tjp
from relm_desktop.scheduling.synthetic import random_plan
from relm_desktop.services.bulk import write_schedule_input

RUNS = 7


def relm_command() -> list[str]:
    """The installed console script beside this Python, else ``python -m relm_desktop``."""
    script = Path(sys.executable).with_name("relm")
    return [str(script)] if script.exists() else [sys.executable, "-m", "relm_desktop"]


def child_env(tmp: Path) -> dict[str, str]:
    """The environment of the timed processes: byte code written (to a cache of its own
    under ``tmp``, not beside the sources) and read, as in an installed copy. With
    PYTHONDONTWRITEBYTECODE set, every run would compile the application's modules
    from source again (~25 ms of ``relm schedule``) and time the compiler."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
    return env


def timed(
    argv: list[str], runs: int = RUNS, cwd: Path | None = None, env: dict[str, str] | None = None
) -> tuple[float, float]:
    """Median wall and CPU seconds of ``argv`` as a whole process (one warm-up run first)."""
    walls: list[float] = []
    cpus: list[float] = []
    for i in range(runs + 1):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        done = subprocess.run(
            argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        wall = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(argv)} failed: {done.stderr.decode()[-500:]}")
        if i:  # the first run warms the disk cache and .pyc files
            walls.append(wall)
            cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def main(n: int, with_tj3: bool) -> None:
    relm = relm_command()
    generated = random_plan(n, seed=7, tj3_compatible=True)
    with tempfile.TemporaryDirectory() as tmp:
        plan = Path(tmp) / "bench.relm"
        write_schedule_input(plan, generated).close()
        env = child_env(Path(tmp))
        version = timed([*relm, "--version"], env=env)
        sched = timed([*relm, "schedule", str(plan)], env=env)
        print(f"tasks {len(generated.tasks)}  links {len(generated.links)}")
        print(
            f"relm --version          {version[0] * 1000:8.0f} ms wall  "
            f"{version[1] * 1000:6.0f} ms CPU  (target < 100 ms)"
        )
        print(
            f"relm schedule PLAN      {sched[0] * 1000:8.0f} ms wall  "
            f"{sched[1] * 1000:6.0f} ms CPU  (target < 250 ms at 10k)"
        )
        exe = tj3_path()
        if with_tj3 and exe is not None:
            source = Path(tmp) / "plan.tjp"
            source.write_text(to_tjp(generated, csv_report="relm_tasks"), encoding="utf-8")
            tj3 = timed(
                [exe, "--no-color", "--output-dir", tmp, str(source)], runs=1, cwd=Path(tmp)
            )
            print(
                f"tj3 PLAN.tjp            {tj3[0] * 1000:8.0f} ms wall  "
                f"{tj3[1] * 1000:6.0f} ms CPU  (whole process, same plan)"
            )
            print(f"ratio tj3 / relm        {tj3[0] / sched[0]:8.0f}x  (whole processes)")
        elif with_tj3:
            print("tj3 is not installed (Debian package tj3)")
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    shutil.rmtree(Path(tmp), ignore_errors=True)


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    main(int(args[0]) if args else 10_000, "--tj3" in sys.argv)
