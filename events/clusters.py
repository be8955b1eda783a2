"""Duplicate clusters: the same real-world event listed by several partners, shown once.

``recluster`` is called by the sync after each feed (inside its transaction; flush only).
The matcher is federation.dedupe (pure); staff decisions (PairDecision, keyed by the listings'
feed and UID) override it and so survive re-syncs that recreate rows.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from core.db_types import utcnow
from core.extensions import db
from core.i18n import SHANGHAI
from events.models import Event, EventCluster, PairDecision
from events.page_cache import forget_version
from federation import dedupe
from partners import cohost

Key = tuple[int, str]


def listing(event: Event) -> dedupe.Listing:
    return dedupe.Listing(
        id=event.id, feed_id=event.feed_id, partner_id=event.partner_id, uid=event.uid,
        titles=tuple(t for t in (event.title_en, event.title_zh) if t),
        places=tuple(p for p in (event.location_en, event.location_zh) if p),
        url=event.url or "", start_at=event.start_at,
        all_day_on=event.start_date if event.all_day else None,
    )


def pair_key(a: Event, b: Event) -> tuple[Key, Key]:
    return tuple(sorted([(a.feed_id, a.uid), (b.feed_id, b.uid)]))  # type: ignore[return-value]


def _affected(partner_ids: set[int] | None) -> list[Event]:
    """Live events of those partners plus every live event on the same days (any partner)."""
    live = select(Event).where(Event.removed_at.is_(None), Event.end_at >= utcnow() - timedelta(
        days=30)).options(joinedload(Event.partner))
    if partner_ids is None:
        return list(db.session.scalars(live))
    own = list(db.session.scalars(live.where(Event.partner_id.in_(partner_ids))))
    days = {e.start_at for e in own}
    if not days:
        return own
    window = [(d - timedelta(days=1), d + timedelta(days=1)) for d in days]
    nearby = or_(*[Event.start_at.between(lo, hi) for lo, hi in window[:500]])
    clustered = select(Event.cluster_id).where(Event.id.in_([e.id for e in own]))
    return list(db.session.scalars(live.where(or_(nearby, Event.cluster_id.in_(clustered)))))


def _decisions() -> dict[tuple[Key, Key], str]:
    rows = db.session.scalars(select(PairDecision))
    return {((r.feed_a_id, r.uid_a), (r.feed_b_id, r.uid_b)): r.decision for r in rows}


def _pairs(events: list[Event]) -> tuple[list[tuple[int, int]], set[tuple[int, int]], dict]:
    """Merged pairs (matcher or staff), split pairs (staff), and each merged pair's score."""
    scores = {(m.a, m.b): m.score
              for m in dedupe.matches(map(listing, events), floor=dedupe.MERGE)}
    ids: dict[Key, int] = {(e.feed_id, e.uid): e.id for e in events}
    split: set[tuple[int, int]] = set()
    staff_merged: set[tuple[int, int]] = set()
    for (key_a, key_b), decision in _decisions().items():
        if key_a in ids and key_b in ids and ids[key_a] != ids[key_b]:
            pair = (min(ids[key_a], ids[key_b]), max(ids[key_a], ids[key_b]))
            (split if decision == "split" else staff_merged).add(pair)
    scores.update({pair: 1.0 for pair in staff_merged})
    merged = [pair for pair in scores if pair not in split]
    return merged, split, {"staff": staff_merged, "scores": scores}


def _canonical(members: list[Event]) -> Event:
    """The fullest listing, then the first seen: what visitors see for the whole cluster."""
    return max(members, key=lambda e: (
        bool(e.title_en) + bool(e.title_zh), len(e.description_en) + len(e.description_zh),
        -e.first_seen_at.timestamp(), -e.id))


def _apply(group: list[Event], info: dict) -> EventCluster:
    existing = [e.cluster_id for e in group if e.cluster_id]
    cluster = db.session.get(EventCluster, max(set(existing), key=existing.count)) \
        if existing else None
    if cluster is None:
        cluster = EventCluster()
        db.session.add(cluster)
        db.session.flush()
    ids = sorted(e.id for e in group)
    pairs = [p for p in info["scores"] if p[0] in ids and p[1] in ids]
    cluster.score = min((info["scores"][p] for p in pairs), default=1.0)
    cluster.details = {"events": ids, "pairs": [[a, b, info["scores"][(a, b)]] for a, b in pairs]}
    if cluster.decision == "auto" and any(p in info["staff"] for p in pairs):
        cluster.decision = "merged"
    canonical = _canonical(group)
    if cluster.canonical_id != canonical.id:
        cluster.canonical_id = canonical.id
        _touch(group)
    for event in group:
        if event.cluster_id != cluster.id:
            event.cluster_id = cluster.id
            _touch([event])
    return cluster


def _touch(events: list[Event]) -> None:
    """Cluster changes change what visitors see: bump the data version pages are cached by."""
    now = utcnow()
    for event in events:
        event.updated_at = now


def recluster(partner_ids: set[int] | None = None) -> None:
    """Recompute the clusters around ``partner_ids``' events (all events when None)."""
    events = _affected(partner_ids)
    merged, split, info = _pairs(events)
    by_id = {e.id: e for e in events}
    kept: set[int] = set()
    for group in dedupe.groups({i for pair in merged for i in pair}, merged, split):
        members = [by_id[i] for i in group]
        if len({e.partner_id for e in members}) > 1:
            kept.add(_apply(members, info).id)
    for event in events:
        if event.cluster_id and event.cluster_id not in kept:
            event.cluster_id = None
            _touch([event])
    db.session.flush()
    _drop_empty_clusters()
    cohost.refresh_links(co_listings())
    db.session.flush()
    forget_version()


def _drop_empty_clusters() -> None:
    used = select(Event.cluster_id).where(Event.cluster_id.is_not(None))
    for cluster in db.session.scalars(select(EventCluster).where(EventCluster.id.not_in(used))):
        db.session.delete(cluster)
    db.session.flush()


def decide(a: Event, b: Event, decision: str, user_id: int | None) -> None:
    """Store a staff decision for the pair (survives re-syncs) and recluster around it."""
    (fa, ua), (fb, ub) = pair_key(a, b)
    row = db.session.scalar(select(PairDecision).filter_by(feed_a_id=fa, uid_a=ua,
                                                           feed_b_id=fb, uid_b=ub))
    if row is None:
        row = PairDecision(feed_a_id=fa, uid_a=ua, feed_b_id=fb, uid_b=ub)
        db.session.add(row)
    row.decision, row.decided_by_id, row.decided_at = decision, user_id, utcnow()
    db.session.flush()
    recluster({a.partner_id, b.partner_id})
    if decision == "split":
        for event in (a, b):
            if event.cluster_id and (cluster := db.session.get(EventCluster, event.cluster_id)):
                cluster.decision = "split"
    db.session.flush()


def co_listings() -> dict[cohost.Pair, cohost.CoListing]:
    """For each partner pair: co-listed event count, first date, latest canonical event."""
    rows = db.session.execute(
        select(Event.cluster_id, Event.partner_id, Event.id, Event.start_at,
               EventCluster.canonical_id)
        .join(EventCluster, EventCluster.id == Event.cluster_id)
        .where(Event.removed_at.is_(None))
    ).all()
    clusters: dict[int, dict] = defaultdict(lambda: {"partners": set()})
    for cluster_id, partner_id, _event_id, start_at, canonical_id in rows:
        entry = clusters[cluster_id]
        entry["partners"].add(partner_id)
        entry["canonical"], entry["day"] = canonical_id, start_at.astimezone(SHANGHAI).date()
    support: dict[cohost.Pair, dict] = {}
    for entry in clusters.values():
        partners = sorted(entry["partners"])
        for i, a in enumerate(partners):
            for b in partners[i + 1 :]:
                _add(support, (a, b), entry["day"], entry["canonical"])
    return {pair: cohost.CoListing(item["weight"], item["since"], item["evidence"])
            for pair, item in support.items()}


def _add(support: dict[cohost.Pair, dict], pair: cohost.Pair, day: date, canonical: int) -> None:
    item = support.setdefault(pair, {"weight": 0, "since": day, "latest": day,
                                     "evidence": canonical})
    item["weight"] += 1
    item["since"] = min(item["since"], day)
    if day >= item["latest"]:
        item["latest"], item["evidence"] = day, canonical
