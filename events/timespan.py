"""An event's time as one line of text, by one rule for every page (pure, Babel skeletons).

Same day: "Thu, Dec 10, 7:00 – 9:00 PM" / "12月10日周四 19:00–21:00"; several days: both ends
with their dates; no end: the start alone; all-day: dates only. The year is written only when
it is not the current one, and 12 or 24 hours as the locale's CLDR data says.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from babel import Locale
from babel.dates import format_interval, format_skeleton


def hour_skeleton(locale: Locale) -> str:
    """ "hm" where the locale writes 12-hour times (en), "Hm" where 24-hour (zh, en_GB)."""
    pattern = locale.time_formats["short"].pattern
    return "hm" if "h" in pattern or "K" in pattern else "Hm"


def day_skeleton(day: date, today: date) -> str:
    return "MMMEd" if day.year == today.year else "yMMMEd"


def _day(day: date, today: date, locale: Locale) -> str:
    return format_skeleton(day_skeleton(day, today), day, locale=locale)


def _clock(moment: datetime, locale: Locale) -> str:
    return format_skeleton(hour_skeleton(locale), moment, locale=locale)


def _joined(day: str, clock: str, locale: Locale) -> str:
    """A date and a time joined as the locale joins them ("{1}, {0}" / "{1} {0}")."""
    return str(locale.datetime_formats["medium"]).format(clock, day)


def timed(start: datetime, end: datetime | None, locale: Locale, today: date) -> str:
    """A timed event from ``start`` to ``end`` (both already in the zone to show)."""
    day = _day(start.date(), today, locale)
    if end is None or end <= start:
        return _joined(day, _clock(start, locale), locale)
    if end.date() == start.date():
        span = format_interval(start.time(), end.time(), hour_skeleton(locale), locale=locale)
        return _joined(day, span, locale)
    first = _joined(day, _clock(start, locale), locale)
    last = _joined(_day(end.date(), today, locale), _clock(end, locale), locale)
    return str(locale.interval_formats[None]).format(first, last)


def all_day(first: date, end: date | None, locale: Locale, today: date) -> str:
    """An all-day event from ``first`` to ``end`` (exclusive, as in iCalendar)."""
    last = (end or first + timedelta(days=1)) - timedelta(days=1)
    if last <= first:
        return _day(first, today, locale)
    skeleton = "MMMEd" if first.year == last.year == today.year else "yMMMEd"
    return format_interval(first, last, skeleton, locale=locale)
