"""Template globals of the partner package that every page may use (registered in
``partners.blueprint``): the bilingual labels of the partner and link vocabularies, a
partner's place and initials."""

from __future__ import annotations

from typing import Any

from core.templating import country_name
from partners.forms import KIND_LABELS, LINK_KIND_LABELS
from partners.places import initials, place_line
from partners.regions import REGION_LABELS


def partner_labels() -> dict[str, dict[str, Any]]:
    return {
        "kind": KIND_LABELS,
        "region": REGION_LABELS,
        "link": LINK_KIND_LABELS,
    }


def partner_place(partner: Any, lang: str) -> str:
    """The partner's place, each part said once: "Jiangsu · Suzhou", "Helsinki · Finland"."""
    overseas = partner.region == "overseas" or (partner.country or "CN") != "CN"
    region = str(REGION_LABELS.get(partner.region, partner.region))
    country = country_name(partner.country) if overseas else ""
    return " · ".join(place_line(region, partner.city(lang), country, overseas=overseas))


def partner_initials(partner: Any, lang: str) -> str:
    return initials(partner.name(lang))
