"""The partner directory: search in both languages, filters, event counts and previews."""

from datetime import timedelta

import pytest
from flask.testing import FlaskClient

from core.db_types import utcnow
from core.extensions import db
from tests.factories import make_event, make_feed, make_partner


@pytest.fixture
def world(app) -> None:
    park = make_partner(
        "changyang-campus", name_en="Changyang Campus", name_zh="长阳创谷", kind="park"
    )
    make_partner(
        "singapore-room",
        name_en="Singapore City Living Room",
        name_zh="新加坡城市客厅",
        kind="international",
        region="overseas",
        country="SG",
        city_en="Singapore",
        city_zh="新加坡",
    )
    make_partner("suzhou-base", name_en="Suzhou Base", name_zh="苏州示范基地", region="jiangsu")
    feed = make_feed(park)
    soon = utcnow() + timedelta(days=2)
    make_event(feed, title_en="Demo day", start=soon)
    make_event(feed, title_en="Founders' breakfast", start=soon + timedelta(days=1))
    make_event(feed, title_en="Hardware salon", start=soon + timedelta(days=9))
    make_event(feed, title_en="Called-off talk", start=soon, status="cancelled")
    make_event(feed, title_en="Old salon", start=utcnow() - timedelta(days=30))
    db.session.commit()


def _cards(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_search_finds_names_in_either_language(client: FlaskClient, world: None) -> None:
    for url in ("/en/partners?q=changyang", "/en/partners?q=长阳", "/zh/partners?q=创谷"):
        html = _cards(client, url)
        assert "/partners/changyang-campus" in html
        assert "/partners/suzhou-base" not in html
    html = _cards(client, "/en/partners?q=%25")
    assert "No partners match these filters." in html  # a % is a character, not a wildcard
    assert "1 partner matches “苏州”" in _cards(client, "/en/partners?q=苏州")


def test_empty_filters_are_dropped_from_the_address(client: FlaskClient, world: None) -> None:
    response = client.get("/en/partners?q=&kind=park&region=&country=&alliance=")
    assert response.status_code == 302
    assert response.headers["Location"] == "/en/partners?kind=park"


def test_cards_count_events_and_preview_the_next_two(client: FlaskClient, world: None) -> None:
    html = _cards(client, "/en/partners?kind=park")
    assert "3 upcoming events" in html and "5 events listed in all" in html
    assert "Demo day" in html and "Founders&#39; breakfast" in html
    assert "Hardware salon" not in html and "Called-off talk" not in html
    assert '<span class="partner-avatar" aria-hidden="true">CC</span>' in html
    chinese = _cards(client, "/zh/partners?region=jiangsu")
    assert '<span class="partner-avatar" aria-hidden="true">苏州</span>' in chinese


def test_a_city_state_is_named_once(client: FlaskClient, world: None) -> None:
    html = _cards(client, "/en/partners?region=overseas")
    assert "Singapore · Singapore" not in html and "Singapore" in html
    assert "新加坡 · 新加坡" not in _cards(client, "/zh/partners?region=overseas")
