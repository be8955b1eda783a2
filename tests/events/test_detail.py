"""An event's page as a visitor sees it: title, times in three zones, place and map, organiser,
register, share (link, QR) and subscribe, in both languages."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from core.extensions import db
from tests.factories import make_event, make_feed, make_partner


@pytest.fixture
def berlin_event(app):
    partner = make_partner("eit-berlin", name_en="EIT Health Berlin", name_zh="欧洲创新健康柏林")
    event = make_event(
        make_feed(partner),
        start=datetime(2030, 3, 4, 17, 0, tzinfo=UTC),
        title_en="Health founders night",
        title_zh="健康创业者之夜",
        location_en="Factory Görlitzer Park, Lohmühlenstraße 65, Berlin",
        tzid="Europe/Berlin",
        url="https://eithealth.example.org/events/founders-night?utm_source=" + "x" * 300,
        description_en="See https://eithealth.example.org/" + "very-long-path/" * 30,
    )
    db.session.commit()
    return event


def page(client, event, lang: str = "en") -> str:
    response = client.get(f"/{lang}/events/{event.id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_times_in_shanghai_and_the_events_own_zone(client, berlin_event) -> None:
    html = page(client, berlin_event)
    assert "Tue, Mar 5, 2030, 1:00" in html and "Shanghai time" in html
    assert "Mon, Mar 4, 2030, 6:00" in html and "local time (Berlin)" in html
    zh = page(client, berlin_event, "zh")
    assert "2030年3月5日周二 01:00–03:00" in zh and "2030年3月4日周一 18:00–20:00" in zh
    assert "当地时间（柏林）" in zh


def test_visitor_zone_shown_only_when_it_differs(client, berlin_event) -> None:
    client.set_cookie("tz", "Europe/Berlin")
    assert "your time" not in page(client, berlin_event)  # Berlin is already the event's
    client.set_cookie("tz", "America/New_York")
    html = page(client, berlin_event)
    assert "Mon, Mar 4, 2030, 12:00" in html and "your time (New York)" in html


def test_place_organiser_register_share_and_subscribe(client, berlin_event) -> None:
    html = page(client, berlin_event)
    assert "https://www.openstreetmap.org/search?query=Factory+G%C3%B6rlitzer+Park" in html
    assert '<span class="avatar" aria-hidden="true">EH</span>' in html
    assert "/partners/eit-berlin" in html
    assert "Register on the organiser's site" in html and "Opens eithealth.example.org" in html
    assert f'href="http://localhost/en/events/{berlin_event.id}" data-share-url' in html
    assert "data-copy-link hidden" in html  # shown by events.js; the link works without it
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html and 'class="qr-code"' in html
    assert "Subscribe to EIT Health Berlin" in html and "Add these events" not in html
    zh = page(client, berlin_event, "zh")
    assert "订阅欧洲创新健康柏林" in zh and "欧" in zh.split('class="avatar"')[1][:40]


def test_title_is_the_pages_one_large_heading(client, berlin_event) -> None:
    html = page(client, berlin_event)
    assert html.count("<h1") == 1 and '<h1 class="event-title"' in html


def test_cancelled_event_page_says_so_and_offers_no_registration(client, app) -> None:
    event = make_event(title_en="Called off", status="cancelled", url="https://example.org/e")
    db.session.commit()
    html = page(client, event)
    assert "Cancelled" in html and "is-cancelled" in html and "Register on" not in html


def test_no_map_link_for_a_meeting_link(client, app) -> None:
    event = make_event(location_en="Zoom: https://zoom.example.org/j/1", online=True)
    db.session.commit()
    assert "openstreetmap.org" not in page(client, event)


def test_no_second_line_for_a_zone_on_shanghais_clock(client, berlin_event) -> None:
    client.set_cookie("tz", "Asia/Singapore")
    html = page(client, berlin_event)
    assert "local time (Berlin)" in html and "your time" not in html


def test_a_past_event_links_its_source_without_inviting_to_register(client, app) -> None:
    event = make_event(start=datetime(2020, 5, 1, 2, tzinfo=UTC), url="https://example.org/e")
    db.session.commit()
    html = page(client, event)
    assert "See it on the organiser's site" in html and "Register on" not in html
