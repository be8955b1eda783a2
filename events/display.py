"""How an event's time and texts are shown: Babel formatting in the visitor's locale."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import (
    format_date,
    format_interval,
    format_skeleton,
    format_time,
    get_timezone_location,
)
from flask_babel import get_locale

from core.office import SHANGHAI
from events import zones
from events.models import Event


def when(event: Event, zone: ZoneInfo = SHANGHAI) -> str:
    """ "Tue, 1 Dec 2026, 14:00 – 16:00" in ``zone``; dates only for all-day events."""
    locale = get_locale()
    if event.all_day and event.start_date:
        last = (event.end_date or event.start_date) - timedelta(days=1)
        if last <= event.start_date:
            return format_date(event.start_date, "full", locale=locale)
        return format_interval(event.start_date, last, "yMMMd", locale=locale)
    start = event.start_at.astimezone(zone)
    end = event.end_at.astimezone(zone)
    if start.date() == end.date():
        day = format_date(start.date(), "full", locale=locale)
        span = format_interval(start.time(), end.time(), "Hm", locale=locale)
        return (
            f"{day} {span}"
            if end > start
            else f"{day} {format_time(start, 'short', locale=locale)}"
        )
    return f"{_date_time(start, locale)} – {_date_time(end, locale)}"


def _date_time(moment: datetime, locale: Locale) -> str:
    """Date and time without seconds, joined as the locale joins them ("Nov 26, 2026, 9:00 AM",
    "2026年11月26日 09:00"); Babel's interval skeletons for date-times fall back to seconds."""
    pattern = locale.datetime_formats["medium"]
    return pattern.format(
        format_time(moment, "short", locale=locale), format_date(moment, "medium", locale=locale)
    )


def when_local(event: Event) -> str:
    """The same time in the visitor's zone (cookie ``tz``); "" for all-day events or no zone."""
    zone = zones.visitor_zone()
    if zone is None or (event.all_day and event.start_date):
        return ""
    return when(event, zone)


def visitor_zone_label() -> str:
    zone = zones.visitor_zone()
    return get_timezone_location(zone, locale=get_locale(), return_city=True) if zone else ""


def date_block(event: Event) -> tuple[str, str]:
    """(month, day) for the card's date block, in Shanghai."""
    locale = get_locale()
    day = (
        event.start_date
        if event.all_day and event.start_date
        else event.start_at.astimezone(SHANGHAI)
    )
    return format_date(day, "MMM", locale=locale), format_date(day, "d", locale=locale)


def month_title(first: date) -> str:
    """ "December 2026" / "2026年12月" for the month view's heading."""
    return format_skeleton("yMMMM", first, locale=get_locale())


def is_past(event: Event, now: datetime) -> bool:
    return event.end_at < now
