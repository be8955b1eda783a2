"""Faults in the middle of a sync: a database error, a killed process, readers under load.
Nothing is lost or half-applied, and the feed says what went wrong."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from core.db_types import utcnow
from core.extensions import db
from federation import store
from federation.models import Feed, FeedStatus
from federation.operations import upload_feed
from federation.sync import apply_body
from tests.calendars import calendar, numbered
from tests.factories import make_partner

PROJECT = Path(__file__).resolve().parents[2]


def dump() -> list[tuple]:
    """Every stored event and component state, in full, in a stable order."""
    db.session.expire_all()
    rows = []
    for table in ("event", "feed_component"):
        rows += [
            (table, *map(str, r))
            for r in db.session.execute(text(f"SELECT * FROM {table} ORDER BY id"))
        ]
    db.session.commit()
    return rows


@pytest.fixture
def feed(app: Flask) -> Feed:
    feed = upload_feed(make_partner("faulty-park"), "programme.ics")
    db.session.commit()
    result = apply_body(feed, calendar(1200), charset=None, trigger="import", now=utcnow())
    assert result.status == "ok" and result.added == 1200
    return feed


def test_a_database_error_halfway_through_leaves_everything_as_it_was(
    feed: Feed, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = dump()
    written = {"chunks": 0}
    original = store.chunks

    def failing_chunks(items, size=store.CHUNK):
        for part in original(items, size):
            written["chunks"] += 1
            if written["chunks"] == 3:  # 1,000 updates written, 200 tombstones not yet
                raise OperationalError("UPDATE event", {}, Exception("disk I/O error"))
            yield part

    monkeypatch.setattr(store, "chunks", failing_chunks)
    changed = calendar(*numbered(1000, "Renamed"))  # 1,000 updated, 200 removed
    result = apply_body(feed, changed, charset=None, trigger="import", now=utcnow())
    assert written["chunks"] == 3
    assert result.status == "error"
    assert "Internal error while applying the feed (OperationalError)" in result.error
    assert dump() == before
    db.session.refresh(feed)
    assert feed.status == FeedStatus.FAILING and "OperationalError" in feed.last_error


KILLED_SYNC = """
import os, sys, time
os.environ["HUIJU_SCHEDULER"] = "off"
sys.path.insert(0, {project!r})
from core.app import create_app
from core.db_types import utcnow
from core.extensions import db
from federation import store
from federation.models import Feed
from federation.sync import apply_body

original = store.chunks
def slow_chunks(items, size=store.CHUNK):
    for number, part in enumerate(original(items, size)):
        if number == 1:
            open({marker!r}, "w").close()  # rows are being written: kill me now
            time.sleep(120)
        yield part
store.chunks = slow_chunks

app = create_app({{"SQLALCHEMY_DATABASE_URI": {url!r}, "SECRET_KEY": "x"}})
with app.app_context():
    feed = db.session.get(Feed, {feed_id})
    apply_body(feed, open({body!r}, "rb").read(), charset=None, trigger="import", now=utcnow())
"""


def test_a_sync_killed_while_writing_leaves_a_sound_database_with_the_old_rows(
    app: Flask, feed: Feed, tmp_path: Path
) -> None:
    before = dump()
    body, marker = tmp_path / "new.ics", tmp_path / "writing"
    body.write_bytes(calendar(*numbered(1200, "Renamed")))
    script = KILLED_SYNC.format(
        project=str(PROJECT),
        marker=str(marker),
        feed_id=feed.id,
        url=app.config["SQLALCHEMY_DATABASE_URI"],
        body=str(body),
    )
    child = subprocess.Popen(
        [sys.executable, "-c", script], env={**os.environ}, stderr=subprocess.PIPE
    )
    try:
        while not marker.exists():
            assert child.poll() is None, child.stderr.read().decode()[-2000:]
            threading.Event().wait(0.05)
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(30)
    assert child.returncode == -signal.SIGKILL
    if db.engine.dialect.name == "sqlite":
        assert db.session.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    assert dump() == before  # all old: the killed transaction left nothing behind
    again = apply_body(feed, body.read_bytes(), charset=None, trigger="import", now=utcnow())
    assert again.status == "ok" and again.updated == 1200  # and the next sync applies it all


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture
def sqlite_only(app: Flask) -> Iterator[None]:
    if db.engine.dialect.name != "sqlite":
        pytest.skip("WAL and busy_timeout are SQLite's answers to concurrent readers")
    yield


def test_pages_keep_answering_while_a_sync_writes(
    app: Flask, feed: Feed, live_server: str, sqlite_only: None
) -> None:
    """Every page the four readers load (40 in all) is loaded while a sync writes: the writer
    renames 600 events back and forth until the last reader is done (at least twice)."""
    assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    db.session.commit()
    statuses: list[int] = []
    syncs: list[str] = []
    reading = threading.Event()
    reading.set()

    def sync_while_reading() -> None:
        with app.app_context():
            while reading.is_set() or len(syncs) < 2:
                title = "Renamed" if len(syncs) % 2 == 0 else "Demo day"
                own = db.session.get(Feed, feed.id)
                result = apply_body(
                    own,
                    calendar(*numbered(600, title)),
                    charset=None,
                    trigger="import",
                    now=utcnow(),
                )
                syncs.append(result.error or result.status)

    def browse(paths: list[str]) -> None:
        statuses.extend(_get(live_server + path) for path in paths)

    paths = ["/en/events", "/zh/events", "/healthz", "/en/partners", "/feeds/all.ics"]
    readers = [
        threading.Thread(target=browse, args=([paths[(n + i) % 5] for i in range(10)],))
        for n in range(4)
    ]
    writer = threading.Thread(target=sync_while_reading)
    writer.start()
    for thread in readers:
        thread.start()
    for thread in readers:
        thread.join(300)
    reading.clear()
    writer.join(300)
    assert len(syncs) >= 2 and set(syncs) == {"ok"}
    assert len(statuses) == 40 and set(statuses) == {200}
