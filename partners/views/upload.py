"""The spreadsheet upload page shared by the partner import and the link import."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import render_template

from core.extensions import db
from partners.forms import UploadForm
from partners.importing import ImportReport
from partners.spreadsheet import SpreadsheetError


def upload_page(apply: Callable[..., ImportReport], what: str, columns: str) -> Any:
    """The upload form and, after a post, the per-row result of applying the file."""
    form, report = UploadForm(), None
    if form.validate_on_submit():
        try:
            report = apply(form.file.data.read())
        except SpreadsheetError as exc:
            db.session.rollback()
            form.file.errors.append(str(exc))
        else:
            db.session.commit()
    return render_template(
        "partners/import.html", form=form, report=report, what=what, columns=columns
    )
