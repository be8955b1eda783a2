"""Claiming due feeds: two schedulers at once never sync one feed twice or duplicate events."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from flask import Flask
from pytest_httpserver import HTTPServer
from sqlalchemy import func, select

from core.extensions import db
from events.models import Event
from federation.models import Feed, SyncRun
from federation.operations import add_pull_feed
from federation.scheduler import claim_due, sync_many, tick
from tests.calendars import calendar, upcoming
from tests.factories import make_partner


def _feeds(httpserver: HTTPServer, count: int) -> list[int]:
    partner = make_partner()
    ids = []
    for n in range(count):
        httpserver.expect_request(f"/f{n}.ics").respond_with_data(
            calendar(upcoming(f"{n}-a", 2), upcoming(f"{n}-b", 4)), content_type="text/calendar"
        )
        ids.append(add_pull_feed(partner, httpserver.url_for(f"/f{n}.ics")).id)
    db.session.commit()
    return ids


def test_claimed_feeds_are_not_claimed_again(app: Flask, httpserver: HTTPServer) -> None:
    ids = _feeds(httpserver, 3)
    now = datetime.now(UTC) + timedelta(seconds=1)
    assert sorted(claim_due(now)) == ids
    assert claim_due(now) == []
    assert sorted(claim_due(now + timedelta(hours=1))) == ids  # the lease ran out


def test_two_schedulers_at_once_sync_each_feed_once(app: Flask, httpserver: HTTPServer) -> None:
    ids = _feeds(httpserver, 6)
    results: list = []
    barrier = threading.Barrier(2)

    def scheduler() -> None:
        barrier.wait()
        results.extend(tick(app))

    threads = [threading.Thread(target=scheduler) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(r.feed_id for r in results) == ids
    assert db.session.scalar(select(func.count()).select_from(SyncRun)) == 6
    assert db.session.scalar(select(func.count()).select_from(Event)) == 12


def test_concurrent_syncs_of_the_same_feed_never_duplicate_events(
    app: Flask, httpserver: HTTPServer
) -> None:
    ids = _feeds(httpserver, 1)
    sync_many(app, ids * 4, trigger="cli", workers=4)
    keys = db.session.execute(select(Event.uid, Event.recurrence_id)).all()
    assert len(keys) == len(set(keys)) == 2


def test_disabled_and_uploaded_feeds_are_not_scheduled(app: Flask, httpserver: HTTPServer) -> None:
    ids = _feeds(httpserver, 2)
    db.session.get(Feed, ids[0]).enabled = False
    db.session.commit()
    assert claim_due(datetime.now(UTC) + timedelta(seconds=1)) == [ids[1]]


def test_a_tick_leaves_the_export_blocks_rendered(app: Flask, httpserver: HTTPServer) -> None:
    _feeds(httpserver, 1)
    db.session.remove()
    tick(app)
    blocks = db.session.execute(select(Event.ics_en, Event.ics_zh)).all()
    assert len(blocks) == 2 and all(en and zh for en, zh in blocks)
    assert all("BEGIN:VEVENT" in en for en, _ in blocks)


def _embedded(monkeypatch, migrated: str, **env: str):
    from core.app import create_app

    for name, value in {"HUIJU_EMBEDDED_SCHEDULER": "1", **env}.items():
        monkeypatch.setenv(name, value)
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": migrated,
            "SECRET_KEY": "x",
            "HUIJU_SCHEDULER": env.get("HUIJU_SCHEDULER", "on"),
        }
    )
    scheduler = app.extensions.get("huiju_scheduler")
    if scheduler is None:
        return None
    jobs = {job.id for job in scheduler.get_jobs()}
    scheduler.shutdown(wait=False)
    return jobs


def test_dev_server_schedules_in_one_background_thread(monkeypatch, migrated: str) -> None:
    assert _embedded(monkeypatch, migrated, HUIJU_RELOADER="0") == {"sync", "reminders"}


def test_no_scheduling_when_off_or_in_the_reloaders_watcher(monkeypatch, migrated: str) -> None:
    assert _embedded(monkeypatch, migrated, HUIJU_SCHEDULER="off") is None
    monkeypatch.delenv("WERKZEUG_RUN_MAIN", raising=False)
    assert _embedded(monkeypatch, migrated, HUIJU_RELOADER="1") is None


def test_web_workers_never_schedule(migrated: str) -> None:
    from core.app import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": migrated, "SECRET_KEY": "x"})
    assert "huiju_scheduler" not in app.extensions


def test_a_tick_with_nothing_due_renders_what_a_push_left(app: Flask) -> None:
    from core.db_types import utcnow
    from federation.models import FeedSource
    from federation.operations import upload_feed
    from federation.sync import apply_body
    from tests.calendars import calendar as pushed

    feed = upload_feed(make_partner(), "cms.ics", source=FeedSource.PUSH)
    db.session.commit()
    apply_body(feed, pushed(3), charset=None, trigger="push", now=utcnow())
    db.session.remove()
    assert tick(app) == []  # nothing due: a pushed feed is never scheduled
    blocks = db.session.execute(select(Event.ics_en, Event.ics_zh)).all()
    assert len(blocks) == 3 and all(en and zh for en, zh in blocks)
