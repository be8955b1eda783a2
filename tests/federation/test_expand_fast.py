"""The dateutil fast path of recurrence expansion gives what recurring_ical_events gives."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from federation.contentlines import top_level_lines
from federation.decode import decode_calendar
from federation.expand import _slow_starts
from federation.expand_budget import rule_parts, skip_ahead
from federation.expand_fast import quick_starts
from federation.moments import Moment, read_moment
from federation.split import split_feed
from federation.timezones import resolver_for
from tests.calendars import calendar_text, vevent
from tests.corpus import each_file

WINDOWS = [
    (datetime(1990, 1, 1, tzinfo=UTC), datetime(2035, 1, 1, tzinfo=UTC)),
    (datetime(2024, 3, 1, tzinfo=UTC), datetime(2024, 12, 1, tzinfo=UTC)),
]


def both_ways(text: str, window: tuple[datetime, datetime], wanted: int = 501):
    """(fast, slow) instance starts of every recurring master in a feed text."""
    feed = split_feed(text)
    zone_of = feed.calendar_prop("X-WR-TIMEZONE")
    resolver = resolver_for(feed.timezones, zone_of, "Asia/Shanghai")
    pairs = []
    for component in feed.components:
        lines = top_level_lines(component.text)
        dtstart = next((line for line in lines if line.name == "DTSTART"), None)
        if component.recurrence_id or dtstart is None or "RRULE" not in {x.name for x in lines}:
            continue
        try:
            rule = rule_parts(next(x.value for x in lines if x.name == "RRULE"))
            read = read_moment(dtstart, resolver)
            moved = skip_ahead(rule, read.value, window[0])
            start = Moment(moved, read.tzid, read.all_day, read.note, read.key)
        except ValueError:
            continue
        fast = quick_starts(lines, rule, start.value, resolver, window, wanted)
        if fast is None or zone_of:
            continue
        slow = _slow_starts(lines, rule, start, resolver, window, wanted, None, [])
        pairs.append((fast, sorted(set(slow))[:wanted]))
    return pairs


def same(fast: list[datetime], slow: list[datetime]) -> None:
    """Same instants and the same wall-clock times in the same zone."""
    assert fast == slow
    assert [(v.replace(tzinfo=None), v.utcoffset()) for v in fast] == [
        (v.replace(tzinfo=None), v.utcoffset()) for v in slow
    ]


@pytest.mark.parametrize("path", each_file(fixtures=True, calendars_only=True))
def test_fast_expansion_matches_on_the_corpus(path: Path) -> None:
    text = decode_calendar(path.read_bytes())
    for window in WINDOWS:
        for fast, slow in both_ways(text, window):
            same(fast, slow)


def series(dtstart: str, rule: str, *extra: str) -> str:
    """A calendar of one series: ``dtstart`` is its whole DTSTART line."""
    return calendar_text(vevent("s", None, dtstart, f"RRULE:{rule}", *extra))


GENERATED = [
    series("DTSTART;TZID=Europe/Helsinki:20240301T100000", "FREQ=WEEKLY;COUNT=12"),
    series(
        "DTSTART;TZID=Europe/Helsinki:20241001T180000",
        "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=20",
        "EXDATE;TZID=Europe/Helsinki:20241015T180000,20241031T180000",
    ),
    series(
        "DTSTART;TZID=America/Los_Angeles:20240301T090000",
        "FREQ=WEEKLY;UNTIL=20240501T000000Z",
        "EXDATE;TZID=America/Los_Angeles:20240315T090000",
    ),
    series(
        "DTSTART;TZID=America/Los_Angeles:20241020T170000",
        "FREQ=WEEKLY;INTERVAL=2;UNTIL=20250301T000000Z",
    ),
    series("DTSTART;TZID=Asia/Shanghai:20240105T140000", "FREQ=MONTHLY;BYDAY=1FR;COUNT=10"),
    series("DTSTART:20240110T010000Z", "FREQ=DAILY;COUNT=80", "EXDATE:20240112T010000Z"),
    series("DTSTART;TZID=Europe/Helsinki:20200101T120000", "FREQ=WEEKLY"),
    series("DTSTART;TZID=Asia/Shanghai:20240229T090000", "FREQ=YEARLY;COUNT=5"),
    series("DTSTART;TZID=Asia/Shanghai:20240105T090000", "FREQ=WEEKLY;COUNT=100000000"),
]


@pytest.mark.parametrize("text", GENERATED)
@pytest.mark.parametrize("window", WINDOWS)
def test_fast_expansion_matches_generated_series(text: str, window) -> None:
    (pair,) = both_ways(text, window)
    if window == WINDOWS[0]:  # in the narrow one, 29 February 2024 has no instance
        assert pair[0], "the series must expand in the wide window"
    same(*pair)


@pytest.mark.parametrize(
    "text",
    [
        series("DTSTART;TZID=Europe/Helsinki:20240331T033000", "FREQ=DAILY;COUNT=3"),  # DST gap
        series("DTSTART;TZID=Asia/Shanghai:20240105T090000", "FREQ=WEEKLY", "RDATE:20240301"),
        series("DTSTART;VALUE=DATE:20240105", "FREQ=WEEKLY;COUNT=3"),
        series("DTSTART;TZID=Asia/Shanghai:20240105T090000", "FREQ=WEEKLY;BYDAY=MO"),
        series(
            "DTSTART;TZID=Asia/Shanghai:20240105T090000", "FREQ=WEEKLY", "EXDATE:20240112T010000Z"
        ),
        series("DTSTART;TZID=Asia/Shanghai:20240105T090000", "FREQ=HOURLY;COUNT=3"),
        series("DTSTART;TZID=Asia/Shanghai:20240105T090000", "FREQ=WEEKLY;UNTIL=20240301"),
    ],
)
def test_fast_expansion_declines_what_it_does_not_model(text: str) -> None:
    assert both_ways(text, WINDOWS[0]) == []


@st.composite
def generated_series(draw: st.DrawFn) -> str:
    """A plain series in a zone with DST or without, with COUNT or UNTIL and EXDATEs."""
    zone = draw(st.sampled_from(["Europe/Helsinki", "America/Los_Angeles", "Asia/Shanghai"]))
    start = datetime(2024, 1, 1) + timedelta(
        days=draw(st.integers(0, 700)),
        hours=draw(st.integers(5, 22)),
        minutes=draw(st.sampled_from([0, 30])),
    )
    parts = [f"FREQ={draw(st.sampled_from(['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY']))}"]
    parts.append(f"INTERVAL={draw(st.integers(1, 3))}")
    if draw(st.booleans()):
        parts.append(f"COUNT={draw(st.integers(1, 60))}")
    elif draw(st.booleans()):
        until = start + timedelta(days=draw(st.integers(0, 900)))
        parts.append(f"UNTIL={until:%Y%m%dT%H%M%S}Z")
    if parts[0] == "FREQ=WEEKLY" and draw(st.booleans()):
        parts.append("BYDAY=" + ",".join(sorted({"MO", "TU", start.strftime("%a")[:2].upper()})))
    skips = [start + timedelta(weeks=n) for n in draw(st.lists(st.integers(0, 30), max_size=3))]
    stamps = ",".join(f"{skip:%Y%m%dT%H%M%S}" for skip in skips)
    extra = [f"EXDATE;TZID={zone}:{stamps}"] if skips else []
    return series(f"DTSTART;TZID={zone}:{start:%Y%m%dT%H%M%S}", ";".join(parts), *extra)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(generated_series(), st.sampled_from(WINDOWS), st.integers(1, 80))
def test_fast_expansion_matches_on_generated_rules(text: str, window, wanted: int) -> None:
    for fast, slow in both_ways(text, window, wanted):
        same(fast, slow)
