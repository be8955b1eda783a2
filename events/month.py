"""The month view's grid: weeks of days, each with its number of events and the first few of
them, on Shanghai days (pure)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from core.office import SHANGHAI
from events.models import Event

MAX_DAYS_SPANNED = 31  # a festival listed for a whole season still shows in one month only
SHOWN_PER_DAY = 4  # a day's first events shown, in the grid and in the agenda; then "N more"


@dataclass(frozen=True)
class MonthEvent:
    """What the month view shows of an event: read as plain rows (events.queries.month_days),
    not as ORM objects."""

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


@dataclass(frozen=True)
class Span:
    """``count`` events covering the Shanghai days ``first`` to ``last`` (as ``_days_of``
    reads them, before its cap)."""

    first: date
    last: date
    count: int


@dataclass
class Day:
    day: date
    in_month: bool
    events: list[MonthEvent] = field(default_factory=list)  # the first SHOWN_PER_DAY
    count: int = 0  # every event on the day

    @property
    def more(self) -> int:
        """The day's events not shown."""
        return max(0, self.count - len(self.events))


def days_between(first: date, last: date) -> Iterable[date]:
    """``first`` to ``last`` (at least ``first``), no more than MAX_DAYS_SPANNED after it."""
    last = min(max(last, first), first + timedelta(days=MAX_DAYS_SPANNED))
    while first <= last:
        yield first
        first += timedelta(days=1)


def _days_of(event: MonthEvent) -> Iterable[date]:
    """The Shanghai calendar days an event covers (end exclusive, at least its first day)."""
    if event.all_day and event.start_date:
        first = event.start_date
        last = (event.end_date or first + timedelta(days=1)) - timedelta(days=1)
    else:
        first = event.start_at.astimezone(SHANGHAI).date()
        last = (event.end_at - timedelta(microseconds=1)).astimezone(SHANGHAI).date()
    return days_between(first, last)


def grid(
    first: date,
    spans: Iterable[Span],
    events: Iterable[MonthEvent],
    shown: int = SHOWN_PER_DAY,
) -> list[list[Day]]:
    """Monday-first weeks covering the month that starts on ``first``: each of its days counts
    the ``spans`` covering it and shows the first ``shown`` of ``events`` (in start order) on
    it; the other months' days only their number (their events were not read)."""
    start = first - timedelta(days=first.weekday())
    after = (first + timedelta(days=32)).replace(day=1)
    days: dict[date, Day] = {}
    cursor = start
    while cursor < after or cursor.weekday() != 0:
        days[cursor] = Day(cursor, cursor.month == first.month)
        cursor += timedelta(days=1)
    for span in spans:
        for covered in days_between(span.first, span.last):
            if covered in days and days[covered].in_month:
                days[covered].count += span.count
    for event in events:
        for covered in _days_of(event):
            if covered in days and days[covered].in_month and len(days[covered].events) < shown:
                days[covered].events.append(event)
    ordered = list(days.values())
    return [ordered[i : i + 7] for i in range(0, len(ordered), 7)]


def neighbours(first: date) -> tuple[date, date]:
    """The first days of the previous and next months."""
    previous = (first - timedelta(days=1)).replace(day=1)
    return previous, (first + timedelta(days=32)).replace(day=1)
