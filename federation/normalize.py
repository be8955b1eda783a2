"""The normalize stage: one series in (a master and its RECURRENCE-ID overrides, as grouped
by :func:`federation.series.group_components`), a :class:`ComponentOutcome` per block out:
its :class:`NormalizedEvent` occurrences (UTC times, bilingual clean text, one per instance in
the window, expanded by :mod:`federation.expand`) or a :class:`Skip`.

:func:`normalize_group` never raises: input it cannot use becomes a :class:`Skip` with a
reason a partner can act on, quietly; any other exception is a bug of ours, logged with its
traceback (logger ``huiju.normalize``), and its series is skipped with a generic reason.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from federation.blocks import RawComponent, SplitFeed
from federation.contentlines import ContentLine, top_level_lines
from federation.expand import INVALID_RULE, RECURRENCE_LINES, expand_series
from federation.expand_budget import RuleNeverMatches
from federation.moments import Moment, TimingError, end_of, read_moment
from federation.normalize_huiju import huiju_value, huiju_zone
from federation.normalize_text import (
    EventText,
    event_texts,
    has_conference,
    is_online,
    read_categories,
    read_last_modified,
    read_sequence,
    read_status,
    read_url,
)
from federation.series import duplicate_skips, series_uid
from federation.series_rule import rule_lines, rule_text
from federation.sync_errors import coded, message_of
from federation.timezones import ZoneResolver, resolver_for, zone

log = logging.getLogger("huiju.normalize")

# The reason a partner sees for a series we failed on: our traceback is no use to them.
INTERNAL_ERROR = coded("skip.internal")

__all__ = [
    "ComponentOutcome",
    "EventText",
    "NormalizeContext",
    "NormalizedEvent",
    "Skip",
    "normalize_group",
]


@dataclass(frozen=True, slots=True)
class NormalizedEvent:
    """One stored occurrence.  Times are aware UTC; ``end_at >= start_at``."""

    uid: str
    recurrence_id: str
    start_at: datetime
    end_at: datetime
    all_day: bool
    start_date: date | None
    end_date: date | None  # exclusive, as DTEND;VALUE=DATE
    tzid: str
    texts: Mapping[str, EventText]
    language: str
    url: str | None
    categories: tuple[str, ...]
    status: str
    sequence: int
    last_modified_at: datetime | None
    online: bool
    content_hash: str
    notes: tuple[str, ...]
    # The master's recurrence as exported (federation.series_rule), on each instance it
    # generated; "" for single events, overrides and rules that cannot travel whole.
    series_rule: str = ""


@dataclass(frozen=True, slots=True)
class NormalizeContext:
    """What the caller decides: the expansion window, default zone, language and cap."""

    window_start: datetime
    window_end: datetime
    default_tz: str = "Asia/Shanghai"
    language: str = "auto"
    max_occurrences: int = 500


@dataclass(frozen=True, slots=True)
class Skip:
    """A component that produced nothing, and why."""

    uid: str | None
    recurrence_id: str
    reason: str


@dataclass(frozen=True, slots=True)
class ComponentOutcome:
    """What became of one input component."""

    component: RawComponent
    occurrences: tuple[NormalizedEvent, ...]
    skip: Skip | None


@dataclass(frozen=True, slots=True)
class _Reading:
    """A component's properties, read once and shared by all its occurrences."""

    component: RawComponent
    uid: str
    lines: list[ContentLine]
    start: Moment
    length: timedelta
    notes: tuple[str, ...]
    content: tuple  # the visible, time-independent fields, in NormalizedEvent order


def normalize_group(
    feed: SplitFeed, components: Sequence[RawComponent], ctx: NormalizeContext
) -> tuple[ComponentOutcome, ...]:
    """Normalise one series; one outcome per input component, in input order. Never raises:
    an unexpected exception is logged with its traceback and skips the whole series."""
    try:
        return _normalize_group(feed, list(components), ctx)
    except Exception:  # a bug of ours: the partner gets a skip, the maintainers the traceback
        first = components[0]
        log.exception(
            "normalising the series %s (VEVENT at line %d) failed", series_uid(first), first.line
        )
        return tuple(_skipped(component, INTERNAL_ERROR) for component in components)


def _normalize_group(
    feed: SplitFeed, components: list[RawComponent], ctx: NormalizeContext
) -> tuple[ComponentOutcome, ...]:
    """Read every component, expand the master, let overrides replace their instances."""
    resolver = resolver_for(feed.timezones, feed.calendar_prop("X-WR-TIMEZONE"), ctx.default_tz)
    skips = duplicate_skips(components)
    readings: dict[int, _Reading] = {}
    for index, component in enumerate(components):
        if index not in skips:
            try:
                readings[index] = _read(component, resolver, feed, ctx)
            except TimingError as error:
                skips[index] = message_of(error)
    master = next((r for r in readings.values() if not r.component.recurrence_id), None)
    overridden = {
        _override_key(r, resolver, master) for r in readings.values() if r.component.recurrence_id
    }
    outcomes = []
    for index, component in enumerate(components):
        if index in skips:
            outcomes.append(_skipped(component, skips[index]))
            continue
        try:
            outcomes.append(
                _outcome(readings[index], overridden - {""}, master, resolver, feed, ctx)
            )
        except OverflowError as error:  # a date past what datetime holds (DURATION:P99999999W)
            outcomes.append(_skipped(component, _out_of_range(error)))
    return tuple(outcomes)


def _out_of_range(error: OverflowError) -> str:
    """Skip reason for an occurrence whose dates no datetime can hold."""
    return coded("skip.out_of_range", error=f"{type(error).__name__}: {error}")


def _skipped(component: RawComponent, reason: str) -> ComponentOutcome:
    """An outcome with no occurrences and a readable reason."""
    return ComponentOutcome(component, (), Skip(component.uid, component.recurrence_id, reason))


def _read(
    component: RawComponent, resolver: ZoneResolver, feed: SplitFeed, ctx: NormalizeContext
) -> _Reading:
    """Parse the block's top-level lines and the values every occurrence shares."""
    lines = top_level_lines(component.text)
    starts = [line for line in lines if line.name == "DTSTART"]
    if not starts:
        raise TimingError(coded("skip.no_start"))
    start = huiju_zone(read_moment(starts[0], resolver), lines)
    end = next((line for line in lines if line.name == "DTEND"), None)
    duration = next((line for line in lines if line.name == "DURATION"), None)
    length, length_note = end_of(start, end, duration, resolver)
    texts, language = event_texts(lines, huiju_value(lines, "X-HUIJU-LANGUAGE") or ctx.language)
    url = read_url(lines)
    content = (
        texts,
        language,
        url,
        read_categories(lines),
        read_status(lines, feed.calendar_prop("METHOD")),
        read_sequence(lines),
        read_last_modified(lines),
        is_online(texts, url) or has_conference(lines),
    )
    notes = tuple(note for note in (start.note, length_note) if note)
    return _Reading(component, series_uid(component), lines, start, length, notes, content)


def _override_key(reading: _Reading, resolver: ZoneResolver, master: _Reading | None) -> str:
    """The normalised RECURRENCE-ID of an override ("" when it cannot be read), in the value
    type of its master's instances (RFC 5545 §3.8.4.4 asks for DTSTART's type; not every
    source writes it).

    An all-day master keys its instances by date. Exchange writes an all-day override's
    RECURRENCE-ID as local midnight in a Windows zone (``TZID=W. Europe Standard
    Time:20260226T000000``): the instance it replaces is that local date, not the UTC
    instant's (which would miss it, and list the day twice). A timed master's instance named
    by a DATE (``RECURRENCE-ID;VALUE=DATE:20260226``) is the one on that day at the master's
    local time of day."""
    line = next((line for line in reading.lines if line.name == "RECURRENCE-ID"), None)
    try:
        value = read_moment(line, resolver).value if line else None
    except TimingError:
        return ""
    if value is None:
        return ""
    if master is None:
        return recurrence_key(value)
    first = master.start.value
    if master.start.all_day and isinstance(value, datetime):
        if value.tzinfo is UTC:
            value = value.astimezone(zone(resolver.fallback) or UTC)
        return recurrence_key(value.date())
    if isinstance(first, datetime) and not isinstance(value, datetime):
        return recurrence_key(datetime.combine(value, first.timetz()))
    return recurrence_key(value)


def recurrence_key(value: date | datetime) -> str:
    """``YYYYMMDD`` for a date, ``YYYYMMDDTHHMMSSZ`` (UTC) for a date-time."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    return value.strftime("%Y%m%d")


def _outcome(
    reading: _Reading,
    overridden: set[str],
    master: _Reading | None,
    resolver: ZoneResolver,
    feed: SplitFeed,
    ctx: NormalizeContext,
) -> ComponentOutcome:
    """Occurrences of a master (expanded), an override, or a plain event."""
    window = (ctx.window_start.astimezone(UTC), ctx.window_end.astimezone(UTC))
    notes = list(reading.notes)
    rule = ""
    if reading.component.recurrence_id:
        key = _override_key(reading, resolver, master)
        if master is None:
            notes.append("override without its master event: kept as a single event")
        starts, keys = [reading.start.value], [key or recurrence_key(reading.start.value)]
    elif any(line.name in ("RRULE", "RDATE") for line in reading.lines):
        try:
            starts, more = _expand(reading, resolver, feed, window, ctx.max_occurrences)
        except RuleNeverMatches as error:
            return _skipped(reading.component, message_of(error))
        except INVALID_RULE as error:
            return _skipped(reading.component, coded("skip.invalid_rule", error=str(error)))
        notes += more
        keys = [recurrence_key(start) for start in starts]
        if not more:
            rule = _series_rule(reading, resolver, feed, window, ctx.max_occurrences, keys)
        starts, keys = _without_overridden(starts, keys, overridden)
    else:
        starts, keys = [reading.start.value], [""]
    built = (
        _occurrence(reading, start, key, notes, rule)
        for start, key in zip(starts, keys, strict=True)
    )
    return ComponentOutcome(reading.component, tuple(o for o in built if _in(o, window)), None)


def _expand(
    reading: _Reading,
    resolver: ZoneResolver,
    feed: SplitFeed,
    window: tuple[datetime, datetime],
    cap: int,
) -> tuple[list, list[str]]:
    """Expand a master over the window (recurring_ical_events keeps instances overlapping it).

    All-day instances are compared in floating time there, so the window opens a day early
    for them; :func:`_in` then trims with the exact UTC bounds.
    """
    x_wr = resolver.fallback if feed.calendar_prop("X-WR-TIMEZONE") else None
    return _expand_lines(reading.lines, reading.start, resolver, window, cap, x_wr)


def _expand_lines(
    lines: list[ContentLine],
    start: Moment,
    resolver: ZoneResolver,
    window: tuple[datetime, datetime],
    cap: int,
    x_wr: str | None,
) -> tuple[list, list[str]]:
    margin = timedelta(days=1) if start.all_day else timedelta(0)
    widened = (window[0] - margin, window[1])
    return expand_series(lines, start, resolver, widened, cap, x_wr)


def _series_rule(
    reading: _Reading,
    resolver: ZoneResolver,
    feed: SplitFeed,
    window: tuple[datetime, datetime],
    cap: int,
    keys: list[str],
) -> str:
    """The master's normalised recurrence (federation.series_rule), kept only if expanding it
    again gives exactly the instances ``keys`` names: what a client expands from the export is
    then what the site lists. ``""`` when it cannot travel whole. Lines that normalising left
    as they were (the common case) are the ones just expanded: nothing to expand again."""
    text = rule_text(reading.lines, reading.start, resolver)
    if not text:
        return ""
    lines = rule_lines(text)
    if not feed.calendar_prop("X-WR-TIMEZONE") and _recurrence(lines) == _recurrence(reading.lines):
        return text
    try:
        start = read_moment(lines[0], resolver)
        again, notes = _expand_lines(lines[1:], start, resolver, window, cap, None)
    except (TimingError, RuleNeverMatches, *INVALID_RULE):
        return ""
    same = not notes and [recurrence_key(value) for value in again] == keys
    return text if same else ""


def _recurrence(lines: list[ContentLine]) -> list[tuple]:
    """The lines an expansion reads (federation.expand), comparable whatever their order."""
    return sorted(
        (line.name, sorted(line.params.items()), line.value.strip())
        for line in lines
        if line.name in RECURRENCE_LINES
    )


def _without_overridden(starts: list, keys: list[str], overridden: set[str]) -> tuple[list, list]:
    """Drop the instances an override replaces (RFC 5545 §3.8.4.4)."""
    kept = [(start, key) for start, key in zip(starts, keys, strict=True) if key not in overridden]
    return [start for start, _ in kept], [key for _, key in kept]


def _occurrence(
    reading: _Reading, start: date | datetime, recurrence_id: str, notes: list[str], rule: str
) -> NormalizedEvent:
    """Build one occurrence from the shared reading and this instance's start."""
    all_day = not isinstance(start, datetime)
    if all_day:
        start_date, end_date = start, start + timedelta(days=max(reading.length.days, 1))
        start_at = _midnight_utc(start_date, reading.start.tzid)
        end_at = _midnight_utc(end_date, reading.start.tzid)
    else:
        start_date = end_date = None
        start_at = start.astimezone(UTC)
        end_at = max((start + reading.length).astimezone(UTC), start_at)
    texts, language, url, categories, status, sequence, modified, online = reading.content
    digest = _content_hash(reading, recurrence_id, start_at, end_at, all_day, rule)
    return NormalizedEvent(
        reading.uid,
        recurrence_id,
        start_at,
        end_at,
        all_day,
        start_date,
        end_date,
        reading.start.tzid,
        texts,
        language,
        url,
        categories,
        status,
        sequence,
        modified,
        online,
        digest,
        tuple(dict.fromkeys(notes)),
        rule,
    )


def _midnight_utc(day: date, tzid: str) -> datetime:
    """Midnight of an all-day date in the event's zone, as UTC."""
    tz = zone(tzid) or UTC
    return datetime.combine(day, time(0), tz).astimezone(UTC)


def _content_hash(
    reading: _Reading,
    recurrence_id: str,
    start_at: datetime,
    end_at: datetime,
    all_day: bool,
    rule: str,
) -> str:
    """Hash of everything a visitor or a subscriber sees (not SEQUENCE, LAST-MODIFIED or
    DTSTAMP): a changed rule is a change even where the window's instances are not."""
    texts, language, url, categories, status = reading.content[:5]
    parts = [
        reading.uid,
        recurrence_id,
        start_at.isoformat(),
        end_at.isoformat(),
        str(all_day),
        reading.start.tzid,
        language,
        url or "",
        "\x1f".join(categories),
        status,
    ]
    if has_conference(reading.lines):  # online only by its CONFERENCE line (RFC 7986)
        parts.append("CONFERENCE")
    if rule:
        parts.append(rule)
    for lang in sorted(texts):
        text = texts[lang]
        parts += [lang, text.title, text.description, text.description_html or "", text.location]
    return hashlib.sha256("\x1e".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def _in(occurrence: NormalizedEvent, window: tuple[datetime, datetime]) -> bool:
    """Whether an occurrence overlaps the window (a zero-length one: starts inside it)."""
    if occurrence.start_at >= window[1]:
        return False
    return occurrence.end_at > window[0] or occurrence.start_at >= window[0]
