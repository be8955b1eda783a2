"""A real CalDAV server (Radicale on 127.0.0.1) accepts every exported event by PUT."""

from __future__ import annotations

import http.client
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import icalendar
import pytest

from core.db_types import utcnow
from core.extensions import db
from events import ical
from tests.factories import make_event, make_feed


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _request(port: int, method: str, path: str, body: str = "", headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(
            method,
            path,
            body=body.encode(),
            headers={"Authorization": "Basic aHVpanU6eA==", **(headers or {})},
        )
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


@pytest.fixture
def radicale(tmp_path: Path) -> Iterator[int]:
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "radicale",
            "--server-hosts",
            f"127.0.0.1:{port}",
            "--auth-type",
            "none",
            "--rights-type",
            "authenticated",
            "--storage-filesystem-folder",
            str(tmp_path / "collections"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):  # wait until it listens (a readiness poll, not a timing assertion)
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield port
    finally:
        process.terminate()
        process.wait(10)


def _resources(feed_text: str) -> list[str]:
    """One CalDAV resource per exported VEVENT, with the VTIMEZONE it uses.

    Occurrences of a series travel as separate overrides (RECURRENCE-ID, no master): Radicale
    accepts a lone override as a resource's main component.
    """
    calendar = icalendar.Calendar.from_ical(feed_text)
    head = ical.header("test")
    resources = []
    for vevent in calendar.walk("VEVENT"):
        tzid = vevent["DTSTART"].params.get("TZID")
        resources.append(
            "".join(ical.assemble(head, [str(tzid)] if tzid else [], [vevent.to_ical().decode()]))
        )
    return resources


def test_radicale_accepts_every_exported_event(client, radicale) -> None:
    feed = make_feed()
    make_event(
        feed,
        start=datetime(2030, 6, 10, 2, tzinfo=UTC),
        title_en="Slush Shanghai",
        title_zh="Slush 上海",
        description_en="Line one\nLine two; with, commas",
    )
    make_event(
        feed,
        start=datetime(2030, 6, 10, 2, tzinfo=UTC),
        tzid="America/Los_Angeles",
        title_en="Bay Area Council mixer",
        url="https://example.org/mixer",
    )
    make_event(feed, all_day_on=date(2030, 6, 12), days=3, title_zh="长三角双创周", title_en="")
    for day in (1, 8):
        make_event(
            feed,
            uid="series@example.org",
            recurrence_id=f"203007{day:02d}T020000Z",
            start=datetime(2030, 7, day, 2, tzinfo=UTC),
            title_en="Office hours",
        )
    make_event(feed, title_en="Gone", removed_at=utcnow() - timedelta(days=1), status="cancelled")
    db.session.commit()
    for lang in ("en", "zh"):
        resources = _resources(client.get(f"/feeds/all.ics?lang={lang}").get_data(as_text=True))
        assert len(resources) == 6
        for n, text in enumerate(resources):
            # A collection each: two occurrences of one series share their UID (see report).
            assert _request(radicale, "MKCALENDAR", f"/huiju/{lang}-{n}/")[0] == 201
            status, body = _request(
                radicale,
                "PUT",
                f"/huiju/{lang}-{n}/event.ics",
                text,
                {"Content-Type": "text/calendar; charset=utf-8"},
            )
            assert status == 201, body  # created: each collection is new and empty
    status, body = _request(radicale, "GET", "/huiju/zh-0/event.ics")
    assert status == 200 and "BEGIN:VEVENT" in body
