"""The embeddable calendar: a partner's, a region's or any filter's upcoming events, framable
by other sites (its own frame-ancestors) while every other page refuses to be framed; and the
snippet generator on the partner page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pytest_httpserver import HTTPServer

from core.db_types import utcnow
from core.extensions import db
from tests.factories import make_event, make_feed, make_partner


@pytest.fixture
def park(app):
    partner = make_partner("innospace", name_en="InnoSpace", name_zh="创智空间", region="shanghai")
    other = make_partner("nordic-hub", region="overseas", country="FI")
    soon = utcnow() + timedelta(days=4)
    make_event(make_feed(partner), start=soon, title_zh="创业者午餐会", title_en="Founders lunch")
    make_event(make_feed(other), start=soon, title_en="Sauna pitching", title_zh="")
    db.session.commit()
    return partner


def test_embed_pages_list_upcoming_events_in_either_language(client, park) -> None:
    zh = client.get("/embed/zh/partners/innospace").get_data(as_text=True)
    assert "创业者午餐会" in zh and "Sauna pitching" not in zh and "<script" not in zh
    en = client.get("/embed/en/partners/innospace").get_data(as_text=True)
    assert "Founders lunch" in en
    region = client.get("/embed/en/regions/overseas").get_data(as_text=True)
    assert "Sauna pitching" in region and "Founders lunch" not in region
    searched = client.get("/embed/zh/events?q=午餐").get_data(as_text=True)
    assert "创业者午餐会" in searched and "Sauna pitching" not in searched
    assert client.get("/embed/en/partners/nobody").status_code == 404
    assert client.get("/embed/en/regions/mars").status_code == 404
    assert client.get("/embed/en/events?when=someday").status_code == 400


def test_only_embed_pages_may_be_framed(client, park) -> None:
    embed = client.get("/embed/en/partners/innospace")
    assert "frame-ancestors *" in embed.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in embed.headers
    for url in ("/en/events", "/en/partners/innospace", "/en/login"):
        response = client.get(url)
        assert response.headers["X-Frame-Options"] == "DENY"
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize("app_config", [{"HUIJU_EMBED_FRAME_ANCESTORS": "https://park.example"}])
def test_the_embedding_sites_are_configurable(client, park, app_config) -> None:
    policy = client.get("/embed/zh/events").headers["Content-Security-Policy"]
    assert "frame-ancestors https://park.example" in policy


def test_the_partner_page_generates_the_snippet(client, park) -> None:
    page = client.get("/en/partners/innospace?embed_lang=en&embed_count=5").get_data(as_text=True)
    assert (
        "&lt;iframe src=&#34;http://localhost/embed/en/partners/innospace?per_page=5&#34;" in page
    )


@pytest.mark.browser
def test_the_embed_renders_in_another_origins_iframe_and_other_pages_do_not(
    page, park, live_server, httpserver: HTTPServer
) -> None:
    host = (
        f'<iframe id="calendar" src="{live_server}/embed/zh/partners/innospace"></iframe>'
        f'<iframe id="list" src="{live_server}/zh/events"></iframe>'
    )
    httpserver.expect_request("/").respond_with_data(host, content_type="text/html")
    assert httpserver.host == "localhost" and "127.0.0.1" in live_server  # two origins
    page.goto(httpserver.url_for("/"))
    calendar = page.frame_locator("#calendar")
    assert "创业者午餐会" in calendar.locator(".embed-list").inner_text()
    framed = [f for f in page.frames if f.url.startswith(live_server)]
    assert [f.url for f in framed] == [f"{live_server}/embed/zh/partners/innospace"]
    refused = page.frame_locator("#list").locator("body")
    assert "创业者午餐会" not in refused.inner_text()
