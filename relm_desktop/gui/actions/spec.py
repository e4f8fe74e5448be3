"""One user command, as the action table declares it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ActionSpec:
    """One user command.

    ``handler`` names a method of the main window; ``when`` names one of its
    enabling conditions (see ``MainWindow.conditions``); ``group`` makes the
    actions sharing it exclusive (radio items).
    """

    id: str
    text: str
    menu: str
    handler: str
    shortcuts: tuple[str, ...] = ()
    icon: str = ""
    when: str = "always"
    toolbar: bool = False
    checkable: bool = False
    checked: bool = False
    group: str = ""
    tip: str = ""
    separator_before: bool = False
    #: On the toolbar, show the text beside the icon (the few key commands).
    label: bool = False
