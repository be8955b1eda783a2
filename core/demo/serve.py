"""Serves the bundled demo feeds at ``/demo/feeds/<name>.ics`` (only when HUIJU_DEMO_FEEDS is on),
so the demo's feeds go through the real pull pipeline: HTTP, ETag, conditional GET."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, abort, current_app, request

from core.demo.feedfiles import feed_names, render_feed

bp = Blueprint("demo", __name__, url_prefix="/demo")


@bp.route("/feeds/<name>.ics")
def feed(name: str) -> Any:
    filename = f"{name}.ics"
    if not current_app.config["HUIJU_DEMO_FEEDS"] or filename not in feed_names():
        abort(404)
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date()
    body = render_feed(filename, today)
    etag = hashlib.sha256(body).hexdigest()[:32]
    response = Response(body, mimetype="text/calendar")
    response.charset = "utf-8"
    response.set_etag(etag)
    response.headers["Cache-Control"] = "public, max-age=300"
    return response.make_conditional(request)
