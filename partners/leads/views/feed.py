"""A staff member's private follow-up calendar, served at its secret URL (no sign-in: the
token is the key; see ``partners.leads.calendar``)."""

from __future__ import annotations

from flask import Response, abort, url_for

from core.db_types import utcnow
from partners.leads.calendar import build_calendar, follow_up_leads, user_for_token
from partners.leads.models import Lead


def _lead_url(lead: Lead) -> str:
    return url_for("leads.detail", lang="en", lead_id=lead.id, _external=True)


def feed(token: str) -> Response:
    user = user_for_token(token)
    if user is None:
        abort(404)
    body = build_calendar(follow_up_leads(user), utcnow(), _lead_url)
    response = Response(body, mimetype="text/calendar")
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex"
    return response
