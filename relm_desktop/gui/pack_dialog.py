"""File → Export release pack…: choose what goes in, build it in the background, open it.

The pack is built by ``services.pack.build_pack`` on a ``QThreadPool`` worker
that reports progress through signals and never touches a widget; Cancel
sets a flag the worker checks between pages. When the PDF is written the
dialog offers to open it (or its folder).
"""

from __future__ import annotations

import re
import threading
import traceback
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from relm_desktop.domain.records import ReleaseRecord
from relm_desktop.domain.text import plural
from relm_desktop.reports.context import release_title
from relm_desktop.reports.options import PRESETS, PackCancelledError, Section
from relm_desktop.services.pack import PackResult, build_pack, pack_warnings, record_pack
from relm_desktop.services.plan import PlanService

_W = TypeVar("_W", bound=QObject)


def _named(widget: _W, name: str) -> _W:
    """``widget`` with its object name set (tests find widgets by it)."""
    widget.setObjectName(name)
    return widget


class _Signals(QObject):
    progress = Signal(float, str)
    done = Signal(object)
    failed = Signal(str)
    cancelled = Signal()


class PackJob(QRunnable):
    """Builds one pack on a worker thread; the plan's pack time is recorded by the GUI."""

    def __init__(
        self,
        service: PlanService,
        out: Path,
        release: int | None,
        preset: str,
        sections: tuple[Section, ...],
    ) -> None:
        super().__init__()
        self.service, self.out, self.release = service, out, release
        self.preset, self.sections = preset, sections
        self.signals = _Signals()
        self.stop = threading.Event()

    def run(self) -> None:  # QRunnable.run
        try:
            result = build_pack(
                self.service,
                self.out,
                release=self.release,
                preset=self.preset,
                sections=self.sections,
                progress=self.signals.progress.emit,
                cancel=self.stop.is_set,
                record=False,
            )
        except PackCancelledError:
            self.signals.cancelled.emit()
            return
        except Exception as exc:  # shown in the dialog, never lost in a thread
            traceback.print_exc()
            self.signals.failed.emit(f"{exc}")
            return
        self.signals.done.emit(result)


def default_name(plan: Path | None, scope: str) -> str:
    """'<plan> – <release> release pack.pdf' with characters files cannot hold removed."""
    stem = plan.stem if plan else "plan"
    name = f"{stem} - {scope} release pack.pdf"
    return re.sub(r'[\\/:*?"<>|]+', "-", name)


class PackDialog(QDialog):
    """The export dialog; ``written`` holds the PDF's path once one was made."""

    def __init__(
        self, service: PlanService, parent: QWidget | None = None, pool: QThreadPool | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export release pack")
        self.setObjectName("packDialog")
        self.service = service
        self.pool = pool or QThreadPool.globalInstance()
        self.written: Path | None = None
        self.pack_result: PackResult | None = None
        self.job: PackJob | None = None
        self._path_edited = False
        data = service.load()
        self._build(data.releases)
        self._apply_preset()
        self._suggest_path()

    # -- layout ------------------------------------------------------------------------
    def _build(self, releases: tuple[ReleaseRecord, ...]) -> None:
        form = QFormLayout()
        self.scope = _named(QComboBox(), "scope")
        self.scope.addItem("Whole portfolio", None)
        for release in releases:
            self.scope.addItem(release_title(release), release.id)
        self.scope.currentIndexChanged.connect(self._suggest_path)
        form.addRow("&Covers:", self.scope)

        presets = QHBoxLayout()
        self.executive = _named(QRadioButton("&Executive (2–3 pages)"), "executive")
        self.full = _named(QRadioButton("&Full pack"), "full")
        self.full.setChecked(True)
        group = QButtonGroup(self)
        for button in (self.executive, self.full):
            group.addButton(button)
            presets.addWidget(button)
            button.toggled.connect(self._apply_preset)
        presets.addStretch(1)
        form.addRow("Preset:", presets)

        self.sections = _named(QListWidget(), "sections")
        for section in Section:
            item = QListWidgetItem(section.heading)
            item.setData(Qt.ItemDataRole.UserRole, section.value)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.sections.addItem(item)
        rows = self.sections.sizeHintForRow(0) * self.sections.count()
        self.sections.setFixedHeight(rows + 2 * self.sections.frameWidth() + 4)
        self.sections.itemChanged.connect(self._update_buttons)
        form.addRow("&Sections:", self.sections)

        row = QHBoxLayout()
        self.path = _named(QLineEdit(), "path")
        self.path.textEdited.connect(self._path_typed)
        self.path.textChanged.connect(self._update_buttons)
        browse = _named(QPushButton("&Browse…"), "browse")
        browse.clicked.connect(self._browse)
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        save_label = QLabel("Save &as:")
        save_label.setBuddy(self.path)
        form.addRow(save_label, row)

        self.progress = _named(QProgressBar(), "progress")
        self.progress.setRange(0, 100)
        self.progress.setVisible(False)
        self.status = _named(QLabel(), "status")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.buttons = QDialogButtonBox()
        self.export = self.buttons.addButton("&Export", QDialogButtonBox.ButtonRole.AcceptRole)
        self.export.setObjectName("export")
        self.open_pdf = self.buttons.addButton("&Open PDF", QDialogButtonBox.ButtonRole.ActionRole)
        self.open_pdf.setObjectName("openPdf")
        self.open_folder = self.buttons.addButton(
            "Show &folder", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.open_folder.setObjectName("openFolder")
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.close_button.setObjectName("cancel")
        for shown_later in (self.open_pdf, self.open_folder):
            shown_later.setVisible(False)
        self.export.clicked.connect(self.start)
        self.open_pdf.clicked.connect(self._open_pdf)
        self.open_folder.clicked.connect(self._open_folder)
        self.close_button.clicked.connect(self._cancel_or_close)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.resize(600, self.sizeHint().height())

    # -- choices -------------------------------------------------------------------------
    @property
    def preset(self) -> str:
        return "executive" if self.executive.isChecked() else "full"

    def chosen_sections(self) -> tuple[Section, ...]:
        out = []
        for row in range(self.sections.count()):
            item = self.sections.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(Section(item.data(Qt.ItemDataRole.UserRole)))
        return tuple(out)

    def _apply_preset(self) -> None:
        wanted = set(PRESETS[self.preset])
        for row in range(self.sections.count()):
            item = self.sections.item(row)
            on = Section(item.data(Qt.ItemDataRole.UserRole)) in wanted
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def _path_typed(self) -> None:
        self._path_edited = True

    def _suggest_path(self) -> None:
        if self._path_edited:
            return
        plan = self.service.path
        folder = plan.parent if plan else Path.home()
        scope = self.scope.currentText() if self.scope.currentData() is not None else "portfolio"
        self.path.setText(str(folder / default_name(plan, scope)))

    def _browse(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(
            self, "Save release pack", self.path.text(), "PDF documents (*.pdf)"
        )
        if chosen:
            if not chosen.lower().endswith(".pdf"):
                chosen += ".pdf"
            self._path_edited = True
            self.path.setText(chosen)

    def _update_buttons(self) -> None:
        busy = self.job is not None
        self.export.setEnabled(
            not busy and bool(self.path.text().strip()) and bool(self.chosen_sections())
        )

    def _set_inputs_enabled(self, enabled: bool) -> None:
        for widget in (self.scope, self.executive, self.full, self.sections, self.path):
            widget.setEnabled(enabled)

    # -- building ------------------------------------------------------------------------
    def start(self) -> None:
        """Build the pack in the background with the current choices."""
        if self.job is not None:
            return
        out = Path(self.path.text().strip()).expanduser()
        if out.suffix.lower() != ".pdf":
            out = out.with_suffix(".pdf")
        self.job = PackJob(
            self.service, out, self.scope.currentData(), self.preset, self.chosen_sections()
        )
        self.job.signals.progress.connect(self._on_progress)
        self.job.signals.done.connect(self._on_done)
        self.job.signals.failed.connect(self._on_failed)
        self.job.signals.cancelled.connect(self._on_cancelled)
        self.written = None
        self.open_pdf.setVisible(False)
        self.open_folder.setVisible(False)
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.status.setText("Building the pack…")
        self._set_inputs_enabled(False)
        self._update_buttons()
        self.pool.start(self.job)

    @property
    def busy(self) -> bool:
        return self.job is not None

    def _on_progress(self, fraction: float, message: str) -> None:
        self.progress.setValue(round(100 * fraction))
        self.status.setText(f"{message}…" if fraction < 1 else message)

    def _finish(self) -> None:
        self.job = None
        self._set_inputs_enabled(True)
        self._update_buttons()
        self.close_button.setText("Close")

    def _on_done(self, result: PackResult) -> None:
        out = self.job.out if self.job else Path(self.path.text())
        self._finish()
        record_pack(self.service, result)
        self.written, self.pack_result = out, result
        self.progress.setValue(100)
        boxes = "".join(f"\nWarning: {w}" for w in pack_warnings(result))
        self.status.setText(
            f"Written {out.name}: {plural(result.pages, 'page')}. Open it now?{boxes}"
        )
        self.open_pdf.setVisible(True)
        self.open_folder.setVisible(True)
        self.open_pdf.setDefault(True)
        self.open_pdf.setFocus()

    def _on_failed(self, message: str) -> None:
        self._finish()
        self.progress.setVisible(False)
        self.status.setText(f"The pack could not be written: {message}")

    def _on_cancelled(self) -> None:
        self._finish()
        self.progress.setVisible(False)
        self.status.setText("Cancelled; nothing was written.")

    def _cancel_or_close(self) -> None:
        if self.job is not None:
            self.job.stop.set()
            self.status.setText("Cancelling…")
            return
        if self.written is not None:
            self.accept()
        else:
            self.reject()

    def reject(self) -> None:  # QDialog.reject: Esc cancels a running build first
        if self.job is not None:
            self._cancel_or_close()
            return
        super().reject()

    def _open_pdf(self) -> None:
        if self.written is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.written)))

    def _open_folder(self) -> None:
        if self.written is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.written.parent)))


def export_pack(parent: QWidget, service: PlanService) -> Path | None:
    """Show the dialog; the path of the PDF written, or None."""
    dialog = PackDialog(service, parent)
    dialog.exec()
    return dialog.written
