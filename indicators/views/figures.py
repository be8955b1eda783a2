"""Reported figures: the upload page (staff for every base, a partner contact for its own),
the template download, and a base's figures as reported."""

from __future__ import annotations

from typing import Any

from flask import Response, render_template
from flask_babel import gettext as _
from flask_login import current_user

from core.extensions import db
from core.office import office_today
from core.request_limits import accepts_upload, spreadsheet_limit
from indicators import operations, queries
from indicators.forms import FiguresForm
from indicators.importing import ImportFileError
from indicators.report_xlsx import template_workbook
from indicators.views.access import figures_user_required, own_base, readable_base

MAX_UPLOAD = 5 * 1024 * 1024
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@accepts_upload(spreadsheet_limit)
@figures_user_required
def upload() -> Any:
    form, report, error = FiguresForm(), None, None
    only = own_base()
    if form.validate_on_submit():
        data = form.file.data.read(MAX_UPLOAD + 1)
        try:
            if len(data) > MAX_UPLOAD:
                raise ImportFileError(_("The file is larger than 5 MB."))
            report = operations.import_figures(data, by=current_user, only=only)
            db.session.commit()
        except ImportFileError as exc:
            db.session.rollback()
            error = str(exc)
    status = 400 if error or form.errors else 200
    page = render_template(
        "indicators/upload.html", form=form, report=report, error=error, only=only
    )
    return page, status


@figures_user_required
def template_download() -> Response:
    only = own_base()
    bases = [only] if only is not None else queries.bases()
    rows = [(p.slug, p.name_zh, p.name_en) for p in bases]
    data = template_workbook(queries.framework_in_force(), rows, str(office_today().year - 1))
    return Response(
        data,
        mimetype=XLSX,
        headers={"Content-Disposition": 'attachment; filename="indicators-template.xlsx"'},
    )


@figures_user_required
def figures(slug: str) -> Any:
    partner = readable_base(slug)
    values = queries.reported([partner.id])
    period_list = sorted({p for _, p, _ in values}, reverse=True)
    framework = queries.framework_in_force()
    return render_template(
        "indicators/figures.html",
        partner=partner,
        values=values,
        period_list=period_list,
        framework=framework,
    )
