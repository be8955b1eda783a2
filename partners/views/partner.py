"""A partner's public page: its details, its cooperation links and the sections other
packages add (its events, its calendar feeds; see ``partners.sections``)."""

from __future__ import annotations

from typing import Any

from flask import abort, render_template
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from core.extensions import db
from partners.models import Link, Partner
from partners.sections import render_sections


def partner_detail(slug: str) -> Any:
    partner = db.session.scalar(select(Partner).where(Partner.slug == slug)) or abort(404)
    return render_template(
        "partners/detail.html",
        partner=partner,
        links=_links(partner.id),
        sections=render_sections(partner),
    )


def _links(partner_id: int) -> list[tuple[Link, Partner]]:
    """The partner's links in both directions, each with the partner at the other end."""
    links = db.session.scalars(
        select(Link)
        .options(joinedload(Link.source), joinedload(Link.target))
        .where(or_(Link.source_id == partner_id, Link.target_id == partner_id))
        .order_by(Link.kind, Link.since, Link.id)
    )
    return [(link, link.target if link.source_id == partner_id else link.source) for link in links]
