"""Visitors in a real browser: both locales, filters, Chinese search, month view, time zones."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from core.extensions import db
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
    assert page.locator(".event-card").count() == 1
    assert "创新创业大赛" in page.locator(".event-card").inner_text()
    page.goto(f"{base}/en/events")
    page.select_option("#f-region", "overseas")
    page.click("button.primary")
    assert "region=overseas" in page.url
    assert page.locator(".event-card").all_inner_texts() == [
        t for t in page.locator(".event-card").all_inner_texts() if "Founders breakfast" in t
    ]
    subscribe = page.locator("[data-subscribe=webcal]").get_attribute("href")
    assert subscribe.startswith("webcal://") and "region=overseas" in subscribe
    page.click("text=Month")
    assert page.locator("table.month-view").count() == 1
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
