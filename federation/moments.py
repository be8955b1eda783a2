"""When an event happens, for the normalize and expand stages: a DTSTART-like content line in,
a :class:`Moment` out (an aware datetime, or a date for all-day events, and its zone), read
with the feed's zones; and the event's length from DTEND or DURATION (RFC 5545 §3.6.1).

Pure: content lines and a :class:`~federation.timezones.ZoneResolver` in, values out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from icalendar.prop import vDuration

from federation.contentlines import ContentLine
from federation.sync_errors import coded
from federation.timezones import ZoneResolver

_PLAUSIBLE_YEARS = range(1800, 2400)


class TimingError(ValueError):
    """A date property that cannot be read; the message is the Skip reason."""


@dataclass(frozen=True, slots=True)
class Moment:
    """A DTSTART-like value: aware datetime (date when all-day) and the zone it was written in."""

    value: datetime | date
    tzid: str
    all_day: bool
    note: str | None = None
    key: str = ""  # the TZID icalendar resolves to the same zone ("" for dates and UTC)


def read_moment(line: ContentLine, resolver: ZoneResolver) -> Moment:
    """Read a DATE or DATE-TIME property; floating times take the feed's zone (RFC 5545 §3.3.5)."""
    raw = line.value.strip()
    try:
        if line.params.get("VALUE", "").upper() == "DATE" or (len(raw) == 8 and raw.isdigit()):
            return Moment(_date(raw[:8]), resolver.fallback, True)
        naive = _datetime(raw.rstrip("Zz"))
    except (ValueError, IndexError):
        raise TimingError(coded("skip.bad_date", name=line.name, value=raw)) from None
    if raw[-1:] in "Zz":
        return Moment(naive.replace(tzinfo=UTC), resolver.fallback, False)
    if "TZID" in line.params:
        key, tz, note = resolver.resolve(line.params["TZID"])
        return Moment(naive.replace(tzinfo=tz), resolver.iana_name(key, tz), False, note, key)
    key, tz, _ = resolver.resolve(resolver.fallback)
    return Moment(naive.replace(tzinfo=tz), resolver.fallback, False, None, key)


def _date(raw: str) -> date:
    """``YYYYMMDD`` → date, refusing years no real event has (``30110811``)."""
    if len(raw) != 8 or not raw.isdigit() or int(raw[:4]) not in _PLAUSIBLE_YEARS:
        raise ValueError(raw)
    return date(int(raw[:4]), int(raw[4:6]), int(raw[6:8]))


def _datetime(raw: str) -> datetime:
    """``YYYYMMDDTHHMMSS`` (seconds optional, as some producers write) → naive datetime."""
    day, separator, clock = raw.partition("T")
    if separator != "T" or len(clock) not in (4, 6) or not clock.isdigit():
        raise ValueError(raw)
    start = _date(day)
    seconds = int(clock[4:6] or 0)
    return datetime(start.year, start.month, start.day, int(clock[:2]), int(clock[2:4]), seconds)


def end_of(
    start: Moment, end: ContentLine | None, duration: ContentLine | None, resolver: ZoneResolver
) -> tuple[timedelta, str | None]:
    """The event's length per RFC 5545 §3.6.1: DTEND, else DURATION, else one day / zero."""
    default = timedelta(days=1) if start.all_day else timedelta(0)
    if end is not None:
        try:
            finish = read_moment(end, resolver).value
        except TimingError as error:
            return default, f"{error}; default length used"
        length = _difference(start, finish)
    elif duration is not None:
        try:
            length = vDuration.from_ical(duration.value.strip())
        except (ValueError, TypeError):
            return default, f"DURATION is not valid ({duration.value.strip()}); default length used"
    else:
        return default, None
    if length < timedelta(0) or (start.all_day and length < timedelta(days=1)):
        return default, "the event ends before it starts; default length used"
    return length, None


def _difference(start: Moment, finish: datetime | date) -> timedelta:
    """DTEND − DTSTART, coercing a DTEND of the other value type (DATE vs DATE-TIME)."""
    if start.all_day:
        finish_day = finish.date() if isinstance(finish, datetime) else finish
        return timedelta(days=(finish_day - start.value).days)  # type: ignore[operator]
    if not isinstance(finish, datetime):
        finish = datetime.combine(finish, datetime.min.time(), start.value.tzinfo)  # type: ignore[union-attr]
    return finish - start.value  # type: ignore[operator]
