"""What the list says of its filters: each active one as a removable chip, and the
filters that cannot match anything explained rather than answered with "0 events"."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from babel.dates import format_skeleton
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from events import topics
from events.criteria import EventFilter

WHEN_LABELS = {
    "upcoming": _l("Upcoming"),
    "week": _l("This week"),
    "month": _l("This month"),
    "3months": _l("Next 3 months"),
    "past": _l("Past"),
    "all": _l("All dates"),
}
LANGUAGE_LABELS = {"en": _l("English"), "zh": _l("Chinese")}
MODE_LABELS = {"online": _l("Online"), "in_person": _l("In person")}


@dataclass(frozen=True)
class Chip:
    text: str
    args: dict[str, str]  # the list's query without this filter


@dataclass(frozen=True)
class Names:
    """Display names of the values the menus offer (what a chip shows instead of a code)."""

    regions: dict[str, Any]
    partners: dict[str, str]
    countries: dict[str, str]
    categories: list[str]


def _day(value: Any) -> str:
    return format_skeleton("yMMMd", value, locale=get_locale())


def _texts(f: EventFilter, names: Names) -> dict[str, str]:
    """Filter name → what its chip says, for the filters set."""
    texts = {
        "q": _("Search: “%(words)s”", words=f.q) if f.q else "",
        "when": str(WHEN_LABELS[f.when]) if f.when != "upcoming" else "",
        "date_from": _("From %(date)s", date=_day(f.date_from)) if f.date_from else "",
        "date_to": _("Until %(date)s", date=_day(f.date_to)) if f.date_to else "",
        "region": str(names.regions.get(f.region, f.region)),
        "country": names.countries.get(f.country, f.country),
        "city": f.city,
        "partner": names.partners.get(f.partner, f.partner),
        "category": topics.topic_label(f.category) if f.category else "",
        "language": str(LANGUAGE_LABELS.get(f.language, "")),
        "mode": str(MODE_LABELS.get(f.mode, "")),
    }
    return {name: text for name, text in texts.items() if text}


def chips(f: EventFilter, names: Names, **keep: str) -> list[Chip]:
    """The active filters, each with the query that drops it (``keep``: e.g. the view)."""
    defaults = {"q": "", "when": "upcoming", "date_from": None, "date_to": None}
    found = []
    for name, text in _texts(f, names).items():
        args = f.query_args(page=1, **{name: defaults.get(name, "")})
        found.append(Chip(text, {**args, **keep}))
    return found


def _topic(category: str) -> str:
    """What tells topics apart: the known topic of any spelling ("AI", "人工智能"), else the
    category itself, case aside."""
    return topics.topic_key(category) or category.casefold()


def problems(f: EventFilter, names: Names) -> list[str]:
    """Why ``f`` cannot match any event, in words the visitor can act on ([] if it can)."""
    found = []
    if f.date_from and f.date_to and f.date_from > f.date_to:
        found.append(
            _(
                "The start date (%(start)s) is after the end date (%(end)s): swap them or "
                "clear one.",
                start=_day(f.date_from),
                end=_day(f.date_to),
            )
        )
    if f.country and f.country not in names.countries:
        country = get_locale().territories.get(f.country, f.country)
        found.append(_("No partner in %(country)s lists events.", country=country))
    if f.partner and f.partner not in names.partners:
        found.append(_("There is no partner “%(partner)s”.", partner=f.partner))
    if f.category and _topic(f.category) not in {_topic(c) for c in names.categories}:
        topic = topics.topic_label(f.category)
        found.append(_("No event has the topic “%(topic)s”.", topic=topic))
    return found
