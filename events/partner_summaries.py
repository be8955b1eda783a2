"""Each partner's events for the partner directory: counts and the next one or two.

Registered with :mod:`partners.summaries` by ``events.blueprint``. Removed and hidden events
never count, and a cancelled one is no "next event".
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select

from core.extensions import db
from events.models import Event
from partners.summaries import PartnerEvents

PREVIEW = 2


def summaries(partner_ids: Sequence[int], now: datetime) -> dict[int, PartnerEvents]:
    """:class:`PartnerEvents` of the partners among ``partner_ids`` that listed any event."""
    if not partner_ids:
        return {}
    shown = (
        Event.partner_id.in_(list(partner_ids)),
        Event.removed_at.is_(None),
        Event.hidden_at.is_(None),
    )
    listed = dict(
        db.session.execute(
            select(Event.partner_id, func.count()).where(*shown).group_by(Event.partner_id)
        ).all()
    )
    coming = (*shown, Event.end_at >= now, Event.status != "cancelled")
    upcoming = dict(
        db.session.execute(
            select(Event.partner_id, func.count()).where(*coming).group_by(Event.partner_id)
        ).all()
    )
    following = _next_events(coming)
    return {
        pid: PartnerEvents(upcoming.get(pid, 0), count, following.get(pid, ()))
        for pid, count in listed.items()
    }


def _next_events(conditions: tuple) -> dict[int, list[Event]]:
    """The first :data:`PREVIEW` coming events of each partner (one window query)."""
    place = (
        func.row_number()
        .over(partition_by=Event.partner_id, order_by=(Event.start_at, Event.id))
        .label("place")
    )
    ranked = select(Event.id, place).where(*conditions).subquery()
    chosen = select(ranked.c.id).where(ranked.c.place <= PREVIEW)
    events = db.session.scalars(
        select(Event).where(Event.id.in_(chosen)).order_by(Event.start_at, Event.id)
    )
    found: dict[int, list[Event]] = {}
    for event in events:
        found.setdefault(event.partner_id, []).append(event)
    return found
