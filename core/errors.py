"""Error pages in the visitor's language; JSON errors for the API."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException, InternalServerError

from core import request_limits
from core.extensions import db

log = logging.getLogger("huiju")


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.path.startswith("/healthz")


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected)


def handle_http_error(error: HTTPException) -> Any:
    detail = _detail(error.code)
    if wants_json():
        body = jsonify(error=error.name, message=detail or error.description)
    else:
        body = render_template(
            "core/error.html", code=error.code, title=_title(error.code), detail=detail
        )
    # Keep what the exception adds (Allow on 405, WWW-Authenticate on 401), not its body type.
    headers = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
    return body, error.code, headers


def handle_unexpected(error: Exception) -> Any:
    if isinstance(error, HTTPException):
        return handle_http_error(error)
    log.exception("unhandled error on %s", request.path)
    db.session.rollback()
    return handle_http_error(InternalServerError())


def _detail(code: int | None) -> str | None:
    """What to do about it, where the title alone does not say."""
    if code == 413:
        return _(
            "This page accepts at most %(size)s MB; nothing was saved. Choose a smaller file.",
            size=request_limits.limit_in_mb(),
        )
    return None


def _title(code: int | None) -> str:
    titles = {
        400: _("The request was not understood."),
        403: _("You may not see this page."),
        404: _("This page does not exist."),
        405: _("This page cannot be used that way."),
        413: _("The upload is too large."),
        429: _("Too many requests. Please wait a moment."),
        500: _("Something went wrong on our side. Please try again later."),
    }
    return titles.get(code or 500, _("Something went wrong on our side. Please try again later."))
