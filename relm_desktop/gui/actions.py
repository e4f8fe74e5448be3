"""Every action of the application, declared once.

Menus, the toolbar and the keyboard-shortcut reference are all built from
``ACTIONS`` (git-cola keeps its hotkeys in one table the same way).
Shortcuts are written with ``Ctrl``, which Qt maps to ⌘ on macOS.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QActionGroup, QIcon, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar, QToolBar, QToolButton, QWidget

from relm_desktop.gui.resources import icon_path


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


ACTIONS: tuple[ActionSpec, ...] = (
    # File
    ActionSpec(
        "relm.file.new",
        "&New Plan…",
        "&File",
        "new_plan",
        ("Ctrl+N",),
        "document-new",
        toolbar=True,
    ),
    ActionSpec(
        "relm.file.open",
        "&Open…",
        "&File",
        "open_dialog",
        ("Ctrl+O",),
        "document-open",
        toolbar=True,
    ),
    ActionSpec(
        "relm.file.open_server",
        "Open Ser&ver Plan…",
        "&File",
        "open_server_dialog",
        ("Ctrl+Alt+O",),
        tip="Open a plan on the team's PostgreSQL server (postgresql://user@host/database)",
    ),
    ActionSpec(
        "relm.file.offline_copy",
        "Take O&ffline Copy…",
        "&File",
        "take_offline_copy_dialog",
        when="plan",
        tip="Copy the server plan into a file to plan offline; File ▸ Sync brings it back",
    ),
    ActionSpec(
        "relm.file.sync",
        "S&ync",
        "&File",
        "sync_plan",
        ("F9",),
        when="plan",
        tip="Send an offline copy's edits to its server and bring the server's down",
    ),
    ActionSpec(
        "relm.file.save",
        "&Save",
        "&File",
        "save",
        ("Ctrl+S",),
        when="plan",
        tip="Every edit is saved as you make it",
        separator_before=True,
    ),
    ActionSpec(
        "relm.file.save_as",
        "Save &As…",
        "&File",
        "save_as",
        ("Ctrl+Shift+S",),
        "document-save-as",
        "plan",
    ),
    ActionSpec(
        "relm.file.import_xlsx",
        "&Import Excel Workbook…",
        "&File",
        "import_xlsx_dialog",
        ("Ctrl+I",),
        "import-xlsx",
        when="writable",
        tip="Bring a team's or supplier's schedule in, with a merge preview",
        separator_before=True,
    ),
    ActionSpec(
        "relm.file.export_xlsx",
        "&Export Excel Workbook…",
        "&File",
        "export_xlsx_dialog",
        ("Ctrl+E",),
        "export-xlsx",
        when="plan",
    ),
    # Other tools' files (gui/handlers_interchange.py): imports show the merge preview.
    ActionSpec(
        "relm.file.import_msproject",
        "&MS Project Plan (.xml, .mpp)…",
        "&File/Import From Ot&her Tools",
        "import_msproject_dialog",
        when="writable",
        tip="Bring a supplier's MS Project plan in, with a merge preview",
    ),
    ActionSpec(
        "relm.file.import_gan",
        "&GanttProject File (.gan)…",
        "&File/Import From Ot&her Tools",
        "import_gan_dialog",
        when="writable",
    ),
    ActionSpec(
        "relm.file.import_csv",
        "&CSV File…",
        "&File/Import From Ot&her Tools",
        "import_csv_dialog",
        when="writable",
        tip="A ticket system's or spreadsheet's CSV dump, columns mapped as for Excel",
    ),
    ActionSpec(
        "relm.file.import_ods",
        "&OpenDocument Spreadsheet (.ods)…",
        "&File/Import From Ot&her Tools",
        "import_ods_dialog",
        when="writable",
    ),
    ActionSpec(
        "relm.file.export_msproject",
        "&MS Project XML…",
        "&File/E&xport To Other Tools",
        "export_msproject_dialog",
        when="plan",
        tip="A plan MS Project and ProjectLibre open: calendar, links, baselines, progress",
    ),
    ActionSpec(
        "relm.file.export_csv",
        "&CSV File…",
        "&File/E&xport To Other Tools",
        "export_csv_dialog",
        when="plan",
    ),
    ActionSpec(
        "relm.file.export_ics",
        "Export Ca&lendar (.ics)…",
        "&File",
        "export_ics_dialog",
        when="plan",
        tip="Go-lives, milestones, freeze windows and gates for Outlook or Google Calendar",
    ),
    ActionSpec(
        "relm.file.export_pack",
        "Export Release &Pack (PDF)…",
        "&File",
        "export_pack_dialog",
        ("Ctrl+Shift+P",),
        "export-pdf",
        when="plan",
        toolbar=True,
    ),
    ActionSpec(
        "relm.file.print_preview",
        "Print Pre&view…",
        "&File",
        "print_preview",
        ("Ctrl+Shift+O",),
        when="plan",
        tip="See the timeline's printed pages",
        separator_before=True,
    ),
    ActionSpec(
        "relm.file.print",
        "P&rint…",
        "&File",
        "print_timeline",
        ("Ctrl+P",),
        when="plan",
        tip="Print the timeline: the table's columns and the chart, paged down and across",
    ),
    ActionSpec(
        "relm.file.close",
        "&Close",
        "&File",
        "close_plan",
        ("Ctrl+W",),
        when="plan",
        separator_before=True,
    ),
    ActionSpec("relm.file.quit", "&Quit", "&File", "close", ("Ctrl+Q",), separator_before=True),
    # Edit
    ActionSpec(
        "relm.edit.undo",
        "&Undo",
        "&Edit",
        "undo",
        ("Ctrl+Z",),
        "edit-undo",
        "can_undo",
        toolbar=True,
    ),
    ActionSpec(
        "relm.edit.redo",
        "&Redo",
        "&Edit",
        "redo",
        ("Ctrl+Shift+Z", "Ctrl+Y"),
        "edit-redo",
        "can_redo",
        toolbar=True,
    ),
    # Cut, copy, paste and duplicate tasks with their subtrees (gui.handlers_outline)
    ActionSpec(
        "relm.edit.cut",
        "C&ut",
        "&Edit",
        "cut_tasks",
        ("Ctrl+X",),
        when="task",
        tip="Cut the selected tasks: paste them elsewhere to move them, keeping their links",
        separator_before=True,
    ),
    ActionSpec(
        "relm.edit.copy",
        "&Copy",
        "&Edit",
        "copy_tasks",
        ("Ctrl+C",),
        when="task",
        tip="Copy the selected tasks with their subtasks (also as text for a spreadsheet)",
    ),
    ActionSpec(
        "relm.edit.paste",
        "&Paste",
        "&Edit",
        "paste_tasks",
        ("Ctrl+V",),
        when="item",
        tip="Paste the copied or cut tasks after the selected row",
    ),
    ActionSpec(
        "relm.edit.duplicate",
        "Dupl&icate",
        "&Edit",
        "duplicate_tasks",
        ("Ctrl+D",),
        when="task",
        tip="Copies of the selected tasks, with the links among them, right below them",
    ),
    ActionSpec(
        "relm.edit.find",
        "&Find…",
        "&Edit",
        "find_in_plan",
        ("Ctrl+F",),
        "find",
        "plan",
        separator_before=True,
    ),
    ActionSpec(
        "relm.task.new",
        "New &Task",
        "&Edit",
        "new_task",
        ("Ins",),
        "task-new",
        "plan",
        toolbar=True,
        separator_before=True,
        label=True,
    ),
    ActionSpec("relm.task.rename", "&Rename", "&Edit", "rename", ("F2",), when="item"),
    ActionSpec(
        "relm.task.delete",
        "&Delete",
        "&Edit",
        "delete_selection",
        ("Del",),
        "edit-delete",
        "task",
        toolbar=True,
    ),
    ActionSpec(
        "relm.task.link",
        "&Link Tasks",
        "&Edit",
        "link_selection",
        ("Ctrl+L",),
        "link",
        "two_tasks",
        toolbar=True,
        label=True,
        tip="Link the selected tasks finish-to-start, in selection order",
    ),
    ActionSpec(
        "relm.task.milestone",
        "Toggle &Milestone",
        "&Edit",
        "toggle_milestone",
        ("Ctrl+M",),
        when="task",
    ),
    ActionSpec(
        "relm.plan.baseline",
        "Save &Baseline",
        "&Edit",
        "save_baseline",
        ("Ctrl+B",),
        when="plan",
        separator_before=True,
    ),
    # View
    ActionSpec(
        "relm.view.zoom_in",
        "Zoom &In",
        "&View",
        "zoom_in",
        ("Ctrl+=", "Ctrl++"),
        "zoom-in",
        "plan",
        toolbar=True,
    ),
    ActionSpec(
        "relm.view.zoom_out",
        "Zoom &Out",
        "&View",
        "zoom_out",
        ("Ctrl+-",),
        "zoom-out",
        "plan",
        toolbar=True,
    ),
    ActionSpec(
        "relm.view.zoom_reset", "&Reset Zoom", "&View", "zoom_reset", ("Ctrl+0",), when="plan"
    ),
    ActionSpec(
        "relm.view.zoom.day",
        "&Days",
        "&View/&Zoom",
        "zoom_day",
        ("Ctrl+1",),
        when="plan",
        checkable=True,
        group="zoom",
    ),
    ActionSpec(
        "relm.view.zoom.week",
        "&Weeks",
        "&View/&Zoom",
        "zoom_week",
        ("Ctrl+2",),
        when="plan",
        checkable=True,
        checked=True,
        group="zoom",
    ),
    ActionSpec(
        "relm.view.zoom.month",
        "&Months",
        "&View/&Zoom",
        "zoom_month",
        ("Ctrl+3",),
        when="plan",
        checkable=True,
        group="zoom",
    ),
    ActionSpec(
        "relm.view.zoom.quarter",
        "&Quarters",
        "&View/&Zoom",
        "zoom_quarter",
        ("Ctrl+4",),
        when="plan",
        checkable=True,
        group="zoom",
    ),
    ActionSpec(
        "relm.view.zoom.fit",
        "Zoom to &Fit",
        "&View/&Zoom",
        "zoom_fit",
        ("Ctrl+Shift+F",),
        when="plan",
        tip="The whole plan across the chart",
        separator_before=True,
    ),
    ActionSpec(
        "relm.view.zoom.selection",
        "Zoom to &Selection",
        "&View/&Zoom",
        "zoom_selection",
        ("Ctrl+Alt+F",),
        when="item",
        tip="The selected rows' dates across the chart",
    ),
    # View ▸ Filter and Group By change what the timeline shows, never the plan.
    ActionSpec(
        "relm.view.filter.all",
        "&All Tasks",
        "&View/&Filter",
        "filter_all",
        when="plan",
        checkable=True,
        checked=True,
        group="filter",
    ),
    ActionSpec(
        "relm.view.filter.critical",
        "&Critical Tasks",
        "&View/&Filter",
        "filter_critical",
        when="plan",
        checkable=True,
        group="filter",
    ),
    ActionSpec(
        "relm.view.filter.late",
        "&Late Tasks",
        "&View/&Filter",
        "filter_late",
        when="plan",
        checkable=True,
        group="filter",
        tip="Tasks finishing after their baseline, or overdue at the status date",
    ),
    ActionSpec(
        "relm.view.filter.milestones",
        "&Milestones",
        "&View/&Filter",
        "filter_milestones",
        when="plan",
        checkable=True,
        group="filter",
    ),
    ActionSpec(
        "relm.view.filter.team",
        "By &Team…",
        "&View/&Filter",
        "filter_team",
        when="plan",
        checkable=True,
        group="filter",
        separator_before=True,
    ),
    ActionSpec(
        "relm.view.filter.environment",
        "By &Environment…",
        "&View/&Filter",
        "filter_environment",
        when="plan",
        checkable=True,
        group="filter",
    ),
    ActionSpec(
        "relm.view.group.phase",
        "&Release and Phase",
        "&View/&Group By",
        "group_by_phase",
        when="plan",
        checkable=True,
        checked=True,
        group="grouping",
    ),
    ActionSpec(
        "relm.view.group.team",
        "&Team",
        "&View/&Group By",
        "group_by_team",
        when="plan",
        checkable=True,
        group="grouping",
    ),
    ActionSpec(
        "relm.view.group.environment",
        "&Environment",
        "&View/&Group By",
        "group_by_environment",
        when="plan",
        checkable=True,
        group="grouping",
    ),
    ActionSpec(
        "relm.view.today",
        "Go to &Today",
        "&View",
        "go_today",
        ("Ctrl+T",),
        "today",
        "plan",
        toolbar=True,
    ),
    ActionSpec(
        "relm.view.critical",
        "&Critical Path",
        "&View",
        "toggle_critical",
        ("Ctrl+Shift+C",),
        "critical",
        "plan",
        toolbar=True,
        checkable=True,
        checked=True,
        label=True,
        separator_before=True,
    ),
    ActionSpec(
        "relm.view.baseline",
        "&Baseline",
        "&View",
        "toggle_baseline",
        ("Ctrl+Shift+B",),
        "baseline",
        "plan",
        toolbar=True,
        checkable=True,
        label=True,
    ),
    ActionSpec(
        "relm.view.expand",
        "E&xpand All",
        "&View",
        "expand_all",
        ("Ctrl+Shift+E",),
        when="plan",
        separator_before=True,
    ),
    ActionSpec(
        "relm.view.collapse",
        "Co&llapse All",
        "&View",
        "collapse_all",
        ("Ctrl+Shift+W",),
        when="plan",
    ),
    ActionSpec(
        "relm.view.graph_focus",
        "Focus &Graph on Selection",
        "&View",
        "toggle_graph_focus",
        ("Ctrl+Shift+G",),
        when="plan",
        checkable=True,
        tip="Dependencies: only the selected task's upstream and downstream (Esc leaves)",
        separator_before=True,
    ),
    ActionSpec(
        "relm.view.columns",
        "Colu&mns…",
        "&View",
        "choose_columns",
        when="plan",
        tip="Choose the task table's columns and their order",
        separator_before=True,
    ),
    ActionSpec(
        "relm.view.theme.system",
        "&System",
        "&View/&Appearance",
        "theme_system",
        checkable=True,
        checked=True,
        group="theme",
    ),
    ActionSpec(
        "relm.view.theme.light",
        "&Light",
        "&View/&Appearance",
        "theme_light",
        checkable=True,
        group="theme",
    ),
    ActionSpec(
        "relm.view.theme.dark",
        "&Dark",
        "&View/&Appearance",
        "theme_dark",
        checkable=True,
        group="theme",
    ),
    ActionSpec(
        "relm.view.reset_layout",
        "Reset &Layout",
        "&View",
        "reset_layout",
        tip="Every panel back where it first was, at its first size",
        separator_before=True,
    ),
    # Plan: its setup, each item opening Plan Settings on its page (gui.handlers_setup)
    ActionSpec(
        "relm.plan.working_time",
        "&Working Time and Holidays…",
        "&Plan",
        "working_time_settings",
        when="writable",
        tip="Working weekdays, a country's public holidays and named days off",
    ),
    ActionSpec(
        "relm.plan.freeze_windows",
        "&Freeze Windows…",
        "&Plan",
        "freeze_window_settings",
        when="writable",
        tip="Periods in which no deployment may run, per environment",
    ),
    ActionSpec(
        "relm.plan.status_date",
        "Status &Date…",
        "&Plan",
        "status_date_dialog",
        when="writable",
        tip="The date overdue work, slip and release packs are measured as of",
    ),
    ActionSpec(
        "relm.plan.environments",
        "&Environments…",
        "&Plan",
        "environment_settings",
        when="writable",
        separator_before=True,
    ),
    ActionSpec(
        "relm.plan.teams",
        "&Teams and Suppliers…",
        "&Plan",
        "team_settings",
        when="writable",
    ),
    ActionSpec(
        "relm.plan.stakeholders",
        "&Stakeholders…",
        "&Plan",
        "stakeholder_settings",
        when="writable",
    ),
    # Task
    ActionSpec(
        "relm.task.info",
        "Task &Information…",
        "&Task",
        "task_information",
        ("Shift+F2",),
        when="task",
        tip="General, predecessors with type and lag, constraint and notes of the task",
        separator_before=True,
    ),
    # The outline: summary tasks, order, phases and releases (gui.handlers_outline)
    ActionSpec(
        "relm.task.indent",
        "Inden&t",
        "&Task",
        "indent_tasks",
        ("Alt+Shift+Right",),
        when="task",
        tip="Make the selected tasks subtasks of the task above them",
        separator_before=True,
    ),
    ActionSpec(
        "relm.task.outdent",
        "&Outdent",
        "&Task",
        "outdent_tasks",
        ("Alt+Shift+Left",),
        when="task",
        tip="Move the selected tasks up a level, out of their summary task",
    ),
    ActionSpec(
        "relm.task.move_up",
        "Move &Up",
        "&Task",
        "move_tasks_up",
        ("Alt+Shift+Up",),
        when="task",
        tip="Swap the selected tasks, with their subtasks, with the task above",
    ),
    ActionSpec(
        "relm.task.move_down",
        "Move &Down",
        "&Task",
        "move_tasks_down",
        ("Alt+Shift+Down",),
        when="task",
        tip="Swap the selected tasks, with their subtasks, with the task below",
    ),
    ActionSpec(
        "relm.task.move_to_phase",
        "Move to &Phase…",
        "&Task",
        "move_to_phase",
        when="task",
        tip="Move the selected tasks, with their subtasks, to the end of another phase",
    ),
    ActionSpec(
        "relm.task.move_to_release",
        "Move to &Release…",
        "&Task",
        "move_to_release",
        when="task",
        tip="Move the selected tasks, with their subtasks and links, to another release",
    ),
    ActionSpec(
        "relm.task.new_release",
        "&New Release…",
        "&Task",
        "new_release",
        when="writable",
        tip="A release, blank or from a template, last in the plan",
        separator_before=True,
    ),
    ActionSpec(
        "relm.task.new_phase",
        "New P&hase…",
        "&Task",
        "new_phase",
        when="item",
        tip="A phase in the selected row's release, after the selected phase",
    ),
    ActionSpec(
        "relm.task.delete_release",
        "Delete Rele&ase…",
        "&Task",
        "delete_release",
        when="item",
        tip="Delete the selected release with its phases, tasks, links, risks and gates",
    ),
    # Help
    ActionSpec(
        "relm.help.shortcuts", "&Keyboard Shortcuts", "&Help", "show_shortcuts", ("Ctrl+/",)
    ),
    ActionSpec("relm.help.about", "&About RELM Desktop", "&Help", "about"),
)

MENU_ORDER = ("&File", "&Edit", "&View", "&Task", "&Plan", "&Help")
NATIVE = QKeySequence.SequenceFormat.NativeText


def spec(action_id: str) -> ActionSpec:
    for item in ACTIONS:
        if item.id == action_id:
            return item
    raise KeyError(action_id)


def load_icon(name: str) -> QIcon:
    if not name:
        return QIcon()
    path: Path | None = icon_path(name)
    return QIcon(str(path)) if path else QIcon.fromTheme(name)


def build_actions(
    owner: QWidget, handlers: Callable[[str], Callable[..., object]]
) -> dict[str, QAction]:
    """Create a QAction per spec, wired to ``handlers(spec.handler)``."""
    actions: dict[str, QAction] = {}
    groups: dict[str, QActionGroup] = {}
    for item in ACTIONS:
        action = QAction(load_icon(item.icon), item.text, owner)
        action.setObjectName(item.id)
        if item.shortcuts:
            action.setShortcuts([QKeySequence(s) for s in item.shortcuts])
        tip = item.tip or item.text.replace("&", "").rstrip("…")
        if item.shortcuts:
            native = QKeySequence(item.shortcuts[0]).toString(NATIVE)
            tip += f" ({native})"
        action.setToolTip(tip)
        action.setStatusTip(item.tip)
        if item.checkable:
            action.setCheckable(True)
            action.setChecked(item.checked)
        if item.group:
            groups.setdefault(item.group, QActionGroup(owner)).addAction(action)
        action.triggered.connect(handlers(item.handler))
        owner.addAction(action)  # shortcuts work even when the menu bar is hidden
        actions[item.id] = action
    return actions


def build_menus(menubar: QMenuBar, actions: dict[str, QAction]) -> dict[str, QMenu]:
    """Menus in ``MENU_ORDER``; a ``menu`` like "&View/&Zoom" makes a submenu."""
    menus: dict[str, QMenu] = {}
    for title in MENU_ORDER:
        menus[title] = menubar.addMenu(title)
    for item in ACTIONS:
        path = item.menu.split("/")
        if item.menu not in menus:
            parent = menus[path[0]]
            menus[item.menu] = parent.addMenu(path[-1])
        menu = menus[item.menu]
        if item.separator_before:
            menu.addSeparator()
        menu.addAction(actions[item.id])
    return menus


def build_toolbar(toolbar: QToolBar, actions: dict[str, QAction]) -> None:
    """Icon buttons, with the text beside the icon for the few ``label`` commands."""
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
    toolbar.setIconSize(QSize(20, 20))
    previous_menu = ""
    for item in ACTIONS:
        if not item.toolbar:
            continue
        if previous_menu and item.menu != previous_menu:
            toolbar.addSeparator()
        action = actions[item.id]
        toolbar.addAction(action)
        button = toolbar.widgetForAction(action)
        if item.label and isinstance(button, QToolButton):
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        previous_menu = item.menu


def shortcut_rows() -> list[tuple[str, str, str]]:
    """(menu, command, shortcuts) for the Help → Keyboard Shortcuts reference."""
    rows = []
    for item in ACTIONS:
        if not item.shortcuts:
            continue
        keys = ", ".join(
            QKeySequence(s).toString(QKeySequence.SequenceFormat.NativeText) for s in item.shortcuts
        )
        menu = item.menu.replace("&", "").replace("/", " › ")
        rows.append((menu, item.text.replace("&", "").rstrip("…"), keys))
    return rows
