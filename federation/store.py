"""The store stage: a :class:`~federation.prepare.Prepared` feed in, written into the database:
events inserted, updated and tombstoned as the plan says, and the component state.

Functions here flush and never commit: the sync commits once per feed, so a failure anywhere
leaves the database exactly as it was.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select, update

from core.extensions import db
from events import curation, derived
from events.models import Event
from federation.models import Feed, FeedComponent
from federation.normalize import NormalizedEvent
from federation.plan import (
    ComponentKey,
    Counts,
    OccurrenceChanges,
    component_key,
    count_components,
    diff_occurrences,
)
from federation.prepare import Prepared

CHUNK = 500  # stays far below SQLite's and PostgreSQL's bound-parameter limits


def chunks(items: Sequence[Any], size: int = CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def stored_components(feed_id: int) -> dict[ComponentKey, tuple[int, str, int]]:
    """(uid, recurrence_id) → (row id, hash, occurrences) of the last applied sync."""
    rows = db.session.execute(
        select(
            FeedComponent.id,
            FeedComponent.uid,
            FeedComponent.recurrence_id,
            FeedComponent.hash,
            FeedComponent.occurrences,
        ).where(FeedComponent.feed_id == feed_id)
    )
    return {(uid, rid): (row_id, hash_, occ) for row_id, uid, rid, hash_, occ in rows}


def _stored_occurrences(feed_id: int, uids: set[str], whole_feed: bool) -> list[Any]:
    columns = (
        Event.id,
        Event.uid,
        Event.recurrence_id,
        Event.content_hash,
        Event.removed_at,
        Event.start_at,
    )
    if whole_feed:
        return list(db.session.execute(select(*columns).where(Event.feed_id == feed_id)))
    rows: list[Any] = []
    for part in chunks(sorted(uids)):
        query = select(*columns).where(Event.feed_id == feed_id, Event.uid.in_(part))
        rows.extend(db.session.execute(query))
    return rows


def event_values(event: NormalizedEvent) -> dict[str, Any]:
    """The columns of an Event row for one normalised occurrence."""
    values: dict[str, Any] = {
        "uid": event.uid,
        "recurrence_id": event.recurrence_id,
        "start_at": event.start_at,
        "end_at": event.end_at,
        "all_day": event.all_day,
        "start_date": event.start_date,
        "end_date": event.end_date,
        "tzid": event.tzid,
        "language": event.language,
        "url": event.url,
        "categories": list(event.categories),
        "status": event.status,
        "sequence": event.sequence,
        "online": event.online,
        "last_modified_at": event.last_modified_at,
        "content_hash": event.content_hash,
        "notes": list(event.notes),
        "series_rule": event.series_rule,
        "removed_at": None,
    }
    for lang in ("en", "zh"):
        text = event.texts.get(lang)
        values[f"title_{lang}"] = text.title if text else ""
        values[f"description_{lang}"] = text.description if text else ""
        values[f"description_html_{lang}"] = text.description_html if text else None
        values[f"location_{lang}"] = text.location if text else ""
    return values


def apply(
    feed: Feed,
    prepared: Prepared,
    now: datetime,
    stored: dict[ComponentKey, tuple[int, str, int]] | None = None,
) -> tuple[Counts, int, list[int]]:
    """Write the prepared feed. Returns (counts, occurrences in the feed, ids of the events
    inserted, updated or tombstoned). ``stored`` is the feed's component state as the caller
    read it inside this transaction (read here if not given)."""
    stored = stored_components(feed.id) if stored is None else stored
    hashes = {key: value[1] for key, value in stored.items()}
    skipped_uids = {component_key(o.component)[0] for o in prepared.outcomes if o.skip}
    changes, ids = _occurrence_changes(feed, prepared, skipped_uids & {k[0] for k in stored})
    changed_ids = _write_events(feed, changes, ids, now)
    curation.apply_overrides(changed_ids, now)  # staff corrections outlive the partner's rewrite
    changed_keys = {(e.uid, e.recurrence_id) for e in (*changes.insert, *changes.update)}
    touched = _touched_components(prepared, changed_keys)
    counts = count_components(prepared.outcomes, hashes, touched, prepared.plan)
    occurrences = _write_components(feed, prepared, stored)
    return counts, occurrences, changed_ids


def _occurrence_changes(
    feed: Feed, prepared: Prepared, protected: set[str]
) -> tuple[OccurrenceChanges, dict[tuple[str, str], int]]:
    """Compare the re-read series' occurrences, plus those of removed components, with what
    is stored (and return the stored rows' ids by key). Series with a component that could
    not be read this time keep what they had."""
    uids = {component_key(c)[0] for group in prepared.plan.reread for c in group}
    uids |= {uid for uid, _ in prepared.plan.removed}
    whole = len(uids) > CHUNK
    rows = [r for r in _stored_occurrences(feed.id, uids, whole) if r.uid in uids]
    stored = {(r.uid, r.recurrence_id): (r.content_hash, r.removed_at is not None) for r in rows}
    starts = {(r.uid, r.recurrence_id): r.start_at for r in rows}
    new = [e for o in prepared.outcomes for e in o.occurrences]
    changes = diff_occurrences(
        new, stored, window_start=prepared.context.window_start, stored_starts=starts
    )
    tombstone = frozenset(k for k in changes.tombstone if k[0] not in protected)
    ids = {(r.uid, r.recurrence_id): r.id for r in rows}
    return OccurrenceChanges(changes.insert, changes.update, changes.keep, tombstone), ids


def _write_events(
    feed: Feed, changes: OccurrenceChanges, ids: dict[tuple[str, str], int], now: datetime
) -> list[int]:
    """Insert, update and tombstone; row dicts are built one chunk at a time so that a
    large first import never holds every row of the feed in memory at once."""
    base = {"feed_id": feed.id, "partner_id": feed.partner_id, "updated_at": now}
    # Rows to change are locked at once in id order (events.derived: one global lock order,
    # so a concurrent refresh of duplicate clusters never deadlocks with this sync).
    updated = [ids[(e.uid, e.recurrence_id)] for e in changes.update]
    derived.lock_events([*updated, *(ids[k] for k in changes.tombstone)])
    table = Event.__table__  # Core inserts: the ORM's bulk path costs twice as much here
    written: list[int] = []
    for part in chunks(changes.insert, 2000):
        rows = [{**event_values(e), **base, "first_seen_at": now} for e in part]
        written.extend(db.session.scalars(insert(table).returning(table.c.id), rows))
    for part in chunks(changes.update):
        rows = [{**event_values(e), **base, "id": ids[(e.uid, e.recurrence_id)]} for e in part]
        db.session.execute(update(Event), rows)
        written.extend(row["id"] for row in rows)
    for part in chunks(sorted(changes.tombstone)):
        rows = [
            {"id": ids[k], "removed_at": now, "status": "cancelled", "updated_at": now}
            for k in part
        ]
        db.session.execute(update(Event), rows)
        written.extend(row["id"] for row in rows)
    return written


def _touched_components(prepared: Prepared, changed: set[tuple[str, str]]) -> set[ComponentKey]:
    return {
        component_key(o.component)
        for o in prepared.outcomes
        if any((e.uid, e.recurrence_id) in changed for e in o.occurrences)
    }


def _write_components(
    feed: Feed, prepared: Prepared, stored: dict[ComponentKey, tuple[int, str, int]]
) -> int:
    """Replace the state of re-read and removed components; returns the feed's occurrences."""
    readable = [o for o in prepared.outcomes if o.skip is None]
    replaced = {component_key(o.component) for o in readable} | set(prepared.plan.removed)
    doomed = [stored[k][0] for k in replaced if k in stored]
    for part in chunks(doomed):
        db.session.execute(delete(FeedComponent).where(FeedComponent.id.in_(part)))
    rows = [
        {
            "feed_id": feed.id,
            "uid": key[0],
            "recurrence_id": key[1],
            "hash": o.component.hash,
            "occurrences": len(o.occurrences),
        }
        for o in readable
        for key in [component_key(o.component)]
    ]
    for part in chunks(rows, 2000):
        db.session.execute(insert(FeedComponent.__table__), list(part))
    kept = sum(v[2] for k, v in stored.items() if k not in replaced)
    return kept + sum(row["occurrences"] for row in rows)


def previous_size(feed_id: int) -> int:
    return len(stored_components(feed_id))
