"""The demo world's data is consistent and its bundled feeds behave like real producers' feeds."""

import re
from datetime import date, datetime, timedelta
from importlib import resources

import icalendar
import pytest
import recurring_ical_events

from core.demo.feedfiles import ANCHOR_MONDAY, feed_names, render_feed
from core.demo.world import (
    ALLIANCE_OFFICE,
    FEED_LANGUAGES,
    FEEDS,
    LINK_KINDS,
    LINKS,
    PARTNER_KINDS,
    PARTNERS,
    REGIONS,
)

SLUGS = {partner.slug: partner for partner in PARTNERS}
TEN_WEEKS_LATER = ANCHOR_MONDAY + timedelta(weeks=10, days=3)


def _raw(name: str) -> bytes:
    return resources.files("core.demo").joinpath("feeds", name).read_bytes()


def _calendar(data: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(data)


def _summaries(event: icalendar.Event) -> list[str]:
    value = event.get("SUMMARY")
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def _find(name: str, text: str) -> list[icalendar.Event]:
    events = _calendar(_raw(name)).walk("VEVENT")
    return [e for e in events if any(text in summary for summary in _summaries(e))]


def _timezones(data: bytes) -> list[bytes]:
    return re.findall(rb"BEGIN:VTIMEZONE\r\n.*?END:VTIMEZONE\r\n", data, re.DOTALL)


def _wall_clock(value: date | datetime) -> date | datetime:
    return value.replace(tzinfo=None) if isinstance(value, datetime) else value


# --- world data -------------------------------------------------------------------------------


def test_counts_are_big_enough_for_a_demo():
    assert len(PARTNERS) >= 26
    assert len(LINKS) >= 45
    assert len(FEEDS) >= 8


def test_slugs_are_unique_lowercase_ascii_with_hyphens():
    assert len(SLUGS) == len(PARTNERS)
    for slug in SLUGS:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug), slug


def test_partners_use_the_allowed_vocabularies_and_have_both_names():
    for partner in PARTNERS:
        assert partner.kind in PARTNER_KINDS, partner.slug
        assert partner.region in REGIONS, partner.slug
        assert re.fullmatch(r"[A-Z]{2}", partner.country), partner.slug
        assert partner.name_en.strip() and partner.name_zh.strip(), partner.slug
        assert partner.city_en.strip() and partner.city_zh.strip(), partner.slug
        assert partner.description_en.strip() and partner.description_zh.strip(), partner.slug
        assert partner.website.startswith("https://"), partner.slug
        assert (partner.region == "overseas") == (partner.country != "CN"), partner.slug


def test_every_region_and_the_overseas_partner_countries_are_present():
    assert {p.region for p in PARTNERS} == REGIONS
    overseas = {p.country for p in PARTNERS if p.region == "overseas"}
    assert {"US", "FI", "AU", "JP", "SG"} <= overseas


def test_the_alliance_office_is_a_partner():
    office = SLUGS[ALLIANCE_OFFICE]
    assert office.kind in {"government", "association"}
    assert office.alliance_member


def test_joined_on_spreads_over_the_years_so_growth_has_a_shape():
    years = {p.joined_on.year for p in PARTNERS}
    assert min(years) == 2019 and max(years) == 2026
    assert len(years) >= 6


def test_links_join_known_partners_with_allowed_kinds_and_sane_dates():
    for link in LINKS:
        assert link.source in SLUGS and link.target in SLUGS, link
        assert link.source != link.target, link
        assert link.kind in LINK_KINDS, link
        assert date(2019, 1, 1) <= link.since <= date(2026, 12, 31), link
        # Either, by design: a link that still holds has no end date (most demo links).
        assert link.until is None or link.since < link.until, link
        assert 0 < link.weight <= 1, link
        assert link.note_en.strip() and link.note_zh.strip(), link
    assert {link.kind for link in LINKS} == LINK_KINDS
    assert sum(1 for link in LINKS if link.until and link.until < date(2026, 1, 1)) >= 2


def test_every_alliance_member_is_linked_to_the_office():
    members = {p.slug for p in PARTNERS if p.alliance_member} - {ALLIANCE_OFFICE}
    linked = {
        link.source for link in LINKS if link.kind == "alliance" and link.target == ALLIANCE_OFFICE
    }
    assert members == linked


def test_feeds_belong_to_partners_and_their_files_are_bundled():
    assert {feed.file for feed in FEEDS} == set(feed_names())
    for feed in FEEDS:
        assert feed.partner in SLUGS, feed
        assert feed.language in FEED_LANGUAGES, feed


# --- bundled feeds ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", feed_names())
def test_feed_parses_without_component_errors(name):
    calendar = _calendar(_raw(name))
    for component in calendar.walk():
        assert not component.errors, (name, component.name, component.errors)
    events = calendar.walk("VEVENT")
    assert events
    for event in events:
        for required in ("UID", "DTSTAMP", "DTSTART", "URL"):
            assert required in event, (name, required, event.get("UID"))
        assert str(event["URL"]).startswith("https://"), (name, event["UID"])


@pytest.mark.parametrize("name", feed_names())
def test_feed_has_crlf_lines_of_at_most_75_octets(name):
    data = _raw(name)
    data.decode("utf-8")
    assert data.endswith(b"\r\n")
    assert data.count(b"\n") == data.count(b"\r\n")
    for line in data.split(b"\r\n"):
        assert len(line) <= 75, (name, line)


def test_feeds_hold_a_demo_sized_number_of_occurrences():
    total = 0
    for name in feed_names():
        occurrences = recurring_ical_events.of(_calendar(_raw(name))).between(
            ANCHOR_MONDAY - timedelta(weeks=12), ANCHOR_MONDAY + timedelta(weeks=30)
        )
        assert len(occurrences) >= 7, name
        total += len(occurrences)
    assert 120 <= total <= 200


def test_slush_shanghai_2026_is_co_listed_by_slush_and_gew():
    (slush,) = [
        e
        for e in _find("slush-shanghai-google.ics", "Slush Shanghai 2026")
        if "RECURRENCE-ID" not in e and "@" not in _summaries(e)[0]
    ]
    (gew,) = _find("gew-china-bilingual.ics", "Slush Shanghai 2026")
    assert slush["DTSTART"].dt == gew["DTSTART"].dt
    assert slush["DTEND"].dt == gew["DTEND"].dt
    assert "Yangpu Riverside Innovation Hall" in str(slush["LOCATION"])
    assert "Yangpu Riverside Innovation Hall" in str(gew["LOCATION"])


def test_shanghai_entrepreneurship_week_is_co_listed_by_gew_and_kic():
    (gew,) = _find("gew-china-bilingual.ics", "上海国际创业周")
    (kic,) = _find("kic-mixed.ics", "上海国际创业周")
    assert gew["DTSTART"].dt == kic["DTSTART"].dt


def test_gew_feed_is_bilingual():
    bilingual = [
        e
        for e in _calendar(_raw("gew-china-bilingual.ics")).walk("VEVENT")
        if len(_summaries(e)) == 2
    ]
    assert len(bilingual) >= 3
    for event in bilingual:
        languages = [summary.params.get("LANGUAGE") for summary in event["SUMMARY"]]
        assert languages == [None, "zh-CN"]


# --- render_feed ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", feed_names())
def test_render_in_the_anchor_week_returns_the_bundled_bytes(name):
    assert render_feed(name, date(2026, 11, 26)) == _raw(name)


@pytest.mark.parametrize("name", feed_names())
def test_render_ten_weeks_later_moves_every_date_by_70_days(name):
    original = _calendar(_raw(name)).walk("VEVENT")
    shifted = _calendar(render_feed(name, TEN_WEEKS_LATER)).walk("VEVENT")
    assert len(original) == len(shifted)
    for before, after in zip(original, shifted, strict=True):
        assert before["DTSTAMP"].dt == after["DTSTAMP"].dt
        for prop in ("DTSTART", "DTEND", "RECURRENCE-ID"):
            if prop in before:
                old, new = _wall_clock(before[prop].dt), _wall_clock(after[prop].dt)
                assert new - old == timedelta(days=70), (name, prop, old, new)
                assert new.weekday() == old.weekday()


@pytest.mark.parametrize("name", feed_names())
def test_render_keeps_timezones_folding_and_recurrence_counts(name):
    data = render_feed(name, TEN_WEEKS_LATER)
    assert _timezones(data) == _timezones(_raw(name))
    assert len(data) == len(_raw(name))
    assert data.count(b"\r\n") == _raw(name).count(b"\r\n")
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    window = (ANCHOR_MONDAY - timedelta(weeks=20), ANCHOR_MONDAY + timedelta(weeks=40))
    moved = tuple(day + timedelta(days=70) for day in window)
    before = recurring_ical_events.of(_calendar(_raw(name))).between(*window)
    after = recurring_ical_events.of(_calendar(data)).between(*moved)
    # a moved DTSTART may miss a monthly BYDAY=3WE rule and so count as one extra occurrence
    monthly = data.count(b"RRULE:FREQ=MONTHLY")
    assert 0 <= len(after) - len(before) <= monthly


def test_render_shifts_exdate_and_until():
    data = render_feed("slush-shanghai-google.ics", TEN_WEEKS_LATER).decode()
    assert "EXDATE;TZID=Asia/Shanghai:20261210T160000" in data
    assert "UNTIL=20270408T095959Z" in data
    assert "RECURRENCE-ID;TZID=Asia/Shanghai:20270204T160000" in data


def test_render_is_stable_for_a_whole_week_and_changes_with_the_next():
    monday = date(2027, 3, 1)
    week = {render_feed("kic-mixed.ics", monday + timedelta(days=d)) for d in range(7)}
    assert len(week) == 1
    assert render_feed("kic-mixed.ics", monday + timedelta(days=7)) not in week
    assert render_feed("kic-mixed.ics", monday - timedelta(days=1)) not in week


def test_render_can_move_back_in_time():
    data = render_feed("changyang-campus.ics", date(2025, 11, 27))
    assert b"DTSTART;VALUE=DATE:20251205" in data  # the expo, 52 weeks earlier, still a Friday


def test_render_rejects_unknown_feeds():
    with pytest.raises(KeyError):
        render_feed("../world.py", ANCHOR_MONDAY)


def test_demo_leads_name_existing_introducers_and_real_stages() -> None:
    from core.demo.world import LEADS, PARTNERS

    slugs = {p.slug for p in PARTNERS}
    stages = {"new", "contacted", "meeting", "proposal", "signed", "landed", "lost"}
    assert len({lead.email for lead in LEADS}) == len(LEADS)
    for lead in LEADS:
        # Either, by design: a lead may be met at the Expo itself, introduced by no partner.
        assert lead.introduced_by is None or lead.introduced_by in slugs
        assert lead.stage in stages and len(lead.country) == 2
        assert lead.organization_en and lead.organization_zh
