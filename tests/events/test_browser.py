"""Visitors in a real browser: both locales, filters, Chinese search, month view, time zones;
and the demo world on a 390 px phone, with no page wider than the screen."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from playwright.sync_api import expect
from sqlalchemy import func, select
from werkzeug.serving import make_server

from core.app import create_app
from core.extensions import db
from events.models import Event
from tests.conftest import _empty_tables
from tests.factories import make_event, make_feed, make_partner

START = (datetime.now(UTC) + timedelta(days=3)).replace(hour=6, minute=0, second=0, microsecond=0)


@pytest.fixture
def site(live_server, app):
    kic = make_partner("kic", name_en="KIC", name_zh="创智天地", region="shanghai")
    sg = make_partner(
        "sg",
        name_en="Singapore Living Room",
        name_zh="新加坡城市会客厅",
        region="overseas",
        country="SG",
    )
    event = make_event(
        make_feed(kic),
        start=START,
        title_zh="创新创业大赛",
        title_en="Innovation and entrepreneurship contest",
    )
    make_event(make_feed(sg), start=START + timedelta(days=1), title_en="Founders breakfast")
    db.session.commit()
    return live_server, event


@pytest.mark.browser
def test_list_search_filter_month_and_detail(page, site) -> None:
    base, event = site
    page.goto(f"{base}/zh/events")
    assert page.locator("h1").inner_text() == "活动"
    page.fill("#f-q", "创业")
    page.click("button.primary")
    # A click waits for the next page to start, not to finish: expect() waits for it.
    expect(page).to_have_url(re.compile(r"[?&]q="))
    expect(page.locator(".event-card")).to_have_count(1)
    assert "创新创业大赛" in page.locator(".event-card").inner_text()
    page.goto(f"{base}/en/events")
    page.select_option("#f-region", "overseas")
    page.click("button.primary")
    expect(page).to_have_url(re.compile("region=overseas"))
    assert page.locator(".event-card").all_inner_texts() == [
        t for t in page.locator(".event-card").all_inner_texts() if "Founders breakfast" in t
    ]
    subscribe = page.locator("[data-subscribe=webcal]").get_attribute("href")
    assert subscribe.startswith("webcal://") and "region=overseas" in subscribe
    page.click("text=Month")
    expect(page.locator("table.month-view")).to_have_count(1)
    page.goto(f"{base}/en/events/{event.id}")
    assert "Innovation and entrepreneurship contest" in page.locator("h1").inner_text()
    assert (
        page.locator("[data-add=google]")
        .get_attribute("href")
        .startswith("https://calendar.google.com/")
    )


@pytest.mark.browser
def test_time_zone_detected_then_switched(browser, site) -> None:
    base, event = site
    context = browser.new_context(timezone_id="Europe/Berlin")
    try:
        page = context.new_page()
        page.goto(f"{base}/en/events/{event.id}")
        page.wait_for_selector(".event-when-local")  # events.js detected Berlin and reloaded
        assert "Berlin" in page.locator(".event-when-local").inner_text()
        with page.expect_navigation():
            page.select_option("[data-tz-select]", "America/New_York")
        assert "New York" in page.locator(".event-when-local").inner_text()
    finally:
        context.close()


@pytest.fixture(scope="module")
def demo_site(migrated: str) -> Iterator[tuple[str, Flask]]:
    """The demo world served on 127.0.0.1, loaded once for this module (kept last in the
    file: the function-scoped ``app`` of the tests above empties the tables)."""
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": migrated, "SECRET_KEY": "test-secret", "TESTING": True}
    )
    _empty_tables(app)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    base = f"http://127.0.0.1:{server.server_port}"
    app.config["HUIJU_PUBLIC_URL"] = base
    app.config["HUIJU_FEED_ALLOW_HOSTS"] = frozenset({"127.0.0.1", "localhost"})
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with app.app_context():
            assert app.test_cli_runner().invoke(args=["demo"]).exit_code == 0
            db.session.remove()
        yield base, app
    finally:
        server.shutdown()
        thread.join(5)
        _empty_tables(app)
        with app.app_context():
            db.engine.dispose()


def _phone_pages(app: Flask) -> list[str]:
    with app.app_context():
        event = db.session.scalars(
            select(Event).where(Event.removed_at.is_(None)).order_by(func.length(Event.url).desc())
        ).first()
        assert event is not None
        event_id = event.id
    return [
        f"/{lang}/{path}"
        for lang in ("en", "zh")
        for path in ("", "events", "events?view=month", f"events/{event_id}")
    ]


@pytest.mark.browser
def test_no_horizontal_overflow_on_a_phone(browser, demo_site) -> None:
    base, app = demo_site
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, timezone_id="Asia/Shanghai"
    )
    try:
        page = context.new_page()
        too_wide = {}
        for path in _phone_pages(app):
            page.goto(base + path)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 390:
                too_wide[path] = width
        assert too_wide == {}
        page.goto(f"{base}/en/events?view=month")
        assert page.locator(".month-agenda").is_visible()
        assert not page.locator("table.month-view").is_visible()
    finally:
        context.close()


@pytest.mark.browser
def test_filters_leave_empty_fields_out_of_the_url(page, demo_site) -> None:
    base, _app = demo_site
    page.goto(f"{base}/en/events")
    page.select_option("#f-mode", "online")
    page.click("button.primary")
    expect(page).to_have_url(f"{base}/en/events?mode=online")
    assert "Online" in page.locator(".filter-chips").inner_text()
