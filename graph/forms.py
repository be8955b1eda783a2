"""The network page's GET forms: filters and the introduction-path finder.

GET forms change nothing, so they carry no CSRF token: their whole state sits in the
query string, where visitors can bookmark and share it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, ValidationError
from wtforms.fields.choices import SelectChoice
from wtforms.validators import NumberRange, Optional

from partners.forms import KIND_LABELS
from partners.regions import REGION_LABELS

FIRST_YEAR, LAST_YEAR = 1990, 2100
COLOURS = {
    "community": _l("Community"),
    "region": _l("Region"),
    "kind": _l("Kind"),
}
SORTS = ("pagerank", "weighted_degree", "degree", "betweenness", "community", "name")


def _choices(labels: dict[str, Any]) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in labels.items()]


class _GetForm(FlaskForm):
    class Meta:
        csrf = False


class NetworkFilterForm(_GetForm):
    colour = SelectField(_l("Colour by"), choices=_choices(COLOURS), default="community")
    kind = SelectField(
        _l("Kind"), choices=_choices({"": _l("All kinds"), **KIND_LABELS}), default=""
    )
    region = SelectField(
        _l("Region"), choices=_choices({"": _l("All regions"), **REGION_LABELS}), default=""
    )
    since = IntegerField(
        _l("From year"),
        validators=[Optional(), NumberRange(FIRST_YEAR, LAST_YEAR, _l("Enter a year."))],
    )
    until = IntegerField(
        _l("To year"),
        validators=[Optional(), NumberRange(FIRST_YEAR, LAST_YEAR, _l("Enter a year."))],
    )

    def validate_until(self, field: IntegerField) -> None:
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError(_l("The end year comes before the start year."))

    def window(self) -> tuple[date | None, date | None]:
        """The date window the filters ask for; valid years only."""
        start = date(self.since.data, 1, 1) if self.since.data and not self.since.errors else None
        end = date(self.until.data, 12, 31) if self.until.data and not self.until.errors else None
        if start and end and end < start:
            return None, None
        return start, end


class PathForm(_GetForm):
    """Two partners by slug; the choices are filled in by the view from the network."""

    a = SelectField(_l("From partner"), choices=[], validate_choice=False)
    b = SelectField(_l("To partner"), choices=[], validate_choice=False)
