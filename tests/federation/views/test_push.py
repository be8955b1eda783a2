"""``PUT /api/v1/feeds/<id>/ics``: a partner pushes its calendar with a bearer token."""

from __future__ import annotations

import http.client
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from core.extensions import db
from core.models import AuditEntry
from events.models import Event
from federation.models import Feed, FeedSource
from federation.operations import create_token, revoke_token, upload_feed
from federation.tokens import NewToken
from tests.calendars import calendar, vevent
from tests.factories import make_partner

ICS = "text/calendar; charset=utf-8"


@pytest.fixture
def feed(app: Flask) -> Feed:
    feed = upload_feed(make_partner("gew-china"), "gew.ics", source=FeedSource.PUSH)
    db.session.commit()
    return feed


@pytest.fixture
def token(feed: Feed) -> NewToken:
    new = create_token(feed.partner, name="CMS")
    db.session.commit()
    return new


def push(client: FlaskClient, feed_id: int, body: bytes, raw: str | None, content_type: str = ICS):
    headers = {"Authorization": f"Bearer {raw}"} if raw else {}
    return client.put(
        f"/api/v1/feeds/{feed_id}/ics", data=body, headers=headers, content_type=content_type
    )


def active_events(feed_id: int) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(Event)
        .where(Event.feed_id == feed_id, Event.removed_at.is_(None))
    )


def test_a_push_is_applied_and_summarised(client: FlaskClient, feed: Feed, token: NewToken) -> None:
    response = push(client, feed.id, calendar(3), token.raw)
    assert response.status_code == 200
    data = response.get_json()
    assert (data["feed_id"], data["status"], data["added"], data["skipped"]) == (
        feed.id,
        "ok",
        3,
        [],
    )
    assert active_events(feed.id) == 3
    db.session.expire_all()
    assert token.token.last_used_at is not None
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "feed.push"))
    assert entry.actor == f"token:{token.token.prefix}"
    again = push(client, feed.id, calendar(3), token.raw).get_json()
    assert (again["status"], again["unchanged"]) == ("unchanged", 3)


def test_a_push_counts_what_lies_outside_the_window(
    client: FlaskClient, feed: Feed, token: NewToken
) -> None:
    old = vevent("old", "20000105T100000Z", summary="Long ago", dtstamp="20000101T000000Z")
    data = push(client, feed.id, calendar(old, 2), token.raw).get_json()
    assert (data["added"], data["outside_window"]) == (2, 1)
    assert set(data["window"]) == {"start", "end"}


@pytest.mark.parametrize("authorization", [None, "Bearer hj_not-a-real-token", "Basic abc"])
def test_a_missing_or_bad_token_is_refused(
    client: FlaskClient, feed: Feed, authorization: str | None
) -> None:
    headers = {"Authorization": authorization} if authorization else {}
    response = client.put(
        f"/api/v1/feeds/{feed.id}/ics", data=calendar(1), headers=headers, content_type=ICS
    )
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert response.get_json()["error"]
    assert active_events(feed.id) == 0


def test_a_revoked_token_is_refused(client: FlaskClient, feed: Feed, token: NewToken) -> None:
    revoke_token(token.token)
    db.session.commit()
    assert push(client, feed.id, calendar(1), token.raw).status_code == 401


def test_another_partners_feed_answers_as_an_unknown_one(client: FlaskClient, feed: Feed) -> None:
    intruder = create_token(make_partner("intruder"))
    db.session.commit()
    response = push(client, feed.id, calendar(1), intruder.raw)
    assert response.status_code == 404 and "There is no feed" in response.get_json()["error"]
    assert push(client, 99999, calendar(1), intruder.raw).status_code == 404
    assert active_events(feed.id) == 0


def test_a_disabled_feed_refuses_pushes(client: FlaskClient, feed: Feed, token: NewToken) -> None:
    feed.enabled = False
    db.session.commit()
    assert push(client, feed.id, calendar(1), token.raw).status_code == 409


def test_only_calendars_are_accepted(client: FlaskClient, feed: Feed, token: NewToken) -> None:
    response = push(client, feed.id, calendar(1), token.raw, content_type="application/json")
    assert response.status_code == 415
    declared = push(
        client, feed.id, calendar(1), token.raw, content_type="text/calendar; charset=GB18030"
    )
    assert declared.status_code == 200


def test_an_unusable_calendar_is_422_and_changes_nothing(
    client: FlaskClient, feed: Feed, token: NewToken
) -> None:
    push(client, feed.id, calendar(2), token.raw)
    response = push(client, feed.id, b"this is not a calendar", token.raw)
    assert response.status_code == 422
    assert response.get_json()["status"] == "error" and response.get_json()["error"]
    assert active_events(feed.id) == 2


def test_a_drastic_shrink_is_held_with_202(
    client: FlaskClient, feed: Feed, token: NewToken
) -> None:
    push(client, feed.id, calendar(4), token.raw)
    response = push(client, feed.id, calendar(1), token.raw)
    assert response.status_code == 202 and response.get_json()["status"] == "held"
    assert active_events(feed.id) == 4


def test_a_body_over_the_cap_is_413(
    app: Flask, client: FlaskClient, feed: Feed, token: NewToken
) -> None:
    app.config["HUIJU_FEED_MAX_BYTES"] = 300
    response = push(client, feed.id, calendar(3), token.raw)
    assert response.status_code == 413 and "larger than 300 bytes" in response.get_json()["error"]
    assert active_events(feed.id) == 0


def test_a_chunked_body_without_length_is_capped_while_read(
    app: Flask, live_server: str, feed: Feed, token: NewToken
) -> None:
    app.config["HUIJU_FEED_MAX_BYTES"] = 300
    address = urlsplit(live_server)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
    chunks = iter([calendar(3)[i : i + 100] for i in range(0, len(calendar(3)), 100)])
    connection.request(
        "PUT",
        f"/api/v1/feeds/{feed.id}/ics",
        body=chunks,
        headers={"Authorization": f"Bearer {token.raw}", "Content-Type": ICS},
        encode_chunked=True,
    )
    response = connection.getresponse()
    assert response.status == 413
    connection.close()
    db.session.expire_all()
    assert db.session.get(Feed, feed.id).body_hash is None
