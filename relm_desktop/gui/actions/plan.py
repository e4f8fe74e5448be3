"""The Plan menu: plan setup and the status date."""

from __future__ import annotations

from relm_desktop.gui.actions.spec import ActionSpec

PLAN: tuple[ActionSpec, ...] = (
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
)
