"""Both locales in a real browser; the language switch keeps the page and its query."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner

pytestmark = pytest.mark.browser
# The README's screenshots are written by tests/core/test_pages_in_browser.py on every run.


@pytest.fixture
def demo_site(app: Flask, runner: FlaskCliRunner, live_server: str) -> str:
    app.config["HUIJU_PUBLIC_URL"] = live_server  # the demo fetches its feeds from the live app
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    return live_server


def test_both_locales_render(page, demo_site: str) -> None:
    page.set_viewport_size({"width": 1100, "height": 760})
    page.goto(f"{demo_site}/en/events")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Events"
    assert page.locator(".event-card").count() > 5
    page.goto(f"{demo_site}/zh/events")
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert page.locator("h1").inner_text() == "活动"
    assert "长阳创谷" in page.locator("main").inner_text()


def test_switch_keeps_the_page_and_query(page, demo_site: str) -> None:
    page.goto(f"{demo_site}/en/events?page=2")
    page.get_by_role("link", name="中文").click()
    page.wait_for_url("**/zh/events?page=2")
    assert page.locator("h1").inner_text() == "活动"
    page.get_by_role("link", name="English").click()
    page.wait_for_url("**/en/events?page=2")


def test_keyboard_users_can_skip_to_content(page, demo_site: str) -> None:
    page.goto(f"{demo_site}/en/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Skip to content"
