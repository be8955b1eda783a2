"""The list, month and home pages as lists that read well: a series once with its rhythm,
filters as chips, impossible filters explained, clean URLs, search words marked, cancelled
events marked and kept out of "Coming up"."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

import pytest
from sqlalchemy import insert

from core.db_types import utcnow
from core.extensions import db
from core.office import SHANGHAI
from events.models import Event
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


# A month well ahead, so that "today" and the list's upcoming window never touch it.
_AHEAD = (_now + timedelta(days=400)).date().replace(day=1)
_MONTH = f"{_AHEAD:%Y-%m}"


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    """``hour``:``minute`` on ``day`` of the month ahead, Shanghai time."""
    return datetime.combine(_AHEAD.replace(day=day), time(hour, minute), SHANGHAI)


def _day_url(lang: str, day: int) -> str:
    iso = _AHEAD.replace(day=day).isoformat()
    return f'href="/{lang}/events?from={iso}&amp;to={iso}"'


@pytest.fixture
def crowded_day(app):
    feed = make_feed()
    for n in range(7):
        make_event(feed, start=_at(10, 9 + n), title_en=f"Crowded {n}", index=False)
    db.session.commit()


@pytest.mark.parametrize(("lang", "more"), [("en", "3 more"), ("zh", "还有 3 个")])
def test_a_crowded_day_shows_its_first_events_and_links_the_rest(
    client, crowded_day, lang: str, more: str
) -> None:
    page = html(client, f"/{lang}/events?view=month&month={_MONTH}")
    grid, agenda = page.split('class="month-agenda"')
    for part in (grid, agenda):  # the phone agenda is capped the same way
        assert [n for n in range(7) if f">Crowded {n}<" in part] == [0, 1, 2, 3]
        assert f'<li class="day-more"><a {_day_url(lang, 10)}>{more}</a></li>' in part


def test_a_late_day_shows_its_events_when_the_early_days_are_crowded(client, app) -> None:
    feed = make_feed()
    rows = [  # more events than the month used to read, all on its first three days
        {
            "feed_id": feed.id,
            "partner_id": feed.partner_id,
            "uid": f"busy-{n}@example.org",
            "start_at": _at(1 + n % 3, 8) + timedelta(seconds=n),
            "end_at": _at(1 + n % 3, 9),
            "title_en": f"Busy {n}",
            "content_hash": str(n),
            "updated_at": _now,
        }
        for n in range(2100)
    ]
    db.session.execute(insert(Event), rows)
    make_event(feed, start=_at(28, 15), title_en="Late demo day", index=False)
    db.session.commit()
    page = html(client, f"/en/events?view=month&month={_MONTH}")
    assert page.count(">Late demo day<") == 2  # in the grid and in the agenda
    assert page.count(">696 more</a>") == 6  # 700 on each crowded day, 4 shown


def test_an_event_over_several_days_shows_on_each(client, app) -> None:
    feed = make_feed()
    make_event(feed, all_day_on=_AHEAD.replace(day=12), days=3, title_en="Three-day expo")
    make_event(feed, start=_at(20, 22), hours=4, title_en="Night hackathon")
    db.session.commit()
    page = html(client, f"/en/events?view=month&month={_MONTH}")
    grid = page.split('class="month-agenda"')[0]
    days = re.findall(r'<td class="in-month[^"]*">(.*?)</td>', grid, re.S)
    with_expo = [n + 1 for n, cell in enumerate(days) if "Three-day expo" in cell]
    with_hackathon = [n + 1 for n, cell in enumerate(days) if "Night hackathon" in cell]
    assert (with_expo, with_hackathon) == ([12, 13, 14], [20, 21])
    assert page.count(">Three-day expo<") == 6 and page.count(">Night hackathon<") == 4
