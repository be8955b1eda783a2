"""The leads board, a column per stage, and the same leads as a filtered list."""

from __future__ import annotations

from typing import Any

from flask import render_template, request

from core.auth import staff_required
from core.extensions import db
from core.office import office_today
from partners.leads import queries
from partners.leads.queries import LeadFilter


@staff_required
def board() -> Any:
    f = LeadFilter.from_args(request.args)
    today = office_today()
    columns = queries.board(f, today)
    return render_template(
        "leads/board.html", columns=columns, today=today, f=f, **_filter_choices()
    )


@staff_required
def lead_list() -> Any:
    f = LeadFilter.from_args(request.args)
    today = office_today()
    rows = db.session.scalars(queries.filtered(f, today)).all()
    return render_template("leads/list.html", rows=rows, today=today, f=f, **_filter_choices())


def _filter_choices() -> dict[str, Any]:
    staff = queries.staff_users()
    owners = {u.id: u.email for u in staff}
    return {"staff": staff, "owners": owners, "sources": queries.sources()}
