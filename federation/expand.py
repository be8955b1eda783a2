"""The expand stage: a recurring master in (its content lines and its DTSTART as a
:class:`~federation.moments.Moment`), the starts of its instances in the window out, sorted
and capped, with notes on what was dropped or cut.

Plain events never come here. Every RRULE is first read, checked and walked within a budget
(:mod:`federation.expand_budget`), one expansion per rule; plain RRULE series then go through
dateutil directly (:mod:`federation.expand_fast`), the rest through recurring_ical_events (the
slow path) from a minimal calendar holding only the lines that define their dates.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import recurring_ical_events
import x_wr_timezone
from icalendar import Calendar

from federation.contentlines import ContentLine
from federation.expand_budget import (
    BUDGET,
    PERIODS,
    RuleNeverMatches,
    RulePlan,
    interval,
    plan_rules,
)
from federation.expand_dates import bounded_dates
from federation.expand_fast import quick_starts
from federation.moments import Moment
from federation.timezones import ZoneResolver

# Lines a recurrence needs; everything else (texts, alarms, attendees) stays out of the
# calendar handed to recurring_ical_events so it parses and copies as little as possible.
RECURRENCE_LINES = ("DTSTART", "RRULE", "RDATE", "EXDATE", "EXRULE")

# What expanding a partner's rule raises when the rule is unusable, besides RuleNeverMatches:
# dateutil and recurring_ical_events refuse what they cannot read with ValueError (icalendar's
# InvalidCalendar is one), arithmetic past the year 9999 or a C int overflows, and dateutil
# indexes its masks with BYDAY offsets it never range-checks (BYDAY=+99MO: IndexError).
INVALID_RULE: tuple[type[Exception], ...] = (ValueError, OverflowError, IndexError)


def expand_series(
    lines: list[ContentLine],
    start: Moment,
    resolver: ZoneResolver,
    window: tuple[datetime, datetime],
    cap: int,
    x_wr_tz: str | None,
) -> tuple[list[datetime | date], list[str]]:
    """Starts of a recurring master's instances that fall in ``window``, sorted, capped.

    Raises one of :data:`INVALID_RULE` for a rule that cannot be expanded and
    :class:`RuleNeverMatches` when no rule (and no RDATE) gives a date; unreadable RDATE/EXDATE
    lines and rules that give no date beside others that do are dropped with a note.
    """
    has_rdate = any(line.name == "RDATE" for line in lines)
    lines, spent, cut = bounded_dates(lines, window)
    plans, refused = plan_rules(lines, start.value, window, cap + 1, BUDGET - spent)
    if refused and not plans and not has_rdate:
        raise RuleNeverMatches(refused[0])
    notes = [f"{reason}; ignored" for reason in refused] + cut
    if sum(line.name == "RRULE" for line in lines) > 1:
        notes.append("several RRULE lines (RFC 5545 expects one): their dates are combined")
    found: list[datetime | date] = []
    for plan in plans or [None]:
        found += _plan_starts(lines, plan, start, resolver, window, cap, x_wr_tz, notes)
    found = sorted({_aware(value, resolver) for value in found}, key=_sort_key)
    if len(found) > cap:
        notes.append(f"recurrence truncated at {cap} occurrences")
    return found[:cap], notes


def _plan_starts(
    lines: list[ContentLine],
    plan: RulePlan | None,
    start: Moment,
    resolver: ZoneResolver,
    window: tuple[datetime, datetime],
    cap: int,
    x_wr_tz: str | None,
    notes: list[str],
) -> list[datetime | date]:
    """One rule's instance starts (``plan`` ``None``: RDATEs only), up to where it was checked."""
    own = [line for line in lines if line.name != "RRULE"] + ([plan.line] if plan else [])
    rule = plan.parts if plan else {}
    if plan is not None:
        start = Moment(plan.start, start.tzid, start.all_day, start.note, start.key)
        window = (window[0], plan.until)
        notes += [plan.note] if plan.note else []
    quick = None if x_wr_tz else quick_starts(own, rule, start.value, resolver, window, cap + 1)
    found = (
        quick
        if quick is not None
        else _slow_starts(own, rule, start, resolver, window, cap + 1, x_wr_tz, notes)
    )
    if plan is not None and plan.crowded and len(found) <= cap:
        notes.append(plan.crowded)
    return found


def _slow_starts(
    lines: list[ContentLine],
    rule: dict[str, str],
    start: Moment,
    resolver: ZoneResolver,
    window: tuple[datetime, datetime],
    wanted: int,
    x_wr_tz: str | None,
    notes: list[str],
) -> list[datetime | date]:
    """Expand through recurring_ical_events from a minimal calendar (any rule, any quirk)."""
    calendar = Calendar.from_ical(_calendar_text(lines, start, resolver, x_wr_tz))
    _drop_broken_dates(calendar, notes)
    if x_wr_tz:
        calendar = x_wr_timezone.to_standard(calendar)
    return _first_instances(recurring_ical_events.of(calendar), rule, start, window, wanted)


def _first_instances(
    query: recurring_ical_events.CalendarQuery,
    rule: dict[str, str],
    start: Moment,
    window: tuple[datetime, datetime],
    wanted: int,
) -> list[datetime | date]:
    """Up to about ``wanted`` instance starts from the window's beginning, in growing slices.

    Asking for the whole window at once would materialise every instance of a dense rule
    (one per second for years); slices sized from the rule's period stop near the cap.
    The first slice starts at DTSTART when that is inside the window; slices grow only while
    they come back empty.
    """
    period = timedelta(seconds=PERIODS.get(rule.get("FREQ", ""), 31 * 86400))
    span = period * interval(rule) * (wanted + 1)
    found: list[datetime | date] = []
    first = _sort_key(start.value) - (timedelta(days=1) if start.all_day else timedelta(0))
    cursor = max(window[0], first)
    while cursor < window[1] and len(found) < wanted:
        stop = min(cursor + span, window[1])
        batch = [event["DTSTART"].dt for event in query.between(cursor, stop)]
        found += batch
        cursor, span = stop, span if batch else span * 2
    return found


def _drop_broken_dates(calendar: Calendar, notes: list[str]) -> None:
    """Remove RDATE/EXDATE values icalendar could not read; a broken RRULE is an error."""
    for event in calendar.walk("VEVENT"):
        for name, message in getattr(event, "errors", []):
            if name == "RRULE":
                raise ValueError(f"invalid RRULE: {message}")
            if name in ("RDATE", "EXDATE", "EXRULE") and name in event:
                event.pop(name)
                notes.append(f"unreadable {name} ignored ({message})")


def _calendar_text(
    lines: list[ContentLine], start: Moment, resolver: ZoneResolver, x_wr_tz: str | None
) -> str:
    """A minimal VCALENDAR with the master's date lines, TZIDs rewritten to resolvable keys."""
    out = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Huiju//expand//EN"]
    if x_wr_tz:
        out.append(f"X-WR-TIMEZONE:{x_wr_tz}")
    out += ["BEGIN:VEVENT", "UID:expand", _dtstart_line(start, resolver)]
    for line in lines:
        if line.name in RECURRENCE_LINES[1:]:
            out.append(_render(line, resolver))
    out += ["END:VEVENT", "END:VCALENDAR"]
    return "\r\n".join(out)


def _dtstart_line(start: Moment, resolver: ZoneResolver) -> str:
    """DTSTART in a form icalendar reads unambiguously: DATE, UTC, or a resolvable TZID."""
    value = start.value
    if start.all_day:
        return f"DTSTART;VALUE=DATE:{value:%Y%m%d}"
    if value.tzinfo is UTC:  # type: ignore[union-attr]
        return f"DTSTART:{value:%Y%m%dT%H%M%S}Z"
    return f"DTSTART;TZID={start.key or start.tzid}:{value:%Y%m%dT%H%M%S}"


def _render(line: ContentLine, resolver: ZoneResolver) -> str:
    """Re-serialise a content line, replacing its TZID by the resolved key."""
    params = dict(line.params)
    if "TZID" in params:
        params["TZID"] = resolver.resolve(params["TZID"])[0]
    rendered = "".join(f";{key}={_quote(value)}" for key, value in params.items())
    return f"{line.name}{rendered}:{line.value}"


def _quote(value: str) -> str:
    """Quote a parameter value that contains RFC 5545 separators."""
    return f'"{value}"' if any(char in value for char in ";:,") else value


def _aware(value: datetime | date, resolver: ZoneResolver) -> datetime | date:
    """Floating instances take the feed's zone; dates stay dates."""
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=resolver.resolve(resolver.fallback)[1])
    return value


def _sort_key(value: datetime | date) -> datetime:
    """Sort dates and aware datetimes together (dates as UTC midnight)."""
    if isinstance(value, datetime):
        return value
    return datetime(value.year, value.month, value.day, tzinfo=UTC)
