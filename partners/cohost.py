"""Co-host links derived from duplicate clusters: two partners listing the same event.

Called at the end of events.clusters' reclustering (flush only), which counts the co-listings
of the partners whose clusters changed.
Only automatic links are written or removed; a link staff entered by hand is never touched.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select

from core.extensions import db
from partners.kinds import LinkKind
from partners.models import Link

Pair = tuple[int, int]  # partner ids, smaller first


@dataclass(frozen=True)
class CoListing:
    """What the clusters say about one partner pair."""

    weight: int  # how many events both list
    since: date  # the first of them
    evidence_event_id: int  # the canonical event of the latest


def refresh_links(support: dict[Pair, CoListing], partners: set[int] | None = None) -> None:
    """Upsert one automatic cohost link per co-listing pair; drop automatic ones left bare.

    With ``partners``, only the links of pairs with one of them are looked at (``support``
    must then be complete for those pairs); links between other partners stay as they are.
    """
    query = select(Link).where(Link.kind == LinkKind.COHOST, Link.automatic.is_(True))
    if partners is not None:
        wanted = sorted(partners)
        query = query.where(or_(Link.source_id.in_(wanted), Link.target_id.in_(wanted)))
        support = {
            pair: item
            for pair, item in support.items()
            if pair[0] in partners or pair[1] in partners
        }
    existing = db.session.scalars(query).all()
    seen: set[Pair] = set()
    for link in existing:
        pair = (min(link.source_id, link.target_id), max(link.source_id, link.target_id))
        if pair not in support or pair in seen:
            db.session.delete(link)
            continue
        seen.add(pair)
        _update(link, support[pair])
    for (a, b), item in sorted(support.items()):
        if (a, b) not in seen:
            link = Link(source_id=a, target_id=b, kind=LinkKind.COHOST, automatic=True)
            db.session.add(link)
            _update(link, item)
    db.session.flush()


def _update(link: Link, item: CoListing) -> None:
    values = {
        "weight": float(item.weight),
        "since": item.since,
        "evidence_event_id": item.evidence_event_id,
    }
    for name, value in values.items():
        if getattr(link, name) != value:
            setattr(link, name, value)
