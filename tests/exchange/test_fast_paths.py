"""The fast readers and writers give exactly what the general ones give."""

from __future__ import annotations

import random
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from relm_desktop.domain.audit import ChangeRecord
from relm_desktop.domain.models import Task
from relm_desktop.exchange.predecessors import parse_predecessors
from relm_desktop.exchange.xlsx import layout as lay
from relm_desktop.exchange.xlsx.convert import SLOW, fast_converter, fast_links
from relm_desktop.exchange.xlsx.model import LinkRef, ParsedImport
from relm_desktop.exchange.xlsx.native import _Cells
from relm_desktop.exchange.xlsx.read import _has_formula
from relm_desktop.services import excel
from relm_desktop.services.plan import PlanService

CELLS = [
    None,
    "",
    "  ",
    "text",
    "  padded  ",
    "yes",
    " No ",
    "maybe",
    "5",
    "5d",
    "50%",
    "a; b ;; c",
    "Planned",
    "in progress",
    "bogus",
    "ASAP",
    "12SS+2d",
    "2026-03-05",
    "05.03.2026",
    0.0,
    3.0,
    -2.0,
    2.5,
    float("nan"),
    7,
    True,
    False,
    date(2026, 3, 5),
    datetime(2026, 3, 5, 10, 30),
]


COLUMNS = [
    column
    for spec in lay.SHEETS
    for column in spec.columns
    if column.editable or column.kind is lay.Kind.ID
]


@pytest.mark.parametrize("column", COLUMNS, ids=lambda c: f"{c.field}-{c.kind}")
def test_fast_converter_agrees_with_the_general_path(column: lay.Column) -> None:
    fast = fast_converter(column)(list(CELLS))
    assert len(fast) == len(CELLS)
    for value, quick in zip(CELLS, fast, strict=True):
        if quick is SLOW:
            continue  # the general path decides (and reports)
        parsed = ParsedImport(path="x.xlsx", native=True)
        general = _Cells(parsed, "Tasks", 2).convert(column, 0, value)
        assert not parsed.problems, (column.field, value)
        assert quick == general or (quick != quick and general != general), (column.field, value)
        assert type(quick) is type(general), (column.field, value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3SS+2d", [("3", "SS", 2)]),
        ("03SS-0d; 0012", [("03", "SS", 0), ("12", "FS", 0)]),
        ("3+2d", [("3", "FS", 2)]),
        ("5FF-1d, 7SF", [("5", "FF", -1), ("7", "SF", 0)]),
        ("3 SS + 2d", [("3", "SS", 2)]),  # spaced: the general pattern
        ("3ss+1w", [("3", "SS", 5)]),
    ],
)
def test_predecessors_in_export_notation(text: str, expected: list[tuple[str, str, int]]) -> None:
    assert [(p.ref, p.type, p.lag) for p in parse_predecessors(text)] == expected


@pytest.mark.parametrize(
    ("xml", "expected"),
    [
        (b'<sheetData><row r="1"><c r="A1"><f>1+2</f><v>3</v></c></row></sheetData>', True),
        (b'<x:sheetData><x:c r="A1"><x:f t="shared" ref="A1:A2" si="0"/></x:c>', True),
        (b'<c r="A1"><f/></c>', True),
        (b'<worksheet xmlns:foo="u"><c r="A1" t="inlineStr"><is><t>a:f b</t></is></c>', False),
        (b"<dataValidation><formula1>1</formula1></dataValidation><font/>", False),
        (b"", False),
    ],
)
def test_formula_elements_are_found(xml: bytes, expected: bool) -> None:
    assert _has_formula(xml) is expected


def test_bulk_created_rows_get_the_audit_rows_a_flush_writes(
    rich: PlanService, empty: PlanService, tmp_path: Path
) -> None:
    path = tmp_path / "rich.xlsx"
    excel.export_workbook(rich, path)
    parsed = excel.read_workbook(path)
    preview = excel.preview_merge(empty, parsed)
    outcome = excel.apply_merge(empty, preview, preview.default_keys())
    created = {c.entity: c.ids for c in outcome.changes if c.entity in ("task", "dependency")}
    with empty.store.reading() as session:
        rows = session.execute(
            select(ChangeRecord.entity, ChangeRecord.entity_id, ChangeRecord.label).where(
                ChangeRecord.source == "import",
                ChangeRecord.action == "create",
                ChangeRecord.entity.in_(("task", "dependency")),
            )
        ).all()
        names = dict(session.execute(select(Task.id, Task.name)).all())
    assert sorted((e, i) for e, i, _label in rows) == sorted(
        (entity, ident) for entity, ids in created.items() for ident in ids
    )
    for entity, ident, label in rows:
        expected = f"task '{names[ident]}'" if entity == "task" else f"dependency #{ident}"
        assert label == expected


def test_fast_links_agree_with_the_predecessor_parser() -> None:
    atoms = ["3", "03", "12", "²", "A", "1.2", "SS", "FF", "ss", "EA", "+", "-", "2d", "1w", " "]
    atoms += [";", ",", "d", "99999999999999999999", "%"]
    rng = random.Random(5)
    cells: list[object] = [None, 3.0, "", "-", "3SS+2d; 4", "5FF-1d, 7SF", "3+2d", "03SS-0d"]
    cells += ["".join(rng.choice(atoms) for _ in range(rng.randint(1, 6))) for _ in range(3000)]
    for value in cells:
        fast = fast_links(value)
        if fast is None:
            continue
        items = parse_predecessors(value)  # the general path (_links itself tries fast_links)
        assert all(item.ref.isdigit() for item in items), value
        general = [LinkRef(f"task:{int(i.ref)}", i.type, i.lag) for i in items]
        assert fast == general, value
    assert sum(fast_links(value) is not None for value in cells) > 200  # the fast path was tried


def test_bulk_updated_rows_get_the_audit_rows_and_undo_of_single_updates(
    demo: PlanService, tmp_path: Path
) -> None:
    """update_many (changed rows of a returned workbook) writes what edits.update would:
    one Change per row with old and new values, one audit row per changed field."""
    from datetime import date

    import openpyxl

    from relm_desktop.store.audit import as_text

    path = tmp_path / "demo.xlsx"
    excel.export_workbook(demo, path)
    book = openpyxl.load_workbook(path)
    ws = book["Tasks"]
    headers = {c.value: c.column for c in ws[1]}
    wanted: dict[int, dict[str, object]] = {}
    for row in (2, 5, 9):
        ident = ws.cell(row, headers["ID"]).value
        ws.cell(row, headers["Duration (days)"], 17)
        ws.cell(row, headers["Notes"], f"note {row}")
        wanted[ident] = {"duration": 17, "notes": f"note {row}"}
    ws.cell(5, headers["Baseline start"], date(2027, 1, 6))
    wanted[ws.cell(5, headers["ID"]).value]["baseline_start"] = date(2027, 1, 6)
    book.save(path)
    before = {t.id: t for t in demo.load().tasks}
    preview = excel.preview_merge(demo, excel.read_workbook(path))
    outcome = excel.apply_merge(demo, preview, preview.default_keys())
    changes = {c.ids[0]: c for c in outcome.changes if c.entity == "task"}
    assert sorted(changes) == sorted(wanted)
    for ident, change in changes.items():
        assert dict(change.after) == wanted[ident]
        assert dict(change.before) == {f: getattr(before[ident], f) for f in wanted[ident]}
        assert change.fields == frozenset(wanted[ident])
    with demo.store.reading() as session:
        audited = sorted(
            session.execute(
                select(
                    ChangeRecord.entity_id,
                    ChangeRecord.field,
                    ChangeRecord.old,
                    ChangeRecord.new,
                    ChangeRecord.label,
                ).where(
                    ChangeRecord.source == "import",
                    ChangeRecord.action == "update",
                    ChangeRecord.entity == "task",
                )
            ).all()
        )
    assert audited == sorted(
        (
            ident,
            field,
            as_text(getattr(before[ident], field)),
            as_text(value),
            f"task '{before[ident].name}'",
        )
        for ident, values in wanted.items()
        for field, value in values.items()
    )
    excel.revert_import(demo, outcome)
    assert {t.id: t for t in demo.load().tasks} == before
