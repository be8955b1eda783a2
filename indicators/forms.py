"""Forms of the indicator pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired


class FiguresForm(FlaskForm):
    file = FileField(
        _l("Spreadsheet"),
        validators=[FileRequired(_l("Choose a file."))],
        description=_l(
            "XLSX or CSV: the template (one row per base, one column per indicator) or one "
            "row per figure with the columns partner, period, indicator, value."
        ),
    )


class FrameworkForm(FlaskForm):
    file = FileField(
        _l("Framework spreadsheet"),
        validators=[FileRequired(_l("Choose a file."))],
        description=_l("XLSX or CSV with the columns of the framework download."),
    )
