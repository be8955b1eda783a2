"""A partner's cooperation listed once per partner, with dates that make sense."""

from datetime import date, timedelta

from flask.testing import FlaskClient

from core.extensions import db
from partners.cooperation import merge_links, period
from tests.factories import make_link, make_partner

TODAY = date(2026, 12, 7)


def test_periods_never_say_since_a_future_day() -> None:
    assert period(date(2027, 1, 1), None, TODAY) == (
        "from",
        {"since": date(2027, 1, 1), "until": None},
    )
    assert period(date(2020, 1, 1), None, TODAY)[0] == "since"
    assert period(date(2020, 1, 1), date(2021, 1, 1), TODAY)[0] == "ended"
    assert period(date(2020, 1, 1), date(2030, 1, 1), TODAY)[0] == "since_until"
    assert period(None, date(2020, 1, 1), TODAY)[0] == "ended_on"
    assert period(None, None, TODAY) == ("", {})


def test_a_declared_and_a_derived_link_make_one_entry(app) -> None:
    gew = make_partner("gew-china", name_en="GEW China")
    slush = make_partner("slush", name_en="Slush Shanghai")
    kic = make_partner("kic", name_en="KIC")
    declared = make_link(gew, slush, "cohost", since=date(2022, 11, 20))
    derived = make_link(slush, gew, "cohost", automatic=True, since=TODAY, weight=2.0)
    other = make_link(gew, kic, "mou")
    pairs = [(declared, slush), (other, kic), (derived, slush)]
    merged = merge_links(pairs)
    assert [item.other.slug for item in merged] == ["slush", "kic"]
    assert merged[0].declared == (declared,) and merged[0].derived is derived
    assert merged[0].kinds == ["cohost"]
    assert merged[1].declared == (other,) and merged[1].derived is None


def test_the_partner_page_lists_a_partnership_once_with_both_sources(client: FlaskClient) -> None:
    gew = make_partner("gew-china", name_en="GEW China", name_zh="全球创业周中国站")
    slush = make_partner("slush", name_en="Slush Shanghai", name_zh="Slush 上海")
    future = date.today() + timedelta(days=30)
    make_link(gew, slush, "cohost", since=date(2022, 11, 20), note_en="Listed as a GEW event")
    make_link(slush, gew, "cohost", automatic=True, since=future, weight=2.0)
    make_link(gew, make_partner("kic", name_en="KIC"), "mou", since=future)
    db.session.commit()

    html = client.get("/en/partners/gew-china").get_data(as_text=True)
    assert html.count('href="/en/partners/slush"') == 1
    assert "since Nov 20, 2022" in html and "Listed as a GEW event" in html
    assert "2 upcoming events in both calendars, the first on" in html
    assert f"since {future:%b} {future.day}, {future.year}" not in html
    assert f"starting {future:%b} {future.day}, {future.year}" in html
    chinese = client.get("/zh/partners/gew-china").get_data(as_text=True)
    assert chinese.count('href="/zh/partners/slush"') == 1
