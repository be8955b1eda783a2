"""The expand stage's fast path: a plain RRULE series in (its lines, rule parts and aware
DTSTART), its instance starts in the window out, straight through dateutil; or ``None``.

recurring_ical_events builds an icalendar tree per series (about 5 ms each); most partner
series are one plain RRULE (weekly, COUNT or UNTIL, BYDAY…) with a few EXDATEs in a zone we
already resolved, which dateutil — the library recurring_ical_events itself expands with —
handles directly.  Anything else (RDATE, EXRULE, all-day or sub-daily rules, floating or
date-valued EXDATEs, custom zones, a DTSTART the rule does not produce, local times that
do not exist or occur twice) returns ``None`` and takes the recurring_ical_events path.
"""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import islice
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule, rruleset, rrulestr

from federation.contentlines import ContentLine
from federation.expand_budget import clamped_count
from federation.timezones import ZoneResolver

_FREQS = frozenset({"DAILY", "WEEKLY", "MONTHLY", "YEARLY"})
_PARTS = frozenset({"FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "BYMONTHDAY", "BYMONTH", "WKST"})


def quick_starts(
    lines: list[ContentLine],
    rule: dict[str, str],
    start_value: datetime,
    resolver: ZoneResolver,
    window: tuple[datetime, datetime],
    wanted: int,
) -> list[datetime] | None:
    """Up to ``wanted`` instance starts in ``window`` (earliest first), or ``None`` to decline."""
    if not _plain(lines, rule, start_value):
        return None
    try:
        series = _series(lines, rule, start_value, resolver)
    except (ValueError, TypeError, KeyError, OverflowError):
        return None
    if series is None:
        return None
    found = list(islice(_between(series, window), wanted))
    return found if all(_unambiguous(value) for value in found) else None


def _plain(lines: list[ContentLine], rule: dict[str, str], start_value: datetime) -> bool:
    """One simple RRULE, no RDATE/EXRULE, a timed DTSTART in an IANA zone or UTC."""
    names = [line.name for line in lines]
    if names.count("RRULE") != 1 or "RDATE" in names or "EXRULE" in names:
        return False
    if not isinstance(start_value, datetime) or not _standard_zone(start_value):
        return False
    raw = next(line.value for line in lines if line.name == "RRULE")
    return (
        raw == raw.upper()
        and raw.strip() == raw
        and rule.get("FREQ") in _FREQS
        and set(rule) <= _PARTS
        and ("UNTIL" not in rule or _utc_stamp(rule["UNTIL"]))
    )


def _standard_zone(value: datetime) -> bool:
    """Whether the zone is one icalendar would map to the same ZoneInfo (or UTC)."""
    return value.tzinfo is UTC or isinstance(value.tzinfo, ZoneInfo)


def _utc_stamp(text: str) -> bool:
    """``YYYYMMDDTHHMMSSZ``: the only UNTIL form dateutil takes with an aware DTSTART."""
    return text.endswith("Z") and _stamp(text[:-1])


def _series(
    lines: list[ContentLine], rule: dict[str, str], start_value: datetime, resolver: ZoneResolver
) -> rruleset | None:
    """The rule with its EXDATEs; ``None`` when an EXDATE is not in DTSTART's own zone."""
    text = clamped_count(next(line for line in lines if line.name == "RRULE")).value
    recurrence = rrulestr(text, dtstart=start_value)
    if not isinstance(recurrence, rrule) or next(iter(recurrence), None) != start_value:
        return None  # a DTSTART outside the rule: recurring_ical_events adds it, dateutil not
    series = rruleset()
    series.rrule(recurrence)
    for line in lines:
        if line.name == "EXDATE":
            excluded = _exdates(line, start_value, resolver)
            if excluded is None:
                return None
            for value in excluded:
                series.exdate(value)
    return series


def _exdates(
    line: ContentLine, start_value: datetime, resolver: ZoneResolver
) -> list[datetime] | None:
    """The EXDATE's date-times, when all are written in DTSTART's zone; else ``None``."""
    if line.params.get("VALUE", "DATE-TIME").upper() != "DATE-TIME":
        return None
    tz = resolver.resolve(line.params["TZID"])[1] if "TZID" in line.params else UTC
    values = []
    for raw in line.value.split(","):
        stamp = raw.strip()
        utc = stamp.endswith("Z")
        if tz is not start_value.tzinfo or utc != (tz is UTC) or not _stamp(stamp.rstrip("Z")):
            return None
        values.append(_parsed(stamp).replace(tzinfo=tz))
    return values


def _parsed(stamp: str) -> datetime:
    """``YYYYMMDDTHHMMSS[Z]`` → naive datetime (strptime is slow: it consults the locale)."""
    numbers = (stamp[:4], stamp[4:6], stamp[6:8], stamp[9:11], stamp[11:13], stamp[13:15])
    return datetime(*map(int, numbers))


def _stamp(text: str) -> bool:
    """``YYYYMMDDTHHMMSS``: digits only, in the one form icalendar reads too."""
    return len(text) == 15 and text[8] == "T" and text[:8].isdigit() and text[9:].isdigit()


def _between(series: rruleset, window: tuple[datetime, datetime]):
    """Instances starting inside the window, in order."""
    for value in series.xafter(window[0], inc=True):
        if value >= window[1]:
            return
        yield value


def _unambiguous(value: datetime) -> bool:
    """Whether the local time exists exactly once (not in a DST gap or overlap)."""
    if value.tzinfo is UTC:
        return True
    utc = value.astimezone(UTC)
    same = utc.astimezone(value.tzinfo).replace(tzinfo=None) == value.replace(tzinfo=None)
    return same and value.replace(fold=1).utcoffset() == value.utcoffset()
