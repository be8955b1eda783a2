"""The planner's statistics follow bulk writes: a table that has grown since it was last
analysed is analysed again (PostgreSQL), so that the list is not planned for an empty table."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from pytest_httpserver import HTTPServer
from sqlalchemy import insert, text

from core import planner_stats
from core.extensions import db
from events.models import Event
from federation.operations import add_pull_feed
from federation.scheduler import tick
from tests.calendars import calendar
from tests.factories import make_feed, make_partner


def _postgresql() -> None:
    if db.engine.dialect.name != "postgresql":
        pytest.skip("planner statistics are PostgreSQL's (SQLite's planner keeps none here)")


def _counted(table: str) -> float:
    """The row count the planner assumes for ``table`` (set by ANALYZE)."""
    return db.session.scalar(
        text("SELECT reltuples FROM pg_class WHERE relname = :t"), {"t": table}
    )


def _flushed_stats() -> None:
    """Close this process's connections and wait until their backends have ended: a backend
    reports its pending counters to pg_stat_user_tables before it leaves pg_stat_activity."""
    db.session.remove()
    db.engine.dispose()
    others = text(
        "SELECT count(*) FROM pg_stat_activity "
        "WHERE datname = current_database() AND pid <> pg_backend_pid()"
    )
    deadline = time.monotonic() + 30
    while db.session.scalar(others) and time.monotonic() < deadline:
        db.session.rollback()
        time.sleep(0.05)
    db.session.rollback()


def _add_events(count: int) -> None:
    feed = make_feed()
    start = datetime.now(UTC) + timedelta(days=3)
    rows = [
        {
            "feed_id": feed.id,
            "partner_id": feed.partner_id,
            "uid": f"bulk-{n}@example.org",
            "title_en": f"Bulk {n}",
            "content_hash": f"h{n}",
            "start_at": start + timedelta(hours=n),
            "end_at": start + timedelta(hours=n + 1),
        }
        for n in range(count)
    ]
    db.session.execute(insert(Event), rows)
    db.session.commit()


def _analysed(*tables: str) -> None:
    """Start from current statistics, whatever earlier tests left."""
    for table in tables:
        db.session.execute(text(f'ANALYZE "{table}"'))
    db.session.commit()


def test_a_table_grown_past_autovacuums_threshold_is_analysed_once(app: Flask) -> None:
    _postgresql()
    _analysed("event", "partner")
    _add_events(2000)
    _flushed_stats()
    assert planner_stats.stale(["event", "partner"], min_interval=0) == ["event"]
    assert planner_stats.refresh(["event", "partner"], min_interval=0) == ["event"]
    assert _counted("event") == 2000
    assert planner_stats.stale(["event"], min_interval=0) == []
    assert planner_stats.refresh(["event"], min_interval=0) == []  # unchanged: nothing runs
    in_transaction = db.session.scalar(
        text(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND state = 'idle in transaction' AND pid <> pg_backend_pid()"
        )
    )
    assert in_transaction == 0


def test_a_small_table_never_analysed_is_analysed_once_it_has_rows(app: Flask) -> None:
    """Autovacuum waits for more than 50 changes: a table of 40 partners would never have
    statistics, and the planner would take any filter on it to match one row."""
    _postgresql()
    db.session.execute(text("DROP TABLE IF EXISTS planner_probe"))
    db.session.execute(text("CREATE TABLE planner_probe (country varchar(2))"))
    db.session.commit()
    try:
        _flushed_stats()
        assert planner_stats.stale(["planner_probe"], min_interval=0) == []  # empty: no need
        db.session.execute(
            text("INSERT INTO planner_probe SELECT 'CN' FROM generate_series(1, 40)")
        )
        db.session.commit()
        _flushed_stats()
        assert planner_stats.refresh(["planner_probe"], min_interval=0) == ["planner_probe"]
        assert _counted("planner_probe") == 40
        db.session.execute(text("INSERT INTO planner_probe VALUES ('SG')"))
        db.session.commit()
        _flushed_stats()
        # Analysed once: from then on autovacuum's threshold decides, as for any table.
        assert planner_stats.stale(["planner_probe"], min_interval=0) == []
    finally:
        db.session.rollback()
        db.session.execute(text("DROP TABLE planner_probe"))
        db.session.commit()


def test_a_table_just_analysed_waits_before_the_next_analysis(app: Flask) -> None:
    _postgresql()
    planner_stats.refresh(["event"], min_interval=0)
    _add_events(500)
    _flushed_stats()
    assert planner_stats.refresh(["event"], min_interval=0) == ["event"]
    _add_events(5000)  # ten times as many: stale, but analysed a moment ago
    _flushed_stats()
    assert planner_stats.refresh(["event"]) == []
    assert _counted("event") == 500
    assert planner_stats.refresh(["event"], min_interval=0) == ["event"]
    assert _counted("event") == 5500


def test_a_scheduler_tick_after_a_bulk_sync_leaves_the_statistics_current(
    app: Flask, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    _postgresql()
    monkeypatch.setattr(planner_stats, "MIN_INTERVAL", 0.0)  # earlier tests analysed it
    httpserver.expect_request("/big.ics").respond_with_data(
        calendar(600), content_type="text/calendar"
    )
    partner = make_partner()
    add_pull_feed(partner, httpserver.url_for("/big.ics"))
    db.session.commit()
    db.session.remove()
    tick(app)  # syncs the feed; its own check may not see this process's counters yet
    _flushed_stats()
    tick(app)  # nothing due: the tick analyses what the sync and its derived step wrote
    assert _counted("event") == 600
    assert planner_stats.stale(db.metadata.tables) == []


def test_sqlite_keeps_its_fixed_heuristics(app: Flask) -> None:
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite only")
    _add_events(300)
    assert planner_stats.refresh(["event"]) == []
    tables = db.session.scalars(text("SELECT name FROM sqlite_master WHERE type = 'table'"))
    assert "sqlite_stat1" not in set(tables)  # no statistics that could go stale
