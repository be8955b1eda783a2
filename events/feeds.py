"""Export feeds assembled from the VEVENT blocks stored per event (no re-serialising)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import Select, and_, or_, select

from core.extensions import db
from events import ical, queries
from events.filters import EventFilter
from events.indexing import index_fields
from events.models import Event, EventCluster
from partners.models import Partner

TOMBSTONE_DAYS = 30  # cancelled events stay in feeds this long so subscribers see CANCELLED
BATCH = 2000


def with_recent_tombstones(query: Select, now: datetime) -> Select:
    """``queries.visible_events``' rows plus events removed in the last 30 days."""
    cutoff = now - timedelta(days=TOMBSTONE_DAYS)
    visible = and_(Event.removed_at.is_(None),
                   or_(Event.cluster_id.is_(None), EventCluster.canonical_id == Event.id))
    return query.where(or_(visible, Event.removed_at >= cutoff))


def feed_query(f: EventFilter, now: datetime, partner: Partner | None = None) -> Select:
    query, _order = queries.filtered(f, now, include=lambda q: with_recent_tombstones(q, now))
    if partner is not None:
        query = query.where(Event.partner_id == partner.id)
    return query


def _blocks(query: Select, lang: str, tzids: set[str]) -> Iterable[str]:
    column = Event.ics_zh if lang == "zh" else Event.ics_en
    ids = query.with_only_columns(Event.id).order_by(Event.start_at, Event.id)
    rows = db.session.execute(
        select(Event.id, Event.tzid, Event.all_day, Event.start_date, column)
        .where(Event.id.in_(ids.scalar_subquery()))
        .order_by(Event.start_at, Event.id)
        .execution_options(yield_per=BATCH)
    )
    for event_id, tzid, all_day, start_date, block in rows:
        if zone := ical.zone_for(tzid, bool(all_day and start_date)):
            tzids.add(zone)
        yield block if block else _render_missing(event_id, lang)


def _render_missing(event_id: int, lang: str) -> str:
    """An event written without events.indexing.refresh: render it now (and not keep it)."""
    event = db.session.get(Event, event_id)
    return index_fields(event)[f"ics_{lang}"] if event else ""


def build(query: Select, lang: str, name: str, description: str = "") -> str:
    """The whole feed text: VTIMEZONEs are known only after the blocks are read."""
    tzids: set[str] = set()
    blocks = list(_blocks(query, lang, tzids))
    return "".join(ical.assemble(ical.header(name, description), tzids, blocks))
