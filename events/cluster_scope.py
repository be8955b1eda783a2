"""Which stored events a change can re-cluster, read as plain rows (no ORM objects).

The matcher compares listings of one Shanghai day only, so the events a change can affect are
the live events of the changed events' days, plus every member of a cluster one of those is in
and every listing staff merged with one of them (those may sit on other days: their days are
added in turn until nothing new turns up). Days are read as ``start_at`` ranges, consecutive
days as one range, so a first import of 16,000 occurrences costs a few range scans.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select

from core.db_types import utcnow
from core.extensions import db
from core.office import SHANGHAI
from events import dedupe
from events.indexing import chunks, id_batches
from events.models import Event

Key = tuple[int, str]
LIVE_DAYS = 30  # events that ended longer ago keep the clusters they have
RANGES_PER_QUERY = 16
COLUMNS = (
    Event.id,
    Event.feed_id,
    Event.partner_id,
    Event.uid,
    Event.title_en,
    Event.title_zh,
    Event.location_en,
    Event.location_zh,
    Event.url,
    Event.start_at,
    Event.all_day,
    Event.start_date,
    Event.cluster_id,
    Event.first_seen_at,
    Event.hidden_at,
    (func.length(Event.description_en) + func.length(Event.description_zh)).label(
        "description_size"
    ),
)


@dataclass
class Scope:
    live: dict[int, Any] = field(default_factory=dict)  # rows the matcher regroups
    removed: dict[int, Any] = field(default_factory=dict)  # tombstones: leave their cluster
    changed_clusters: set[int] = field(default_factory=set)  # the changed events' clusters
    seen: set[int] = field(default_factory=set)
    day: dict[int, date] = field(default_factory=dict)  # each live row's matcher day
    merged_with: dict[Key, set[Key]] = field(default_factory=dict)  # staff-merged listings

    def day_of(self, row: Any) -> date:
        if row.id not in self.day:
            self.day[row.id] = row_day(row)
        return self.day[row.id]

    def partners_in(self, clusters: set[int]) -> set[int]:
        """Partners of the rows that were in ``clusters`` before the regrouping."""
        rows = (*self.live.values(), *self.removed.values())
        return {row.partner_id for row in rows if row.cluster_id in clusters}


def row_day(row: Any) -> date:
    return dedupe.day(row.start_at, row.start_date if row.all_day else None)


def _live(cutoff: datetime) -> list[ColumnElement]:
    return [Event.removed_at.is_(None), Event.end_at >= cutoff]


def live_ids(partner_ids: set[int] | None) -> list[int]:
    """Ids of the live events of ``partner_ids`` (of every partner when None)."""
    query = select(Event.id).where(*_live(utcnow() - timedelta(days=LIVE_DAYS)))
    if partner_ids is not None:
        query = query.where(Event.partner_id.in_(sorted(partner_ids)))
    return list(db.session.scalars(query))


# What the changed events themselves are needed for: their days and clusters (the live ones
# are read in full by the scan of their days).
LIGHT = (
    Event.id,
    Event.feed_id,
    Event.uid,
    Event.partner_id,
    Event.start_at,
    Event.all_day,
    Event.start_date,
    Event.cluster_id,
)


def _rows(where: ColumnElement, cutoff: datetime, columns: tuple = COLUMNS) -> Sequence[Any]:
    """``columns`` plus whether the event is live and whether it is a tombstone, computed by
    the database (two timestamps less to convert per row)."""
    state = (and_(*_live(cutoff)).label("live"), Event.removed_at.is_not(None).label("removed"))
    return db.session.execute(select(*columns, *state).where(where)).all()


def _by_ids(ids: Iterable[int], cutoff: datetime, columns: tuple = COLUMNS) -> list[Any]:
    return [
        row
        for where, wanted in id_batches(ids, Event.id)
        for row in _rows(where, cutoff, columns)
        if row.id in wanted
    ]


def _runs(days: set[date]) -> list[tuple[date, date]]:
    """Consecutive days (gaps of one day included) as (first, last) runs."""
    runs: list[tuple[date, date]] = []
    for day in sorted(days):
        if runs and (day - runs[-1][1]).days <= 2:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(), SHANGHAI)


def _on_days(scope: Scope, days: set[date], cutoff: datetime) -> list[Any]:
    """Live events compared on ``days`` that could be regrouped, read in full: those of days
    with more than one partner, in a cluster, or merged by staff (a day of one partner's
    events, the bulk of a first import, has nothing to match). A day of margin on each side
    of every run catches all-day events whose start time sits off the Shanghai midnight."""
    runs = _runs(days)
    found: list[Any] = []
    for start in range(0, len(runs), RANGES_PER_QUERY):
        ranges = [
            and_(
                Event.start_at >= _midnight(first) - timedelta(days=1),
                Event.start_at < _midnight(last) + timedelta(days=2),
            )
            for first, last in runs[start : start + RANGES_PER_QUERY]
        ]
        where = and_(*_live(cutoff), or_(*ranges))
        if not scope.merged_with and _nothing_to_match(where):
            continue
        found.extend(_rows(where, cutoff, LIGHT))
    found = [row for row in found if scope.day_of(row) in days]
    partners: dict[date, set[int]] = {}
    for row in found:
        partners.setdefault(scope.day[row.id], set()).add(row.partner_id)
    wanted = {
        row.id
        for row in found
        if len(partners[scope.day[row.id]]) > 1
        or row.cluster_id
        or (row.feed_id, row.uid) in scope.merged_with
    }
    scope.seen.update(row.id for row in found if row.id not in wanted)
    return _by_ids(wanted - scope.seen, cutoff)


def _nothing_to_match(where: ColumnElement) -> bool:
    """One partner's events only, none in a cluster: asked of the database (an index range,
    no rows to Python), since a partner's own calendar is what most syncs change."""
    partners = db.session.scalars(select(Event.partner_id).where(where).distinct().limit(2))
    if len(partners.all()) > 1:
        return False
    clustered = select(Event.id).where(where, Event.cluster_id.is_not(None)).limit(1)
    return db.session.scalar(clustered) is None


def _in_clusters(cluster_ids: set[int], cutoff: datetime) -> list[Any]:
    return [
        row for part in chunks(cluster_ids) for row in _rows(Event.cluster_id.in_(part), cutoff)
    ]


def _with_keys(keys: set[Key], cutoff: datetime) -> list[Any]:
    ordered = sorted(keys)
    found: list[Any] = []
    for start in range(0, len(ordered), 100):
        found.extend(
            _rows(
                or_(
                    *[
                        and_(Event.feed_id == feed_id, Event.uid == uid)
                        for feed_id, uid in ordered[start : start + 100]
                    ]
                ),
                cutoff,
            )
        )
    return found


def _merged_with(decisions: dict[tuple[Key, Key], str]) -> dict[Key, set[Key]]:
    partners: dict[Key, set[Key]] = {}
    for (a, b), decision in decisions.items():
        if decision == "merged":
            partners.setdefault(a, set()).add(b)
            partners.setdefault(b, set()).add(a)
    return partners


def around(event_ids: list[int], decisions: dict[tuple[Key, Key], str]) -> Scope:
    """The scope of a change to ``event_ids`` (inserted, updated or tombstoned)."""
    cutoff = utcnow() - timedelta(days=LIVE_DAYS)
    scope = Scope(merged_with=_merged_with(decisions))
    changed = _by_ids(event_ids, cutoff, LIGHT)
    scope.changed_clusters = {row.cluster_id for row in changed if row.cluster_id}
    live = {row.id for row in changed if row.live}
    days = {row_day(row) for row in changed if row.id in live}
    _keep(scope, [row for row in changed if row.id not in live])
    new = _on_days(scope, days, cutoff) + _in_clusters(scope.changed_clusters, cutoff)
    # A live change outside its day's scan (an all-day event far off its date) is read alone.
    new += _by_ids(live - scope.seen - {row.id for row in new}, cutoff)
    seen_days, seen_clusters, seen_keys = set(days), set(scope.changed_clusters), set()
    while new:
        new = _keep(scope, new)
        fresh = [row for row in new if row.id in scope.live]
        days = {scope.day_of(row) for row in fresh} - seen_days
        clusters = {row.cluster_id for row in new if row.cluster_id} - seen_clusters
        keys = {k for row in fresh for k in scope.merged_with.get((row.feed_id, row.uid), ())}
        keys -= seen_keys
        seen_days, seen_clusters, seen_keys = (
            seen_days | days,
            seen_clusters | clusters,
            seen_keys | keys,
        )
        new = (
            _on_days(scope, days, cutoff)
            + _in_clusters(clusters, cutoff)
            + _with_keys(keys, cutoff)
        )
    return scope


def _keep(scope: Scope, rows: list[Any]) -> list[Any]:
    """Sort rows not seen before (and return them): live ones are regrouped, tombstones leave
    their cluster, events that ended long ago are left as they are."""
    fresh = []
    for row in rows:
        if row.id in scope.seen:
            continue
        scope.seen.add(row.id)
        fresh.append(row)
        if row.live:
            scope.live[row.id] = row
        elif row.removed:
            scope.removed[row.id] = row
    return fresh


def partners_of(cluster_ids: Iterable[int]) -> set[int]:
    """Partners with a live listing in ``cluster_ids`` now."""
    found: set[int] = set()
    for part in chunks(cluster_ids):
        found.update(
            db.session.scalars(
                select(Event.partner_id)
                .distinct()
                .where(Event.cluster_id.in_(part), Event.removed_at.is_(None))
            )
        )
    return found
