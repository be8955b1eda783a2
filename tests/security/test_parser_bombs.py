"""Hostile calendars: recurrence bombs, deep nesting, a 20 MB line, huge feeds.

Each must finish, keep at most the occurrence cap (500) per series with a note or give a
readable skip reason, and never raise anything but a readable FeedParseError. The pure
pipeline is tested directly (once); the database path through ``huiju feeds import`` runs on
both databases.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select

from core.extensions import db
from events.models import Event
from federation import store
from federation.errors import FeedParseError
from federation.normalize import ComponentOutcome
from federation.operations import upload_feed
from federation.prepare import prepare
from tests.calendars import Value, calendar, vevent
from tests.factories import make_partner

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
CAP = 500


def bomb(uid: str, *lines: str, start: Value = "20000101T000000Z") -> str:
    """A VEVENT ``uid`` starting on ``start`` with the hostile ``lines``."""
    return vevent(uid, start, *lines, summary=f"bomb {uid}")


def outcomes(body: bytes) -> tuple[ComponentOutcome, ...]:
    return prepare(
        body,
        charset=None,
        stored={},
        stored_context=None,
        language="en",
        default_tz="Asia/Shanghai",
        now=NOW,
    ).outcomes


def assert_bounded(outcome: ComponentOutcome) -> None:
    """At most the cap, truncation said so, times aware UTC; or a skip with a reason."""
    if outcome.skip is not None:
        assert outcome.skip.reason and not outcome.occurrences
        return
    assert len(outcome.occurrences) <= CAP
    if len(outcome.occurrences) == CAP:
        assert any("truncated" in note for note in outcome.occurrences[0].notes)
    for event in outcome.occurrences:
        assert event.start_at.utcoffset() == timedelta(0) and event.end_at >= event.start_at


RECURRENCE_BOMBS = {
    "secondly-since-2000": ("RRULE:FREQ=SECONDLY",),
    "minutely-count-a-billion": ("RRULE:FREQ=MINUTELY;COUNT=1000000000",),
    "secondly-count-a-billion-since-2000": ("RRULE:FREQ=SECONDLY;COUNT=1000000000",),
    "interval-zero": ("RRULE:FREQ=DAILY;INTERVAL=0",),
    "interval-negative": ("RRULE:FREQ=DAILY;INTERVAL=-5",),
    "bysetpos-out-of-range": ("RRULE:FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1,1,400,-400",),
    "bysetpos-zero": ("RRULE:FREQ=MONTHLY;BYSETPOS=0",),
    "february-30th-yearly": ("RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",),
    "hourly-with-a-thousand-rdates": (
        "RRULE:FREQ=HOURLY",
        "RDATE:"
        + ",".join(f"2027{m:02d}{d:02d}T120000Z" for m in range(1, 13) for d in range(1, 29)),
    ),
    "until-before-start": ("RRULE:FREQ=DAILY;UNTIL=19990101T000000Z",),
}


@pytest.mark.parametrize("lines", RECURRENCE_BOMBS.values(), ids=RECURRENCE_BOMBS.keys())
def test_recurrence_bombs_finish_within_the_cap(lines: tuple[str, ...]) -> None:
    for outcome in outcomes(calendar(bomb("bomb", *lines))):
        assert_bounded(outcome)


def test_a_dense_rule_is_truncated_at_the_cap_with_a_note() -> None:
    (outcome,) = outcomes(calendar(bomb("dense", "RRULE:FREQ=SECONDLY")))
    assert len(outcome.occurrences) == CAP
    assert "recurrence truncated at 500 occurrences" in outcome.occurrences[0].notes


def test_interval_zero_is_skipped_with_a_reason() -> None:
    (outcome,) = outcomes(calendar(bomb("zero", "RRULE:FREQ=DAILY;INTERVAL=0")))
    assert outcome.skip is not None and "INTERVAL must be a positive integer" in outcome.skip.reason


def test_a_rule_that_never_happens_is_reported() -> None:
    (outcome,) = outcomes(
        calendar(
            bomb("never", "RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", start="20270101T000000Z")
        )
    )
    assert outcome.skip is not None and outcome.skip.reason


@pytest.mark.parametrize("name", ["VALARM", "X-NESTED"])
def test_twenty_thousand_nested_components_do_not_recurse(name: str) -> None:
    nested = [f"BEGIN:{name}"] * 20_000 + [f"END:{name}"] * 20_000
    (outcome,) = outcomes(calendar(bomb("deep", *nested, start="20270301T100000Z")))
    assert_bounded(outcome)
    assert len(outcome.occurrences) == 1  # the event itself is still read


def test_twenty_thousand_unclosed_components_are_survived() -> None:
    unclosed = ["BEGIN:VALARM"] * 20_000
    for outcome in outcomes(calendar(bomb("open", *unclosed, start="20270301T100000Z"))):
        assert_bounded(outcome)


def test_an_alarm_repeating_a_billion_times_is_ignored() -> None:
    alarm = (
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        "TRIGGER:-PT1M",
        "REPEAT:999999999",
        "DURATION:PT1S",
        "DESCRIPTION:x",
        "END:VALARM",
    )
    (outcome,) = outcomes(calendar(bomb("alarm", *alarm, start="20270301T100000Z")))
    assert outcome.skip is None and len(outcome.occurrences) == 1


def test_a_twenty_megabyte_description_line_is_read_or_refused_readably() -> None:
    line = "DESCRIPTION:" + "汇" * (20 * 1024 * 1024 // 3)
    (outcome,) = outcomes(calendar(bomb("long", line, start="20270301T100000Z")))
    assert_bounded(outcome)


def test_a_twenty_megabyte_line_that_is_no_calendar_is_a_readable_error() -> None:
    with pytest.raises(FeedParseError, match="not an iCalendar file"):
        outcomes(b"X-" + b"a" * (20 * 1024 * 1024))


def many_events(count: int) -> bytes:
    """``count`` distinct events in 2027, built by joining strings (cheap even for 50,000)."""
    base = datetime(2027, 1, 1, tzinfo=UTC)
    return calendar(
        *(
            bomb(f"e{i}", start=base + timedelta(hours=i % 8760, minutes=i % 60))
            for i in range(count)
        )
    )


# --- through the database: `huiju feeds import` ---------------------------------------------


def _import(runner: FlaskCliRunner, path: Path) -> dict:
    make_partner("bomber")
    db.session.commit()
    result = runner.invoke(args=["feeds", "import", "bomber", str(path), "--json"])
    assert "Traceback" not in result.output
    return json.loads(result.stdout.splitlines()[-1])


def _stored_by_uid() -> dict[str, int]:
    rows = db.session.execute(select(Event.uid, func.count()).group_by(Event.uid))
    return dict(rows.all())


QUICK_BOMBS = (
    "secondly-since-2000",
    "secondly-count-a-billion-since-2000",
    "interval-zero",
    "bysetpos-out-of-range",
    "until-before-start",
)


def test_a_feed_of_bombs_is_imported_within_the_cap(runner: FlaskCliRunner, tmp_path: Path) -> None:
    bombs = [bomb(name, *RECURRENCE_BOMBS[name]) for name in QUICK_BOMBS]
    nested = ["BEGIN:VALARM"] * 20_000 + ["REPEAT:999999999"] + ["END:VALARM"] * 20_000
    bombs.append(bomb("deep", *nested, start="20270301T100000Z"))
    path = tmp_path / "bombs.ics"
    path.write_bytes(calendar(*bombs))
    outcome = _import(runner, path)
    assert outcome["status"] == "ok", outcome
    stored = _stored_by_uid()
    assert stored["secondly-since-2000"] == CAP and stored["deep"] == 1
    assert max(stored.values()) <= CAP
    reasons = {s["uid"]: s["reason"] for s in outcome["skipped"]}
    assert "INTERVAL must be a positive integer" in reasons["interval-zero"]


def test_fifty_thousand_events_in_one_feed_are_planned() -> None:
    prepared = prepare(
        many_events(50_000),
        charset=None,
        stored={},
        stored_context=None,
        language="en",
        default_tz="Asia/Shanghai",
        now=NOW,
    )
    assert len(prepared.outcomes) == 50_000
    assert all(len(o.occurrences) == 1 and o.skip is None for o in prepared.outcomes)


def test_ten_thousand_events_in_one_feed_are_stored_in_one_transaction(app: Flask) -> None:
    """The sync's own work, on both databases: pipeline and one transaction. 10,000 rather
    than 50,000 to keep the suite fast (50,000 take ~12 s on SQLite, ~45 s on PostgreSQL).
    The derived data ``after_commit`` refreshes afterwards (search tokens, pre-rendered
    iCalendar blocks) is left out: ~2 minutes for 50,000 new events, see the report."""
    feed = upload_feed(make_partner("bomber"), "huge.ics")
    db.session.commit()
    prepared = prepare(
        many_events(10_000),
        charset=None,
        stored={},
        stored_context=None,
        language="en",
        default_tz="Asia/Shanghai",
        now=NOW,
    )
    counts, occurrences, _changed = store.apply(feed, prepared, NOW)
    db.session.commit()
    assert counts.added == occurrences == 10_000 and not counts.skipped
    stored = select(func.count()).select_from(Event).where(Event.feed_id == feed.id)
    assert db.session.scalar(stored) == 10_000
