"""The whole action table, in menu order: what menus, the toolbar and shortcut help read."""

from __future__ import annotations

from relm_desktop.gui.actions.edit import EDIT
from relm_desktop.gui.actions.file import FILE
from relm_desktop.gui.actions.help import HELP
from relm_desktop.gui.actions.plan import PLAN
from relm_desktop.gui.actions.spec import ActionSpec
from relm_desktop.gui.actions.task import TASK
from relm_desktop.gui.actions.view import VIEW

#: Every action, in the order menus list them and the toolbar shows them.
ACTIONS: tuple[ActionSpec, ...] = (*FILE, *EDIT, *VIEW, *PLAN, *TASK, *HELP)

MENU_ORDER = ("&File", "&Edit", "&View", "&Task", "&Plan", "&Help")
