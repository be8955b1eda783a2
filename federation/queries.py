"""Reads for the feed pages and the CLI: feeds a viewer may see, their active event counts, sync
runs, partners by name, push tokens."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from core.extensions import db
from core.models import Role, User
from events.models import Event
from federation.history_chart import Point
from federation.models import EnteredEvent, Feed, FeedSource, PartnerToken, SyncRun
from partners.models import Partner

HISTORY_LENGTH = 50
SHRINK_MEMORY = timedelta(days=7)  # how far back a mass deletion is looked for


def visible_feeds(partner_id: int | None) -> list[Feed]:
    """Every feed (``partner_id`` None: staff) or one partner's, grouped by partner."""
    query = (
        select(Feed)
        .join(Feed.partner)
        .options(joinedload(Feed.partner))
        .order_by(Partner.slug, Feed.id)
    )
    if partner_id is not None:
        query = query.where(Feed.partner_id == partner_id)
    return list(db.session.scalars(query))


def active_event_counts(feed_ids: list[int]) -> dict[int, int]:
    """Events each feed currently lists (tombstones of removed events not counted)."""
    if not feed_ids:
        return {}
    rows = db.session.execute(
        select(Event.feed_id, func.count())
        .where(Event.feed_id.in_(feed_ids), Event.removed_at.is_(None))
        .group_by(Event.feed_id)
    )
    return {feed_id: count for feed_id, count in rows}


def recent_runs(feed_id: int, limit: int = HISTORY_LENGTH) -> list[SyncRun]:
    """The feed's latest sync runs, newest first."""
    return list(
        db.session.scalars(
            select(SyncRun)
            .where(SyncRun.feed_id == feed_id)
            .order_by(SyncRun.started_at.desc(), SyncRun.id.desc())
            .limit(limit)
        )
    )


def duration_points(runs: list[SyncRun]) -> list[Point]:
    return [Point(at=r.started_at, value=r.duration_ms, outcome=r.outcome) for r in runs]


def partners_by_name(lang: str) -> list[Partner]:
    partners = db.session.scalars(select(Partner)).all()
    return sorted(partners, key=lambda p: p.name(lang).casefold())


def partner_feeds(partner_id: int) -> list[Feed]:
    """Every feed of one partner, oldest first."""
    return list(
        db.session.scalars(select(Feed).where(Feed.partner_id == partner_id).order_by(Feed.id))
    )


def partner_tokens(partner_id: int | None = None) -> list[PartnerToken]:
    """Tokens newest first: one partner's, or everyone's (staff)."""
    query = select(PartnerToken).order_by(PartnerToken.created_at.desc(), PartnerToken.id.desc())
    if partner_id is not None:
        query = query.where(PartnerToken.partner_id == partner_id)
    return list(db.session.scalars(query))


def recent_peak(feed_id: int, now: datetime) -> int:
    """The most events the feed had after an applied sync over the past week (the state the
    week began with included), since staff last confirmed a shrink: what a hold compares with.
    An applied sync's VEVENTs that give events are its added, updated and unchanged ones."""
    total = SyncRun.added + SyncRun.updated + SyncRun.unchanged
    applied = (SyncRun.feed_id == feed_id, SyncRun.outcome == "ok")
    confirmed = db.session.scalar(
        select(func.max(SyncRun.started_at)).where(*applied, SyncRun.trigger == "confirm")
    )
    since = now - SHRINK_MEMORY
    if confirmed is not None and confirmed >= since:
        since, opening = confirmed, None
    else:
        earlier = select(total).where(*applied, SyncRun.started_at < since)
        opening = db.session.scalar(earlier.order_by(SyncRun.started_at.desc()).limit(1))
    peak = db.session.scalar(select(func.max(total)).where(*applied, SyncRun.started_at >= since))
    return max(peak or 0, opening or 0)


# Entered events (federation.entered): the lists of the entry pages and the staff review.


def entered_events(partner_id: int | None, limit: int = 500) -> list[EnteredEvent]:
    """Every entered event (``partner_id`` None: staff) or one partner's, newest first."""
    query = select(EnteredEvent).options(joinedload(EnteredEvent.partner))
    if partner_id is not None:
        query = query.where(EnteredEvent.partner_id == partner_id)
    order = (EnteredEvent.updated_at.desc(), EnteredEvent.id.desc())
    return list(db.session.scalars(query.order_by(*order).limit(limit)))


def stored_events(items: list[EnteredEvent]) -> dict[int, Event]:
    """The stored event each entry made in its host's calendar (the first occurrence), by
    entry id: what the site shows of it."""
    if not items:
        return {}
    by_key = {(item.partner_id, item.uid): item.id for item in items}
    rows = db.session.scalars(
        select(Event)
        .join(Feed, Feed.id == Event.feed_id)
        .where(Feed.source == FeedSource.ENTERED, Event.uid.in_([i.uid for i in items]))
        .order_by(Event.start_at)
    )
    found: dict[int, Event] = {}
    for event in rows:
        entry_id = by_key.get((event.partner_id, event.uid))
        if entry_id is not None:
            found.setdefault(entry_id, event)
    return found


def newest_entered(limit: int) -> list[tuple[EnteredEvent, Event | None]]:
    """The events partner contacts entered most recently (staff's own entries need no review),
    each with its stored event."""
    items = list(
        db.session.scalars(
            select(EnteredEvent)
            .options(joinedload(EnteredEvent.partner))
            .join(User, User.id == EnteredEvent.created_by_id)
            .where(User.role == Role.PARTNER)
            .order_by(EnteredEvent.created_at.desc(), EnteredEvent.id.desc())
            .limit(limit)
        )
    )
    events = stored_events(items)
    return [(item, events.get(item.id)) for item in items]
