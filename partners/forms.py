"""Staff forms for partners, links, merges and spreadsheet uploads, and the bilingual labels
of the partner and link vocabularies."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from sqlalchemy import select
from wtforms import (
    BooleanField,
    DateField,
    FloatField,
    SelectField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from core.extensions import db
from core.weburl import web_url
from partners.models import Partner
from partners.operations import LINK_FIELDS, PARTNER_FIELDS
from partners.regions import REGION_LABELS
from partners.spreadsheet import COUNTRIES

KIND_LABELS = {
    "base": _l("Demonstration base"),
    "park": _l("Science park"),
    "incubator": _l("Incubator"),
    "university": _l("University"),
    "enterprise": _l("Enterprise"),
    "investor": _l("Investor"),
    "platform": _l("Service platform"),
    "association": _l("Association"),
    "government": _l("Government body"),
    "international": _l("International partner"),
}
LINK_KIND_LABELS = {
    "alliance": _l("Alliance membership"),
    "mou": _l("Memorandum of understanding"),
    "cohost": _l("Co-hosted events"),
    "investment": _l("Investment"),
    "tech_transfer": _l("Technology transfer"),
    "incubation": _l("Incubation"),
    "referral": _l("Referral"),
    "lead": _l("Import-Expo lead"),
}


def web_address(form: FlaskForm, field: Any) -> None:
    """Only http and https: a ``javascript:`` link in a directory is an attack, not a site."""
    if field.data and not web_url(field.data):
        raise ValidationError(_l("Enter an address starting with http:// or https://."))


def _choices(labels: dict[str, Any]) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in labels.items()]


class PartnerForm(FlaskForm):
    slug = StringField(
        _l("Identifier"),
        validators=[
            DataRequired(),
            Length(max=80),
            Regexp(
                r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
                message=_l(
                    "Use lower-case letters, digits and single hyphens, e.g. changyang-campus."
                ),
            ),
        ],
        description=_l("Used in addresses, e.g. /partners/changyang-campus."),
    )
    name_en = StringField(_l("Name in English"), validators=[DataRequired(), Length(max=200)])
    name_zh = StringField(_l("Name in Chinese"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(_l("Kind"), choices=_choices(KIND_LABELS))
    region = SelectField(_l("Region"), choices=_choices(REGION_LABELS))
    country = StringField(
        _l("Country"),
        validators=[DataRequired(), Length(min=2, max=2)],
        description=_l("Two-letter ISO code, e.g. CN, FI, US."),
    )
    city_en = StringField(_l("City in English"), validators=[Optional(), Length(max=100)])
    city_zh = StringField(_l("City in Chinese"), validators=[Optional(), Length(max=100)])
    website = URLField(_l("Website"), validators=[Optional(), Length(max=500), web_address])
    description_en = TextAreaField(_l("Description in English"), validators=[Optional()])
    description_zh = TextAreaField(_l("Description in Chinese"), validators=[Optional()])
    alliance_member = BooleanField(_l("Member of the alliance"))
    joined_on = DateField(_l("Joined on"), validators=[Optional()])

    def __init__(self, *args: Any, partner_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.partner_id = partner_id

    def validate_slug(self, field: Any) -> None:
        other = db.session.scalar(select(Partner.id).where(Partner.slug == field.data))
        if other is not None and other != self.partner_id:
            raise ValidationError(_l("Another partner uses this identifier already."))

    def validate_country(self, field: Any) -> None:
        field.data = (field.data or "").strip().upper()
        if field.data not in COUNTRIES:
            raise ValidationError(_l("Enter a two-letter ISO country code, e.g. CN."))

    def values(self) -> dict[str, Any]:
        data = {name: self[name].data for name in PARTNER_FIELDS}
        return {k: v.strip() if isinstance(v, str) else v for k, v in data.items()}


class LinkForm(FlaskForm):
    source_id = SelectField(_l("From partner"), coerce=int)
    target_id = SelectField(_l("To partner"), coerce=int)
    kind = SelectField(_l("Kind of cooperation"), choices=_choices(LINK_KIND_LABELS))
    since = DateField(_l("Since"), validators=[Optional()])
    until = DateField(_l("Until"), validators=[Optional()])
    weight = FloatField(
        _l("Weight"),
        default=1.0,
        validators=[
            DataRequired(_l("Enter a number greater than 0.")),
            NumberRange(min=0.001, message=_l("Enter a number greater than 0.")),
        ],
    )
    note_en = TextAreaField(_l("Note in English"), validators=[Optional()])
    note_zh = TextAreaField(_l("Note in Chinese"), validators=[Optional()])
    evidence_url = URLField(
        _l("Evidence (web address)"), validators=[Optional(), Length(max=500), web_address]
    )

    def validate_target_id(self, field: Any) -> None:
        if field.data == self.source_id.data:
            raise ValidationError(_l("A partner cannot cooperate with itself."))

    def validate_until(self, field: Any) -> None:
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError(_l("The end date is before the start date."))

    def values(self) -> dict[str, Any]:
        return {
            name: self[name].data.strip() if isinstance(self[name].data, str) else self[name].data
            for name in LINK_FIELDS
        }


class MergeForm(FlaskForm):
    survivor_id = SelectField(_l("Keep this partner"), coerce=int)

    def __init__(self, *args: Any, duplicate_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.duplicate_id = duplicate_id

    def validate_survivor_id(self, field: Any) -> None:
        if field.data == self.duplicate_id:
            raise ValidationError(_l("Choose another partner to keep."))


class UploadForm(FlaskForm):
    file = FileField(_l("CSV or XLSX file"), validators=[FileRequired(_l("Choose a file."))])


def partner_choices(lang: str, *, leave_out: int | None = None) -> list[SelectChoice]:
    partners = db.session.scalars(select(Partner).order_by(Partner.slug)).all()
    return [SelectChoice(p.id, f"{p.name(lang)} ({p.slug})") for p in partners if p.id != leave_out]
