"""iCalendar export built from stored events as pure functions (after Indico's events/ical.py).

Each event's VEVENT is rendered once per language after the event was written (by the
scheduler or the CLI: events.export.warm_chunks), and stored; a feed is the calendar header, one
VTIMEZONE per TZID used, and those blocks joined, a series as one master with the partner's rule
and the instances that differ from it (:func:`ruled_master_text`), or, when the rule could not
be kept, a master listing its instances' dates (:func:`series_master_text`; see events.export).

What another Huiju site needs to rebuild an event travels in properties other clients ignore
(docs/federation-format.md): the other language's texts (``X-ALT-SUMMARY;LANGUAGE=zh-Hans``,
which federation.normalize_text already reads), the partner's own UID (``X-HUIJU-UID``), the
event's language and, for all-day events, the partner's zone (``X-HUIJU-TZID``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import icalendar

from core.contentline import fold
from core.weburl import web_url
from events import vtimezone
from events.models import Event

PRODID = "-//Huiju//Yangtze River Delta innovation events//EN"
UID_DOMAIN = "huiju"
# How long a subscriber may keep a feed: REFRESH-INTERVAL, X-PUBLISHED-TTL and Cache-Control.
REFRESH = timedelta(hours=1)
CRLF = "\r\n"
TEXTS = (("title", "summary"), ("description", "description"), ("location", "location"))
LANGUAGE_TAGS = {"en": "en", "zh": "zh-Hans"}


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


def _times(event: Event) -> tuple[date | datetime, date | datetime | None]:
    """DTSTART and DTEND; DTEND is None for a zero-length timed event, which RFC 5545 §3.6.1
    writes as DTSTART alone (DTEND must be later than DTSTART). All-day events last at least
    one day, DATE values on both ends."""
    if event.all_day and event.start_date:
        end = event.end_date or event.start_date + timedelta(days=1)
        return event.start_date, max(end, event.start_date + timedelta(days=1))
    tzid = zone_name(event)
    zone = ZoneInfo(tzid) if tzid else UTC
    start = event.start_at.astimezone(zone)
    end = event.end_at.astimezone(zone) if event.end_at > event.start_at else None
    return start, end


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
    if end is not None:
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
    _add_huiju(component, event)
    return component


def _add_huiju(component: icalendar.Event, event: Event) -> None:
    """What a Huiju site subscribed to this feed needs beyond standard properties: the same
    in both languages' feeds, so two subscriptions to one site read the same event."""
    component.add("x-huiju-uid", event.uid)
    component.add("x-huiju-language", event.language)
    if event.all_day and event.tzid:
        component.add("x-huiju-tzid", event.tzid)
    for field, name in TEXTS:
        for lang in ("en", "zh"):
            if value := getattr(event, f"{field}_{lang}"):
                component.add(
                    f"x-alt-{name}",
                    icalendar.vText(value),
                    parameters={"LANGUAGE": LANGUAGE_TAGS[lang]},
                )


def _texts(event: Event, lang: str) -> tuple[tuple[str, str], ...]:
    return tuple(event.text(field, lang) for field, _name in TEXTS)


def _set_texts(component: icalendar.Event, event: Event, lang: str) -> None:
    for (_field, name), (value, language) in zip(TEXTS, _texts(event, lang), strict=True):
        component.pop(name, None)
        if value:
            component.add(name, value, parameters={"LANGUAGE": LANGUAGE_TAGS[language]})


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


def vtimezone_text(tzid: str) -> str:
    """The VTIMEZONE of ``tzid`` with yearly RRULE transitions (events.vtimezone)."""
    return vtimezone.vtimezone_text(tzid)


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


def _duration_line(master: Event, first: date | datetime) -> str:
    """The member's length as DURATION (PT0S for a zero-length timed one: never DTEND ≤
    DTSTART); whole days for dates."""
    if not isinstance(first, datetime):
        start, end = master.start_date, master.end_date
        days = (end - start).days if start and end else 1
        return f"DURATION:P{max(days, 1)}D"
    length = master.end_at - master.start_at
    if length <= timedelta(0):
        return "DURATION:PT0S"
    return "DURATION:" + icalendar.vDuration(length).to_ical().decode()


def _rid_line(name: str, values: list[date | datetime]) -> str:
    """An RDATE line (or DTSTART) in UTC or as DATE values, as stored keys are."""
    if isinstance(values[0], datetime):
        return f"{name}:" + ",".join(f"{v:%Y%m%dT%H%M%SZ}" for v in values)
    return f"{name};VALUE=DATE:" + ",".join(f"{v:%Y%m%d}" for v in values)


def series_master_text(master: Event, members: list[Event], lang: str) -> str:
    """The master VEVENT of a series whose members are exported as overrides.

    Only occurrences are stored, so the master is rebuilt from them: a stored master
    (``recurrence_id`` "") keeps its own start, else the earliest member lends its texts and
    its RECURRENCE-ID becomes DTSTART. Every member's RECURRENCE-ID is an RDATE, and every
    member overrides its instance, so a reader expands exactly the occurrences we list
    (RFC 5545 §3.8.4.4); one UID is then one valid resource (a CalDAV server refuses a
    resource of overrides without their master)."""
    component = vevent(master, lang)
    rids = sorted({m.recurrence_id for m in members if m.recurrence_id})
    lines = component.to_ical().decode("utf-8").split(CRLF)
    if master.recurrence_id:
        first = _recurrence_id(master.recurrence_id)
        lines = [
            line for line in lines if not line.startswith(("DTSTART", "DTEND", "RECURRENCE-ID"))
        ]
        lines.insert(1, _rid_line("DTSTART", [first]))
        lines.insert(2, _duration_line(master, first))
    else:
        first = component["DTSTART"].dt
    alive = any(not is_cancelled(m) for m in members) or not is_cancelled(master)
    lines = [
        ("STATUS:CONFIRMED" if alive and line.startswith("STATUS:") else line) for line in lines
    ]
    # Keys of one type sort as text; an RDATE holds values of DTSTART's type only.
    same_type = [_recurrence_id(r) for r in rids if ("T" in r) == isinstance(first, datetime)]
    if same_type:
        lines.insert(len(lines) - 2, fold(_rid_line("RDATE", same_type)))
    return CRLF.join(lines)


def ruled_master_text(source: Event, rule: str, exdates: list[str], alive: bool, lang: str) -> str:
    """The master VEVENT of a series whose partner's rule we keep (federation.series_rule):
    ``source`` (an instance the rule generated) lends its texts; the rule's DTSTART, RRULE,
    RDATE and EXDATE lines stand for the partner's own, plus an EXDATE for each stored
    instance this feed does not show (``exdates``: hidden, merged into another listing,
    filtered out). Only the instances that differ from it travel as overrides."""
    own = vevent(source, lang).to_ical().decode("utf-8").split(CRLF)[:-1]  # ends with CRLF
    drop = ("DTSTART", "DTEND", "RECURRENCE-ID", "DURATION")
    status = "STATUS:CONFIRMED" if alive else "STATUS:CANCELLED"
    kept = [
        (status if line.startswith("STATUS:") else line)
        for line in own[1:-1]
        if not line.startswith(drop)
    ]
    start, *recurrence = _logical_lines(rule)
    first = source.start_date if source.all_day and source.start_date else source.start_at
    body = [start, _duration_line(source, first), *kept, *recurrence]
    if exdates:
        body.append(fold(_rid_line("EXDATE", [_recurrence_id(r) for r in sorted(exdates)])))
    return CRLF.join([own[0], *body, own[-1]]) + CRLF


def _logical_lines(text: str) -> list[str]:
    """A stored rule's lines, each with its folded continuations (DTSTART first)."""
    lines: list[str] = []
    for raw in text.split(CRLF):
        if raw.startswith(" ") and lines:
            lines[-1] += CRLF + raw
        elif raw:
            lines.append(raw)
    return lines


def instance_content(event: Event) -> tuple:
    """What an instance shows besides its date: an instance the rule generated whose content
    differs from its master's (a staff correction of that one date, say) travels as an
    override of its own."""
    fields = [getattr(event, f"{field}_{lang}") for field, _ in TEXTS for lang in ("en", "zh")]
    length = (
        (event.end_date - event.start_date)
        if event.all_day and event.start_date and event.end_date
        else event.end_at - event.start_at
    )
    return (
        *fields,
        event.description_html_en,
        event.description_html_zh,
        event.url,
        tuple(event.categories or ()),
        _status(event),
        event.tzid,
        event.language,
        length,
    )
