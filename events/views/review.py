"""Staff review of duplicate matches: the page of uncertain pairs and clusters, and the form
that merges or splits a pair (what it shows: ``events.queries``; the decision kept:
``events.operations``)."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from core.auth import staff_required
from core.extensions import db
from core.ids import parse_id
from events import operations, queries
from events.models import Event


@staff_required
def review_duplicates() -> Any:
    if request.method == "POST":
        return _decide()
    return render_template(
        "events/review.html", pairs=queries.uncertain_pairs(), clusters=queries.current_clusters()
    )


def _decide() -> Any:
    decision = request.form.get("decision", "")
    a_id, b_id = parse_id(request.form.get("a")), parse_id(request.form.get("b"))
    if decision not in operations.DECISIONS or a_id is None or b_id is None:
        abort(400)
    a, b = db.session.get(Event, a_id), db.session.get(Event, b_id)
    if a is None or b is None or a.id == b.id:
        abort(404)
    operations.decide(a, b, decision, current_user)
    db.session.commit()
    flash(_("Merged.") if decision == "merged" else _("Split."), "success")
    return redirect(url_for("events.review_duplicates"), code=303)
