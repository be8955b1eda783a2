"""Reading a recurring event's dates: what a list says of a series shown once, and the
dates its page lists (the list itself shows a series once: events.queries)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, tuple_

from core.extensions import db
from events.models import Event
from events.queries import shown_series_date
from events.rhythm import SeriesDates


def series_dates(events: list[Event], now: datetime) -> dict[int, SeriesDates]:
    """For each recurring event of ``events`` (by id): its visible dates that have not ended,
    from its own on (one query for the page)."""
    recurring = [e for e in events if e.recurrence_id]
    if not recurring:
        return {}
    keys = {(e.feed_id, e.uid) for e in recurring}
    rows = db.session.execute(
        select(Event.feed_id, Event.uid, Event.start_at)
        .where(
            tuple_(Event.feed_id, Event.uid).in_(list(keys)),
            *shown_series_date(),
            Event.status != "cancelled",
            Event.end_at >= now,
        )
        .order_by(Event.start_at)
    ).all()
    by_series: dict[tuple[int, str], list[datetime]] = {}
    for feed_id, uid, start in rows:
        by_series.setdefault((feed_id, uid), []).append(start)
    found = {}
    for event in recurring:
        later = [s for s in by_series.get((event.feed_id, event.uid), []) if s > event.start_at]
        found[event.id] = SeriesDates([event.start_at, *later])
    return found


def series_occurrences(event: Event, now: datetime, limit: int = 60) -> list[Event]:
    """The visible dates of ``event``'s series that have not ended (its page's list)."""
    if not event.recurrence_id:
        return []
    return list(
        db.session.scalars(
            select(Event)
            .where(
                Event.feed_id == event.feed_id,
                Event.uid == event.uid,
                *shown_series_date(),
                Event.end_at >= now,
            )
            .order_by(Event.start_at)
            .limit(limit)
        )
    )
