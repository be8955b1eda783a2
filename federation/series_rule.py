"""The recurrence a series is exported with: a recurring master's DTSTART, RRULE, RDATE and
EXDATE as the partner wrote them, normalised so that every reader expands them alike.

Normalised means: DTSTART in the zone the rule was expanded in (an IANA TZID, UTC, or a DATE);
UNTIL in DTSTART's value type (UTC for a zoned start, RFC 5545 §3.3.10); RDATE and EXDATE
values re-written in DTSTART's zone, one line of each. Nothing else of the rule changes.

A rule that cannot travel like this gives ``""`` and the export lists the stored occurrences
instead (events.ical.series_master_text): EXRULE (deprecated), several RRULEs, RDATE periods,
values of the other type, more than :data:`~federation.expand_dates.MAX_DATES` dates, a zone
no IANA name spells. :func:`federation.normalize` keeps a rule only when expanding these lines
again gives exactly the instances it stored, so a client reads the occurrences the site lists.

Pure: content lines and a :class:`~federation.timezones.ZoneResolver` in, text out.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, tzinfo

from icalendar.prop import vRecur

from core.contentline import CRLF, fold
from federation.contentlines import ContentLine, parse_line
from federation.expand_dates import MAX_DATES
from federation.moments import Moment, TimingError, read_moment
from federation.timezones import ZoneResolver, zone

_DATES = ("RDATE", "EXDATE")


def rule_text(lines: list[ContentLine], start: Moment, resolver: ZoneResolver) -> str:
    """The master's recurrence as folded content lines (DTSTART first), or ``""``."""
    names = [line.name for line in lines]
    if "EXRULE" in names or names.count("RRULE") > 1:
        return ""
    tz = _export_zone(start)
    if tz is None:
        return ""
    head = _start_line(start, tz)
    try:
        rules = [_rrule_line(line, start, tz) for line in lines if line.name == "RRULE"]
        dates = [_dates_line(kind, lines, start, tz, resolver) for kind in _DATES]
    except (ValueError, TypeError, OverflowError, TimingError):
        return ""
    if not rules and not dates[0]:
        return ""
    return CRLF.join(fold(line) for line in (head, *rules, *dates) if line)


def rule_lines(text: str) -> list[ContentLine]:
    """The content lines of a stored :func:`rule_text` (unfolded), DTSTART first."""
    unfolded = text.replace(CRLF + " ", "")
    return [line for raw in unfolded.split(CRLF) if (line := parse_line(raw)) is not None]


def _export_zone(start: Moment) -> tzinfo | None:
    """The zone DTSTART is written in: UTC for a UTC or all-day start, else the IANA zone
    (``None`` when the start's zone has no IANA name)."""
    value = start.value
    if not isinstance(value, datetime) or value.tzinfo is UTC:
        return UTC
    if start.tzid in ("UTC", "Etc/UTC"):
        return UTC
    return zone(start.tzid)


def _tz_param(tz: tzinfo) -> str:
    return "" if tz is UTC else f";TZID={tz}"


def _text(value: date | datetime, tz: tzinfo) -> str:
    """A DATE, or a DATE-TIME in ``tz`` (``…Z`` for UTC)."""
    if not isinstance(value, datetime):
        return f"{value:%Y%m%d}"
    local = value.astimezone(tz)
    return f"{local:%Y%m%dT%H%M%S}" + ("Z" if tz is UTC else "")


def _start_line(start: Moment, tz: tzinfo) -> str:
    if not isinstance(start.value, datetime):
        return f"DTSTART;VALUE=DATE:{start.value:%Y%m%d}"
    return f"DTSTART{_tz_param(tz)}:{_text(start.value, tz)}"


def _rrule_line(line: ContentLine, start: Moment, tz: tzinfo) -> str:
    """RRULE with UNTIL of DTSTART's type: a date for dates; for date-times UTC, a floating
    UNTIL read in DTSTART's zone, a DATE UNTIL as the end of that day there."""
    recur = vRecur.from_ical(line.value.strip())
    if "FREQ" not in recur:
        raise ValueError("RRULE without FREQ")
    if until := recur.get("UNTIL"):
        recur["UNTIL"] = [_until(until[0], start)]
    return "RRULE:" + vRecur(recur).to_ical().decode("ascii")


def _until(value: date | datetime, start: Moment) -> date | datetime:
    first = start.value
    if not isinstance(first, datetime):
        return value.date() if isinstance(value, datetime) else value
    if not isinstance(value, datetime):
        value = datetime.combine(value, time(23, 59, 59))
    if value.tzinfo is None:
        value = value.replace(tzinfo=first.tzinfo)
    return value.astimezone(UTC)


def _date_value(line: ContentLine, start: Moment, resolver: ZoneResolver) -> date | datetime:
    """One RDATE/EXDATE value; a floating one is wall time in DTSTART's zone, as readers
    match it against the instances (not the feed's fallback zone)."""
    value = read_moment(line, resolver).value
    floating = "TZID" not in line.params and not line.value.strip().upper().endswith("Z")
    if floating and isinstance(value, datetime) and isinstance(start.value, datetime):
        return value.replace(tzinfo=start.value.tzinfo)
    return value


def _dates_line(
    kind: str, lines: list[ContentLine], start: Moment, tz: tzinfo, resolver: ZoneResolver
) -> str:
    """Every ``kind`` value of the master in one line, in DTSTART's zone and type. The values
    are counted before any is read: a flood outside the window costs the expansion nothing
    (federation.expand_dates), and must cost nothing here either."""
    raw: list[ContentLine] = []
    for line in lines:
        if line.name != kind:
            continue
        if line.params.get("VALUE", "").upper() == "PERIOD":
            raise ValueError(f"{kind} periods")
        texts = [value for value in line.value.split(",") if value.strip()]
        if len(raw) + len(texts) > MAX_DATES:
            raise ValueError(f"more than {MAX_DATES} {kind} dates")
        raw += [ContentLine(kind, line.params, value) for value in texts]
    values = [_date_value(line, start, resolver) for line in raw]
    if not values:
        return ""
    timed = isinstance(start.value, datetime)
    if any(isinstance(value, datetime) != timed for value in values):
        raise ValueError(f"{kind} of another value type than DTSTART")
    texts = sorted({_text(value, tz) for value in values})
    param = _tz_param(tz) if timed else ";VALUE=DATE"
    return f"{kind}{param}:" + ",".join(texts)
