"""Benchmark: production on PostgreSQL at scale (issue 17; also issue 14's scale-out check).

Usage (from the project root; PostgreSQL on 127.0.0.1:5432, trust auth)::

    python bench/scale_postgres.py [--feeds 1000] [--events 50] [--schedulers 2,4]
                                   [--uncached 100000] [--round-timeout 600]

Part 1, per number of scheduler processes: a fresh database with ``--feeds`` pull feeds of
``--events`` events each (some listed by two partners: duplicate clusters across processes),
served with ETags by a local server on 127.0.0.1, and gunicorn with 4 workers serving the
list. Three rounds, each run by that many ``huiju scheduler`` processes started for it and
stopped by SIGTERM once every feed has synced and the derived queue is empty: the first
round (every event new), an all-304 round, and a restamped round (DTSTAMP changed on every
event: new bodies, same events). Printed: each round's time, feeds synced twice, claims
left after SIGTERM, deadlocks (pg_stat_database.deadlocks) and deadlock or lock-timeout
lines in the schedulers' logs, and the list page's p50/p99 during the rounds against idle
(the same rotating URLs, cached pages included: what visitors see).

Part 2: uncached list, search and API timings at ``--uncached`` events on PostgreSQL and
SQLite (the page cache emptied before every request), against /healthz in the same app.
Goals: first round <= 120 s with 2 schedulers, all-304 round <= 15 s, 0 deadlocks, list p99
during a round <= 3x idle, uncached p50 <= 30 ms.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
from bench.databases import database  # noqa: E402
from bench.events_page import REGIONS, _event_row, free_port  # noqa: E402

HUIJU = str(Path(sys.executable).parent / "huiju")
LIST_URLS = ["/en/events", "/zh/events", "/en/events?region=shanghai", "/zh/events?q=summit"]
WORDS = ["Demo", "Summit", "Salon", "Bootcamp", "Expo", "Founders", "Fintech", "Hardware"]


def feed_body(n: int, events: int, stamp: str) -> bytes:
    """``events`` VEVENTs; every tenth is also listed by the neighbour feed (a duplicate)."""
    day0 = datetime.now(UTC).replace(hour=2, minute=0, second=0, microsecond=0)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//bench//EN"]
    for k in range(events):
        shared = k % 10 == 0
        owner = n - n % 2 if shared else n
        start = day0 + timedelta(days=1 + (owner * 7 + k) % 300, hours=k % 8)
        title = f"{WORDS[(owner + k) % len(WORDS)]} b{owner}x{k}"
        lines += [
            "BEGIN:VEVENT",
            f"UID:{'s' if shared else 'e'}{owner}-{k}@bench",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{start:%Y%m%dT%H%M%SZ}",
            f"DTEND:{start + timedelta(hours=2):%Y%m%dT%H%M%SZ}",
            f"SUMMARY:{title}",
            f"LOCATION:Hall {owner % 13}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


class FeedServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128
    events = 50
    stamp = "20260101T000000Z"
    bodies: dict[tuple[int, str], tuple[bytes, str]] = {}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        server: FeedServer = self.server  # type: ignore[assignment]
        n = int(self.path.strip("/").split(".")[0][1:])
        key = (n, server.stamp)
        if key not in server.bodies:
            body = feed_body(n, server.events, server.stamp)
            server.bodies[key] = (body, '"' + hashlib.sha256(body).hexdigest()[:20] + '"')
        body, etag = server.bodies[key]
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", "0")
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


def env_for(url: str, folder: Path) -> dict[str, str]:
    return {
        **os.environ,
        "HUIJU_DATABASE_URL": url,
        "HUIJU_SECRET_KEY": "bench",
        "HUIJU_INSTANCE_PATH": str(folder),
        "HUIJU_SCHEDULER": "off",
        "HUIJU_FEED_ALLOW_HOSTS": "127.0.0.1",
        "PYTHONPATH": str(PROJECT),
    }


def app_for(url: str, folder: Path):
    os.environ.update(env_for(url, folder))
    from core.app import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": url})


def setup_feeds(app, feeds: int, port: int) -> None:
    from flask_migrate import upgrade
    from sqlalchemy import insert

    from core.extensions import db
    from federation.models import Feed
    from partners.models import Partner

    with app.app_context():
        upgrade()
        db.session.execute(
            insert(Partner),
            [
                {"slug": f"p{i}", "name_en": f"Partner {i}", "name_zh": f"伙伴{i}"}
                for i in range(feeds)
            ],
        )
        far = datetime.now(UTC) + timedelta(days=365)
        db.session.execute(
            insert(Feed),
            [
                {"partner_id": i + 1, "url": f"http://127.0.0.1:{port}/f{i}.ics"}
                | {"next_sync_at": far}
                for i in range(feeds)
            ],
        )
        db.session.commit()
        db.engine.dispose()


def sql(app, statement: str):
    from sqlalchemy import text

    from core.extensions import db

    with app.app_context():
        result = db.session.execute(text(statement))
        value = result.scalar() if result.returns_rows else None
        db.session.commit()
        db.session.remove()
        return value


def run_round(app, url: str, folder: Path, schedulers: int, timeout: float) -> dict:
    """Make every feed due, start the schedulers, wait for the round, SIGTERM them."""
    began_at = sql(app, "SELECT now()")
    sql(app, "UPDATE feed SET next_sync_at = now()")
    began = time.perf_counter()
    processes, logs = [], []
    for i in range(schedulers):
        log = folder / f"scheduler-{time.time_ns()}-{i}.log"
        with log.open("wb") as out:
            processes.append(
                subprocess.Popen(
                    [HUIJU, "scheduler"],
                    env=env_for(url, folder),
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )
            )
        logs.append(log)
    feeds = sql(app, "SELECT count(*) FROM feed")
    since = f"started_at >= '{began_at.isoformat()}'"
    done, elapsed = False, 0.0
    try:
        while time.perf_counter() - began < timeout:
            synced = sql(app, f"SELECT count(DISTINCT feed_id) FROM sync_run WHERE {since}")
            if synced == feeds and sql(app, "SELECT count(*) FROM derived_work") == 0:
                done, elapsed = True, time.perf_counter() - began
                break
            time.sleep(0.25)
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            process.wait(300)
    text = "\n".join(log.read_text(errors="replace") for log in logs)
    busy = sql(
        app,
        "SELECT extract(epoch FROM max(started_at + duration_ms * interval '1 ms') - "
        f"min(started_at)) FROM sync_run WHERE {since}",
    )
    return {
        "seconds": elapsed if done else float("nan"),
        "syncing": float(busy or 0),
        "done": done,
        "twice": sql(
            app,
            f"SELECT count(*) FROM (SELECT feed_id FROM sync_run WHERE {since} "
            "GROUP BY feed_id HAVING count(*) > 1) t",
        ),
        "claims_left": sql(app, "SELECT count(*) FROM feed WHERE claimed_until IS NOT NULL"),
        "errors": sql(app, f"SELECT count(*) FROM sync_run WHERE {since} AND outcome = 'error'"),
        "log_deadlocks": sum(text.count(m) for m in ("deadlock", "lock timeout")),
        "derived_ms": sql(app, f"SELECT coalesce(sum(derived_ms), 0) FROM sync_run WHERE {since}"),
        "sync_ms": sql(app, f"SELECT coalesce(sum(duration_ms), 0) FROM sync_run WHERE {since}"),
    }


class Prober(threading.Thread):
    """Requests the list URLs in turn, one at a time, recording each latency per phase."""

    def __init__(self, port: int) -> None:
        super().__init__(daemon=True)
        self.port, self.phase, self.times = port, "idle", {}
        self.served: dict[str, dict[str, list[float]]] = {}  # phase -> X-Huiju-Cache -> times
        self.stop = threading.Event()

    def run(self) -> None:
        import http.client

        n = 0
        while not self.stop.is_set():
            path = LIST_URLS[n % len(LIST_URLS)]
            n += 1
            began = time.perf_counter()
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            conn.close()
            took, served = time.perf_counter() - began, response.getheader("X-Huiju-Cache", "-")
            self.times.setdefault(self.phase, []).append(took)
            self.served.setdefault(self.phase, {}).setdefault(served, []).append(took)
            time.sleep(0.02)


def percentiles(times: list[float]) -> str:
    ordered = sorted(times) or [float("nan")]
    p99 = ordered[max(0, int(len(ordered) * 0.99) - 1)]
    p50 = statistics.median(ordered)
    return f"p50 {p50 * 1000:7.1f} ms  p99 {p99 * 1000:7.1f} ms  (n={len(ordered)})"


def gunicorn(url: str, folder: Path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", "4", "-b", f"127.0.0.1:{port}", "wsgi:app"]
        + ["--log-level", "warning"],
        cwd=PROJECT,
        env=env_for(url, folder),
    )
    import socket

    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process, port
        except OSError:
            time.sleep(0.1)
    raise SystemExit("gunicorn did not start")


def scale_out(args: argparse.Namespace, schedulers: int, server: FeedServer, url: str) -> None:
    folder = Path(tempfile.mkdtemp(prefix=f"huiju-scale-{schedulers}-"))
    app = app_for(url, folder)
    setup_feeds(app, args.feeds, server.server_port)
    server.stamp = "20260101T000000Z"
    web, port = gunicorn(url, folder)
    prober = Prober(port)
    prober.phase = "warm-up"  # each worker imports and renders once
    prober.start()
    while len(prober.times.get("warm-up", [])) < 8 * len(LIST_URLS):
        time.sleep(0.2)
    prober.phase = "idle"
    time.sleep(args.idle)
    deadlocks = "SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()"
    before = sql(app, deadlocks)
    print(f"\n== {schedulers} scheduler processes, {args.feeds} feeds x {args.events} events ==")
    try:
        for name in ("first", "all-304", "restamped"):
            if name == "restamped":
                server.stamp = "20261201T000000Z"
            prober.phase = name
            result = run_round(app, url, folder, schedulers, args.round_timeout)
            prober.phase = "after"
            derived_share = result["derived_ms"] / max(1, result["sync_ms"])
            print(
                f"{name:<10} round {result['seconds']:7.1f} s wall (processes started), "
                f"{result['syncing']:6.1f} s first sync to last  feeds synced twice "
                f"{result['twice']}  errors {result['errors']}  claims left after SIGTERM "
                f"{result['claims_left']}  deadlock/lock-timeout log lines "
                f"{result['log_deadlocks']}  derived step {derived_share:.0%} of sync time"
            )
        print(f"deadlocks (pg_stat_database): {sql(app, deadlocks) - before}")
        events = sql(app, "SELECT count(*) FROM event")
        unsearchable = sql(app, "SELECT count(*) FROM event WHERE search_title = ''")
        print(f"events stored {events}, with an empty search field {unsearchable}")
    finally:
        prober.stop.set()
        prober.join(60)
        web.terminate()
        web.wait(30)
    idle = prober.times.get("idle", [])
    rounds = [t for phase in ("first", "all-304", "restamped") for t in prober.times.get(phase, [])]
    print(f"list page idle          {percentiles(idle)}")
    for phase in ("first", "all-304", "restamped"):
        print(f"list page {phase:<13} {percentiles(prober.times.get(phase, []))}")
    for phase in ("idle", "first", "all-304", "restamped"):
        for served, times in sorted(prober.served.get(phase, {}).items()):
            print(f"  {phase:<10} X-Huiju-Cache {served:<6} {percentiles(times)}")
    if rounds and idle:
        p99 = [sorted(t)[max(0, int(len(t) * 0.99) - 1)] for t in (rounds, idle)]
        print(f"list p99 during the rounds / idle: {p99[0] / p99[1]:.2f}x (goal <= 3x)")


def fill(app, events: int) -> None:
    from flask_migrate import upgrade
    from sqlalchemy import insert, text

    from core.extensions import db
    from events.models import Event
    from federation.models import Feed
    from partners.models import Partner

    rng, now = random.Random(7), datetime.now(UTC).replace(microsecond=0)
    with app.app_context():
        upgrade()
        partners = [
            {"slug": f"p{i}", "name_en": f"Partner {i}", "name_zh": f"伙伴{i}"}
            | {"region": REGIONS[i % 5], "country": "CN" if i % 5 != 4 else "SG"}
            for i in range(50)
        ]
        db.session.execute(insert(Partner), partners)
        feeds = [{"partner_id": i + 1, "url": f"https://x/{i}.ics"} for i in range(50)]
        db.session.execute(insert(Feed), feeds)
        for start in range(0, events, 5000):
            rows = [
                _event_row(n, n % 50 + 1, n % 50 + 1, now, rng)
                for n in range(start, min(events, start + 5000))
            ]
            for row in rows[::500]:  # the word of /api/v1/events?q=Slush
                row["title_en"] += " Slush"
                row["search_title"] += " slush"
            db.session.execute(insert(Event), rows)
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            # As after any bulk load (and as autovacuum leaves a table a minute later): the
            # statistics, and the visibility map that lets an index answer alone.
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
                c.execute(text("VACUUM ANALYZE"))


UNCACHED = {
    "list /en/events": "/en/events",
    "filter /en/events?region=shanghai": "/en/events?region=shanghai",
    "search /zh/events?q=杨浦": "/zh/events?q=杨浦",
    "search /en/events?q=summit": "/en/events?q=summit",
    "API /api/v1/events?q=Slush": "/api/v1/events?q=Slush",
    "API /api/v1/events": "/api/v1/events",
    "month /en/events?view=month": "/en/events?view=month",
}


def uncached(args: argparse.Namespace, kind: str, url: str, folder: Path) -> None:
    app = app_for(url, folder)
    began = time.perf_counter()
    fill(app, args.uncached)
    filled = time.perf_counter() - began
    print(f"\n== uncached at {args.uncached} events on {kind} (filled in {filled:.0f} s) ==")
    from events.page_cache import pages

    client = app.test_client()

    def timed(path: str) -> list[float]:
        times = []
        for _ in range(args.repeat):
            pages.clear()
            began = time.perf_counter()
            response = client.get(path)
            times.append(time.perf_counter() - began)
            assert response.status_code == 200, (path, response.status_code)
        return times

    trivial = statistics.median(timed("/healthz"))
    for name, path in UNCACHED.items():
        timed(path)  # warm the process (templates, statements)
        times = sorted(timed(path))
        p50 = statistics.median(times)
        print(
            f"{name:<36} p50 {p50 * 1000:7.1f} ms  max {times[-1] * 1000:7.1f} ms  "
            f"x /healthz {p50 / trivial:5.1f}  {'ok' if p50 <= 0.030 else 'over 30 ms'}"
        )
    print(f"/healthz p50 {trivial * 1000:.1f} ms (same app, same run)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--events", type=int, default=50)
    parser.add_argument("--schedulers", default="2,4")
    parser.add_argument("--uncached", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--idle", type=float, default=10.0)
    parser.add_argument("--round-timeout", type=float, default=240.0)
    args = parser.parse_args()
    server = FeedServer(("127.0.0.1", 0), Handler)
    server.events = args.events
    threading.Thread(target=server.serve_forever, daemon=True).start()
    for count in [int(c) for c in args.schedulers.split(",") if c]:
        with database("postgresql", Path(tempfile.mkdtemp())) as url:  # dropped after
            scale_out(args, count, server, url)
    if args.uncached:
        for kind in ("postgresql", "sqlite"):
            folder = Path(tempfile.mkdtemp(prefix=f"huiju-uncached-{kind}-"))
            with database(kind, folder) as url:
                uncached(args, kind, url, folder)
    server.shutdown()
    print(
        "\ngoals: first round <= 120 s (2 schedulers), all-304 <= 15 s, 0 deadlocks, "
        "list p99 during rounds <= 3x idle, uncached p50 <= 30 ms"
    )


if __name__ == "__main__":
    main()
