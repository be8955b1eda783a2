"""Scheduling: claim due feeds atomically, sync them concurrently, run the periodic jobs.

Any number of scheduler processes may run: a feed is claimed with a lease before it is
synced (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, a guarded UPDATE everywhere), so no two
processes ever sync the same feed at once. Web workers never schedule. A scheduler stopped
by SIGTERM gives its claims back; a killed one's expire with the lease
(``HUIJU_CLAIM_LEASE_SECONDS``) and another process takes the feeds over.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

from flask import Flask, current_app
from sqlalchemy import or_, select, update

from core import planner_stats
from core.db_types import utcnow
from core.extensions import db
from federation.models import Feed, FeedSource
from federation.sync import SyncResult, sync_feed

log = logging.getLogger("huiju.scheduler")
TICK_SECONDS = 30
stopping = threading.Event()  # set on SIGTERM: claim nothing more
_held: set[int] = set()  # feeds this process claimed and has not synced yet
_held_lock = threading.Lock()


def claim_due(now: datetime, limit: int = 50) -> list[int]:
    """Claim up to ``limit`` due feeds for this process and commit the claim."""
    free = or_(Feed.claimed_until.is_(None), Feed.claimed_until < now)
    due = Feed.next_sync_at <= now  # also in the guard: it may have been synced since we looked
    query = (
        select(Feed.id)
        .where(Feed.enabled, Feed.source == FeedSource.PULL, due, free)
        .order_by(Feed.next_sync_at, Feed.id)
        .limit(limit)
    )
    if db.engine.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    candidates = list(db.session.scalars(query))
    claimed = []
    lease = timedelta(seconds=current_app.config["HUIJU_CLAIM_LEASE_SECONDS"])
    for feed_id in candidates:  # guarded: only if nobody claimed it since we looked
        result = db.session.execute(
            update(Feed).where(Feed.id == feed_id, due, free).values(claimed_until=now + lease)
        )
        if result.rowcount == 1:
            claimed.append(feed_id)
    with _held_lock:
        _held.update(claimed)
    db.session.commit()
    return claimed


def release_claims(app: Flask) -> int:
    """Give back the claims this process still holds (on SIGTERM: another scheduler takes
    the feeds over at once rather than when the lease runs out). Returns how many."""
    with _held_lock:
        held = sorted(_held)
        _held.clear()
    if not held:
        return 0
    with app.app_context():
        db.session.execute(
            update(Feed)
            .where(Feed.id.in_(held), Feed.claimed_until.is_not(None))
            .values(claimed_until=None)
        )
        db.session.commit()
        db.session.remove()
    log.info("released %d claimed feeds", len(held))
    return len(held)


def stop() -> None:
    """Ask this process's ticks to stop claiming; syncs in flight finish."""
    stopping.set()


def _sync_one(app: Flask, feed_id: int, trigger: str, force: bool) -> SyncResult:
    with app.app_context():
        try:
            return sync_feed(feed_id, trigger=trigger, force=force)
        finally:
            db.session.remove()
            with _held_lock:
                _held.discard(feed_id)  # the sync rescheduled it and cleared the claim


def sync_many(
    app: Flask,
    feed_ids: Iterable[int],
    *,
    trigger: str,
    workers: int | None = None,
    force: bool = False,
    progress: Callable[[SyncResult], None] | None = None,
) -> list[SyncResult]:
    """Sync feeds concurrently (a bounded pool; each thread with its own app context and
    database session). Results come back in the order of ``feed_ids``."""
    ids = list(feed_ids)
    workers = max(1, min(workers or app.config["HUIJU_SYNC_WORKERS"], len(ids) or 1))

    def one(feed_id: int) -> SyncResult:
        result = _sync_one(app, feed_id, trigger, force)
        if progress:
            progress(result)
        return result

    if workers == 1:
        return [one(feed_id) for feed_id in ids]
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="huiju-sync") as pool:
        return list(pool.map(one, ids))


def _claim_one(app: Flask) -> int | None:
    with app.app_context():
        try:
            ids = claim_due(utcnow(), limit=1)
        finally:
            db.session.remove()
    return ids[0] if ids else None


def sync_due(app: Flask, workers: int | None = None) -> list[SyncResult]:
    """Sync every due feed: each worker thread claims one feed, syncs it, claims the next,
    until none is due or the process is stopping. One feed per claim spreads a round evenly
    over any number of processes (no process sits on a batch another could be syncing)."""
    workers = max(1, workers or app.config["HUIJU_SYNC_WORKERS"])
    results: list[SyncResult] = []

    def worker() -> None:
        while not stopping.is_set():
            feed_id = _claim_one(app)
            if feed_id is None:
                return
            results.append(_sync_one(app, feed_id, "schedule", False))

    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="huiju-sync") as pool:
        for future in [pool.submit(worker) for _ in range(workers)]:
            future.result()
    return results


def tick(app: Flask) -> list[SyncResult]:
    """One scheduler round: sync what is due, refresh the derived data a crash left queued,
    render the export blocks missing, and the planner statistics all this outdated."""
    results = sync_due(app)
    if results:
        failed = sum(r.status == "error" for r in results)
        log.info("synced %d feeds (%d failed)", len(results), failed)
    repair_derived(app)
    if not stopping.is_set():
        warm_exports(app)  # also what pushes and uploads left since the last tick
        with app.app_context():
            planner_stats.refresh(db.metadata.tables)  # also what 304s, blocks and staff wrote
            db.session.remove()
    return results


def repair_derived(app: Flask) -> int:
    """Refresh what is still queued for the derived step: the events of a sync whose derived
    step failed or whose process died (each sync refreshes its own events at once)."""
    from events import derived

    with app.app_context():
        done = derived.run(stop=stopping.is_set)
        db.session.remove()
    if done:
        log.info("refreshed the derived data of %d queued events", done)
    return done


def warm_exports(app: Flask) -> int:
    """Render and store the export blocks that syncs, pushes and uploads left out (kept out of
    the sync itself, whose ingest cost they would double), so that no feed request has to
    render many; one short commit per chunk, so that other writers never wait long. Costs one
    query when nothing is missing. Returns how many events were rendered."""
    from events import export

    rendered = 0
    with app.app_context():
        try:
            for count in export.warm_chunks(export.all_missing(utcnow())):
                db.session.commit()
                rendered += count
        except Exception as error:  # one line (CLI output stays traceback-free); next tick retries
            db.session.rollback()
            log.error("export blocks could not be rendered: %r", error)
        db.session.remove()
    if rendered:
        log.info("rendered the iCalendar blocks of %d events", rendered)
    return rendered


def daily(app: Flask) -> None:
    """Once a day: follow-up reminder digests for lead owners."""
    from partners.leads import reminders

    with app.app_context():
        sent = reminders.send_due_digests(utcnow())
        db.session.commit()
        log.info("sent %d reminder digests", sent)


def build_scheduler(app: Flask, *, background: bool):
    from apscheduler.schedulers.background import BackgroundScheduler
    from apscheduler.schedulers.blocking import BlockingScheduler

    scheduler = (BackgroundScheduler if background else BlockingScheduler)(timezone="UTC")
    scheduler.add_job(
        tick,
        "interval",
        seconds=TICK_SECONDS,
        args=[app],
        id="sync",
        max_instances=1,
        coalesce=True,
        next_run_time=datetime.now().astimezone(),
    )
    scheduler.add_job(
        daily, "cron", hour=0, minute=30, args=[app], id="reminders", max_instances=1, coalesce=True
    )
    return scheduler


def maybe_start_embedded(app: Flask) -> None:
    """`huiju run` (the dev server) ticks in one background thread: not in the reloader's
    watcher process, not when HUIJU_SCHEDULER=off, never under gunicorn."""
    if os.environ.get("HUIJU_EMBEDDED_SCHEDULER") != "1" or app.config["HUIJU_SCHEDULER"] == "off":
        return
    if os.environ.get("HUIJU_RELOADER") == "1" and os.environ.get("WERKZEUG_RUN_MAIN") != "true":
        return
    if app.extensions.get("huiju_scheduler"):
        return
    scheduler = build_scheduler(app, background=True)
    scheduler.start()
    app.extensions["huiju_scheduler"] = scheduler
    log.info("embedded scheduler started")
