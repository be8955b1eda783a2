"""A Huiju site subscribed to another over real HTTP on 127.0.0.1: the same events, both
languages, the same instants (all-day events in their partner's zone), the partner's UIDs,
no duplicates from a second subscription in the other language, and 304 on re-sync."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import upgrade

from core.app import create_app
from core.db_types import utcnow
from core.extensions import db
from events import export, ical
from events.criteria import EventFilter
from federation.operations import add_pull_feed
from federation.scheduler import sync_many
from tests.factories import make_partner

FIELDS = ("start_at", "end_at", "all_day", "start_date", "end_date", "status")
TEXTS = ("title_en", "title_zh", "location_en", "location_zh", "description_en", "description_zh")


def _shown() -> dict[tuple[str, str], dict]:
    """The site's shown, not cancelled occurrences by (UID, RECURRENCE-ID)."""
    query = export.feed_query(EventFilter(when="all"), utcnow())
    return {
        (e.uid, e.recurrence_id): {name: getattr(e, name) for name in FIELDS + TEXTS}
        for e in db.session.scalars(query)
        if not ical.is_cancelled(e)
    }


def _second_site(folder: Path) -> Flask:
    site = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'second.sqlite3'}",
            "SECRET_KEY": "second-site",
            "TESTING": True,
            "HUIJU_FEED_ALLOW_HOSTS": frozenset({"127.0.0.1"}),
        }
    )
    with site.app_context():
        upgrade()
    return site


def test_a_huiju_site_subscribed_to_another_keeps_everything(
    app, runner, live_server, unused_origin, tmp_path
) -> None:
    if db.engine.dialect.name != "sqlite":
        pytest.skip("a feed's text is the same on both databases (tests/events/test_export)")
    app.config["HUIJU_PUBLIC_URL"] = unused_origin
    assert runner.invoke(args=["demo"]).exit_code == 0
    first = _shown()
    assert sum(1 for e in first.values() if e["title_en"] and e["title_zh"]) >= 5
    url = f"{live_server}/feeds/all.ics"
    second = _second_site(tmp_path)
    with second.app_context():
        partner = make_partner("huiju-first-site")
        feeds = [add_pull_feed(partner, url).id, add_pull_feed(partner, url + "?lang=zh").id]
        db.session.commit()
        results = sync_many(second, feeds, trigger="cli")
        assert [r.status for r in results] == ["ok", "ok"], [r.error for r in results]
        held = _shown()
        assert held.keys() == first.keys()  # the partner's UIDs, once each
        assert held == first  # both languages, the same instants and days
        again = sync_many(second, feeds, trigger="cli")
        assert [r.status for r in again] == ["not_modified", "not_modified"]
        db.session.remove()
