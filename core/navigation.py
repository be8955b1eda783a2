"""The site's navigation, by endpoint name, so the shell needs no import of the domains.

An entry whose endpoint is not registered (a domain switched off) is simply not shown.
"""

from __future__ import annotations

from flask import current_app, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

PUBLIC = (
    ("events.event_list", _l("Events")),
    ("partners.directory", _l("Partners")),
    ("graph.network", _l("Network")),
)

STAFF = (
    ("federation.feed_health", _l("Feeds"), _l("Sync status, errors, held feeds, uploads")),
    ("partners.staff_partners", _l("Partners"), _l("Create, edit and merge partners")),
    ("partners.staff_links", _l("Cooperation links"), _l("Links between partners, imports")),
    ("leads.board", _l("Leads"), _l("Import-Expo leads and follow-ups")),
    ("events.review_duplicates", _l("Duplicates"), _l("Uncertain matches to merge or split")),
    ("federation.entries", _l("Entered events"), _l("Events of partners without a feed")),
    ("events.curation_list", _l("Curation"), _l("Translations, hidden and featured events")),
    ("graph.network", _l("Network"), _l("Centrality, communities, introduction paths")),
    ("indicators.overview", _l("Innovation index"), _l("Bases' figures, the index, reports")),
)
ADMIN = (("core.audit_log", _l("Audit log"), _l("Who changed what, and when")),)

ROLE_LABELS = {"admin": _l("administrator"), "staff": _l("staff"), "partner": _l("partner")}


def has_endpoint(endpoint: str) -> bool:
    return endpoint in current_app.view_functions


def nav_items() -> list[tuple[str, str]]:
    return [(e, str(label)) for e, label in PUBLIC if has_endpoint(e)]


def staff_items() -> list[tuple[str, str, str]]:
    entries = STAFF + (ADMIN if current_user.is_authenticated and current_user.is_admin else ())
    return [(e, str(label), str(hint)) for e, label, hint in entries if has_endpoint(e)]


def page_url(page: int) -> str:
    """The current listing at another page, every filter in the query string kept."""
    args = {**request.args.to_dict(flat=False), **(request.view_args or {}), "page": page}
    return url_for(request.endpoint or "events.home", **args)
