"""The derived step: search tokens, dropped VEVENT blocks and duplicate clusters of changed
events, refreshed from a queue (``DerivedWork``) in short transactions.

Any number of scheduler processes (and web workers handling pushes and uploads) write events
at once. What keeps them from deadlocking is one global order of locks: a transaction that
writes events first takes the derived lock (a PostgreSQL transaction-level advisory lock), a
sync's write phase in shared mode (syncs of different feeds touch disjoint rows), a derived
refresh in exclusive mode (it also writes other feeds' events, clusters and co-host links).
So no refresh ever waits on a row held by a transaction that waits on it. SQLite has one
writer at a time: the lock is a no-op there.

A sync queues its changed events in the transaction that writes them, and refreshes them
right after its commit; a crash in between leaves the queue rows, which the next scheduler
tick refreshes (``run()`` with no ids). Refreshes are idempotent: running one twice, or
concurrently with a queued duplicate, computes the same tokens and clusters.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from sqlalchemy import delete, func, select, text
from sqlalchemy.dialects import postgresql, sqlite

from core.db_types import utcnow
from core.extensions import db
from events.indexing import chunks
from events.models import DerivedWork

log = logging.getLogger("huiju.derived")
BATCH = 500  # events per refresh transaction: well under a second, even with clusters
LOCK_KEY = 0x6875_696A  # "huij": the one advisory lock of the derived step


def lock(*, shared: bool = False) -> None:
    """Take the derived lock for the rest of the transaction (first, before any row lock)."""
    if db.engine.dialect.name != "postgresql":
        return
    name = "pg_advisory_xact_lock_shared" if shared else "pg_advisory_xact_lock"
    db.session.execute(text(f"SELECT {name}(:key)"), {"key": LOCK_KEY})


def enqueue(event_ids: Iterable[int]) -> None:
    """Queue ``event_ids`` for refreshing, in the caller's transaction (flush only)."""
    now = utcnow()
    insert = postgresql.insert if db.engine.dialect.name == "postgresql" else sqlite.insert
    for part in chunks(event_ids, 2000):
        rows = [{"event_id": i, "queued_at": now} for i in part]
        db.session.execute(insert(DerivedWork).on_conflict_do_nothing(), rows)


def pending() -> int:
    return db.session.scalar(select(func.count()).select_from(DerivedWork)) or 0


def run(event_ids: Iterable[int] | None = None, *, batch: int = BATCH) -> int:
    """Refresh queued events (only those of ``event_ids`` if given; every queued one else),
    one committed transaction per batch. Returns how many were refreshed. A failure is logged
    in one line and rolled back: the rows stay queued for the next tick."""
    db.session.commit()  # the lock must be the transaction's first
    parts = [None] if event_ids is None else list(chunks(event_ids, batch))
    done = 0
    for part in parts:
        while True:
            try:
                count = _refresh_batch(part, batch)
            except Exception as error:  # one line: CLI output stays traceback-free
                db.session.rollback()
                log.error("derived data could not be refreshed (retried next tick): %r", error)
                return done
            done += count
            if count < batch or part is not None:
                break
    return done


def _refresh_batch(ids: list[int] | None, batch: int) -> int:
    from events import clusters, indexing

    lock()
    query = select(DerivedWork.event_id).order_by(DerivedWork.event_id).limit(batch)
    if ids is not None:
        query = query.where(DerivedWork.event_id.in_(ids))
    # Under the exclusive lock nothing else refreshes; SKIP LOCKED keeps a slow statement of a
    # writer that queues more from ever making this wait.
    claimed = list(db.session.scalars(query.with_for_update(skip_locked=True)))
    if claimed:
        indexing.refresh(claimed)
        clusters.recluster_events(claimed)
        db.session.execute(delete(DerivedWork).where(DerivedWork.event_id.in_(claimed)))
    db.session.commit()
    return len(claimed)
