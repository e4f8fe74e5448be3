"""The Problems panel shows the scheduler's dates in the app's one date format."""

from __future__ import annotations

from datetime import date

import pytest

from relm_desktop.gui import dates
from relm_desktop.gui.docks.problems import ProblemsModel, localized
from relm_desktop.scheduling.model import Conflict, ConflictKind


@pytest.mark.parametrize("locale_name", ["de_DE"], indirect=True)
def test_iso_dates_in_a_conflict_message_follow_the_locale(locale_name: str) -> None:
    message = "'Deploy' moved from 2027-01-20 to 2027-01-25 out of freeze window 'Q1'"
    shown = localized(message)
    assert "2027-01-20" not in shown
    assert dates.format_date(date(2027, 1, 20)) in shown
    assert dates.format_date(date(2027, 1, 25)) in shown
    assert localized("build 2027-13-45 failed") == "build 2027-13-45 failed"
    model = ProblemsModel()
    model.set_problems([Conflict(ConflictKind.FREEZE, message)])
    assert model.data(model.index(0, 1)) == shown


@pytest.mark.parametrize("locale_name", ["de_DE"], indirect=True)
def test_plan_settings_tables_use_the_same_format(locale_name: str) -> None:
    from relm_desktop.gui.setup.model import show_date

    assert show_date(date(2027, 3, 31)) == dates.format_date(date(2027, 3, 31)) == "31.03.2027"
