"""The sync against real HTTP servers on 127.0.0.1 and a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime, timedelta

import pytest
from pytest_httpserver import HTTPServer
from sqlalchemy import func, select
from werkzeug import Response

from core.extensions import db
from events.models import Event
from federation import prepare, store, sync
from federation.models import Feed, FeedStatus, SyncRun
from federation.normalize import normalize_group
from federation.operations import add_pull_feed
from federation.sync import sync_feed
from tests.calendars import STAMP, calendar, upcoming, vevent
from tests.factories import make_partner

NOW = datetime.now(UTC)


def active_events(feed_id: int) -> list[Event]:
    return list(
        db.session.scalars(
            select(Event).where(Event.feed_id == feed_id, Event.removed_at.is_(None))
        )
    )


@pytest.fixture
def feed(app, httpserver: HTTPServer) -> Feed:
    feed = add_pull_feed(make_partner("slush"), httpserver.url_for("/cal.ics"))
    db.session.commit()
    return feed


def serve(httpserver: HTTPServer, body: bytes, **headers: str) -> None:
    httpserver.clear()
    httpserver.expect_request("/cal.ics").respond_with_data(
        body, content_type="text/calendar; charset=utf-8", headers=headers
    )


def test_first_sync_stores_events(feed: Feed, httpserver: HTTPServer) -> None:
    serve(httpserver, calendar(upcoming("a", 3), upcoming("b", 5, "上海国际创业周")))
    result = sync_feed(feed.id)
    assert (result.status, result.added, result.occurrences) == ("ok", 2, 2)
    titles = {e.title_en or e.title_zh for e in active_events(feed.id)}
    assert titles == {"Demo day", "上海国际创业周"}
    assert db.session.get(Feed, feed.id).status == FeedStatus.OK


def test_same_body_again_changes_nothing(feed: Feed, httpserver: HTTPServer) -> None:
    serve(httpserver, calendar(upcoming("a", 3), upcoming("b", 5)))
    sync_feed(feed.id)
    before = {(e.id, e.updated_at) for e in active_events(feed.id)}
    result = sync_feed(feed.id)
    assert (result.status, result.unchanged, result.added, result.updated) == ("unchanged", 2, 0, 0)
    assert {(e.id, e.updated_at) for e in active_events(feed.id)} == before


def test_conditional_get_304_costs_no_parsing(feed: Feed, httpserver: HTTPServer) -> None:
    serve(httpserver, calendar(upcoming("a", 3)), ETag='"v1"')
    sync_feed(feed.id)
    httpserver.clear()
    httpserver.expect_request("/cal.ics", headers={"If-None-Match": '"v1"'}).respond_with_response(
        Response(status=304, headers={"ETag": '"v1"'})
    )
    result = sync_feed(feed.id)
    assert result.status == "not_modified" and result.http_status == 304
    assert result.unchanged == 1 and len(active_events(feed.id)) == 1


def test_changed_event_is_updated_in_place(feed: Feed, httpserver: HTTPServer) -> None:
    serve(httpserver, calendar(upcoming("a", 3), upcoming("b", 5)))
    sync_feed(feed.id)
    ids = {e.uid: e.id for e in active_events(feed.id)}
    serve(httpserver, calendar(upcoming("a", 3, "Demo day (new room)"), upcoming("b", 5)))
    result = sync_feed(feed.id)
    assert (result.added, result.updated, result.unchanged) == (0, 1, 1)
    events = {e.uid: e for e in active_events(feed.id)}
    assert events["a"].id == ids["a"] and events["a"].title_en == "Demo day (new room)"


def test_removed_event_becomes_a_tombstone_and_comes_back(
    feed: Feed, httpserver: HTTPServer
) -> None:
    serve(httpserver, calendar(upcoming("a", 3), upcoming("b", 5), upcoming("c", 7)))
    sync_feed(feed.id)
    serve(httpserver, calendar(upcoming("a", 3), upcoming("c", 7)))
    result = sync_feed(feed.id)
    assert result.removed == 1
    gone = db.session.scalar(select(Event).where(Event.uid == "b"))
    assert gone.removed_at is not None and gone.status == "cancelled"
    serve(httpserver, calendar(upcoming("a", 3), upcoming("b", 5), upcoming("c", 7)))
    sync_feed(feed.id)
    rows = db.session.scalars(select(Event).where(Event.uid == "b")).all()
    assert len(rows) == 1 and rows[0].id == gone.id and rows[0].removed_at is None


@pytest.mark.parametrize(
    ("status", "words"),
    [(404, "404"), (500, "500"), (200, "web page")],
)
def test_feed_that_turns_bad_keeps_its_events(
    feed: Feed, httpserver: HTTPServer, status: int, words: str
) -> None:
    serve(httpserver, calendar(upcoming("a", 3), upcoming("b", 5)))
    sync_feed(feed.id)
    httpserver.clear()
    httpserver.expect_request("/cal.ics").respond_with_data(
        "<html><body>Login</body></html>", status=status, content_type="text/html"
    )
    result = sync_feed(feed.id)
    assert result.status == "error" and words in result.error
    stored = db.session.get(Feed, feed.id)
    assert stored.status == FeedStatus.FAILING and words in stored.last_error
    assert len(active_events(feed.id)) == 2
    assert stored.next_sync_at > NOW + timedelta(minutes=100)  # backed off (2 × 60 min)


def test_backoff_grows_and_is_capped_at_a_day(feed: Feed, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/cal.ics").respond_with_data("", status=500)
    delays = []
    for _ in range(8):
        now = datetime.now(UTC)
        sync_feed(feed.id, now=now)
        delays.append(db.session.get(Feed, feed.id).next_sync_at - now)
    assert delays[1] > delays[0] * 1.5
    assert all(d <= timedelta(days=1, hours=3) for d in delays)


def test_recovery_after_failures_resets_the_schedule(feed: Feed, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/cal.ics").respond_with_data("", status=503)
    sync_feed(feed.id)
    serve(httpserver, calendar(upcoming("a", 3)))
    now = datetime.now(UTC)
    sync_feed(feed.id, now=now)
    stored = db.session.get(Feed, feed.id)
    assert stored.status == FeedStatus.OK and stored.consecutive_failures == 0
    assert stored.next_sync_at - now <= timedelta(minutes=66)


def test_drastic_shrink_is_held_until_confirmed(feed: Feed, httpserver: HTTPServer) -> None:
    serve(httpserver, calendar(*(upcoming(f"e{i}", i + 1) for i in range(10))))
    sync_feed(feed.id)
    serve(httpserver, calendar())
    result = sync_feed(feed.id)
    assert result.status == "held"
    stored = db.session.get(Feed, feed.id)
    assert stored.status == FeedStatus.HELD and "0 events instead of 10" in stored.held_reason
    assert len(active_events(feed.id)) == 10
    confirmed = sync_feed(feed.id, force=True, trigger="confirm")
    assert confirmed.status == "ok" and confirmed.removed == 10
    assert active_events(feed.id) == []


def test_gb18030_feed_arrives_as_chinese(feed: Feed, httpserver: HTTPServer) -> None:
    body = calendar(upcoming("a", 3, "长阳创谷创新创业大赛")).decode().encode("gb18030")
    httpserver.expect_request("/cal.ics").respond_with_data(
        body, content_type="text/calendar; charset=GB18030"
    )
    sync_feed(feed.id)
    assert active_events(feed.id)[0].title_zh == "长阳创谷创新创业大赛"


def test_every_sync_writes_a_run(feed: Feed, httpserver: HTTPServer) -> None:
    serve(httpserver, calendar(upcoming("a", 3)))
    sync_feed(feed.id)
    httpserver.clear()
    httpserver.expect_request("/cal.ics").respond_with_data("", status=404)
    sync_feed(feed.id)
    runs = db.session.scalars(select(SyncRun).order_by(SyncRun.id)).all()
    assert [r.outcome for r in runs] == ["ok", "error"]
    assert runs[0].added == 1 and runs[0].http_status == 200 and runs[0].bytes > 0
    assert runs[1].http_status == 404 and "check the feed URL" in runs[1].error


def test_recurring_series_with_override(feed: Feed, httpserver: HTTPServer) -> None:
    start = (NOW + timedelta(days=1)).strftime("%Y%m%d")
    second = (NOW + timedelta(days=8)).strftime("%Y%m%d")
    master = vevent(
        "weekly",
        f";TZID=Asia/Shanghai:{start}T190000",
        dtstamp=STAMP,
        duration="PT2H",
        rrule="FREQ=WEEKLY;COUNT=4",
        summary="Founder office hours",
    )
    override = vevent(
        "weekly",
        f";TZID=Asia/Shanghai:{second}T200000",
        dtstamp=STAMP,
        recurrence_id=f";TZID=Asia/Shanghai:{second}T190000",
        duration="PT1H",
        summary="Founder office hours (moved)",
    )
    serve(httpserver, calendar(master, override))
    result = sync_feed(feed.id)
    assert (result.added, result.occurrences) == (2, 4)
    events = sorted(active_events(feed.id), key=lambda e: e.start_at)
    assert len(events) == 4 and events[1].title_en == "Founder office hours (moved)"
    assert db.session.scalar(select(func.count()).select_from(Event)) == 4


def test_a_body_planned_against_a_state_another_sync_changed_is_planned_again(
    app, feed: Feed, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Parsing happens before the write lock is taken, so another sync of the same feed may
    apply in between; the write phase notices and plans again instead of mixing the two."""
    from core.db_types import utcnow

    first = calendar(upcoming("a", 3), upcoming("b", 4), upcoming("c", 5))
    assert sync.apply_body(feed, first, charset=None, trigger="cli", now=utcnow()).added == 3
    meanwhile = calendar(upcoming("a", 3), upcoming("b", 4), upcoming("c", 5), upcoming("e", 6))
    original, calls = sync.prepare, []

    def prepare_while_another_sync_applies(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            other = threading.Thread(target=apply_in_own_session, args=(meanwhile,))
            other.start()
            other.join(60)
        return original(*args, **kwargs)

    def apply_in_own_session(body: bytes) -> None:
        with app.app_context():
            own = db.session.get(Feed, feed.id)
            sync.apply_body(own, body, charset=None, trigger="schedule", now=utcnow())
            db.session.remove()

    monkeypatch.setattr(sync, "prepare", prepare_while_another_sync_applies)
    latest = calendar(upcoming("a", 3), upcoming("b", 4, "Demo day (new room)"), upcoming("d", 7))
    result = sync.apply_body(feed, latest, charset=None, trigger="cli", now=utcnow())
    assert result.status == "ok" and len(calls) == 3  # ours, the other sync's, ours again
    assert (result.added, result.updated, result.removed) == (1, 1, 2)  # against its state
    titles = {e.uid: e.title_en for e in active_events(feed.id)}
    assert titles == {"a": "Demo day", "b": "Demo day (new room)", "d": "Demo day"}


def test_a_bug_while_applying_is_logged_with_its_traceback_and_changes_nothing(
    feed: Feed, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from core.db_types import utcnow

    def broken(*args: object) -> None:
        raise TypeError("a bug, not the feed's fault")

    monkeypatch.setattr(store, "apply", broken)
    now = utcnow()
    with caplog.at_level(logging.INFO, logger="huiju.sync"):  # as in production
        unusable = sync.apply_body(feed, b"<html></html>", charset=None, trigger="cli", now=now)
        assert unusable.status == "error" and caplog.records == []  # the feed's fault: no log
        body = calendar(upcoming("a", 3))
        result = sync.apply_body(feed, body, charset=None, trigger="cli", now=now)
    assert result.status == "error"
    assert result.error == "Internal error while applying the feed (TypeError); retrying later."
    (record,) = caplog.records
    assert (record.name, record.levelno) == ("huiju.sync", logging.ERROR)
    assert record.exc_info and record.exc_info[0] is TypeError
    assert active_events(feed.id) == []


def stored_rows() -> list[dict]:
    """Every column of every event, read afresh (no session cache in between)."""
    rows = db.session.execute(select(Event.__table__).order_by(Event.id)).mappings()
    return [dict(row) for row in rows]


def test_a_restamped_feed_changes_no_stored_event(
    feed: Feed, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Google and many others write the time of the response into every DTSTAMP (RFC 5545
    §3.8.7.2 lets a published calendar do so), and Thunderbird its X-MOZ-* counters: a fetch
    of an unchanged calendar differs in those lines only. Nothing is re-read, nothing written."""
    start = (NOW + timedelta(days=2)).strftime("%Y%m%d")

    def body(stamp: str, generation: int) -> bytes:
        weekly = vevent(
            "weekly",
            f";TZID=Asia/Shanghai:{start}T190000",
            f"X-MOZ-GENERATION:{generation}",
            dtstamp=stamp,
            duration="PT2H",
            rrule="FREQ=WEEKLY;COUNT=3",
            summary="Founder office hours",
        )
        with_alarm = upcoming("b", 5).replace(
            "END:VEVENT",
            f"BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-PT1H\r\nDTSTAMP:{stamp}"
            "\r\nEND:VALARM\r\nEND:VEVENT",
        )
        return calendar(upcoming("a", 3).replace(STAMP, stamp), with_alarm, weekly)

    serve(httpserver, body(STAMP, 1))
    assert sync_feed(feed.id).added == 3
    before = stored_rows()
    reread = []

    def counted(feed_split, group, context):
        reread.append(group)
        return normalize_group(feed_split, group, context)

    monkeypatch.setattr(prepare, "normalize_group", counted)
    for hour, generation in ((1, 2), (2, 3)):
        serve(httpserver, body(f"20261207T0{hour}0000Z", generation))
        result = sync_feed(feed.id)
        assert (result.status, result.error) == ("ok", None)
        assert (result.added, result.updated, result.removed, result.unchanged) == (0, 0, 0, 3)
        assert reread == []  # not one series normalised again
        assert stored_rows() == before  # same rows, same updated_at, same hashes
    serve(httpserver, body("20261207T030000Z", 4).replace(b"Founder office", b"Founders' office"))
    assert sync_feed(feed.id).updated == 1 and len(reread) == 1  # a real change is still read
