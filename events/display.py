"""How an event's time and texts are shown: Babel formatting in the visitor's locale."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime, format_interval, format_time
from flask import Blueprint
from flask_babel import get_locale

from events.models import Event

SHANGHAI = ZoneInfo("Asia/Shanghai")


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
    return format_interval(start, end, "yMMMdHm", tzinfo=zone, locale=locale)


def date_block(event: Event) -> tuple[str, str]:
    """(month, day) for the card's date block, in Shanghai."""
    locale = get_locale()
    day = (
        event.start_date
        if event.all_day and event.start_date
        else event.start_at.astimezone(SHANGHAI)
    )
    return format_date(day, "MMM", locale=locale), format_date(day, "d", locale=locale)


def is_past(event: Event, now: datetime) -> bool:
    return event.end_at < now


def register(bp: Blueprint) -> None:
    bp.add_app_template_filter(when, "event_when")
    bp.add_app_template_filter(date_block, "event_date_block")
    bp.add_app_template_global(is_past, "event_is_past")
    bp.add_app_template_global(format_datetime, "babel_format_datetime")
