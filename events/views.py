"""Public event pages."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request

from core.db_types import utcnow
from events import display, queries

bp = Blueprint("events", __name__, url_prefix="/<lang:lang>", template_folder="templates")


@bp.route("/")
def home() -> Any:
    upcoming = queries.upcoming(utcnow(), per_page=6)
    return render_template("events/home.html", upcoming=upcoming, partners=queries.partner_count())


@bp.route("/events")
def event_list() -> Any:
    page = request.args.get("page", 1, type=int) or 1
    result = queries.upcoming(utcnow(), page=max(1, page), per_page=20)
    return render_template("events/list.html", result=result)


display.register(bp)
