"""Rendered pages cached per process, keyed by a cheap version of the event data (which
the feeds' ETags are made of too).

The version changes whenever a sync writes an event (``updated_at``), an event row is added
(``max(id)``), a feed is removed with its events (feed count), a partner is edited, or an
event ends (the next ``end_at`` to come); every part is an index lookup (a ``count`` of
100,000 events would cost more than a whole page). A stale entry is simply never asked for
again. The version is remembered briefly and forgotten on every write in this process
(core.versions, as the graph's is).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from threading import Lock
from typing import Any

from flask import Response, make_response, request, session
from flask_login import current_user
from sqlalchemy import func, select, table

from core.db_types import utcnow
from core.extensions import db
from core.i18n import current_lang
from core.office import SHANGHAI
from core.versions import Fingerprint
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
VERSION = Fingerprint("events", data_version, ttl=1.0)


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


pages = LRUCache(512)


def _cacheable() -> bool:
    """Anonymous pages without flashed messages are the same for every visitor with one zone."""
    return not current_user.is_authenticated and not session.get("_flashes")


_rendering: dict[Any, Lock] = {}  # keys being rendered, so that a burst renders each once
_rendering_lock = Lock()


def cached_page(render: Callable[[], Any]) -> Any:
    """``render()`` once per data version, URL, language, visitor zone and Shanghai day (the
    presets "this week", "this month" move at midnight). Never keyed by the clock otherwise:
    an entry lives until the data changes, so URLs do not all expire at the same moment; and
    requests that arrive while a page renders wait for it rather than render it again."""
    if not _cacheable():
        return render()
    key = (
        current_version().key,
        current_lang(),
        request.full_path,
        zones.visitor_zone_name(),
        utcnow().astimezone(SHANGHAI).date(),
    )
    cached = pages.get(key)
    if cached is None:
        with _rendering_lock:
            lock = _rendering.setdefault(key, Lock())
        with lock:
            cached = pages.get(key)
            if cached is None:
                response = make_response(render())
                cached = (response.get_data(), response.status_code, response.mimetype)
                pages.put(key, cached)
        with _rendering_lock:
            _rendering.pop(key, None)
    body, status, mimetype = cached
    return Response(body, status=status, mimetype=mimetype)
