"""Export feeds: strict readers parse them, validators revalidate, UIDs stay stable."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import icalendar
import pytest
import vobject
from ical.calendar_stream import IcsCalendarStream
from sqlalchemy import select

from core.db_types import utcnow
from core.extensions import db
from events import conditional, export, indexing
from tests.factories import make_event, make_feed, make_partner


@pytest.fixture
def feed_world(app):
    slush = make_partner("slush", name_en="Slush Shanghai", name_zh="Slush 上海国际创投大会")
    feed = make_feed(slush)
    start = datetime(2030, 6, 10, 2, 0, tzinfo=UTC)
    events = [
        make_event(
            feed,
            start=start,
            title_en="Slush Shanghai",
            title_zh="Slush 上海",
            description_en="Founders, investors; and, commas\nnew line",
            url="https://slush.org/shanghai",
            categories=["Investment", "AI"],
        ),
        make_event(feed, start=start, title_en="Nordic night", tzid="Europe/Helsinki"),
        make_event(
            feed, all_day_on=date(2030, 6, 12), days=2, title_zh="长三角双创周", title_en=""
        ),
        make_event(
            feed,
            uid="series@slush",
            recurrence_id="20300701T020000Z",
            start=datetime(2030, 7, 1, 2, tzinfo=UTC),
            title_en="Office hours",
        ),
        make_event(
            feed,
            uid="series@slush",
            recurrence_id="20300708T020000Z",
            start=datetime(2030, 7, 8, 2, tzinfo=UTC),
            title_en="Office hours",
        ),
        make_event(
            feed,
            title_en="Removed salon",
            removed_at=utcnow() - timedelta(days=2),
            status="cancelled",
            start=utcnow() + timedelta(days=9),
        ),
        make_event(
            feed,
            title_en="Long gone",
            removed_at=utcnow() - timedelta(days=40),
            status="cancelled",
            start=utcnow() + timedelta(days=9),
        ),
    ]
    db.session.commit()
    return feed, events


def test_feed_parses_in_three_readers(client, feed_world) -> None:
    text = client.get("/feeds/all.ics").get_data(as_text=True)
    calendar = icalendar.Calendar.from_ical(text)
    assert len(calendar.walk("VEVENT")) == 7  # the two occurrences of a series and its master
    assert {tz["TZID"] for tz in calendar.walk("VTIMEZONE")} == {"Asia/Shanghai", "Europe/Helsinki"}
    strict = IcsCalendarStream.calendar_from_ics(text)
    assert len(strict.events) == 7
    nordic = next(e for e in calendar.walk("VEVENT") if e["SUMMARY"] == "Nordic night")
    assert nordic["DTSTART"].dt.utcoffset() == timedelta(hours=3)  # summer time in Helsinki
    parsed = vobject.readOne(text)
    assert len(parsed.vevent_list) == 7


def test_feed_properties(client, feed_world) -> None:
    feed, events = feed_world
    text = client.get("/feeds/all.ics?lang=zh").get_data(as_text=True)
    calendar = icalendar.Calendar.from_ical(text)
    assert str(calendar["X-WR-CALNAME"]) == str(calendar["NAME"])
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H" in text and "X-PUBLISHED-TTL:PT1H" in text
    by_summary = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    slush = by_summary["Slush 上海"]
    assert str(slush["UID"]) == f"{events[0].uid}/{feed.id}@huiju"
    assert slush["DESCRIPTION"] == "Founders, investors; and, commas\nnew line"  # zh falls back
    assert "SEQUENCE" in slush and "LAST-MODIFIED" in slush and "DTSTAMP" in slush
    all_day = by_summary["长三角双创周"]
    assert all_day["DTSTART"].dt == date(2030, 6, 12) and all_day["DTEND"].dt == date(2030, 6, 14)
    office = [e for e in calendar.walk("VEVENT") if str(e["SUMMARY"]) == "Office hours"]
    master = next(e for e in office if "RECURRENCE-ID" not in e)
    assert master["RDATE"].to_ical() == b"20300701T020000Z,20300708T020000Z"
    assert {e["RECURRENCE-ID"].dt for e in office if e is not master} == {
        datetime(2030, 7, 1, 2, tzinfo=UTC),
        datetime(2030, 7, 8, 2, tzinfo=UTC),
    }
    assert by_summary["Removed salon"]["STATUS"] == "CANCELLED"
    assert "Long gone" not in by_summary


def test_uid_and_block_stable_across_refresh(client, feed_world) -> None:
    first = client.get("/feeds/all.ics").data
    indexing.refresh([e.id for e in feed_world[1]])
    db.session.commit()
    assert client.get("/feeds/all.ics").data == first


def test_revalidation_answers_304(client, feed_world) -> None:
    response = client.get("/feeds/all.ics")
    etag, modified = response.headers["ETag"], response.headers["Last-Modified"]
    assert client.get("/feeds/all.ics", headers={"If-None-Match": etag}).status_code == 304
    assert client.get("/feeds/all.ics", headers={"If-Modified-Since": modified}).status_code == 304
    make_event(feed_world[0], title_en="New one")
    db.session.commit()
    assert client.get("/feeds/all.ics", headers={"If-None-Match": etag}).status_code == 200


def test_etag_is_the_body_s_and_compares_weakly(client, feed_world) -> None:
    plain = client.get("/feeds/all.ics")
    english = client.get("/feeds/all.ics?lang=en")
    assert plain.data == english.data and plain.headers["ETag"] == english.headers["ETag"]
    etag = plain.headers["ETag"]
    assert etag.strip('"') == conditional.content_etag(plain.data)
    weak = client.get("/feeds/all.ics?lang=en", headers={"If-None-Match": f"W/{etag}"})
    assert weak.status_code == 304 and weak.headers["ETag"] == etag
    assert plain.headers["Cache-Control"] == "public, max-age=3600"  # = REFRESH-INTERVAL PT1H
    assert plain.last_modified is not None


def test_gzip_for_clients_that_ask(client, feed_world) -> None:
    import gzip

    plain = client.get("/feeds/all.ics")
    packed = client.get("/feeds/all.ics", headers={"Accept-Encoding": "gzip"})
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["Vary"]
    assert gzip.decompress(packed.data) == plain.data and len(packed.data) < len(plain.data)
    again = client.get(
        "/feeds/all.ics",
        headers={"Accept-Encoding": "gzip", "If-None-Match": packed.headers["ETag"]},
    )
    assert again.status_code == 304  # the ":gzip" ETag Flask-Compress served still matches
    api = client.get("/api/v1/events?when=all", headers={"Accept-Encoding": "gzip"})
    assert api.headers["Content-Encoding"] == "gzip"
    page = client.get("/en/events", headers={"Accept-Encoding": "gzip"})
    assert page.headers["Content-Encoding"] == "gzip"


def test_api_revalidates_with_etags(client, feed_world) -> None:
    first = client.get("/api/v1/events")
    etag = first.headers["ETag"]
    assert client.get("/api/v1/events", headers={"If-None-Match": etag}).status_code == 304
    assert client.get("/api/v1/events", headers={"If-None-Match": f"W/{etag}"}).status_code == 304
    one = client.get(f"/api/v1/events/{feed_world[1][0].id}")
    assert (
        client.get(one.request.path, headers={"If-None-Match": one.headers["ETag"]}).status_code
        == 304
    )
    make_event(feed_world[0], title_en="New one")
    db.session.commit()
    assert client.get("/api/v1/events", headers={"If-None-Match": etag}).status_code == 200


def test_partner_and_filtered_feeds(client, feed_world) -> None:
    make_event(title_en="Other partner's event", start=datetime(2030, 6, 1, tzinfo=UTC))
    db.session.commit()
    own = client.get("/feeds/partners/slush.ics").get_data(as_text=True)
    assert "Other partner" not in own and "Slush Shanghai" in own
    assert client.get("/feeds/partners/nobody.ics").status_code == 404
    found = client.get("/feeds/events.ics?q=nordic").get_data(as_text=True)
    assert "Nordic night" in found and "Slush Shanghai" not in found
    assert client.get("/feeds/events.ics?region=mars").status_code == 400
    assert client.get("/feeds/all.ics?lang=fr").status_code == 400


def test_cli_export_writes_the_same_feed(runner, client, feed_world) -> None:
    result = runner.invoke(args=["export", "ics", "--partner", "slush", "--lang", "zh"])
    assert result.exit_code == 0, result.output
    assert "BEGIN:VCALENDAR" in result.output and "Slush 上海" in result.output
    filtered = runner.invoke(args=["export", "ics", "--q", "长三角"])
    assert "长三角双创周" in filtered.output and "Nordic" not in filtered.output
    bad = runner.invoke(args=["export", "ics", "--partner", "nobody"])
    assert bad.exit_code != 0 and "nobody" in bad.output


def _blocks(ids: list[int]) -> dict[int, tuple[str | None, str | None]]:
    from sqlalchemy import select

    from events.models import Event

    rows = db.session.execute(select(Event.id, Event.ics_en, Event.ics_zh).where(Event.id.in_(ids)))
    return {event_id: (en, zh) for event_id, en, zh in rows}


def test_an_export_with_missing_blocks_renders_them_and_stores_nothing(client, feed_world) -> None:
    ids = [e.id for e in feed_world[1]]
    indexing.refresh(ids)  # what the sync calls after writing: tokens, no rendering
    db.session.commit()
    assert all(blocks == (None, None) for blocks in _blocks(ids).values())
    first = client.get("/feeds/all.ics?lang=zh").data
    assert "SUMMARY;LANGUAGE=zh-Hans:Slush 上海" in first.decode()
    db.session.expire_all()
    assert all(blocks == (None, None) for blocks in _blocks(ids).values())  # a GET never writes
    sum(export.warm_chunks(export.all_missing(utcnow())))  # what the scheduler and CLI run
    db.session.commit()
    stored = _blocks(ids)
    shown = [e.id for e in feed_world[1] if e.title_en != "Long gone"]
    assert all(stored[i][0] and stored[i][1] for i in shown)
    english, chinese = stored[ids[0]]
    assert "SUMMARY;LANGUAGE=en:Slush Shanghai" in english
    assert "SUMMARY;LANGUAGE=zh-Hans:Slush 上海" in chinese
    assert client.get("/feeds/all.ics?lang=zh").data == first  # now joined from stored blocks


def test_both_languages_rendered_as_icalendar_renders_each(feed_world) -> None:
    from events.ical import vevent_text, vevent_texts

    for event in feed_world[1]:
        assert vevent_texts(event) == {lang: vevent_text(event, lang) for lang in ("en", "zh")}


def test_cli_warm_renders_missing_blocks(runner, feed_world) -> None:
    ids = [e.id for e in feed_world[1]]
    indexing.refresh(ids)
    db.session.commit()
    result = runner.invoke(args=["export", "warm", "--json"])
    assert result.exit_code == 0, result.output
    assert '"rendered": 6' in result.output
    db.session.expire_all()
    assert _blocks([ids[0]])[ids[0]][0].startswith("BEGIN:VEVENT")
    again = runner.invoke(args=["export", "warm"])
    assert "of 0 events" in again.output


def test_reindex_rebuilds_search_tokens(app, runner) -> None:
    import json

    from sqlalchemy import update

    from core.extensions import db
    from events.models import Event

    make_event(title_en="Fintech founders salon")
    db.session.commit()
    db.session.execute(update(Event).values(search_title="", search_body=""))
    db.session.commit()
    result = runner.invoke(args=["events", "reindex", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"events": 1}
    assert "fintech" in db.session.scalar(select(Event.search_title)).lower()
