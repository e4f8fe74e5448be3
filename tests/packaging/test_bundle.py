"""The desktop bundle: build it with PyInstaller, then use it as a user would.

Slow (a minute or two of CPU): it builds the real one-folder bundle from
packaging/relm.spec once, then starts it offscreen with --version, makes a demo
plan and builds a PDF release pack with it, and opens the plan in the packaged
GUI, which paints its window into a PNG (the hidden RELM_SCREENSHOT option of
relm_desktop/gui/app.py) that must show the timeline's bars.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.tools import require_module, require_tool

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_module("PyInstaller")
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


def user_env(home: Path) -> dict[str, str]:
    """The bundle's environment: offscreen, no source tree, settings kept in ``home``."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
    }
    env.pop("PYTHONPATH", None)
    env.pop("RELM_SCREENSHOT", None)
    return env


@pytest.mark.slow
def test_bundle_starts_and_builds_a_release_pack(bundle: Path, tmp_path: Path) -> None:
    env = user_env(tmp_path)
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
        [require_tool("pdftotext"), str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Executive summary" in text and "Payments Platform" in text
    check = subprocess.run(
        [require_tool("qpdf"), "--check", str(pdf)], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout


@pytest.mark.slow
def test_bundle_opens_a_plan_and_paints_its_timeline(bundle: Path, tmp_path: Path) -> None:
    qtgui = require_module("PySide6.QtGui")
    from relm_desktop.gui.theme import DARK, LIGHT

    env = user_env(tmp_path)
    plan, shot = tmp_path / "demo.relm", tmp_path / "window.png"
    demo = subprocess.run(
        [str(bundle), "demo", str(plan)], capture_output=True, text=True, env=env, timeout=300
    )
    assert demo.returncode == 0, demo.stderr
    gui = subprocess.run(
        [str(bundle), str(plan)],
        capture_output=True,
        text=True,
        env={**env, "RELM_SCREENSHOT": str(shot)},
        cwd=tmp_path,
        timeout=180,
    )
    assert gui.returncode == 0, gui.stdout + gui.stderr[-3000:]
    assert "Traceback" not in gui.stderr, gui.stderr[-3000:]
    image = qtgui.QImage(str(shot))
    assert not image.isNull(), gui.stdout
    assert (image.width(), image.height()) == (1400, 900)
    # Not blank: a window's worth of colours.
    seen: dict[int, int] = {}
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            rgb = image.pixel(x, y) & 0xFFFFFF
            seen[rgb] = seen.get(rgb, 0) + 1
    assert len(seen) > 100
    # The timeline painted the plan's bars, in the chart's bar colours.
    bars = {
        colour.rgb() & 0xFFFFFF
        for scheme in (LIGHT, DARK)
        for colour in (scheme.bar, scheme.bar_progress, scheme.critical, scheme.critical_progress)
    }
    painted = sum(count for rgb, count in seen.items() if rgb in bars)
    assert painted > 500, sorted(seen.items(), key=lambda item: -item[1])[:10]


def test_bundle_carries_the_packs_fallback_fonts(bundle: Path) -> None:
    """The pack draws CJK, Hebrew, Arabic and emoji with these: the bundle must ship them."""
    from relm_desktop.reports.fonts import fallback_files

    shipped = bundle.parent / "_internal" / "relm_desktop" / "resources" / "fonts"
    wanted = {Path(path).name for path, _ in fallback_files()}
    assert wanted, "no fallback fonts found on this machine (packaging/system-deps.txt)"
    assert wanted <= {p.name for p in shipped.iterdir()}
