"""Cell parsers on text built to make regular expressions backtrack: bounded, not minutes.

Each case runs in a child process limited to a few seconds of CPU (the way
test_hostile_workbooks bounds whole imports), so a catastrophic pattern is a
killed child and a failed test, not a hung suite. The parsers are reached
directly here: other callers than the workbook reader (the GUI's Predecessors
column, mapping previews) must be as safe.
"""

from __future__ import annotations

import resource
import subprocess
import sys

import pytest

CPU_SECONDS = 5

CHILD = """
import sys
from relm_desktop.exchange.dates import parse_date
from relm_desktop.exchange.durations import parse_duration
from relm_desktop.exchange.predecessors import parse_predecessors
parser = {"duration": parse_duration, "predecessors": parse_predecessors, "date": parse_date}
text = eval(sys.argv[2])
try:
    parser[sys.argv[1]](text)
except ValueError:
    pass
print("done")
"""

# A run of white space between two tokens took 2 s at 1,000 characters, growing
# with the cube of the run: 20,000 would take hours.
TEXTS = [
    '"1" + " " * 20_000 + "1"',
    '"1" + " \\t" * 10_000 + "x"',
    '"3FS" + " " * 20_000 + "+2d x"',
    '"3 SS +" + " " * 20_000 + "2 d ?"',
    '"1." * 10_000 + "x"',
    '"1, " * 10_000 + "x"',
]


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))


@pytest.mark.parametrize("parser", ["duration", "predecessors", "date"])
@pytest.mark.parametrize("text", TEXTS)
def test_parsers_finish_on_backtracking_bait(parser: str, text: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, parser, text],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=_limits,
    )
    assert done.returncode == 0 and done.stdout.strip() == "done", done.stderr[-500:]
