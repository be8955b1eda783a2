"""The month grid from counted spans and the events shown (pure: no app, no database)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from events.month import MAX_DAYS_SPANNED, MonthEvent, Span, grid

MARCH = date(2027, 3, 1)  # a Monday


def timed(event_id: int, start: datetime, hours: float) -> MonthEvent:
    end = start + timedelta(hours=hours)
    return MonthEvent(
        event_id, start, end, False, None, None, f"E{event_id}", "", "confirmed", None
    )


def days(weeks: list) -> dict[date, object]:
    return {day.day: day for week in weeks for day in week}


def test_each_day_counts_its_spans_and_shows_its_first_events() -> None:
    shanghai_evening = datetime(2027, 3, 9, 14, 0, tzinfo=UTC)  # 22:00 in Shanghai
    crossing = timed(1, shanghai_evening, 4)
    spans = [
        Span(date(2027, 3, 9), date(2027, 3, 10), 1),
        Span(date(2027, 3, 10), date(2027, 3, 10), 6),
    ]
    later = [timed(n, datetime(2027, 3, 10, 1 + n, tzinfo=UTC), 1) for n in range(2, 5)]
    by_day = days(grid(MARCH, spans, [crossing, *later], shown=3))
    assert (by_day[date(2027, 3, 9)].count, by_day[date(2027, 3, 10)].count) == (1, 7)
    assert [e.id for e in by_day[date(2027, 3, 10)].events] == [1, 2, 3]
    assert by_day[date(2027, 3, 10)].more == 4


def test_other_months_days_and_long_spans() -> None:
    spans = [Span(date(2027, 2, 20), date(2027, 5, 1), 1)]
    by_day = days(grid(MARCH, spans, []))
    last = date(2027, 2, 20) + timedelta(days=MAX_DAYS_SPANNED)
    assert [d for d, day in by_day.items() if day.count] == [
        date(2027, 3, 1) + timedelta(days=n) for n in range((last - MARCH).days + 1)
    ]
    assert by_day[date(2027, 3, 31)].in_month and not by_day[date(2027, 4, 1)].in_month
