"""Reading events for pages, feeds and the API (no writes here)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import joinedload

from core.extensions import db
from events.models import Event, EventCluster
from partners.models import Partner


@dataclass(frozen=True)
class Page:
    items: list[Event]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def visible_events() -> Select[tuple[Event]]:
    """What visitors see: no tombstones, and one canonical event per duplicate cluster."""
    return (
        select(Event)
        .outerjoin(EventCluster, Event.cluster_id == EventCluster.id)
        .where(Event.removed_at.is_(None))
        .where(or_(Event.cluster_id.is_(None), EventCluster.canonical_id == Event.id))
    )


def upcoming(now: datetime, *, page: int = 1, per_page: int = 20) -> Page:
    """Events that have not ended yet, soonest first."""
    query = visible_events().where(Event.end_at >= now)
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    items = db.session.scalars(
        query.options(joinedload(Event.partner))
        .order_by(Event.start_at, Event.id)
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    return Page(list(items), total, page, per_page)


def partner_count() -> int:
    return db.session.scalar(select(func.count(Partner.id))) or 0
