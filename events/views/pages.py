"""Public event pages: home, the filtered list and its month view, an event's page and .ics,
the time-zone choice; the partner page's events section and the feeds' subscribe links."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

from flask import Response, abort, g, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_login import current_user

from core.auth import safe_next
from core.db_types import utcnow
from core.i18n import current_lang
from core.office import SHANGHAI
from core.weburl import web_url
from events import (
    active_filters,
    calendar_links,
    export,
    month,
    queries,
    recurring,
    share,
    zones,
)
from events.criteria import FilterError, parse, parse_month
from events.page_cache import LRUCache, cached_page, current_version
from events.rhythm import SeriesDates
from partners.models import Partner
from partners.regions import REGION_LABELS
from partners.sections import partner_section


def home() -> Any:
    now = utcnow()
    upcoming = queries.upcoming(now, per_page=6)
    return render_template(
        "events/home.html",
        upcoming=upcoming,
        series=recurring.series_dates(upcoming.items, now),
        featured=queries.featured(now),
        partners=queries.partner_count(),
    )


def event_list() -> Any:
    if "" in request.args.values():  # a GET form's empty fields: the same list, a clean URL
        pairs = [(k, v) for k, v in request.args.items(multi=True) if v]
        return redirect(request.path + (f"?{urlencode(pairs)}" if pairs else ""), code=302)
    return cached_page(_render_list)


def _render_list() -> Any:
    now = utcnow()
    choices = _choices()
    try:
        f = parse(request.args)
        first = parse_month(request.args.get("month", ""), now.astimezone(SHANGHAI).date())
    except FilterError as error:
        return render_template("events/list.html", error=str(error), **choices), 400
    names = _names(choices)
    in_month = request.args.get("view") == "month"
    shared = {
        "f": f,
        "notes": active_filters.problems(f, names),
        "chips": active_filters.chips(f, names, **_month_args(in_month)),
        **choices,
    }
    if in_month:
        spans, events = ([], []) if shared["notes"] else queries.month_days(f, first, now)
        weeks = month.grid(first, spans, events)
        previous, following = month.neighbours(first)
        return render_template(
            "events/month.html",
            weeks=weeks,
            first=first,
            view="month",
            previous=previous,
            following=following,
            today=now.astimezone(SHANGHAI).date(),
            **shared,
        )
    result = None if shared["notes"] else queries.listing(f, now, one_per_series=True)
    series = recurring.series_dates(result.items, now) if result else {}
    return render_template("events/list.html", result=result, series=series, **shared)


def _month_args(in_month: bool) -> dict[str, str]:
    """What a chip keeps of the month view: the view and the month shown."""
    if not in_month:
        return {}
    return {
        "view": "month",
        **({"month": request.args["month"]} if "month" in request.args else {}),
    }


def _names(choices: dict[str, Any]) -> active_filters.Names:
    lang = current_lang()
    return active_filters.Names(
        regions=REGION_LABELS,
        partners={p.slug: p.name(lang) for p in choices["partners"]},
        countries=dict(choices["countries"]),
        categories=choices["categories"],
    )


@dataclass(frozen=True)
class PartnerChoice:
    """What the filter's partner menu shows of a partner (kept across requests: no ORM row)."""

    slug: str
    name_en: str
    name_zh: str

    name = Partner.name


_choice_memo = LRUCache(4)


def _choices() -> dict[str, Any]:
    """The filter menus' partners and categories, read once per data version: reading the
    categories of thousands of events cost more than the rest of an uncached list."""
    key = current_version().key
    choices = _choice_memo.get(key)
    if choices is None:
        partners = [PartnerChoice(p.slug, p.name_en, p.name_zh) for p in queries.partners()]
        choices = {
            "partners": partners,
            "categories": queries.categories(),
            "country_codes": queries.countries(),
        }
        _choice_memo.put(key, choices)
    return {**choices, "countries": country_names(choices["country_codes"])}


def country_names(codes: list[str]) -> list[tuple[str, str]]:
    """(code, name in the page's language) sorted by name: CLDR's names via Babel."""
    territories = get_locale().territories
    named = [(code, territories.get(code, code)) for code in codes]
    return sorted(named, key=lambda pair: pair[1])


def event_detail(event_id: int) -> Any:
    event, others = queries.event_with_cluster(event_id)
    if event is None or (event.hidden_at and not is_staff()):
        abort(404)
    page_url = url_for("events.event_detail", event_id=event.id, _external=True)
    lang = current_lang()
    links = {
        "ics": url_for("events.event_ics", event_id=event.id),
        "google": calendar_links.google_event(event, lang, page_url),
        "outlook": calendar_links.outlook_event(event, lang, page_url),
    }
    title, _lang = event.text("title", lang)
    place, _lang = event.text("location", lang)
    source_url = web_url(event.url)
    dates = recurring.series_occurrences(event, utcnow())
    return render_template(
        "events/detail.html",
        event=event,
        others=others,
        links=links,
        page_url=page_url,
        source_url=source_url,
        source_host=urlsplit(source_url).hostname if source_url else "",
        qr=share.qr_svg(page_url, title),
        map_url=share.map_url(place),
        avatar=share.initials(event.partner.name(lang)),
        dates=dates,
        series=SeriesDates([d.start_at for d in dates if d.status != "cancelled"]),
    )


def is_staff() -> bool:
    """Staff still open a hidden event's page (to curate it); visitors get a 404."""
    return current_user.is_authenticated and current_user.is_staff


def event_ics(event_id: int) -> Any:
    event, _others = queries.event_with_cluster(event_id)
    if event is None or event.hidden_at:
        abort(404)
    title, _ = event.text("title", current_lang())
    body = export.event_calendar(event, current_lang(), title, utcnow())
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'attachment; filename="event-{event.id}.ics"'
    return response


def set_timezone() -> Any:
    """The no-JavaScript way to pick the second zone times are shown in."""
    target = safe_next(request.form.get("next")) or url_for("events.event_list")
    response = redirect(target, code=303)
    zone = zones.valid_zone(request.form.get("tz"))
    if zone:
        response.set_cookie(zones.COOKIE, zone, max_age=365 * 86400, samesite="Lax")
    return response


@partner_section(order=10)
def partner_events_section(partner: Partner) -> str:
    """The partner page's upcoming events."""
    events = queries.upcoming_for_partner(partner.id, utcnow())
    return render_template("events/_partner_events.html", events=events, partner=partner)


def event_path(event_id: int) -> str:
    """``url_for("events.event_detail", event_id=event_id)``, for the month view's up to 2,000
    links: the path's part before the id is built once per request and language (building
    each URL cost more than the rest of its link)."""
    lang = current_lang()
    prefixes = g.setdefault("event_path_prefixes", {})
    if lang not in prefixes:
        prefixes[lang] = url_for("events.event_detail", event_id=1).removesuffix("1")
    return f"{prefixes[lang]}{event_id}"


def subscribe_links(endpoint: str = "events.feed_filtered", **args: Any) -> dict[str, str]:
    """Webcal, https and Google links for a feed; partner pages use
    ``subscribe_links("events.feed_partner", slug=partner.slug, lang=...)``."""
    https = url_for(endpoint, _external=True, **args)
    return {
        "https": https,
        "webcal": calendar_links.webcal(https),
        "google": calendar_links.google_subscribe(https),
    }
