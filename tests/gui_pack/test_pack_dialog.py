"""The Export release pack dialog, driven through its real widgets."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QThreadPool, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox

from relm_desktop.gui.pack_dialog import PackDialog, default_name, export_pack
from relm_desktop.reports.options import PRESETS, Section
from relm_desktop.services.pack import last_pack
from relm_desktop.services.plan import PlanService
from tests.tools import require_tool


def _qpdf_ok(path: Path) -> None:
    """qpdf finds the file sound; without qpdf the test skips (fails under CI)."""
    done = subprocess.run(
        [require_tool("qpdf"), "--check", str(path)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stdout + done.stderr


def _checked(dialog: PackDialog) -> set[Section]:
    return set(dialog.chosen_sections())


@pytest.fixture
def dialog(qtbot: Any, pack_service: PlanService) -> PackDialog:
    widget = PackDialog(pack_service)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_offers_portfolio_and_every_release(dialog: PackDialog) -> None:
    names = [dialog.scope.itemText(i) for i in range(dialog.scope.count())]
    assert names[0] == "Whole portfolio"
    assert "Payments Platform 5.0" in names and len(names) == 6
    assert dialog.path.text().endswith("demo - portfolio release pack.pdf")
    dialog.scope.setCurrentIndex(names.index("Mobile App 3.4"))
    assert dialog.path.text().endswith("demo - Mobile App 3.4 release pack.pdf")


def test_preset_sets_the_sections(dialog: PackDialog, qtbot: Any) -> None:
    assert _checked(dialog) == set(PRESETS["full"])
    qtbot.mouseClick(dialog.executive, Qt.MouseButton.LeftButton)
    assert _checked(dialog) == set(PRESETS["executive"])
    dialog.sections.item(0).setCheckState(Qt.CheckState.Unchecked)
    assert Section.SUMMARY not in _checked(dialog)
    for row in range(dialog.sections.count()):
        dialog.sections.item(row).setCheckState(Qt.CheckState.Unchecked)
    assert not dialog.export.isEnabled()


def test_builds_in_the_background_and_offers_to_open(
    dialog: PackDialog, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    dialog.scope.setCurrentIndex(dialog.scope.findText("Payments Platform 5.0"))
    qtbot.mouseClick(dialog.executive, Qt.MouseButton.LeftButton)
    out = tmp_path / "payments.pdf"
    dialog.path.setText(str(out))
    progress: list[int] = []
    dialog.progress.valueChanged.connect(progress.append)
    qtbot.mouseClick(dialog.export, Qt.MouseButton.LeftButton)
    assert dialog.busy and not dialog.export.isEnabled()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=30_000)
    assert dialog.written == out and out.is_file()
    assert dialog.pack_result is not None and dialog.pack_result.pages <= 3
    assert progress and progress[-1] == 100
    assert dialog.open_pdf.isVisible() and "Open it now?" in dialog.status.text()
    qtbot.mouseClick(dialog.open_pdf, Qt.MouseButton.LeftButton)
    assert opened and opened[0].toLocalFile() == str(out)
    recorded = last_pack(dialog.service, dialog.scope.currentData(), "executive")
    assert recorded is not None and "Payments Platform" in recorded.shown
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert dialog.pack_result is not None and dialog.isHidden()
    _qpdf_ok(out)  # last: without qpdf everything above was still checked


def test_cancel_stops_the_build_and_writes_nothing(
    dialog: PackDialog, qtbot: Any, tmp_path: Path
) -> None:
    out = tmp_path / "portfolio.pdf"
    dialog.path.setText(str(out))
    # hold the worker back until Cancel was pressed, so the cancel is deterministic
    pool = QThreadPool()
    dialog.pool = pool
    gate = __import__("threading").Event()
    original = dialog.service.schedule

    def slow_schedule(*args: Any, **kwargs: Any) -> Any:
        gate.wait(10)
        return original(*args, **kwargs)

    dialog.service.schedule = slow_schedule  # type: ignore[method-assign]
    qtbot.mouseClick(dialog.export, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.status.text() == "Cancelling…"
    gate.set()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=30_000)
    assert dialog.written is None and not out.exists()
    assert "Cancelled" in dialog.status.text()
    assert last_pack(dialog.service, None, "full") is None
    pool.waitForDone(5_000)


def test_export_pack_returns_the_path(
    qtbot: Any, pack_service: PlanService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "exec.pdf"

    def run(self: PackDialog) -> int:
        self.path.setText(str(out))
        self.executive.setChecked(True)
        self.start()
        qtbot.waitUntil(lambda: not self.busy, timeout=30_000)
        self.close_button.click()
        return 1

    monkeypatch.setattr(PackDialog, "exec", run)
    assert export_pack(None, pack_service) == out  # type: ignore[arg-type]
    assert out.is_file()
    assert QMessageBox  # the dialog never pops a modal box of its own


def test_default_name_is_a_safe_file_name() -> None:
    assert default_name(Path("/x/plan.relm"), 'A/B: "C"') == "plan - A-B- -C- release pack.pdf"
