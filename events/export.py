"""Export feeds assembled from the VEVENT blocks stored per event (no re-serialising).

A sync only forgets a changed event's blocks (events.indexing); the scheduler and the CLI
render and store them after syncing (``warm_chunks``), and exports join stored text. Building a
feed never writes: a request that finds blocks missing (a push since the last tick) renders
them in memory, a batch at a time. On SQLite a GET that wrote would queue behind every sync
for the one write lock, and answer 500 once the busy timeout ran out.
"""

from __future__ import annotations

from collections import Counter
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
    one UID, one master and its overrides; see :func:`_series_texts`)."""
    column = Event.ics_zh if lang == "zh" else Event.ics_en
    ids = query.with_only_columns(Event.id).order_by(Event.start_at, Event.id)
    rows = db.session.execute(
        select(Event.id, Event.feed_id, Event.uid, Event.recurrence_id, Event.tzid)
        .add_columns(Event.all_day, Event.start_date, column)
        .where(Event.id.in_(ids.scalar_subquery()))
        .order_by(Event.start_at, Event.id)
        .execution_options(yield_per=BATCH)
    ).all()
    blocks: dict[int, str] = {}
    for batch in chunks(rows, BATCH):
        rendered = render_missing([row[0] for row in batch if not row[7]], lang)
        blocks.update((row[0], row[7] or rendered.get(row[0], "")) for row in batch)
    for row in rows:
        if zone := ical.zone_for(row[4], bool(row[5] and row[6])):
            tzids.add(zone)
    series = _series(rows, blocks, lang)
    done: set[tuple[int, str]] = set()
    for row in rows:
        key = (row[1], row[2])
        if key not in series:
            yield blocks[row[0]]
        elif key not in done:
            done.add(key)
            yield from series[key]


def _series(rows: list, blocks: dict[int, str], lang: str) -> dict[tuple[int, str], list[str]]:
    """(feed, UID) → the texts of each series among ``rows`` (UIDs with a RECURRENCE-ID among
    them), from every stored member of those series, loaded a chunk of series at a time."""
    shown: dict[tuple[int, str], set[int]] = {}
    for row in rows:
        shown.setdefault((row[1], row[2]), set()).add(row[0])
    keys = sorted({(row[1], row[2]) for row in rows if row[3]})
    texts: dict[tuple[int, str], list[str]] = {}
    for part in chunks(keys):
        members: dict[tuple[int, str], list[Event]] = {}
        wanted = set(part)
        query = select(Event).where(Event.uid.in_({uid for _, uid in part}))
        for event in db.session.scalars(query.order_by(Event.start_at, Event.id)):
            if (event.feed_id, event.uid) in wanted:
                members.setdefault((event.feed_id, event.uid), []).append(event)
        for key in part:
            texts[key] = _series_texts(members[key], shown[key], lang, blocks)
    return texts


def _series_texts(
    members: list[Event], shown: set[int], lang: str, blocks: dict[int, str] | None = None
) -> list[str]:
    """A series as one UID: its master, then the instances that differ from it.

    ``members`` are all its stored occurrences, ``shown`` the ids this feed lists. With the
    partner's rule kept (Event.series_rule), the master carries that rule, an EXDATE for each
    live instance not shown, and only overrides and changed instances follow. Otherwise (an
    orphan override, a rule that cannot travel whole) the master lists every shown instance
    as an RDATE and each of them follows (ical.series_master_text). ``blocks`` are stored
    texts by id (rendered when missing)."""
    listed = [m for m in members if m.id in shown]

    def text(event: Event) -> str:
        return (blocks or {}).get(event.id) or ical.vevent_text(event, lang)

    ruled = [m for m in listed if m.series_rule]
    if not ruled:
        master = _master_of(listed)
        others = [text(m) for m in listed if m.recurrence_id]
        return [ical.series_master_text(master, listed, lang), *others]
    pool = [m for m in ruled if m.removed_at is None] or ruled
    # The master shows what most instances show: a correction of the first date stays its own.
    common = Counter(map(ical.instance_content, pool)).most_common(1)[0][0]
    source = next(m for m in pool if ical.instance_content(m) == common)
    exdates = [
        m.recurrence_id
        for m in members
        if m.id not in shown and m.removed_at is None and m.recurrence_id
    ]
    alive = any(not ical.is_cancelled(m) for m in listed)
    # The rule of the latest sync: instances that slid out of the window keep an older one.
    rule = max(pool, key=lambda m: (m.updated_at, m.id)).series_rule
    master = ical.ruled_master_text(source, rule, exdates, alive, lang)
    differing = [
        m
        for m in listed
        if m.removed_at is None
        and m.recurrence_id
        and (not m.series_rule or ical.instance_content(m) != common)
    ]
    return [master, *(text(m) for m in differing)]


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
    belongs to (its master and the instances that differ), never a lone override."""
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
    shown = {m.id for m in members if m.hidden_at is None} | {event.id}
    zones = {zone for m in members if (zone := ical.zone_name(m))}
    blocks = _series_texts(members, shown, lang)
    return "".join(ical.assemble(ical.header(name), zones, blocks))
