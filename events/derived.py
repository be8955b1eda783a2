"""The derived step: search tokens, dropped VEVENT blocks and duplicate clusters of changed
events, refreshed from a queue (``DerivedWork``) in short transactions.

Any number of scheduler processes (and web workers handling pushes and uploads) write events
at once. What keeps them from deadlocking is one global order of locks:

* event rows are locked in ascending id order, all of a transaction's at once, before it
  writes them (``lock_events``): a sync's updates and tombstones, a refresh's events, a
  reclustering's whole scope;
* queue rows are claimed with SKIP LOCKED (never waited for), and queueing only inserts;
* clusters and co-host links are written by one reclustering at a time: it takes the
  derived lock (a PostgreSQL transaction-level advisory lock) before any row.

Two passes, each its own short transaction per batch: the index pass (search tokens: the
event is searchable once it commits) and the cluster pass. A sync queues its changed events
in the transaction that writes them and runs both passes on them right after its commit; a
crash in between leaves queue rows, which the next scheduler tick refreshes (``run()`` with
no ids). Refreshes are idempotent: running one twice computes the same tokens and clusters.
SQLite has one writer at a time: there the locks are no-ops.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from sqlalchemy import delete, func, insert, select, text, update

from core.db_types import utcnow
from core.extensions import db
from events.indexing import chunks
from events.models import DerivedWork, Event

log = logging.getLogger("huiju.derived")
BATCH = 500  # events per refresh transaction: well under a second, even with clusters
LOCK_KEY = 0x6875_696A  # "huij": the one advisory lock of the cluster pass


def _postgresql() -> bool:
    return db.engine.dialect.name == "postgresql"


def lock(*, wait: bool = True) -> bool:
    """Take the derived lock for the rest of the transaction (first, before any row lock);
    without ``wait``, only if it is free (returns whether it was taken)."""
    if not _postgresql():
        return True
    if wait:
        db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
        return True
    statement = text("SELECT pg_try_advisory_xact_lock(:key)")
    return bool(db.session.execute(statement, {"key": LOCK_KEY}).scalar())


def lock_events(event_ids: Iterable[int]) -> None:
    """Lock the rows of ``event_ids`` for update, in ascending id order (PostgreSQL)."""
    if not _postgresql():
        return
    for part in chunks(event_ids, 2000):  # chunks come sorted: the order holds across them
        db.session.execute(
            select(Event.id)
            .where(Event.id.in_(part))
            .order_by(Event.id)
            .with_for_update(key_share=True)  # FOR NO KEY UPDATE: what an UPDATE takes
        )


def enqueue(event_ids: Iterable[int]) -> None:
    """Queue ``event_ids`` for refreshing, in the caller's transaction (flush only)."""
    now = utcnow()
    for part in chunks(event_ids, 2000):
        rows = [{"event_id": i, "indexed": False, "queued_at": now} for i in part]
        db.session.execute(insert(DerivedWork), rows)


def pending() -> int:
    return db.session.scalar(select(func.count()).select_from(DerivedWork)) or 0


def run(
    event_ids: Iterable[int] | None = None,
    *,
    wait: bool = True,
    batch: int = BATCH,
    stop: Callable[[], bool] = lambda: False,
) -> int:
    """Refresh queued events: the index pass for ``event_ids`` (every queued event when
    None), then the cluster pass, one committed transaction per batch. Returns how many queue
    rows the cluster pass finished.

    The cluster pass is one process's at a time and takes every indexed row queued, whoever
    queued it: one pass over a day's listings serves every feed that changed it meanwhile.
    Without ``wait`` it is left to whoever runs it now (a sync's own step: the sync goes on
    with its next feed); the tick ends with a waiting run, so nothing stays queued past it.
    A failure is logged in one line and rolled back: the rows stay queued for the next tick.
    ``stop`` ends the cluster pass between batches (a scheduler stopped by SIGTERM).
    """
    db.session.commit()  # each batch's locks come first in its own transaction
    ids = None if event_ids is None else sorted(set(event_ids))
    done = 0
    try:
        for part in [None] if ids is None else list(chunks(ids, batch)):
            while _index_batch(part, batch) == batch and part is None:
                pass
        while not stop() and (count := _cluster_batch(batch, wait)) > 0:
            done += count
    except Exception as error:  # one line: CLI output stays traceback-free
        db.session.rollback()
        log.error("derived data could not be refreshed (retried next tick): %r", error)
    return done


def _claim(ids: list[int] | None, batch: int, indexed: bool) -> list[tuple[int, int]]:
    """Claim up to ``batch`` queue rows. The cluster pass takes them in the order of their
    events' start: a batch then covers a few days, and the matcher reads only those days'
    listings (in queue order a batch spans every day of many feeds: all listings each time)."""
    query = (
        select(DerivedWork.id, DerivedWork.event_id)
        .where(DerivedWork.indexed.is_(indexed))
        .limit(batch)
        .with_for_update(of=DerivedWork, skip_locked=True)
    )
    if indexed:
        query = query.join(Event, Event.id == DerivedWork.event_id).order_by(
            Event.start_at, DerivedWork.id
        )
    else:
        query = query.order_by(DerivedWork.id)
    if ids is not None:
        query = query.where(DerivedWork.event_id.in_(ids))
    return [(row.id, row.event_id) for row in db.session.execute(query)]


def _index_batch(ids: list[int] | None, batch: int) -> int:
    from events import indexing

    claimed = _claim(ids, batch, indexed=False)
    if claimed:
        events = sorted({event_id for _, event_id in claimed})
        lock_events(events)
        indexing.refresh(events)
        rows = [row_id for row_id, _ in claimed]
        db.session.execute(update(DerivedWork).where(DerivedWork.id.in_(rows)).values(indexed=True))
    db.session.commit()
    return len(claimed)


def _cluster_batch(batch: int, wait: bool) -> int:
    from events import clusters

    if not lock(wait=wait):
        db.session.rollback()
        return 0
    claimed = _claim(None, batch, indexed=True)
    if claimed:
        clusters.recluster_events(sorted({event_id for _, event_id in claimed}))
        rows = [row_id for row_id, _ in claimed]
        db.session.execute(delete(DerivedWork).where(DerivedWork.id.in_(rows)))
    db.session.commit()
    return len(claimed)
