"""Property-based robustness: mutated corpus seeds and generated VEVENTs never break normalize."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from federation.decode import decode_calendar
from federation.errors import FeedParseError
from federation.normalize import NormalizeContext, normalize_group
from federation.series import group_components
from federation.split import careful_split, split_feed
from federation.split_fast import fast_split
from tests.calendars import calendar_text, vevent
from tests.corpus import CORPUS, FIXTURES

CTX = NormalizeContext(datetime(2023, 1, 1, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC))
SEEDS = sorted(
    p for p in [*FIXTURES.glob("*.ics"), *CORPUS.glob("*.ics")] if p.stat().st_size < 40_000
)
SEED_LINES = [path.read_bytes().splitlines(keepends=True) for path in SEEDS]
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check(data: bytes) -> None:
    """The pipeline's invariants for arbitrary bytes."""
    try:
        feed = split_feed(decode_calendar(data))
    except FeedParseError:
        return
    outcomes = [o for g in group_components(feed) for o in normalize_group(feed, g, CTX)]
    assert len(outcomes) == len(feed.components)
    for outcome in outcomes:
        for event in outcome.occurrences:
            assert event.start_at.utcoffset() == timedelta(0) == event.end_at.utcoffset()
            assert event.end_at >= event.start_at and event.uid


@st.composite
def mutated_seed(draw: st.DrawFn) -> bytes:
    """A corpus or fixture file with lines deleted, duplicated, swapped and bytes flipped."""
    lines = list(draw(st.sampled_from(SEED_LINES)))
    for _ in range(draw(st.integers(0, 6))):
        if not lines:
            break
        index = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "flip", "swap"]))
        if action == "delete":
            del lines[index]
        elif action == "duplicate":
            lines.insert(index, lines[index])
        elif action == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[index], lines[other] = lines[other], lines[index]
        elif lines[index]:
            position = draw(st.integers(0, len(lines[index]) - 1))
            value = draw(st.integers(0, 255))
            line = bytearray(lines[index])
            line[position] = value
            lines[index] = bytes(line)
    return b"".join(lines)


values = st.sampled_from(
    [
        "20240612T010000Z",
        "20240612T090000",
        "20240612",
        "20241301T000000",
        "2024",
        "",
        "X",
        "20000101T000000Z",
        "99991231T235959Z",
    ]
)
rules = st.sampled_from(
    [
        "FREQ=DAILY",
        "FREQ=WEEKLY;COUNT=3",
        "FREQ=SECONDLY",
        "FREQ=MINUTELY;INTERVAL=0",
        "FREQ=MONTHLY;BYDAY=-1FR",
        "FREQ=YEARLY;UNTIL=20230101",
        "FREQ=",
        "GARBAGE",
        "FREQ=HOURLY;BYMINUTE=0,30;COUNT=100000",
    ]
)
params = st.sampled_from(
    [
        "",
        ";TZID=Asia/Shanghai",
        ";TZID=Nowhere",
        ";VALUE=DATE",
        ";TZID=+8",
        ";TZID=W. Europe Standard Time",
        ';TZID="(UTC+08:00) Beijing"',
    ]
)


@st.composite
def generated_vevent(draw: st.DrawFn) -> str:
    """A VEVENT assembled from plausible and broken property values."""
    lines = [f"UID:{draw(st.sampled_from(['a', 'b', '']))}"]
    lines.append(f"DTSTART{draw(params)}:{draw(values)}")
    if draw(st.booleans()):
        lines.append(f"DTEND{draw(params)}:{draw(values)}")
    if draw(st.booleans()):
        lines.append(f"DURATION:{draw(st.sampled_from(['PT1H', 'P1D', '-P1W', 'PX', 'P0D']))}")
    if draw(st.booleans()):
        lines.append(f"RRULE:{draw(rules)}")
    if draw(st.booleans()):
        lines.append(f"EXDATE{draw(params)}:{draw(values)}")
    if draw(st.booleans()):
        lines.append(f"RECURRENCE-ID{draw(params)}:{draw(values)}")
    lines.append(f"SUMMARY:{draw(st.text(max_size=30))}".replace("\r", "").replace("\n", ""))
    return vevent(None, None, *lines)


@pytest.mark.corpus
@SETTINGS
@given(mutated_seed())
def test_mutated_seeds_never_break(data: bytes) -> None:
    check(data)


@SETTINGS
@given(st.lists(generated_vevent(), min_size=1, max_size=4), st.booleans())
def test_generated_events_never_break(events: list[str], x_wr: bool) -> None:
    text = calendar_text(*events, x_wr_timezone="Europe/Berlin" if x_wr else None)
    check(text.encode("utf-8", "surrogatepass"))


@pytest.mark.corpus
@SETTINGS
@given(mutated_seed(), st.sampled_from(["\r\n", "\n"]))
def test_fast_split_agrees_with_the_careful_scan(data: bytes, line_end: str) -> None:
    text = decode_calendar(data).replace("\r\n", "\n").replace("\n", line_end)
    fast = fast_split(text)
    # Either holds by design: the fast scan declines what it does not model; the property is
    # that it never disagrees with the careful scan where it does not decline.
    assert fast is None or fast == careful_split(text)
