"""Screenshots of Plan Settings (every page), the uses question and New Plan, both palettes.

QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.gui_setup.screenshots OUT_DIR [WxH]

Each dialog is drawn over the main window (1280×720 by default) where it
opens, as a user sees it; the demo plan gives every page rows to show.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from relm_desktop.gui.main_window import MainWindow
from relm_desktop.gui.setup.dialog import Page, PlanSettingsDialog
from relm_desktop.gui.setup.new_plan import NewPlanDialog
from relm_desktop.gui.theme import Scheme
from tests.shots import arguments, demo_window, over_window, pump, when_modal


def stage_an_overlap(dialog: PlanSettingsDialog) -> None:
    """A second freeze window over the demo's first, so the page shows its overlap mark."""
    page = dialog.freeze_windows
    first = page.model.rows[0]
    page.add_row()
    page.model.set_value(len(page.model.rows) - 1, "start", first["start"] + timedelta(days=2))
    page.model.set_value(len(page.model.rows) - 1, "finish", first["finish"] + timedelta(days=4))
    page.model.set_value(len(page.model.rows) - 1, "name", "Release weekend freeze")
    page.rows_changed()
    page.select(0)


def main(out: Path, width: int, height: int) -> None:
    with demo_window(width, height) as (window, _plan):
        assert window.document is not None
        for scheme in (Scheme.LIGHT, Scheme.DARK):
            window.set_scheme(scheme)
            pump(300)
            for page in Page:
                dialog = window.plan_settings(page)
                assert dialog is not None
                if page is Page.FREEZE_WINDOWS:
                    stage_an_overlap(dialog)
                pump(300)
                name = f"settings-{page.name.lower()}-{scheme.value}.png"
                over_window(window, dialog).save(str(out / name))
                if page is Page.ENVIRONMENTS:
                    uses_question(window, dialog, out / f"uses-question-{scheme.value}.png")
                dialog.reject()
                pump(100)
            new_plan = NewPlanDialog(window.document, window)
            new_plan.show()
            pump(300)
            over_window(window, new_plan).save(str(out / f"new-plan-{scheme.value}.png"))
            new_plan.close()
        print("wrote", out)


def uses_question(window: MainWindow, dialog: PlanSettingsDialog, path: Path) -> None:
    """The question Remove asks for the environment the demo uses most."""
    page = dialog.environments
    page.select(next(i for i, row in enumerate(page.model.rows) if row["name"] == "Production"))

    def shoot(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        over_window(window, box).save(str(path))
        box.reject()

    when_modal(QMessageBox, shoot, delay=300)
    page.remove_current()


if __name__ == "__main__":
    main(*arguments("/tmp/setup-shots"))
