"""The public partner directory, filtered by kind, region, country and alliance membership."""

from __future__ import annotations

from typing import Any

from flask import render_template, request
from sqlalchemy import select

from core.extensions import db
from core.i18n import current_lang
from core.templating import country_name
from partners.forms import KIND_LABELS
from partners.models import Partner
from partners.regions import REGION_LABELS


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
