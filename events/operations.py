"""Writes for views and the CLI: a staff decision on a pair of listings; staff curation of
an event (overrides, hiding, featuring). Flush only; the request or command commits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from core import audit
from core.extensions import db
from core.models import User
from events import clusters, curation, indexing
from events.models import Event, EventOverride

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


# Staff curation (events.curation): every write moves the event's updated_at, so cached pages
# and feeds see it, and re-derives its search tokens and export blocks.


def set_override(event: Event, field: str, value: str, user: User, now: datetime) -> None:
    """Show ``value`` for ``field`` whatever the partner's feed says, until the partner's
    value changes; an empty ``value`` (or the partner's own) removes the override."""
    if field not in curation.FIELDS:
        raise ValueError(f"'{field}' cannot be curated.")
    override = _override(event, field)
    source = curation.source_value(event, override, field)
    value = value.strip()
    if not value or value == source:
        if override is not None:
            db.session.delete(override)
        _shown(event, field, source, now)
        action = "events.override.remove"
    else:
        if override is None:
            override = EventOverride(event_id=event.id, field=field)
            db.session.add(override)
        override.value, override.base, override.source = value, source, ""
        override.conflict, override.updated_by_id, override.updated_at = False, user.id, now
        _shown(event, field, value, now)
        action = "events.override"
    audit.record(action, event, summary=f"{field}: {value[:200]}", details={"field": field})
    db.session.flush()


def keep_override(event: Event, field: str, user: User, now: datetime) -> None:
    """A flagged override stays: the partner's new value becomes the one it is made against."""
    override = _override(event, field)
    if override is None or not override.conflict:
        raise ValueError(f"There is no flagged override of '{field}'.")
    set_override(event, field, override.value, user, now)


def _override(event: Event, field: str) -> EventOverride | None:
    return db.session.scalar(
        select(EventOverride).where(
            EventOverride.event_id == event.id, EventOverride.field == field
        )
    )


def _shown(event: Event, field: str, value: str, now: datetime) -> None:
    curation.show(event, field, value)
    _touched(event, now)


def _touched(event: Event, now: datetime) -> None:
    event.updated_at = now
    db.session.flush()
    indexing.refresh([event.id])


def _reclustered(event: Event) -> None:
    """A hidden listing gives way to another partner's listing of the same event."""
    if event.cluster_id is not None:
        clusters.recluster_events([event.id])


def hide(event: Event, reason: str, now: datetime) -> None:
    """Take an event off the site, its feeds and the API (kept, and shown to staff)."""
    event.hidden_at, event.hidden_reason = now, reason.strip()
    _touched(event, now)
    _reclustered(event)
    audit.record("events.hide", event, summary=f"{event.id}: {reason.strip()[:500]}")


def unhide(event: Event, now: datetime) -> None:
    event.hidden_at, event.hidden_reason = None, ""
    _touched(event, now)
    _reclustered(event)
    audit.record("events.unhide", event, summary=str(event.id))


def feature(event: Event, featured: bool, now: datetime) -> None:
    """Put an event on the home page (or take it off)."""
    event.featured_at = now if featured else None
    _touched(event, now)
    audit.record("events.feature" if featured else "events.unfeature", event, summary=str(event.id))
