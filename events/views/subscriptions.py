"""Subscribable .ics feeds: all events, one partner's, any filtered view of the list.

Revalidation is cheap: the ETag of the body last built for the data version (one indexed
query), the address and the hour is remembered, so a 304 costs about what a trivial page
costs; the body is built from stored blocks only on a miss (events.conditional).
"""

from __future__ import annotations

from typing import Any

from flask import abort, jsonify, request
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from core.db_types import utcnow
from core.extensions import db
from core.i18n import LOCALES
from events import conditional, export, ical
from events.criteria import EventFilter, FilterError, parse
from events.page_cache import current_version
from partners.models import Partner

# What REFRESH-INTERVAL and X-PUBLISHED-TTL tell subscribers (events.ical.REFRESH).
TTL_SECONDS = int(ical.REFRESH.total_seconds())


def _content_lang() -> str:
    lang = request.args.get("lang", "en")
    if lang not in LOCALES:
        abort(400, description="lang must be en or zh")
    return lang


def _serve(build: Any) -> Any:
    version = current_version()
    # The hour matters: time windows and the 30-day tombstone cut-off move with the clock.
    key = (str(db.engine.url), version.key, request.full_path, f"{utcnow():%Y%m%d%H}")
    return conditional.respond(
        build,  # reads only: no GET writes (events.export)
        mimetype="text/calendar",
        last_modified=version.last_modified,
        max_age=TTL_SECONDS,
        memo_key=key,
    )


def feed_all() -> Any:
    lang = _content_lang()
    f = EventFilter(when="all")

    def build() -> str:
        with force_locale(LOCALES[lang]):  # only on a miss: switching locale reloads catalogs
            name = _("Huiju · all events")
        return export.build(export.feed_query(f, utcnow()), lang, name)

    return _serve(build)


def feed_partner(slug: str) -> Any:
    lang = _content_lang()
    partner = db.session.scalar(select(Partner).where(Partner.slug == slug))
    if partner is None:
        abort(404)
    f = EventFilter(when="all")

    def build() -> str:
        with force_locale(LOCALES[lang]):
            name = _("Huiju · %(partner)s", partner=partner.name(lang))
        return export.build(export.feed_query(f, utcnow(), partner), lang, name)

    return _serve(build)


def feed_filtered() -> Any:
    lang = _content_lang()
    try:
        f = parse(request.args, default_when="all")
    except FilterError as error:
        return jsonify(error="bad_request", message=str(error)), 400
    f = EventFilter(**{**f.__dict__, "page": 1})

    def build() -> str:
        with force_locale(LOCALES[lang]):
            name = _("Huiju · selected events")
        return export.build(export.feed_query(f, utcnow()), lang, name)

    return _serve(build)
