"""The spreadsheet upload page shared by the partner import and the link import."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import render_template
from flask_babel import gettext as _

from core.extensions import db
from core.request_limits import SPREADSHEET_MAX_BYTES
from partners.forms import UploadForm
from partners.importing import ImportReport
from partners.spreadsheet import SpreadsheetError


def upload_page(apply: Callable[..., ImportReport], what: str, columns: str) -> Any:
    """The upload form and, after a post, the per-row result of applying the file."""
    form, report = UploadForm(), None
    if form.validate_on_submit():
        try:
            report = apply(_read_capped(form))
        except SpreadsheetError as exc:
            db.session.rollback()
            form.file.errors.append(str(exc))
        else:
            db.session.commit()
    return render_template(
        "partners/import.html", form=form, report=report, what=what, columns=columns
    )


def _read_capped(form: UploadForm) -> bytes:
    data = form.file.data.read(SPREADSHEET_MAX_BYTES + 1)
    if len(data) > SPREADSHEET_MAX_BYTES:
        raise SpreadsheetError(_("The file is larger than 5 MB."))
    return data
