"""`pip install .` gives a working `relm` with forms, resources and migrations inside."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return next(out.glob("relm_desktop-*.whl"))


def test_wheel_carries_forms_resources_migrations_and_templates(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    forms = sorted(p.name for p in (ROOT / "ui").glob("*.ui"))
    for form in forms:
        assert f"relm_desktop/ui/{form}" in names
    resources = [
        p
        for p in (ROOT / "resources").rglob("*")
        if p.is_file() and not p.name.startswith(".") and "__pycache__" not in p.parts
    ]
    for path in resources:
        assert f"relm_desktop/resources/{path.relative_to(ROOT / 'resources')}" in names
    migrations = sorted((ROOT / "relm_desktop/store/migrations/versions").glob("*.py"))
    assert migrations
    for path in migrations:
        assert f"relm_desktop/store/migrations/versions/{path.name}" in names
    assert "relm_desktop/services/templates/standard_minor.json" in names
    entry = next(n for n in names if n.endswith("entry_points.txt"))
    assert "relm = relm_desktop.cli:main" in zipfile.ZipFile(wheel).read(entry).decode()


@pytest.mark.slow
def test_installed_wheel_runs_outside_the_source_tree(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "venv"
    venv.create(target, with_pip=True)
    py = target / "bin" / "python"
    subprocess.run(
        [str(py), "-m", "pip", "install", "-q", "--no-deps", str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    # Dependencies come from the test environment; the app itself only from the wheel.
    deps = sysconfig.get_paths()["purelib"]
    (
        target
        / "lib"
        / f"python{sys.version_info[0]}.{sys.version_info[1]}"
        / "site-packages"
        / "deps.pth"
    ).write_text(deps + "\n")
    relm = target / "bin" / "relm"
    done = subprocess.run(
        [str(relm), "--version"], capture_output=True, text=True, cwd=tmp_path, timeout=60
    )
    assert done.returncode == 0 and done.stdout.startswith("relm ")
    plan = tmp_path / "demo.relm"
    done = subprocess.run(
        [str(relm), "demo", str(plan)], capture_output=True, text=True, cwd=tmp_path, timeout=120
    )
    assert done.returncode == 0, done.stderr
    where = subprocess.run(
        [str(py), "-c", "import relm_desktop; print(relm_desktop.__file__)"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=True,
    )
    assert str(target) in where.stdout
