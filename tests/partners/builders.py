"""Feeds, events and links for partner tests: small functions that flush, never commit."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta
from typing import Any

from core.db_types import utcnow
from core.extensions import db
from events.models import Event
from federation.models import Feed
from partners.models import Link, Partner

_counter = itertools.count(1)


def make_feed(partner: Partner, **fields: Any) -> Feed:
    n = next(_counter)
    values = {"partner_id": partner.id, "url": f"https://cal.example.org/{n}.ics", **fields}
    feed = Feed(**values)
    db.session.add(feed)
    db.session.flush()
    return feed


def make_event(feed: Feed, *, start: datetime | None = None, **fields: Any) -> Event:
    n = next(_counter)
    start_at = start or utcnow() + timedelta(days=n)
    values = {
        "feed_id": feed.id,
        "partner_id": feed.partner_id,
        "uid": f"event-{n}@example.org",
        "start_at": start_at,
        "end_at": start_at + timedelta(hours=2),
        "title_en": f"Event {n}",
        "content_hash": f"{n:064d}",
        **fields,
    }
    event = Event(**values)
    db.session.add(event)
    db.session.flush()
    return event


def make_link(source: Partner, target: Partner, kind: str = "mou", **fields: Any) -> Link:
    values = {
        "source_id": source.id,
        "target_id": target.id,
        "kind": kind,
        "since": date(2021, 5, 1),
        **fields,
    }
    link = Link(**values)
    db.session.add(link)
    db.session.flush()
    return link
