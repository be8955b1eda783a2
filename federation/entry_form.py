"""The bilingual event form (partner contacts for their own partner, staff for any) and the
event spreadsheet upload; both become :class:`~federation.entry.Entry` values."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, Length, Optional

from federation.entry import DEFAULT_ZONE, Entry
from federation.forms import PartnerForm

TEXT = [Optional(), Length(max=500)]
LINK = [Optional(), Length(max=2000), URL(require_tld=False)]
WHEN_HINT = _l("Like 2026-12-20 14:00; a date alone for an all-day event.")


class EntryForm(PartnerForm):
    """Texts in Chinese and English: one language is enough, the other is marked missing."""

    title_zh = StringField(_l("Title (Chinese)"), validators=TEXT)
    title_en = StringField(_l("Title (English)"), validators=TEXT)
    description_zh = TextAreaField(
        _l("Description (Chinese)"), validators=[Optional(), Length(max=20000)]
    )
    description_en = TextAreaField(
        _l("Description (English)"), validators=[Optional(), Length(max=20000)]
    )
    location_zh = StringField(_l("Place (Chinese)"), validators=TEXT)
    location_en = StringField(_l("Place (English)"), validators=TEXT)
    start = StringField(_l("Starts"), validators=[Length(max=40)], description=WHEN_HINT)
    end = StringField(_l("Ends"), validators=[Optional(), Length(max=40)], description=WHEN_HINT)
    tzid = SelectField(_l("Time zone"), default=DEFAULT_ZONE)
    all_day = BooleanField(_l("All-day event"))
    mode = RadioField(
        _l("Format"),
        choices=[SelectChoice("offline", _l("In person")), SelectChoice("online", _l("Online"))],
        default="offline",
    )
    url = StringField(_l("Link"), validators=LINK)
    registration_url = StringField(_l("Registration link"), validators=LINK)
    categories = SelectMultipleField(_l("Topics"), choices=[], validate_choice=True)
    cohosts = SelectMultipleField(
        _l("Co-hosting partners"), coerce=int, choices=[], validate_choice=True
    )

    def entry(self) -> Entry:
        return Entry(
            **{name: (getattr(self, name).data or "").strip() for name in _TEXTS},
            tzid=self.tzid.data or DEFAULT_ZONE,
            all_day=bool(self.all_day.data),
            online=self.mode.data == "online",
            categories=tuple(self.categories.data or ()),
            cohosts=tuple(self.cohosts.data or ()),
        )

    def fill(self, values: Entry) -> None:
        """Show a stored entry (on GET, before the person edits it)."""
        for name in _TEXTS:
            getattr(self, name).data = getattr(values, name)
        self.tzid.data, self.all_day.data = values.tzid, values.all_day
        self.mode.data = "online" if values.online else "offline"
        self.categories.data, self.cohosts.data = list(values.categories), list(values.cohosts)


_TEXTS = (
    "title_zh",
    "title_en",
    "description_zh",
    "description_en",
    "location_zh",
    "location_en",
    "start",
    "end",
    "url",
    "registration_url",
)


class EventSheetForm(PartnerForm):
    file = FileField(_l("Spreadsheet (.xlsx or .csv)"), validators=[FileRequired()])
