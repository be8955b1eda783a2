"""Export feeds assembled from the VEVENT blocks stored per event (no re-serialising).

A sync only forgets a changed event's blocks (events.indexing); the first export that needs
them renders and stores them (``warm``), and every later one joins stored text.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import Select, and_, bindparam, or_, select, update

from core.extensions import db
from events import ical, queries
from events.filters import EventFilter
from events.indexing import chunks, expire_loaded
from events.models import Event, EventCluster
from partners.models import Partner

TOMBSTONE_DAYS = 30  # cancelled events stay in feeds this long so subscribers see CANCELLED
BATCH = 2000
TABLE = Event.__table__
# A block is stored only if the row is still the one it was rendered from: a sync that
# changed the event meanwhile moved updated_at (and will have set the blocks to NULL).
_STORE = (
    update(TABLE)
    .where(
        TABLE.c.id == bindparam("b_id"),
        TABLE.c.updated_at == bindparam("b_seen", type_=TABLE.c.updated_at.type),
    )
    .values(ics_en=bindparam("b_en"), ics_zh=bindparam("b_zh"))
)


def with_recent_tombstones(query: Select, now: datetime) -> Select:
    """``queries.visible_events``' rows plus events removed in the last 30 days."""
    cutoff = now - timedelta(days=TOMBSTONE_DAYS)
    visible = and_(
        Event.removed_at.is_(None),
        or_(Event.cluster_id.is_(None), EventCluster.canonical_id == Event.id),
    )
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
    """A block ``warm`` could not store (the event changed under it): render, don't keep."""
    event = db.session.get(Event, event_id)
    return ical.vevent_texts(event)[lang] if event else ""


def missing_blocks(query: Select) -> list[int]:
    """Ids of the events ``query`` selects whose blocks are not stored."""
    ids = query.with_only_columns(Event.id)
    return list(
        db.session.scalars(
            select(Event.id).where(
                Event.id.in_(ids.scalar_subquery()),
                or_(Event.ics_en.is_(None), Event.ics_zh.is_(None)),
            )
        )
    )


def warm(event_ids: list[int]) -> int:
    """Render both languages' blocks of ``event_ids`` and store them (flush only: the caller
    commits, a short write of those rows' ics columns). Returns how many were rendered."""
    for chunk in chunks(event_ids):
        events = db.session.scalars(select(Event).where(Event.id.in_(chunk))).all()
        rows = [
            {"b_id": e.id, "b_seen": e.updated_at, "b_en": texts["en"], "b_zh": texts["zh"]}
            for e in events
            for texts in [ical.vevent_texts(e)]
        ]
        if rows:
            db.session.execute(_STORE, rows)
        expire_loaded(chunk, "ics_en", "ics_zh")
    db.session.flush()
    return len(event_ids)


def build(query: Select, lang: str, name: str, description: str = "") -> str:
    """The whole feed text, after storing the blocks it lacked (the caller commits).
    VTIMEZONEs are known only after the blocks are read."""
    warm(missing_blocks(query))
    tzids: set[str] = set()
    blocks = list(_blocks(query, lang, tzids))
    return "".join(ical.assemble(ical.header(name, description), tzids, blocks))


def warm_all(now: datetime) -> int:
    """Render and store every missing block a feed could serve (flush only): run after syncs so
    that no subscriber's request has to render a large feed's blocks."""
    from werkzeug.datastructures import MultiDict

    from events.filters import parse  # the same defaults as /feeds/all.ics

    query = feed_query(parse(MultiDict(), default_when="all"), now)
    return warm(missing_blocks(query))
