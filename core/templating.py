"""Template filters and globals that every page of the site may use: Babel formatting in the
visitor's locale, the locale's URLs, the navigation, and partner data made safe to show.
(A package's own filters are registered in its ``blueprint.py``.)"""

from __future__ import annotations

import re

from babel import Locale
from babel.dates import get_timezone_location
from flask import Flask
from flask_babel import format_decimal, get_locale, gettext
from markupsafe import Markup

from core import audit_lines, i18n, navigation
from core.db_types import utcnow
from core.weburl import web_url


def country_name(code: str) -> str:
    """The country's name in the visitor's language (Babel's CLDR data), else the code."""
    if not code:
        return ""
    return Locale.parse(str(get_locale())).territories.get(code.strip().upper(), code)


def zone_label(zone: str | None) -> str:
    """An IANA zone as people say it, from CLDR: "Europe/Berlin" → "Berlin time" / "柏林时间"
    (the name as given when Babel does not know it)."""
    if not zone:
        return ""
    if zone in ("UTC", "Etc/UTC", "GMT", "Etc/GMT"):
        return "UTC"
    try:
        city = get_timezone_location(zone, locale=get_locale(), return_city=True)
    except LookupError:
        return zone
    return gettext("%(city)s time", city=city)


def breakable_url(url: str | None) -> Markup:
    """An address that wraps between its parts, never inside one (not even at a hyphen): each
    part is an unbreakable ``<span>``, with a line-break opportunity (``<wbr>``) after each "/"
    and before each "?", "&" and "."."""
    if not url:
        return Markup("")
    pieces = (p for p in re.split(r"(?<=/)|(?=[?&.])", url) if p)
    return Markup("<wbr>").join(
        Markup('<span class="url-part">{}</span>').format(p) for p in pieces
    )


def safe_web_address(url: str | None) -> str:
    """The address if it is http(s), else nothing: partner data never becomes a script link."""
    return web_url(url) or ""


def init_app(app: Flask) -> None:
    app.context_processor(lambda: {"now": utcnow()})
    app.jinja_env.filters.update(
        shanghai_datetime=i18n.shanghai_datetime,
        local_date=i18n.local_date,
        number=format_decimal,
        country_name=country_name,
        zone_label=zone_label,
        breakable_url=breakable_url,
        staff_time=i18n.staff_time,
        safe_web_address=safe_web_address,
    )
    app.jinja_env.globals.update(
        current_lang=i18n.current_lang,
        switch_url=i18n.switch_url,
        html_lang=lambda: i18n.HTML_LANG[i18n.current_lang()],
        page_url=navigation.page_url,
        nav_items=navigation.nav_items,
        staff_items=navigation.staff_items,
        has_endpoint=navigation.has_endpoint,
        audit_sentence=audit_lines.audit_sentence,
        audit_action=audit_lines.action_label,
        role_label=lambda role: str(navigation.ROLE_LABELS.get(role, role)),
    )
