"""A staff member's own page: the follow-ups due today or overdue, and the private calendar
URL of their follow-up dates (issued once, revocable)."""

from __future__ import annotations

from typing import Any

from flask import render_template, request, url_for
from flask_login import current_user

from core.auth import staff_required
from core.extensions import db
from core.office import office_today
from partners.leads import calendar, queries
from partners.leads.forms import TokenForm


@staff_required
def mine() -> Any:
    return _render_mine()


@staff_required
def calendar_token() -> Any:
    form, feed_url = TokenForm(), None
    if form.validate_on_submit():
        if request.form.get("action") == "revoke":
            calendar.revoke_token(current_user)
        else:
            token = calendar.issue_token(current_user)
            feed_url = url_for("leads_feed.feed", token=token, _external=True)
        db.session.commit()
    return _render_mine(feed_url=feed_url)


def _render_mine(feed_url: str | None = None) -> str:
    today = office_today()
    due = queries.due_for(current_user, today)
    return render_template(
        "leads/mine.html",
        items=due,
        today=today,
        feed_url=feed_url,
        has_token=bool(current_user.calendar_token_hash),
        form=TokenForm(),
    )
