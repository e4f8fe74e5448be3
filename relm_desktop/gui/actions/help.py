"""The Help menu."""

from __future__ import annotations

from relm_desktop.gui.actions.spec import ActionSpec

HELP: tuple[ActionSpec, ...] = (
    ActionSpec(
        "relm.help.shortcuts", "&Keyboard Shortcuts", "&Help", "show_shortcuts", ("Ctrl+/",)
    ),
    ActionSpec("relm.help.about", "&About RELM Desktop", "&Help", "about"),
)
