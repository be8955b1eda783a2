"""Reads behind the partner pages: the directory, a partner and its links, the staff lists."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import or_, select
from sqlalchemy.orm import aliased, joinedload

from core.extensions import db
from partners.models import Link, Partner


def partner_by_slug(slug: str) -> Partner | None:
    return db.session.scalar(select(Partner).where(Partner.slug == slug))


def directory(filters: Mapping[str, str]) -> list[Partner]:
    """Partners matching the directory's filters (each empty one left out)."""
    query = select(Partner)
    if filters.get("q"):
        words = _like(filters["q"])
        query = query.where(
            or_(
                Partner.name_en.ilike(words, escape="\\"),
                Partner.name_zh.ilike(words, escape="\\"),
                Partner.slug.ilike(words, escape="\\"),
            )
        )
    if filters["kind"]:
        query = query.where(Partner.kind == filters["kind"])
    if filters["region"]:
        query = query.where(Partner.region == filters["region"])
    if filters["country"]:
        query = query.where(Partner.country == filters["country"])
    if filters["alliance"] in ("yes", "no"):
        query = query.where(Partner.alliance_member.is_(filters["alliance"] == "yes"))
    return list(db.session.scalars(query))


def _like(text: str) -> str:
    """A LIKE pattern matching ``text`` anywhere, its own ``%`` and ``_`` taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def country_codes() -> list[str]:
    """The countries partners are in."""
    return [c for c in db.session.scalars(select(Partner.country).distinct()) if c]


def links_of(partner_id: int) -> list[tuple[Link, Partner]]:
    """The partner's links in both directions, each with the partner at the other end."""
    links = db.session.scalars(
        select(Link)
        .options(joinedload(Link.source), joinedload(Link.target))
        .where(or_(Link.source_id == partner_id, Link.target_id == partner_id))
        .order_by(Link.kind, Link.since, Link.id)
    )
    return [(link, link.target if link.source_id == partner_id else link.source) for link in links]


def all_links(partner_slug: str = "") -> list[Link]:
    """Every link by its ends' slugs, or only those of one partner."""
    source, target = aliased(Partner), aliased(Partner)
    query = (
        select(Link)
        .join(source, Link.source)
        .join(target, Link.target)
        .options(joinedload(Link.source), joinedload(Link.target))
        .order_by(source.slug, Link.kind, target.slug, Link.id)
    )
    if partner_slug:
        query = query.where(or_(source.slug == partner_slug, target.slug == partner_slug))
    return list(db.session.scalars(query))


def all_partners() -> list[Partner]:
    return list(db.session.scalars(select(Partner).order_by(Partner.slug)))
