"""Data versions: a package's cheap fingerprint of its tables, remembered briefly per process.

Cached pages, feeds and graph snapshots are keyed by a fingerprint of the data they show (a
package supplies the query: one query of index lookups). Reading it on every request would
cost a query per revalidation, so each process remembers the last reading per database for a
few seconds (``ttl``; ``HUIJU_<NAME>_VERSION_TTL`` overrides) and forgets every reading as
soon as a session of this process writes: at flush, for the session that sees its own writes,
and at commit, for every other. Another process's writes show up once the ``ttl`` has passed.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from threading import Lock
from time import monotonic
from typing import Any, Generic, TypeVar

from flask import current_app
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from core.extensions import db

T = TypeVar("T")
_lock = Lock()
_generation = 0  # counts forgettings: a reading begun before one must not be remembered
Memo = weakref.WeakKeyDictionary[Engine, tuple[float, Any]]
_memos: list[Memo] = []


class Fingerprint(Generic[T]):
    """One package's fingerprint ``read()`` of its data, as this process last read it, per
    database engine (tests switch databases and apps)."""

    def __init__(self, name: str, read: Callable[[], T], ttl: float) -> None:
        self.name, self.read, self.ttl = name, read, ttl
        self._memo: Memo = weakref.WeakKeyDictionary()  # engine -> (trusted until, reading)
        with _lock:
            _memos.append(self._memo)

    def current(self) -> T:
        """The remembered reading while it is fresh, else a new one (remembered unless this
        process wrote meanwhile)."""
        seen = self._memo.get(db.engine)
        if seen is not None and monotonic() < seen[0]:
            return seen[1]
        return self.refresh()

    def refresh(self) -> T:
        """Read now, and remember the reading for the ttl (unless this process wrote
        meanwhile)."""
        engine, now, generation = db.engine, monotonic(), _generation
        value = self.read()
        with _lock:
            if generation == _generation:
                self._memo[engine] = (now + self._ttl(), value)
        return value

    def expiring(self) -> bool:
        """Whether the remembered reading is missing or in the second half of its ttl: a
        busy process reads it again ahead (``refresh``, once a response is sent), so that
        requests seldom wait for the reading."""
        seen = self._memo.get(db.engine)
        return seen is None or monotonic() > seen[0] - self._ttl() / 2

    def _ttl(self) -> float:
        return float(current_app.config.get(f"HUIJU_{self.name.upper()}_VERSION_TTL", self.ttl))


def generation() -> int:
    """How many times this process has written (and forgotten its readings) so far: what was
    made before a write compares it with the current one."""
    return _generation


def forget_all() -> None:
    """Forget every remembered reading of every package in this process."""
    global _generation
    with _lock:
        _generation += 1
        for memo in _memos:
            memo.clear()


@event.listens_for(Session, "after_flush")
@event.listens_for(Session, "after_commit")
def _forget_on_write(session: Session, *_context: Any) -> None:
    # Any write may touch what some fingerprint covers (ORM objects or bulk statements alike);
    # forgetting costs one fingerprint query on the next request that needs it.
    forget_all()
