"""Factories for test data: small functions that flush, never commit (the test decides).

Events are written directly, not through the sync, and indexed as the sync would index them.
"""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta

from core.db_types import utcnow
from core.extensions import db
from core.models import User
from core.passwords import hash_password
from events import indexing
from events.models import Event
from federation.models import Feed
from partners.models import Link, Partner

_counter = itertools.count(1)
PASSWORD = "correct horse battery"


def make_partner(slug: str | None = None, **fields: object) -> Partner:
    n = next(_counter)
    values = {
        "slug": slug or f"partner-{n}",
        "name_en": f"Partner {n}",
        "name_zh": f"合作伙伴{n}",
        "kind": "park",
        "region": "shanghai",
        "country": "CN",
        **fields,
    }
    partner = Partner(**values)
    db.session.add(partner)
    db.session.flush()
    return partner


def make_user(
    email: str | None = None,
    role: str = "staff",
    partner: Partner | None = None,
    password: str = PASSWORD,
) -> User:
    user = User(
        email=email or f"user{next(_counter)}@example.org",
        role=role,
        partner_id=partner.id if partner else None,
        password_hash=hash_password(password),
    )
    db.session.add(user)
    db.session.flush()
    return user


def login(client, user: User, lang: str = "en", password: str = PASSWORD):
    return client.post(f"/{lang}/login", data={"email": user.email, "password": password})


def make_feed(partner: Partner | None = None, **fields: object) -> Feed:
    """A pull feed of ``partner`` (a new partner when None)."""
    partner = partner or make_partner()
    values = {"url": f"https://example.org/{next(_counter)}.ics", **fields}
    feed = Feed(partner_id=partner.id, **values)
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
    """An event of ``feed`` (a new feed when None) starting at ``start`` (aware; a week from
    now when None), or all day on ``all_day_on`` for ``days`` days."""
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


def make_link(source: Partner, target: Partner, kind: str = "mou", **fields: object) -> Link:
    """A cooperation link from ``source`` to ``target``, since May 2021 unless given."""
    values = {"since": date(2021, 5, 1), **fields}
    link = Link(source_id=source.id, target_id=target.id, kind=kind, **values)
    db.session.add(link)
    db.session.flush()
    return link
