"""Benchmark: the network's data endpoint against a trivial page of the same app.

Usage (from the project root)::

    python bench/graph_page.py [--partners 2000] [--links 10000] [--requests 300]
                               [--databases sqlite,postgresql]

Fills a throw-away database (SQLite, then PostgreSQL: see ``bench/graph_stats.py``) with a
seeded network, serves the app with werkzeug on 127.0.0.1 and then, in the same run, times

* the first ``/api/v1/graph`` (builds the snapshot: layout and measures) and the first
  and second ``/<lang>/network`` page;
* the first ``/<lang>/network`` page a staff member sees, which adds exact betweenness and
  the Delta-overseas brokers, computed within the request (the page must never say the
  measures are "still being computed");
* a bounded loop of ``/api/v1/graph`` revalidations with ``If-None-Match`` (unchanged
  data: 304) against the same number of ``/healthz`` requests, alternating blocks.

Both loops open one connection per request, one client thread, so the ratio compares the
work each endpoint does, not the transport. The target is endpoint/healthz >= 0.8.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import sys
import tempfile
import threading
import time
import urllib.parse
from datetime import date
from pathlib import Path

from sqlalchemy import insert
from werkzeug.serving import make_server

os.environ.setdefault("HUIJU_INSTANCE_PATH", tempfile.mkdtemp(prefix="huiju-bench-"))
os.environ["HUIJU_SCHEDULER"] = "off"

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.graph_stats import database
from core.app import create_app
from core.extensions import db
from core.models import User
from core.passwords import hash_password
from partners.models import Link, Partner

REGIONS = ("shanghai", "jiangsu", "zhejiang", "anhui")
TARGET_RATIO = 0.8
STAFF, PASSWORD = "bench@example.org", "bench-password-1"


def fill(partners: int, links: int, seed: int = 7) -> None:
    """A seeded network: one partner in ten overseas, random weights and start years."""
    rng = random.Random(seed)
    db.session.execute(insert(Partner), [_partner(n, rng) for n in range(1, partners + 1)])
    pairs = set()
    while len(pairs) < links:
        a, b = rng.sample(range(1, partners + 1), 2)
        pairs.add((min(a, b), max(a, b)))
    rows = [
        {
            "source_id": a,
            "target_id": b,
            "kind": "mou",
            "weight": float(rng.randint(1, 5)),
            "since": date(rng.randint(2015, 2025), 1, 1),
        }
        for a, b in sorted(pairs)
    ]
    db.session.execute(insert(Link), rows)
    db.session.add(User(email=STAFF, role="staff", password_hash=hash_password(PASSWORD)))
    db.session.commit()


def _partner(n: int, rng: random.Random) -> dict:
    region = "overseas" if rng.random() < 0.1 else rng.choice(REGIONS)
    return {
        "id": n,
        "slug": f"p{n}",
        "name_en": f"Partner {n}",
        "name_zh": f"伙伴{n}",
        "kind": "park",
        "region": region,
        "country": "CN" if region != "overseas" else "FI",
        "joined_on": date(rng.randint(2015, 2025), 1, 1),
    }


def get(port: int, path: str, headers: dict | None = None) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    response.body = response.read()  # type: ignore[attr-defined]
    connection.close()
    return response


def timed(call) -> tuple[float, object]:
    started = time.perf_counter()
    result = call()
    return time.perf_counter() - started, result


def loop(port: int, path: str, headers: dict, count: int, status: int) -> float:
    """Seconds for ``count`` sequential requests, each checked for ``status``."""
    started = time.perf_counter()
    for _ in range(count):
        response = get(port, path, headers)
        assert response.status == status, (path, response.status)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--partners", type=int, default=2000)
    parser.add_argument("--links", type=int, default=10000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--databases", default="sqlite,postgresql")
    args = parser.parse_args()
    for kind in args.databases.split(","):
        with (
            tempfile.TemporaryDirectory(prefix="huiju-bench-db-") as tmp,
            database(kind, Path(tmp)) as url,
        ):
            print(f"--- {kind}")
            serve(url, args)


def serve(url: str, args: argparse.Namespace) -> None:
    """Fill the database at ``url``, serve the app on 127.0.0.1 and report."""
    config = {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "b", "WTF_CSRF_ENABLED": False}
    app = create_app(config)
    with app.app_context():
        db.create_all()
        fill(args.partners, args.links)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        report(server.server_port, args)
        staff_page(server.server_port)
    finally:
        server.shutdown()
        with app.app_context():
            db.engine.dispose()


def staff_page(port: int) -> None:
    """Log in as staff and time the first network page with the analysis for staff."""
    form = urllib.parse.urlencode({"email": STAFF, "password": PASSWORD})
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    connection.request("POST", "/en/login", body=form, headers=headers)
    response = connection.getresponse()
    response.read()
    cookie = response.getheader("Set-Cookie", "").split(";", 1)[0]
    assert response.status in (302, 303) and cookie, ("login failed", response.status)
    seconds, page = timed(lambda: get(port, "/en/network", {"Cookie": cookie}))
    body = page.body.decode()
    assert page.status == 200 and "Analysis for staff" in body, page.status
    assert "still being computed" not in body
    print(f"first staff /en/network {seconds:5.2f}s  (betweenness and brokers in the request)")


def report(port: int, args: argparse.Namespace) -> None:
    cold, first = timed(lambda: get(port, "/api/v1/graph"))
    etag = first.getheader("ETag")
    page_cold, _ = timed(lambda: get(port, "/en/network"))
    page_warm, page = timed(lambda: get(port, "/en/network"))
    print(f"network {args.partners} partners / {args.links} links")
    print(f"first /api/v1/graph   {cold:7.2f}s  ({len(first.body)} bytes, builds the snapshot)")
    print(
        f"first /en/network     {page_cold:7.2f}s  second {page_warm:.2f}s ({len(page.body)} bytes)"
    )
    blocks, per_block = 4, max(1, args.requests // 4)
    api = health = 0.0
    for block in range(blocks):  # alternate who goes first: neither side gets a warmer cache
        pair = [
            ("api", "/api/v1/graph", {"If-None-Match": etag}, 304),
            ("health", "/healthz", {}, 200),
        ]
        for name, path, headers, status in pair if block % 2 == 0 else reversed(pair):
            seconds = loop(port, path, headers, per_block, status)
            api, health = (api + seconds, health) if name == "api" else (api, health + seconds)
    total = blocks * per_block
    ratio = (total / api) / (total / health)
    verdict = "ok" if ratio >= TARGET_RATIO else "SLOW"
    print(f"/api/v1/graph (304)   {total / api:7.0f} req/s")
    print(f"/healthz              {total / health:7.0f} req/s")
    print(f"ratio                 {ratio:7.2f}  >= {TARGET_RATIO} {verdict}")


if __name__ == "__main__":
    main()
