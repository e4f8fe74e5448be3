"""The settings pages' table model passes Qt's model checks while rows come and go."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt

from relm_desktop.gui.setup.freeze_page import FIELDS
from relm_desktop.gui.setup.model import StagedModel


def test_staged_rows_pass_the_model_tester(qtmodeltester: Any) -> None:
    model = StagedModel(FIELDS)
    model.names = {1: "Production", 2: "Test"}
    window = {"start": date(2027, 1, 4), "finish": date(2027, 1, 8), "reason": ""}
    model.set_rows([{"id": 1, "name": "A", "environment_ids": (1, 2), **window}])
    qtmodeltester.check(model, force_py=True)
    model.append({"id": None, "name": "B", "environment_ids": (), **window})
    model.set_value(1, "name", "B2")
    assert model.data(model.index(0, 3)) == "Production, Test"
    assert model.data(model.index(1, 3)) == "All environments"
    assert model.data(model.index(1, 0)) == "B2"
    assert model.data(model.index(1, 1)) == "2027-01-04"
    assert model.headerData(2, Qt.Orientation.Horizontal) == "Finish"
    model.remove(0)
    assert model.rowCount() == 1
    qtmodeltester.check(model, force_py=True)
