"""The first word: a command, a plan to open in the window, or an error listing the commands."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from relm_desktop import cli
from relm_desktop.cli import main

COMMANDS = ("new", "demo", "schedule", "check", "import", "export", "copy", "sync")


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Path | None, list[str]]]:
    """What the GUI would have been asked to open (it is not started)."""
    calls: list[tuple[Path | None, list[str]]] = []

    def fake(path: Path | None, rest: list[str]) -> int:
        calls.append((path, rest))
        return 0

    monkeypatch.setattr(cli, "_open_gui", fake)
    return calls


@pytest.mark.parametrize("word", ["frobnicate", "shedule", "nwe", "x.txt", "\x1b[31mred\nline"])
def test_unknown_command_is_an_error_listing_the_commands(
    opened: list[tuple[Path | None, list[str]]],
    capsys: pytest.CaptureFixture[str],
    word: str,
) -> None:
    assert main([word, "x", "y"]) == 2
    assert opened == []
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and err.isprintable(), err
    assert err.startswith("relm: unknown command '")
    assert f"(commands: {', '.join(COMMANDS)})" in err


def test_plan_names_and_urls_open_the_window(
    opened: list[tuple[Path | None, list[str]]], tmp_path: Path
) -> None:
    existing = tmp_path / "notes"  # an existing file of any name
    existing.write_text("x")
    words = [str(existing), str(tmp_path / "new-plan.relm"), "PLAN.RELM", "postgresql://db/plans"]
    for word in words:
        assert main([word]) == 0
    # A server URL stays text: a Path would fold its //.
    assert [str(path) for path, _ in opened] == [*(str(Path(w)) for w in words[:3]), words[3]]


def test_unknown_command_from_the_shell() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "relm_desktop", "frobnicate", "x", "y"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "relm: unknown command 'frobnicate' "
        "(commands: new, demo, schedule, check, import, export, copy, sync)"
    )
