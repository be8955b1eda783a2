"""Fuzzing the pure pipeline (decode → split → series → plan → normalise) with mutated corpus
calendars: whatever a partner's server sends, the result is either events with aware UTC
times or a readable FeedParseError — never an uncaught exception.

A second fuzz test builds hostile recurrences instead (issue 12): rules whose BY-parts multiply
into hundreds of thousands of dates, from 1900 or from inside the window, beside floods of
RDATE and EXDATE dates. Every input of every fuzz test is timed in CPU seconds: none may cost
more than :data:`MAX_CPU_SECONDS` (a budget check, not a benchmark: inputs take milliseconds,
the bombs this guards against took 23 s to more than 687 s).

Seeds are the shared corpus cut into small calendars (header, time zones and up to two
VEVENTs each), so that every example is cheap; the occurrence cap is lowered for the same
reason. ``derandomize=True`` makes every run try the same inputs. Each fuzz test counts
the pipeline's answers and asserts them: every input answered, and refusals, prepared feeds,
skipped components and series cut at the cap all among them (fuzzing that only ever met one
kind of answer would prove little).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from federation.errors import FeedParseError
from federation.plan import component_key
from federation.prepare import Prepared, prepare
from tests.calendars import calendar, upcoming, vevent
from tests.corpus import CORPUS

PROJECT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
SEED_BYTES = 8_000
INJECTED = [
    b"RRULE:FREQ=SECONDLY",
    b"RRULE:FREQ=DAILY;INTERVAL=0",
    b"RRULE:FREQ=YEARLY;COUNT=999999999",
    b"DTSTART;TZID=Mars/Olympus:20270101T000000",
    b"DTSTART:99999999T999999Z",
    b"DTEND;VALUE=DATE:19000101",
    b"DURATION:-P99999W",
    b"RECURRENCE-ID:20270101T000000Z",
    b"EXDATE:garbage",
    b"RDATE;VALUE=PERIOD:20270101T000000Z/P1D",
    b"UID:",
    b"UID:" + b"u" * 600,
    b"BEGIN:VEVENT",
    b"END:VEVENT",
    b"BEGIN:VTIMEZONE",
    b"END:VCALENDAR",
    b"BEGIN:VALARM",
    b"SEQUENCE:-99999999999999999999",
    b"LAST-MODIFIED:20270230T250000Z",
    b" folded",
    b"DESCRIPTION;ENCODING=QUOTED-PRINTABLE:=E6=B1=87=",
    b"X-WR-TIMEZONE:Not/AZone",
    b"SUMMARY;LANGUAGE=zh-CN:\xe6\xb1\x87\xe8",
    b"\xef\xbb\xbf",
    b"\x00\x00",
    b":",
    # Issue 12: BY-parts that multiply (259,200 dates in three years), lists of dates (the
    # floods past MAX_DATES are fuzzed below, where fewer examples pay for them).
    b"RRULE:FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=1;BYHOUR="
    + ",".join(map(str, range(24))).encode()
    + b";BYMINUTE="
    + ",".join(map(str, range(60))).encode()
    + b";BYSECOND="
    + ",".join(map(str, range(60))).encode(),
    b"RRULE:FREQ=DAILY;BYHOUR="
    + ",".join(map(str, range(24))).encode()
    + b";BYMINUTE=0,5,10,15,20,25,30,35,40,45,50,55",
    b"RRULE:FREQ=HOURLY;BYMINUTE=" + ",".join(map(str, range(60))).encode() + b";BYSECOND=0,30",
    b"DTSTART:19000101T000000Z",
    b"RDATE:" + b",".join(b"202701%02dT090000Z" % day for day in range(1, 29)),
    b"EXDATE:" + b",".join(b"202701%02dT090000Z" % day for day in range(1, 29)),
]


def _cut(data: bytes) -> list[bytes]:
    """A corpus file as small calendars: its header plus up to two VEVENTs at a time."""
    lines = data.splitlines(keepends=True)
    starts = [i for i, line in enumerate(lines) if line.upper().startswith(b"BEGIN:VEVENT")]
    if not starts:
        return [data[:SEED_BYTES]]
    header = b"".join(lines[: starts[0]])[: SEED_BYTES // 2]
    seeds = []
    for first, after in zip(starts[::2], [*starts[2::2], len(lines)], strict=False):
        body = b"".join(lines[first:after]).split(b"END:VCALENDAR")[0][: SEED_BYTES // 2]
        seeds.append(header + body + b"END:VCALENDAR\r\n")
    return seeds[:6]  # a few from each file, so large files do not crowd the others out


@cache
def seeds() -> tuple[bytes, ...]:
    return tuple(s for path in sorted(CORPUS.glob("*.ics")) for s in _cut(path.read_bytes()))


def mutate(seed: bytes, ops: list[tuple[int, int, int, int]]) -> bytes:
    """Apply line deletions, duplications, swaps, byte flips, truncation, injections."""
    lines = seed.splitlines(keepends=True) or [b""]
    for kind, a, b, value in ops:
        i, j = a % len(lines), b % len(lines)
        if kind == 0 and len(lines) > 1:
            del lines[i]
        elif kind == 1:
            lines.insert(i, lines[j])
        elif kind == 2:
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == 3 and lines[i]:
            pos = b % len(lines[i])
            flipped = bytes([lines[i][pos] ^ (value % 255 + 1)])
            lines[i] = lines[i][:pos] + flipped + lines[i][pos + 1 :]
        elif kind == 4:
            lines = lines[: i + 1]
            lines[-1] = lines[-1][: value % (len(lines[-1]) + 1)]
        else:
            lines.insert(i, INJECTED[value % len(INJECTED)] + b"\r\n")
    return b"".join(lines)


OPS = st.lists(
    st.tuples(
        st.integers(0, 5), st.integers(0, 10_000), st.integers(0, 10_000), st.integers(0, 10_000)
    ),
    min_size=1,
    max_size=6,
)
EXAMPLES_PER_TEST = 2_000
MUTATED_PER_PART = 1_900  # x 4 parts; with the replanning and hostile tests, 10,000 examples
HOSTILE_EXAMPLES = 400
MAX_CPU_SECONDS = 2.0


def fuzz(examples: int = EXAMPLES_PER_TEST) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        print_blob=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


CAP = 25  # occurrences per series: lowered from 500 to keep each example cheap
TRUNCATED = f"recurrence truncated at {CAP} occurrences"


def run_pipeline(body: bytes, tally: Counter[str], stored: dict | None = None) -> Prepared | None:
    """``body`` through the pipeline, holding its answer to the invariants and counting it in
    ``tally``: a prepared feed or a readable refusal, skips with reasons, aware UTC times,
    and no series past the cap, a cut series saying so in the pipeline's own words."""
    tally["inputs"] += 1
    started = time.process_time()
    try:
        prepared = prepare(
            body,
            charset=None,
            stored=stored or {},
            stored_context=None,
            language="auto",
            default_tz="Asia/Shanghai",
            now=NOW,
            max_occurrences=CAP,
        )
    except FeedParseError as error:
        assert str(error).strip(), "a parse error says what is wrong"
        tally["refused"] += 1
        return None
    finally:
        cpu_ms = int((time.process_time() - started) * 1000)
        tally["max_cpu_ms"] = max(tally["max_cpu_ms"], cpu_ms)
    tally["prepared"] += 1
    for outcome in prepared.outcomes:
        if outcome.skip is not None:
            assert outcome.skip.reason and not outcome.occurrences
            tally["skipped"] += 1
        assert len(outcome.occurrences) <= CAP
        notes = outcome.occurrences[0].notes if outcome.occurrences else ()
        cut = [note for note in notes if note.startswith("recurrence truncated")]
        assert cut in ([], [TRUNCATED])
        tally["truncated"] += bool(cut)
        for event in outcome.occurrences:
            assert event.start_at.utcoffset() == timedelta(0) == event.end_at.utcoffset()
            assert event.end_at >= event.start_at
    return prepared


def assert_fuzzed(tally: Counter[str], inputs: int) -> None:
    """Every input reached the pipeline, and the fuzzing reached every kind of answer:
    refusals, prepared feeds, skipped components and series cut at the cap."""
    assert tally["inputs"] == inputs == tally["prepared"] + tally["refused"], tally
    assert min(tally[kind] for kind in ("refused", "prepared", "skipped", "truncated")) > 0, tally
    assert_cheap(tally)


def assert_cheap(tally: Counter[str]) -> None:
    """No input cost more than :data:`MAX_CPU_SECONDS` of CPU."""
    assert tally["max_cpu_ms"] <= MAX_CPU_SECONDS * 1000, tally


PREPARE_IN_A_CHILD = """
import json, sys
from datetime import UTC, datetime
from federation.prepare import prepare
body = sys.stdin.buffer.read()
outcomes = prepare(body, charset=None, stored={}, stored_context=None, language="en",
                   default_tz="Asia/Shanghai", now=datetime(2026, 11, 28, 9, tzinfo=UTC)).outcomes
print(json.dumps([[o.skip is not None, len(o.occurrences)] for o in outcomes]))
"""


def prepare_in_a_child(body: bytes, seconds: int = 5) -> list[tuple[bool, int]]:
    """(skipped, occurrences) per component, computed in a child process that is killed if
    it hangs (a hang would otherwise stop the suite); not a speed assertion:
    working inputs finish in milliseconds."""
    done = subprocess.run(
        [sys.executable, "-c", PREPARE_IN_A_CHILD],
        input=body,
        capture_output=True,
        timeout=seconds,
        cwd=PROJECT,
        check=True,
    )
    return [tuple(pair) for pair in json.loads(done.stdout)]


def two_rules(first: str, second: str) -> bytes:
    return calendar(vevent("two-rules", "20221110T173000Z", summary="x", rrule=[first, second]))


def test_two_rrules_the_second_with_interval_zero_do_not_hang() -> None:
    body = two_rules("FREQ=YEARLY", "FREQ=DAILY;INTERVAL=0")
    ((skipped, occurrences),) = prepare_in_a_child(body)
    assert (skipped, occurrences) == (True, 0)


def test_two_rrules_the_second_secondly_stay_within_the_cap() -> None:
    body = two_rules("FREQ=WEEKLY;UNTIL=20240118T173000Z", "FREQ=SECONDLY")
    ((skipped, occurrences),) = prepare_in_a_child(body)
    # The second rule is moved up to the window and cut at the cap, as test_expand_budget shows.
    assert (skipped, occurrences) == (False, 500)


@pytest.mark.corpus
def test_the_corpus_gives_seeds() -> None:
    assert len(seeds()) > 100


@pytest.mark.corpus
@pytest.mark.parametrize("part", range(4))
def test_mutated_calendars_never_crash_the_pipeline(part: int) -> None:
    pool = seeds()[part::4]

    tally: Counter[str] = Counter()

    @fuzz(MUTATED_PER_PART)
    @given(st.sampled_from(pool), OPS)
    def check(seed: bytes, ops: list) -> None:
        run_pipeline(mutate(seed, ops), tally)

    check()
    assert_fuzzed(tally, MUTATED_PER_PART)


@pytest.mark.corpus
def test_replanning_a_mutated_feed_against_the_original_never_crashes() -> None:
    """The plan of a changed feed against the stored state of the original one."""
    tally: Counter[str] = Counter()

    @fuzz()
    @given(st.sampled_from(seeds()), OPS)
    def check(seed: bytes, ops: list) -> None:
        before = run_pipeline(seed, tally)
        stored = (
            {} if before is None else {component_key(c): c.hash for c in before.feed.components}
        )
        after = run_pipeline(mutate(seed, ops), tally, stored)
        if after is not None and before is not None:
            assert after.plan.removed <= set(stored)
            assert after.plan.removed.isdisjoint(after.plan.new_keys)

    check()
    assert_fuzzed(tally, 2 * EXAMPLES_PER_TEST)  # the seed, then its mutation


def test_a_series_past_the_cap_is_counted_as_cut_in_the_pipelines_words() -> None:
    """What the fuzz tests count as a series cut at the cap, on one that must be cut."""
    tally: Counter[str] = Counter()
    dense = vevent("dense", "20000101T000000Z", summary="x", rrule="FREQ=SECONDLY")
    prepared = run_pipeline(calendar(dense, upcoming("plain", 3)), tally)
    assert prepared is not None
    assert [len(o.occurrences) for o in prepared.outcomes] == [CAP, 1]
    assert TRUNCATED in prepared.outcomes[0].occurrences[0].notes
    assert_cheap(tally)
    del tally["max_cpu_ms"]
    assert tally == Counter(inputs=1, prepared=1, truncated=1), tally


# --- hostile recurrences: BY-parts that multiply, floods of dates (issue 12) ---------------------

FREQS = ("SECONDLY", "MINUTELY", "HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY")
BY_VALUES: dict[str, tuple[str, ...]] = {
    "BYSECOND": tuple(map(str, range(60))),
    "BYMINUTE": tuple(map(str, range(60))),
    "BYHOUR": tuple(map(str, range(24))),
    "BYDAY": ("MO", "TU", "WE", "TH", "FR", "SA", "SU", "-1SU", "2MO", "+53FR"),
    "BYMONTHDAY": tuple(map(str, [*range(1, 32), -1, -31])),
    "BYYEARDAY": tuple(map(str, [1, 100, 366, -1, -366])),
    "BYWEEKNO": tuple(map(str, [1, 20, 53, -1])),
    "BYMONTH": tuple(map(str, range(1, 13))),
    "BYSETPOS": ("1", "-1", "3", "400"),
}
# Each BY-part: absent, every value (the products that exploded), or a few.
BY_PART = st.one_of(
    st.none(), st.just("every"), st.lists(st.integers(0, 70), min_size=1, max_size=6)
)
ENDS = st.sampled_from(
    ["", ";COUNT=5", ";COUNT=20000", ";COUNT=999999999", ";UNTIL=20270101T000000Z"]
)
STARTS = st.sampled_from(
    ["19000101T000000Z", "19991231T235959Z", "20251127T120000Z", "20261201T000000", "20270301"]
)
FLOODS = st.tuples(
    st.sampled_from(["RDATE", "EXDATE"]),
    st.sampled_from([0, 30, 1_100]),
    st.booleans(),
    st.integers(1900, 2028),
)


def hostile_rule(freq: str, parts: dict[str, object], end: str) -> str:
    rule = [f"FREQ={freq}"]
    for name, choice in parts.items():
        values = BY_VALUES[name]
        if choice == "every":
            rule.append(f"{name}={','.join(values)}")
        elif choice is not None:
            rule.append(f"{name}={','.join(values[i % len(values)] for i in choice)}")
    return ";".join(rule) + end


def date_flood(kind: str, count: int, one_line: bool, year: int) -> list[str]:
    """``count`` dates of ``kind`` an hour apart from ``year``: one line or a line each."""
    first = datetime(year, 6, 1, tzinfo=UTC)
    values = [f"{first + timedelta(hours=i):%Y%m%dT%H%M%SZ}" for i in range(count)]
    if not values:
        return []
    return [f"{kind}:{','.join(values)}"] if one_line else [f"{kind}:{v}" for v in values]


def test_by_rule_products_and_date_floods_never_crash_or_cost_seconds() -> None:
    tally: Counter[str] = Counter()

    @fuzz(HOSTILE_EXAMPLES)
    @given(
        st.sampled_from(FREQS),
        st.fixed_dictionaries({name: BY_PART for name in BY_VALUES}),
        ENDS,
        STARTS,
        st.lists(FLOODS, max_size=2),
    )
    def check(freq: str, parts: dict, end: str, start: str, floods: list) -> None:
        lines = [f"RRULE:{hostile_rule(freq, parts, end)}"]
        for flood in floods:
            lines += date_flood(*flood)
        hostile = vevent("hostile", start, *lines, summary="hostile")
        run_pipeline(calendar(hostile, upcoming("plain", 3)), tally)

    check()
    assert tally["inputs"] == HOSTILE_EXAMPLES == tally["prepared"], tally
    assert min(tally[kind] for kind in ("skipped", "truncated")) > 0, tally
    assert_cheap(tally)
