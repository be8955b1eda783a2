"""The public partner directory: search by name (either language), filters by kind, region,
country and alliance membership, and each partner's event counts and next events."""

from __future__ import annotations

from typing import Any

from babel.dates import format_skeleton
from flask import redirect, render_template, request, url_for
from flask_babel import get_locale

from core.db_types import utcnow
from core.i18n import current_lang
from core.office import SHANGHAI
from core.templating import country_name
from partners import queries
from partners.forms import KIND_LABELS
from partners.regions import REGION_LABELS
from partners.summaries import event_summaries

QUERY_MAX = 100


def directory() -> Any:
    cleaned = {k: v.strip() for k, v in request.args.items() if v.strip()}
    if len(cleaned) != len(request.args):
        # The GET form sends every field; a shareable URL keeps only the filters in use.
        return redirect(url_for("partners.directory", **cleaned))
    filters = _filters()
    partners = sorted(queries.directory(filters), key=lambda p: p.name(current_lang()).lower())
    return render_template(
        "partners/directory.html",
        partners=partners,
        filters=filters,
        countries=_countries(),
        events=event_summaries([p.id for p in partners], utcnow()),
        event_day=event_day,
    )


def event_day(event: Any) -> str:
    """An event's first day in Shanghai, in the visitor's locale ("Thu, Dec 10", "12月10日周四")."""
    day = event.start_date or event.start_at.astimezone(SHANGHAI).date()
    return format_skeleton("MMMEd", day, locale=get_locale())


def _filters() -> dict[str, str]:
    """The query string's filters; unknown values are ignored rather than refused."""
    kind, region = request.args.get("kind", ""), request.args.get("region", "")
    return {
        "q": request.args.get("q", "").strip()[:QUERY_MAX],
        "kind": kind if kind in KIND_LABELS else "",
        "region": region if region in REGION_LABELS else "",
        "country": request.args.get("country", "").strip().upper()[:2],
        "alliance": request.args.get("alliance", ""),
    }


def _countries() -> list[tuple[str, str]]:
    codes = queries.country_codes()
    return sorted(((c, country_name(c)) for c in codes), key=lambda item: item[1])
