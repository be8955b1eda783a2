"""Benchmark: /feeds/all.ics of 10,000 events against icalendar's bare build-and-serialise.

Usage (from the project root)::

    python bench/export_feed.py [--events 10000] [--requests 400] [--clients 4]
                                [--databases sqlite,postgresql]

In the same run, on SQLite and then on a fresh PostgreSQL database, each against icalendar
building a Calendar of the same 10,000 events and serialising it (``to_ical``):

* the cold export, two headlines: the first ``GET /feeds/all.ics`` from gunicorn while the
  events are stored as a sync leaves them, without VEVENT blocks (the request renders them in
  memory), and in process ``events.export.warm_chunks`` (what the scheduler runs after syncs:
  renders both languages' blocks and stores them) followed by ``events.export.build``;
* the warm export, assembled from the stored VEVENT blocks (``events.export.build``: one query
  and a string join, not cached as a whole) — goal: ratio <= 0.3;
* the full feed served by gunicorn (2 workers), warm, for reference;
* its revalidation (``If-None-Match`` → 304) against ``/healthz`` — goal: >= 80 % of req/s.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench/events_page.py
from databases import database, kinds
from events_page import _one, fill, measure, report, serve


def _best(function, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        function()
        times.append(time.perf_counter() - began)
    return min(times)


def in_process(folder: Path) -> tuple[float, float, float, str]:
    """(cold first build seconds, warm feed build seconds, icalendar build seconds, feed)."""
    import icalendar
    from sqlalchemy import select

    from core.app import create_app
    from core.db_types import utcnow
    from core.extensions import db
    from events import export, ical
    from events.criteria import EventFilter
    from events.models import Event

    app = create_app()
    with app.app_context():
        query = export.feed_query(EventFilter(when="all"), utcnow())
        began = time.perf_counter()
        sum(export.warm_chunks(export.all_missing(utcnow())))  # renders and stores the blocks
        db.session.commit()
        export.build(query, "en", "bench")
        cold = time.perf_counter() - began
        ours = _best(lambda: export.build(query, "en", "bench"))
        rows = db.session.scalars(select(Event)).all()  # loaded once: only build+serialise timed

        def bare() -> bytes:
            calendar = icalendar.Calendar()
            calendar.add("prodid", ical.PRODID)
            calendar.add("version", "2.0")
            for event in rows:
                calendar.add_component(ical.vevent(event, "en"))
            calendar.add_missing_timezones()
            return calendar.to_ical()

        theirs = _best(bare)
        return cold, ours, theirs, export.build(query, "en", "bench")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--databases", default="sqlite,postgresql")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="huiju-bench-export-"))
    for kind in kinds(args.databases):
        print(f"{kind}:")
        with database(kind, folder) as url:
            fill(folder, url, args.events)  # as a sync leaves them: no VEVENT blocks yet
            process, port = serve(folder, url)
            try:
                run(folder, port, args)
            finally:
                process.terminate()
                process.wait(10)


def run(folder: Path, port: int, args: argparse.Namespace) -> None:
    measure(port, "/healthz", 20, 2)  # both workers up
    cold_http = _one((port, "/feeds/all.ics", {}))  # no stored blocks yet
    cold, ours, theirs, text = in_process(folder)
    print(f"  feed of {args.events} events: {len(text) / 1e6:.1f} MB")
    print(f"  icalendar build+serialise          {theirs * 1000:8.1f} ms   (the baseline)")
    print(
        f"  cold export, first GET over HTTP   {cold_http * 1000:8.1f} ms   "
        f"ratio {cold_http / theirs:.2f}  (no stored blocks: the request renders them)"
    )
    print(
        f"  cold export, in process            {cold * 1000:8.1f} ms   "
        f"ratio {cold / theirs:.2f}  (renders and stores both languages' blocks, assembles)"
    )
    print(
        f"  warm export, in process            {ours * 1000:8.1f} ms   "
        f"ratio {ours / theirs:.2f}  (assembled from stored blocks; goal <= 0.30)"
    )
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", "/feeds/all.ics")
    response = connection.getresponse()
    response.read()
    etag = response.getheader("ETag")
    full = measure(port, "/feeds/all.ics", 20, 2)
    print(f"  warm full feed over HTTP: p50 {full['p50']:.0f} ms")
    for path in ("/feeds/all.ics", "/healthz"):
        measure(port, path, 20, args.clients, {"If-None-Match": etag})
    trivial = measure(port, "/healthz", args.requests, args.clients)
    revalidate = measure(
        port, "/feeds/all.ics", args.requests, args.clients, {"If-None-Match": etag}
    )
    report("  /healthz", trivial, trivial)
    report("  /feeds/all.ics (304 revalidation)", revalidate, trivial)
    print("  goal: revalidation rps ratio >= 0.80")


if __name__ == "__main__":
    main()
