"""Subscribable .ics feeds: all events, one partner's, any filtered view of the list.

Revalidation is cheap: the ETag comes from the data version (one indexed query), so a 304
costs about what a trivial page costs; the body is built from stored blocks only on a miss.
"""

from __future__ import annotations

import hashlib
from typing import Any

from flask import Response, abort, jsonify, request
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from core.db_types import utcnow
from core.extensions import db
from core.i18n import LOCALES
from events import export
from events.criteria import EventFilter, FilterError, parse
from events.page_cache import current_version
from partners.models import Partner

TTL_SECONDS = 3600


def _content_lang() -> str:
    lang = request.args.get("lang", "en")
    if lang not in LOCALES:
        abort(400, description="lang must be en or zh")
    return lang


def _validators() -> tuple[str, Any]:
    version = current_version()
    # The hour matters: time windows and the 30-day tombstone cut-off move with the clock.
    key = f"{version.key}|{request.full_path}|{utcnow():%Y%m%d%H}"
    return hashlib.sha256(key.encode()).hexdigest()[:32], version.last_modified


def _serve(build: Any) -> Any:
    etag, last_modified = _validators()
    headers = {"Cache-Control": f"public, max-age={TTL_SECONDS // 4}"}
    fresh = request.if_none_match.contains(etag) or (
        not request.if_none_match
        and request.if_modified_since is not None
        and request.if_modified_since >= last_modified.replace(microsecond=0)
    )
    if fresh:
        response = Response(status=304, headers=headers)
    else:
        body = build()  # reads only: no GET writes (events.export)
        response = Response(body, mimetype="text/calendar", headers=headers)
        response.charset = "utf-8"
        response.last_modified = last_modified
    response.set_etag(etag)
    return response


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
