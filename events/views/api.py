"""JSON API: events (the list's filters), one event, partners; described by events.openapi."""

from __future__ import annotations

from typing import Any

from flask import current_app, jsonify, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from core.db_types import utcnow
from core.extensions import db
from core.weburl import web_url
from events import conditional, ical, queries
from events.api_docs import operations_by_tag
from events.criteria import FilterError, parse
from events.openapi import document
from events.page_cache import current_version
from partners.models import Partner

# The document's English summaries, as the API page shows them in the visitor's language.
TAGS = {
    "Events": _l("Events"),
    "Partners": _l("Partners"),
    "Feeds": _l("Calendar feeds"),
    "Embed": _l("Calendars for other sites"),
    "Network": _l("Network"),
    "Push": _l("Push API for partners"),
}
SUMMARIES = {
    "listEvents": _l("Events matching the list's filters, a page at a time"),
    "getEvent": _l("One event"),
    "listPartners": _l("Every partner of the alliance"),
    "feedAll": _l("Every event, as a calendar to subscribe to"),
    "feedFiltered": _l("The events matching the list's filters, as a calendar"),
    "feedPartner": _l("One partner's events, as a calendar"),
    "eventIcs": _l("One event, to add to a calendar"),
    "embedEvents": _l("Upcoming events, as a page to put in an iframe"),
    "embedPartner": _l("One partner's upcoming events, to put in an iframe"),
    "embedRegion": _l("One region's upcoming events, to put in an iframe"),
    "graphData": _l("The cooperation network: partners, links, layout and measures"),
    "networkExport": _l("The network as a file for Gephi, yEd, a spreadsheet or a script"),
    "pushCalendar": _l("A partner sends its calendar instead of hosting a feed"),
}
API_MAX_AGE = 60  # lists follow the clock (what is upcoming): clients revalidate soon


def _pair(obj: Any, field: str) -> dict[str, str]:
    return {"en": getattr(obj, f"{field}_en") or "", "zh": getattr(obj, f"{field}_zh") or ""}


def partner_json(partner: Partner) -> dict[str, Any]:
    return {
        "slug": partner.slug,
        "name": _pair(partner, "name"),
        "kind": partner.kind,
        "region": partner.region,
        "country": partner.country,
        "city": _pair(partner, "city"),
        "alliance_member": partner.alliance_member,
    }


def event_json(event: Any) -> dict[str, Any]:
    return {
        "id": event.id,
        "uid": ical.export_uid(event),
        "title": _pair(event, "title"),
        "description": _pair(event, "description"),
        "location": _pair(event, "location"),
        "start": event.start_at.isoformat(),
        "end": event.end_at.isoformat(),
        "all_day": bool(event.all_day),
        "start_date": event.start_date.isoformat() if event.all_day and event.start_date else None,
        "end_date": event.end_date.isoformat() if event.all_day and event.end_date else None,
        "timezone": event.tzid,
        "language": event.language,
        "status": "cancelled" if ical.is_cancelled(event) else event.status,
        "online": bool(event.online),
        "categories": list(event.categories or []),
        "url": web_url(event.url),
        "page": url_for("events.event_detail", lang="en", event_id=event.id, _external=True),
        "partner": partner_json(event.partner),
    }


def _bad_request(message: str) -> Any:
    return jsonify(error="bad_request", message=message), 400


def list_events() -> Any:
    try:
        f = parse(request.args)
    except FilterError as error:
        return _bad_request(str(error))
    page = queries.listing(f, utcnow())
    return _conditional(
        {
            "items": [event_json(e) for e in page.items],
            "total": page.total,
            "total_kind": page.total_kind,
            "page": page.page,
            "per_page": page.per_page,
        }
    )


def get_event(event_id: int) -> Any:
    event, _others = queries.event_with_cluster(event_id)
    if event is None or event.hidden_at:
        return jsonify(error="not_found", message="No event with this id."), 404
    return _conditional(event_json(event))


def list_partners() -> Any:
    partners = db.session.scalars(select(Partner).order_by(Partner.slug)).all()
    return _conditional({"items": [partner_json(p) for p in partners], "total": len(partners)})


def openapi() -> Any:
    return _conditional(document())


def _conditional(payload: Any) -> Any:
    """The JSON body with an ETag made from it: a client revalidating an unchanged answer
    gets 304 (events.conditional). Lists depend on the clock, so nothing is remembered."""
    return conditional.respond(
        lambda: current_app.json.dumps(payload) + "\n",
        mimetype="application/json",
        last_modified=current_version().last_modified,
        max_age=API_MAX_AGE,
    )


def docs() -> Any:
    """The API page: the OpenAPI document read for people, in the visitor's language."""
    base = current_app.config.get("HUIJU_PUBLIC_URL") or request.url_root
    return render_template(
        "events/api.html",
        groups=operations_by_tag(document(), base),
        tags=TAGS,
        summaries=SUMMARIES,
    )
