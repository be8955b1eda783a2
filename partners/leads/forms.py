"""Forms of the leads pages; choices that come from the database are set by the view."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, EmailField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp

from partners.kinds import PartnerKind
from partners.regions import Region

KIND_LABELS = {
    "call": _l("Call"),
    "email": _l("E-mail"),
    "meeting": _l("Meeting"),
    "visit": _l("Visit"),
}
NONE = 0  # the "nobody" / "no partner" choice of the optional select fields


class LeadForm(FlaskForm):
    organization_en = StringField(_l("Organisation (English)"), validators=[Length(max=200)])
    organization_zh = StringField(_l("Organisation (Chinese)"), validators=[Length(max=200)])
    contact_name = StringField(_l("Contact"), validators=[Length(max=200)])
    email = EmailField(_l("E-mail"), validators=[Optional(), Email(), Length(max=254)])
    phone = StringField(_l("Phone"), validators=[Length(max=64)])
    country = StringField(
        _l("Country"),
        validators=[Optional(), Regexp(r"^[A-Za-z]{2}$", message=_l("Two letters, e.g. DE."))],
        description=_l("ISO code of two letters, e.g. DE, JP, US."),
    )
    sector = StringField(_l("Sector"), validators=[Length(max=100)])
    source = StringField(
        _l("Source"), validators=[Length(max=100)], description=_l("For example: CIIE 2026")
    )
    interest = TextAreaField(_l("Interest"), validators=[Length(max=5000)])
    introduced_by_id = SelectField(_l("Introduced by"), coerce=int, default=NONE)
    owner_id = SelectField(_l("Owner"), coerce=int, default=NONE)
    next_follow_up_on = DateField(_l("Next follow-up"), validators=[Optional()])
    notes = TextAreaField(_l("Notes"), validators=[Length(max=10000)])

    def validate(self, extra_validators: Any = None) -> bool:
        ok = super().validate(extra_validators)
        if (
            not (self.organization_en.data or "").strip()
            and not (self.organization_zh.data or "").strip()
        ):
            self.organization_en.errors = [
                *self.organization_en.errors,
                str(_l("Give the organisation's name in English or Chinese.")),
            ]
            return False
        return ok

    def lead_fields(self) -> dict[str, Any]:
        """The submitted values as ``Lead`` columns."""
        return {
            "organization_en": _text(self.organization_en),
            "organization_zh": _text(self.organization_zh),
            "contact_name": _text(self.contact_name),
            "email": _text(self.email),
            "phone": _text(self.phone),
            "country": _text(self.country).upper(),
            "sector": _text(self.sector),
            "source": _text(self.source),
            "interest": _text(self.interest),
            "introduced_by_id": self.introduced_by_id.data or None,
            "owner_id": self.owner_id.data or None,
            "next_follow_up_on": self.next_follow_up_on.data,
            "notes": _text(self.notes),
        }


def _text(field: Any) -> str:
    return (field.data or "").strip()


class FollowUpForm(FlaskForm):
    on = DateField(_l("Date"), validators=[DataRequired()])
    kind = SelectField(_l("Kind"), choices=list(KIND_LABELS.items()))
    outcome = TextAreaField(_l("Outcome"), validators=[Length(max=5000)])
    next_step = StringField(_l("Next step"), validators=[Length(max=500)])
    next_follow_up_on = DateField(_l("Next follow-up"), validators=[Optional()])
    to_stage = SelectField(_l("Move to stage"), default="", validate_choice=False)
    reason = StringField(_l("Reason (if lost)"), validators=[Length(max=2000)])


class MoveForm(FlaskForm):
    to_stage = StringField(validators=[DataRequired()])
    reason = TextAreaField(_l("Why was the lead lost?"), validators=[Length(max=2000)])


class ConvertForm(FlaskForm):
    partner_id = SelectField(_l("Partner"), coerce=int, default=NONE)
    slug = StringField(
        _l("Short name of the new partner"),
        validators=[Length(max=80)],
        description=_l("Lower-case letters, digits and hyphens, e.g. acme-robotics."),
    )
    name_en = StringField(_l("Name (English)"), validators=[Length(max=200)])
    name_zh = StringField(_l("Name (Chinese)"), validators=[Length(max=200)])
    kind = SelectField(
        _l("Kind"),
        choices=[(k.value, k.value) for k in PartnerKind],
        default=PartnerKind.ENTERPRISE.value,
    )
    region = SelectField(
        _l("Region"), choices=[(r.value, r.value) for r in Region], default=Region.OVERSEAS.value
    )


class ImportForm(FlaskForm):
    file = FileField(
        _l("Spreadsheet"),
        validators=[FileRequired(_l("Choose a file."))],
        description=_l("XLSX or CSV (UTF-8 or GB18030), headers in English or Chinese."),
    )


class TokenForm(FlaskForm):
    """CSRF only: the pressed button (``action``) says issue or revoke."""
