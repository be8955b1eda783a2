"""An in-process cache of the built network and everything computed from it.

Entries are keyed by the data version (see :func:`graph.queries.data_version`) and the date
window, so an unchanged dataset is never rebuilt nor re-measured, and a changed one simply
gets a new key (old keys fall out, least recently used first). Each part of a snapshot
(layout, metrics, the JSON payload …) is computed once, by whichever thread asks first;
the others wait for that result instead of computing it again.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

import networkx as nx
from flask import Flask, current_app

from core.versions import Fingerprint
from graph import queries
from graph.build import LinkEdge, PartnerNode, build_graph

T = TypeVar("T")
MAX_ENTRIES = 8
Rows = tuple[list[PartnerNode], list[LinkEdge]]
# The version query scans both tables; remembering it for two seconds is what lets an
# unchanged network answer a revalidation with no query at all (core.versions: forgotten at
# once on writes in this process, so only other processes' edits wait).
VERSION = Fingerprint("graph", queries.data_version, ttl=2.0)


class Snapshot:
    """The network of one data version within one date window, with its computed parts."""

    def __init__(self, version: str, data: Rows, start: date | None, end: date | None) -> None:
        self.version = version
        self.partners, self.links = data
        self.start, self.end = start, end
        self.graph: nx.Graph = build_graph(self.partners, self.links, start=start, end=end)
        self._parts: dict[str, Any] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def part(self, name: str, compute: Callable[[Snapshot], T]) -> T:
        """The part ``name``, computed by ``compute(self)`` the first time it is asked for."""
        if name in self._parts:
            return self._parts[name]
        with self._lock_for(name):
            if name not in self._parts:
                self._parts[name] = compute(self)
        return self._parts[name]

    def _lock_for(self, name: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(name, threading.Lock())


class GraphCache:
    """Snapshots by (data version, start, end), at most ``max_entries`` of them; thread-safe."""

    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self.max_entries = max_entries
        self._entries: OrderedDict[tuple, Snapshot] = OrderedDict()
        self._rows: tuple[str, Rows] | None = None
        self._lock = threading.RLock()
        self.builds = 0  # how many snapshots were built: what tests and benchmarks watch

    def snapshot(
        self, version: str, load: Callable[[], Rows], start: date | None, end: date | None
    ) -> Snapshot:
        """The snapshot for ``version`` and the window, built from ``load()`` if missing.

        Building holds the lock: a second request for the same new version waits for the
        first one's result rather than reading and building the whole network again.
        """
        key = (version, start, end)
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
            snap = Snapshot(version, self._rows_for(version, load), start, end)
            self.builds += 1
            self._entries[key] = snap
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)
            return snap

    def _rows_for(self, version: str, load: Callable[[], Rows]) -> Rows:
        """The rows of ``version``, read once and shared by every date window."""
        if self._rows is None or self._rows[0] != version:
            self._rows = (version, load())
        return self._rows[1]


def cache_for(app: Flask) -> GraphCache:
    """The app's graph cache (one per app, so tests and apps never share entries)."""
    return app.extensions.setdefault("huiju_graph_cache", GraphCache())


def current_version() -> str:
    """The data version of partners and links, as this process last read it."""
    return VERSION.current()


def current_snapshot(start: date | None = None, end: date | None = None) -> Snapshot:
    """The snapshot of the data as it is now, within ``[start, end]``."""
    return cache_for(current_app).snapshot(current_version(), queries.load_rows, start, end)
