"""Serves the bundled demo feeds at ``/demo/feeds/<name>.ics`` (only when HUIJU_DEMO_FEEDS is on),
so the demo's feeds go through the real pull pipeline: HTTP, ETag, conditional GET."""

from __future__ import annotations

import hashlib
from typing import Any

from flask import Blueprint, Response, abort, current_app, request

from core.demo.feedfiles import feed_names, render_feed
from core.office import office_today


def feed(name: str) -> Any:
    filename = f"{name}.ics"
    if not current_app.config["HUIJU_DEMO_FEEDS"] or filename not in feed_names():
        abort(404)
    today = office_today()
    body = render_feed(filename, today)
    etag = hashlib.sha256(body).hexdigest()[:32]
    response = Response(body, mimetype="text/calendar")
    response.charset = "utf-8"
    response.set_etag(etag)
    response.headers["Cache-Control"] = "public, max-age=300"
    return response.make_conditional(request)


bp = Blueprint("demo", __name__, url_prefix="/demo")
bp.add_url_rule("/feeds/<name>.ics", "feed", feed)
