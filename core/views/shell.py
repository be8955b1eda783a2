"""Shell routes: the language redirect, health check and the staff start page."""

from __future__ import annotations

from typing import Any

from flask import (
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from core.auth import staff_required
from core.extensions import db
from core.i18n import negotiate


def root() -> Any:
    """Send visitors to their language: any Chinese Accept-Language → /zh/, else /en/."""
    lang = negotiate(request.headers.get("Accept-Language"))
    response = redirect(url_for("events.home", lang=lang))
    response.headers["Vary"] = "Accept-Language"
    return response


FAVICON_MAX_AGE = 7 * 24 * 3600  # browsers ask on every first load; the mark rarely changes


def favicon() -> Any:
    """``/favicon.ico``: browsers request it whatever the page links (base.html links an SVG)."""
    folder = current_app.static_folder or ""
    response = send_from_directory(folder, "favicon.ico", max_age=FAVICON_MAX_AGE)
    response.mimetype = "image/vnd.microsoft.icon"
    return response


def healthz() -> Any:
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        db.session.rollback()
        reason = str(exc.orig if getattr(exc, "orig", None) else exc).splitlines()[0]
        return jsonify(status="unavailable", database="unreachable", error=reason), 503
    return jsonify(status="ok", database="ok")


@staff_required
def staff_home() -> Any:
    return render_template("core/staff_home.html")
