"""How an event's time and texts are shown: Babel formatting in the visitor's locale."""

from __future__ import annotations

from datetime import date, datetime, time
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_skeleton, get_timezone_location
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _

from core.db_types import utcnow
from core.office import SHANGHAI
from events import rhythm, timespan, zones
from events.models import Event
from events.rhythm import SeriesDates


def when(event: Event, zone: ZoneInfo = SHANGHAI) -> str:
    """The event's time in ``zone`` by events.timespan's one rule; dates only for all-day
    events."""
    locale = get_locale()
    today = utcnow().astimezone(zone).date()
    if event.all_day and event.start_date:
        return timespan.all_day(event.start_date, event.end_date, locale, today)
    return timespan.timed(
        event.start_at.astimezone(zone), event.end_at.astimezone(zone), locale, today
    )


def start_clock(event: Event, zone: ZoneInfo = SHANGHAI) -> str:
    """ "7:00 PM" / "19:00": the start time for the month view ("" for all-day events)."""
    if event.all_day and event.start_date:
        return ""
    start = event.start_at.astimezone(zone)
    return _clock(str(get_locale()), start.hour, start.minute)


@lru_cache(maxsize=4096)
def _clock(locale: str, hour: int, minute: int) -> str:
    """A clock time in ``locale``: one Babel formatting per locale and minute of the day, not
    one per event of a month."""
    parsed = Locale.parse(locale)
    return format_skeleton(timespan.hour_skeleton(parsed), time(hour, minute), locale=parsed)


def when_local(event: Event) -> str:
    """The same time in the visitor's zone (cookie ``tz``); "" for all-day events, no zone or
    a zone on Shanghai's clock."""
    zone = zones.visitor_zone()
    if zone is None or event.all_day or _offsets(event, zone) == _offsets(event, SHANGHAI):
        return ""
    return when(event, zone)


def visitor_zone_label() -> str:
    zone = zones.visitor_zone()
    return zone_label(zone) if zone else ""


def zone_label(zone: ZoneInfo) -> str:
    """ "Berlin" / "柏林": a zone named by its city, in the page's language."""
    return get_timezone_location(zone, locale=get_locale(), return_city=True)


def event_zone(event: Event) -> ZoneInfo | None:
    """The zone the partner gave the event when it is not Shanghai's (None for all-day
    events, Shanghai or a zone this server does not know)."""
    name = zones.valid_zone(event.tzid)
    if event.all_day or name is None or name == zones.SHANGHAI_NAME:
        return None
    return ZoneInfo(name)


def other_times(event: Event) -> list[tuple[str, str, str]]:
    """(time, zone label, "event" or "visitor") in the event's own zone and in the
    visitor's, each only when its clock differs from Shanghai's (shown first) and from the
    one listed before it (Singapore's visitors read Shanghai's times already)."""
    found: list[tuple[str, str, str]] = []
    seen = {_offsets(event, SHANGHAI)}
    visitor = None if event.all_day else zones.visitor_zone()
    for zone, kind in ((event_zone(event), "event"), (visitor, "visitor")):
        if zone is not None and _offsets(event, zone) not in seen:
            seen.add(_offsets(event, zone))
            found.append((when(event, zone), zone_label(zone), kind))
    return found


def _offsets(event: Event, zone: ZoneInfo) -> tuple:
    return tuple(moment.astimezone(zone).utcoffset() for moment in (event.start_at, event.end_at))


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


def series_line(dates: SeriesDates) -> str:
    """ "Every Thursday · 7 more dates" / "每周四 · 另有 7 场": a series in one line."""
    days = [start.astimezone(SHANGHAI).date() for start in dates.starts]
    if not days:
        return ""
    kind = rhythm.rhythm(days)
    # Chinese says 每周四 (the abbreviated day), English "Every Thursday" (the wide one).
    locale = get_locale()
    width = "abbreviated" if locale.language == "zh" else "wide"
    weekday = locale.days["format"][width][days[0].weekday()]
    words = {
        rhythm.DAILY: _("Every day"),
        rhythm.WEEKLY: _("Every %(weekday)s", weekday=weekday),
        rhythm.FORTNIGHTLY: _("Every other %(weekday)s", weekday=weekday),
        rhythm.MONTHLY: _("Every month"),
        rhythm.MONTHLY_WEEKDAY: _nth_weekday(days[0], weekday),
    }.get(kind, _("Several dates"))
    if dates.more:
        more = ngettext("%(num)s more date", "%(num)s more dates", dates.more)
        return f"{words} · {more}"
    return words


def day_heading(day: date) -> str:
    """ "Thu, December 10" / "12月10日周四": a day of the month view's agenda."""
    return _day_heading(str(get_locale()), day)


@lru_cache(maxsize=1024)
def _day_heading(locale: str, day: date) -> str:
    # Babel matches the skeleton to a pattern anew on every call: 31 times a month view.
    return format_skeleton("MMMMEEEEd", day, locale=Locale.parse(locale))


def _nth_weekday(day: date, weekday: str) -> str:
    return (
        _("The first %(weekday)s of every month", weekday=weekday),
        _("The second %(weekday)s of every month", weekday=weekday),
        _("The third %(weekday)s of every month", weekday=weekday),
        _("The fourth %(weekday)s of every month", weekday=weekday),
    )[rhythm.week_of_month(day)]
