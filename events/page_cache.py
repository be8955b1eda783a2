"""Rendered pages cached per process, keyed by a cheap version of the event data (which
the feeds' ETags are made of too).

The version changes whenever a sync writes an event (``updated_at``), an event row is added
(``max(id)``), a feed is removed with its events (feed count), a partner is edited, or an
event ends (the next ``end_at`` to come); every part is an index lookup (a ``count`` of
100,000 events would cost more than a whole page). An entry is kept per URL, language,
visitor zone and day, with the version it shows: a new version renders it again, in the
background while the old page may still be shown (``cached_page``). The version is remembered
briefly and forgotten on every write in this process (core.versions, as the graph's is).
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from threading import Lock
from time import monotonic
from typing import Any

from flask import (
    Response,
    copy_current_request_context,
    current_app,
    make_response,
    request,
    session,
)
from flask_login import current_user
from sqlalchemy import func, select, table

from core import versions
from core.db_types import utcnow
from core.extensions import db
from core.i18n import current_lang
from core.office import SHANGHAI
from events import zones
from events.models import Event
from partners.models import Partner


@dataclass(frozen=True)
class DataVersion:
    events_modified: datetime | None
    events: str  # "<max event id>/<feed count>": grows with every new event or removed feed
    partners_modified: datetime | None
    partners: int
    next_end: datetime | None = None  # the next moment an event ends: lists change then

    @property
    def key(self) -> str:
        stamps = [
            d.timestamp() if d else 0
            for d in (self.events_modified, self.partners_modified, self.next_end)
        ]
        return f"{stamps[0]}-{self.events}-{stamps[1]}-{self.partners}-{stamps[2]}"

    @property
    def last_modified(self) -> datetime:
        stamps = [d for d in (self.events_modified, self.partners_modified) if d]
        return max(stamps, default=datetime(2026, 1, 1, tzinfo=UTC))


def data_version() -> DataVersion:
    """Latest change and size of events, feeds and partners, and the next end of an event
    (what "upcoming" and "past" show changes then, and only then): one query of index
    lookups."""
    row = db.session.execute(
        select(
            select(func.max(Event.updated_at)).scalar_subquery(),
            select(func.max(Event.id)).scalar_subquery(),
            select(func.count()).select_from(table("feed")).scalar_subquery(),
            select(func.max(Partner.updated_at)).scalar_subquery(),
            select(func.count(Partner.id)).scalar_subquery(),
            select(func.min(Event.end_at)).where(Event.end_at >= utcnow()).scalar_subquery(),
        )
    ).one()
    events_modified, last_id, feeds, partners_modified, partners, next_end = row
    return DataVersion(
        _aware(events_modified),
        f"{last_id}/{feeds}",
        _aware(partners_modified),
        partners,
        _aware(next_end),
    )


def _aware(value: datetime | str | None) -> datetime | None:
    """Scalar subqueries lose the column type on SQLite: parse and mark as UTC."""
    if value is None or isinstance(value, datetime):
        return (
            value.astimezone(UTC)
            if value and value.tzinfo
            else (value.replace(tzinfo=UTC) if value else None)
        )
    return datetime.fromisoformat(value).replace(tzinfo=UTC)


# Read at most once a second per process: a revalidation then costs no query at all, and a
# change shows up within a second in other workers, at once in this one (core.versions).
VERSION = versions.Fingerprint("events", data_version, ttl=1.0)


def current_version() -> DataVersion:
    return VERSION.current()


class LRUCache:
    """A small thread-safe LRU map (gunicorn threads share one per worker process)."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._items: OrderedDict[Any, Any] = OrderedDict()
        self._lock = Lock()

    def get(self, key: Any) -> Any | None:
        with self._lock:
            if key not in self._items:
                return None
            self._items.move_to_end(key)
            return self._items[key]

    def put(self, key: Any, value: Any) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


log = logging.getLogger("huiju.pages")
pages = LRUCache(512)


def _cacheable() -> bool:
    """Anonymous pages without flashed messages are the same for every visitor with one zone."""
    return not current_user.is_authenticated and not session.get("_flashes")


@dataclass
class Entry:
    """A rendered page, with the data version it shows, after which of this process's
    writes (core.versions.generation) and when it was rendered, and when it was last known
    to show the current version (rendered, or served as a hit)."""

    version: str
    body: bytes
    status: int
    mimetype: str | None
    generation: int
    rendered_at: float
    current_at: float


_rendering: dict[Any, Lock] = {}  # keys being rendered, so that a burst renders each once
_rendering_lock = Lock()


def _key_lock(key: Any) -> Lock:
    with _rendering_lock:
        return _rendering.setdefault(key, Lock())


def _forget_lock(key: Any) -> None:
    with _rendering_lock:
        _rendering.pop(key, None)


def _render(key: Any, render: Callable[[], Any]) -> Entry:
    """Render the page for the current data version and keep it (the caller holds the key's
    lock)."""
    generation, version = versions.generation(), current_version().key
    response = make_response(render())
    entry = Entry(
        version,
        response.get_data(),
        response.status_code,
        response.mimetype,
        generation,
        rendered_at=(now := monotonic()),
        current_at=now,
    )
    pages.put(key, entry)
    return entry


def _graceful(entry: Entry) -> bool:
    """May ``entry``, of an older version, be shown before its page renders again? Only if
    it was known to be current within the grace period (what it shows is at most that old,
    and the version's own reading a second more) and this process has written nothing since
    it was rendered (what a visitor just changed here shows at once)."""
    grace = current_app.config["HUIJU_PAGE_GRACE_SECONDS"]
    return monotonic() - entry.current_at <= grace and entry.generation == versions.generation()


def _due(entry: Entry) -> bool:
    """Is a page of an older version to be rendered again now? Not within half the grace
    period of its last render: while feeds sync, the version changes every second, and each
    worker rendering each page that often would take the machine from the syncs. What the
    page shows stays within the grace period."""
    return monotonic() - entry.rendered_at >= current_app.config["HUIJU_PAGE_GRACE_SECONDS"] / 2


def _render_again(key: Any, render: Callable[[], Any]) -> None:
    """Render ``key`` for the current version, unless another request is rendering it or
    has rendered it already."""
    lock = _key_lock(key)
    if not lock.acquire(blocking=False):
        return  # someone renders it now
    try:
        entry = pages.get(key)
        if entry is None or entry.version != current_version().key:
            _render(key, render)
    finally:
        lock.release()
        _forget_lock(key)


def _after_sending(response: Response, key: Any, render: Callable[[], Any] | None) -> None:
    """Once ``response`` has been sent (the server closes it then), with a copy of this
    request: read the data version again if its reading is about to expire (the next
    requests then find it read), and render ``key`` again if ``render`` is given (unless
    another request is rendering it, or has rendered the current version). The visitor's
    page goes out first, and no thread competes with it."""
    if render is None and not VERSION.expiring():
        return

    @copy_current_request_context
    def work() -> None:
        try:
            if VERSION.expiring():
                VERSION.refresh()
            if render is not None:
                _render_again(key, render)
        except Exception as error:  # the stale page stays; the next request tries again
            log.error("page %s could not be rendered again: %r", request.full_path, error)

    response.call_on_close(work)


def cached_page(render: Callable[[], Any]) -> Any:
    """``render()`` once per data version, URL, language, visitor zone and Shanghai day (the
    presets "this week", "this month" move at midnight). Never keyed by the clock otherwise:
    an entry lasts until the data changes, so URLs do not all expire at the same moment.

    When the data has changed, the page of the previous version is still shown for a moment
    (``HUIJU_PAGE_GRACE_SECONDS`` after it was last known current: stale-while-revalidate),
    and the new one is rendered once that response has been sent (at most once in half the
    grace period): during a sync round, whose every feed changes the version, visitors get
    pages from memory instead of each waiting for a render on a busy machine. An older
    page, or one this process's own writes outdated, is never shown: the request renders it
    (requests that arrive meanwhile wait for that render rather than render it again). The
    ``X-Huiju-Cache`` header says which it was: ``hit``, ``stale`` or ``miss``."""
    if not _cacheable():
        return render()
    key = (
        current_lang(),
        request.full_path,
        zones.visitor_zone_name(),
        utcnow().astimezone(SHANGHAI).date(),
    )
    version = current_version().key
    entry, served = pages.get(key), "hit"
    if entry is not None and entry.version == version:
        entry.current_at = monotonic()
    elif entry is not None:
        served = "stale" if _graceful(entry) else "miss"
    if served == "miss" or entry is None:
        with _key_lock(key):  # a request rendering it meanwhile renders it for this one too
            entry, served = pages.get(key), "hit"
            if entry is None or entry.version != version:
                entry, served = _render(key, render), "miss"
        _forget_lock(key)
    response = Response(entry.body, status=entry.status, mimetype=entry.mimetype)
    response.headers["X-Huiju-Cache"] = served  # for operators, as a CDN's X-Cache
    _after_sending(response, key, render if served == "stale" and _due(entry) else None)
    return response
