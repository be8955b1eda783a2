"""Benchmark: the event list with varied filters and searches against /healthz, same app.

Usage (from the project root)::

    python bench/events_page.py [--events 100000] [--requests 400] [--clients 4]
                                [--urls 60] [--databases sqlite,postgresql]

Fills a throw-away database (built by the real migrations: SQLite with FTS5, then a fresh
PostgreSQL database on 127.0.0.1:5432, dropped after) with 100,000 events by bulk inserts,
serves the app with gunicorn (2 workers) on 127.0.0.1, and then, in the same run, drives a
bounded loop of requests from a client process against

* ``--urls`` different list URLs (regions, countries, languages, formats, date ranges,
  pages, Chinese and English searches, both locales), requested in turn, so that the figures
  are not those of one cached page: first each URL once (every one a cache miss), then
  ``--requests`` requests rotating over them;
* ``/healthz`` (a trivial page of the same app),

printing req/s, p50 and p99 of each and their ratios. Goals: list req/s >= 50 % of the
trivial page's, list p99 <= 2x.
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from databases import database, kinds  # noqa: E402

WORDS_ZH = [
    "创新",
    "创业",
    "大赛",
    "路演",
    "沙龙",
    "峰会",
    "人工智能",
    "集成电路",
    "生物医药",
    "金融科技",
    "训练营",
    "对接会",
    "上海",
    "杨浦",
    "长三角",
    "数字文化",
    "智能制造",
]
WORDS_EN = [
    "demo",
    "day",
    "salon",
    "summit",
    "bootcamp",
    "AI",
    "fintech",
    "hardware",
    "matchmaking",
    "competition",
    "training",
    "expo",
    "founders",
    "investors",
]
REGIONS = ("shanghai", "jiangsu", "zhejiang", "anhui", "overseas")


def environment(folder: Path, url: str) -> dict[str, str]:
    return {
        **os.environ,
        "HUIJU_INSTANCE_PATH": str(folder),
        "HUIJU_SCHEDULER": "off",
        "HUIJU_DATABASE_URL": url,
        "HUIJU_SECRET_KEY": "bench",
        "PYTHONPATH": str(PROJECT),
    }


def _event_row(n: int, partner_id: int, feed_id: int, now: datetime, rng: random.Random) -> dict:
    from events.tokenize import search_text

    start = now + timedelta(hours=rng.randint(-24 * 60, 24 * 365))
    title_zh = "".join(rng.sample(WORDS_ZH, 3))
    title_en = " ".join(rng.sample(WORDS_EN, 3)).title()
    place = rng.choice(["杨浦区长阳创谷", "创智天地", "Hefei", "Suzhou Industrial Park"])
    return {
        "feed_id": feed_id,
        "partner_id": partner_id,
        "uid": f"e{n}@bench",
        "recurrence_id": "",
        "start_at": start,
        "end_at": start + timedelta(hours=2),
        "all_day": False,
        "tzid": "Asia/Shanghai",
        "language": rng.choice(["zh", "en"]),
        "title_en": title_en,
        "title_zh": title_zh,
        "description_en": "",
        "description_zh": "",
        "location_en": "",
        "location_zh": place,
        "categories": [],
        "status": "confirmed",
        "sequence": 0,
        "online": rng.random() < 0.2,
        "content_hash": str(n),
        "notes": [],
        "first_seen_at": now,
        "updated_at": now,
        "search_title": search_text(title_en, title_zh),
        "search_body": search_text(place),
    }


def fill(folder: Path, url: str, events: int, with_blocks: bool = False) -> None:
    """Migrate a fresh database and bulk-insert ``events`` events of 50 partners."""
    os.environ.update(environment(folder, url))
    from flask_migrate import upgrade
    from sqlalchemy import insert

    from core import planner_stats
    from core.app import create_app
    from core.extensions import db
    from events.models import Event
    from federation.models import Feed
    from partners.models import Partner

    app = create_app()
    rng, now = random.Random(7), datetime.now(UTC).replace(microsecond=0)
    with app.app_context():
        upgrade()
        partners = [
            {
                "slug": f"p{i}",
                "name_en": f"Partner {i}",
                "name_zh": f"伙伴{i}",
                "region": REGIONS[i % 5],
                "country": "CN" if i % 5 != 4 else "SG",
            }
            for i in range(50)
        ]
        db.session.execute(insert(Partner), partners)
        db.session.execute(
            insert(Feed), [{"partner_id": i + 1, "url": f"https://x/{i}.ics"} for i in range(50)]
        )
        for start in range(0, events, 5000):
            rows = [
                _event_row(n, n % 50 + 1, n % 50 + 1, now, rng)
                for n in range(start, min(events, start + 5000))
            ]
            if with_blocks:
                _add_blocks(rows)
            db.session.execute(insert(Event), rows)
        db.session.commit()
        # What the scheduler's tick does after syncs have written this many events, and
        # PostgreSQL's autovacuum within a minute where it runs (it is off on this project's
        # CI machines): without statistics the planner takes 100,000 events for one.
        planner_stats.refresh(db.metadata.tables)


def _add_blocks(rows: list[dict]) -> None:
    from events.ical import vevent_text
    from events.models import Event

    for row in rows:
        event = Event(**row, id=0)
        row["ics_en"], row["ics_zh"] = vevent_text(event, "en"), vevent_text(event, "zh")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(folder: Path, url: str) -> tuple[subprocess.Popen, int]:
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "wsgi:app",
            "--log-level",
            "warning",
        ],
        cwd=PROJECT,
        env=environment(folder, url),
    )
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process, port
        except OSError:
            time.sleep(0.1)
    raise SystemExit("gunicorn did not start")


def _one(args: tuple[int, str, dict]) -> float:
    port, path, headers = args
    began = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.read()
    connection.close()
    if response.status not in (200, 304):
        raise SystemExit(f"{path}: HTTP {response.status}")
    return time.perf_counter() - began


def _loop(port: int, paths: list[str], requests: int, clients: int, headers: dict) -> dict:
    work = [(port, paths[n % len(paths)], headers) for n in range(requests)]
    with ThreadPoolExecutor(clients) as pool:
        began = time.perf_counter()
        times = sorted(pool.map(_one, work))
        elapsed = time.perf_counter() - began
    return {
        "rps": requests / elapsed,
        "p50": times[len(times) // 2] * 1000,
        "p99": times[int(len(times) * 0.99) - 1] * 1000,
    }


def measure(port: int, path: str | list[str], requests: int, clients: int, headers=None) -> dict:
    """Run in a separate client process, so the client never shares a GIL with anything;
    a list of paths is requested in turn."""
    paths = [path] if isinstance(path, str) else path
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(_loop, (port, paths, requests, clients, headers or {}))


def list_urls(count: int, seed: int = 11) -> list[str]:
    """``count`` different event-list URLs, as visitors filter and search."""
    rng = random.Random(seed)
    searches = [*WORDS_ZH, *WORDS_EN, "杨浦 创业", "AI demo", "长阳创谷", "Suzhou"]
    choices = {
        "region": ["", *REGIONS],
        "country": ["", "", "", "CN", "SG"],
        "language": ["", "", "zh", "en"],
        "mode": ["", "", "", "online", "in_person"],
        "when": ["", "", "week", "month", "3months", "past", "all"],
        "page": ["", "", "", "2", "3"],
    }
    urls: set[str] = set()
    while len(urls) < count:
        params = {name: rng.choice(values) for name, values in choices.items()}
        params["q"] = rng.choice(["", *searches])
        query = urlencode({k: v for k, v in params.items() if v})
        urls.add(f"/{rng.choice(['zh', 'en'])}/events" + (f"?{query}" if query else ""))
    return sorted(urls, key=lambda _url: rng.random())


def report(name: str, result: dict, trivial: dict) -> None:
    print(
        f"{name:<44} {result['rps']:8.1f} req/s  p50 {result['p50']:6.1f} ms  "
        f"p99 {result['p99']:6.1f} ms   rps ratio {result['rps'] / trivial['rps']:.2f}  "
        f"p99 ratio {result['p99'] / trivial['p99']:.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--urls", type=int, default=60)
    parser.add_argument("--databases", default="sqlite,postgresql")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="huiju-bench-events-"))
    urls = list_urls(args.urls)
    for kind in kinds(args.databases):
        print(f"{kind}:")
        with database(kind, folder) as url:
            began = time.perf_counter()
            fill(folder, url, args.events)
            print(f"filled {args.events} events in {time.perf_counter() - began:.1f} s")
            run_pages(folder, url, urls, args)


def run_pages(folder: Path, url: str, urls: list[str], args: argparse.Namespace) -> None:
    process, port = serve(folder, url)
    try:
        measure(port, "/healthz", 20, args.clients)  # both workers up and warm
        first = measure(port, urls, len(urls), args.clients)  # each URL once: all misses
        trivial = measure(port, "/healthz", args.requests, args.clients)
        listing = measure(port, urls, args.requests, args.clients)
        report("/healthz", trivial, trivial)
        report(f"{len(urls)} list URLs, first request of each", first, trivial)
        report(f"{len(urls)} list URLs in turn, {args.requests} requests", listing, trivial)
        print("goals (the URLs in turn): rps ratio >= 0.50, p99 ratio <= 2.00")
    finally:
        process.terminate()
        process.wait(10)


if __name__ == "__main__":
    main()
