"""The push API: a partner PUTs its calendar with a bearer token instead of hosting a URL.

``PUT /api/v1/feeds/<feed_id>/ics`` with ``Authorization: Bearer hj_…`` and
``Content-Type: text/calendar[; charset=…]``. A push may target any feed of the token's
partner, whatever its source (a pushed or uploaded calendar, or a pull feed the partner wants
refreshed now); the body goes through the same pipeline as a fetched feed. A disabled feed
refuses pushes (409), so that staff switching a feed off really stops it.

Responses (JSON): 200 the sync summary · 202 held for confirmation (drastic shrink) ·
401 no, bad or revoked token · 404 unknown feed or another partner's · 409 disabled ·
413 larger than HUIJU_FEED_MAX_BYTES · 415 not text/calendar · 422 not a usable calendar.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, jsonify, request

from core import audit
from core.db_types import utcnow
from core.extensions import db
from core.request_limits import accepts_upload, pushed_feed_limit
from federation.errors import PushRefused
from federation.models import Feed, PartnerToken
from federation.operations import note_use
from federation.sync import apply_body
from federation.tokens import authenticate

READ_CHUNK = 64 * 1024


def refused(error: PushRefused) -> Any:
    response = jsonify(error=str(error))
    response.status_code = error.status
    if error.status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="huiju"'
    return response


@accepts_upload(pushed_feed_limit, signed_in=False)  # a bearer token, no session
def push_ics(feed_id: int) -> Any:
    token = _bearer_token()
    feed = _target_feed(feed_id, token)
    charset = _calendar_charset()
    body = _read_body(current_app.config["HUIJU_FEED_MAX_BYTES"])
    result = apply_body(feed, body, charset=charset, trigger="push", now=utcnow())
    note_use(token)  # after the apply: a write pending before it would lock SQLite as it parses
    audit.record(
        "feed.push",
        feed,
        summary=f"{feed.partner.slug}: {feed.label}",
        details={"status": result.status, "bytes": len(body)},
        actor=f"token:{token.prefix}",
    )
    db.session.commit()
    status = {"error": 422, "held": 202}.get(result.status, 200)
    return jsonify(result.as_json()), status


def _bearer_token() -> PartnerToken:
    scheme, _, raw = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not raw.strip():
        raise PushRefused(401, "Send the partner's push token: Authorization: Bearer <token>.")
    token = authenticate(raw.strip())
    if token is None:
        raise PushRefused(401, "The token is not valid or has been revoked.")
    return token


def _target_feed(feed_id: int, token: PartnerToken) -> Feed:
    feed = db.session.get(Feed, feed_id)
    if feed is None or feed.partner_id != token.partner_id:
        # Another partner's feed answers as an unknown one: a token tells nothing of the rest.
        raise PushRefused(404, f"There is no feed {feed_id} of this token's partner.")
    if not feed.enabled:
        raise PushRefused(409, f"Feed {feed_id} is disabled; ask the alliance office to enable it.")
    return feed


def _calendar_charset() -> str | None:
    """The declared charset of a text/calendar body; anything else is refused."""
    if request.mimetype != "text/calendar":
        raise PushRefused(415, "Send the calendar as Content-Type: text/calendar.")
    return request.mimetype_params.get("charset")


def _read_body(limit: int) -> bytes:
    """Read at most ``limit`` bytes: a declared Content-Length is checked first, and the
    stream is capped too, for clients that send more than they declared or none at all."""
    if request.content_length is not None and request.content_length > limit:
        raise PushRefused(413, f"The calendar is larger than {limit} bytes.")
    chunks, size = [], 0
    while chunk := request.stream.read(min(READ_CHUNK, limit + 1 - size)):
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            raise PushRefused(413, f"The calendar is larger than {limit} bytes.")
    return b"".join(chunks)
