"""The list's criteria: its filters, read from the query string into one value every view shares.

The same ``EventFilter`` drives the HTML list, the month view, the .ics feeds and the JSON API,
so a filtered view can be shared, subscribed to and fetched as JSON alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from core.office import SHANGHAI
from partners.regions import Region

WHEN = ("upcoming", "week", "month", "3months", "past", "all")
MODES = ("online", "in_person")
LANGS = ("en", "zh")
MAX_PER_PAGE = 100
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class FilterError(ValueError):
    """A query-string value the list cannot use; the message is shown to the visitor."""


@dataclass(frozen=True)
class EventFilter:
    when: str = "upcoming"
    date_from: date | None = None
    date_to: date | None = None
    region: str = ""
    country: str = ""
    city: str = ""
    partner: str = ""
    category: str = ""
    language: str = ""
    mode: str = ""
    q: str = ""
    page: int = 1
    per_page: int = 20

    def query_args(self, **changes: Any) -> dict[str, str]:
        """The non-default values as query-string arguments (for links and feeds)."""
        current = replace(self, **changes)
        out = {}
        for f in fields(self):
            value = getattr(current, f.name)
            if value != f.default and value not in (None, ""):
                out[_ARG_NAMES.get(f.name, f.name)] = str(value)
        return out

    @property
    def is_filtered(self) -> bool:
        return bool(self.query_args(page=1, per_page=20, when="upcoming"))


_ARG_NAMES = {"date_from": "from", "date_to": "to"}


# Values are taken as given (no stripping): what the OpenAPI document promises is what passes.
def _choice(args: MultiDict, name: str, allowed: tuple[str, ...], message: Any) -> str:
    value = args.get(name, "")
    if value and value not in allowed:
        raise FilterError(str(message))
    return value


# Any valid date is accepted, but held to years events can have: 0001-01-01 in Shanghai is
# before the first representable UTC instant.
EARLIEST, LATEST = date(1900, 1, 1), date(2999, 12, 31)


def _date(args: MultiDict, name: str) -> date | None:
    value = args.get(name, "")
    if not value:
        return None
    try:
        if len(value) != 10:
            raise ValueError(value)
        return min(max(date.fromisoformat(value), EARLIEST), LATEST)
    except ValueError:
        raise FilterError(str(_l("Dates are written as YYYY-MM-DD."))) from None


def _int(args: MultiDict, name: str, default: int, top: int) -> int:
    value = args.get(name, "")
    if not value:
        return default
    if not value.isascii() or not value.isdigit() or not 1 <= int(value) <= top:
        raise FilterError(
            str(_l("%(name)s must be a whole number from 1 to %(top)s.", name=name, top=top))
        )
    return int(value)


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")  # PostgreSQL refuses NUL in text; none are words


def _text(args: MultiDict, name: str, limit: int = 200) -> str:
    raw = args.get(name, "")
    value = " ".join(_CONTROL.sub(" ", raw).split())
    if len(raw) > limit:
        raise FilterError(str(_l("The search is too long.")))
    return value


def parse(args: MultiDict, default_when: str = "upcoming") -> EventFilter:
    """Read the filters from ``args``; raises FilterError with a message for the visitor.

    Feeds default to ``when="all"``: a subscribed event must not vanish once it has ended.
    """
    partner = args.get("partner", "")
    if partner and not _SLUG.match(partner):
        raise FilterError(str(_l("Unknown partner.")))
    country = args.get("country", "")
    if country and not re.fullmatch(r"[A-Za-z]{2}", country):
        raise FilterError(str(_l("A country is a two-letter code such as SG.")))
    return EventFilter(
        when=_choice(args, "when", WHEN, _l("Unknown date range.")) or default_when,
        date_from=_date(args, "from"),
        date_to=_date(args, "to"),
        region=_choice(args, "region", tuple(Region), _l("Unknown region.")),
        country=country.upper(),
        city=_text(args, "city", 100),
        partner=partner,
        category=_text(args, "category", 100),
        language=_choice(args, "language", LANGS, _l("Unknown language.")),
        mode=_choice(args, "mode", MODES, _l("Unknown format.")),
        q=_text(args, "q"),
        page=_int(args, "page", 1, 10_000),
        per_page=_int(args, "per_page", 20, MAX_PER_PAGE),
    )  # an end before the start is an empty range, not an error: it simply matches nothing


def parse_month(value: str, today: date) -> date:
    """``YYYY-MM`` → the first day of that month (this month when empty)."""
    if not value:
        return today.replace(day=1)
    match = _MONTH.match(value)
    if not match or not 1 <= int(match[2]) <= 12 or not 1900 < int(match[1]) < 2200:
        raise FilterError(str(_l("A month is written as YYYY-MM.")))
    return date(int(match[1]), int(match[2]), 1)


def shanghai_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), SHANGHAI)


def time_window(f: EventFilter, now: datetime) -> tuple[datetime | None, datetime | None]:
    """The (from, until) instants an event must overlap; explicit dates beat the preset."""
    if f.date_from or f.date_to:
        start = shanghai_midnight(f.date_from) if f.date_from else None
        end = shanghai_midnight(f.date_to + timedelta(days=1)) if f.date_to else None
        return start, end
    today = now.astimezone(SHANGHAI).date()
    ends = {
        "week": today + timedelta(days=7 - today.weekday()),
        "month": (today.replace(day=28) + timedelta(days=4)).replace(day=1),
        "3months": today + timedelta(days=91),
    }
    if f.when in ends:
        return now, shanghai_midnight(ends[f.when])
    if f.when == "all":
        return None, None
    return (None, now) if f.when == "past" else (now, None)
