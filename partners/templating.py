"""Template globals of the partner package that every page may use (registered in
``partners.blueprint``): the bilingual labels of the partner and link vocabularies."""

from __future__ import annotations

from typing import Any

from partners.forms import KIND_LABELS, LINK_KIND_LABELS
from partners.regions import REGION_LABELS


def partner_labels() -> dict[str, dict[str, Any]]:
    return {
        "kind": KIND_LABELS,
        "region": REGION_LABELS,
        "link": LINK_KIND_LABELS,
    }
