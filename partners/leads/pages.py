"""More staff pages of the ``leads`` blueprint: spreadsheet import, "my follow-ups" with the
private calendar URL, the dashboard and the CSV export."""

from __future__ import annotations

import csv
import io
from typing import Any

from flask import Blueprint, Response, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from core.auth import staff_required
from core.extensions import db
from core.office import office_today
from partners.leads import calendar, operations, queries
from partners.leads.dashboard import conversion, funnel, median_days_per_stage, overdue_by_owner
from partners.leads.forms import ImportForm, TokenForm
from partners.leads.importing import ImportFileError
from partners.leads.queries import LeadFilter

MAX_UPLOAD = 5 * 1024 * 1024
CSV_COLUMNS = (
    "id", "organization_en", "organization_zh", "contact_name", "email", "phone", "country",
    "sector", "source", "stage", "owner", "next_follow_up", "lost_reason", "created_at",
)  # fmt: skip


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/import", view_func=import_leads, methods=["GET", "POST"])
    bp.add_url_rule("/mine", view_func=mine)
    bp.add_url_rule("/mine/calendar", view_func=calendar_token, methods=["POST"])
    bp.add_url_rule("/dashboard", view_func=dashboard)
    bp.add_url_rule("/export.csv", view_func=export_csv)


@staff_required
def import_leads() -> Any:
    form, plan, error = ImportForm(), None, None
    if form.validate_on_submit():
        data = form.file.data.read(MAX_UPLOAD + 1)
        try:
            if len(data) > MAX_UPLOAD:
                raise ImportFileError(_("The file is larger than 5 MB."))
            plan = operations.import_spreadsheet(data, by=current_user)
            db.session.commit()
        except ImportFileError as exc:
            db.session.rollback()
            error = str(exc)
    status = 400 if error or form.errors else 200
    return render_template("leads/import.html", form=form, plan=plan, error=error), status


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


@staff_required
def dashboard() -> Any:
    facts, changes = queries.lead_facts(), queries.stage_facts()
    return render_template(
        "leads/dashboard.html",
        total=len(facts),
        funnel=funnel(facts, changes),
        conversion=conversion(facts),
        medians=median_days_per_stage(changes),
        overdue=overdue_by_owner(facts, office_today()),
    )


@staff_required
def export_csv() -> Response:
    f = LeadFilter.from_args(request.args)
    rows = db.session.scalars(queries.filtered(f, office_today())).all()
    owners = {u.id: u.email for u in queries.staff_users()}
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for lead in rows:
        writer.writerow([_cell(v) for v in _csv_row(lead, owners)])
    body = "\ufeff" + out.getvalue()  # a BOM, so Excel opens the Chinese names as UTF-8
    response = Response(body, mimetype="text/csv")
    response.headers["Content-Disposition"] = "attachment; filename=leads.csv"
    return response


def _csv_row(lead: Any, owners: dict[int, str]) -> list[Any]:
    return [
        lead.id, lead.organization_en, lead.organization_zh, lead.contact_name, lead.email,
        lead.phone, lead.country, lead.sector, lead.source, lead.stage,
        owners.get(lead.owner_id, ""), lead.next_follow_up_on or "", lead.lost_reason,
        lead.created_at.date().isoformat(),
    ]  # fmt: skip


def _cell(value: Any) -> Any:
    """Neutralise spreadsheet formulas in data typed by others (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
