"""An event typed into the bilingual form (or read from a spreadsheet row) as iCalendar: an
:class:`Entry` in, a VEVENT's text out, and the calendar a partner's entered events make.

Entered events are not special-cased anywhere else: their calendar goes through the sync's
own decode → split → normalise → store path, so the stored rows, search, clusters, co-host
links and exports treat them as any feed's events. Texts are tagged with ``LANGUAGE`` (one
SUMMARY, DESCRIPTION and LOCATION line per language given), which the normalise stage reads;
a description with markup is sanitised there as any feed's is.
Pure: values in, text out; no Flask, no database, no clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask_babel import lazy_gettext as _l

PRODID = "-//Huiju//Entered events//EN"
LANGS = ("zh", "en")
TEXT_FIELDS = ("title", "description", "location")
DEFAULT_ZONE = "Asia/Shanghai"
DEFAULT_LENGTH = timedelta(hours=2)  # a timed event entered without an end
# What the registration line says before the link, in each language's description.
REGISTRATION = {"zh": "报名：", "en": "Registration: "}
# The place of an online event entered without one: the normalise stage reads these as online.
ONLINE_PLACE = {"zh": "线上", "en": "Online"}


class EntryError(ValueError):
    """An entry that makes no event; ``str()`` says what to fix."""


@dataclass(frozen=True)
class Entry:
    """What a person enters: texts per language (one language is enough), local start and end
    in ``tzid`` (dates for all-day events, the end inclusive as people say it), the rest."""

    title_zh: str = ""
    title_en: str = ""
    description_zh: str = ""
    description_en: str = ""
    location_zh: str = ""
    location_en: str = ""
    start: str = ""  # "2026-12-20T14:00" (local in tzid) or "2026-12-20" when all_day
    end: str = ""
    tzid: str = DEFAULT_ZONE
    all_day: bool = False
    online: bool = False
    url: str = ""
    registration_url: str = ""
    categories: tuple[str, ...] = ()
    cohosts: tuple[int, ...] = field(default=())

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Entry:
        """The stored form values (unknown keys ignored, lists made tuples)."""
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        values["categories"] = tuple(values.get("categories") or ())
        values["cohosts"] = tuple(int(i) for i in values.get("cohosts") or ())
        return cls(**values)

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["categories"], data["cohosts"] = list(self.categories), list(self.cohosts)
        return data

    def text(self, name: str, lang: str) -> str:
        return str(getattr(self, f"{name}_{lang}") or "").strip()

    def missing_languages(self) -> list[str]:
        """The languages the entry has no title in (shown as "missing" to staff and partners)."""
        return [lang for lang in LANGS if not self.text("title", lang)]


def times(entry: Entry) -> tuple[date | datetime, date | datetime]:
    """The start and end as iCalendar wants them: dates (end exclusive) or aware date-times.
    Raises :class:`EntryError` for a missing or unreadable time or zone, or an end before the
    start."""
    zone = _zone(entry.tzid)
    if entry.all_day:
        first = _date(entry.start, "start")
        last = _date(entry.end, "end") if entry.end else first
        if last < first:
            raise EntryError(str(_l("The event ends before it starts.")))
        return first, last + timedelta(days=1)
    start = _datetime(entry.start, zone)
    end = _datetime(entry.end, zone) if entry.end else start + DEFAULT_LENGTH
    if end < start:
        raise EntryError(str(_l("The event ends before it starts.")))
    return start, end


def check(entry: Entry) -> None:
    """Raise :class:`EntryError` unless the entry makes an event: a title in one language at
    least, and readable times."""
    if not any(entry.text("title", lang) for lang in LANGS):
        raise EntryError(str(_l("Give a title in Chinese or in English.")))
    times(entry)


def vevent(
    entry: Entry,
    *,
    uid: str,
    sequence: int,
    cancelled: bool,
    created_at: datetime,
    modified_at: datetime,
) -> str:
    """The entry's VEVENT text (SEQUENCE and LAST-MODIFIED as given: they change on every
    change of the entry). Written directly rather than with icalendar's serialiser, which
    cost 9 ms an event: a spreadsheet of a thousand rows waited nine seconds for it."""
    check(entry)
    start, end = times(entry)
    lines = [
        "BEGIN:VEVENT",
        _line("UID", _escaped(uid)),
        _line("DTSTAMP", _utc(modified_at)),
        _line("CREATED", _utc(created_at)),
        _line("LAST-MODIFIED", _utc(modified_at)),
        _line("SEQUENCE", str(int(sequence))),
        _moment_line("DTSTART", start),
        _moment_line("DTEND", end),
        _line("STATUS", "CANCELLED" if cancelled else "CONFIRMED"),
    ]
    for name, prop in (
        ("title", "SUMMARY"),
        ("description", "DESCRIPTION"),
        ("location", "LOCATION"),
    ):
        for lang in LANGS:
            value = _described(entry, lang) if name == "description" else entry.text(name, lang)
            if name == "location" and not value and entry.online and entry.text("title", lang):
                value = ONLINE_PLACE[lang]
            if value:
                lines.append(_line(f"{prop};LANGUAGE={lang}", _escaped(value)))
    if url := _uri(entry.url):
        lines.append(_line("URL", url))
        if entry.online:  # RFC 7986 CONFERENCE: how to join; normalise reads it as online
            lines.append(_line("CONFERENCE;VALUE=URI", url))
    if entry.categories:
        lines.append(_line("CATEGORIES", ",".join(_escaped(c) for c in entry.categories)))
    lines.append("END:VEVENT")
    return "\r\n".join(lines) + "\r\n"


def _escaped(value: str) -> str:
    """RFC 5545 §3.3.11 TEXT: backslash, semicolon, comma and newline escaped."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def _uri(value: str) -> str:
    """A link as one URI value: no whitespace or control characters can break the line."""
    return "".join(value.split())


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _moment_line(name: str, value: date | datetime) -> str:
    if isinstance(value, datetime):
        zone = str(value.tzinfo)
        return _line(f"{name};TZID={zone}", value.strftime("%Y%m%dT%H%M%S"))
    return _line(f"{name};VALUE=DATE", value.strftime("%Y%m%d"))


def _line(name: str, value: str) -> str:
    """One content line, folded at 75 octets (never inside a UTF-8 character)."""
    text = f"{name}:{value}"
    if len(text.encode("utf-8")) <= 75:
        return text
    parts, current, size = [], "", 0
    for char in text:
        width = len(char.encode("utf-8"))
        if size + width > (75 if not parts else 74):
            parts.append(current)
            current, size = "", 0
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def calendar(name: str, blocks: Iterable[str]) -> bytes:
    """A partner's entered calendar: a header and the VEVENT blocks (sorted, so the same
    entries always make the same bytes)."""
    head = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        _line("X-WR-CALNAME", _escaped(name)),
    ]
    text = "\r\n".join(head) + "\r\n"
    return (text + "".join(sorted(blocks)) + "END:VCALENDAR\r\n").encode("utf-8")


def _described(entry: Entry, lang: str) -> str:
    """The description in ``lang``, with the registration link on its own line when the
    language has any text at all (an English line must not make a Chinese-only event look
    translated)."""
    description = entry.text("description", lang)
    link = entry.registration_url.strip()
    if link and any(entry.text(name, lang) for name in TEXT_FIELDS):
        description = f"{description}\n\n{REGISTRATION[lang]}{link}".strip()
    return description


def _zone(tzid: str) -> ZoneInfo:
    try:
        return ZoneInfo((tzid or DEFAULT_ZONE).strip())
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise EntryError(str(_l("Unknown time zone '%(zone)s'.", zone=tzid))) from error


def _date(value: str, what: str) -> date:
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError as error:
        raise EntryError(_unreadable(value)) from error


def _datetime(value: str, zone: ZoneInfo) -> datetime:
    """A local time in ``zone``; a time with its own offset is taken as it says."""
    text = str(value).strip().replace(" ", "T", 1)
    try:
        parsed = datetime.fromisoformat(text).replace(second=0, microsecond=0)
    except ValueError as error:
        raise EntryError(_unreadable(value)) from error
    if parsed.tzinfo is not None:
        return parsed.astimezone(zone)
    return parsed.replace(tzinfo=zone)


def _unreadable(value: str) -> str:
    return str(_l("'%(value)s' is not a date and time like 2026-12-20 14:00.", value=value))
