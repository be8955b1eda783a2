"""RDATE and EXDATE dates bounded before expansion: those outside the window dropped unread,
the earliest MAX_DATES of each kind read and charged to the budget, the cut said."""

from __future__ import annotations

from datetime import UTC, datetime

from federation.contentlines import ContentLine
from federation.expand_dates import DATE_COST, MAX_DATES, bounded_dates

WINDOW = (datetime(2024, 1, 1, tzinfo=UTC), datetime(2025, 1, 1, tzinfo=UTC))


def line(name: str, *values: str, **params: str) -> ContentLine:
    return ContentLine(name, params, ",".join(values))


def test_dates_outside_the_window_are_dropped_and_the_rest_charged() -> None:
    lines = [
        line("RRULE", "FREQ=DAILY"),
        line("EXDATE", "19990101T090000Z", "20240301T090000Z", TZID="Asia/Shanghai"),
        line("RDATE", "20300101"),
        line("RDATE", "20231231T090000Z/PT1H", "20230101T000000Z/P9999D", "garbage"),
    ]
    kept, spent, notes = bounded_dates(lines, WINDOW)
    assert kept == [
        line("RRULE", "FREQ=DAILY"),
        line("EXDATE", "20240301T090000Z", TZID="Asia/Shanghai"),
        # a PERIOD may reach into the window; what cannot be read is left for expansion to say
        line("RDATE", "20231231T090000Z/PT1H", "20230101T000000Z/P9999D", "garbage"),
    ]
    assert (spent, notes) == (4 * DATE_COST, [])


def test_a_flood_keeps_the_earliest_dates_of_the_window_with_a_note() -> None:
    days = [f"2024{month:02d}{day:02d}" for month in range(12, 0, -1) for day in range(28, 0, -1)]
    flood = [line("EXDATE", day, VALUE="DATE") for day in days] * 4  # 1,344 lines, newest first
    kept, spent, notes = bounded_dates(flood, WINDOW)
    assert len(kept) == MAX_DATES and spent == MAX_DATES * DATE_COST
    assert {k.value for k in kept} == set(sorted(days)[: -(-MAX_DATES // 4)])
    assert notes == ["1,344 EXDATE dates in the sync window; the earliest 1,000 are read"]
