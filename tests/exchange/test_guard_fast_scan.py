"""The hostile-workbook guard proves a canonical sheet safe at C speed, up to column AD.

RELM's own Tasks sheet runs to column AA; when the fast proof stopped at Z
every import of our own workbook fell back to the exact scan, which doubled
the parse of a 10,000-task workbook (0.95 s against 0.47 s).
"""

from __future__ import annotations

import io

from relm_desktop.exchange.xlsx.guard import Limits, _fast_scan


def sheet(*refs: str) -> io.BytesIO:
    cells = "".join(f'<c r="{ref}" t="s"><v>0</v></c>' for ref in refs)
    xml = f'<worksheet><sheetData><row r="1">{cells}</row></sheetData></worksheet>'
    return io.BytesIO(xml.encode())


def test_cells_up_to_column_ad_are_proved_at_once() -> None:
    scan = _fast_scan(sheet("A1", "Z1", "AA1", "AD1"), Limits(), 0)
    assert scan is not None
    rows, columns = scan[0], scan[1]
    assert columns == 30
    assert rows * columns <= Limits().max_cells  # the bound it proves is within the limits


def test_a_cell_beyond_ad_or_in_a_long_form_takes_the_exact_scan() -> None:
    assert _fast_scan(sheet("A1", "AE1"), Limits(), 0) is None
    assert _fast_scan(sheet("A1", "BA1"), Limits(), 0) is None
    assert _fast_scan(sheet("A1", "A123456"), Limits(), 0) is None
