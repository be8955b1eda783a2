"""iCalendar export built from stored events as pure functions (after Indico's events/ical.py).

Each event's VEVENT is rendered once per language after the event was written (by the
scheduler or the CLI: events.export.warm_chunks), and stored; a feed is the calendar header, one
VTIMEZONE per TZID used, and those blocks joined.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import icalendar

from core.weburl import web_url
from events.models import Event

PRODID = "-//Huiju//Yangtze River Delta innovation events//EN"
UID_DOMAIN = "huiju"
REFRESH = timedelta(hours=1)
CRLF = "\r\n"
TEXTS = (("title", "summary"), ("description", "description"), ("location", "location"))


def export_uid(event: Event) -> str:
    """The partner's UID namespaced by feed: stable across syncs, unique across partners."""
    return f"{event.uid}/{event.feed_id}@{UID_DOMAIN}"


def zone_name(event: Event) -> str | None:
    """The TZID a timed event is exported in (None for all-day events and unknown zones)."""
    return zone_for(event.tzid, bool(event.all_day and event.start_date))


@lru_cache(maxsize=512)
def zone_for(tzid: str, all_day: bool) -> str | None:
    if all_day or not tzid or tzid in ("UTC", "Etc/UTC"):
        return None
    try:
        ZoneInfo(tzid)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return tzid


def _recurrence_id(value: str) -> date | datetime:
    """Stored keys are ``YYYYMMDD`` or ``YYYYMMDDTHHMMSSZ`` (see federation.normalize)."""
    if "T" in value:
        return datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    return datetime.strptime(value, "%Y%m%d").date()


def _times(event: Event) -> tuple[date | datetime, date | datetime]:
    if event.all_day and event.start_date:
        end = event.end_date or event.start_date + timedelta(days=1)
        return event.start_date, max(end, event.start_date + timedelta(days=1))
    tzid = zone_name(event)
    zone = ZoneInfo(tzid) if tzid else UTC
    return event.start_at.astimezone(zone), event.end_at.astimezone(zone)


def is_cancelled(event: Event) -> bool:
    return event.removed_at is not None or event.status == "cancelled"


def _status(event: Event) -> str:
    if is_cancelled(event):
        return "CANCELLED"
    return "TENTATIVE" if event.status == "tentative" else "CONFIRMED"


def vevent(event: Event, lang: str) -> icalendar.Event:
    """The VEVENT of one stored occurrence, its texts in ``lang`` (or the other language)."""
    component = icalendar.Event()
    component.add("uid", export_uid(event))
    component.add("dtstamp", event.updated_at.astimezone(UTC))
    start, end = _times(event)
    component.add("dtstart", start)
    component.add("dtend", end)
    if event.recurrence_id:
        component.add("recurrence-id", _recurrence_id(event.recurrence_id))
    component.add("sequence", event.sequence)
    component.add("last-modified", (event.last_modified_at or event.updated_at).astimezone(UTC))
    component.add("created", event.first_seen_at.astimezone(UTC))
    component.add("status", _status(event))
    _set_texts(component, event, lang)
    if url := web_url(event.url):
        component.add("url", url)
    if event.categories:
        component.add("categories", list(event.categories))
    return component


def _texts(event: Event, lang: str) -> tuple[str, ...]:
    return tuple(event.text(field, lang)[0] for field, _name in TEXTS)


def _set_texts(component: icalendar.Event, event: Event, lang: str) -> None:
    for (_field, name), value in zip(TEXTS, _texts(event, lang), strict=True):
        component.pop(name, None)
        if value:
            component.add(name, value)


def vevent_text(event: Event, lang: str) -> str:
    return vevent(event, lang).to_ical().decode("utf-8")


def vevent_texts(event: Event) -> dict[str, str]:
    """Both languages' VEVENT text, byte for byte what ``vevent_text`` gives, from one
    component: only SUMMARY, DESCRIPTION and LOCATION differ between the languages (icalendar
    writes properties in sorted order), and a partner giving one language has one block."""
    component = vevent(event, "en")
    english = component.to_ical().decode("utf-8")
    if _texts(event, "zh") == _texts(event, "en"):
        return {"en": english, "zh": english}
    _set_texts(component, event, "zh")
    return {"en": english, "zh": component.to_ical().decode("utf-8")}


@lru_cache(maxsize=64)
def vtimezone_text(tzid: str) -> str:
    """A real VTIMEZONE for ``tzid`` generated from zoneinfo (same text every time)."""
    return icalendar.Timezone.from_tzid(tzid).to_ical().decode("utf-8")


def header(name: str, description: str = "") -> str:
    """Calendar properties up to the first component (RFC 7986 NAME, REFRESH-INTERVAL)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    if description:
        calendar.add("x-wr-caldesc", description)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", icalendar.vDuration(REFRESH))
    text = calendar.to_ical().decode("utf-8")
    return text.removesuffix("END:VCALENDAR" + CRLF)


def assemble(head: str, tzids: Iterable[str], blocks: Iterable[str]) -> Iterable[str]:
    """The feed as pieces to join or stream: header, VTIMEZONEs, VEVENT blocks, footer."""
    yield head
    for tzid in sorted(set(tzids)):
        yield vtimezone_text(tzid)
    yield from blocks
    yield "END:VCALENDAR" + CRLF


def single_event(event: Event, lang: str, name: str) -> str:
    """A one-event calendar for the detail page's "add to calendar" download."""
    tzid = zone_name(event)
    return "".join(assemble(header(name), [tzid] if tzid else [], [vevent_text(event, lang)]))
