"""Forms of the staff curation page: an event's texts in both languages, hiding it."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import Length, Optional

TEXT = [Optional(), Length(max=500)]


class CurationForm(FlaskForm):
    """What the site shows; empty or the partner's own value means "as the partner says"."""

    title_zh = StringField(_l("Title (Chinese)"), validators=TEXT)
    title_en = StringField(_l("Title (English)"), validators=TEXT)
    location_zh = StringField(_l("Place (Chinese)"), validators=TEXT)
    location_en = StringField(_l("Place (English)"), validators=TEXT)
    description_zh = TextAreaField(
        _l("Description (Chinese)"), validators=[Optional(), Length(max=20000)]
    )
    description_en = TextAreaField(
        _l("Description (English)"), validators=[Optional(), Length(max=20000)]
    )


class HideForm(FlaskForm):
    reason = StringField(_l("Reason"), validators=[Optional(), Length(max=500)])
