"""Start-up follows the imports: each `relm` command loads only what it needs.

`relm --version` and argument parsing load no SQLAlchemy, scheduler, reportlab,
openpyxl or Qt; `relm schedule` loads the scheduler but no SQLAlchemy, Alembic,
reportlab, openpyxl or Qt (bench/cli.py times both as whole processes).
Usage errors are one line, like every other problem `relm` reports.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from relm_desktop.cli import main

HEAVY = ("sqlalchemy", "alembic", "reportlab", "openpyxl", "PySide6", "python_calamine")


def imported(*args: str, code: str | None = None) -> set[str]:
    """Modules a fresh interpreter imported running ``relm ARGS`` (or ``code``)."""
    argv = ["-c", code] if code is not None else ["-m", "relm_desktop", *args]
    done = subprocess.run(
        [sys.executable, "-X", "importtime", *argv], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    lines = [line for line in done.stderr.splitlines() if line.startswith("import time:")]
    return {line.rsplit("|", 1)[1].strip() for line in lines[1:]}  # first line: the header


def heavy(modules: set[str], *extra: str) -> list[str]:
    roots = (*HEAVY, *extra)
    return sorted(m for m in modules if m.split(".")[0] in roots or m.startswith(extra))


def test_version_imports_nothing_heavy() -> None:
    modules = imported("--version")
    assert "relm_desktop.cli" in modules
    assert heavy(modules, "relm_desktop.scheduling", "relm_desktop.services.edits") == []


def test_parsing_every_command_imports_nothing_heavy() -> None:
    code = (
        "from relm_desktop.cli import _parser\n"
        "p = _parser()\n"
        "for argv in (['schedule', 'a.relm', '--csv'], ['new', 'a.relm', '--start', '2027-01-04'],"
        " ['export', 'a.relm', 'b.pdf'], ['import', 'a.relm', 'b.xlsx'], ['check', 'a.relm']):\n"
        "    p.parse_args(argv)\n"
    )
    assert heavy(imported(code=code), "relm_desktop.scheduling", "holidays") == []


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("startup") / "demo.relm"
    assert main(["demo", str(path), "--start", "2027-01-04"]) == 0
    return path


def test_schedule_imports_no_sqlalchemy_nor_reports_nor_qt(demo: Path) -> None:
    modules = imported("schedule", str(demo))
    assert "relm_desktop.scheduling.cpm" in modules  # the command did run
    assert heavy(modules, "relm_desktop.domain.models", "relm_desktop.services.plan") == []


def test_schedule_of_a_plan_without_holidays_does_not_import_them(tmp_path: Path) -> None:
    plan = tmp_path / "plain.relm"
    assert main(["new", str(plan)]) == 0  # no --country: no public holidays
    modules = imported("schedule", str(plan))
    assert "relm_desktop.scheduling.cpm" in modules
    assert heavy(modules, "holidays") == []


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--bogus"], "relm: unrecognized arguments: --bogus (see relm --help)"),
        (
            ["schedule"],
            "relm: the following arguments are required: path (see relm schedule --help)",
        ),
        (
            ["new", "x.relm", "--start", "tomorrow"],
            "relm: argument --start: 'tomorrow' is not a date (YYYY-MM-DD) (see relm new --help)",
        ),
        (
            ["export", "a.relm", "b.pdf", "--preset", "\x1b[31mred"],
            "relm: argument --preset: invalid choice: '\\x1b[31mred' (choose from 'executive', "
            "'full') (see relm export --help)",
        ),
    ],
)
def test_usage_errors_are_one_line_exit_2(
    argv: list[str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stop:
        main(argv)
    assert stop.value.code == 2
    captured = capsys.readouterr()
    assert captured.err == expected + "\n" and captured.out == ""


def test_usage_error_from_the_shell_is_one_line() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "relm_desktop", "schedule", "a.relm", "--tsv"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == "relm: unrecognized arguments: --tsv (see relm --help)\n"
