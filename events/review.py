"""Staff review of duplicate matches: the uncertain pairs to merge and the clusters to split
that the review page shows, and a staff decision kept (the page: ``events.views.review``)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from core import audit
from core.db_types import utcnow
from core.extensions import db
from core.models import User
from events import clusters, dedupe
from events.models import Event, EventCluster

WINDOW_DAYS = 180
DECISIONS = ("merged", "split")


def uncertain_pairs(limit: int = 100) -> list[tuple[Event, Event, float]]:
    """Pairs scoring between the thresholds that no staff decision or cluster settled."""
    now = utcnow()
    events = list(
        db.session.scalars(
            select(Event)
            .options(joinedload(Event.partner))
            .where(
                Event.removed_at.is_(None),
                Event.end_at >= now,
                Event.start_at < now + timedelta(days=WINDOW_DAYS),
            )
        )
    )
    by_id = {e.id: e for e in events}
    decided = set(clusters._decisions())
    found = []
    for match in dedupe.matches(map(clusters.listing, events), floor=dedupe.REVIEW):
        a, b = by_id[match.a], by_id[match.b]
        settled = (a.cluster_id and a.cluster_id == b.cluster_id) or clusters.pair_key(
            a, b
        ) in decided
        if match.score < dedupe.MERGE and not settled:
            found.append((a, b, match.score))
    return sorted(found, key=lambda t: -t[2])[:limit]


def current_clusters(limit: int = 100) -> list[tuple[EventCluster, list[Event]]]:
    rows = db.session.scalars(
        select(Event)
        .options(joinedload(Event.partner))
        .where(Event.cluster_id.is_not(None), Event.removed_at.is_(None))
        .order_by(Event.start_at.desc(), Event.id)
    ).all()
    grouped: dict[int, list[Event]] = {}
    for event in rows:
        grouped.setdefault(event.cluster_id, []).append(event)
    found = [(db.session.get(EventCluster, cid), members) for cid, members in grouped.items()]
    return found[:limit]


def decide(a: Event, b: Event, decision: str, user: User) -> None:
    """Keep ``user``'s decision on the pair (merged or split), recluster around it and record
    it in the audit log (flush only: the caller commits)."""
    clusters.decide(a, b, decision, user.id)
    audit.record(
        f"events.{decision}",
        a,
        summary=f"{decision}: event {a.id} and event {b.id}",
        details={"a": [a.feed_id, a.uid], "b": [b.feed_id, b.uid]},
    )
    db.session.flush()
