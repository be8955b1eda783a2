"""The filtered leads as a CSV download that Excel opens with the Chinese names intact."""

from __future__ import annotations

from typing import Any

from flask import Response, request

from core.auth import staff_required
from core.extensions import db
from core.office import office_today
from core.spreadsheet_cells import csv_text
from partners.leads import queries
from partners.leads.queries import LeadFilter

CSV_COLUMNS = (
    "id", "organization_en", "organization_zh", "contact_name", "email", "phone", "country",
    "sector", "source", "stage", "owner", "next_follow_up", "lost_reason", "created_at",
)  # fmt: skip


@staff_required
def export_csv() -> Response:
    f = LeadFilter.from_args(request.args)
    rows = db.session.scalars(queries.filtered(f, office_today())).all()
    owners = {u.id: u.email for u in queries.staff_users()}
    table = csv_text(CSV_COLUMNS, (_csv_row(lead, owners) for lead in rows))
    body = "\ufeff" + table  # a BOM, so Excel opens the Chinese names as UTF-8
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
