"""The list with its filters and month view, the detail page, time display, time-zone choice."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from core.db_types import utcnow
from core.extensions import db
from tests.factories import make_event, make_feed, make_partner


@pytest.fixture
def world(app):
    hefei = make_partner(
        "hefei-base",
        name_en="Hefei Base",
        name_zh="合肥基地",
        region="anhui",
        city_en="Hefei",
        city_zh="合肥",
    )
    sg = make_partner(
        "sg-room",
        name_en="Singapore Living Room",
        name_zh="新加坡城市会客厅",
        region="overseas",
        country="SG",
        city_en="Singapore",
    )
    soon = utcnow() + timedelta(days=2)
    events = {
        "demo": make_event(
            make_feed(hefei),
            start=soon,
            title_en="Hardware demo day",
            title_zh="硬件路演日",
            categories=["AI", "Demo day"],
        ),
        "zh_only": make_event(
            make_feed(sg),
            start=soon + timedelta(days=1),
            title_en="",
            title_zh="新加坡创业沙龙",
            language="zh",
            online=True,
        ),
        "past": make_event(
            make_feed(hefei), start=utcnow() - timedelta(days=3), title_en="Last week's salon"
        ),
        "far": make_event(
            make_feed(hefei), start=utcnow() + timedelta(days=200), title_en="Next year's summit"
        ),
        "cancelled": make_event(
            make_feed(sg), start=soon, title_en="Called-off bootcamp", status="cancelled"
        ),
    }
    db.session.commit()
    return events


def test_list_shows_upcoming_only_by_default(client, world) -> None:
    html = client.get("/en/events").get_data(as_text=True)
    assert "Hardware demo day" in html and "Next year" in html
    assert "Last week" not in html


def test_filters_by_region_country_partner_topic_language_format(client, world) -> None:
    def shown(query: str) -> str:
        return client.get(f"/en/events?{query}").get_data(as_text=True)

    assert "Hardware demo day" not in shown("region=overseas")
    assert "新加坡创业沙龙" in shown("region=overseas&country=SG")
    assert "新加坡创业沙龙" not in shown("partner=hefei-base")
    assert "Hardware demo day" in shown("category=ai")
    assert "Hardware demo day" not in shown("language=zh")
    assert "新加坡创业沙龙" in shown("mode=online")
    assert "Hardware demo day" in shown("city=hefei")
    assert "Next year" not in shown("when=month")
    assert "Last week" in shown("when=past")


def test_bad_filters_get_a_message_not_an_error(client, world) -> None:
    response = client.get("/zh/events?from=yesterday")
    assert response.status_code == 400
    assert "YYYY-MM-DD" in response.get_data(as_text=True)


def test_fallback_language_is_marked_and_ui_stays_english(client, world) -> None:
    html = client.get("/en/events?region=overseas").get_data(as_text=True)
    assert 'lang="zh-Hans">新加坡创业沙龙' in html
    assert "in Chinese" in html


def test_cancelled_event_is_struck_through(client, world) -> None:
    html = client.get("/en/events?region=overseas").get_data(as_text=True)
    assert "is-cancelled" in html and "Cancelled" in html


def test_month_view_is_a_table_of_the_filtered_events(client, world) -> None:
    month = world["demo"].start_at.astimezone(UTC) + timedelta(hours=8)
    html = client.get(f"/zh/events?view=month&month={month:%Y-%m}&partner=hefei-base")
    text = html.get_data(as_text=True)
    assert "<table" in text and "硬件路演日" in text
    assert "新加坡创业沙龙" not in text


def test_detail_page_has_calendar_links_and_safe_html(client, world) -> None:
    event = make_event(
        title_en="Slush Shanghai",
        description_en="<b>not html</b>",
        description_html_en="<p>Welcome <em>founders</em></p>",
        url="javascript:alert(1)",
        start=utcnow() + timedelta(days=5),
    )
    db.session.commit()
    html = client.get(f"/en/events/{event.id}").get_data(as_text=True)
    assert "<em>founders</em>" in html
    assert "javascript:" not in html
    assert "calendar.google.com/calendar/render" in html
    assert "outlook.live.com" in html
    assert f"/en/events/{event.id}.ics" in html
    ics = client.get(f"/en/events/{event.id}.ics")
    assert ics.mimetype == "text/calendar" and b"SUMMARY;LANGUAGE=en:Slush Shanghai" in ics.data


def test_plain_description_is_escaped(client, world) -> None:
    event = make_event(title_en="Salon", description_en="<script>x</script>")
    db.session.commit()
    html = client.get(f"/en/events/{event.id}").get_data(as_text=True)
    assert "&lt;script&gt;x&lt;/script&gt;" in html


def test_second_time_zone_from_cookie(client, world) -> None:
    event = make_event(start=datetime(2030, 3, 4, 6, 0, tzinfo=UTC), title_en="Pitch night")
    db.session.commit()
    assert "your time" not in client.get(f"/en/events/{event.id}").get_data(as_text=True)
    client.post("/en/timezone", data={"tz": "Europe/Berlin", "next": f"/en/events/{event.id}"})
    html = client.get(f"/en/events/{event.id}").get_data(as_text=True)
    assert "Mon, Mar 4, 2030, 2:00" in html and "Mon, Mar 4, 2030, 7:00" in html
    assert "Berlin" in html
    zh = client.get(f"/zh/events/{event.id}").get_data(as_text=True)
    assert "14:00" in zh and "07:00" in zh and "柏林" in zh


def test_invalid_zone_is_ignored(client, world) -> None:
    client.set_cookie("tz", "Mars/Olympus")
    assert client.get("/en/events").status_code == 200


def test_all_day_events_show_dates(client, world) -> None:
    event = make_event(all_day_on=datetime(2030, 5, 1).date(), days=3, title_en="Expo")
    db.session.commit()
    html = client.get(f"/en/events/{event.id}").get_data(as_text=True)
    assert "May 1" in html and "3, 2030" in html


def test_list_offers_subscription_of_the_same_filters(client, world) -> None:
    html = client.get("/en/events?region=anhui").get_data(as_text=True)
    assert "webcal://localhost/feeds/events.ics?" in html and "region=anhui" in html
    assert "calendar.google.com/calendar/r?cid=webcal" in html


def test_partner_page_subscribes_to_its_feed(client, world) -> None:
    html = client.get("/zh/partners/hefei-base").get_data(as_text=True)
    assert "webcal://localhost/feeds/partners/hefei-base.ics?lang=zh" in html
