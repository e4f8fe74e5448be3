"""The desktop bundle: build it with PyInstaller, then use it as a user would.

Slow (a minute or two of CPU): it builds the real one-folder bundle from
packaging/relm.spec, starts it offscreen with --version, makes a demo plan and
builds a PDF release pack with it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("bundle")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "ERROR",
            "--distpath",
            str(work / "dist"),
            "--workpath",
            str(work / "build"),
            str(ROOT / "packaging" / "relm.spec"),
        ],
        capture_output=True,
        text=True,
        timeout=1200,
        cwd=work,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    exe = work / "dist" / "relm" / "relm"
    assert exe.is_file()
    return exe


@pytest.mark.slow
def test_bundle_starts_and_builds_a_release_pack(bundle: Path, tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("PYTHONPATH", None)
    version = subprocess.run(
        [str(bundle), "--version"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert version.returncode == 0 and version.stdout.startswith("relm 0."), version
    plan, pdf = tmp_path / "demo.relm", tmp_path / "pack.pdf"
    demo = subprocess.run(
        [str(bundle), "demo", str(plan)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=300,
    )
    assert demo.returncode == 0, demo.stderr
    pack = subprocess.run(
        [str(bundle), "export", str(plan), str(pdf), "--preset", "executive"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=300,
    )
    assert pack.returncode == 0, pack.stderr
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Executive summary" in text and "Payments Platform" in text
    check = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout
