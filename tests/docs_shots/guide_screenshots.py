"""Screenshots for docs/USER_GUIDE.md: one release walked through the real main window.

xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python \
    tests/docs_shots/guide_screenshots.py docs/images/guide

Every step drives the same objects a user does (the main window, its document's
undo-stack edits, the views, the real dialogs shown non-modally) and grabs the
widget that matters, so each picture stays small and readable.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date
from pathlib import Path

import openpyxl
from PySide6.QtCore import QDate, QEventLoop, QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QSplitter, QTreeWidget, QWidget

from relm_desktop.domain.enums import DependencyType, GateStatus, Raci
from relm_desktop.exchange.merge import MergePreview
from relm_desktop.exchange.xlsx.model import ColumnMapping
from relm_desktop.gui.about import AboutDialog
from relm_desktop.gui.app import make_application
from relm_desktop.gui.context import AppContext
from relm_desktop.gui.exchange.flow import Interaction
from relm_desktop.gui.exchange.mapping_dialog import ColumnMappingDialog
from relm_desktop.gui.exchange.preview_dialog import MergePreviewDialog
from relm_desktop.gui.main_window import MainWindow
from relm_desktop.gui.pack_dialog import PackDialog
from relm_desktop.gui.theme import Scheme
from relm_desktop.gui.views.graph_model import GraphMode
from relm_desktop.gui.views.templates import NewReleaseDialog
from relm_desktop.layout.scale import Zoom
from relm_desktop.layout.timeline import RowKind
from relm_desktop.services import excel
from relm_desktop.services.demo import build_demo

START = date(2027, 1, 4)  # the demo portfolio's start: fixed, so the pictures are stable
RELEASE = "Open Banking API"
MAX_BYTES = 400_000


def pump(ms: int = 300) -> None:
    """Let Qt paint and the worker finish for ``ms`` milliseconds."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def settle(window: MainWindow) -> None:
    """Wait for the last reschedule to reach the views."""
    pump(150)
    while window.document is None or window.document.snapshot is None or window.document.is_busy():
        pump(100)
    pump(350)


class Shots:
    """Saves grabs into one folder and reports their sizes."""

    def __init__(self, out: Path) -> None:
        self.out = out
        out.mkdir(parents=True, exist_ok=True)

    def take(self, widget: QWidget, name: str) -> None:
        pump(300)
        path = self.out / f"{name}.png"
        widget.grab().save(str(path))
        size = path.stat().st_size
        flag = "  TOO BIG" if size > MAX_BYTES else ""
        print(f"wrote {path} ({widget.width()}×{widget.height()}, {size // 1024} KB){flag}")


class GuideInteraction(Interaction):
    """The Excel flow's questions, answered after a picture of each dialog."""

    def __init__(self, shots: Shots, settings: QSettings, parent: QWidget) -> None:
        self.shots = shots
        self._settings = settings
        self.parent = parent
        self.accept_mapping = False

    def settings(self) -> QSettings:
        return self._settings

    def confirm_mapping(
        self, parent: QWidget | None, mapping: ColumnMapping
    ) -> ColumnMapping | None:
        dialog = ColumnMappingDialog(mapping, self.parent)
        dialog.show()
        self.shots.take(dialog, "07-excel-mapping")
        chosen = dialog.result_mapping() if self.accept_mapping else None
        dialog.close()
        return chosen

    def review(self, parent: QWidget | None, preview: MergePreview) -> set[str] | None:
        dialog = MergePreviewDialog(preview, self.parent)
        dialog.resize(980, 560)
        dialog.show()
        tree = dialog.findChild(QTreeWidget, "previewRows")
        if tree is not None:
            tree.expandAll()
        self.shots.take(dialog, "08-merge-preview")
        keys = dialog.accepted_keys()
        dialog.close()
        return keys

    def error(self, parent: QWidget | None, text: str) -> None:
        raise RuntimeError(text)


def task_id(window: MainWindow, release_id: int, name: str) -> int:
    data = window.document.snapshot.data  # type: ignore[union-attr]
    return next(t.id for t in data.tasks if t.release_id == release_id and t.name == name)


def scroll_chart_to(window: MainWindow, day: date) -> None:
    chart = window.timeline.chart  # type: ignore[union-attr]
    chart.horizontalScrollBar().setValue(int(chart.scale.x_of(day) - 40))


def welcome_and_about(window: MainWindow, shots: Shots, plan: Path) -> None:
    window.context.add_recent(plan)
    window._fill_recent_menu()
    shots.take(window, "01-welcome")
    window.set_scheme(Scheme.DARK)
    shots.take(window, "01-welcome-dark")
    window.set_scheme(Scheme.LIGHT)
    about = AboutDialog(window, window.context.settings)
    about.show()
    shots.take(about, "02-about")
    about.close()


def create_release(window: MainWindow, shots: Shots) -> int:
    """File ▸ New Release from Template…, filled in and confirmed."""
    document = window.document
    assert document is not None
    dialog = NewReleaseDialog(document, window)
    dialog.select_template("Standard minor release")
    dialog.name.setText(RELEASE)
    dialog.version.setText("1.0")
    dialog.owner.setText("Priya Shah")
    dialog.start.setDate(QDate(2027, 3, 1))
    dialog.has_target.setChecked(True)
    dialog.target.setDate(QDate(2027, 5, 14))
    dialog.show()
    shots.take(dialog, "03-new-release-from-template")
    dialog.create_release()
    assert dialog.release_id is not None
    settle(window)
    return dialog.release_id


def schedule_and_link(window: MainWindow, shots: Shots, rid: int) -> None:
    """Shorten a task, link to the payments release, show the timeline and problems."""
    document = window.document
    assert document is not None and window.timeline is not None
    data = document.snapshot.data  # type: ignore[union-attr]
    payments = next(r.id for r in data.releases if r.name.startswith("Payments"))
    sepa = task_id(window, payments, "Build SEPA instant payments service")
    build = task_id(window, rid, "Build and integrate changes")
    document.update("task", build, {"duration": 12}, "Set duration")
    document.link(sepa, build, DependencyType.FS, 2)
    settle(window)
    window.tabs.setCurrentWidget(window.timeline)
    window.timeline.set_zoom(Zoom.WEEK)
    window.timeline.collapse_all()
    window.timeline.set_folded((RowKind.RELEASE, rid), False)
    window.timeline.select_keys([(RowKind.TASK, build)])
    window.timeline.splitter.setSizes([window.timeline.table_width() - 90, 4000])
    scroll_chart_to(window, date(2027, 2, 26))
    window.problems_dock.raise_()
    shots.take(window, "04-timeline")
    deps = window.views[0]
    deps.set_mode(GraphMode.RELEASES)
    window.tabs.setCurrentWidget(deps)
    pump(1500)
    shots.take(deps, "05-cross-release-dependency")


def add_risks(window: MainWindow, shots: Shots, rid: int) -> None:
    document = window.document
    assert document is not None
    build = task_id(window, rid, "Build and integrate changes")
    for title, p, i, owner, mitigation in (
        ("SEPA service late from Payments", 3, 4, "Priya Shah",
         "Weekly sync with Payments; stub the service for integration tests"),
        ("Supplier sandbox unavailable", 2, 3, "Acme Card Services",
         "Book the sandbox for the whole test phase"),
        ("Consent screens fail accessibility audit", 2, 4, "Mobile Team",
         "Audit the designs before the build starts"),
    ):  # fmt: skip
        document.create(
            "risk",
            {
                "release_id": rid,
                "task_id": build if p == 3 else None,
                "title": title,
                "probability": p,
                "impact": i,
                "owner": owner,
                "mitigation": mitigation,
                "review_date": date(2027, 3, 15),
            },
            "Add risk",
        )
    settle(window)
    risks = window.views[1]
    window.tabs.setCurrentWidget(risks)
    shots.take(risks, "06-risks")


def exchange_with_supplier(window: MainWindow, shots: Shots, rid: int, tmp: Path) -> None:
    """Export the release, let the 'supplier' edit it, import it back through the real flow."""
    document = window.document
    assert document is not None
    interaction = GuideInteraction(shots, window.context.settings, window)
    window.exchange_interaction = interaction
    # A supplier's own sheet first: the mapping dialog (cancelled here).
    own = tmp / "Acme schedule.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Schedule"
    sheet.append(["Acme Card Services — delivery plan"])
    sheet.append([])
    sheet.append(["WBS", "Activity", "Begin", "End", "Days", "Predecessors", "Owner", "% done"])
    sheet.append(["1", "Sandbox ready", date(2027, 3, 8), date(2027, 3, 10), 3, "", "Acme", 0])
    sheet.append(["2", "API changes", date(2027, 3, 11), date(2027, 3, 19), 7, "1FS", "Acme", 0])
    sheet.append(["3", "Certification", date(2027, 3, 22), date(2027, 3, 24), 3, "2FS+1d", "", 0])
    book.save(own)
    window.import_workbook(own)
    # Our own workbook, returned with changes: straight to the merge preview.
    returned = tmp / "open-banking-api.xlsx"
    excel.export_workbook(document.service, returned, release=RELEASE)
    book = openpyxl.load_workbook(returned)
    sheet = book["Tasks"]
    header = [c.value for c in sheet[1]]
    col = {name: header.index(name) + 1 for name in header if name}
    for row in range(2, sheet.max_row + 1):
        name = sheet.cell(row, col["Name"]).value
        if name == "Build and integrate changes":
            sheet.cell(row, col["Duration (days)"]).value = 15
            sheet.cell(row, col["% Complete"]).value = 20
            sheet.cell(row, col["Notes"]).value = "Acme: two extra API endpoints"
        if name == "System integration test":
            sheet.cell(row, col["Duration (days)"]).value = 6
    book.save(returned)
    window.import_workbook(returned)
    settle(window)


def reach_go_no_go(window: MainWindow, shots: Shots, rid: int) -> None:
    """Gates: pass most, waive one with a reason; the banner says Go."""
    document = window.document
    assert document is not None
    readiness = window.views[2]
    window.tabs.setCurrentWidget(readiness)
    readiness.set_release(rid)
    pump(200)
    readiness.ask_reason = lambda _name: (
        "Low-risk API release; CAB chair approved by e-mail on 12 Apr 2027"
    )
    evidence = {
        "Test exit criteria met": "SIT and UAT exit reports, 3 May",
        "No open severity-1 defects": "Defect board export, 4 May",
        "Security scan passed": "SAST/DAST report #5521",
        "Release notes published": "Confluence: Open Banking API 1.0 notes",
    }
    for gate in list(readiness.gates.model.records):
        values: dict[str, object] = {"approver": "Dana Ortiz", "decided_on": date(2027, 5, 4)}
        if gate.name in evidence:
            values |= {"status": GateStatus.PASSED.value, "evidence": evidence[gate.name]}
        document.update("gate", gate.id, values, "Decide gate")
        settle(window)
        if gate.name not in evidence:
            readiness.set_release(rid)
            readiness.set_gate_status(gate.id, GateStatus.WAIVED)
            settle(window)
    data = document.snapshot.data  # type: ignore[union-attr]
    for stakeholder, raci in zip(data.stakeholders[:3], ("A", "R", "I"), strict=False):
        readiness.set_release(rid)
        readiness.add_stakeholder(stakeholder.id, Raci(raci))
        settle(window)
    window.problems_dock.hide()
    window.history_dock.hide()
    readiness.set_release(rid)
    readiness.tabs.setCurrentWidget(readiness.rollout)
    split = next(
        w
        for w in readiness.findChildren(QSplitter)
        if w.orientation() == Qt.Orientation.Horizontal and w.parentWidget() is readiness
    )
    sizes = split.sizes()
    split.setSizes([sum(sizes) - 250, 250])  # room for every gate column, waiver reason too
    shots.take(readiness, "09-readiness-go-no-go")
    split.setSizes(sizes)


def export_pack(window: MainWindow, shots: Shots, rid: int) -> None:
    document = window.document
    assert document is not None
    dialog = PackDialog(document.service, window)
    dialog.scope.setCurrentIndex(dialog.scope.findData(rid))
    dialog.resize(760, dialog.sizeHint().height())
    dialog.show()
    shots.take(dialog, "10-release-pack")
    dialog.close()


def hold_pir(window: MainWindow, shots: Shots, rid: int) -> None:
    document = window.document
    assert document is not None
    document.update("release", rid, {"status": "deployed"}, "Deployed")
    review = document.create(
        "review",
        {
            "release_id": rid,
            "held_on": date(2027, 4, 30),
            "outcome": "Successful: live on the planned date with one minor incident.",
            "incidents": "INC-31877: consent page slow for 15 minutes after the switch.",
            "went_well": "Supplier sandbox booked early; the Excel round-trip caught the "
            "extra API work a week before it hurt.",
            "went_badly": "System integration test needed two extra days for test data.",
        },
        "Hold PIR",
    )
    assert review is not None
    for action, owner, due in (
        ("Script the test-data load for SIT", "QA & Test", date(2027, 5, 14)),
        ("Add the consent page to the performance test", "Platform Team", date(2027, 5, 28)),
    ):
        document.create(
            "review_action",
            {"review_id": review, "action": action, "owner": owner, "due": due},
            "Add action",
        )
    settle(window)
    readiness = window.views[2]
    window.tabs.setCurrentWidget(readiness)
    readiness.set_release(rid)
    readiness.tabs.setCurrentWidget(readiness.review)
    split = next(
        w
        for w in readiness.findChildren(QSplitter)
        if w.orientation() == Qt.Orientation.Horizontal and w.parentWidget() is readiness
    )
    split.setSizes([520, sum(split.sizes()) - 520])
    for box in readiness.review.findChildren(QPlainTextEdit):
        box.setMaximumHeight(90)  # on a 1000-pixel screen the actions table needs the room
    shots.take(readiness, "11-post-implementation-review")


def main(out: Path) -> None:
    app = make_application([])
    tmp = Path(tempfile.mkdtemp())
    plan = tmp / "Digital Banking 2027.relm"
    build_demo(plan, start=START).close()
    shots = Shots(out)
    window = MainWindow(AppContext.for_file(tmp / "settings.ini"))
    window.set_scheme(Scheme.LIGHT)
    window.resize(1600, 1000)
    window.show()
    pump(300)
    welcome_and_about(window, shots, plan)
    assert window.open_plan(plan)
    settle(window)
    rid = create_release(window, shots)
    schedule_and_link(window, shots, rid)
    add_risks(window, shots, rid)
    exchange_with_supplier(window, shots, rid, tmp)
    reach_go_no_go(window, shots, rid)
    export_pack(window, shots, rid)
    hold_pir(window, shots, rid)
    window.close()
    QApplication.processEvents()
    del app


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/images/guide"))
