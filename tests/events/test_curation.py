"""Staff curation survives syncs: a translation added by staff is kept while the partner's
feed brings the same text, and flagged (not dropped, not kept silently) when it changes; a
hidden event is gone from pages, feeds and the API; a featured one is on the home page."""

from __future__ import annotations

from datetime import timedelta

import icalendar
import pytest
from sqlalchemy import select

from core.db_types import utcnow
from core.extensions import db
from events import clusters, operations
from events.criteria import EventFilter
from events.curation import merge
from events.models import Event, EventOverride
from events.queries import listing
from federation.models import Feed
from federation.operations import upload_feed
from federation.sync import apply_body
from tests.calendars import calendar, upcoming
from tests.factories import login, make_event, make_feed, make_partner, make_user


def test_the_three_way_merge_of_one_field() -> None:
    assert merge(source="a", base="a", value="b").shown == "b"
    assert merge(source="b", base="a", value="b").conflict is False  # the partner agrees now
    changed = merge(source="c", base="a", value="b")
    assert (changed.shown, changed.conflict) == ("c", True)


@pytest.fixture
def synced(app):
    partner = make_partner("innospace", name_en="InnoSpace", name_zh="创智空间")
    feed = upload_feed(partner, "events.ics")
    staff = make_user("curator@alliance.cn", role="staff")
    db.session.commit()

    def sync(summary: str, location: str = "创智天地") -> Event:
        body = calendar(upcoming("salon-1", 6, summary, location=location))
        result = apply_body(feed, body, charset="utf-8", trigger="upload", now=utcnow())
        assert result.status == "ok", result
        return db.session.scalars(select(Event).where(Event.feed_id == feed.id)).one()

    return {"sync": sync, "staff": staff}


def _feed_summary(client) -> str:
    body = client.get("/feeds/partners/innospace.ics?lang=en").data
    [component] = icalendar.Calendar.from_ical(body).walk("VEVENT")
    return str(component["summary"])


def test_a_curated_translation_survives_a_resync_and_is_flagged_when_the_source_changes(
    client, synced
) -> None:
    event = synced["sync"]("人工智能创业沙龙")
    login(client, synced["staff"])
    data = {
        "title_zh": "人工智能创业沙龙",
        "title_en": "AI start-up salon",
        "location_zh": "创智天地",
    }
    assert client.post(f"/en/staff/events/{event.id}", data=data).status_code == 302
    assert client.get(f"/api/v1/events/{event.id}").get_json()["title"]["en"] == "AI start-up salon"
    assert _feed_summary(client) == "AI start-up salon"

    # The partner's feed changes its place (the event row is rewritten), not its English title.
    event = synced["sync"]("人工智能创业沙龙", location="创智天地 3楼")
    assert (event.title_en, event.location_zh) == ("AI start-up salon", "创智天地 3楼")
    override = db.session.scalars(select(EventOverride)).one()
    assert not override.conflict
    assert "AI start-up <mark>salon</mark>" in client.get("/en/events?q=salon").get_data(
        as_text=True
    )

    # Now the partner gives its own English title: staff must look again.
    body = calendar(
        upcoming("salon-1", 6, "人工智能创业沙龙", location="创智天地 3楼"),
    ).replace(b"SUMMARY:", b"SUMMARY;LANGUAGE=en:AI founders salon\r\nSUMMARY;LANGUAGE=zh:")
    feed = db.session.get(Feed, event.feed_id)
    result = apply_body(feed, body, charset="utf-8", trigger="upload", now=utcnow())
    assert result.status == "ok"
    db.session.expire_all()
    override = db.session.scalars(select(EventOverride)).one()
    assert override.conflict and override.source == "AI founders salon"
    assert db.session.get(Event, event.id).title_en == "AI founders salon"
    review = client.get("/en/staff/events").get_data(as_text=True)
    assert f"flagged-{override.id}" in review

    # Staff keep their version: it is shown again, made against the partner's new text.
    client.post(f"/en/staff/events/{event.id}/keep", data={"field": "title_en"})
    db.session.expire_all()
    override = db.session.scalars(select(EventOverride)).one()
    assert (override.conflict, override.base) == (False, "AI founders salon")
    assert db.session.get(Event, event.id).title_en == "AI start-up salon"


def test_a_hidden_event_is_gone_from_pages_feeds_and_the_api(client, synced) -> None:
    event = synced["sync"]("海外创业者见面会")
    login(client, synced["staff"])
    client.post(f"/en/staff/events/{event.id}/feature")
    assert "海外创业者见面会" in client.get("/zh/").get_data(as_text=True)
    client.post(f"/en/staff/events/{event.id}/hide", data={"reason": "duplicate of a CIIE listing"})
    assert client.get(f"/en/events/{event.id}").status_code == 200  # staff still see it
    client.post("/en/logout")
    assert "海外创业者见面会" not in client.get("/zh/events").get_data(as_text=True)
    assert "海外创业者见面会" not in client.get("/zh/").get_data(as_text=True)
    assert client.get(f"/en/events/{event.id}").status_code == 404
    assert client.get(f"/api/v1/events/{event.id}").status_code == 404
    assert client.get("/api/v1/events").get_json()["total"] == 0
    assert b"BEGIN:VEVENT" not in client.get("/feeds/partners/innospace.ics").data
    assert b"BEGIN:VEVENT" not in client.get("/feeds/all.ics").data
    # A re-sync does not bring it back.
    synced["sync"]("海外创业者见面会 (updated)")
    assert client.get("/api/v1/events").get_json()["total"] == 0


def test_hiding_one_partners_listing_shows_the_other_partners_listing(app) -> None:
    start = utcnow().replace(microsecond=0) + timedelta(days=8)
    full = make_event(make_feed(), start=start, title_zh="长三角创新大会", title_en="Delta summit")
    other = make_event(make_feed(), start=start, title_zh="长三角创新大会", title_en="")
    clusters.recluster_events([full.id, other.id])
    db.session.commit()
    assert [e.id for e in listing(EventFilter(when="upcoming"), utcnow()).items] == [full.id]
    operations.hide(full, "wrong listing", utcnow())
    db.session.commit()
    assert [e.id for e in listing(EventFilter(when="upcoming"), utcnow()).items] == [other.id]
