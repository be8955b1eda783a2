"""Duplicate clusters: the same real-world event listed by several partners, shown once.

``recluster_events`` is called by the sync after each feed with the ids it changed (inside its
transaction; flush only). The matcher (events.dedupe, pure) compares listings of one
Shanghai day only, so a change can alter clusters on its own days alone: those days are read
with column queries, widened until every cluster and staff-merged pair they touch is whole
(events.cluster_scope). Staff decisions (PairDecision, keyed by the listings' feed and UID)
override the matcher and so survive re-syncs that recreate rows.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from sqlalchemy import bindparam, exists, select, update

from core.db_types import utcnow
from core.extensions import db
from core.office import SHANGHAI
from events import cluster_scope, dedupe, derived
from events.indexing import chunks, expire_loaded
from events.models import Event, EventCluster, PairDecision
from partners import cohost

Key = tuple[int, str]
TABLE = Event.__table__
_ASSIGN = (
    update(TABLE)
    .where(TABLE.c.id == bindparam("b_id"))
    .values(cluster_id=bindparam("b_cluster"), updated_at=bindparam("b_now"))
)


def listing(event: Any) -> dedupe.Listing:
    """The matcher's view of an Event or of a cluster_scope row."""
    return dedupe.Listing(
        id=event.id,
        feed_id=event.feed_id,
        partner_id=event.partner_id,
        uid=event.uid,
        titles=tuple(t for t in (event.title_en, event.title_zh) if t),
        places=tuple(p for p in (event.location_en, event.location_zh) if p),
        url=event.url or "",
        start_at=event.start_at,
        all_day_on=event.start_date if event.all_day else None,
    )


def pair_key(a: Any, b: Any) -> tuple[Key, Key]:
    return tuple(sorted([(a.feed_id, a.uid), (b.feed_id, b.uid)]))  # type: ignore[return-value]


def staff_decisions() -> dict[tuple[Key, Key], str]:
    """Every staff decision ("merged" or "split"), by the listings' (feed, UID) keys."""
    rows = db.session.scalars(select(PairDecision))
    return {((r.feed_a_id, r.uid_a), (r.feed_b_id, r.uid_b)): r.decision for r in rows}


def _pairs(
    events: list[Any], decisions: dict[tuple[Key, Key], str], day: Callable[[Any], date]
) -> tuple[list[tuple[int, int]], set[tuple[int, int]], dict]:
    """Merged pairs (matcher or staff), split pairs (staff), and each merged pair's score."""
    scores = {
        (m.a, m.b): m.score
        for m in dedupe.matches(map(listing, _shared_days(events, day)), floor=dedupe.MERGE)
    }
    ids: dict[Key, int] = {(e.feed_id, e.uid): e.id for e in events}
    split: set[tuple[int, int]] = set()
    staff_merged: set[tuple[int, int]] = set()
    for (key_a, key_b), decision in decisions.items():
        if key_a in ids and key_b in ids and ids[key_a] != ids[key_b]:
            pair = (min(ids[key_a], ids[key_b]), max(ids[key_a], ids[key_b]))
            (split if decision == "split" else staff_merged).add(pair)
    scores.update({pair: 1.0 for pair in staff_merged})
    merged = [pair for pair in scores if pair not in split]
    return merged, split, {"staff": staff_merged, "scores": scores}


def _shared_days(events: list[Any], day: Callable[[Any], date]) -> list[Any]:
    """The events of days listed by more than one partner: only those can match (a big
    import of one partner's feed mostly has days of its own)."""
    partners: dict[date, set[int]] = defaultdict(set)
    for event in events:
        partners[day(event)].add(event.partner_id)
    return [e for e in events if len(partners[day(e)]) > 1]


def _canonical(members: list[Any]) -> Any:
    """The fullest listing, then the first seen: what visitors see for the whole cluster
    (never one staff hid while another listing is not hidden)."""
    return max(
        members,
        key=lambda e: (
            e.hidden_at is None,
            bool(e.title_en) + bool(e.title_zh),
            e.description_size,
            -e.first_seen_at.timestamp(),
            -e.id,
        ),
    )


def _cluster_for(group: list[Any], taken: set[int]) -> EventCluster:
    """The cluster most members already belong to (unless a group regrouped before took it:
    a cluster split in two keeps its row for one half only), or a new one."""
    existing = Counter(e.cluster_id for e in group if e.cluster_id and e.cluster_id not in taken)
    cluster = db.session.get(EventCluster, existing.most_common(1)[0][0]) if existing else None
    if cluster is None:
        cluster = EventCluster()
        db.session.add(cluster)
        db.session.flush()
    return cluster


def _apply(
    group: list[Any],
    pairs: list[tuple[int, int]],
    info: dict,
    assign: dict[int, int | None],
    touch: set[int],
    taken: set[int],
) -> None:
    """Update the group's cluster row (``pairs``: its scored pairs, sorted); record its
    members' cluster, the cluster as ``taken`` by this regrouping, and whom to touch."""
    cluster = _cluster_for(group, taken)
    taken.add(cluster.id)
    ids = sorted(e.id for e in group)
    members = set(ids)
    cluster.score = min((info["scores"][p] for p in pairs), default=1.0)
    details = {"events": ids, "pairs": [[a, b, info["scores"][(a, b)]] for a, b in pairs]}
    if cluster.details != details:
        cluster.details = details
    if cluster.decision == "auto" and any(p in info["staff"] for p in pairs):
        cluster.decision = "merged"
    canonical = _canonical(group)
    if cluster.canonical_id != canonical.id:
        cluster.canonical_id = canonical.id
        touch.update(members)  # what visitors see changed: the page cache's version moves
    assign.update(dict.fromkeys(members, cluster.id))


def _pairs_within(
    groups: list[set[int]], scored: Iterable[tuple[int, int]]
) -> list[list[tuple[int, int]]]:
    """Each group's scored pairs (both ends in it), sorted: one pass over the pairs (a scan
    of every pair for every group took seconds in a batch of a busy month)."""
    group_of = {i: n for n, group in enumerate(groups) for i in group}
    within: list[list[tuple[int, int]]] = [[] for _ in groups]
    for pair in scored:
        n = group_of.get(pair[0])
        if n is not None and group_of.get(pair[1]) == n:
            within[n].append(pair)
    return [sorted(pairs) for pairs in within]


def _write(rows: dict[int, Any], assign: dict[int, int | None], touch: set[int]) -> set[int]:
    """Store new cluster ids (and bump updated_at) in one executemany; returns moved ids."""
    moved = {i for i, row in rows.items() if row.cluster_id != assign.get(i)}
    now = utcnow()
    params = [{"b_id": i, "b_cluster": assign.get(i), "b_now": now} for i in sorted(moved | touch)]
    if params:
        db.session.execute(_ASSIGN, params)
    expire_loaded(moved | touch, "cluster_id", "updated_at")
    return moved


def _regroup(scope: cluster_scope.Scope, decisions: dict) -> set[int]:
    """Recompute the clusters of ``scope``; returns the ids of clusters that changed."""
    rows = scope.live
    derived.lock_events(set(rows) | set(scope.removed))  # all at once, in id order
    merged, split, info = _pairs(list(rows.values()), decisions, scope.day_of)
    assign: dict[int, int | None] = {}
    touch: set[int] = set()
    taken: set[int] = set()  # clusters given to a group already (assign's values)
    groups = dedupe.groups({i for pair in merged for i in pair}, merged, split)
    for group, pairs in zip(groups, _pairs_within(groups, info["scores"]), strict=True):
        members = [rows[i] for i in group]
        if len({e.partner_id for e in members}) > 1:
            _apply(members, pairs, info, assign, touch, taken)
    moved = _write(rows, assign, touch)
    detached = {i: row for i, row in scope.removed.items() if row.cluster_id}
    _write(detached, {}, set())
    changed = {rows[i].cluster_id for i in moved | touch}
    changed |= {assign.get(i) for i in moved | touch}
    changed |= {row.cluster_id for row in detached.values()}
    changed |= scope.changed_clusters
    return {c for c in changed if c}


def recluster_events(event_ids: Iterable[int]) -> None:
    """Recompute the clusters the events ``event_ids`` are or could be in (flush only)."""
    derived.lock()  # clusters span feeds: one refresh at a time (see events.derived)
    db.session.flush()
    decisions = staff_decisions()
    scope = cluster_scope.around(list(event_ids), decisions)
    _finish(_regroup(scope, decisions), scope)


def recluster(partner_ids: set[int] | None = None) -> None:
    """Recompute the clusters around ``partner_ids``' live events (every cluster when None)."""
    derived.lock()
    db.session.flush()
    decisions = staff_decisions()
    scope = cluster_scope.around(cluster_scope.live_ids(partner_ids), decisions)
    changed = _regroup(scope, decisions)
    _finish(changed, scope, every_link=partner_ids is None)


def _finish(changed: set[int], scope: cluster_scope.Scope, every_link: bool = False) -> None:
    db.session.flush()
    _drop_empty_clusters(changed)
    if every_link:
        cohost.refresh_links(co_listings())
    elif changed:
        partners = cluster_scope.partners_of(changed) | scope.partners_in(changed)
        cohost.refresh_links(co_listings(partners), partners)
    db.session.flush()


def _drop_empty_clusters(candidates: set[int]) -> None:
    used = exists().where(Event.cluster_id == EventCluster.id)
    for part in chunks(candidates):
        for cluster in db.session.scalars(
            select(EventCluster).where(EventCluster.id.in_(part), ~used)
        ):
            db.session.delete(cluster)
    db.session.flush()


def decide(a: Event, b: Event, decision: str, user_id: int | None) -> None:
    """Store a staff decision for the pair (survives re-syncs) and recluster around it."""
    (fa, ua), (fb, ub) = pair_key(a, b)
    row = db.session.scalar(
        select(PairDecision).filter_by(feed_a_id=fa, uid_a=ua, feed_b_id=fb, uid_b=ub)
    )
    if row is None:
        row = PairDecision(feed_a_id=fa, uid_a=ua, feed_b_id=fb, uid_b=ub)
        db.session.add(row)
    row.decision, row.decided_by_id, row.decided_at = decision, user_id, utcnow()
    db.session.flush()
    recluster_events([a.id, b.id])
    if decision == "split":
        for event in (a, b):
            if event.cluster_id and (cluster := db.session.get(EventCluster, event.cluster_id)):
                cluster.decision = "split"
    db.session.flush()


def co_listings(partners: set[int] | None = None) -> dict[cohost.Pair, cohost.CoListing]:
    """For each partner pair: co-listed event count, first date, latest canonical event.
    With ``partners``, only the clusters they are in (complete for every pair they are in)."""
    query = (
        select(Event.cluster_id, Event.partner_id, Event.start_at, EventCluster.canonical_id)
        .join(EventCluster, EventCluster.id == Event.cluster_id)
        .where(Event.removed_at.is_(None))
    )
    if partners is not None:
        theirs = select(Event.cluster_id).where(
            Event.partner_id.in_(sorted(partners)),
            Event.cluster_id.is_not(None),
            Event.removed_at.is_(None),
        )
        query = query.where(Event.cluster_id.in_(theirs))
    clusters: dict[int, dict] = defaultdict(lambda: {"partners": set()})
    for cluster_id, partner_id, start_at, canonical_id in db.session.execute(query):
        entry = clusters[cluster_id]
        entry["partners"].add(partner_id)
        entry["canonical"], entry["day"] = canonical_id, start_at.astimezone(SHANGHAI).date()
    support: dict[cohost.Pair, dict] = {}
    for entry in clusters.values():
        partners_in = sorted(entry["partners"])
        for i, a in enumerate(partners_in):
            for b in partners_in[i + 1 :]:
                _add(support, (a, b), entry["day"], entry["canonical"])
    return {
        pair: cohost.CoListing(item["weight"], item["since"], item["evidence"])
        for pair, item in support.items()
    }


def _add(support: dict[cohost.Pair, dict], pair: cohost.Pair, day: date, canonical: int) -> None:
    item = support.setdefault(
        pair, {"weight": 0, "since": day, "latest": day, "evidence": canonical}
    )
    item["weight"] += 1
    item["since"] = min(item["since"], day)
    if day >= item["latest"]:
        item["latest"], item["evidence"] = day, canonical
