"""The framework in force: its dimensions and indicators, its download, and the import of an
edited one as the next version."""

from __future__ import annotations

from typing import Any

from flask import Response, render_template
from flask_babel import gettext as _
from flask_login import current_user

from core.auth import staff_required
from core.extensions import db
from core.request_limits import accepts_upload, spreadsheet_limit
from indicators import operations, queries
from indicators.forms import FrameworkForm
from indicators.framework import FrameworkError
from indicators.importing import ImportFileError, read_framework
from indicators.report_xlsx import framework_workbook
from indicators.views.figures import MAX_UPLOAD, XLSX


@accepts_upload(spreadsheet_limit)
@staff_required
def framework_page() -> Any:
    form, errors, imported = FrameworkForm(), [], None
    if form.validate_on_submit():
        data = form.file.data.read(MAX_UPLOAD + 1)
        try:
            if len(data) > MAX_UPLOAD:
                raise ImportFileError(_("The file is larger than 5 MB."))
            operations.ensure_framework()
            stored = queries.stored_framework()
            parsed = read_framework(data, stored.version + 1 if stored else 1)
            imported = operations.store_framework(
                parsed, by=current_user, note=form.file.data.filename or ""
            )
            db.session.commit()
        except FrameworkError as exc:
            db.session.rollback()
            errors = exc.problems
        except ImportFileError as exc:
            db.session.rollback()
            errors = [str(exc)]
    status = 400 if errors or form.errors else 200
    page = render_template(
        "indicators/framework.html",
        form=form,
        errors=errors,
        imported=imported,
        framework=queries.framework_in_force(),
        stored=queries.stored_framework(),
    )
    return page, status


@staff_required
def framework_download() -> Response:
    data = framework_workbook(queries.framework_in_force())
    return Response(
        data,
        mimetype=XLSX,
        headers={"Content-Disposition": 'attachment; filename="indicator-framework.xlsx"'},
    )
