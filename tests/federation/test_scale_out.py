"""Two `huiju scheduler` processes on PostgreSQL against a local feed server of 100 feeds:
each feed synced once per round, every event searchable afterwards, no deadlock, no claim
left after SIGTERM. Also: a derived step that failed is repaired by the next tick."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select, text, update

from core.extensions import db
from events import derived, search
from events.models import DerivedWork, Event
from federation.models import Feed, SyncRun
from federation.operations import add_pull_feed
from federation.scheduler import repair_derived
from federation.sync import sync_feed
from tests.calendars import calendar, upcoming
from tests.factories import make_partner

PROJECT = Path(__file__).resolve().parents[2]
FEEDS = 100
HUIJU = str(PROJECT / ".venv" / "bin" / "huiju")


def feed_body(n: int) -> bytes:
    """Three events of the feed's own and one it shares with its neighbour feed (another
    partner): the shared ones form duplicate clusters that span both schedulers' feeds."""
    own = [upcoming(f"f{n}-{k}", 1 + (n + k) % 20, f"Expo f{n}x{k}") for k in range(3)]
    pair = n // 2
    shared = upcoming(f"f{n}-shared", 2 + pair % 25, f"Shared summit s{pair}", location="Hall")
    return calendar(*own, shared)


class FeedServer(ThreadingHTTPServer):
    daemon_threads = True
    delay = 0.0  # seconds each response waits: keeps syncs in flight for the SIGTERM check


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        n = int(self.path.strip("/").split(".")[0][1:])
        body = feed_body(n)
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        time.sleep(self.server.delay)  # type: ignore[attr-defined]
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/calendar; charset=utf-8")
        self.send_header("ETag", etag)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    server = FeedServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        thread.join(5)


def _start(app: Flask, tmp_path: Path, name: str) -> tuple[subprocess.Popen, Path]:
    log = tmp_path / f"{name}.log"
    env = {
        **os.environ,
        "HUIJU_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "HUIJU_SECRET_KEY": "scale-test",
        "HUIJU_INSTANCE_PATH": str(tmp_path / name),
        "HUIJU_FEED_ALLOW_HOSTS": "127.0.0.1",
        "HUIJU_SYNC_WORKERS": "4",
    }
    with log.open("wb") as out:
        process = subprocess.Popen(
            [HUIJU, "scheduler"], env=env, stdout=out, stderr=subprocess.STDOUT, cwd=tmp_path
        )
    return process, log


def _wait(condition, timeout: float, processes: list[subprocess.Popen]) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert all(p.poll() is None for p in processes), "a scheduler exited early"
        assert time.monotonic() < deadline, "timed out"
        db.session.rollback()
        time.sleep(0.2)
    db.session.rollback()


def _count(query) -> int:
    return db.session.scalar(query) or 0


def test_two_scheduler_processes_sync_every_feed_once(
    app: Flask, feed_server: FeedServer, tmp_path: Path
) -> None:
    if db.engine.dialect.name != "postgresql":
        pytest.skip("schedulers scale out on PostgreSQL (SQLite: one process)")
    deadlocks = "SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()"
    deadlocks_before = db.session.scalar(text(deadlocks))
    base = f"http://127.0.0.1:{feed_server.server_port}"
    for n in range(FEEDS):
        add_pull_feed(make_partner(), f"{base}/f{n}.ics")
    db.session.commit()
    schedulers = [_start(app, tmp_path, f"scheduler{i}") for i in range(2)]
    processes = [p for p, _ in schedulers]
    try:
        synced = select(func.count()).where(Feed.last_success_at.is_not(None))
        _wait(lambda: _count(synced) == FEEDS, 120, processes)  # ~15 s on an idle machine
        own = os.getpriority(os.PRIO_PROCESS, 0)  # batch work: pages on this machine first
        assert [os.getpriority(os.PRIO_PROCESS, p.pid) for p in processes] == [
            min(own + 10, 19)
        ] * 2
        _wait(lambda: _count(select(func.count()).select_from(DerivedWork)) == 0, 20, processes)
        runs = db.session.execute(
            select(SyncRun.feed_id, func.count()).group_by(SyncRun.feed_id)
        ).all()
        assert len(runs) == FEEDS and all(count == 1 for _, count in runs)
        assert _count(select(func.count()).where(SyncRun.outcome != "ok")) == 0

        # Every event is found by a search for its own title's word.
        titles = db.session.execute(select(Event.id, Event.title_en)).all()
        assert len(titles) == FEEDS * 4
        for event_id, title in titles:
            hits = search.apply(select(Event.id), title.split()[-1])
            assert event_id in set(db.session.scalars(hits)), title
        assert _count(select(func.count()).where(Event.cluster_id.is_not(None))) == FEEDS

        # A second round, the feeds answering slowly: stop both schedulers in the middle.
        feed_server.delay = 0.3
        db.session.execute(update(Feed).values(next_sync_at=func.now()))
        db.session.commit()
        claimed = select(func.count()).where(Feed.claimed_until.is_not(None))
        _wait(lambda: _count(claimed) > 0, 30, processes)
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        try:
            for process in processes:
                # They finish the syncs in flight first, at nice +10: on a machine the other
                # tests keep busy, that takes a while.
                process.wait(120)
        finally:
            for _, log in schedulers:  # shown by pytest if the test fails
                print(log.read_text(errors="replace")[-4000:])
    assert [p.returncode for p in processes] == [0, 0]
    assert _count(claimed) == 0
    runs = db.session.execute(select(SyncRun.feed_id, func.count()).group_by(SyncRun.feed_id))
    assert all(count <= 2 for _, count in runs)  # never twice in one round
    logs = "\n".join(log.read_text(errors="replace") for _, log in schedulers)
    for marker in ("deadlock", "lock timeout", "Traceback", "could not be refreshed"):
        assert marker not in logs, logs[-3000:]
    assert "claimed feeds released" in logs
    assert db.session.scalar(text(deadlocks)) == deadlocks_before


def test_a_failed_derived_step_is_repaired_by_the_next_tick(
    app: Flask, feed_server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    feed = add_pull_feed(make_partner(), f"http://127.0.0.1:{feed_server.server_port}/f7.ics")
    db.session.commit()

    def crash(*_args: object) -> int:
        raise RuntimeError("the process died here")

    with monkeypatch.context() as patch:
        patch.setattr(derived, "_index_batch", crash)
        assert sync_feed(feed.id).status == "ok"
    found = search.apply(select(Event.id), "f7x1")
    assert list(db.session.scalars(found)) == []  # stored, not yet searchable
    assert derived.pending() == 4
    assert repair_derived(app) == 4
    assert len(list(db.session.scalars(found))) == 1
    assert derived.pending() == 0
    run = db.session.scalar(select(SyncRun))
    assert run.duration_ms >= run.derived_ms >= 0
