"""Ingest benchmark: our full import vs bare icalendar parsing of the same bytes, same run.

    python bench/ingest.py [--events 10000] [--feeds 200 --per-feed 200] [--skip-http]
                           [--databases sqlite,postgresql]

Prints, each measured in this run, on SQLite and then on a fresh PostgreSQL database:
  * in process, against ``icalendar.Calendar.from_ical`` of the same bytes:
    - full import of a 10,000-event feed (goal ≤ 1.5)
    - unchanged re-import, identical bytes (goal < 0.05)
    - restamped re-import: every DTSTAMP changed, as Google and others serve an unchanged
      calendar on every fetch (goal ≤ 0.1)
    - restamped with 1 % of the events truly changed on top (goal ≤ 0.15)
    - re-import with 1 % of the events changed (goal < 0.15)
    - peak memory of the full import ÷ the feed's size (goal < 10)
  * as whole processes, against ``python -c "icalendar.Calendar.from_ical(…)"`` of the same
    file: ``huiju feeds import`` as a user runs it, first (full), unchanged and restamped
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
sys.path.insert(0, str(Path(__file__).resolve().parent))
from databases import database, kinds

BIN = Path(sys.executable).parent
STAMP = "20261101T000000Z"

VTIMEZONE = (
    "BEGIN:VTIMEZONE\r\nTZID:Asia/Shanghai\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\n"
    "TZOFFSETFROM:+0800\r\nTZOFFSETTO:+0800\r\nTZNAME:CST\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
)
TOPICS = ["AI and big data", "integrated circuits", "biomedicine", "fintech", "digital culture"]
TOPICS_ZH = ["人工智能与大数据", "集成电路", "生物医药", "金融科技", "数字文化"]


def vevent(n: int, base: datetime, revision: int = 0, stamp: str = STAMP) -> str:
    start = base + timedelta(days=n % 300, hours=9 + n % 8)
    begins = start.strftime("%Y%m%dT%H%M%S")
    zh = n % 2 == 0
    title = f"{TOPICS_ZH[n % 5]}创业沙龙 第{n}期" if zh else f"{TOPICS[n % 5]} salon #{n}"
    place = "长阳创谷 2号楼" if zh else "KIC Plaza, Yangpu"
    about = "面向早期创业者的交流活动。" if zh else "A meetup for early-stage founders."
    end = f"{begins[:9]}{(9 + n % 8 + 2):02d}0000"
    lines = [
        "BEGIN:VEVENT",
        f"UID:bench-{n}@huiju.example.org",
        f"DTSTAMP:{stamp}",
        f"DTSTART;TZID=Asia/Shanghai:{begins}",
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


def feed_bytes(
    count: int, changed: frozenset[int] = frozenset(), offset: int = 0, stamp: str = STAMP
) -> bytes:
    base = datetime(2026, 12, 1, tzinfo=UTC)
    body = "".join(vevent(offset + n, base, 1 if n in changed else 0, stamp) for n in range(count))
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


def app_for(url: str):
    from flask_migrate import upgrade

    from core.app import create_app
    from core.heap import freeze_startup

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    with app.app_context():
        upgrade()
    freeze_startup()  # as the console script and the WSGI module do once the app is built
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


class Producer:
    """The partner's calendar as it is served, fetch after fetch: every fetch may carry a new
    DTSTAMP (a restamp, as Google and others serve an unchanged calendar), and may revise
    1 % of the events that were not revised before, so that exactly those differ from what
    the last import stored."""

    def __init__(self, events: int) -> None:
        self.events, self.stamp, self.revised = events, STAMP, frozenset[int]()
        self.fetches = 0

    def body(self, *, restamp: bool, revise: bool) -> tuple[bytes, int]:
        """The next body, and how many events it truly changes."""
        self.fetches += 1
        if restamp:
            n = self.fetches
            self.stamp = f"202611{1 + n // 24 % 28:02d}T{n % 24:02d}0000Z"
        before = self.revised
        if revise:  # events n ≡ k (mod 100) for the next k: 1 % of them, none revised before
            self.revised |= frozenset(range(self.fetches % 100, self.events, 100))
        changed = len(self.revised) - len(before)
        return feed_bytes(self.events, changed=self.revised, stamp=self.stamp), changed


def timed_imports(app, producer: Producer, *, restamp: bool, revise: bool, runs: int = 3) -> float:
    """Best time of ``runs`` imports of the producer's next bodies (each made before its clock
    starts); each must update exactly the events its body truly changed, and no other."""
    times = []
    for _ in range(runs):
        body, changed = producer.body(restamp=restamp, revise=revise)
        started = time.perf_counter()
        result = import_once(app, body)
        times.append(time.perf_counter() - started)
        assert (result["added"], result["updated"], result["removed"]) == (0, changed, 0), result
    return min(times)


def single_feed(events: int, url: str, bare: float) -> None:
    """In process: our import of the same bytes against the bare parse (``bare`` seconds)."""
    body = feed_bytes(events)
    app = app_for(url)
    started = time.perf_counter()
    first = import_once(app, body)
    full = time.perf_counter() - started
    print(
        f"  full import              {full:6.2f} s  ratio {full / bare:5.2f}  (goal ≤ 1.5)  "
        f"added={first['added']} occurrences={first['occurrences']}"
    )
    producer = Producer(events)
    cases = (
        ("unchanged re-import", False, False, "< 0.05"),
        ("restamped re-import", True, False, "≤ 0.1"),
        ("restamped + 1 % changed", True, True, "≤ 0.15"),
        ("1 % changed import", False, True, "< 0.15"),
    )
    for label, restamp, revise, goal in cases:
        took = timed_imports(app, producer, restamp=restamp, revise=revise)
        print(f"  {label:24} {took:6.3f} s  ratio {took / bare:5.3f}  (goal {goal})")
    memory(app, body)


def memory(app, body: bytes) -> None:
    tracemalloc.start()
    import_once(app, body, name="memory.ics")  # a new feed: the full path again
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    ratio = peak / len(body)
    print(f"  peak memory              {peak / 1e6:6.1f} MB  ÷ feed {ratio:5.1f}  (goal < 10)")


def whole_processes(events: int, url: str, workdir: Path, bare: float) -> None:
    """``huiju feeds import`` as a user runs it into a fresh database (so that no other feed
    holds the same events: they would all be clustered as duplicates), against a bare python
    process that reads the same file and parses it with icalendar (``bare`` seconds)."""
    path = workdir / "cli.ics"
    env = {**os.environ, "HUIJU_DATABASE_URL": url}
    huiju = str(BIN / "huiju")
    for setup in (
        ["db", "upgrade"],
        ["partners", "add", "bench", "--name-en", "B", "--name-zh", "B"],
    ):
        subprocess.run([huiju, *setup], env=env, check=True, capture_output=True)
    command = [huiju, "feeds", "import", "bench", str(path)]

    def run() -> None:
        subprocess.run(command, env=env, check=True, capture_output=True)

    path.write_bytes(feed_bytes(events))
    started = time.perf_counter()
    run()
    full = time.perf_counter() - started
    print(f"  huiju feeds import, first      {full:6.2f} s  ratio {full / bare:5.2f}")
    again = best_of(2, run)
    print(f"  huiju feeds import, unchanged  {again:6.2f} s  ratio {again / bare:5.2f}")
    times = []
    for stamp in ("20261102T000000Z", "20261103T000000Z"):
        path.write_bytes(feed_bytes(events, stamp=stamp))
        times.append(best_of(1, run))
    took = min(times)
    print(f"  huiju feeds import, restamped  {took:6.2f} s  ratio {took / bare:5.2f}")


def bare_process(events: int, workdir: Path) -> float:
    """A bare python process reading the feed file and parsing it with icalendar."""
    path = workdir / "bare.ics"
    path.write_bytes(feed_bytes(events))
    code = f"import icalendar; icalendar.Calendar.from_ical(open({str(path)!r}, 'rb').read())"
    return best_of(3, lambda: subprocess.run([sys.executable, "-c", code], check=True))


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


def many_feeds(feeds: int, per_feed: int, workdir: Path, url: str) -> None:
    FeedServer.bodies = {
        f"/f{n}.ics": feed_bytes(per_feed, offset=n * per_feed) for n in range(feeds)
    }
    server = ThreadingHTTPServer(("127.0.0.1", 0), FeedServer)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    env = {
        **os.environ,
        "HUIJU_DATABASE_URL": url,
        "HUIJU_INSTANCE_PATH": str(workdir),
        "HUIJU_FEED_ALLOW_HOSTS": "127.0.0.1",
        "HUIJU_SCHEDULER": "off",
    }

    def run(*args: str) -> None:
        """One command, its output kept back (a line for every feed added) unless it fails."""
        done = subprocess.run([str(BIN / "huiju"), *args], env=env, capture_output=True, text=True)
        if done.returncode:
            raise SystemExit(f"huiju {' '.join(args)} failed: {done.stderr.strip()}")

    run("db", "upgrade")
    run("partners", "add", "bench", "--name-en", "Bench", "--name-zh", "基准")
    for n in range(feeds):
        run("feeds", "add", "bench", f"http://127.0.0.1:{server.server_port}/f{n}.ics")
    for label, goal in (("first sync", 60), ("all 304", 5)):
        started = time.perf_counter()
        run("feeds", "sync", "--all")
        took = time.perf_counter() - started
        print(
            f"  feeds sync --all, {feeds} × {per_feed} events, {label}: "
            f"{took:6.1f} s (goal < {goal} s)"
        )
    server.shutdown()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--per-feed", type=int, default=200)
    parser.add_argument("--skip-http", action="store_true")
    parser.add_argument("--skip-processes", action="store_true")
    parser.add_argument("--databases", default="sqlite,postgresql")
    args = parser.parse_args()
    import icalendar

    with tempfile.TemporaryDirectory(prefix="huiju-bench-") as tmp:
        folder = Path(tmp)
        os.environ["HUIJU_INSTANCE_PATH"] = tmp
        os.environ["HUIJU_SCHEDULER"] = "off"
        body = feed_bytes(args.events)
        bare = best_of(3, lambda: icalendar.Calendar.from_ical(body))
        print(f"feed: {args.events} VEVENTs, {len(body) / 1e6:.2f} MB")
        print(f"bare icalendar parse in process {bare:.2f} s")
        bare_proc = 0.0 if args.skip_processes else bare_process(args.events, folder)
        if bare_proc:
            print(f"bare icalendar parse as a whole python process {bare_proc:.2f} s")
        for kind in kinds(args.databases):
            print(f"{kind}:")
            with database(kind, folder) as url:
                single_feed(args.events, url, bare)
            if bare_proc:
                with database(kind, folder) as url:
                    whole_processes(args.events, url, folder, bare_proc)
            if not args.skip_http:
                with database(kind, folder) as url:
                    many_feeds(args.feeds, args.per_feed, folder, url)


if __name__ == "__main__":
    main()
