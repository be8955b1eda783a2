"""One feed's sync, end to end: fetch → prepare → apply in one transaction → record the run.

``sync_feed`` never raises for a feed's own problems: a fetch or parse failure is recorded
on the feed and in its SyncRun, and no stored event changes because of it.

No transaction writes while a body is fetched or parsed: SQLite has one write lock for the
whole database, and a sync that parsed while holding it made every sign-in, push and upload
wait (until the busy timeout ran out). The stored state is read and the body prepared first;
the write phase then locks the feed's row, checks that the state is still the one planned
against (another sync of the same feed may have applied meanwhile) and writes.
"""

from __future__ import annotations

import logging
import random
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import update

from core import planner_stats
from core.db_types import utcnow
from core.extensions import db
from events import derived
from events.models import DerivedWork, Event, EventCluster
from federation import store
from federation.errors import FederationError, FetchError
from federation.fetch import FetchPolicy, FetchResult, fetch
from federation.models import Feed, FeedSource, FeedStatus, SyncRun
from federation.plan import ComponentKey, shrunk_from, valid_components
from federation.prepare import Prepared, body_key, prepare
from federation.queries import recent_peak
from federation.sync_errors import coded, message_of, stored

log = logging.getLogger("huiju.sync")
MAX_BACKOFF = timedelta(days=1)
ATTEMPTS = 3  # plans of one body: a concurrent sync of the same feed moves the state once
Validators = tuple[str | None, str | None]  # a fetched body's ETag and Last-Modified
# The tables a sync and its derived step write in bulk: their planner statistics are kept
# current (core.planner_stats), or the pages read them with plans made for an empty table.
WRITTEN_TABLES = tuple(m.__tablename__ for m in (Event, EventCluster, DerivedWork, Feed, SyncRun))
Stored = dict[ComponentKey, tuple[int, str, int]]  # store.stored_components


@dataclass
class SyncResult:
    """What a sync did, as the CLI's and the push API's JSON shows it."""

    feed_id: int
    status: str  # ok | not_modified | unchanged | held | error
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    occurrences: int = 0
    skipped: list[dict[str, str]] = field(default_factory=list)
    # Components read well with no occurrence in the sync window [start, end) (ISO UTC).
    outside_window: int = 0
    window: dict[str, str] | None = None
    error: str | None = None
    http_status: int | None = None
    bytes: int = 0
    changed_event_ids: list[int] = field(default_factory=list, repr=False)
    # The error as the database keeps it (federation.sync_errors.stored), not for the JSON.
    stored_error: str | None = field(default=None, repr=False)

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("changed_event_ids")
        data.pop("stored_error")
        data["skipped"] = [{"uid": s["uid"], "reason": s["reason"]} for s in self.skipped]
        return data


def fetch_policy() -> FetchPolicy:
    config = current_app.config
    return FetchPolicy(
        allow_hosts=frozenset(config["HUIJU_FEED_ALLOW_HOSTS"]),
        max_bytes=config["HUIJU_FEED_MAX_BYTES"],
        total_timeout=config["HUIJU_FEED_TIMEOUT"],
    )


def sync_feed(
    feed_id: int, *, trigger: str = "schedule", now: datetime | None = None, force: bool = False
) -> SyncResult:
    """Fetch a pull feed and apply it (or re-apply a held body when ``force``)."""
    now = now or utcnow()
    feed = db.session.get(Feed, feed_id)
    if feed is None:
        raise FederationError(f"There is no feed {feed_id}.")
    if force and feed.status == FeedStatus.HELD and feed.held_body is not None:
        return apply_body(
            feed, feed.held_body, charset="utf-8", trigger=trigger, now=now, force=True
        )
    if feed.source != FeedSource.PULL:
        raise FederationError(f"Feed {feed_id} is an uploaded calendar: import a file instead.")
    started = time.monotonic()
    etag, last_modified, url = feed.etag, feed.last_modified, feed.url
    db.session.commit()  # no transaction stays open while we wait for a partner's server
    try:
        fetched = fetch(
            url,
            etag=None if force else etag,
            last_modified=None if force else last_modified,
            policy=fetch_policy(),
        )
    except FetchError as error:
        return _failed(feed, error, trigger, now, started, retry_after=error.retry_after)
    if fetched.status == 304:
        return _not_modified(feed, fetched, trigger, now, started)
    return apply_body(
        feed,
        fetched.body or b"",
        charset=fetched.charset,
        trigger=trigger,
        now=now,
        force=force,
        started=started,
        http_status=fetched.status,
        validators=(fetched.etag, fetched.last_modified),
    )


def apply_body(
    feed: Feed,
    body: bytes,
    *,
    charset: str | None,
    trigger: str,
    now: datetime,
    force: bool = False,
    started: float | None = None,
    http_status: int | None = None,
    validators: Validators | None = None,
) -> SyncResult:
    """Run the pipeline on ``body`` and apply it in one short transaction. ``validators`` are
    kept only if the body is applied, held or found unchanged (a failed body is fetched again).
    Whatever the caller left pending is committed first: nothing writes while we parse."""
    started = time.monotonic() if started is None else started
    db.session.commit()
    key = body_key(body, feed.language, now)
    for _attempt in range(ATTEMPTS):
        if key == feed.body_hash and not force and feed.status != FeedStatus.HELD:
            _keep_validators(feed, validators)
            return _unchanged_body(feed, len(body), trigger, now, started, http_status)
        result = _try_apply(feed, body, charset, key, now, force, validators)
        if isinstance(result, FederationError):
            return _failed(feed, result, trigger, now, started, http_status=http_status)
        if result is not None:
            return _applied(feed, result, trigger, now, started, http_status, len(body))
        db.session.rollback()  # another sync of this feed applied meanwhile: plan again
    moved = FederationError(coded("sync.kept_changing", feed=feed.id))
    return _failed(feed, moved, trigger, now, started, http_status=http_status)


def _try_apply(
    feed: Feed,
    body: bytes,
    charset: str | None,
    key: str,
    now: datetime,
    force: bool,
    validators: Validators | None,
) -> SyncResult | FederationError | None:
    """``_apply``, any failure rolled back and returned as the error to record."""
    try:
        return _apply(feed, body, charset, key, now, force, validators)
    except FederationError as error:
        db.session.rollback()
        return error
    except Exception as error:  # a bug or a database fault must not lose or half-apply data
        db.session.rollback()
        log.exception("sync of feed %s failed: %r", feed.id, error)
        return FederationError(coded("sync.internal", kind=type(error).__name__))


def _applied(
    feed: Feed,
    result: SyncResult,
    trigger: str,
    now: datetime,
    started: float,
    http_status: int | None,
    size: int,
) -> SyncResult:
    result.http_status, result.bytes = http_status, size
    run_id = _record(feed, result, trigger, now, started).id
    db.session.commit()
    after_commit(feed, result, run_id)
    return result


def _apply(
    feed: Feed,
    body: bytes,
    charset: str | None,
    key: str,
    now: datetime,
    force: bool,
    validators: Validators | None,
) -> SyncResult | None:
    """Plan with no write pending, then write; None if the stored state moved in between."""
    planned, context, language = store.stored_components(feed.id), feed.context_hash, feed.language
    db.session.commit()  # no transaction stays open (idle, for PostgreSQL) while we parse
    prepared = prepare(
        body,
        charset=charset,
        stored=_hashes(planned),
        stored_context=context,
        language=language,
        default_tz=current_app.config["HUIJU_DEFAULT_TIMEZONE"],
        now=now,
    )
    stored = _lock(feed, now)
    if feed.context_hash != context or _hashes(stored) != _hashes(planned):
        return None
    _keep_validators(feed, validators)
    valid_now = valid_components(prepared.plan, prepared.outcomes)
    shrunk = None if force else shrunk_from(len(stored), recent_peak(feed.id, now), valid_now)
    if shrunk is not None:
        return _hold(feed, body, shrunk, valid_now, now)
    return _store(feed, prepared, key, now, stored)


def _hashes(stored: Stored) -> dict[ComponentKey, str]:
    return {k: v[1] for k, v in stored.items()}


def _lock(feed: Feed, now: datetime) -> Stored:
    """Begin the write phase: updating the feed's row takes SQLite's write lock (a row lock on
    PostgreSQL), so no other sync of this feed writes before we commit; then read the feed and
    its stored state as they are now."""
    db.session.execute(update(Feed).where(Feed.id == feed.id).values(last_sync_at=now))
    db.session.refresh(feed)
    return store.stored_components(feed.id)


def _store(feed: Feed, prepared: Prepared, key: str, now: datetime, stored: Stored) -> SyncResult:
    counts, occurrences, changed = store.apply(feed, prepared, now, stored)
    derived.enqueue(changed)  # with the events: a crash before the derived step loses nothing
    feed.body_hash, feed.context_hash = key, prepared.context_key
    feed.held_body, feed.held_reason = None, ""
    _succeeded(feed, now)
    return SyncResult(
        feed.id,
        "ok",
        counts.added,
        counts.updated,
        counts.unchanged,
        counts.removed,
        occurrences,
        counts.skipped,
        outside_window=counts.outside_window,
        window={
            "start": prepared.context.window_start.isoformat(),
            "end": prepared.context.window_end.isoformat(),
        },
        changed_event_ids=changed,
    )


def _keep_validators(feed: Feed, validators: Validators | None) -> None:
    if validators is not None:
        feed.etag, feed.last_modified = validators


def _hold(
    feed: Feed, body: bytes, shrunk: tuple[int, bool], after: int, now: datetime
) -> SyncResult:
    feed.status, feed.held_body = FeedStatus.HELD, body
    before, over_the_week = shrunk
    reason = coded("sync.held_week" if over_the_week else "sync.held", after=after, before=before)
    feed.held_reason = feed.last_error = stored(reason)
    _schedule(feed, now, failures=0)
    return SyncResult(feed.id, "held", error=str(reason), stored_error=feed.held_reason)


def _succeeded(feed: Feed, now: datetime) -> None:
    feed.status, feed.last_error = FeedStatus.OK, ""
    feed.last_success_at = now
    feed.consecutive_failures = 0
    _schedule(feed, now, failures=0)


def _failed(
    feed: Feed,
    error: FederationError,
    trigger: str,
    now: datetime,
    started: float,
    *,
    retry_after: float | None = None,
    http_status: int | None = None,
) -> SyncResult:
    feed.consecutive_failures += 1
    if feed.status != FeedStatus.HELD:
        feed.status = FeedStatus.FAILING
    feed.last_error = stored(message_of(error))
    _schedule(feed, now, failures=feed.consecutive_failures, retry_after=retry_after)
    status = getattr(error, "http_status", None) or http_status
    result = SyncResult(
        feed.id, "error", error=str(error), http_status=status, stored_error=feed.last_error
    )
    _record(feed, result, trigger, now, started)
    db.session.commit()
    return result


def _not_modified(
    feed: Feed, fetched: FetchResult, trigger: str, now: datetime, started: float
) -> SyncResult:
    feed.etag = fetched.etag or feed.etag
    feed.last_modified = fetched.last_modified or feed.last_modified
    if feed.status != FeedStatus.HELD:
        _succeeded(feed, now)
    result = _unchanged_result(feed, "not_modified", 304)
    _record(feed, result, trigger, now, started)
    db.session.commit()
    return result


def _unchanged_body(
    feed: Feed, size: int, trigger: str, now: datetime, started: float, http_status: int | None
) -> SyncResult:
    _succeeded(feed, now)
    result = _unchanged_result(feed, "unchanged", http_status)
    result.bytes = size
    _record(feed, result, trigger, now, started)
    db.session.commit()
    return result


def _unchanged_result(feed: Feed, status: str, http_status: int | None) -> SyncResult:
    stored = store.stored_components(feed.id)
    return SyncResult(
        feed.id,
        status,
        unchanged=len(stored),
        occurrences=sum(v[2] for v in stored.values()),
        http_status=http_status,
    )


def _schedule(
    feed: Feed, now: datetime, *, failures: int, retry_after: float | None = None
) -> None:
    """Next sync: the interval with ±10 % jitter (so feeds added together spread out);
    after failures, exponential backoff capped at a day, never sooner than Retry-After."""
    base = timedelta(minutes=max(1, feed.interval_minutes))
    delay = min(base * (2 ** min(failures, 16)), MAX_BACKOFF) if failures else base
    delay *= random.uniform(0.9, 1.1)
    if retry_after:
        delay = max(delay, timedelta(seconds=min(retry_after, MAX_BACKOFF.total_seconds())))
    feed.next_sync_at = now + delay
    feed.claimed_until = None
    feed.last_sync_at = now


def _record(feed: Feed, result: SyncResult, trigger: str, now: datetime, started: float) -> SyncRun:
    run = SyncRun(
        feed_id=feed.id,
        trigger=trigger,
        started_at=now,
        outcome=result.status,
        duration_ms=int((time.monotonic() - started) * 1000),
        http_status=result.http_status,
        bytes=result.bytes,
        added=result.added,
        updated=result.updated,
        unchanged=result.unchanged,
        removed=result.removed,
        outside_window=result.outside_window,
        occurrences=result.occurrences,
        skipped=result.skipped[:500],
        error=result.stored_error or result.error or "",
    )
    db.session.add(run)
    db.session.flush()
    return run


def after_commit(feed: Feed, result: SyncResult, run_id: int | None = None) -> None:
    """The derived step of an applied change (search index, export blocks, duplicate
    clusters) for the events it changed only, in its own short transactions; its cost is
    added to the sync's run ``run_id``. If it fails, the events are stored and still queued:
    the next scheduler tick (events.derived) refreshes them."""
    if not result.changed_event_ids:
        return
    started = time.monotonic()
    derived.run(result.changed_event_ids, wait=False)
    planner_stats.refresh(WRITTEN_TABLES)
    if run_id is not None:
        spent = int((time.monotonic() - started) * 1000)
        db.session.execute(
            update(SyncRun)
            .where(SyncRun.id == run_id)
            .values(derived_ms=spent, duration_ms=SyncRun.duration_ms + spent)
        )
        db.session.commit()
