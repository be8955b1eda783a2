"""The database edge of the graph layer: partner and link rows as graph values, and a cheap
version of the data that tells the cache whether anything changed."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable

from sqlalchemy import func, or_, select

from core.extensions import db
from graph.build import LinkEdge, PartnerNode
from graph.errors import GraphError
from partners.models import Link, Partner

log = logging.getLogger("huiju.graph")


def load_partners() -> list[PartnerNode]:
    """Every partner as a :class:`PartnerNode`, selecting only the columns the graph uses."""
    rows = db.session.execute(
        select(
            Partner.id,
            Partner.slug,
            Partner.name_en,
            Partner.name_zh,
            Partner.kind,
            Partner.region,
            Partner.country,
            Partner.city_en,
            Partner.city_zh,
            Partner.joined_on,
        ).order_by(Partner.id)
    )
    return [
        PartnerNode(
            r.id,
            r.slug,
            r.name_en,
            r.name_zh,
            r.kind,
            r.region,
            r.country,
            r.city_en or r.city_zh,
            r.joined_on,
        )
        for r in rows
    ]


def load_links() -> list[LinkEdge]:
    """Every usable link as a :class:`LinkEdge`.

    A row the graph cannot use (a weight of 0, an end before its start) is skipped and
    logged rather than raised: one bad row entered by staff must not take the network
    page down for everyone.
    """
    rows = db.session.execute(
        select(
            Link.id, Link.source_id, Link.target_id, Link.kind, Link.weight, Link.since, Link.until
        ).order_by(Link.id)
    )
    edges = []
    for r in rows:
        try:
            edges.append(LinkEdge(r.source_id, r.target_id, r.kind, r.weight, r.since, r.until))
        except GraphError as exc:
            log.warning("link %s left out of the network: %s", r.id, exc)
    return edges


def load_rows() -> tuple[list[PartnerNode], list[LinkEdge]]:
    """Partners and links, read in one go for :func:`graph.build.build_graph`."""
    return load_partners(), load_links()


def data_version() -> str:
    """A short fingerprint of the partner and link tables: counts, newest change, highest id.

    One query of six aggregates, so checking it costs about as much as a health check.
    The count and the highest id catch deletions and insertions, the newest ``updated_at``
    catches edits made through the ORM.
    """
    row = db.session.execute(select(*_aggregates(Partner), *_aggregates(Link))).one()
    return hashlib.blake2s(repr(tuple(map(str, row))).encode(), digest_size=8).hexdigest()


def _aggregates(model: type[Partner] | type[Link]) -> list:
    """``count``, ``max(id)`` and ``max(updated_at)`` of one table, as scalar subqueries."""
    return [
        select(func.count(model.id)).scalar_subquery(),
        select(func.max(model.id)).scalar_subquery(),
        select(func.max(model.updated_at)).scalar_subquery(),
    ]


def link_notes(pairs: Iterable[tuple[int, int]], lang: str) -> dict[tuple[int, int], list[str]]:
    """Staff notes of the links joining each pair (either direction), keyed by sorted pair.

    Notes are private to staff, which is why they never enter the cached graph.
    """
    wanted = {tuple(sorted(pair)) for pair in pairs}
    if not wanted:
        return {}
    ends = [(Link.source_id.in_([a, b]) & Link.target_id.in_([a, b])) for a, b in wanted]
    rows = db.session.execute(
        select(Link.source_id, Link.target_id, Link.note_en, Link.note_zh).where(or_(*ends))
    )
    notes: dict[tuple[int, int], list[str]] = {pair: [] for pair in wanted}
    for r in rows:
        pair = tuple(sorted((r.source_id, r.target_id)))
        text = (r.note_zh or r.note_en) if lang == "zh" else (r.note_en or r.note_zh)
        if pair in notes and text:
            notes[pair].append(text)
    return notes
