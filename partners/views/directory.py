"""The public partner directory, filtered by kind, region, country and alliance membership."""

from __future__ import annotations

from typing import Any

from flask import render_template, request

from core.i18n import current_lang
from core.templating import country_name
from partners import queries
from partners.forms import KIND_LABELS
from partners.regions import REGION_LABELS


def directory() -> Any:
    filters = _filters()
    partners = sorted(queries.directory(filters), key=lambda p: p.name(current_lang()).lower())
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
    codes = queries.country_codes()
    return sorted(((c, country_name(c)) for c in codes), key=lambda item: item[1])
