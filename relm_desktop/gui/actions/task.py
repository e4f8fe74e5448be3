"""The Task menu: Task Information and the outline (summaries, order, releases)."""

from __future__ import annotations

from relm_desktop.gui.actions.spec import ActionSpec

TASK: tuple[ActionSpec, ...] = (
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
)
