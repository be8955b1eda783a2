"""Feeds and events written directly (not through the sync), indexed as the sync would."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta

from core.db_types import utcnow
from core.extensions import db
from events import indexing
from events.models import Event
from federation.models import Feed
from partners.models import Partner
from tests.factories import make_partner

_counter = itertools.count(1)


def make_feed(partner: Partner | None = None, **fields: object) -> Feed:
    partner = partner or make_partner()
    feed = Feed(partner_id=partner.id, url=f"https://example.org/{next(_counter)}.ics", **fields)
    db.session.add(feed)
    db.session.flush()
    return feed


def make_event(
    feed: Feed | None = None,
    *,
    start: datetime | None = None,
    hours: float = 2,
    all_day_on: date | None = None,
    days: int = 1,
    index: bool = True,
    **fields: object,
) -> Event:
    """An event of ``feed`` starting at ``start`` (aware), or all day on ``all_day_on``."""
    feed = feed or make_feed()
    n = next(_counter)
    values: dict[str, object] = {
        "uid": f"event-{n}@example.org",
        "title_en": f"Event {n}",
        "content_hash": f"hash-{n}",
        "updated_at": utcnow(),
        **fields,
    }
    if all_day_on:
        midnight = datetime.combine(all_day_on, datetime.min.time(), UTC) - timedelta(hours=8)
        values.update(
            all_day=True,
            start_date=all_day_on,
            end_date=all_day_on + timedelta(days=days),
            start_at=midnight,
            end_at=midnight + timedelta(days=days),
        )
    else:
        start = start or utcnow() + timedelta(days=7)
        values.update(start_at=start, end_at=start + timedelta(hours=hours))
    event = Event(feed_id=feed.id, partner_id=feed.partner_id, **values)
    db.session.add(event)
    db.session.flush()
    if index:
        indexing.refresh([event.id])
    return event
