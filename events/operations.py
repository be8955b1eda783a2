"""Writes for views and the CLI: a staff decision on a pair of listings (flush only; the
request or command commits)."""

from __future__ import annotations

from core import audit
from core.extensions import db
from core.models import User
from events import clusters
from events.models import Event

DECISIONS = ("merged", "split")


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
