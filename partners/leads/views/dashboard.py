"""The leads dashboard: the funnel per source, conversion per year, days per stage and overdue
follow-ups per owner (the figures come from ``partners.leads.dashboard``)."""

from __future__ import annotations

from typing import Any

from flask import render_template

from core.auth import staff_required
from core.office import office_today
from partners.leads import queries
from partners.leads.dashboard import conversion, funnel, median_days_per_stage, overdue_by_owner


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
