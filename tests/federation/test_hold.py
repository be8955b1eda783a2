"""The mass-deletion hold, as a pull feed served from 127.0.0.1 meets it: counted in distinct
components (duplicate copies and nested blocks neither double nor go negative), and against
the past week of applied syncs as well as the last one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from pytest_httpserver import HTTPServer
from sqlalchemy import func, select

from core.extensions import db
from events.models import Event
from federation.models import Feed, FeedStatus
from federation.operations import add_pull_feed
from federation.plan import shrunk_from
from federation.sync import sync_feed
from tests.calendars import STAMP, calendar, upcoming
from tests.factories import make_partner

NOW = datetime.now(UTC).replace(microsecond=0)


@pytest.fixture
def feed(app, httpserver: HTTPServer) -> Feed:
    feed = add_pull_feed(make_partner("shrinker"), httpserver.url_for("/cal.ics"))
    db.session.commit()
    return feed


def serve(httpserver: HTTPServer, body: bytes) -> None:
    httpserver.clear()
    httpserver.expect_request("/cal.ics").respond_with_data(body, content_type="text/calendar")


def events(count: int, summary: str = "Demo day") -> list[str]:
    return [upcoming(f"e{i}", i + 1, summary) for i in range(count)]


def older_copies(count: int) -> list[str]:
    """The first ``count`` events as an older export had them: skipped as duplicates."""
    return [e.replace(f"DTSTAMP:{STAMP}", "DTSTAMP:20200101T000000Z") for e in events(count)]


def active(feed_id: int) -> int:
    query = select(func.count()).where(Event.feed_id == feed_id, Event.removed_at.is_(None))
    return db.session.scalar(query.select_from(Event))


def held_reason(feed_id: int) -> str:
    stored = db.session.get(Feed, feed_id)
    return stored.held_reason if stored.status == FeedStatus.HELD else ""


def test_older_duplicate_copies_beside_every_event_are_no_shrink(
    feed: Feed, httpserver: HTTPServer
) -> None:
    serve(httpserver, calendar(*events(10)))
    sync_feed(feed.id, now=NOW)
    # Renamed, so that every series is read again beside its older copy.
    serve(httpserver, calendar(*events(10, "Demo day, renamed"), *older_copies(6)))
    result = sync_feed(feed.id, now=NOW + timedelta(hours=1))
    assert result.status == "ok", result.error
    assert (result.updated, len(result.skipped), active(feed.id)) == (10, 6, 10)


def test_a_shrink_beside_duplicate_copies_counts_each_event_once(
    feed: Feed, httpserver: HTTPServer
) -> None:
    serve(httpserver, calendar(*events(10)))
    sync_feed(feed.id, now=NOW)
    serve(httpserver, calendar(*events(4, "Demo day, renamed"), *older_copies(4) * 2))
    assert sync_feed(feed.id, now=NOW + timedelta(hours=1)).status == "held"
    assert "The feed now has 4 events instead of 10." in held_reason(feed.id)


def test_thousands_of_nested_blocks_never_count_below_zero(
    feed: Feed, httpserver: HTTPServer
) -> None:
    serve(httpserver, calendar(*events(10)))
    sync_feed(feed.id, now=NOW)
    nested = "BEGIN:VEVENT\r\nUID:n\r\nEND:VEVENT\r\n" * 5_000
    first, *rest = events(2)
    serve(httpserver, calendar(first.replace("END:VEVENT", nested + "END:VEVENT"), *rest))
    assert sync_feed(feed.id, now=NOW + timedelta(hours=1)).status == "held"
    assert "The feed now has 2 events instead of 10." in held_reason(feed.id)
    assert active(feed.id) == 10


def test_syncs_each_dropping_just_under_half_are_held_against_the_week(
    feed: Feed, httpserver: HTTPServer
) -> None:
    """40 → 21 → 11: each sync keeps more than half of the last, the second less than half
    of what the feed had a week ago; confirmed, it is applied and no longer held for it."""
    kept = [40, 21, 11]
    for hour, count in enumerate(kept):
        serve(httpserver, calendar(*events(count)))
        result = sync_feed(feed.id, now=NOW + timedelta(hours=hour))
    assert result.status == "held" and active(feed.id) == 21
    assert "The feed now has 11 events instead of 40 over the past week." in held_reason(feed.id)
    confirmed = sync_feed(feed.id, force=True, trigger="confirm", now=NOW + timedelta(hours=3))
    assert confirmed.status == "ok" and active(feed.id) == 11
    serve(httpserver, calendar(*events(6)))
    assert sync_feed(feed.id, now=NOW + timedelta(hours=4)).status == "ok"


def test_a_week_later_the_old_size_is_forgotten(feed: Feed, httpserver: HTTPServer) -> None:
    for days, count in [(0, 40), (4, 21), (12, 11)]:
        serve(httpserver, calendar(*events(count)))
        result = sync_feed(feed.id, now=NOW + timedelta(days=days))
    assert result.status == "ok" and active(feed.id) == 11


@pytest.mark.parametrize(
    ("last", "week", "now", "shrunk"),
    [(10, 10, 4, (10, False)), (21, 40, 11, (40, True)), (21, 40, 20, None), (1, 1, 0, None)],
)
def test_what_a_feed_shrank_from(last: int, week: int, now: int, shrunk: tuple | None) -> None:
    assert shrunk_from(last, week, now) == shrunk
