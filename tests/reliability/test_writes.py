"""Who writes when. No GET request writes, not even an export that finds VEVENT blocks missing;
no sync, push or upload parses a body while a write of its own is pending.

On SQLite one connection writes at a time and the others wait at most the busy timeout, so a
write hidden in a page load, or a write transaction kept open while thousands of events are
parsed, made unrelated requests fail with "database is locked" (tests/reliability/
test_concurrency.py shows it under load; these tests name the culprit).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from pytest_httpserver import HTTPServer
from sqlalchemy import event, select

from core.db_types import utcnow
from core.extensions import db
from events.models import Event
from federation import sync
from federation.models import FeedSource
from federation.operations import add_pull_feed, create_token, upload_feed
from federation.sync import apply_body
from partners.leads.calendar import issue_token
from partners.leads.operations import create_lead
from partners.models import Link
from tests.calendars import calendar
from tests.factories import login, make_partner, make_user
from tests.security.test_login import sample_url

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")
SKIPPED = {"/static/<path:filename>", "/demo/feeds/<name>.ics"}  # files, not the database


class WriteLog:
    """The INSERT, UPDATE and DELETE statements the engine runs, and whether one of them is
    still uncommitted (``pending``)."""

    def __init__(self) -> None:
        self.statements: list[str] = []
        self.pending = False

    def executed(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().upper().startswith(WRITES):
            self.statements.append(" ".join(statement.split())[:120])
            self.pending = True

    def ended(self, conn: Any) -> None:
        self.pending = False


@pytest.fixture
def writes(app: Flask) -> Iterator[WriteLog]:
    log = WriteLog()
    event.listen(db.engine, "before_cursor_execute", log.executed)
    event.listen(db.engine, "commit", log.ended)
    event.listen(db.engine, "rollback", log.ended)
    yield log
    event.remove(db.engine, "before_cursor_execute", log.executed)
    event.remove(db.engine, "commit", log.ended)
    event.remove(db.engine, "rollback", log.ended)


@pytest.fixture
def world(app: Flask) -> dict[str, Any]:
    """Two partners listing one event (a duplicate cluster) and a link between them, as a sync
    leaves them: no VEVENT block stored yet. A staff member with a lead and a calendar URL."""
    park, incubator = make_partner("changyang"), make_partner("kic")
    db.session.add(
        Link(source_id=park.id, target_id=incubator.id, kind="mou", since=date(2024, 1, 1))
    )
    staff = make_user("staff@example.org", role="staff")
    lead = create_lead({"organization_en": "Siemens", "source": "CIIE 2026"}, by=staff)
    secret = issue_token(staff)
    feeds = [upload_feed(p, f"{p.slug}.ics") for p in (park, incubator)]
    create_token(park, name="CMS")
    db.session.commit()
    for feed, count in zip(feeds, (5, 1), strict=True):
        assert (
            apply_body(feed, calendar(count), charset=None, trigger="import", now=utcnow()).status
            == "ok"
        )
    blocks = db.session.execute(select(Event.ics_en, Event.ics_zh)).all()
    assert len(blocks) == 6 and all(en is None and zh is None for en, zh in blocks)
    return {
        "staff": staff,
        "values": {
            "event_id": db.session.scalar(select(Event.id).order_by(Event.id)),
            "feed_id": feeds[0].id,
            "lead_id": lead.id,
            "link_id": db.session.scalar(select(Link.id)),
            "partner_id": park.id,
            "slug": park.slug,
            "token": secret,
            "fmt": "json",
        },
    }


def get_urls(app: Flask, values: dict[str, Any]) -> list[str]:
    """Every GET route in the URL map (pages other engineers add are covered too), in both
    languages, with the export feeds also asked for in Chinese and filtered."""
    urls = [
        sample_url(rule, {**values, "lang": lang})
        for rule in app.url_map.iter_rules()
        if "GET" in (rule.methods or ()) and rule.rule not in SKIPPED
        for lang in ("en", "zh")
    ]
    extra = ["/feeds/all.ics?lang=zh", f"/feeds/partners/{values['slug']}.ics?lang=zh"]
    return sorted(set(urls)) + extra + ["/feeds/events.ics?q=demo", "/en/events?q=demo"]


def test_no_get_request_writes_not_even_an_export_with_missing_blocks(
    app: Flask, client: FlaskClient, world: dict[str, Any], writes: WriteLog
) -> None:
    urls = get_urls(app, world["values"])
    written: dict[str, list[str]] = {}
    for visitor in ("anonymous", "staff"):
        if visitor == "staff":
            login(client, world["staff"])  # a POST: it may write
        for url in urls:
            writes.statements.clear()
            status = client.get(url).status_code
            assert status < 500, (url, status)
            if writes.statements:
                written[f"{visitor} {url}"] = writes.statements[:]
    assert written == {}
    assert client.get("/feeds/all.ics").data.count(b"BEGIN:VEVENT") == 5  # rendered, not kept
    assert db.session.scalar(select(Event.id).where(Event.ics_en.is_not(None))) is None


class PrepareWatch:
    """Wraps ``federation.sync.prepare``: notes whether a write was pending when it ran."""

    def __init__(self, writes: WriteLog) -> None:
        self.writes, self.calls, self.pending = writes, 0, []
        self.original = sync.prepare

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        if self.writes.pending:
            self.pending.append(self.writes.statements[-1])
        return self.original(*args, **kwargs)


@pytest.fixture
def watch(writes: WriteLog, monkeypatch: pytest.MonkeyPatch) -> PrepareWatch:
    watch = PrepareWatch(writes)
    monkeypatch.setattr(sync, "prepare", watch)
    return watch


def test_a_push_parses_before_it_writes(client: FlaskClient, watch: PrepareWatch) -> None:
    feed = upload_feed(make_partner("gew"), "gew.ics", source=FeedSource.PUSH)
    token = create_token(feed.partner, name="CMS")
    db.session.commit()
    response = client.put(
        f"/api/v1/feeds/{feed.id}/ics",
        data=calendar(3),
        headers={"Authorization": f"Bearer {token.raw}"},
        content_type="text/calendar; charset=utf-8",
    )
    assert response.status_code == 200 and response.get_json()["added"] == 3
    assert (watch.calls, watch.pending) == (1, [])
    db.session.expire_all()
    assert token.token.last_used_at is not None  # noted, after the apply


def test_an_upload_parses_before_it_writes(client: FlaskClient, watch: PrepareWatch) -> None:
    staff = make_user(role="staff")
    partner = make_partner("kic")
    db.session.commit()
    login(client, staff)
    response = client.post(
        "/en/feeds/upload",
        data={
            "partner": partner.id,
            "language": "auto",
            "calendar": (io.BytesIO(calendar(3)), "kic.ics"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    assert (watch.calls, watch.pending) == (1, [])


def test_a_pull_sync_parses_before_it_writes_and_the_cli_warms_the_exports(
    runner: FlaskCliRunner, httpserver: HTTPServer, watch: PrepareWatch
) -> None:
    httpserver.expect_request("/cal.ics").respond_with_data(
        calendar(3), content_type="text/calendar", headers={"ETag": '"v1"'}
    )
    feed = add_pull_feed(make_partner("slush"), httpserver.url_for("/cal.ics"))
    db.session.commit()
    result = runner.invoke(args=["feeds", "sync", str(feed.id), "--json"])
    assert result.exit_code == 0, result.output
    assert (watch.calls, watch.pending) == (1, [])
    db.session.expire_all()
    assert feed.etag == '"v1"'  # kept with the applied body
    blocks = db.session.execute(select(Event.ics_en, Event.ics_zh)).all()
    assert len(blocks) == 3 and all(en and zh for en, zh in blocks)


def test_a_cli_import_parses_before_it_writes_and_warms_the_exports(
    runner: FlaskCliRunner, watch: PrepareWatch, tmp_path: Any
) -> None:
    make_partner("kic")
    db.session.commit()
    path = tmp_path / "programme.ics"
    path.write_bytes(calendar(3))
    result = runner.invoke(args=["feeds", "import", "kic", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert (watch.calls, watch.pending) == (1, [])
    db.session.expire_all()
    blocks = db.session.execute(select(Event.ics_en, Event.ics_zh)).all()
    assert len(blocks) == 3 and all(en and zh for en, zh in blocks)
