"""Ingest benchmark: our full import vs bare icalendar parsing of the same bytes, same run.

    python bench/ingest.py [--events 10000] [--feeds 200 --per-feed 200] [--skip-http]

Prints, each measured in this run:
  * full import of a 10,000-event feed into SQLite ÷ ``icalendar.Calendar.from_ical`` (goal ≤ 1.5)
  * unchanged re-import ÷ the same (goal < 0.05)
  * re-import with 1 % of the events changed ÷ the same (goal < 0.15)
  * peak memory of the full import ÷ the feed's size (goal < 10)
  * wall time of `huiju feeds sync --all` for 200 feeds × 200 events from a local HTTP server
    (goal < 60 s), and again when every feed answers 304 (goal < 5 s)
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

VTIMEZONE = (
    "BEGIN:VTIMEZONE\r\nTZID:Asia/Shanghai\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\n"
    "TZOFFSETFROM:+0800\r\nTZOFFSETTO:+0800\r\nTZNAME:CST\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
)
TOPICS = ["AI and big data", "integrated circuits", "biomedicine", "fintech", "digital culture"]
TOPICS_ZH = ["人工智能与大数据", "集成电路", "生物医药", "金融科技", "数字文化"]


def vevent(n: int, base: datetime, revision: int = 0) -> str:
    start = base + timedelta(days=n % 300, hours=9 + n % 8)
    stamp = start.strftime("%Y%m%dT%H%M%S")
    zh = n % 2 == 0
    title = f"{TOPICS_ZH[n % 5]}创业沙龙 第{n}期" if zh else f"{TOPICS[n % 5]} salon #{n}"
    place = "长阳创谷 2号楼" if zh else "KIC Plaza, Yangpu"
    about = "面向早期创业者的交流活动。" if zh else "A meetup for early-stage founders."
    end = f"{stamp[:9]}{(9 + n % 8 + 2):02d}0000"
    lines = [
        "BEGIN:VEVENT",
        f"UID:bench-{n}@huiju.example.org",
        "DTSTAMP:20261101T000000Z",
        f"DTSTART;TZID=Asia/Shanghai:{stamp}",
        f"DTEND;TZID=Asia/Shanghai:{end}",
        f"SUMMARY:{title}",
        f"LOCATION:{place}",
        f"DESCRIPTION:{about} rev {revision}",
        f"CATEGORIES:{TOPICS[n % 5]}",
        "SEQUENCE:" + str(revision),
    ]
    if n % 10 == 0:  # 10 % weekly series with one exception
        skip = (start + timedelta(weeks=2)).strftime("%Y%m%dT%H%M%S")
        lines += ["RRULE:FREQ=WEEKLY;COUNT=8", f"EXDATE;TZID=Asia/Shanghai:{skip}"]
    lines.append("END:VEVENT")
    return "\r\n".join(lines) + "\r\n"


def feed_bytes(count: int, changed: frozenset[int] = frozenset(), offset: int = 0) -> bytes:
    base = datetime(2026, 12, 1, tzinfo=UTC)
    body = "".join(vevent(offset + n, base, 1 if n in changed else 0) for n in range(count))
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Huiju//bench//EN\r\n"
        + VTIMEZONE
        + body
        + "END:VCALENDAR\r\n"
    ).encode()


def best_of(runs: int, work) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def app_for(database: Path):
    from flask_migrate import upgrade

    from core.app import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}", "SECRET_KEY": "bench"})
    with app.app_context():
        upgrade()
    return app


def import_once(app, body: bytes, name: str = "bench.ics") -> dict:
    from core.db_types import utcnow
    from core.extensions import db
    from federation.operations import upload_feed
    from federation.sync import apply_body
    from partners.models import Partner

    with app.app_context():
        partner = db.session.query(Partner).filter_by(slug="bench").one_or_none()
        if partner is None:
            partner = Partner(slug="bench", name_en="Bench", name_zh="基准")
            db.session.add(partner)
            db.session.commit()
        feed = upload_feed(partner, name)
        db.session.commit()
        result = apply_body(feed, body, charset="utf-8", trigger="bench", now=utcnow())
        return result.as_json()


def single_feed(events: int, workdir: Path) -> None:
    import icalendar

    body = feed_bytes(events)
    bare = best_of(3, lambda: icalendar.Calendar.from_ical(body))
    print(f"feed: {events} VEVENTs, {len(body) / 1e6:.2f} MB; bare icalendar parse {bare:.2f} s")

    app = app_for(workdir / "ingest.sqlite3")
    started = time.perf_counter()
    first = import_once(app, body)
    full = time.perf_counter() - started
    print(
        f"full import          {full:6.2f} s  ratio {full / bare:5.2f}  (goal ≤ 1.5)  "
        f"added={first['added']} occurrences={first['occurrences']}"
    )
    again = best_of(3, lambda: import_once(app, body))
    print(f"unchanged re-import  {again:6.3f} s  ratio {again / bare:5.3f}  (goal < 0.05)")
    changes = iter(range(1, 100))

    def one_percent() -> None:
        k = next(changes)
        changed = frozenset(range(k, events, 100))
        import_once(app, feed_bytes(events, changed=changed))

    changed = best_of(3, one_percent)
    print(f"1 % changed import   {changed:6.3f} s  ratio {changed / bare:5.3f}  (goal < 0.15)")
    memory(app_for(workdir / "memory.sqlite3"), body)


def memory(app, body: bytes) -> None:
    tracemalloc.start()
    import_once(app, body)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"peak memory          {peak / 1e6:6.1f} MB  ÷ feed {peak / len(body):5.1f}  (goal < 10)")


class FeedServer(BaseHTTPRequestHandler):
    bodies: dict[str, bytes] = {}

    def do_GET(self) -> None:
        body = self.bodies.get(self.path)
        etag = f'"{hash(body)}"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/calendar; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def many_feeds(feeds: int, per_feed: int, workdir: Path) -> None:
    FeedServer.bodies = {
        f"/f{n}.ics": feed_bytes(per_feed, offset=n * per_feed) for n in range(feeds)
    }
    server = ThreadingHTTPServer(("127.0.0.1", 0), FeedServer)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    env = {
        **os.environ,
        "HUIJU_DATABASE_URL": f"sqlite:///{workdir / 'many.sqlite3'}",
        "HUIJU_INSTANCE_PATH": str(workdir),
        "HUIJU_FEED_ALLOW_HOSTS": "127.0.0.1",
        "HUIJU_SCHEDULER": "off",
    }

    def run(*args: str) -> None:
        subprocess.run(["huiju", *args], env=env, check=True, stdout=subprocess.DEVNULL)

    run("db", "upgrade")
    run("partners", "add", "bench", "--name-en", "Bench", "--name-zh", "基准")
    for n in range(feeds):
        run("feeds", "add", "bench", f"http://127.0.0.1:{server.server_port}/f{n}.ics")
    for label, goal in (("first sync", 60), ("all 304", 5)):
        started = time.perf_counter()
        run("feeds", "sync", "--all")
        took = time.perf_counter() - started
        print(
            f"feeds sync --all, {feeds} × {per_feed} events, {label}: "
            f"{took:6.1f} s (goal < {goal} s)"
        )
    server.shutdown()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--per-feed", type=int, default=200)
    parser.add_argument("--skip-http", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="huiju-bench-") as tmp:
        os.environ["HUIJU_INSTANCE_PATH"] = tmp
        os.environ["HUIJU_SCHEDULER"] = "off"
        single_feed(args.events, Path(tmp))
        if not args.skip_http:
            many_feeds(args.feeds, args.per_feed, Path(tmp))


if __name__ == "__main__":
    main()
