"""iCalendar text for tests: VEVENTs and whole calendars, built from keyword properties.

    calendar(vevent("a", datetime(2024, 6, 12, 1, tzinfo=UTC), summary="Demo day"))
    calendar(upcoming("a", 3), upcoming("b", 5, "上海国际创业周"))   # days from today
    calendar(1200)                                   # 1,200 numbered events, an hour apart
    calendar_text(vevent("s", ";TZID=Asia/Shanghai:20240105T090000", rrule="FREQ=WEEKLY"),
                  x_wr_timezone="Europe/Berlin")

Property values: an aware datetime is written in UTC (``20240612T010000Z``), a date as
``;VALUE=DATE:20240612``, anything else as its text after the property name and a colon, or
directly after the name when it starts with ``;`` (parameters: ``";TZID=Asia/Shanghai:…"``);
a list or tuple writes one line per item; None writes nothing. Keyword names are property
names in lower case with ``_`` for ``-`` (``recurrence_id=``). Raw content lines, for what
keywords cannot say (a property twice with parameters, a broken line), are passed as they
are. Lines end in CRLF, as RFC 5545 says.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

PRODID = "-//Huiju tests//EN"
STAMP = "20260101T000000Z"
NOW = datetime.now(UTC)
FIRST_NUMBERED = NOW.replace(hour=9, minute=0, second=0, microsecond=0) + timedelta(days=3)

Value = datetime | date | str | int | list | tuple | None


def value_text(value: datetime | date | str | int) -> str:
    """What follows a property's name: ``:`` and the value, or parameters then the value."""
    if isinstance(value, datetime):
        if value.utcoffset() is None:
            raise ValueError(f"naive datetime {value!r}: give it a zone")
        return f":{value.astimezone(UTC):%Y%m%dT%H%M%SZ}"
    if isinstance(value, date):
        return f";VALUE=DATE:{value:%Y%m%d}"
    text = str(value)
    return text if text.startswith(";") else f":{text}"


def property_lines(name: str, value: Value) -> list[str]:
    """The content lines of one property: none for None, one per item of a list or tuple."""
    if value is None:
        return []
    items = value if isinstance(value, list | tuple) else [value]
    return [name.upper().replace("_", "-") + value_text(item) for item in items]


def _crlf(lines: Iterable[str]) -> str:
    return "".join(f"{line}\r\n" for line in lines)


def _lines(properties: dict[str, Value]) -> list[str]:
    return [line for name, value in properties.items() for line in property_lines(name, value)]


def vevent(uid: str | None, start: Value = None, *lines: str, **props: Value) -> str:
    """One VEVENT: UID, DTSTART, the keyword properties in order, then the raw ``lines``.
    ``uid`` or ``start`` None leaves that property out."""
    body = _lines({"uid": uid, "dtstart": start, **props}) + list(lines)
    return _crlf(["BEGIN:VEVENT", *body, "END:VEVENT"])


def upcoming(uid: str, days: int, summary: str = "Demo day", **props: Value) -> str:
    """A two-hour event, 10:00 to 12:00 UTC, ``days`` days from today, with a DTSTAMP: an
    event the sync keeps and the pages list as coming up."""
    day = NOW.replace(hour=10, minute=0, second=0, microsecond=0) + timedelta(days=days)
    return vevent(uid, day, dtstamp=STAMP, dtend=day + timedelta(hours=2), summary=summary, **props)


def numbered(count: int, summary: str = "Demo day") -> list[str]:
    """``count`` one-hour events ``ev-0`` … titled "<summary> 0" …, an hour apart from 09:00
    UTC three days from today (some 17,000 fit in the sync window, two years ahead)."""
    return [
        vevent(
            f"ev-{i}",
            FIRST_NUMBERED + timedelta(hours=i),
            dtstamp=STAMP,
            duration="PT1H",
            summary=f"{summary} {i}",
        )
        for i in range(count)
    ]


def calendar_text(
    *components: str | int, version: Value = "2.0", prodid: Value = PRODID, **props: Value
) -> str:
    """A VCALENDAR of ``components`` (VEVENT, VTIMEZONE… text; an int n stands for
    ``numbered(n)``), with VERSION, PRODID and then the keyword properties
    (``x_wr_timezone=``, ``method=``) in its header."""
    header = _lines({"version": version, "prodid": prodid, **props})
    return (
        _crlf(["BEGIN:VCALENDAR", *header])
        + "".join(_expanded(components))
        + _crlf(["END:VCALENDAR"])
    )


def _expanded(components: Iterable[str | int]) -> Iterable[str]:
    for component in components:
        if isinstance(component, int):
            yield from numbered(component)
        else:
            yield component


def calendar(*components: str | int, **props: Value) -> bytes:
    """:func:`calendar_text` as UTF-8 bytes, as a feed is fetched, pushed or uploaded."""
    return calendar_text(*components, **props).encode()
