"""The staff page that imports a spreadsheet of leads (XLSX or CSV) and shows, row by row,
what was created and what was refused."""

from __future__ import annotations

from typing import Any

from flask import render_template
from flask_babel import gettext as _
from flask_login import current_user

from core.auth import staff_required
from core.extensions import db
from core.request_limits import SPREADSHEET_MAX_BYTES, accepts_upload, spreadsheet_limit
from partners.leads import operations
from partners.leads.forms import ImportForm
from partners.leads.importing import ImportFileError

MAX_UPLOAD = SPREADSHEET_MAX_BYTES


@accepts_upload(spreadsheet_limit)
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
