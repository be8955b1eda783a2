"""Forms of the feed pages: add a pull feed, upload a calendar, create a push token."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, DataRequired, Length, NumberRange, Optional

LANGUAGE_CHOICES = [
    SelectChoice("auto", _l("Detect per event")),
    SelectChoice("zh", _l("Chinese")),
    SelectChoice("en", _l("English")),
]


class ActionForm(FlaskForm):
    """A button that changes something: only the CSRF token travels."""


class PartnerForm(FlaskForm):
    """Staff choose the partner; for a partner user the view removes the field."""

    partner = SelectField(_l("Partner"), coerce=int, validators=[DataRequired()])


class AddFeedForm(PartnerForm):
    url = StringField(
        _l("Calendar address (.ics URL)"),
        validators=[DataRequired(), Length(max=2000), URL(require_tld=False)],
        description=_l("The address of the calendar's iCalendar export, http or https."),
    )
    language = SelectField(_l("Language of the events"), choices=LANGUAGE_CHOICES, default="auto")
    interval_minutes = IntegerField(
        _l("Sync every (minutes)"),
        validators=[Optional(), NumberRange(min=5, max=10080)],
        description=_l("Leave empty for the site's default interval."),
    )


class UploadForm(PartnerForm):
    calendar = FileField(_l("Calendar file (.ics)"), validators=[FileRequired()])
    language = SelectField(_l("Language of the events"), choices=LANGUAGE_CHOICES, default="auto")


class TokenForm(PartnerForm):
    name = StringField(
        _l("Name"),
        validators=[Length(max=100)],
        description=_l("What the token is for, e.g. the website that pushes the calendar."),
    )
