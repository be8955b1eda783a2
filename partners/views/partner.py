"""A partner's public page: its details, its cooperation links and the sections other
packages add (its events, its calendar feeds; see ``partners.sections``)."""

from __future__ import annotations

from typing import Any

from flask import abort, render_template

from core.db_types import utcnow
from core.office import SHANGHAI
from partners import queries
from partners.cooperation import merge_links, period
from partners.sections import render_sections


def partner_detail(slug: str) -> Any:
    partner = queries.partner_by_slug(slug) or abort(404)
    return render_template(
        "partners/detail.html",
        partner=partner,
        cooperation=merge_links(queries.links_of(partner.id)),
        today=(today := utcnow().astimezone(SHANGHAI).date()),
        link_period=lambda link: period(link.since, link.until, today),
        sections=render_sections(partner),
    )
