"""Template filters and globals that every page of the site may use: Babel formatting in the
visitor's locale, the locale's URLs, the navigation, and partner data made safe to show.
(A package's own filters are registered in its ``blueprint.py``.)"""

from __future__ import annotations

from babel import Locale
from flask import Flask
from flask_babel import format_decimal, get_locale

from core import i18n, navigation
from core.db_types import utcnow
from core.weburl import web_url


def country_name(code: str) -> str:
    """The country's name in the visitor's language (Babel's CLDR data), else the code."""
    return Locale.parse(str(get_locale())).territories.get(code, code) if code else ""


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
        role_label=lambda role: str(navigation.ROLE_LABELS.get(role, role)),
    )
