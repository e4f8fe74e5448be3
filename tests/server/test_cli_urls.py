"""Every ``relm`` sub-command takes a PostgreSQL URL where it takes a plan path."""

from __future__ import annotations

from pathlib import Path

import pytest

from relm_desktop.cli import main


def test_commands_work_on_a_server_url_as_on_a_file(
    tmp_path: Path, server_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = tmp_path / "demo.relm"
    assert main(["demo", str(plan), "--start", "2027-01-04"]) == 0
    assert main(["demo", server_url, "--start", "2027-01-04"]) == 0
    capsys.readouterr()
    assert main(["schedule", str(plan), "--csv", "--status-date", "2027-03-01"]) == 0
    in_file = capsys.readouterr().out
    assert main(["schedule", server_url, "--csv", "--status-date", "2027-03-01"]) == 0
    assert capsys.readouterr().out == in_file  # the same schedule, row for row
    workbook = tmp_path / "out.xlsx"
    assert main(["export", server_url, str(workbook)]) == 0
    assert main(["import", server_url, str(workbook)]) == 0
    assert "added 0, changed 0, removed 0" in capsys.readouterr().out
    assert main(["check", server_url]) == 0
    assert "ok (schema" in capsys.readouterr().out
    assert main(["new", server_url]) == 2  # a database holds one plan
    assert "already holds a plan" in capsys.readouterr().err
