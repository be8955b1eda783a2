"""Pull syncs, pushes, sign-ins and page loads at once against a real threaded server.

Run on both databases; SQLite is the one that failed. It lets one connection write at a time,
and a writer waits at most the busy timeout. So no GET may write (an export storing the blocks
it rendered queued behind every sync), and no sync may hold the write lock while it parses (a
push parsed its body after its token's use was flushed, a pull sync after its validators
were): either made sign-ins and feed requests answer 500 "database is locked".

How fast this machine parses must not decide the outcome, so each parse is held until a
sign-in and a feed export have been answered while it was under way: a parse that held the
write lock made both wait out the busy timeout and fail, every time. The assertions are about
answers only, never about durations.
"""

from __future__ import annotations

import itertools
import queue
import threading
import urllib.error
import urllib.request
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from pytest_httpserver import HTTPServer
from sqlalchemy import text
from werkzeug import Request, Response

from core.extensions import db
from federation import sync
from federation.models import FeedSource
from federation.operations import add_pull_feed, create_token, upload_feed
from federation.scheduler import warm_exports
from tests import calendars
from tests.factories import PASSWORD, make_partner, make_user

EVENTS = 600  # per body; the gate, not the size, makes requests meet a parse
ROUNDS = 2  # bodies each writer applies; every round renames every event
MAX_REQUESTS = 25  # per browsing thread: bounded even if the writers were to hang
GATE_SECONDS = 120.0  # only a bound, in case a request never came back
START = datetime.now(UTC).replace(hour=9, minute=0, second=0, microsecond=0) + timedelta(days=2)
PAGES = ("/en/events", "/feeds/all.ics", "/zh/events", "/en/partners", "/feeds/all.ics?lang=zh")
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def calendar(prefix: str, title: str, place: str) -> bytes:
    """``EVENTS`` events with a place and a description, one an hour. The two feeds' titles
    differ enough that their events are not duplicates of each other."""
    return calendars.calendar(
        *(
            calendars.vevent(
                f"{prefix}-{i}@test",
                START + timedelta(hours=i),
                duration="PT1H",
                summary=title,
                location=f"Room {i % 40}, {place}",
                description=f"Founders meet investors, session {i}.",
            )
            for i in range(EVENTS)
        )
    )


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None  # a sign-in's 302 is its answer


OPENER = urllib.request.build_opener(NoRedirect)


def status_of(url: str, data: bytes | None = None, method: str = "GET", **headers: str) -> int:
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with OPENER.open(request, timeout=120) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


class ParseGate:
    """Stands in for ``federation.sync.prepare``: each parse waits until ``release`` is called
    for it (by a thread that made requests meanwhile), or ``GATE_SECONDS`` passed."""

    def __init__(self) -> None:
        self.parsing: queue.Queue[threading.Event] = queue.Queue()
        self.original = sync.prepare

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        released = threading.Event()
        self.parsing.put(released)
        released.wait(GATE_SECONDS)
        return self.original(*args, **kwargs)


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> ParseGate:
    gate = ParseGate()
    monkeypatch.setattr(sync, "prepare", gate)
    return gate


@pytest.fixture
def world(app: Flask, httpserver: HTTPServer) -> dict[str, Any]:
    """A pull feed served by a local server (new titles each fetch), a push feed with its
    token, and a staff account to sign in with."""
    rounds = itertools.count()

    def next_body(_request: Request) -> Response:
        body = calendar("pull", f"Founders salon 创业沙龙 · take {next(rounds)}", "长阳创谷")
        return Response(body, content_type="text/calendar; charset=utf-8")

    httpserver.expect_request("/programme.ics").respond_with_handler(next_body)
    pull = add_pull_feed(make_partner("pull-park"), httpserver.url_for("/programme.ics"))
    pushed = upload_feed(make_partner("push-park"), "cms.ics", source=FeedSource.PUSH)
    token = create_token(pushed.partner, name="CMS")
    user = make_user("ann@example.org", role="staff")
    db.session.commit()
    return {"pull": pull.id, "push": pushed.id, "token": token.raw, "email": user.email}


class Load:
    """The jobs run at once, and what each was answered."""

    def __init__(self, app: Flask, base: str, world: dict[str, Any], gate: ParseGate) -> None:
        self.app, self.base, self.world, self.gate = app, base, world, gate
        self.syncs: list[str] = []
        self.pushes: list[int] = []
        self.sign_ins: list[int] = []
        self.pages: list[tuple[str, int]] = []
        self.writing = threading.Event()

    def pull_and_warm(self) -> None:
        """What a scheduler tick does for a due feed: sync it, then render the export blocks."""
        with self.app.app_context():
            for _ in range(ROUNDS):
                result = sync.sync_feed(self.world["pull"], trigger="schedule", force=True)
                self.syncs.append(result.error or result.status)
                db.session.remove()
                warm_exports(self.app)

    def push(self) -> None:
        url = f"{self.base}/api/v1/feeds/{self.world['push']}/ics"
        headers = {
            "Authorization": f"Bearer {self.world['token']}",
            "Content-Type": "text/calendar; charset=utf-8",
        }
        for round_ in range(ROUNDS):
            body = calendar("push", f"Investor office hours 投资人答疑 · take {round_}", "KIC")
            self.pushes.append(status_of(url, body, "PUT", **headers))

    def sign_in(self) -> None:
        form = f"email={self.world['email']}&password={PASSWORD.replace(' ', '+')}".encode()
        self.sign_ins.append(status_of(f"{self.base}/en/login", form, "POST", **FORM))

    def load_page(self, path: str) -> None:
        self.pages.append((path, status_of(self.base + path)))

    def during_each_parse(self) -> None:
        """A sign-in and a feed export while a parse is under way, then let the parse go on."""
        while self.writing.is_set() or not self.gate.parsing.empty():
            try:
                released = self.gate.parsing.get(timeout=0.1)
            except queue.Empty:
                continue
            self.sign_in()
            self.load_page("/feeds/all.ics")
            released.set()

    def browse(self, offset: int) -> None:
        for n in range(MAX_REQUESTS):
            if not self.writing.is_set():
                return
            self.load_page(PAGES[(offset + n) % len(PAGES)])
            if n % 5 == 4:
                self.sign_in()

    def writers(self) -> None:
        run_all([self.pull_and_warm, self.push])
        self.writing.clear()

    def run(self) -> None:
        self.writing.set()
        run_all(
            [self.writers, self.during_each_parse, lambda: self.browse(0), lambda: self.browse(2)]
        )


def run_all(jobs: list[Callable[[], None]]) -> None:
    threads = [threading.Thread(target=job) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(600)
    assert not any(thread.is_alive() for thread in threads), "a request never came back"


def test_syncs_pushes_sign_ins_and_page_loads_at_once_never_answer_5xx(
    app: Flask, live_server: str, world: dict[str, Any], gate: ParseGate
) -> None:
    if db.engine.dialect.name == "sqlite":
        assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert db.session.execute(text("PRAGMA busy_timeout")).scalar() == 30_000
    db.session.commit()
    load = Load(app, live_server, world, gate)
    load.run()
    assert [(path, status) for path, status in load.pages if status >= 500] == []
    assert [status for status in load.sign_ins if status != 302] == []
    assert (load.pushes, load.syncs) == ([200] * ROUNDS, ["ok"] * ROUNDS)
    assert {status for _path, status in load.pages} == {200}
    assert len(load.sign_ins) >= 2 * ROUNDS  # one at least during each parse
