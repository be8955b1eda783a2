"""Rendered pages and feeds cached per process, keyed by a cheap version of the event data.

The version changes whenever a sync writes an event (``updated_at``), an event row appears
or disappears (count), or a partner is edited; a stale entry is simply never asked for again.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, datetime
from threading import Lock
from typing import Any

from sqlalchemy import func, select

from core.extensions import db
from events.models import Event
from partners.models import Partner


@dataclass(frozen=True)
class DataVersion:
    events_modified: datetime | None
    events: int
    partners_modified: datetime | None
    partners: int

    @property
    def key(self) -> str:
        stamps = [d.timestamp() if d else 0 for d in (self.events_modified,
                                                       self.partners_modified)]
        return f"{stamps[0]}-{self.events}-{stamps[1]}-{self.partners}"

    @property
    def last_modified(self) -> datetime:
        stamps = [d for d in (self.events_modified, self.partners_modified) if d]
        return max(stamps, default=datetime(2026, 1, 1, tzinfo=UTC))


def data_version() -> DataVersion:
    """``max(updated_at)`` and ``count`` of events and partners: one indexed query."""
    row = db.session.execute(select(
        select(func.max(Event.updated_at)).scalar_subquery(),
        select(func.count(Event.id)).scalar_subquery(),
        select(func.max(Partner.updated_at)).scalar_subquery(),
        select(func.count(Partner.id)).scalar_subquery(),
    )).one()
    return DataVersion(*(_aware(v) if i % 2 == 0 else v for i, v in enumerate(row)))


def _aware(value: datetime | str | None) -> datetime | None:
    """Scalar subqueries lose the column type on SQLite: parse and mark as UTC."""
    if value is None or isinstance(value, datetime):
        return value.astimezone(UTC) if value and value.tzinfo else (
            value.replace(tzinfo=UTC) if value else None)
    return datetime.fromisoformat(value).replace(tzinfo=UTC)


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
