"""The release calendar's labels fit its width and never touch (no Qt)."""

from __future__ import annotations

from datetime import date

from relm_desktop.layout.calendar import (
    GOLIVE_LANE,
    CalendarEntry,
    FreezeSpan,
    Span,
    calendar_layout,
)

LANES = [(GOLIVE_LANE, "Go-lives"), (10, "Production")]


def entry(task: int, start: date, finish: date, label: str, **kw: object) -> CalendarEntry:
    return CalendarEntry(task, 1, 10, label, start, finish, **kw)  # type: ignore[arg-type]


def test_a_label_at_the_right_edge_goes_before_its_bar() -> None:
    first, last = date(2027, 3, 1), date(2027, 3, 31)
    late = entry(1, date(2027, 3, 30), date(2027, 3, 30), "Payments Platform: Deploy to test")
    early = entry(2, date(2027, 3, 2), date(2027, 3, 2), "Mobile: Deploy")
    lay = calendar_layout(first, last, LANES, [late, early], [], width=900)
    box = next(b for b in lay.entries if b.entry is late)
    assert box.label_x + box.label_w <= box.x  # before its bar
    assert box.label_w == 6.5 * len(late.label)  # whole
    assert box.begin <= box.label_x and box.extent >= box.x + box.w
    other = next(b for b in lay.entries if b.entry is early)
    assert other.label_x > other.x + other.w  # after its bar, as usual
    assert lay.entry_at(box.label_x + 5, box.y + box.h / 2) is box


def test_a_label_with_no_room_either_side_is_cut_at_the_edge() -> None:
    first, last = date(2027, 3, 1), date(2027, 3, 31)
    long = entry(1, date(2027, 3, 15), date(2027, 3, 15), "x" * 200)
    lay = calendar_layout(first, last, LANES, [long], [], width=700)
    box = lay.entries[0]
    assert box.label_x > box.x
    assert box.label_x + box.label_w <= lay.width
    assert 0 < box.label_w < 6.5 * 200


def test_day_numbers_never_touch_and_a_month_start_wins() -> None:
    first, last = date(2027, 4, 1), date(2027, 6, 30)
    # Narrow days: weekly numbers only; "29" April sits two days before "1" May.
    lay = calendar_layout(first, last, LANES, [], [], width=150 + 91 * 8, span=Span.QUARTER)
    texts = [cell.text for cell in lay.day_labels]
    assert texts[:6] == ["1", "8", "15", "22", "1", "8"]  # 29 April gave way to 1 May
    for a, b in zip(lay.day_labels, lay.day_labels[1:], strict=False):
        assert a.x + a.w + 6 <= b.x
    wide = calendar_layout(date(2027, 4, 1), date(2027, 4, 30), LANES, [], [], width=1500)
    assert [cell.text for cell in wide.day_labels] == [str(d) for d in range(1, 31)]


def test_week_and_month_names_shorten_to_fit() -> None:
    # August 2027 starts on a Sunday: its first "week" is one day wide.
    lay = calendar_layout(date(2027, 8, 1), date(2027, 8, 31), LANES, [], [], width=150 + 31 * 20)
    assert lay.groups[0].text == ""
    assert lay.groups[1].text == "Week 31"
    narrow = calendar_layout(date(2027, 8, 1), date(2027, 8, 31), LANES, [], [], width=150 + 31 * 7)
    assert narrow.groups[1].text == "W31"
    wide_font = lambda text: 15.0 * len(text)  # noqa: E731
    quarter = calendar_layout(
        date(2027, 4, 1), date(2027, 6, 30), LANES, [], [], width=150 + 91 * 4,
        span=Span.QUARTER, text_width=wide_font,
    )  # fmt: skip
    assert [g.text for g in quarter.groups] == ["Apr", "May", "Jun"]
    for lay_, per_char in ((lay, 6.5), (narrow, 6.5), (quarter, 15.0)):
        for group in lay_.groups:
            assert per_char * len(group.text) + 10 <= group.w or not group.text


def test_a_freeze_name_too_long_for_its_window_goes_after_it() -> None:
    freezes = [
        FreezeSpan("Quarter-end change freeze", date(2027, 4, 1), date(2027, 4, 2), frozenset())
    ]
    lay = calendar_layout(date(2027, 4, 1), date(2027, 4, 30), LANES, [], freezes, width=900)
    label = lay.freeze_labels[0]
    assert label.label_x >= label.x + label.w  # after the band, not across its border
    assert label.label_x + label.label_w <= lay.width
