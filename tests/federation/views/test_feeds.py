"""The feed-health pages as staff and partner users see them (real database, real HTTP)."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from playwright.sync_api import expect
from pytest_httpserver import HTTPServer
from sqlalchemy import func, select

from core.db_types import utcnow
from core.extensions import db
from core.models import AuditEntry
from events.models import Event
from federation.models import Feed, FeedStatus, SyncRun
from federation.operations import add_pull_feed, upload_feed
from federation.sync import apply_body
from tests.calendars import calendar
from tests.factories import PASSWORD, login, make_partner, make_user


def active_events(feed_id: int) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(Event)
        .where(Event.feed_id == feed_id, Event.removed_at.is_(None))
    )


def two_partners() -> tuple[Feed, Feed]:
    a = add_pull_feed(make_partner("kic"), "http://127.0.0.1:9/kic.ics")
    b = add_pull_feed(make_partner("changyang"), "http://127.0.0.1:9/changyang.ics")
    return a, b


def partner_user(client: FlaskClient, feed: Feed) -> None:
    user = make_user(role="partner", partner=feed.partner)
    db.session.commit()
    login(client, user)


def test_anonymous_visitors_are_sent_to_sign_in(client: FlaskClient) -> None:
    response = client.get("/en/feeds")
    assert response.status_code == 302 and "/en/login" in response.headers["Location"]


def test_partner_user_sees_and_manages_only_its_own_feeds(client: FlaskClient) -> None:
    own, other = two_partners()
    partner_user(client, own)
    page = client.get("/en/feeds").get_data(as_text=True)
    assert own.url in page and other.url not in page
    assert client.get(f"/en/feeds/{own.id}").status_code == 200
    assert client.get(f"/en/feeds/{other.id}").status_code == 404
    assert client.post(f"/en/feeds/{other.id}/sync").status_code == 404
    assert client.post(f"/en/feeds/{other.id}/disable").status_code == 404
    assert client.get(f"/en/feeds/{other.id}/remove").status_code == 404
    assert client.get("/en/feeds/99999").status_code == 404


def test_staff_see_every_feed_in_their_language(client: FlaskClient) -> None:
    own, other = two_partners()
    staff = make_user(role="staff")
    db.session.commit()
    login(client, staff)
    page = client.get("/zh/feeds").get_data(as_text=True)
    assert own.url in page and other.url in page
    assert own.partner.name_zh in page and other.partner.name_zh in page


def test_a_refused_address_is_shown_as_a_form_error(client: FlaskClient) -> None:
    feed, _ = two_partners()
    partner_user(client, feed)
    response = client.post(
        "/en/feeds", data={"url": "http://127.0.0.2:8080/x.ics", "language": "auto"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "This feed could not be added:" in page
    assert "127.0.0.2" in page
    assert db.session.scalar(select(func.count()).select_from(Feed)) == 2
    zh = client.post("/zh/feeds", data={"url": "http://127.0.0.2:8080/x.ics", "language": "auto"})
    assert "无法添加此日历源：日历源地址的主机 127.0.0.2 不是公网地址" in zh.get_data(as_text=True)


def test_a_partner_user_adds_a_feed_for_its_own_partner(client: FlaskClient) -> None:
    feed, other = two_partners()
    partner_user(client, feed)
    response = client.post(
        "/en/feeds",
        data={
            "partner": other.partner_id,
            "url": "http://127.0.0.1:9/new.ics",
            "language": "zh",
            "interval_minutes": "30",
        },
    )
    assert response.status_code == 302
    added = db.session.scalar(select(Feed).where(Feed.url == "http://127.0.0.1:9/new.ics"))
    assert (added.partner_id, added.language, added.interval_minutes) == (feed.partner_id, "zh", 30)
    assert db.session.scalar(
        select(AuditEntry).where(
            AuditEntry.action == "feed.add", AuditEntry.target_id == str(added.id)
        )
    )


def test_sync_now_imports_the_partners_events(client: FlaskClient, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/cal.ics").respond_with_data(
        calendar(3), content_type="text/calendar; charset=utf-8"
    )
    feed = add_pull_feed(make_partner("slush"), httpserver.url_for("/cal.ics"))
    partner_user(client, feed)
    response = client.post(f"/en/feeds/{feed.id}/sync", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Synced: 3 added, 0 updated, 0 removed, 0 unchanged." in page
    assert active_events(feed.id) == 3
    assert 'class="status status-ok"' in page
    detail = client.get(f"/zh/feeds/{feed.id}").get_data(as_text=True)
    assert "<svg" in detail and 'class="bar outcome-ok"' in detail


def test_a_held_feed_is_applied_once_confirmed(client: FlaskClient) -> None:
    feed = upload_feed(make_partner("nordic"), "events.ics")
    db.session.commit()
    apply_body(feed, calendar(4), charset=None, trigger="upload", now=utcnow())
    apply_body(feed, calendar(1), charset=None, trigger="upload", now=utcnow())
    assert feed.status == FeedStatus.HELD and active_events(feed.id) == 4
    staff = make_user(role="staff")
    db.session.commit()
    login(client, staff)
    assert "instead of 4" in client.get(f"/en/feeds/{feed.id}").get_data(as_text=True)
    client.post(f"/en/feeds/{feed.id}/confirm")
    db.session.expire_all()
    assert active_events(feed.id) == 1
    assert db.session.get(Feed, feed.id).status == FeedStatus.OK
    assert (
        db.session.scalar(select(SyncRun.trigger).order_by(SyncRun.id.desc()).limit(1)) == "confirm"
    )


def test_disable_enable_and_remove_are_audited(client: FlaskClient) -> None:
    feed, _ = two_partners()
    partner_user(client, feed)
    client.post(f"/en/feeds/{feed.id}/disable")
    db.session.expire_all()
    assert (feed.enabled, feed.status) == (False, FeedStatus.DISABLED)
    client.post(f"/en/feeds/{feed.id}/enable")
    db.session.expire_all()
    assert (feed.enabled, feed.status) == (True, FeedStatus.NEW)
    confirm = client.get(f"/en/feeds/{feed.id}/remove").get_data(as_text=True)
    assert "Remove this feed?" in confirm
    assert client.post(f"/en/feeds/{feed.id}/remove").status_code == 302
    db.session.expire_all()
    assert db.session.get(Feed, feed.id) is None
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {"feed.disable", "feed.enable", "feed.remove"} <= actions


@pytest.mark.browser
def test_staff_confirm_a_held_feed_in_the_browser(live_server: str, page) -> None:
    feed = upload_feed(make_partner("nordic-innovation"), "nordic.ics")
    staff = make_user(role="staff")
    db.session.commit()
    apply_body(feed, calendar(4), charset=None, trigger="upload", now=utcnow())
    apply_body(feed, calendar(1), charset=None, trigger="upload", now=utcnow())
    csp_violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            csp_violations.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    page.goto(f"{live_server}/zh/login")
    page.fill("input[name=email]", staff.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.goto(f"{live_server}/zh/feeds")
    page.click(f"#feed-{feed.id} a")
    # A click waits for the next page to start, not to finish: expect() waits for the bars.
    expect(page.locator(".history-chart rect.bar")).to_have_count(2)
    page.click(".notice-held button[type=submit]")
    expect(page.locator(".status-ok").first).to_be_visible()
    assert csp_violations == []


def test_skipped_components_are_explained_in_the_readers_language(client: FlaskClient) -> None:
    from tests.calendars import vevent

    feed = upload_feed(make_partner("hefei"), "events.ics")
    db.session.commit()
    body = calendar(
        vevent("no-start", None, summary="Roadshow"),
        vevent("bad-date", "2026-12-01", summary="Salon"),
        vevent("kept", "20261201T100000Z", summary="Demo day"),
    )
    result = apply_body(feed, body, charset=None, trigger="upload", now=utcnow())
    # The CLI and the JSON API keep the English sentences they always printed.
    assert {s["reason"] for s in result.as_json()["skipped"]} == {
        "no DTSTART",
        "DTSTART is not a valid date (2026-12-01)",
    }
    staff = make_user(role="staff")
    db.session.commit()
    login(client, staff)
    chinese = client.get(f"/zh/feeds/{feed.id}").get_data(as_text=True)
    assert "缺少开始时间（DTSTART）" in chinese
    assert "DTSTART 不是有效的日期（2026-12-01）" in chinese
    english = client.get(f"/en/feeds/{feed.id}").get_data(as_text=True)
    assert "no DTSTART" in english and "is not a valid date (2026-12-01)" in english
