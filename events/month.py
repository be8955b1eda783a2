"""The month view's grid: weeks of days, each with the events on that Shanghai day (pure)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from core.office import SHANGHAI
from events.models import Event

MAX_DAYS_SPANNED = 31  # a festival listed for a whole season still shows in one month only


@dataclass(frozen=True)
class MonthEvent:
    """What the month view shows of an event: a month holds up to 2,000 of them, so they are
    read as plain rows (events.queries.month_events), not as ORM objects."""

    id: int
    start_at: datetime
    end_at: datetime
    all_day: bool
    start_date: date | None
    end_date: date | None
    title_en: str
    title_zh: str
    status: str
    removed_at: datetime | None

    text = Event.text


@dataclass
class Day:
    day: date
    in_month: bool
    events: list[MonthEvent] = field(default_factory=list)


def _days_of(event: MonthEvent) -> Iterable[date]:
    """The Shanghai calendar days an event covers (end exclusive, at least its first day)."""
    if event.all_day and event.start_date:
        first = event.start_date
        last = (event.end_date or first + timedelta(days=1)) - timedelta(days=1)
    else:
        first = event.start_at.astimezone(SHANGHAI).date()
        last = (event.end_at - timedelta(microseconds=1)).astimezone(SHANGHAI).date()
    last = min(max(last, first), first + timedelta(days=MAX_DAYS_SPANNED))
    while first <= last:
        yield first
        first += timedelta(days=1)


def grid(first: date, events: Iterable[MonthEvent]) -> list[list[Day]]:
    """Monday-first weeks covering the month that starts on ``first``."""
    start = first - timedelta(days=first.weekday())
    after = (first + timedelta(days=32)).replace(day=1)
    days: dict[date, Day] = {}
    cursor = start
    while cursor < after or cursor.weekday() != 0:
        days[cursor] = Day(cursor, cursor.month == first.month)
        cursor += timedelta(days=1)
    for event in events:
        for day in _days_of(event):
            if day in days:
                days[day].events.append(event)
    ordered = list(days.values())
    return [ordered[i : i + 7] for i in range(0, len(ordered), 7)]


def neighbours(first: date) -> tuple[date, date]:
    """The first days of the previous and next months."""
    previous = (first - timedelta(days=1)).replace(day=1)
    return previous, (first + timedelta(days=32)).replace(day=1)
