"""Public partner pages: the directory and each partner's page. Staff pages register on the
same blueprint from ``partners.staff_views`` and ``partners.link_views``."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, render_template, request
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from core.extensions import db
from core.i18n import current_lang
from core.templating import country_name
from partners import link_views, staff_views
from partners.forms import KIND_LABELS, LINK_KIND_LABELS
from partners.models import Link, Partner
from partners.regions import REGION_LABELS
from partners.sections import render_sections

bp = Blueprint("partners", __name__, url_prefix="/<lang:lang>", template_folder="templates")


@bp.app_template_global()
def partner_labels() -> dict[str, dict[str, Any]]:
    return {
        "kind": KIND_LABELS,
        "region": REGION_LABELS,
        "link": LINK_KIND_LABELS,
    }


@bp.route("/partners")
def directory() -> Any:
    filters = _filters()
    query = select(Partner)
    if filters["kind"]:
        query = query.where(Partner.kind == filters["kind"])
    if filters["region"]:
        query = query.where(Partner.region == filters["region"])
    if filters["country"]:
        query = query.where(Partner.country == filters["country"])
    if filters["alliance"] in ("yes", "no"):
        query = query.where(Partner.alliance_member.is_(filters["alliance"] == "yes"))
    partners = sorted(db.session.scalars(query), key=lambda p: p.name(current_lang()).lower())
    return render_template(
        "partners/directory.html", partners=partners, filters=filters, countries=_countries()
    )


def _filters() -> dict[str, str]:
    """The query string's filters; unknown values are ignored rather than refused."""
    kind, region = request.args.get("kind", ""), request.args.get("region", "")
    return {
        "kind": kind if kind in KIND_LABELS else "",
        "region": region if region in REGION_LABELS else "",
        "country": request.args.get("country", "").strip().upper()[:2],
        "alliance": request.args.get("alliance", ""),
    }


def _countries() -> list[tuple[str, str]]:
    codes = db.session.scalars(select(Partner.country).distinct()).all()
    return sorted(((c, country_name(c)) for c in codes if c), key=lambda item: item[1])


@bp.route("/partners/<slug>")
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


staff_views.register(bp)
link_views.register(bp)
