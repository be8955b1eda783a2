"""Export feeds assembled from the VEVENT blocks stored per event (no re-serialising).

A sync only forgets a changed event's blocks (events.indexing); the scheduler and the CLI
render and store them after syncing (``warm_chunks``), and exports join stored text. Building a
feed never writes: a request that finds blocks missing (a push since the last tick) renders
them in memory, a batch at a time. On SQLite a GET that wrote would queue behind every sync
for the one write lock, and answer 500 once the busy timeout ran out.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Select, bindparam, or_, select, update
from werkzeug.datastructures import MultiDict

from core.extensions import db
from events import ical, queries
from events.criteria import EventFilter, parse
from events.indexing import chunks, expire_loaded
from events.models import Event
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


def shown_in_feeds(now: datetime) -> ColumnElement[bool]:
    """What visitors see (``queries.visible``) plus the events removed in the last 30 days."""
    return or_(queries.visible(), Event.removed_at >= now - timedelta(days=TOMBSTONE_DAYS))


def feed_query(f: EventFilter, now: datetime, partner: Partner | None = None) -> Select:
    query, _order = queries.filtered(f, now, shown_in_feeds(now))
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
    for batch in rows.partitions():
        rendered = render_missing([row[0] for row in batch if not row[4]], lang)
        for event_id, tzid, all_day, start_date, block in batch:
            if zone := ical.zone_for(tzid, bool(all_day and start_date)):
                tzids.add(zone)
            yield block or rendered.get(event_id, "")


def render_missing(event_ids: list[int], lang: str) -> dict[int, str]:
    """The ``lang`` blocks of events whose stored ones are missing, rendered and not kept:
    one query per chunk of events, not one per event."""
    rendered: dict[int, str] = {}
    for chunk in chunks(event_ids):
        events = db.session.scalars(select(Event).where(Event.id.in_(chunk)))
        rendered.update((event.id, ical.vevent_text(event, lang)) for event in events)
    return rendered


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


def warm_chunks(event_ids: list[int]) -> Iterator[int]:
    """Render both languages' blocks of ``event_ids`` and store them, a chunk at a time (flush
    only); yields each chunk's size. A caller that commits between chunks holds SQLite's write
    lock for one chunk's UPDATE, never while the next chunk renders."""
    for chunk in chunks(event_ids):
        events = db.session.scalars(select(Event).where(Event.id.in_(chunk))).all()
        rows = [
            {"b_id": e.id, "b_seen": e.updated_at, "b_en": texts["en"], "b_zh": texts["zh"]}
            for e in events
            for texts in [ical.vevent_texts(e)]
        ]
        if rows:  # in id order: the lock order of every event writer (events.derived)
            db.session.execute(_STORE, sorted(rows, key=lambda row: row["b_id"]))
        expire_loaded(chunk, "ics_en", "ics_zh")
        db.session.flush()
        yield len(chunk)


def build(query: Select, lang: str, name: str, description: str = "") -> str:
    """The whole feed text, read only (blocks not stored yet are rendered, not kept).
    VTIMEZONEs are known only after the blocks are read."""
    tzids: set[str] = set()
    blocks = list(_blocks(query, lang, tzids))
    return "".join(ical.assemble(ical.header(name, description), tzids, blocks))


def all_missing(now: datetime) -> list[int]:
    """Ids of the events some feed could serve whose blocks are not stored: what to warm after
    syncs. Every feed (a partner's, a filtered one) selects among /feeds/all.ics's events."""
    # The same defaults as /feeds/all.ics.
    return missing_blocks(feed_query(parse(MultiDict(), default_when="all"), now))
