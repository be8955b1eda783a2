"""``/api/v1/graph``: the network as JSON for the interactive view and for scripts.

The ETag is the data version (plus the date window), so a client revalidating an
unchanged network costs one aggregate query and a 304, about as much as ``/healthz``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Response, current_app, jsonify, request

from graph import analysis
from graph.cache import cache_for, current_version
from graph.forms import FIRST_YEAR, LAST_YEAR
from graph.queries import load_rows


def graph_data() -> Any:
    """Nodes (names, kind, region, x/y, measures, community) and edges with weights."""
    try:
        start = _year(request.args.get("since"), 1, 1)
        end = _year(request.args.get("until"), 12, 31)
    except ValueError:
        reason = f"since and until must be years from {FIRST_YEAR} to {LAST_YEAR}."
        return jsonify(error=reason), 400
    version = current_version()
    etag = f"{version}-{start or ''}-{end or ''}"
    if request.if_none_match.contains(etag):
        return _not_modified(etag)
    snap = cache_for(current_app).snapshot(version, load_rows, start, end)
    response = Response(analysis.api_json(snap), content_type="application/json")
    return _validators(response, etag)


def _year(value: str | None, month: int, day: int) -> date | None:
    """A query-string year as a date at the given end of it; ``ValueError`` if not a year."""
    if not value:
        return None
    year = int(value)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(value)
    return date(year, month, day)


def _not_modified(etag: str) -> Response:
    return _validators(Response(status=304), etag)


def _validators(response: Response, etag: str) -> Response:
    response.set_etag(etag)
    # Always revalidate: the network may change at any moment, and the 304 is cheap.
    response.headers["Cache-Control"] = "no-cache"
    return response
