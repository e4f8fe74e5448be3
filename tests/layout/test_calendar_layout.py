"""Release-calendar geometry: periods, lanes, packing without overlap, freeze bands."""

from __future__ import annotations

from datetime import date

from relm_desktop.layout.calendar import (
    FREEZE_LANE,
    GOLIVE_LANE,
    CalendarEntry,
    FreezeSpan,
    Span,
    calendar_layout,
    period,
    period_title,
    shift,
)


def test_periods() -> None:
    assert period(date(2027, 2, 14), Span.MONTH) == (date(2027, 2, 1), date(2027, 2, 28))
    assert period(date(2027, 5, 14), Span.QUARTER) == (date(2027, 4, 1), date(2027, 6, 30))
    assert period(date(2027, 12, 31), Span.QUARTER) == (date(2027, 10, 1), date(2027, 12, 31))
    assert shift(date(2027, 12, 5), Span.MONTH, 1) == date(2028, 1, 1)
    assert shift(date(2027, 2, 5), Span.QUARTER, -1) == date(2026, 10, 1)
    assert period_title(date(2027, 4, 1), Span.QUARTER) == "Q2 2027"
    assert period_title(date(2027, 4, 1), Span.MONTH) == "April 2027"


def entry(task: int, lane: int, start: date, finish: date, **kw: object) -> CalendarEntry:
    return CalendarEntry(task, 1, lane, f"Task {task} with a label", start, finish, **kw)  # type: ignore[arg-type]


def test_entries_are_packed_without_overlap() -> None:
    first, last = date(2027, 3, 1), date(2027, 3, 31)
    entries = [entry(k, 10, date(2027, 3, 2 + k % 5), date(2027, 3, 3 + k % 5)) for k in range(8)]
    entries.append(entry(99, GOLIVE_LANE, date(2027, 3, 9), date(2027, 3, 9), milestone=True))
    entries.append(entry(100, 10, date(2027, 5, 1), date(2027, 5, 2)))  # outside: skipped
    lay = calendar_layout(
        first, last, [(GOLIVE_LANE, "Go-lives"), (10, "Production")], entries, [], width=1000
    )
    assert [lane.key for lane in lay.lanes] == [GOLIVE_LANE, 10]
    assert len(lay.entries) == 9
    boxes = [b for b in lay.entries if b.entry.lane == 10]
    for a in boxes:
        for b in boxes:
            if a is b or a.y != b.y:
                continue
            assert a.extent <= b.x or b.extent <= a.x  # bar and label never overlap
    assert lay.lanes[1].rows > 1
    assert lay.x_of(date(2027, 3, 1)) == lay.left
    assert abs(lay.width - 1000) < 1e-6
    golive = next(b for b in lay.entries if b.entry.task_id == 99)
    assert lay.entry_at(golive.x, golive.y + golive.h / 2) is golive


def test_freeze_bands_cover_their_environments_and_get_a_lane() -> None:
    first, last = date(2027, 3, 1), date(2027, 3, 31)
    freezes = [
        FreezeSpan("Prod freeze", date(2027, 3, 10), date(2027, 3, 12), frozenset({10})),
        FreezeSpan("Everything", date(2027, 3, 20), date(2027, 3, 21), frozenset()),
        FreezeSpan("Next month", date(2027, 4, 20), date(2027, 4, 21), frozenset()),
    ]
    lanes = [(GOLIVE_LANE, "Go-lives"), (9, "Test"), (10, "Production")]
    lay = calendar_layout(first, last, lanes, [], freezes, width=900, span=Span.MONTH)
    assert lay.lanes[0].key == FREEZE_LANE and lay.lanes[0].rows == 2
    assert [f.name for f in lay.freeze_labels] == ["Prod freeze", "Everything"]
    prod = [b for b in lay.freezes if b.name == "Prod freeze"]
    assert [b.y for b in prod] == [lay.lanes[3].y]
    assert len([b for b in lay.freezes if b.name == "Everything"]) == 3
    band = prod[0]
    assert band.x == lay.x_of(date(2027, 3, 10))
    assert abs(band.w - 3 * lay.day_width) < 1e-6
    assert lay.groups[0].text.startswith("Week")
    assert len(lay.days) == 31 and lay.days[5].weekend  # 6 March 2027 is a Saturday
