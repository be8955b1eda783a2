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

from sqlalchemy import ColumnElement, Select, and_, bindparam, or_, select, update
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
    """What visitors see (``queries.visible``) plus the events removed in the last 30 days
    (never what staff hid)."""
    recent = Event.removed_at >= now - timedelta(days=TOMBSTONE_DAYS)
    return and_(Event.hidden_at.is_(None), or_(queries.visible(), recent))


def feed_query(f: EventFilter, now: datetime, partner: Partner | None = None) -> Select:
    query, _order = queries.filtered(f, now, shown_in_feeds(now))
    if partner is not None:
        query = query.where(Event.partner_id == partner.id)
    return query


def _blocks(query: Select, lang: str, tzids: set[str]) -> Iterable[str]:
    """The stored blocks in start order, each series' members after its master (RFC 5545:
    one UID, one master and its overrides; see ical.series_master_text)."""
    column = Event.ics_zh if lang == "zh" else Event.ics_en
    ids = query.with_only_columns(Event.id).order_by(Event.start_at, Event.id)
    rows = db.session.execute(
        select(Event.id, Event.feed_id, Event.uid, Event.recurrence_id, Event.tzid)
        .add_columns(Event.all_day, Event.start_date, column)
        .where(Event.id.in_(ids.scalar_subquery()))
        .order_by(Event.start_at, Event.id)
        .execution_options(yield_per=BATCH)
    ).all()
    series = _series(rows)
    masters = _masters(series, lang)
    blocks: dict[int, str] = {}
    for batch in chunks(rows, BATCH):
        rendered = render_missing([row[0] for row in batch if not row[7]], lang)
        blocks.update((row[0], row[7] or rendered.get(row[0], "")) for row in batch)
    for row in rows:
        if zone := ical.zone_for(row[4], bool(row[5] and row[6])):
            tzids.add(zone)
    recurrence = {row[0]: row[3] for row in rows}
    done: set[tuple[int, str]] = set()
    for row in rows:
        key = (row[1], row[2])
        if key not in series:
            yield blocks[row[0]]
        elif key not in done:
            done.add(key)
            yield masters[key]
            # A member stored as the master (no RECURRENCE-ID) is the master text itself.
            yield from (blocks[i] for i in series[key] if recurrence[i])


def _series(rows: list) -> dict[tuple[int, str], list[int]]:
    """(feed, UID) → member ids, for UIDs with at least one RECURRENCE-ID among ``rows``."""
    members: dict[tuple[int, str], list[int]] = {}
    recurring: set[tuple[int, str]] = set()
    for row in rows:
        members.setdefault((row[1], row[2]), []).append(row[0])
        if row[3]:
            recurring.add((row[1], row[2]))
    return {key: ids for key, ids in members.items() if key in recurring}


def _masters(series: dict[tuple[int, str], list[int]], lang: str) -> dict[tuple[int, str], str]:
    """Each series' master text, from its members loaded a chunk of series at a time."""
    texts: dict[tuple[int, str], str] = {}
    keys = list(series)
    for part in chunks(keys):
        ids = [i for key in part for i in series[key]]
        events = {e.id: e for e in db.session.scalars(select(Event).where(Event.id.in_(ids)))}
        for key in part:
            members = [events[i] for i in series[key]]
            texts[key] = ical.series_master_text(_master_of(members), members, lang)
    return texts


def _master_of(members: list[Event]) -> Event:
    """The member stored as the master (no RECURRENCE-ID), else the earliest."""
    return next((m for m in members if not m.recurrence_id), members[0])


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


def event_calendar(event: Event, lang: str, name: str, now: datetime) -> str:
    """The "add to calendar" download: a single event, or the whole series one occurrence
    belongs to (its master and every member), never a lone override."""
    if not event.recurrence_id:
        return ical.single_event(event, lang, name)
    recent = or_(
        Event.removed_at.is_(None), Event.removed_at >= now - timedelta(days=TOMBSTONE_DAYS)
    )
    members = list(
        db.session.scalars(
            select(Event)
            .where(Event.feed_id == event.feed_id, Event.uid == event.uid, recent)
            .order_by(Event.start_at, Event.id)
        )
    )
    master = ical.series_master_text(_master_of(members), members, lang)
    blocks = [master] + [ical.vevent_text(m, lang) for m in members if m.recurrence_id]
    zones = {zone for m in members if (zone := ical.zone_name(m))}
    return "".join(ical.assemble(ical.header(name), zones, blocks))
