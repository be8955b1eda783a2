"""The list, month and home pages as lists that read well: a series once with its rhythm,
filters as chips, impossible filters explained, clean URLs, search words marked, cancelled
events marked and kept out of "Coming up"."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.db_types import utcnow
from core.extensions import db
from tests.factories import make_event, make_feed, make_partner

# A Thursday at 19:00 in Shanghai, a week or more ahead.
_now = utcnow()
THURSDAY = (_now + timedelta(days=7 + (3 - _now.weekday()) % 7)).replace(
    hour=11, minute=0, second=0, microsecond=0
)


@pytest.fixture
def world(app):
    hub = make_partner("tt-hub", name_en="Tech Transfer Hub", name_zh="技术转移中心", country="CN")
    sg = make_partner("sg-room", name_en="Singapore Room", name_zh="新加坡会客厅", country="SG")
    feed = make_feed(hub)
    salon = [
        make_event(
            feed,
            uid="salon@hub",
            recurrence_id=(THURSDAY + timedelta(weeks=n)).strftime("%Y%m%dT%H%M%SZ"),
            start=THURSDAY + timedelta(weeks=n),
            title_en="Tech transfer salon",
            title_zh="技术转移沙龙",
        )
        for n in range(8)
    ]
    make_event(make_feed(sg), start=THURSDAY, title_en="Founders breakfast", categories=["AI"])
    make_event(
        feed, start=_now + timedelta(hours=2), title_en="Called-off pitch", status="cancelled"
    )
    db.session.commit()
    return salon


def html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def test_a_weekly_series_is_listed_once_with_its_rhythm(client, world) -> None:
    page = html(client, "/en/events")
    assert page.count("Tech transfer salon") == 1
    assert "Every Thursday · 7 more dates" in page
    assert f"/en/events/{world[0].id}#dates" in page
    zh = html(client, "/zh/events")
    assert zh.count("技术转移沙龙") == 1 and "每周四 · 另有 7 场" in zh
    dates = html(client, f"/en/events/{world[0].id}")
    assert "All dates of this series" in dates
    assert all(f'/en/events/{e.id}"' in dates for e in world[1:])


def test_home_coming_up_skips_cancelled_and_repeats(client, world) -> None:
    page = html(client, "/en/")
    assert "Called-off pitch" not in page and page.count("Tech transfer salon") == 1
    assert "Every Thursday · 7 more dates" in page
    assert "Founders breakfast" in page


def test_cancelled_marked_in_list_and_month(client, world) -> None:
    page = html(client, "/en/events?when=all")
    card = page.split("Called-off pitch")[0].rsplit("<article", 1)[1]
    assert "is-cancelled" in card and "Cancelled" in card
    month = html(client, f"/en/events?view=month&month={_now:%Y-%m}")
    assert 'class="is-cancelled"' in month


def test_country_is_a_select_of_countries_with_events_named_by_cldr(client, world) -> None:
    make_partner("us-room", country="US")  # no events at all
    hidden = make_event(make_feed(make_partner("jp-room", country="JP")), start=THURSDAY)
    hidden.hidden_at = utcnow()  # its one event hidden by staff
    db.session.commit()
    page = html(client, "/en/events")
    assert '<select id="f-country" name="country">' in page
    assert (
        '<option value="SG">Singapore</option>' in page
        and '<option value="CN">China</option>' in page
    )
    assert '<option value="US">' not in page and '<option value="JP">' not in page
    assert '<option value="SG">新加坡</option>' in html(client, "/zh/events")


def test_active_filters_are_chips_that_remove_themselves(client, world) -> None:
    page = html(client, "/en/events?country=SG&category=AI&q=breakfast")
    chips = page.split('class="filter-chips"')[1].split("</ul>")[0]
    assert "Singapore" in chips and "AI" in chips and "Search: “breakfast”" in chips
    assert 'href="/en/events?category=AI&amp;q=breakfast"' in chips  # Singapore's chip drops it


def test_impossible_filters_are_explained(client, world) -> None:
    page = html(client, "/en/events?from=2030-05-02&to=2030-05-01")
    assert "cannot match any event" in page and "is after the end date" in page
    assert "0 events" not in page
    assert "No partner in Norway lists events." in html(client, "/en/events?country=NO")
    assert "没有活动属于主题“Nanotech”" in html(client, "/zh/events?category=Nanotech")


def test_empty_filters_are_dropped_from_the_url(client, world) -> None:
    response = client.get("/en/events?q=&when=week&country=&city=&view=month")
    assert response.status_code == 302
    assert response.headers["Location"] == "/en/events?when=week&view=month"


def test_search_words_are_marked_in_english_and_chinese(client, world) -> None:
    assert "Founders <mark>breakfast</mark>" in html(client, "/en/events?q=breakfasts")
    assert "技术<mark>转移</mark>沙龙" in html(client, "/zh/events?q=转移")


def test_format_menu_reads_in_full(client, world) -> None:
    assert '<option value="">Any format</option>' in html(client, "/en/events")


def test_month_shows_start_times_and_today(client, world) -> None:
    page = html(client, f"/en/events?view=month&month={THURSDAY:%Y-%m}")
    assert '<time class="clock">7:00 PM</time>' in page
    assert 'class="month-agenda"' in page and "Tech transfer salon" in page
    zh = html(client, f"/zh/events?view=month&month={THURSDAY:%Y-%m}")
    assert '<time class="clock">19:00</time>' in zh
    this_month = html(client, "/en/events?view=month")
    assert this_month.count('aria-current="date"') == 1 and "Today" in this_month


def test_month_links_each_event_to_its_page_in_the_pages_language(client, world) -> None:
    salon = world[0]
    for lang, title in (("en", "Tech transfer salon"), ("zh", "技术转移沙龙")):
        page = html(client, f"/{lang}/events?view=month&month={THURSDAY:%Y-%m}")
        assert f'<a href="/{lang}/events/{salon.id}">' in page and title in page


def test_month_chips_keep_the_month(client, world) -> None:
    page = html(client, "/en/events?view=month&month=2030-01&country=SG")
    assert 'href="/en/events?view=month&amp;month=2030-01"' in page
    assert (
        client.get("/zh/events?q=&month=2030-01").headers["Location"] == "/zh/events?month=2030-01"
    )
